// Kolo JSON reading and writing (see kolo_json.hpp).
//
// Index: [SECTION] writing  [SECTION] pre-checks  [SECTION] migrations  [SECTION] reading
//        [SECTION] parse_kolo
#include "io/kolo_json.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "core/validate.hpp"

namespace kolo {

using nlohmann::json;

namespace {

// ------------------------------------------------------------------------------------------------
// [SECTION] writing
// ------------------------------------------------------------------------------------------------

// Written by hand rather than through nlohmann::json: building the json tree first (a std::map
// per record) made saving 10,000 partners take over 300 ms; appending to one string is ~10x faster.
// Keys come in declaration order, so the same document always gives the same bytes.

void put_string(std::string& out, std::string_view v) {
  if (!is_valid_utf8(v)) {
    // A document that was never validated may hold broken UTF-8: write U+FFFD rather than an
    // invalid file.
    std::string clean;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t bad = 0;
      std::string_view rest = v.substr(i);
      if (is_valid_utf8(rest, &bad)) {
        clean += rest;
        break;
      }
      clean += rest.substr(0, bad);
      clean += "\xEF\xBF\xBD";
      i += bad + 1;
    }
    put_string(out, clean);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void put(std::string& out, const std::string& v) { put_string(out, v); }
void put(std::string& out, std::int64_t v) { out += std::to_string(v); }
void put(std::string& out, int v) { out += std::to_string(v); }
void put(std::string& out, bool v) { out += v ? "true" : "false"; }
template <KoloEnum E> void put(std::string& out, E v) { put_string(out, to_string(v)); }
void put(std::string& out, const ContactPerson& v);
void put(std::string& out, const Partner& v);
void put(std::string& out, const Service& v);
void put(std::string& out, const Agreement& v);
void put(std::string& out, const Interaction& v);
void put(std::string& out, const ChecklistItem& v);
void put(std::string& out, const Event& v);
void put(std::string& out, const Case& v);
void put(std::string& out, const StatusChange& v);
void put(std::string& out, const Referral& v);
void put(std::string& out, const NeedTag& v);
void put(std::string& out, const Document& v);
template <class T> void put(std::string& out, const std::vector<T>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    put(out, v[i]);
  }
  out += ']';
}

// Writes one JSON object: Obj(out).f("a", x).f("b", y); the brace closes with the temporary.
class Obj {
 public:
  explicit Obj(std::string& out) : out(out) { out += '{'; }
  ~Obj() { out += '}'; }
  Obj(const Obj&) = delete;
  Obj& operator=(const Obj&) = delete;
  template <class T> Obj& f(const char* key, const T& value) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += key;
    out += "\":";
    put(out, value);
    return *this;
  }

