// The suggested-updates file (see suggestions_json.hpp).
//
// Index: [SECTION] writing  [SECTION] reading  [SECTION] parse_suggestions
#include "io/suggestions_json.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/validate.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxSuggestionsBytes = 4u * 1024u * 1024u;

// ------------------------------------------------------------------------------------------------
// [SECTION] writing
// ------------------------------------------------------------------------------------------------
// Keys in a fixed order; a change carries the ids and texts its kind uses (the others are 0
// or "" in a set made by the app, and read back so).

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void open() {
    out_ += '{';
    first_ = true;
  }
  void close() {
    out_ += '}';
    first_ = false;
  }
  void key(const char* k) {
    if (!first_) out_ += ',';
    first_ = true;  // the value that follows is not preceded by a comma
    out_ += '"';
    out_ += k;
    out_ += "\":";
  }
  void str(const char* k, std::string_view v) {
    key(k);
    put_json_string(out_, v);
    first_ = false;
  }
  void num(const char* k, std::int64_t v) {
    key(k);
    out_ += std::to_string(v);
    first_ = false;
  }
  template <class T, class F> void list(const char* k, const std::vector<T>& items, F&& each) {
    key(k);
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out_ += ',';
      first_ = true;
      each(items[i]);
    }
    out_ += ']';
    first_ = false;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void write_contact(Writer& w, const BoardContact& c) {
  w.open();
  w.num("id", c.id);
  w.str("name", c.name);
  w.str("role", c.role);
  w.str("phone", c.phone);
  w.str("email", c.email);
  w.str("messenger", c.messenger);
  w.close();
}

void write_partner(std::string& out, Writer& w, const BoardPartner& p) {
  w.open();
  w.num("id", p.id);
  w.str("name", p.name);
  w.str("kind", to_string(p.kind));
  w.str("area", p.area);
  w.list("tags", p.tags, [&](const std::string& t) { put_json_string(out, t); });
  w.str("address", p.address);
  w.str("website", p.website);
  w.list("contacts", p.contacts, [&](const BoardContact& c) { write_contact(w, c); });
  w.close();
}

bool uses_partner_id(SuggestionKind k) { return k != SuggestionKind::service_field && k != SuggestionKind::new_partner; }
bool uses_contact_id(SuggestionKind k) { return k == SuggestionKind::contact_field || k == SuggestionKind::contact_left; }
bool uses_field(SuggestionKind k) {
  return k == SuggestionKind::partner_field || k == SuggestionKind::service_field || k == SuggestionKind::contact_field;
}
bool uses_before(SuggestionKind k) {
  return uses_field(k) || k == SuggestionKind::contact_left || k == SuggestionKind::partner_closed;
}

void write_change(std::string& out, Writer& w, const Suggestion& s) {
  w.open();
  w.str("kind", kind_name(s.kind));
  if (uses_partner_id(s.kind)) w.num("partner_id", s.partner_id);
  if (s.kind == SuggestionKind::service_field) w.num("service_id", s.service_id);
  if (uses_contact_id(s.kind)) w.num("contact_id", s.contact_id);
  if (uses_field(s.kind)) w.str("field", s.field);
  if (uses_before(s.kind)) w.str("before", s.before);
  if (uses_field(s.kind)) w.str("after", s.after);
  if (s.kind == SuggestionKind::new_contact) {
    w.key("contact");
    write_contact(w, s.contact);
  }
  if (s.kind == SuggestionKind::new_partner) {
    w.key("partner");
    write_partner(out, w, s.partner);
  }
  w.str("note", s.note);
  w.close();
}

// ------------------------------------------------------------------------------------------------
// [SECTION] reading: every value with its pointer
// ------------------------------------------------------------------------------------------------

class Reader {
 public:
  std::vector<Error> errors;

  void fail(std::string key, std::string path, std::vector<std::string> args = {}) {
    if (errors.size() < kMaxReportedErrors) errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
  }
  bool full() const { return errors.size() >= kMaxReportedErrors; }

