#include "io/hsds.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/ics.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "io/csv.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

using nlohmann::json;
namespace {

// [SECTION] shared ------------------------------------------------------------------------------

// At most `limit` code points of `text` (never splitting a character).
std::string clip(std::string_view text, std::size_t limit, bool* cut = nullptr) {
  std::size_t points = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points == limit) break;
    ++points;
  }
  if (cut) *cut = i < text.size();
  return std::string(text.substr(0, i));
}

// A UUID (version 8, RFC 9562's form for ids made by one's own rule) from `seed`: two FNV-1a
// 64-bit hashes of it side by side. The same seed always gives the same UUID.
std::string uuid_from(std::string_view seed) {
  std::uint64_t a = 14695981039346656037ull, b = 0x6c62272e07bb0142ull;
  for (unsigned char c : seed) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 1099511628211ull;
    b ^= a >> 29;
  }
  std::array<unsigned char, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(a >> (56 - 8 * i));
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(b >> (56 - 8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x80);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 15];
  }
  return out;
}

// "12-17" -> (12, 17), "18+" -> (18, none), "7" -> (7, 7); false for anything else.
bool parse_age_group(std::string_view text, int* lo, int* hi) {
  const std::string t = trim_space(text);
  std::size_t i = 0;
  auto number = [&](int* out) {
    std::size_t start = i;
    int v = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - start < 3) v = v * 10 + (t[i++] - '0');
    *out = v;
    return i > start;
  };
  if (!number(lo)) return false;
  *hi = -1;
  if (i == t.size()) *hi = *lo;
  else if (t[i] == '+' && i + 1 == t.size()) return true;
  else if (t[i] == '-' && (++i, number(hi)) && i == t.size() && *hi >= *lo) return true;
  return *hi == *lo;
}

// [SECTION] export ------------------------------------------------------------------------------

struct Exporter {
  const Document& doc;
  Lang lang;

  std::string id_of(const char* table, Id id, std::string_view name) const {
    return uuid_from(std::string("kolo/") + table + "/" + std::to_string(id) + "/" + fold_name(name));
  }

  json contact(const ContactPerson& c, const std::string& org_id, const Partner& p) const {
    const std::string id = id_of("contact", c.id, p.name);
    json o = {{"id", id}, {"organization_id", org_id}};
    if (!c.name.empty()) o["name"] = c.name;
    if (!c.role.empty()) o["title"] = c.role;
    if (looks_like_email(c.email)) o["email"] = c.email;
    json phones = json::array();
    if (!c.phone.empty())
      phones.push_back({{"id", id_of("phone", c.id, p.name)}, {"contact_id", id}, {"number", c.phone}});
    o["phones"] = phones;
    return o;
  }

  json service(const Service& s, const Partner& p, const std::string& org_id, const std::string& physical,
                       const std::string& virtual_id) const {
    const std::string id = id_of("service", s.id, p.name);
    json o = {{"id", id}, {"organization_id", org_id}, {"name", s.name}, {"description", s.description},
                      {"status", "active"}};
    if (!s.access_rules.empty()) o["eligibility_description"] = s.access_rules;
    if (!s.cost.empty()) o["fees_description"] = s.cost;
    if (int lo = 0, hi = 0; parse_age_group(s.age_groups, &lo, &hi)) {
      o["minimum_age"] = lo;
      if (hi >= 0) o["maximum_age"] = hi;
    }
    json languages = json::array();
    for (const std::string& code : s.languages)
      languages.push_back({{"id", id_of("language", s.id, p.name + "/" + code)}, {"service_id", id}, {"name", code},
                           {"code", code}});
    o["languages"] = languages;
    json schedules = json::array();
    if (!s.schedule.empty())
      schedules.push_back({{"id", id_of("schedule", s.id, p.name)}, {"service_id", id}, {"description", s.schedule}});
    o["schedules"] = schedules;
    json at = json::array();
    const bool in_person = s.format != ServiceFormat::online, online = s.format != ServiceFormat::in_person;
    if (in_person && !physical.empty())
      at.push_back({{"id", id_of("service_at_location", s.id, p.name)}, {"service_id", id}, {"location_id", physical}});
    if (online)
      at.push_back({{"id", id_of("service_at_location", s.id, p.name + "/online")}, {"service_id", id},
                    {"location_id", virtual_id}});
    o["service_at_locations"] = at;
    json contacts = json::array();
    if (!s.trusted_specialist.empty())
      contacts.push_back({{"id", id_of("specialist", s.id, p.name)}, {"service_id", id}, {"name", s.trusted_specialist},
                          {"title", tr("field.trusted_specialist", lang)}});
    o["contacts"] = contacts;
    json attributes = json::array();
    for (const std::string& key : s.need_tags) {
      const NeedTag* tag = nullptr;
      for (const NeedTag& t : doc.need_tags)
        if (t.key == key) tag = &t;
      const std::string label = tag ? need_tag_label(*tag, lang) : key;
      const std::string term = uuid_from("kolo/need_tag/" + key);
      attributes.push_back({{"id", id_of("attribute", s.id, p.name + "/" + key)},
                            {"link_id", id},
                            {"taxonomy_term_id", term},
                            {"link_type", "need"},
                            {"link_entity", "service"},
                            {"taxonomy_term",
                             {{"id", term}, {"code", key}, {"name", label}, {"description", label},
                              {"taxonomy", "kolo-needs"}, {"language", lang_code(lang)}}}});
    }
    o["attributes"] = attributes;
    return o;
  }