 private:
  std::string& out;
  bool first = true;
};

void put(std::string& out, const ContactPerson& c) {
  Obj(out).f("id", c.id).f("name", c.name).f("role", c.role).f("phone", c.phone).f("email", c.email).f("messenger", c.messenger);
}
void put(std::string& out, const Partner& p) {
  Obj(out).f("id", p.id).f("name", p.name).f("kind", p.kind).f("area", p.area).f("tags", p.tags)
      .f("contacts", p.contacts).f("stage", p.stage).f("trust", p.trust).f("follow_up_days", p.follow_up_days)
      .f("next_follow_up", p.next_follow_up).f("their_needs", p.their_needs).f("notes", p.notes);
}
void put(std::string& out, const Service& s) {
  Obj(out).f("id", s.id).f("partner_id", s.partner_id).f("name", s.name).f("description", s.description)
      .f("need_tags", s.need_tags).f("access_rules", s.access_rules).f("schedule", s.schedule).f("format", s.format)
      .f("languages", s.languages).f("age_groups", s.age_groups).f("cost", s.cost).f("capacity", s.capacity)
      .f("trusted_specialist", s.trusted_specialist);
}
void put(std::string& out, const Agreement& a) {
  Obj(out).f("id", a.id).f("partner_id", a.partner_id).f("status", a.status).f("start_date", a.start_date)
      .f("end_date", a.end_date).f("terms", a.terms).f("handoff_procedure", a.handoff_procedure)
      .f("report_forms", a.report_forms);
}
void put(std::string& out, const Interaction& i) {
  Obj(out).f("id", i.id).f("partner_id", i.partner_id).f("date", i.date).f("channel", i.channel).f("who", i.who)
      .f("summary", i.summary).f("next_step", i.next_step);
}
void put(std::string& out, const ChecklistItem& c) { Obj(out).f("text", c.text).f("done", c.done); }
void put(std::string& out, const Event& e) {
  Obj(out).f("id", e.id).f("title", e.title).f("kind", e.kind).f("starts_at", e.starts_at)
      .f("place_or_link", e.place_or_link).f("partner_ids", e.partner_ids).f("audience", e.audience)
      .f("status", e.status).f("attendance", e.attendance).f("checklist", e.checklist).f("leads", e.leads)
      .f("referral_ids", e.referral_ids).f("notes", e.notes);
}
void put(std::string& out, const Case& c) {
  Obj(out).f("id", c.id).f("alias", c.alias).f("needs", c.needs).f("priority_tasks", c.priority_tasks)
      .f("barriers", c.barriers).f("online_limits", c.online_limits).f("opened", c.opened).f("notes", c.notes);
}
void put(std::string& out, const StatusChange& h) { Obj(out).f("status", h.status).f("date", h.date); }
void put(std::string& out, const Referral& r) {
  Obj(out).f("id", r.id).f("direction", r.direction).f("case_id", r.case_id).f("partner_id", r.partner_id)
      .f("service_id", r.service_id).f("reason", r.reason).f("letter_problem", r.letter_problem)
      .f("letter_recommendations", r.letter_recommendations).f("client_informed", r.client_informed)
      .f("warm_handoff", r.warm_handoff).f("warm_handoff_date", r.warm_handoff_date).f("status", r.status)
      .f("outcome", r.outcome).f("history", r.history);
}
void put(std::string& out, const NeedTag& t) {
  Obj(out).f("id", t.id).f("key", t.key).f("label_en", t.label_en).f("label_uk", t.label_uk).f("label_ru", t.label_ru);
}
void put(std::string& out, const Document& d) {
  Obj(out).f("next_id", d.next_id).f("partners", d.partners).f("services", d.services).f("agreements", d.agreements)
      .f("interactions", d.interactions).f("events", d.events).f("cases", d.cases).f("referrals", d.referrals)
      .f("need_tags", d.need_tags);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] pre-checks: things to refuse before nlohmann sees the bytes
// ------------------------------------------------------------------------------------------------

// 1-based line and column (in bytes) of byte `offset`.
std::vector<std::string> line_column(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {std::to_string(line), std::to_string(column)};
}

// nlohmann's parser recurses once per nesting level, so 100000 '[' would overflow the stack
// (wasm's is small). Count depth outside strings first.
std::optional<std::size_t> too_deep_at(std::string_view bytes) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

std::string mebibytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] migrations: each step rewrites the json of version N into version N+1
// ------------------------------------------------------------------------------------------------
// Steps only touch shapes they recognise; anything unexpected is left for the reader, which
// reports it with its pointer.

void migrate_v1_to_v2(json& doc) {
  if (!doc.is_object()) return;
  auto next_it = doc.find("next_id");
  if (next_it == doc.end() || !next_it->is_number_integer()) return;
  std::int64_t next_id = next_it->get<std::int64_t>();
  auto take_string = [](json& obj, const char* key) {
    std::string out;
    auto it = obj.find(key);
    if (it != obj.end() && it->is_string()) out = it->get<std::string>();
    if (it != obj.end()) obj.erase(it);
    return out;
  };
  if (auto partners = doc.find("partners"); partners != doc.end() && partners->is_array()) {
    for (json& p : *partners) {
      if (!p.is_object() || p.contains("contacts")) continue;
      std::string name, role;
      if (auto c = p.find("contact"); c != p.end() && c->is_object()) {
        name = take_string(*c, "name");
        role = take_string(*c, "role");
      }
      p.erase("contact");
      std::string phone = take_string(p, "phone"), email = take_string(p, "email");
      json contacts = json::array();
      if (!name.empty() || !role.empty() || !phone.empty() || !email.empty())
        contacts.push_back({{"id", next_id++}, {"name", name}, {"role", role}, {"phone", phone},
                            {"email", email}, {"messenger", ""}});
      p["contacts"] = std::move(contacts);
    }
  }
  // v1 had no taxonomy: every key in use becomes a tag, labelled with its key until edited.
  if (!doc.contains("need_tags")) {
    json tags = json::array();
    std::vector<std::string> seen;
    auto collect = [&](const char* table, const char* field) {
      auto t = doc.find(table);
      if (t == doc.end() || !t->is_array()) return;
      for (const json& r : *t) {
        if (!r.is_object()) continue;
        auto f = r.find(field);
        if (f == r.end() || !f->is_array()) continue;
        for (const json& k : *f) {
          if (!k.is_string()) continue;
          const std::string& key = k.get_ref<const std::string&>();
          if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
          seen.push_back(key);
          tags.push_back({{"id", next_id++}, {"key", key}, {"label_en", key}, {"label_uk", key}, {"label_ru", key}});
        }
      }
    };
    collect("services", "need_tags");
    collect("cases", "needs");
    doc["need_tags"] = std::move(tags);
  }
  doc["next_id"] = next_id;
}

