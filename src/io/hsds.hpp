// Open Referral's Human Services Data Specification 3.0 (HSDS): the service directories that
// cities, NGOs and 211-style services keep, in and out of Kolo.
//
// Out: the directory (partners that offer services, their services, contact persons, address,
// schedules as text, languages, need tags as taxonomy terms) as an HSDS 3.0 organization list
// in the API's paged shape ({"total_items", ..., "contents": [organization, ...]}), each
// organization with its services nested. Ids are UUIDs made from the Kolo id and the table
// (and the partner's name), so the same directory exported twice has the same ids. No client
// data, and none of the user's private notes about a partner, go out.
//
// In: an HSDS file in any of its shapes (a list page, one organization or service or
// service_at_location as the API gives them, the tabular form as JSON keyed by file name, or
// the CSV files of the tabular form, singular or plural names, with or without
// datapackage.json) is first flattened into HSDS tables, then mapped:
//   organization -> partner (name, website, the first physical address, e-mail and phones,
//                   contacts as contact persons; description, other name, legal status into
//                   the notes of a new partner)
//   service      -> service of that partner (description, eligibility and application process
//                   as access rules, fees and cost options as cost, minimum/maximum age as
//                   the age group, languages by code, schedules as text, the format from its
//                   locations: virtual -> online, physical -> in person)
//   taxonomy terms linked to a service through attributes -> need tags (an existing tag of
//                   the same key or label is reused)
// What has no place in Kolo (funding, programs, required documents, service areas,
// accessibility, identifiers, metadata, extra locations) is counted in a report, shown
// before anything is applied, with every value that was cut or left out and why.
// Matching, so that importing the same file again updates instead of duplicating: a partner
// whose notes carry the organization's HSDS id, else one of the same folded name (any kind,
// the kind is then kept); a service of that partner with the same folded name. What the user
// keeps about a matched partner (stage, trust, tags, notes, follow-ups) is left as it is.
//
// Malformed or hostile input (not JSON, wrong types, an organization or service without a
// name, a CSV that does not parse) is refused with an error naming the JSON pointer or the
// file and row; nothing is changed then.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// [SECTION] export

// The HSDS 3.0 organization list of the partners that offer services, or have contact
// persons or an address (the directory); `lang` for need-tag labels and descriptions.
std::string hsds_export(const Document& doc, Lang lang);
// "kolo-hsds-2026-11-25.json"
std::string hsds_file_name(std::string_view today);

// [SECTION] import

// One file of the tabular form.
struct HsdsFile {
  std::string name;  // "organizations.csv", "service_at_location.csv", "datapackage.json"
  std::string_view bytes;
};

struct HsdsImport {
  std::optional<Document> incoming;  // for plan_import(current, *incoming, ImportMode::merge)
  std::vector<Error> report;         // what was skipped, cut or left out (hsds.* keys)
  std::vector<Error> errors;         // the input was refused: why (nothing to apply then)
  std::size_t organizations = 0, services = 0;  // how many the file holds
  // The mapping made something Kolo's validation refused (a bug of the mapping, never of
  // the file): the errors are validation's. The fuzz target fails on it.
  bool invalid_mapping = false;
};

// A JSON file in any HSDS shape. `current`: the user's document, to match against; `lang`:
// the labels of what goes into notes and descriptions ("Other name: ...").
HsdsImport hsds_import_json(const Document& current, std::string_view bytes, Lang lang);
// The CSV files of the tabular form (and datapackage.json, which is optional).
HsdsImport hsds_import_tables(const Document& current, const std::vector<HsdsFile>& files, Lang lang);

// The HSDS table a file name stands for ("organizations.csv", "Organization.CSV" ->
// "organization"), "" for none. datapackage.json is not a table.
std::string hsds_table_name(std::string_view file_name);
// Whether a CSV file is a table of an HSDS directory: named after one and with an "id"
// column (a user's own "contacts.csv" is a spreadsheet, not HSDS's contact table).
bool looks_like_hsds_table(std::string_view file_name, std::string_view bytes);
// Whether JSON bytes look like HSDS (for the file-kind sniff): an object or list whose first
// record has HSDS's fields.
bool looks_like_hsds_json(std::string_view bytes);

}  // namespace kolo
