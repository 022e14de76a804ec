// libFuzzer target: the suggested-updates reader (io/suggestions_json.hpp). Whatever the bytes,
// it must not crash, and a set it accepts must write back to bytes it reads as the same set.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/suggestions_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kolo::SuggestionsParse parsed = kolo::parse_suggestions(bytes);
  if (!parsed.set) return 0;
  kolo::SuggestionsParse again = kolo::parse_suggestions(kolo::suggestions_to_json(*parsed.set));
  if (!again.set || !(*again.set == *parsed.set)) std::abort();
  return 0;
}