using Migration = void (*)(json&);
// kMigrations[n - 1] turns version n into n + 1.
constexpr Migration kMigrations[] = {migrate_v1_to_v2};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kKoloFormatVersion - 1);

// ------------------------------------------------------------------------------------------------
// [SECTION] reading: json -> Document, every problem reported at its pointer
// ------------------------------------------------------------------------------------------------

class Reader {
 public:
  std::vector<Error> errors;

  void fail(std::string key, std::string path, std::vector<std::string> args = {}) {
    if (errors.size() < kMaxReportedErrors) errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
  }

  void wrong_type(const json& v, const std::string& p, const char* expected) {
    fail("err.wrong_type", p, {expected, v.type_name()});
  }

  // Reads obj[key] into *out; a missing field keeps the default unless `required`.
  template <class T>
  void field(const json& obj, const std::string& p, const char* key, T* out, bool required = false) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail("err.missing_field", p + "/" + key, {key});
      return;
    }
    get(*it, p + "/" + key, out);
  }

  void get(const json& v, const std::string& p, std::string* out) {
    if (v.is_string())
      *out = v.get_ref<const std::string&>();
    else
      wrong_type(v, p, "string");
  }
  void get(const json& v, const std::string& p, bool* out) {
    if (v.is_boolean())
      *out = v.get<bool>();
    else
      wrong_type(v, p, "boolean");
  }
  void get(const json& v, const std::string& p, std::int64_t* out) { integer(v, p, out, 0, std::numeric_limits<std::int64_t>::max()); }
  void get(const json& v, const std::string& p, int* out) {
    std::int64_t wide = 0;
    if (integer(v, p, &wide, std::numeric_limits<int>::min(), std::numeric_limits<int>::max())) *out = static_cast<int>(wide);
  }
  template <KoloEnum E> void get(const json& v, const std::string& p, E* out) {
    if (!v.is_string()) return wrong_type(v, p, "string");
    const std::string& s = v.get_ref<const std::string&>();
    if (from_string(s, out)) return;
    std::string allowed;
    for (std::string_view n : EnumInfo<E>::names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    fail("err.bad_enum", p, {s, allowed});
  }
  template <class T> void get(const json& v, const std::string& p, std::vector<T>* out) {
    if (!v.is_array()) return wrong_type(v, p, "array");
    out->clear();
    out->reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      out->emplace_back();
      get(v[i], p + "/" + std::to_string(i), &out->back());
    }
  }

  void get(const json& v, const std::string& p, ContactPerson* c) {
    if (!object(v, p)) return;
    field(v, p, "id", &c->id, true);
    field(v, p, "name", &c->name);
    field(v, p, "role", &c->role);
    field(v, p, "phone", &c->phone);
    field(v, p, "email", &c->email);
    field(v, p, "messenger", &c->messenger);
  }
  void get(const json& v, const std::string& p, Partner* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "name", &r->name, true);
    field(v, p, "kind", &r->kind, true);
    field(v, p, "area", &r->area);
    field(v, p, "tags", &r->tags);
    field(v, p, "contacts", &r->contacts);
    field(v, p, "stage", &r->stage);
    field(v, p, "trust", &r->trust);
    field(v, p, "follow_up_days", &r->follow_up_days);
    field(v, p, "next_follow_up", &r->next_follow_up);
    field(v, p, "their_needs", &r->their_needs);
    field(v, p, "notes", &r->notes);
  }
  void get(const json& v, const std::string& p, Service* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "partner_id", &r->partner_id, true);
    field(v, p, "name", &r->name, true);
    field(v, p, "description", &r->description);
    field(v, p, "need_tags", &r->need_tags);
    field(v, p, "access_rules", &r->access_rules);
    field(v, p, "schedule", &r->schedule);
    field(v, p, "format", &r->format);
    field(v, p, "languages", &r->languages);
    field(v, p, "age_groups", &r->age_groups);
    field(v, p, "cost", &r->cost);
    field(v, p, "capacity", &r->capacity);
    field(v, p, "trusted_specialist", &r->trusted_specialist);
  }
  void get(const json& v, const std::string& p, Agreement* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "partner_id", &r->partner_id, true);
    field(v, p, "status", &r->status);
    field(v, p, "start_date", &r->start_date);
    field(v, p, "end_date", &r->end_date);
    field(v, p, "terms", &r->terms);
    field(v, p, "handoff_procedure", &r->handoff_procedure);
    field(v, p, "report_forms", &r->report_forms);
  }
  void get(const json& v, const std::string& p, Interaction* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "partner_id", &r->partner_id, true);
    field(v, p, "date", &r->date, true);
    field(v, p, "channel", &r->channel);
    field(v, p, "who", &r->who);
    field(v, p, "summary", &r->summary);
    field(v, p, "next_step", &r->next_step);
  }
  void get(const json& v, const std::string& p, ChecklistItem* r) {
    if (!object(v, p)) return;
    field(v, p, "text", &r->text, true);
    field(v, p, "done", &r->done);
  }
  void get(const json& v, const std::string& p, Event* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "title", &r->title, true);
    field(v, p, "kind", &r->kind);
    field(v, p, "starts_at", &r->starts_at);
    field(v, p, "place_or_link", &r->place_or_link);
    field(v, p, "partner_ids", &r->partner_ids);
    field(v, p, "audience", &r->audience);
    field(v, p, "status", &r->status);
    field(v, p, "attendance", &r->attendance);
    field(v, p, "checklist", &r->checklist);
    field(v, p, "leads", &r->leads);
    field(v, p, "referral_ids", &r->referral_ids);
    field(v, p, "notes", &r->notes);
  }
  void get(const json& v, const std::string& p, Case* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "alias", &r->alias, true);
    field(v, p, "needs", &r->needs);
    field(v, p, "priority_tasks", &r->priority_tasks);
    field(v, p, "barriers", &r->barriers);
    field(v, p, "online_limits", &r->online_limits);
    field(v, p, "opened", &r->opened);
    field(v, p, "notes", &r->notes);
  }
  void get(const json& v, const std::string& p, StatusChange* r) {
    if (!object(v, p)) return;
    field(v, p, "status", &r->status, true);
    field(v, p, "date", &r->date, true);
  }
  void get(const json& v, const std::string& p, Referral* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "direction", &r->direction, true);
    field(v, p, "case_id", &r->case_id, true);
    field(v, p, "partner_id", &r->partner_id, true);
    field(v, p, "service_id", &r->service_id);
    field(v, p, "reason", &r->reason);
    field(v, p, "letter_problem", &r->letter_problem);
    field(v, p, "letter_recommendations", &r->letter_recommendations);
    field(v, p, "client_informed", &r->client_informed);
    field(v, p, "warm_handoff", &r->warm_handoff);
    field(v, p, "warm_handoff_date", &r->warm_handoff_date);
    field(v, p, "status", &r->status, true);
    field(v, p, "outcome", &r->outcome);
    field(v, p, "history", &r->history);
  }
  void get(const json& v, const std::string& p, NeedTag* r) {
    if (!object(v, p)) return;
    field(v, p, "id", &r->id, true);
    field(v, p, "key", &r->key, true);
    field(v, p, "label_en", &r->label_en);
    field(v, p, "label_uk", &r->label_uk);
    field(v, p, "label_ru", &r->label_ru);
  }
  void get(const json& v, const std::string& p, Document* d) {
    if (!object(v, p)) return;
    field(v, p, "next_id", &d->next_id, true);
    field(v, p, "partners", &d->partners);
    field(v, p, "services", &d->services);
    field(v, p, "agreements", &d->agreements);
    field(v, p, "interactions", &d->interactions);
    field(v, p, "events", &d->events);
    field(v, p, "cases", &d->cases);
    field(v, p, "referrals", &d->referrals);
    field(v, p, "need_tags", &d->need_tags);
  }

 private:
  bool object(const json& v, const std::string& p) {
    if (v.is_object()) return true;
    wrong_type(v, p, "object");
    return false;
  }
  bool integer(const json& v, const std::string& p, std::int64_t* out, std::int64_t lo, std::int64_t hi) {
    if (!v.is_number_integer()) {
      wrong_type(v, p, "integer");
      return false;
    }
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
      fail("err.out_of_range", p, {v.dump(), std::to_string(lo), std::to_string(hi)});
      return false;
    }
    std::int64_t value = v.get<std::int64_t>();
    if (value < lo || value > hi) {
      fail("err.out_of_range", p, {std::to_string(value), std::to_string(lo), std::to_string(hi)});
      return false;
    }
    *out = value;
    return true;
  }
};

}  // namespace

