// The user's directory as spreadsheets (io/csv.hpp): partners, services, joint events and
// referral statistics, one CSV each, headers and values in the user's language (kinds,
// stages and formats by their labels, need tags by their label in that language).
//
// Client data never goes into these: events count the referrals attributed to them, the
// statistics count referrals per partner, and no case alias, reason or letter is written.
// Each table's first column is the record's Kolo id, so a spreadsheet edited and read back
// updates the same records (io/partners_csv.hpp).
#pragma once
#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

enum class CsvExport { partners, services, events, referral_stats };

// The whole file, byte-order mark first.
std::string export_csv(const Document& doc, CsvExport what, Lang lang);

// "kolo-partners-2026-11-25.csv"
std::string csv_file_name(CsvExport what, std::string_view today);

}  // namespace kolo
