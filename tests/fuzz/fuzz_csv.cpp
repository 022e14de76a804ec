// libFuzzer target: the CSV reader (io/csv.hpp). Whatever the bytes, it must not crash; a
// table it accepts must write back (io/csv.hpp's writer) to bytes it reads as the same table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const kolo::CsvRead read = kolo::read_csv(bytes);
  if (!read.table) return read.error ? 0 : (std::abort(), 0);
  std::string again(kolo::kUtf8Bom);
  kolo::append_csv_row(again, read.table->header);
  for (const auto& row : read.table->rows) kolo::append_csv_row(again, row);
  const kolo::CsvRead back = kolo::read_csv(again);
  if (!back.table || back.table->rows != read.table->rows) std::abort();
  return 0;
}
