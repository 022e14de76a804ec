// libFuzzer target, differential: Kolo's JSON reader (io/json_util.hpp, parse_json_checked: size,
// UTF-8 and depth checks before nlohmann's parser) against nlohmann's DOM parse of the same
// bytes, and Kolo's JSON string writer against nlohmann's reader.
//   - Whatever Kolo's reader accepts, nlohmann's parse accepts with the same value.
//   - What Kolo refuses as not JSON or as broken UTF-8, nlohmann refuses too (Kolo may refuse
//     more only by its own limits: size and nesting depth), with one known difference:
//     nlohmann's lexer ends the input at a NUL byte, so it reads "[1]\0junk" as [1]; no JSON
//     holds a raw NUL, and Kolo refuses any (the first run of this target found it).
//   - Any bytes Kolo writes as a JSON string (put_json_string, plain and HTML-safe) nlohmann
//     reads back as those bytes when they are UTF-8, and as valid UTF-8 when they are not.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"

namespace {

[[noreturn]] void fail(const char* why) {
  std::fprintf(stderr, "json_differential: %s\n", why);
  std::abort();
}

void check_string_writer(std::string_view bytes, bool html_safe) {
  std::string written;
  kolo::put_json_string(written, bytes, html_safe);
  nlohmann::json back;
  try {
    back = nlohmann::json::parse(written);
  } catch (const nlohmann::json::exception&) {
    fail("nlohmann refused a string Kolo wrote");
  }
  if (!back.is_string()) fail("a written string read back as another type");
  const std::string& text = back.get_ref<const std::string&>();
  if (kolo::is_valid_utf8(bytes)) {
    if (text != bytes) fail("a UTF-8 string changed on its way through the writer");
  } else if (!kolo::is_valid_utf8(text)) {
    fail("broken UTF-8 was written as broken UTF-8");
  }
  if (html_safe && written.find('<') != std::string::npos) fail("an HTML-safe string holds '<'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nlohmann::json ours;
  const std::optional<kolo::Error> refused = kolo::parse_json_checked(bytes, kolo::kMaxFileBytes, &ours);
  nlohmann::json theirs;
  bool they_accept = true;
  try {
    theirs = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception&) {
    they_accept = false;
  }
  if (!refused) {
    if (!they_accept) fail("Kolo accepted what nlohmann refuses");
    if (ours != theirs) fail("Kolo and nlohmann read different values");
    // What Kolo writes of that value, nlohmann reads as the same value.
    if (nlohmann::json::parse(ours.dump()) != theirs) fail("a dump did not read back");
  } else if (refused->key == "err.not_json" || refused->key == "err.file_bad_utf8") {
    if (they_accept && bytes.find('\0') == std::string_view::npos) fail("Kolo called JSON that nlohmann reads not JSON");
  } else if (refused->key != "err.too_deep" && refused->key != "err.file_too_large") {
    fail("an unexpected refusal");
  }
  check_string_writer(bytes, false);
  check_string_writer(bytes, true);
  return 0;
}
