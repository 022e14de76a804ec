#include "io/partners_csv.hpp"

#include <algorithm>

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

template <KoloEnum E> std::string choices() {
  std::string out;
  for (E v : all_values<E>()) out += (out.empty() ? "" : ", ") + std::string(tr(label_key(v), Lang::en));
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

PartnerCsvPlan plan_partner_csv(const Document& current, const CsvTable& table, const ColumnMap& map) {
  PartnerCsvPlan plan;
  plan.result = current;
  Document& d = plan.result;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string>& cells = table.rows[r];
    PartnerRow out;
    out.row = r + 2;
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
      bad("field.kind", "err.bad_enum", {kind_text, choices<PartnerKind>()});
      continue;
    }
    Stage stage = Stage::prospect;
    const std::string stage_text = cell(SheetField::stage);
    if (!stage_text.empty() && !parse_labelled(stage_text, &stage)) {
      bad("field.stage", "err.bad_enum", {stage_text, choices<Stage>()});
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

    // Which partner the row is.
    Partner* match = nullptr;
    if (const std::string id = cell(SheetField::id); !id.empty() && id.size() < 16 &&
                                                          std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
      for (Partner& p : d.partners)
        if (p.id == std::stoll(id)) match = &p;
    for (Partner& p : d.partners)
      if (!match && fold_equal(p.name, name) && (kind_text.empty() || p.kind == kind)) match = &p;
    for (Partner& p : d.partners)
      for (const ContactPerson& c : p.contacts)
        if (!match && ((!person.phone.empty() && !c.phone.empty() && phone_key(c.phone) == phone_key(person.phone)) ||
                       (!person.email.empty() && fold_equal(c.email, person.email))))
          match = &p;

    Partner p;
    if (match) {
      p = *match;
    } else {
      p.id = d.next_id++;
      p.name = name;
      p.kind = kind;
    }
    if (match) {
      p.name = name;
      if (!kind_text.empty()) p.kind = kind;
    }
    if (!stage_text.empty()) p.stage = stage;
    auto set = [&](SheetField c, std::string* field) {
      if (std::string v = cell(c); !v.empty()) *field = v;
    };
    set(SheetField::area, &p.area);
    set(SheetField::address, &p.address);
    set(SheetField::website, &p.website);
    set(SheetField::their_needs, &p.their_needs);
    set(SheetField::notes, &p.notes);
    for (const std::string& tag : tags)
      if (std::none_of(p.tags.begin(), p.tags.end(), [&](const std::string& t) { return fold_equal(t, tag); }))
        p.tags.push_back(tag);
    if (!person.name.empty() || !person.phone.empty() || !person.email.empty()) {
      auto same = std::find_if(p.contacts.begin(), p.contacts.end(), [&](const ContactPerson& c) { return same_contact(c, person); });
      if (same == p.contacts.end()) {
        person.id = d.next_id++;
        p.contacts.push_back(person);
      } else {
        for (auto [from, to] : {std::pair{&person.role, &same->role}, std::pair{&person.phone, &same->phone},
                                std::pair{&person.email, &same->email}})
          if (!from->empty()) *to = *from;
      }
    }
    out.name = p.name;
    out.partner = p.id;
    if (!match) {
      out.outcome = PartnerRow::Outcome::added;
      ++plan.added;
      d.partners.push_back(std::move(p));
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
    }
    plan.rows.push_back(out);
  }
  return plan;
}

}  // namespace kolo