  json organization(const Partner& p) const {
    const std::string id = id_of("organization", p.id, p.name);
    std::string description = tr(label_key(p.kind).c_str(), lang);
    if (!p.area.empty()) description += ", " + p.area;
    json o = {{"id", id}, {"name", p.name}, {"description", description}};
    if (!p.website.empty()) o["website"] = web_address(p.website);
    json contacts = json::array();
    for (const ContactPerson& c : p.contacts) contacts.push_back(contact(c, id, p));
    o["contacts"] = contacts;
    json locations = json::array();
    std::string physical, virtual_id = id_of("location", p.id, p.name + "/online");
    if (!p.address.empty()) {
      physical = id_of("location", p.id, p.name);
      locations.push_back({{"id", physical},
                           {"location_type", "physical"},
                           {"organization_id", id},
                           {"name", p.name},
                           {"addresses",
                            {{{"id", id_of("address", p.id, p.name)}, {"location_id", physical}, {"address_1", p.address},
                              {"city", p.area}, {"state_province", ""}, {"postal_code", ""}, {"country", ""},
                              {"address_type", "physical"}}}}});
    }
    json services = json::array();
    bool online = false;
    for (const Service& s : doc.services)
      if (s.partner_id == p.id) {
        services.push_back(service(s, p, id, physical, virtual_id));
        online = online || s.format != ServiceFormat::in_person;
      }
    if (online) {
      json v = {{"id", virtual_id}, {"location_type", "virtual"}, {"organization_id", id}, {"name", p.name}};
      if (!p.website.empty()) v["url"] = web_address(p.website);
      locations.push_back(v);
    }
    o["locations"] = locations;
    o["services"] = services;
    return o;
  }
};

// [SECTION] flattening --------------------------------------------------------------------------
// Every HSDS shape becomes the same tables of flat rows (scalars only, references as *_id
// fields), as the tabular form has them; the mapping reads only those.

struct Row {
  json obj;           // the record's scalar fields, references included
  std::string where;  // JSON pointer ("/contents/0/services/1"), or "services.csv, row 3"
  bool csv = false;
};

// Nested records: in `parent` (or any record for "*"), key `key` holds records of `table`;
// an array's records get `fk` = the parent's id, an object's id goes into the parent's `fk`.
struct Child {
  const char* parent;
  const char* key;
  const char* table;
  const char* fk;
  bool object;
};
constexpr Child kChildren[] = {
    {"organization", "services", "service", "organization_id", false},
    {"organization", "contacts", "contact", "organization_id", false},
    {"organization", "phones", "phone", "organization_id", false},
    {"organization", "locations", "location", "organization_id", false},
    {"organization", "funding", "funding", "organization_id", false},
    {"organization", "programs", "program", "organization_id", false},
    {"organization", "organization_identifiers", "organization_identifier", "organization_id", false},
    {"service", "phones", "phone", "service_id", false},
    {"service", "schedules", "schedule", "service_id", false},
    {"service", "service_areas", "service_area", "service_id", false},
    {"service", "service_at_locations", "service_at_location", "service_id", false},
    {"service", "languages", "language", "service_id", false},
    {"service", "organization", "organization", "organization_id", true},
    {"service", "funding", "funding", "service_id", false},
    {"service", "cost_options", "cost_option", "service_id", false},
    {"service", "program", "program", "program_id", true},
    {"service", "required_documents", "required_document", "service_id", false},
    {"service", "contacts", "contact", "service_id", false},
    {"service_at_location", "contacts", "contact", "service_at_location_id", false},
    {"service_at_location", "phones", "phone", "service_at_location_id", false},
    {"service_at_location", "schedules", "schedule", "service_at_location_id", false},
    {"service_at_location", "location", "location", "location_id", true},
    {"service_at_location", "service", "service", "service_id", true},
    {"location", "addresses", "address", "location_id", false},
    {"location", "phones", "phone", "location_id", false},
    {"location", "contacts", "contact", "location_id", false},
    {"location", "schedules", "schedule", "location_id", false},
    {"location", "languages", "language", "location_id", false},
    {"location", "accessibility", "accessibility", "location_id", false},
    {"contact", "phones", "phone", "contact_id", false},
    {"phone", "languages", "language", "phone_id", false},
    {"attribute", "taxonomy_term", "taxonomy_term", "taxonomy_term_id", true},
    {"taxonomy_term", "taxonomy_detail", "taxonomy", "taxonomy_id", true},
    {"*", "attributes", "attribute", "link_id", false},
    {"*", "metadata", "metadata", "resource_id", false},
};

constexpr const char* kTables[] = {
    "organization", "service", "location", "service_at_location", "address", "phone", "contact", "schedule",
    "language", "attribute", "taxonomy_term", "taxonomy", "cost_option", "funding", "program", "required_document",
    "service_area", "accessibility", "organization_identifier", "metadata", "meta_table_description"};

bool is_table(std::string_view name) {
  return std::find(std::begin(kTables), std::end(kTables), name) != std::end(kTables);
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "boolean";
    case json::value_t::null: return "null";
    default: return "number";
  }
}

struct Flat {
  std::map<std::string, std::vector<Row>, std::less<>> tables;
  std::map<std::pair<std::string, std::string>, std::size_t> index;  // (table, id) -> row
  std::vector<Error> errors;
  std::size_t other_nested = 0;  // nested data of no known table