std::string to_json(const Document& doc, std::string_view saved_at) {
  std::string out;
  out.reserve(1024 + doc.partners.size() * 1024);
  Obj(out).f("format", std::string("kolo")).f("version", kKoloFormatVersion).f("saved_at", std::string(saved_at))
      .f("document", doc);
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] parse_kolo
// ------------------------------------------------------------------------------------------------

ParseResult parse_kolo(std::string_view bytes) {
  ParseResult result;
  auto refuse = [&](std::string key, std::string path, std::vector<std::string> args) {
    result.errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
    return result;
  };
  if (bytes.size() > kMaxFileBytes)
    return refuse("err.file_too_large", "", {mebibytes(bytes.size()), mebibytes(kMaxFileBytes)});
  if (std::size_t bad = 0; !is_valid_utf8(bytes, &bad)) return refuse("err.file_bad_utf8", "", line_column(bytes, bad));
  if (std::optional<std::size_t> at = too_deep_at(bytes)) {
    std::vector<std::string> args = line_column(bytes, *at);
    args.push_back(std::to_string(kMaxJsonDepth));
    return refuse("err.too_deep", "", args);
  }

  json root;
  try {
    root = json::parse(bytes.begin(), bytes.end());
  } catch (const json::parse_error& e) {
    std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    return refuse("err.not_json", "", line_column(bytes, at));
  } catch (const json::exception&) {
    return refuse("err.not_json", "", {"1", "1"});
  }

  if (!root.is_object()) return refuse("err.not_kolo", "", {});
  auto format = root.find("format");
  if (format == root.end() || !format->is_string() || format->get_ref<const std::string&>() != "kolo")
    return refuse("err.not_kolo", format == root.end() ? "" : "/format", {});
  auto version = root.find("version");
  if (version == root.end()) return refuse("err.missing_field", "/version", {"version"});
  if (!version->is_number_integer()) return refuse("err.wrong_type", "/version", {"integer", version->type_name()});
  if (version->is_number_unsigned() && version->get<std::uint64_t>() > 1000000)
    return refuse("err.newer_version", "/version", {version->dump(), std::to_string(kKoloFormatVersion)});
  std::int64_t v = version->get<std::int64_t>();
  if (v > kKoloFormatVersion)
    return refuse("err.newer_version", "/version", {std::to_string(v), std::to_string(kKoloFormatVersion)});
  if (v < 1) return refuse("err.unknown_version", "/version", {std::to_string(v)});
  result.version_found = static_cast<int>(v);
  if (auto saved = root.find("saved_at"); saved != root.end() && saved->is_string())
    result.saved_at = saved->get<std::string>();

  auto doc_it = root.find("document");
  if (doc_it == root.end()) return refuse("err.missing_field", "/document", {"document"});
  json& doc_json = *doc_it;
  for (int n = result.version_found; n < kKoloFormatVersion; ++n) kMigrations[n - 1](doc_json);

  Reader reader;
  Document doc;
  reader.get(doc_json, "/document", &doc);
  if (!reader.errors.empty()) {
    result.errors = std::move(reader.errors);
    return result;
  }
  std::vector<Error> problems = validate(doc);
  if (!problems.empty()) {
    for (Error& e : problems) {
      if (result.errors.size() >= kMaxReportedErrors) break;
      e.path = "/document" + e.path;
      result.errors.push_back(std::move(e));
    }
    return result;
  }
  result.doc = std::move(doc);
  return result;
}

}  // namespace kolo
