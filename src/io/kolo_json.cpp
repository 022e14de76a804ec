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
#include <type_traits>

#include "core/text.hpp"
#include "core/validate.hpp"
#include "io/json_util.hpp"

namespace kolo {

using nlohmann::json;

namespace {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};

// ------------------------------------------------------------------------------------------------
// [SECTION] writing
// ------------------------------------------------------------------------------------------------

// Written by hand rather than through nlohmann::json: building the json tree first (a std::map
// per record) made saving 10,000 partners take over 300 ms; appending to one string is ~10x faster.
// Keys come in declaration order, so the same document always gives the same bytes.

void put_string(std::string& out, std::string_view v) { put_json_string(out, v); }

void put(std::string& out, const std::string& v) { put_string(out, v); }
void put(std::string& out, std::int64_t v) { out += std::to_string(v); }
void put(std::string& out, int v) { out += std::to_string(v); }
void put(std::string& out, bool v) { out += v ? "true" : "false"; }
template <KoloEnum E> void put(std::string& out, E v) { put_string(out, to_string(v)); }
template <class R>
  requires kDescribed<R>
void put(std::string& out, const R& v);
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

// Every described record and nested value: its fields in the order of its description.
template <class R>
  requires kDescribed<R>
void put(std::string& out, const R& r) {
  Obj obj(out);
  describe(r, [&](const Spec& s, const auto& value) { obj.f(s.name, value); });
}

void put(std::string& out, const Document& d) {
  Obj obj(out);
  obj.f("next_id", d.next_id);
  std::size_t t = 0;
  for_each_table(d, [&](const auto& table) { obj.f(EnumInfo<Table>::names[t++].data(), table); });
}

// ------------------------------------------------------------------------------------------------
// [SECTION] pre-checks: things to refuse before nlohmann sees the bytes
// ------------------------------------------------------------------------------------------------

// (io/json_util.hpp)

// ------------------------------------------------------------------------------------------------
// [SECTION] migrations: each step rewrites the json of version N into version N+1
// ------------------------------------------------------------------------------------------------
// Steps only touch shapes they recognise; anything unexpected is left for the reader, which
// reports it with its pointer.

}  // namespace

void keep_refused_phone(ContactPerson& c, std::string& partner_notes) {
  if (c.phone.empty() || looks_like_phone(c.phone)) return;
  if (c.messenger.empty()) {
    c.messenger = std::move(c.phone);
  } else {
    if (!partner_notes.empty()) partner_notes += '\n';
    partner_notes += c.name.empty() ? c.phone : c.name + ": " + c.phone;
  }
  c.phone.clear();
}

namespace {

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

void migrate_v2_to_v3(json& doc) {
  auto partners = doc.find("partners");
  if (partners == doc.end() || !partners->is_array()) return;
  for (json& p : *partners) {
    if (!p.is_object()) continue;
    auto contacts = p.find("contacts");
    if (contacts == p.end() || !contacts->is_array()) continue;
    auto notes_it = p.find("notes");
    if (notes_it != p.end() && !notes_it->is_string()) continue;
    std::string notes = notes_it == p.end() ? "" : notes_it->get<std::string>();
    for (json& c : *contacts) {
      if (!c.is_object()) continue;
      auto string_at = [&](const char* key) {
        auto f = c.find(key);
        return f != c.end() && f->is_string() ? f->get<std::string>() : std::string();
      };
      auto phone = c.find("phone");
      if (phone == c.end() || !phone->is_string()) continue;
      ContactPerson person;
      person.name = string_at("name");
      person.role = string_at("role");
      person.phone = phone->get<std::string>();
      person.messenger = string_at("messenger");
      keep_refused_phone(person, notes);
      c["phone"] = person.phone;
      c["messenger"] = person.messenger;
    }
    if (notes_it != p.end() || !notes.empty()) p["notes"] = notes;
  }
}

// Version 4 keeps, for each barrier of a case, what was found and what was done: the bare names
// of version 3 become {"barrier": name} (with nothing found or done yet).
void migrate_v3_to_v4(json& doc) {
  auto cases = doc.find("cases");
  if (cases == doc.end() || !cases->is_array()) return;
  for (json& c : *cases) {
    if (!c.is_object()) continue;
    auto barriers = c.find("barriers");
    if (barriers == c.end() || !barriers->is_array()) continue;
    for (json& b : *barriers)
      if (b.is_string()) b = json{{"barrier", b}, {"found", ""}, {"done", ""}};
  }
}

// Version 5 gives joint events roles for their partners: format 4's partner_ids (partners the
// event was run with) become co-hosts. An event gets the calendar UID it keeps from now on,
// made from its id, title and start so that the same file migrates to the same UID.
void migrate_v4_to_v5_event(json& e) {
  if (!e.is_object()) return;
  auto ids = e.find("partner_ids");
  if (ids != e.end()) {
    if (!e.contains("co_host_ids")) e["co_host_ids"] = *ids;
    e.erase(ids);
  }
  // Format 4 knew no duration: none is made up (it would add hours nobody spent).
  if (!e.contains("duration_minutes")) e["duration_minutes"] = 0;
  if (!e.contains("uid")) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (const char* key : {"title", "starts_at"}) {
      auto f = e.find(key);
      if (f == e.end() || !f->is_string()) continue;
      for (unsigned char c : f->get_ref<const std::string&>()) h = (h ^ c) * 16777619u;
      h = (h ^ 0x1fu) * 16777619u;
    }
    auto id = e.find("id");
    char buf[64];
    std::snprintf(buf, sizeof buf, "kolo-event-%lld-%08x", id != e.end() && id->is_number_integer() ? static_cast<long long>(id->get<std::int64_t>()) : 0LL, h);
    e["uid"] = buf;
  }
}

