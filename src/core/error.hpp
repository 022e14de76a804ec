// Errors as values: a catalog key, the JSON pointer of the field at fault and the message's
// arguments. Core and io never throw at their callers; the UI shows describe(error, lang).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.hpp"

namespace kolo {

struct Error {
  std::string key;   // catalog key, "err.*"
  std::string path;  // RFC 6901 JSON pointer ("/partners/12/contacts/0/email"); empty = whole input
  std::vector<std::string> args;  // fill {0}, {1}, ... of the message
  bool operator==(const Error&) const = default;
};

// "/partners/3/name: is empty" in the user's language (no prefix when the path is empty).
std::string describe(const Error& error, Lang lang);

// One pointer token, escaped per RFC 6901 ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view token);

}  // namespace kolo