  const std::vector<Row>& rows(std::string_view table) const {
    static const std::vector<Row> none;
    auto it = tables.find(table);
    return it == tables.end() ? none : it->second;
  }

  // Adds a record, or fills in what an earlier copy of it (the same table and id) lacked:
  // nested JSON repeats a contact under the organization and under each service.
  void add(const std::string& table, Row row) {
    const std::string id = row.obj["id"].get<std::string>();
    auto [it, fresh] = index.try_emplace({table, id}, tables[table].size());
    if (fresh) {
      tables[table].push_back(std::move(row));
      return;
    }
    json& existing = tables[table][it->second].obj;
    for (auto& [key, value] : row.obj.items())
      if (!existing.contains(key) || existing[key].is_null() || existing[key] == "") existing[key] = value;
  }

  // Flattens `obj` (a record of `table` at `pointer`) and what it nests; returns its id.
  std::string record(const std::string& table, const json& obj, const std::string& pointer,
                     const std::string& parent_table, const std::string& parent_id, const char* fk) {
    if (!obj.is_object()) {
      errors.push_back({"err.wrong_type", pointer, {"object", type_name(obj)}});
      return {};
    }
    Row row{json::object(), pointer, false};
    std::string id;
    if (auto it = obj.find("id"); it != obj.end() && !it->is_null()) {
      if (!it->is_string()) {
        errors.push_back({"err.wrong_type", pointer + "/id", {"string", type_name(*it)}});
        return {};
      }
      id = it->get<std::string>();
    }
    if (id.empty()) id = "#" + pointer;  // HSDS requires ids; a record without one is still read
    row.obj["id"] = id;
    if (fk && !parent_id.empty()) row.obj[fk] = parent_id;
    if (table == "attribute") row.obj["link_entity"] = parent_table;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& key = it.key();
      const json& value = it.value();
      if (key == "id" || value.is_null()) continue;
      const Child* child = nullptr;
      for (const Child& c : kChildren)
        if ((c.parent == table || std::string_view(c.parent) == "*") && c.key == key) child = &c;
      const std::string at = pointer + "/" + pointer_token(key);
      if (!child) {
        static constexpr std::string_view kScalars[] = {"name", "description", "email", "website", "url", "status",
                                                        "number", "title", "code", "location_type", "organization_id",
                                                        "service_id", "location_id", "link_id", "taxonomy_term_id"};
        const bool scalar = std::find(std::begin(kScalars), std::end(kScalars), key) != std::end(kScalars);
        if ((value.is_object() || value.is_array()) && scalar)
          errors.push_back({"err.wrong_type", at, {"string", type_name(value)}});
        else if (value.is_object() || value.is_array())
          ++other_nested;
        else if (!(fk && key == fk && row.obj.contains(key)))  // the parent's id wins over a stale one
          row.obj[key] = value;
        continue;
      }
      if (child->object) {
        const std::string child_id = record(child->table, value, at, table, "", nullptr);
        if (!child_id.empty()) row.obj[child->fk] = child_id;
      } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
          record(child->table, value[i], at + "/" + std::to_string(i), table, id, child->fk);
      } else {
        errors.push_back({"err.wrong_type", at, {"array", type_name(value)}});
      }
    }
    add(table, std::move(row));
    return id;
  }
};

// Which table the objects of a JSON list hold, by their fields.
std::string table_of_object(const json& obj) {
  if (!obj.is_object()) return "organization";
  if (obj.contains("service") && (obj.contains("location") || obj.contains("location_id"))) return "service_at_location";
  if (obj.contains("location_type")) return "location";
  if (obj.contains("address_1")) return "address";
  if (obj.contains("number")) return "phone";
  if (obj.contains("link_id") || obj.contains("taxonomy_term_id")) return "attribute";
  if (!obj.contains("services") && (obj.contains("code") || obj.contains("term_uri") || obj.contains("taxonomy") ||
                                    obj.contains("parent_id")))
    return "taxonomy_term";
  const bool organization_fields = obj.contains("services") || obj.contains("website") || obj.contains("email") ||
                                  obj.contains("contacts") || obj.contains("locations") || obj.contains("phones");
  if (!organization_fields && (obj.contains("uri") || obj.contains("version"))) return "taxonomy";
  if (obj.contains("status") || obj.contains("organization_id") || obj.contains("organization") ||
      obj.contains("service_at_locations"))
    return "service";
  return "organization";
}

void flatten_json(const json& root, Flat* flat) {
  auto list = [&](const json& items, const std::string& pointer) {
    for (std::size_t i = 0; i < items.size(); ++i)
      flat->record(table_of_object(items[i]), items[i], pointer + "/" + std::to_string(i), "", "", nullptr);
  };
  if (root.is_array()) {
    list(root, "");
  } else if (root.is_object() && root.contains("contents")) {  // a page of the API's lists
    if (!root["contents"].is_array())
      flat->errors.push_back({"err.wrong_type", "/contents", {"array", type_name(root["contents"])}});
    else
      list(root["contents"], "/contents");
  } else if (root.is_object() && !root.empty() && std::all_of(root.begin(), root.end(), [](const json& v) { return v.is_array(); }) &&
             hsds_table_name(root.begin().key()) != "") {  // the tabular form as JSON
    for (auto it = root.begin(); it != root.end(); ++it) {
      const std::string table = hsds_table_name(it.key());
      if (table.empty()) continue;
      const std::string pointer = "/" + pointer_token(it.key());
      for (std::size_t i = 0; i < it->size(); ++i)
        flat->record(table, (*it)[i], pointer + "/" + std::to_string(i), "", "", nullptr);
    }
  } else if (root.is_object()) {
    flat->record(table_of_object(root), root, "", "", "", nullptr);
  } else {
    flat->errors.push_back({"err.wrong_type", "", {"object", type_name(root)}});
  }
}

