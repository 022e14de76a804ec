// libFuzzer target: one stored record read back (io/kolo_json.hpp, parse_record), as the app
// reads each IndexedDB record at start and another tab's changes. Storage can hand back any
// bytes (a corrupt read, a record written by another version), so whatever the bytes and the
// table, reading must not crash, and a record it accepts must write back to bytes it reads as
// the same record. The first byte picks the table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "io/kolo_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto table = static_cast<kolo::Table>(data[0] % kolo::kTableCount);
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<kolo::Error> errors;
  const std::optional<kolo::Record> read = kolo::parse_record(table, bytes, &errors);
  if (!read) {
    if (errors.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  std::vector<kolo::Error> again_errors;
  const std::optional<kolo::Record> again = kolo::parse_record(table, kolo::record_to_json(*read), &again_errors);
  if (!again || !(*again == *read)) std::abort();
  return 0;
}