  // obj[key] (nullptr when absent: an error when `required`).
  const json* at(const json& obj, const std::string& p, const char* key, bool required) {
    auto it = obj.find(key);
    if (it != obj.end()) return &*it;
    if (required) fail("err.missing_field", p + "/" + key, {key});
    return nullptr;
  }
  bool is(const json& v, const std::string& p, bool ok, const char* expected) {
    if (!ok) fail("err.wrong_type", p, {expected, v.type_name()});
    return ok;
  }
  void text(const json& obj, const std::string& p, const char* key, std::string* out, bool required = false) {
    const json* v = at(obj, p, key, required);
    if (v && is(*v, p + "/" + key, v->is_string(), "string")) *out = v->get_ref<const std::string&>();
  }
  template <class T> void number(const json& obj, const std::string& p, const char* key, T* out, bool required = false) {
    const json* v = at(obj, p, key, required);
    if (!v || !is(*v, p + "/" + key, v->is_number_integer(), "integer")) return;
    constexpr std::int64_t hi = std::numeric_limits<T>::max();
    const bool big = v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi);
    const std::int64_t value = big ? -1 : v->get<std::int64_t>();
    if (value < 0 || value > hi) return fail("err.out_of_range", p + "/" + key, {v->dump(), "0", std::to_string(hi)});
    *out = static_cast<T>(value);
  }
  void texts(const json& obj, const std::string& p, const char* key, std::vector<std::string>* out) {
    const json* v = at(obj, p, key, false);
    if (!v || !is(*v, p + "/" + key, v->is_array(), "array")) return;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& e = (*v)[i];
      if (is(e, p + "/" + key + "/" + std::to_string(i), e.is_string(), "string")) out->push_back(e.get<std::string>());
    }
  }
  bool object(const json& v, const std::string& p) { return is(v, p, v.is_object(), "object"); }

  void contact(const json& v, const std::string& p, BoardContact* c) {
    if (!object(v, p)) return;
    number(v, p, "id", &c->id);
    text(v, p, "name", &c->name);
    text(v, p, "role", &c->role);
    text(v, p, "phone", &c->phone);
    text(v, p, "email", &c->email);
    text(v, p, "messenger", &c->messenger);
  }

  void partner(const json& v, const std::string& p, BoardPartner* b) {
    if (!object(v, p)) return;
    number(v, p, "id", &b->id);
    text(v, p, "name", &b->name, true);
    std::string kind;
    text(v, p, "kind", &kind);
    if (!kind.empty() && !from_string(kind, &b->kind)) fail("err.bad_enum", p + "/kind", {kind, allowed<PartnerKind>()});
    text(v, p, "area", &b->area);
    texts(v, p, "tags", &b->tags);
    text(v, p, "address", &b->address);
    text(v, p, "website", &b->website);
    if (const json* list = at(v, p, "contacts", false); list && is(*list, p + "/contacts", list->is_array(), "array"))
      for (std::size_t i = 0; i < list->size() && !full(); ++i) {
        b->contacts.emplace_back();
        contact((*list)[i], p + "/contacts/" + std::to_string(i), &b->contacts.back());
      }
  }

  // One change; false when it could not be read (its errors are reported).
  bool change(const json& v, const std::string& p, Suggestion* s) {
    const std::size_t before = errors.size();
    if (!object(v, p)) return false;
    std::string kind;
    text(v, p, "kind", &kind, true);
    if (const json* k = at(v, p, "kind", false); k && k->is_string() && !kind_from_name(kind, &s->kind)) {
      std::string names;
      for (SuggestionKind each : kSuggestionKinds) names += (names.empty() ? "" : ", ") + std::string(kind_name(each));
      fail("err.bad_enum", p + "/kind", {kind, names});
    }
    if (errors.size() != before) return false;
    const SuggestionKind k = s->kind;
    if (uses_partner_id(k)) number(v, p, "partner_id", &s->partner_id, true);
    if (k == SuggestionKind::service_field) number(v, p, "service_id", &s->service_id, true);
    if (uses_contact_id(k)) number(v, p, "contact_id", &s->contact_id, true);
    if (uses_field(k)) text(v, p, "field", &s->field, true);
    if (uses_before(k)) text(v, p, "before", &s->before, uses_field(k));
    if (uses_field(k)) text(v, p, "after", &s->after, true);
    if (k == SuggestionKind::new_contact)
      if (const json* c = at(v, p, "contact", true)) contact(*c, p + "/contact", &s->contact);
    if (k == SuggestionKind::new_partner)
      if (const json* b = at(v, p, "partner", true)) partner(*b, p + "/partner", &s->partner);
    text(v, p, "note", &s->note);
    return errors.size() == before;
  }

 private:
  template <KoloEnum E> static std::string allowed() {
    std::string out;
    for (std::string_view n : EnumInfo<E>::names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
  }
};

}  // namespace