// [SECTION] mapping -----------------------------------------------------------------------------

struct Mapper {
  const Document& current;
  const Flat& flat;
  Lang lang;
  HsdsImport out;
  Document incoming;
  Id next_id;
  std::map<std::string, Id> partner_of_org;  // HSDS organization id -> Kolo partner id
  std::set<Id> matched_partners;

  Mapper(const Document& c, const Flat& f, Lang l) : current(c), flat(f), lang(l), next_id(c.next_id) {
    incoming.need_tags = current.need_tags;
  }

  void note(const char* key, std::vector<std::string> args, std::string path = "") {
    out.report.push_back({key, std::move(path), std::move(args)});
  }
  void refuse(const Row& row, std::string_view field, const char* key, std::vector<std::string> args = {}) {
    out.errors.push_back({key, row.csv ? row.where + ", " + std::string(field) : row.where + "/" + pointer_token(field), std::move(args)});
  }

  // A text field: trimmed, absent or null as ""; anything but a string is refused (a number
  // only where HSDS has a number, written out).
  std::string text(const Row& row, std::string_view field, bool numeric = false) {
    auto it = row.obj.find(field);
    if (it == row.obj.end() || it->is_null()) return {};
    if (it->is_string()) return trim_space(it->get<std::string>());
    if (numeric && it->is_number_integer()) return std::to_string(it->get<long long>());
    if (numeric && it->is_number()) return std::to_string(it->get<double>());
    refuse(row, field, "err.wrong_type", {"string", type_name(*it)});
    return {};
  }
  // A field as a whole number (JSON number or the text of one, as CSV gives it), or -1.
  int number(const Row& row, std::string_view field) {
    const std::string t = text(row, field, true);
    if (t.empty() || t.size() > 6) return -1;
    int v = 0;
    for (char c : t) {
      if (c == '.') break;  // 12.0
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  // Cut to `limit` code points, saying so in the report.
  std::string fit(const Row& row, std::string_view field, std::string value, std::size_t limit) {
    bool cut = false;
    std::string clipped = clip(value, limit, &cut);
    if (cut) note("hsds.clipped", {std::string(field), clip(value, 40), std::to_string(limit)}, row.where);
    return clipped;
  }

  // The rows of `table` whose `fk` is `id`, in file order. Indexed on first use per (table,
  // fk), so a directory of thousands of organizations is read in linear time.
  std::map<std::pair<std::string, std::string>, std::unordered_map<std::string, std::vector<const Row*>>> links_;
  std::vector<const Row*> linked(std::string_view table, std::string_view fk, const std::string& id) {
    auto [it, fresh] = links_.try_emplace({std::string(table), std::string(fk)});
    if (fresh)
      for (const Row& r : flat.rows(table))
        if (auto v = r.obj.find(fk); v != r.obj.end() && v->is_string()) it->second[v->get<std::string>()].push_back(&r);
    auto found = it->second.find(id);
    return found == it->second.end() ? std::vector<const Row*>{} : found->second;
  }
  const Row* by_id(std::string_view table, const std::string& id) {
    auto it = flat.index.find({std::string(table), id});
    return it == flat.index.end() ? nullptr : &flat.rows(table)[it->second];
  }

  std::string phone_text(const Row& phone) {
    std::string number = text(phone, "number");
    number.erase(std::remove(number.begin(), number.end(), '"'), number.end());  // the examples quote them
    number = trim_space(number);
    if (!number.empty() && (!looks_like_phone(number) || utf8_length(number) > kMaxNameLength)) {
      note("hsds.bad_value", {"number", clip(number, 40)}, phone.where);
      return {};
    }
    return number;
  }

  // The rows of `table` (contacts, phones) that belong to the organization, to one of its
  // services or of their places, or to one of `locations`; each once, in that order.
  std::vector<const Row*> around(std::string_view table, const std::string& org_id, const std::vector<const Row*>& locations) {
    std::vector<const Row*> out = linked(table, "organization_id", org_id);
    auto add = [&](std::string_view fk, const std::string& id) {
      for (const Row* r : linked(table, fk, id))
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    };
    for (const Row* s : linked("service", "organization_id", org_id)) {
      add("service_id", text(*s, "id"));
      for (const Row* at : linked("service_at_location", "service_id", text(*s, "id"))) add("service_at_location_id", text(*at, "id"));
    }
    for (const Row* loc : locations) add("location_id", text(*loc, "id"));
    return out;
  }

  ContactPerson person(const Row& c) {
    ContactPerson p;
    p.name = fit(c, "name", text(c, "name"), kMaxNameLength);
    std::string role = text(c, "title");
    if (const std::string dept = text(c, "department"); !dept.empty()) role += (role.empty() ? "" : ", ") + dept;
    p.role = fit(c, "title", role, kMaxNameLength);
    const std::string email = text(c, "email");
    if (looks_like_email(email) && utf8_length(email) <= kMaxNameLength)
      p.email = email;
    else if (!email.empty())
      note("hsds.bad_value", {"email", clip(email, 40)}, c.where);
    for (const Row* ph : linked("phone", "contact_id", text(c, "id")))
      if (p.phone.empty()) p.phone = clip(phone_text(*ph), kMaxNameLength);
    return p;
  }

  static bool same_person(const ContactPerson& a, const ContactPerson& b) {
    if (!a.name.empty() || !b.name.empty()) return fold_equal(a.name, b.name);
    return (!a.phone.empty() && phone_key(a.phone) == phone_key(b.phone)) ||
           (!a.email.empty() && fold_equal(a.email, b.email));
  }

  // Indexes of the user's partners and services, made once: by the HSDS ids their notes
  // carry, by folded name, and services by (partner, folded name).
  std::unordered_map<std::string, std::vector<const Partner*>> by_hsds_id_, by_name_;
  std::map<std::pair<Id, std::string>, const Service*> current_services_;
  std::set<std::pair<Id, std::string>> incoming_services_;
  void index_current() {
    static constexpr std::string_view kMarker = "HSDS id: ";
    for (const Partner& p : current.partners) {
      by_name_[fold_name(p.name)].push_back(&p);
      for (std::size_t at = p.notes.find(kMarker); at != std::string::npos; at = p.notes.find(kMarker, at + 1)) {
        const std::size_t start = at + kMarker.size(), end = p.notes.find('\n', start);
        by_hsds_id_[trim_space(std::string_view(p.notes).substr(start, end == std::string::npos ? std::string::npos : end - start))]
            .push_back(&p);
      }
    }
    for (const Service& e : current.services) current_services_.emplace(std::pair{e.partner_id, fold_name(e.name)}, &e);
  }

  // By the HSDS id the partner's notes carry (a UUID, which another directory will not
  // reuse, or a short id when the name agrees too), else by folded name. An id the reader
  // made up for a record without one ("#...") is never matched nor kept.
  const Partner* match_partner(const std::string& org_id, const std::string& name) {
    if (!synthetic(org_id))
      if (auto it = by_hsds_id_.find(org_id); it != by_hsds_id_.end())
        for (const Partner* p : it->second)
          if (!matched_partners.count(p->id) && (looks_like_uuid(org_id) || fold_equal(p->name, name))) return p;
    if (auto it = by_name_.find(fold_name(name)); it != by_name_.end())
      for (const Partner* p : it->second)
        if (!matched_partners.count(p->id)) return p;
    return nullptr;
  }
  static bool synthetic(const std::string& id) { return id.empty() || id[0] == '#'; }
  static bool looks_like_uuid(std::string_view id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i)
      if ((i == 8 || i == 13 || i == 18 || i == 23) ? id[i] != '-' : !std::isxdigit(static_cast<unsigned char>(id[i]))) return false;
    return true;
  }

  void organization(const Row& org) {
    const std::string org_id = text(org, "id");
    const std::string name = text(org, "name");
    if (name.empty()) return refuse(org, "name", "err.required");
    const Partner* existing = match_partner(org_id, name);
    Partner p;
    if (existing) {
      p = *existing;
      matched_partners.insert(p.id);
    } else {
      p.id = next_id++;
      p.name = fit(org, "name", name, kMaxNameLength);
    }
    std::string website = text(org, "website");
    if (website.empty()) website = text(org, "url");
    if (looks_like_url(website) && utf8_length(website) <= kMaxNameLength)
      p.website = website;
    else if (!website.empty())
      note("hsds.bad_value", {"website", clip(website, 40)}, org.where);

    // The first physical address of the organization or of a place its services are given.
    std::vector<const Row*> locations = linked("location", "organization_id", org_id);
    for (const Row* s : linked("service", "organization_id", org_id))
      for (const Row* at : linked("service_at_location", "service_id", text(*s, "id")))
        if (const Row* loc = by_id("location", text(*at, "location_id"));
            loc && std::find(locations.begin(), locations.end(), loc) == locations.end())
          locations.push_back(loc);
    std::size_t addresses = 0;
    for (const Row* loc : locations)
      for (const Row* a : linked("address", "location_id", text(*loc, "id"))) {
        if (text(*a, "address_type") == "virtual" || text(*loc, "location_type") == "virtual") continue;
        if (addresses++) continue;
        std::string line;
        for (const char* f : {"address_1", "address_2", "city", "state_province", "postal_code", "country"})
          if (std::string v = text(*a, f); !v.empty()) line += (line.empty() ? "" : ", ") + v;
        p.address = fit(*a, "address_1", line, kMaxNameLength);
        if (std::string city = text(*a, "city"); !city.empty() && p.area.empty())
          p.area = fit(*a, "city", city, kMaxNameLength);
      }
    if (addresses > 1) note("hsds.extra_addresses", {p.name, std::to_string(addresses - 1)}, org.where);

    // Contact persons: the organization's and those of its services and places.
    const std::vector<const Row*> contacts = around("contact", org_id, locations);
    std::vector<ContactPerson> people;
    for (const Row* c : contacts) people.push_back(person(*c));
    // The organization's own e-mail and phones (the reception), as a contact without a name.
    ContactPerson reception;
    if (const std::string email = text(org, "email"); looks_like_email(email) && utf8_length(email) <= kMaxNameLength)
      reception.email = email;
    else if (!email.empty())
      note("hsds.bad_value", {"email", clip(email, 40)}, org.where);
    // Phones of no person: the organization's, its services', places' and service-at-places'.
    const std::vector<const Row*> lines = around("phone", org_id, locations);
    std::vector<ContactPerson> numbers;
    for (const Row* ph : lines) {
      if (!text(*ph, "contact_id").empty()) continue;  // a person's: with the person
      ContactPerson line;
      line.phone = phone_text(*ph);
      line.role = clip(text(*ph, "type"), kMaxNameLength);
      if (line.phone.empty()) continue;
      if (reception.phone.empty()) reception.phone = line.phone;
      else numbers.push_back(line);
    }
    for (const ContactPerson& c : people) {  // already someone's: not again as the reception's
      if (!reception.email.empty() && fold_equal(c.email, reception.email)) reception.email.clear();
      if (!reception.phone.empty() && phone_key(c.phone) == phone_key(reception.phone)) reception.phone.clear();
    }
    if (!reception.email.empty() || !reception.phone.empty()) people.push_back(reception);
    for (const ContactPerson& line : numbers)
      if (std::none_of(people.begin(), people.end(), [&](const ContactPerson& c) { return phone_key(c.phone) == phone_key(line.phone); }))
        people.push_back(line);
    for (ContactPerson& person : people) {
      if (person.name.empty() && person.phone.empty() && person.email.empty()) continue;
      if (std::any_of(p.contacts.begin(), p.contacts.end(), [&](const ContactPerson& c) { return same_person(c, person); }))
        continue;
      person.id = next_id++;
      p.contacts.push_back(person);
    }

    // What helps and has no field: into a new partner's notes; the HSDS id into any (not
    // one the reader made up).
    const std::string marker = synthetic(org_id) ? std::string() : "HSDS id: " + org_id;
    if (!existing) {
      std::string notes = text(org, "description");
      auto line = [&](const char* key, const char* field) {
        if (std::string v = text(org, field); !v.empty()) notes += (notes.empty() ? "" : "\n") + std::string(tr(key, lang)) + ": " + v;
      };
      line("hsds.other_name", "alternate_name");
      line("hsds.legal_status", "legal_status");
      notes = fit(org, "description", notes, kMaxTextLength - marker.size() - 2);
      p.notes = notes + (notes.empty() || marker.empty() ? "" : "\n") + marker;
    } else if (!marker.empty() && p.notes.find(marker) == std::string::npos &&
               utf8_length(p.notes) + marker.size() + 1 <= kMaxTextLength) {
      p.notes += (p.notes.empty() ? "" : "\n") + marker;
    }
    partner_of_org[org_id] = p.id;
    incoming.partners.push_back(std::move(p));
    ++out.organizations;
  }

  std::string need_key(const Row& term) {
    const std::string code = text(term, "code"), name = text(term, "name");
    for (const NeedTag& t : incoming.need_tags)
      if ((!code.empty() && t.key == code) ||
          (!name.empty() && (fold_equal(t.label_en, name) || fold_equal(t.label_uk, name) || fold_equal(t.label_ru, name))))
        return t.key;
    std::string key = is_slug(code) && !code.empty() && code.size() <= 64 ? code : file_slug(name.empty() ? code : name);
    if (key.empty()) key = "need";
    // Another term whose name makes the same key (a long name is cut to make it) keeps its own.
    const std::string base = key;
    for (int n = 2; std::any_of(incoming.need_tags.begin(), incoming.need_tags.end(), [&](const NeedTag& t) { return t.key == key; }); ++n)
      key = base + "-" + std::to_string(n);
    NeedTag tag;
    tag.id = next_id++;
    tag.key = key;
    tag.label_en = tag.label_uk = tag.label_ru = fit(term, "name", name.empty() ? code : name, kMaxNameLength);
    incoming.need_tags.push_back(tag);
    return key;
  }

  std::string schedule_text(const Row& s) {
    std::string out = text(s, "description");
    if (out.empty()) {
      std::string days = text(s, "byday");
      auto hhmm = [](std::string t) { return t.size() >= 5 && t[2] == ':' ? t.substr(0, 5) : t; };
      const std::string opens = hhmm(text(s, "opens_at")), closes = hhmm(text(s, "closes_at"));
      out = days;
      if (!opens.empty() || !closes.empty()) out += (out.empty() ? "" : " ") + opens + "–" + closes;
    }
    if (std::string n = text(s, "notes"); !n.empty()) out += (out.empty() ? "" : "\n") + n;
    return out;
  }

  void service(const Row& row) {
    const std::string id = text(row, "id"), name = text(row, "name");
    if (name.empty()) return refuse(row, "name", "err.required");
    auto org = partner_of_org.find(text(row, "organization_id"));
    if (org == partner_of_org.end()) return note("hsds.no_organization", {clip(name, 80)}, row.where);
    if (text(row, "status") == "defunct") return note("hsds.defunct", {clip(name, 80)}, row.where);
    ++out.services;
    Service s;
    const std::pair<Id, std::string> key{org->second, fold_name(name)};
    if (!incoming_services_.insert(key).second)  // the same service twice in one file
      return note("hsds.duplicate_service", {clip(name, 80)}, row.where);
    auto found = current_services_.find(key);
    const Service* existing = found == current_services_.end() ? nullptr : found->second;
    if (existing) {
      s = *existing;
    } else {
      s.id = next_id++;
      s.partner_id = org->second;
      s.name = fit(row, "name", name, kMaxNameLength);
    }
    std::string description = text(row, "description");
    auto line = [&](std::string* to, const char* key, const std::string& v) {
      if (!v.empty()) *to += (to->empty() ? "" : "\n") + (key ? std::string(tr(key, lang)) + ": " : std::string()) + v;
    };
    line(&description, "hsds.other_name", text(row, "alternate_name"));
    line(&description, "hsds.alert", text(row, "alert"));
    line(&description, "hsds.interpretation", text(row, "interpretation_services"));
    line(&description, "field.website", text(row, "url"));
    line(&description, "field.email", text(row, "email"));
    s.description = fit(row, "description", description, kMaxTextLength);
    std::string access;
    line(&access, nullptr, text(row, "eligibility_description"));
    line(&access, nullptr, text(row, "application_process"));
    line(&access, "hsds.wait_time", text(row, "wait_time"));
    if (const std::string status = text(row, "status"); !status.empty() && status != "active")
      line(&access, "field.status", status);
    s.access_rules = fit(row, "access_rules", access, kMaxTextLength);
    std::string cost = text(row, "fees_description");
    if (cost.empty()) cost = text(row, "fees");
    for (const Row* c : linked("cost_option", "service_id", id)) {
      std::string option = text(*c, "option");
      for (const char* f : {"amount", "currency", "amount_description"})
        if (std::string v = text(*c, f, true); !v.empty()) option += (option.empty() ? "" : " ") + v;
      if (!option.empty()) cost += (cost.empty() ? "" : "; ") + option;
    }
    // The cost is a short field: a longer text goes whole into the access rules, and the
    // cost keeps its start.
    if (utf8_length(cost) > kMaxNameLength) {
      line(&access, "field.cost", cost);
      s.access_rules = fit(row, "access_rules", access, kMaxTextLength);
      cost = clip(cost, kMaxNameLength - 1) + "…";
    }
    if (!cost.empty()) s.cost = cost;
    const int lo = number(row, "minimum_age"), hi = number(row, "maximum_age");
    if (lo >= 0 || hi >= 0)
      s.age_groups = hi < 0 || hi >= 99 ? std::to_string(std::max(lo, 0)) + "+"
                                        : lo == hi ? std::to_string(lo) : std::to_string(std::max(lo, 0)) + "-" + std::to_string(hi);
    std::vector<std::string> languages;
    for (const Row* l : linked("language", "service_id", id)) {
      std::string code = text(*l, "code");
      if (code.empty()) code = text(*l, "name");
      code = clip(fold_name(code), 40);
      if (!code.empty() && std::find(languages.begin(), languages.end(), code) == languages.end()) languages.push_back(code);
    }
    if (!languages.empty()) s.languages = languages;
    std::vector<const Row*> places = linked("service_at_location", "service_id", id);
    std::vector<const Row*> schedules = linked("schedule", "service_id", id);
    bool physical = false, online = false;
    for (const Row* at : places) {
      for (const Row* sc : linked("schedule", "service_at_location_id", text(*at, "id")))
        if (std::find(schedules.begin(), schedules.end(), sc) == schedules.end()) schedules.push_back(sc);
      if (const Row* loc = by_id("location", text(*at, "location_id")))
        (text(*loc, "location_type") == "virtual" ? online : physical) = true;
    }
    std::string schedule;
    for (const Row* sc : schedules)
      if (std::string t = schedule_text(*sc); !t.empty()) schedule += (schedule.empty() ? "" : "\n") + t;
    if (!schedule.empty()) s.schedule = fit(row, "schedules", schedule, kMaxTextLength);
    if (online || physical) s.format = online && physical ? ServiceFormat::both : online ? ServiceFormat::online : ServiceFormat::in_person;
    for (const Row* a : linked("attribute", "link_id", id)) {
      const Row* term = by_id("taxonomy_term", text(*a, "taxonomy_term_id"));
      if (!term) continue;
      const std::string key = need_key(*term);
      if (std::find(s.need_tags.begin(), s.need_tags.end(), key) == s.need_tags.end()) s.need_tags.push_back(key);
    }
    if (s.trusted_specialist.empty())
      for (const Row* c : linked("contact", "service_id", id))
        if (std::string n = text(*c, "name"); !n.empty() && s.trusted_specialist.empty()) s.trusted_specialist = clip(n, kMaxNameLength);
    incoming.services.push_back(std::move(s));
  }

  void skipped() {
    static constexpr std::pair<const char*, const char*> kNoPlace[] = {
        {"funding", "hsds.table.funding"},
        {"program", "hsds.table.program"},
        {"required_document", "hsds.table.required_document"},
        {"service_area", "hsds.table.service_area"},
        {"accessibility", "hsds.table.accessibility"},
        {"organization_identifier", "hsds.table.organization_identifier"},
        {"metadata", "hsds.table.metadata"},
        {"meta_table_description", "hsds.table.meta_table_description"},
    };
    for (const auto& [table, label] : kNoPlace)
      if (const std::size_t n = flat.rows(table).size())
        note("hsds.not_kept", {tr(label, lang), std::to_string(n)});
    if (flat.other_nested) note("hsds.other_nested", {std::to_string(flat.other_nested)});
  }

  void run() {
    index_current();
    for (const Row& org : flat.rows("organization")) organization(org);
    for (const Row& s : flat.rows("service")) service(s);
    skipped();
    if (out.organizations == 0 && out.errors.empty()) out.errors.push_back({"err.hsds_empty", "", {}});
    if (!out.errors.empty()) return;
    incoming.next_id = next_id;
    std::vector<Error> invalid = validate(incoming);
    if (!invalid.empty()) {  // a value the mapping let through that Kolo does not accept
      out.errors = std::move(invalid);
      out.invalid_mapping = true;
      return;
    }
    out.incoming = std::move(incoming);
  }
};

HsdsImport map_flat(const Document& current, Flat& flat, Lang lang) {
  if (!flat.errors.empty()) {
    HsdsImport out;
    out.errors = std::move(flat.errors);
    return out;
  }
  Mapper m(current, flat, lang);
  m.run();
  return std::move(m.out);
}

}  // namespace

