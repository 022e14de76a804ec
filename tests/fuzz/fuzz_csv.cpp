// libFuzzer target: the CSV reader (io/csv.hpp) and the partner spreadsheet import
// (io/partners_csv.hpp). Whatever the bytes, neither may crash; a table the reader accepts
// must write back to bytes it reads as the same table, and what the import plans from it
// (columns guessed, and every column as the name) must be a document that validates.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/validate.hpp"
#include "io/csv.hpp"
#include "io/partners_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const kolo::CsvRead read = kolo::read_csv(bytes);
  if (!read.table) return read.error ? 0 : (std::abort(), 0);
  std::string again(kolo::kUtf8Bom);
  kolo::append_csv_row(again, read.table->header);
  for (const auto& row : read.table->rows) kolo::append_csv_row(again, row);
  const kolo::CsvRead back = kolo::read_csv(again);
  if (!back.table || back.table->rows != read.table->rows) std::abort();
  kolo::Document current;
  kolo::Partner mine;
  mine.id = 1;
  mine.name = "Ліцей";
  mine.contacts = {{2, "Олена", "", "+380 44 111 22 33", "a@example.org", ""}};
  current.partners = {mine};
  current.next_id = 3;
  kolo::ColumnMap map = kolo::guess_columns(*read.table, {});
  if (!kolo::validate(kolo::plan_partner_csv(current, *read.table, map, kolo::Lang::uk).result).empty()) std::abort();
  for (std::size_t c = 0; c < read.table->header.size() && c < 4; ++c) {
    map[static_cast<std::size_t>(kolo::SheetField::name)] = static_cast<int>(c);
    if (!kolo::validate(kolo::plan_partner_csv(current, *read.table, map, kolo::Lang::uk).result).empty()) std::abort();
  }
  return 0;
}
