#include "io/partners_csv.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/text.hpp"
#include "core/validate.hpp"

namespace kolo {

namespace {

struct ColumnInfo {
  std::string_view id;
  const char* label_key;
  // Header words that name the field (folded), besides its label in the three languages.
  std::vector<std::string_view> words;
};

const std::array<ColumnInfo, kSheetFields>& columns() {
  static const std::array<ColumnInfo, kSheetFields> info = {{
      {"id", "field.id", {"id", "kolo id"}},
      {"name", "field.name", {"name", "organization", "organisation", "назва", "название", "організація", "организация",
                              "установа", "учреждение", "партнер", "партнёр", "partner"}},
      {"kind", "field.kind", {"kind", "type", "тип", "вид"}},
      {"stage", "field.stage", {"stage", "етап", "этап", "стадія", "стадия"}},
      {"area", "field.area", {"area", "city", "district", "місто", "город", "район"}},
      {"tags", "field.tags", {"tags", "теги", "мітки", "метки"}},
      {"contact_name", "partners_csv.contact_name", {"contact", "contact person", "контакт", "контактна особа",
                                                    "контактное лицо", "пиб", "піб", "фио", "person"}},
      {"contact_role", "field.role", {"role", "position", "title", "посада", "должность", "роль"}},
      {"phone", "field.phone", {"phone", "telephone", "tel", "mobile", "телефон", "тел", "тел.", "мобільний", "мобильный"}},
      {"email", "field.email", {"email", "e-mail", "mail", "пошта", "почта", "ел. пошта", "эл. почта"}},
      {"address", "field.address", {"address", "адреса", "адрес"}},
      {"website", "field.website", {"website", "web", "site", "url", "сайт", "вебсайт"}},
      {"their_needs", "field.their_needs", {}},
      {"notes", "field.notes", {"notes", "note", "comment", "comments", "нотатки", "примітки", "заметки", "примечания",
                                "коментар", "комментарий"}},
  }};
  return info;
}

std::size_t index(SheetField c) { return static_cast<std::size_t>(c); }

// Folded, without spaces: "Школа/садочок" is "Школа / садочок".
std::string loose(std::string_view text) {
  std::string folded = fold_name(text);
  folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
  return folded;
}

template <KoloEnum E> bool parse_labelled(std::string_view text, E* out) {
  if (from_string(text, out)) return true;
  const std::string given = loose(text);
  for (E v : all_values<E>())
    for (Lang lang : {Lang::en, Lang::uk, Lang::ru})
      if (given == loose(tr(label_key(v), lang)) || given == loose(to_string(v))) {
        *out = v;
        return true;
      }
  return false;
}

template <KoloEnum E> std::string choices(Lang lang) {
  std::string out;
  for (E v : all_values<E>()) out += (out.empty() ? "" : ", ") + std::string(tr(label_key(v), lang));
  return out;
}

// The catalog keys of the fields that differ, for the preview ("updates: Name, Phone").
std::vector<std::string> changed_fields(const Partner& a, const Partner& b) {
  std::vector<std::string> out;
  auto check = [&](bool differs, const char* key) {
    if (differs) out.push_back(key);
  };
  check(a.name != b.name, "field.name");
  check(a.kind != b.kind, "field.kind");
  check(a.stage != b.stage, "field.stage");
  check(a.area != b.area, "field.area");
  check(a.tags != b.tags, "field.tags");
  check(a.contacts != b.contacts, "field.contacts");
  check(a.address != b.address, "field.address");
  check(a.website != b.website, "field.website");
  check(a.their_needs != b.their_needs, "field.their_needs");
  check(a.notes != b.notes, "field.notes");
  return out;
}

bool same_contact(const ContactPerson& c, const ContactPerson& incoming) {
  if (!incoming.name.empty()) return fold_equal(c.name, incoming.name);
  return (!incoming.phone.empty() && phone_key(c.phone) == phone_key(incoming.phone)) ||
         (!incoming.email.empty() && fold_equal(c.email, incoming.email));
}

}  // namespace

std::string_view field_id(SheetField c) { return columns()[index(c)].id; }
const char* field_label_key(SheetField c) { return columns()[index(c)].label_key; }

ColumnMap guess_columns(const CsvTable& table, const RememberedColumns& remembered) {
  ColumnMap map;
  map.fill(-1);
  std::vector<bool> taken(table.header.size(), false);
  auto give = [&](std::size_t field, std::size_t column) {
    if (map[field] >= 0 || taken[column]) return;
    map[field] = static_cast<int>(column);
    taken[column] = true;
  };
  for (const auto& [field, header] : remembered)
    for (std::size_t f = 0; f < kSheetFields; ++f)
      if (columns()[f].id == field)
        for (std::size_t c = 0; c < table.header.size(); ++c)
          if (table.header[c] == header) give(f, c);
  for (std::size_t f = 0; f < kSheetFields; ++f)
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      const std::string& h = table.header[c];
      bool names = false;
      for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) names = names || fold_equal(h, tr(columns()[f].label_key, lang));
      for (std::string_view w : columns()[f].words) names = names || fold_equal(h, w);
      if (names) give(f, c);
    }
  return map;
}