// [SECTION] public ------------------------------------------------------------------------------

std::string hsds_export(const Document& doc, Lang lang) {
  Exporter ex{doc, lang};
  std::set<Id> offering;
  for (const Service& s : doc.services) offering.insert(s.partner_id);
  json contents = json::array();
  for (const Partner& p : doc.partners)
    if (offering.count(p.id) || !p.contacts.empty() || !p.address.empty() || !p.website.empty())
      contents.push_back(ex.organization(p));
  const std::size_t n = contents.size();
  json page = {{"total_items", n}, {"total_pages", 1}, {"page_number", 1}, {"size", n},
                       {"first_page", true}, {"last_page", true}, {"empty", n == 0}, {"contents", std::move(contents)}};
  return page.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string hsds_file_name(std::string_view today) { return "kolo-hsds-" + std::string(today) + ".json"; }

std::string hsds_table_name(std::string_view file_name) {
  if (const std::size_t slash = file_name.find_last_of("/\\"); slash != std::string_view::npos)
    file_name.remove_prefix(slash + 1);
  std::string name;
  for (char c : file_name) name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0) name.resize(name.size() - 4);
  if (is_table(name)) return name;
  if (name == "accessibilities" || name == "accessibility_for_disabilities") return "accessibility";
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "ies") == 0 && is_table(name.substr(0, name.size() - 3) + "y"))
    return name.substr(0, name.size() - 3) + "y";  // taxonomies
  if (name.size() > 2 && name.compare(name.size() - 2, 2, "es") == 0 && is_table(name.substr(0, name.size() - 2)))
    return name.substr(0, name.size() - 2);  // addresses
  if (name.size() > 1 && name.back() == 's' && is_table(name.substr(0, name.size() - 1))) return name.substr(0, name.size() - 1);
  return {};
}