std::string suggestions_to_json(const SuggestionSet& set) {
  std::string out;
  Writer w(out);
  w.open();
  w.str("format", "kolo-suggestions");
  w.num("version", kSuggestionsFormatVersion);
  w.key("suggestions");
  w.open();
  w.str("board_id", set.board_id);
  w.num("board_revision", set.board_revision);
  w.str("board_made_at", set.board_made_at);
  w.str("board_title", set.board_title);
  w.str("from_name", set.from_name);
  w.str("from_contact", set.from_contact);
  w.str("made_at", set.made_at);
  w.list("changes", set.changes, [&](const Suggestion& s) { write_change(out, w, s); });
  w.close();
  w.close();
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] parse_suggestions
// ------------------------------------------------------------------------------------------------

SuggestionsParse parse_suggestions(std::string_view bytes) {
  SuggestionsParse result;
  auto refuse = [&](std::string key, std::string path, std::vector<std::string> args) {
    result.errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
    return result;
  };
  json root;
  if (std::optional<Error> bad = parse_json_checked(bytes, kMaxSuggestionsBytes, &root)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }
  const FileKind kind{"kolo-suggestions", kSuggestionsFormatVersion, "err.not_suggestions", "err.suggestions_too_new"};
  if (std::optional<Error> bad = check_envelope(root, kind, &result.version_found)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }

  auto body = root.find("suggestions");
  if (body == root.end()) return refuse("err.missing_field", "/suggestions", {"suggestions"});
  const std::string p = "/suggestions";
  Reader r;
  SuggestionSet set;
  if (r.object(*body, p)) {
    r.text(*body, p, "board_id", &set.board_id);
    r.number(*body, p, "board_revision", &set.board_revision);
    r.text(*body, p, "board_made_at", &set.board_made_at);
    r.text(*body, p, "board_title", &set.board_title);
    r.text(*body, p, "from_name", &set.from_name);
    r.text(*body, p, "from_contact", &set.from_contact);
    r.text(*body, p, "made_at", &set.made_at);
    // The short texts as the document checks its own (a liaison's name, the board's title).
    const std::pair<const char*, std::string*> names[] = {{"board_id", &set.board_id},
                                                          {"board_title", &set.board_title},
                                                          {"from_name", &set.from_name},
                                                          {"from_contact", &set.from_contact}};
    for (const auto& [key, value] : names)
      if (std::optional<Error> e = text_error(Text::name, *value, false)) r.fail(e->key, p + "/" + key, e->args);
    for (const auto& [key, value] : {std::pair<const char*, std::string*>{"board_made_at", &set.board_made_at},
                                     {"made_at", &set.made_at}})
      if (std::optional<Error> e = text_error(Text::datetime, *value, false)) r.fail(e->key, p + "/" + key, e->args);

    const json* changes = r.at(*body, p, "changes", true);
    const std::string cp = p + "/changes";
    if (changes && r.is(*changes, cp, changes->is_array(), "array")) {
      if (changes->size() > kMaxSuggestions)
        return refuse("err.too_many_suggestions", cp, {std::to_string(changes->size()), std::to_string(kMaxSuggestions)});
      for (std::size_t i = 0; i < changes->size() && !r.full(); ++i) {
        const std::string at = cp + "/" + std::to_string(i);
        Suggestion s;
        if (!r.change((*changes)[i], at, &s)) continue;
        for (Error& e : check_suggestion(s)) r.fail(std::move(e.key), at + e.path, std::move(e.args));
        set.changes.push_back(std::move(s));
      }
    }
  }
  result.errors = std::move(r.errors);
  if (result.errors.empty()) result.set = std::move(set);
  return result;
}

}  // namespace kolo