void migrate_v4_to_v5(json& doc) {
  auto events = doc.find("events");
  if (events == doc.end() || !events->is_array()) return;
  for (json& e : *events) migrate_v4_to_v5_event(e);
}

using Migration = void (*)(json&);
// kMigrations[n - 1] turns version n into n + 1.
constexpr Migration kMigrations[] = {migrate_v1_to_v2, migrate_v2_to_v3, migrate_v3_to_v4, migrate_v4_to_v5};
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

  // Every described record and nested value: each field of its description, by name. The
  // record's own id and required single values must be in the file; lists may be left out.
  template <class R>
    requires kDescribed<R>
  void get(const json& v, const std::string& p, R* r) {
    if (!object(v, p)) return;
    describe(*r, [&](const Spec& s, auto& member) {
      constexpr bool is_list = IsVector<std::decay_t<decltype(member)>>::value;
      field(v, p, s.name, &member, (s.required || s.is_id) && !is_list);
    });
  }
  void get(const json& v, const std::string& p, Document* d) {
    if (!object(v, p)) return;
    field(v, p, "next_id", &d->next_id, true);
    std::size_t t = 0;
    for_each_table(*d, [&](auto& table) { field(v, p, EnumInfo<Table>::names[t++].data(), &table); });
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
  json root;
  if (std::optional<Error> bad = parse_json_checked(bytes, kMaxFileBytes, &root)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }

  if (std::optional<Error> bad =
          check_envelope(root, {"kolo", kKoloFormatVersion, "err.not_kolo", "err.newer_version"}, &result.version_found)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }
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
  sort_by_id(doc);  // files from elsewhere may list records in any order
  std::vector<Error> problems = validate_file(doc);
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

// ------------------------------------------------------------------------------------------------
// [SECTION] single records (storage keeps the document record by record)
// ------------------------------------------------------------------------------------------------

std::string record_to_json(const Record& record) {
  std::string out;
  std::visit([&](const auto& r) { put(out, r); }, record);
  return out;
}

std::optional<Record> parse_record(Table table, std::string_view bytes, std::vector<Error>* errors) {
  json root;
  if (std::optional<Error> bad = parse_json_checked(bytes, kMaxFileBytes, &root)) {
    if (errors) errors->push_back(std::move(*bad));
    return std::nullopt;
  }
  // A case stored by format 3 names its barriers bare; format 4 keeps notes with each.
  if (table == Table::cases && root.is_object()) {
    json wrapped{{"cases", json::array({root})}};
    migrate_v3_to_v4(wrapped);
    root = std::move(wrapped["cases"][0]);
  }
  // An event stored by format 4 lists its partners without roles and has no calendar UID.
  if (table == Table::events) migrate_v4_to_v5_event(root);
  return with_table_type(table, [&](auto tag) -> std::optional<Record> {
    using R = decltype(tag);
    Reader reader;
    R record;
    reader.get(root, "", &record);
    if (!reader.errors.empty()) {
      if (errors) errors->insert(errors->end(), reader.errors.begin(), reader.errors.end());
      return std::nullopt;
    }
    return Record(std::move(record));
  });
}

std::uint64_t document_digest(const Document& doc) {
  Document copy = doc;
  copy.next_id = 0;
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : to_json(copy)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace kolo