bool looks_like_hsds_table(std::string_view file_name, std::string_view bytes) {
  if (hsds_table_name(file_name).empty()) return false;
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  const std::string_view header = bytes.substr(0, bytes.find_first_of("\r\n"));
  for (std::size_t start = 0; start <= header.size();) {
    std::size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string name = trim_space(header.substr(start, end - start));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (name == "id") return true;
    start = end + 1;
  }
  return false;
}

bool looks_like_hsds_json(std::string_view bytes) {
  json root;
  if (parse_json_checked(bytes, kMaxFileBytes, &root)) return false;
  const json* first = &root;
  if (root.is_object() && root.contains("contents") && root["contents"].is_array() && !root["contents"].empty())
    first = &root["contents"][0];
  else if (root.is_array() && !root.empty())
    first = &root[0];
  else if (root.is_object() && !root.empty() && hsds_table_name(root.begin().key()) != "")
    return true;  // the tabular form as JSON
  if (!first->is_object() || !first->contains("id") || !first->contains("name")) return false;
  for (const char* field : {"services", "service_at_locations", "organization_id", "locations", "status", "description",
                            "alternate_name", "location_type"})
    if (first->contains(field)) return true;
  return false;
}

HsdsImport hsds_import_json(const Document& current, std::string_view bytes, Lang lang) {
  json root;
  if (std::optional<Error> e = parse_json_checked(bytes, kMaxFileBytes, &root)) {
    HsdsImport out;
    out.errors.push_back(*e);
    return out;
  }
  Flat flat;
  flatten_json(root, &flat);
  return map_flat(current, flat, lang);
}