RememberedColumns remember_columns(const CsvTable& table, const ColumnMap& map) {
  RememberedColumns out;
  for (std::size_t f = 0; f < kSheetFields; ++f)
    if (map[f] >= 0 && static_cast<std::size_t>(map[f]) < table.header.size())
      out.emplace_back(std::string(columns()[f].id), table.header[static_cast<std::size_t>(map[f])]);
  return out;
}

Command PartnerCsvPlan::command() const { return replace_command(result, "cmd.import_partners"); }

namespace {
// The partners by id, folded name, and contact phone ("tel:" + digits) or e-mail ("mail:" +
// folded): positions in the document's partner list, kept up to date row by row.
struct PartnerIndex {
  std::unordered_map<Id, std::size_t> by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name, by_contact;
  void add(const Partner& p, std::size_t i) {
    by_id[p.id] = i;
    auto push = [&](std::vector<std::size_t>& v) {
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    };
    push(by_name[fold_name(p.name)]);
    for (const ContactPerson& c : p.contacts) {
      if (!c.phone.empty()) push(by_contact["tel:" + phone_key(c.phone)]);
      if (!c.email.empty()) push(by_contact["mail:" + fold_name(c.email)]);
    }
  }
};
}  // namespace

PartnerCsvPlan plan_partner_csv(const Document& current, const CsvTable& table, const ColumnMap& map, Lang lang) {
  PartnerCsvPlan plan;
  plan.result = current;
  Document& d = plan.result;
  PartnerIndex known;
  for (std::size_t i = 0; i < d.partners.size(); ++i) known.add(d.partners[i], i);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string>& cells = table.rows[r];
    PartnerRow out;
    out.row = r < table.row_numbers.size() ? table.row_numbers[r] : r + 2;
    auto cell = [&](SheetField c) {
      const int col = map[index(c)];
      return col < 0 || static_cast<std::size_t>(col) >= cells.size() ? std::string() : trim_space(cells[static_cast<std::size_t>(col)]);
    };
    auto bad = [&](const char* field_key, std::string key, std::vector<std::string> args) {
      out.outcome = PartnerRow::Outcome::bad;
      out.reason = {std::move(key), field_key, std::move(args)};  // path: the field's label key
      plan.rows.push_back(out);
      ++plan.bad;
    };
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return is_blank(c); })) continue;
    const std::string name = cell(SheetField::name);
    out.name = name;
    if (name.empty()) {
      bad("field.name", "err.required", {});
      continue;
    }
    if (utf8_length(name) > kMaxNameLength) {
      bad("field.name", "err.too_long", {std::to_string(utf8_length(name)), std::to_string(kMaxNameLength)});
      continue;
    }
    PartnerKind kind = PartnerKind::other;
    const std::string kind_text = cell(SheetField::kind);
    if (!kind_text.empty() && !parse_labelled(kind_text, &kind)) {
      bad("field.kind", "err.bad_enum", {kind_text, choices<PartnerKind>(lang)});
      continue;
    }
    Stage stage = Stage::prospect;
    const std::string stage_text = cell(SheetField::stage);
    if (!stage_text.empty() && !parse_labelled(stage_text, &stage)) {
      bad("field.stage", "err.bad_enum", {stage_text, choices<Stage>(lang)});
      continue;
    }
    ContactPerson person;
    person.name = cell(SheetField::contact_name);
    person.role = cell(SheetField::contact_role);
    person.phone = cell(SheetField::phone);
    person.email = cell(SheetField::email);
    const std::string website = cell(SheetField::website);
    if (!person.phone.empty() && !looks_like_phone(person.phone)) {
      bad("field.phone", "partners_csv.bad_phone", {person.phone});
      continue;
    }
    if (!person.email.empty() && !looks_like_email(person.email)) {
      bad("field.email", "err.bad_email", {person.email});
      continue;
    }
    if (!website.empty() && !looks_like_url(website)) {
      bad("field.website", "partners_csv.bad_website", {website});
      continue;
    }
    bool too_long = false;
    for (SheetField c : {SheetField::area, SheetField::address, SheetField::contact_name, SheetField::contact_role,
                         SheetField::phone, SheetField::email, SheetField::website})
      if (!too_long && utf8_length(cell(c)) > kMaxNameLength) {
        bad(field_label_key(c), "err.too_long", {std::to_string(utf8_length(cell(c))), std::to_string(kMaxNameLength)});
        too_long = true;
      }
    for (SheetField c : {SheetField::notes, SheetField::their_needs})
      if (!too_long && utf8_length(cell(c)) > kMaxTextLength) {
        bad(field_label_key(c), "err.too_long", {std::to_string(utf8_length(cell(c))), std::to_string(kMaxTextLength)});
        too_long = true;
      }
    // Tags, split at ";" or ",", each a short name.
    std::vector<std::string> tags;
    std::string tag_cell = cell(SheetField::tags);
    std::replace(tag_cell.begin(), tag_cell.end(), ',', ';');
    for (std::size_t start = 0; start <= tag_cell.size() && !too_long;) {
      std::size_t end = tag_cell.find(';', start);
      if (end == std::string::npos) end = tag_cell.size();
      const std::string tag = trim_space(std::string_view(tag_cell).substr(start, end - start));
      if (utf8_length(tag) > kMaxNameLength) {
        bad("field.tags", "err.too_long", {std::to_string(utf8_length(tag)), std::to_string(kMaxNameLength)});
        too_long = true;
      } else if (!tag.empty()) {
        tags.push_back(tag);
      }
      start = end + 1;
    }
    if (too_long) continue;

    // Which partner the row is (indexes into d.partners).
    auto agrees = [&](const Partner& p) {  // a phone or an e-mail of the row is one of p's
      return std::any_of(p.contacts.begin(), p.contacts.end(), [&](const ContactPerson& c) {
        return (!person.phone.empty() && !c.phone.empty() && phone_key(c.phone) == phone_key(person.phone)) ||
               (!person.email.empty() && !c.email.empty() && fold_equal(c.email, person.email));
      });
    };
    std::optional<std::size_t> at;
    bool by_id = false;
    // 1. The Kolo id, trusted only when the name or a phone or e-mail agrees too: another
    //    device's table uses the same numbers for other partners.
    if (const std::string id = cell(SheetField::id); !id.empty() && id.size() < 16 &&
                                                       std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
      if (auto it = known.by_id.find(std::stoll(id)); it != known.by_id.end()) {
        const Partner& p = d.partners[it->second];
        if (fold_equal(p.name, name) || agrees(p)) {
          at = it->second;
          by_id = true;
        }
      }
    // 2. The folded name and the kind (any kind when the row gives none).
    if (!at)
      if (auto it = known.by_name.find(fold_name(name)); it != known.by_name.end())
        for (std::size_t i : it->second)
          if (!at && (kind_text.empty() || d.partners[i].kind == kind)) at = i;
    // 3. A phone (by its digits) or an e-mail of a contact person.
    for (const std::string& key : {person.phone.empty() ? std::string() : "tel:" + phone_key(person.phone),
                                   person.email.empty() ? std::string() : "mail:" + fold_name(person.email)})
      if (!at && !key.empty())
        if (auto it = known.by_contact.find(key); it != known.by_contact.end()) at = it->second.front();
    Partner* match = at ? &d.partners[*at] : nullptr;

    Partner p;
    if (match) {
      p = *match;
    } else {
      p.id = d.next_id++;
      p.name = name;
      p.kind = kind;
    }
    // A match by name keeps the user's spelling; one by phone or e-mail may be the same
    // partner under another name, or another one sharing a person: the name stays. Only
    // Kolo's own table, matched by id, renames.
    if (match && by_id) p.name = name;
    if (match && !kind_text.empty()) p.kind = kind;
    if (!stage_text.empty()) p.stage = stage;
    auto set = [&](SheetField c, std::string* field) {
      if (std::string v = cell(c); !v.empty()) *field = v;
    };
    set(SheetField::area, &p.area);
    set(SheetField::address, &p.address);
    set(SheetField::website, &p.website);
    // Notes are the user's own: what the sheet says is added to them, once.
    auto add_text = [&](SheetField c, std::string* field) {
      const std::string v = cell(c);
      if (v.empty() || field->find(v) != std::string::npos) return;
      if (!field->empty() && utf8_length(*field) + utf8_length(v) + 1 > kMaxTextLength) return;
      *field += (field->empty() ? "" : "\n") + v;
    };
    add_text(SheetField::their_needs, &p.their_needs);
    add_text(SheetField::notes, &p.notes);
    for (const std::string& tag : tags)
      if (std::none_of(p.tags.begin(), p.tags.end(), [&](const std::string& t) { return fold_equal(t, tag); }))
        p.tags.push_back(tag);
    if (!person.name.empty() || !person.phone.empty() || !person.email.empty()) {
      auto same = std::find_if(p.contacts.begin(), p.contacts.end(), [&](const ContactPerson& c) { return same_contact(c, person); });
      if (same == p.contacts.end()) {
        person.id = d.next_id++;
        p.contacts.push_back(person);
      } else {
        // The same number written another way, the same address in other letters: kept as is.
        if (!person.role.empty()) same->role = person.role;
        if (!person.phone.empty() && phone_key(person.phone) != phone_key(same->phone)) same->phone = person.phone;
        if (!person.email.empty() && !fold_equal(person.email, same->email)) same->email = person.email;
      }
    }
    out.name = p.name;
    out.partner = p.id;
    if (match && p != *match) out.changed = changed_fields(*match, p);
    if (!match) {
      out.outcome = PartnerRow::Outcome::added;
      ++plan.added;
      d.partners.push_back(std::move(p));
      known.add(d.partners.back(), d.partners.size() - 1);
    } else if (p == *match) {
      out.outcome = PartnerRow::Outcome::unchanged;
      ++plan.unchanged;
    } else {
      // A partner an earlier row added, changed again by this one, is still one partner added.
      const bool earlier = std::any_of(plan.rows.begin(), plan.rows.end(), [&](const PartnerRow& row) {
        return row.partner == p.id && row.outcome == PartnerRow::Outcome::added;
      });
      out.outcome = earlier ? PartnerRow::Outcome::added : PartnerRow::Outcome::updated;
      if (!earlier) ++plan.updated;
      *match = std::move(p);
      known.add(*match, *at);
    }
    plan.rows.push_back(out);
  }
  return plan;
}

}  // namespace kolo
