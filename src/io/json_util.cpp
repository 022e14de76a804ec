// Shared JSON writing and pre-checks (see json_util.hpp).
#include "io/json_util.hpp"

#include <cstdint>
#include <cstdio>

#include "core/text.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

void put_json_string(std::string& out, std::string_view v, bool html_safe) {
  if (!is_valid_utf8(v)) {
    std::string clean;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t bad = 0;
      std::string_view rest = v.substr(i);
      if (is_valid_utf8(rest, &bad)) {
        clean += rest;
        break;
      }
      clean += rest.substr(0, bad);
      clean += "\xEF\xBF\xBD";
      i += bad + 1;
    }
    put_json_string(out, clean, html_safe);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '<':
        if (html_safe)
          out += "\\u003c";
        else
          out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::vector<std::string> line_column(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {std::to_string(line), std::to_string(column)};
}

namespace {

// nlohmann's parser recurses once per nesting level, so 100000 '[' would overflow the stack
// (wasm's is small). Count depth outside strings first.
std::optional<std::size_t> too_deep_at(std::string_view bytes) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string mebibytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

std::optional<Error> parse_json_checked(std::string_view bytes, std::size_t max_bytes, nlohmann::json* out) {
  if (bytes.size() > max_bytes)
    return Error{"err.file_too_large", "", {mebibytes(bytes.size()), mebibytes(max_bytes)}};
  if (std::size_t bad = 0; !is_valid_utf8(bytes, &bad)) return Error{"err.file_bad_utf8", "", line_column(bytes, bad)};
  // nlohmann's lexer takes a NUL byte for the end of the input, so "{...}\0anything" would be
  // read as the object alone; JSON allows no raw NUL anywhere (in strings it is escaped).
  // Found by the differential fuzz target (tests/fuzz/fuzz_json_differential.cpp).
  if (const std::size_t nul = bytes.find('\0'); nul != std::string_view::npos)
    return Error{"err.not_json", "", line_column(bytes, nul)};
  if (std::optional<std::size_t> at = too_deep_at(bytes)) {
    std::vector<std::string> args = line_column(bytes, *at);
    args.push_back(std::to_string(kMaxJsonDepth));
    return Error{"err.too_deep", "", args};
  }
  try {
    *out = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Error{"err.not_json", "", line_column(bytes, e.byte > 0 ? e.byte - 1 : 0)};
  } catch (const nlohmann::json::exception&) {
    return Error{"err.not_json", "", {"1", "1"}};
  }
  return std::nullopt;
}

std::optional<Error> check_envelope(const nlohmann::json& root, const FileKind& kind, int* version) {
  if (!root.is_object()) return Error{kind.not_ours, "", {}};
  auto format = root.find("format");
  if (format == root.end() || !format->is_string() || format->get_ref<const std::string&>() != kind.format)
    return Error{kind.not_ours, format == root.end() ? "" : "/format", {}};
  auto v = root.find("version");
  if (v == root.end()) return Error{"err.missing_field", "/version", {"version"}};
  if (!v->is_number_integer()) return Error{"err.wrong_type", "/version", {"integer", v->type_name()}};
  const std::string supported = std::to_string(kind.supported);
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > 1000000)
    return Error{kind.too_new, "/version", {v->dump(), supported}};
  const std::int64_t n = v->get<std::int64_t>();
  if (n > kind.supported) return Error{kind.too_new, "/version", {std::to_string(n), supported}};
  if (n < 1) return Error{"err.unknown_version", "/version", {std::to_string(n)}};
  *version = static_cast<int>(n);
  return std::nullopt;
}

}  // namespace kolo
