// Rendering errors in the user's language.
#include "core/error.hpp"

namespace kolo {

std::string describe(const Error& error, Lang lang) {
  std::string text = trf(error.key, lang, error.args);
  if (error.path.empty()) return text;
  return error.path + ": " + text;
}

std::string pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace kolo
