// Partners from a spreadsheet (a CSV the user saved from Excel, LibreOffice or Google Sheets,
// or Kolo's own partners table, io/tables_csv.hpp): the user picks which column holds each
// field (guessed from the headers at first, then remembered by header text), sees what
// would be added and changed and which rows are bad and why, and imports in one undoable step.
//
// Matching, so that a spreadsheet imported again updates instead of duplicating, in order:
//   1. the Kolo id column (Kolo's own export), when it names a partner whose name, or one of
//      whose phones or e-mails, agrees too (another device's table reuses the numbers);
//   2. the folded name and kind (the kind as given, else any kind);
//   3. a phone (compared by its digits) or an e-mail of one of the partner's contact persons.
// Rows that match one partner update it in turn; two rows of one new partner make one partner.
// Only a match by id renames the partner. An empty cell never erases what the partner has; a
// cell with a value replaces it, except notes and "their needs", which the text is added to
// (once), and tags and contact persons, which are added to.
//
// Values: the kind and the stage as Kolo spells them or by their label in any of the three
// languages; tags split at ";" or ","; a phone, an e-mail and a website must look like one. A
// row without a name, or with a value Kolo would refuse, is bad: it is listed with the reason,
// and the import goes on without it only when the user agrees.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"
#include "io/csv.hpp"

namespace kolo {

enum class SheetField {
  id, name, kind, stage, area, tags, contact_name, contact_role, phone, email, address, website, their_needs, notes
};
inline constexpr std::size_t kSheetFields = 14;
// The field's stable id ("contact_name") and its catalog label key ("field.name" ...).
std::string_view field_id(SheetField c);
const char* field_label_key(SheetField c);

// For each field, the index of the file's column that holds it, or -1.
using ColumnMap = std::array<int, kSheetFields>;

// Remembered choices: field id -> header text, as the user last mapped them.
using RememberedColumns = std::vector<std::pair<std::string, std::string>>;

// First what was remembered (a header of the same text), then a header that names the field
// in any language (Kolo's own export, common words: "Назва", "Телефон", "E-mail", ...).
// A column is given to one field at most.
ColumnMap guess_columns(const CsvTable& table, const RememberedColumns& remembered);
// What to remember of `map` for `table`'s headers.
RememberedColumns remember_columns(const CsvTable& table, const ColumnMap& map);

struct PartnerRow {
  enum class Outcome { added, updated, unchanged, bad };
  std::size_t row = 0;  // as a spreadsheet numbers it: the header is row 1
  Outcome outcome = Outcome::bad;
  std::string name;     // the partner's name after the import (or the row's, when bad)
  Id partner = 0;       // the partner added or updated
  Error reason;         // when bad; its path is the catalog key of the field at fault
  std::vector<std::string> changed;  // when updated: the catalog keys of the fields it changes
};

struct PartnerCsvPlan {
  Document result;  // the document with every good row applied
  std::vector<PartnerRow> rows;
  std::size_t added = 0, updated = 0, unchanged = 0, bad = 0;
  // The whole import as one undoable step (cmd.import_partners).
  Command command() const;
};

// `lang`: the language of the reasons given for bad rows (the kinds and stages allowed).
PartnerCsvPlan plan_partner_csv(const Document& current, const CsvTable& table, const ColumnMap& map, Lang lang);

}  // namespace kolo