HsdsImport hsds_import_tables(const Document& current, const std::vector<HsdsFile>& files, Lang lang) {
  Flat flat;
  std::vector<Error> report;
  for (const HsdsFile& file : files) {
    const std::string table = hsds_table_name(file.name);
    if (table.empty()) {
      json package;
      const bool is_package = fold_name(file.name) == "datapackage.json";
      if (is_package && !parse_json_checked(file.bytes, kMaxFileBytes, &package) && package.is_object() &&
          package.contains("resources"))
        continue;  // the tables are read by their file names; the package adds nothing Kolo uses
      report.push_back({is_package ? "hsds.bad_package" : "hsds.not_a_table", "", {file.name}});
      continue;
    }
    CsvRead read = read_csv(file.bytes);
    if (!read.table) {
      Error e = *read.error;
      e.path = file.name;
      flat.errors.push_back(e);
      continue;
    }
    const CsvTable& t = *read.table;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string number = std::to_string(r < t.row_numbers.size() ? t.row_numbers[r] : r + 2);
      Row row{json::object(), file.name + ", " + trf("hsds.row", lang, {number}), true};
      for (std::size_t c = 0; c < t.header.size(); ++c)
        if (!t.rows[r][c].empty() && !t.header[c].empty()) row.obj[t.header[c]] = t.rows[r][c];
      if (!row.obj.contains("id")) row.obj["id"] = "#" + file.name + "/" + number;
      flat.add(table, std::move(row));
    }
  }
  HsdsImport out = map_flat(current, flat, lang);
  out.report.insert(out.report.begin(), report.begin(), report.end());
  return out;
}

}  // namespace kolo
