// What every JSON reader and writer of Kolo shares (Kolo JSON, boards, suggested updates):
// the string writer, and the checks made before nlohmann's parser sees hostile bytes.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace kolo {

// Appends `v` as a JSON string. Broken UTF-8 becomes U+FFFD (a document that was never
// validated must still give a valid file). With html_safe, '<' is written as \u003c so the
// text can sit inside an HTML <script> element.
void put_json_string(std::string& out, std::string_view v, bool html_safe = false);

// 1-based line and column (in bytes) of byte `offset`, as error arguments.
std::vector<std::string> line_column(std::string_view bytes, std::size_t offset);

// "12.3" (MiB), for err.file_too_large.
std::string mebibytes(std::size_t bytes);

// Size (at most max_bytes), UTF-8, no NUL byte, nesting depth (kMaxJsonDepth), then nlohmann's
// parse into *out. The first problem as an error with an empty path: err.file_too_large,
// err.file_bad_utf8, err.too_deep, err.not_json (with line and column).
std::optional<Error> parse_json_checked(std::string_view bytes, std::size_t max_bytes, nlohmann::json* out);

// The envelope every Kolo file opens with: {"format": `format`, "version": n, ...}. The first
// problem: `not_ours` (not an object, or another format; path "/format" when it names one),
// err.missing_field or err.wrong_type for the version, `too_new` {found, supported} past
// `supported`, err.unknown_version below 1. Otherwise nothing, and *version is the file's.
struct FileKind {
  const char* format;       // "kolo", "kolo-suggestions"
  int supported;            // the newest version this build reads
  const char* not_ours;     // err.not_kolo ...
  const char* too_new;      // err.newer_version ...
};
std::optional<Error> check_envelope(const nlohmann::json& root, const FileKind& kind, int* version);

}  // namespace kolo
