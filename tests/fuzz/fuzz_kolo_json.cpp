// libFuzzer target: the Kolo JSON reader (io/kolo_json.hpp). Whatever the bytes, it must not
// crash, and a document it accepts must write back to bytes it reads as the same document.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/kolo_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kolo::ParseResult parsed = kolo::parse_kolo(bytes);
  if (!parsed.doc) return 0;
  kolo::ParseResult again = kolo::parse_kolo(kolo::to_json(*parsed.doc));
  if (!again.doc || !(*again.doc == *parsed.doc)) std::abort();
  return 0;
}
