// The list of kinds of file Kolo opens, and how an opened file finds its reader (file_kinds.hpp).
#include "ui/file_kinds.hpp"

#include <algorithm>
#include <cctype>

#include "io/board_json.hpp"
#include "io/hsds.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"

namespace kolo::ui {

bool OpenedFile::unread() const { return total_size > kMaxFileBytes || !read(); }

Error too_large(const OpenedFile& file, std::string path) {
  return Error{"err.file_too_large", std::move(path), {mebibytes(file.total_size), mebibytes(kMaxFileBytes)}};
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// After `pos`, skipping white space, is `token` next? Moves `pos` past it if so.
bool next_is(std::string_view s, std::size_t* pos, std::string_view token) {
  std::size_t p = *pos;
  while (p < s.size() && is_space(s[p])) ++p;
  if (s.substr(p, token.size()) != token) return false;
  *pos = p + token.size();
  return true;
}

bool matches_name_or_mime(const FileKind& kind, const OpenedFile& file) {
  const std::string name = lower(file.name);
  for (const char* ext : kind.extensions)
    if (ends_with(name, ext)) return true;
  const std::string mime = lower(file.mime.substr(0, file.mime.find(';')));
  for (const char* m : kind.mime_types)
    if (!mime.empty() && mime == m) return true;
  return false;
}

}  // namespace

namespace {
constexpr std::size_t kLookBytes = 4096;

// "format": "<quoted>" somewhere in `text` (`quoted` with its quotes: "\"kolo\"").
bool has_format(std::string_view text, std::string_view quoted) {
  for (std::size_t at = text.find("\"format\""); at != std::string_view::npos; at = text.find("\"format\"", at + 1)) {
    std::size_t p = at + 8;
    if (next_is(text, &p, ":") && next_is(text, &p, quoted)) return true;
  }
  return false;
}

// A JSON object whose "format" is `quoted`, near its start or its end.
Sniff sniff_json_format(std::string_view bytes, std::string_view quoted) {
  const std::string_view head = bytes.substr(0, kLookBytes);
  const std::string_view tail = bytes.substr(bytes.size() - std::min(bytes.size(), kLookBytes));
  // Bytes no text file has: a picture, an archive, a document in UTF-16.
  if (head.find('\0') != std::string_view::npos) return Sniff::no;
  std::size_t pos = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a byte-order mark some editors write
  if (!next_is(head, &pos, "{")) return Sniff::maybe;  // text, but not an object: the reader says why
  return has_format(head, quoted) || has_format(tail, quoted) ? Sniff::yes : Sniff::maybe;
}

// A board page holds its board in one element near its end (before the script).
Sniff sniff_board(std::string_view bytes) {
  if (!board_json_in_html(bytes).empty()) return Sniff::yes;
  const Sniff json = sniff_json_format(bytes, "\"kolo-board\"");
  return json == Sniff::yes ? Sniff::yes : Sniff::maybe;
}
Sniff sniff_hsds_json(std::string_view bytes) { return looks_like_hsds_json(bytes) ? Sniff::yes : Sniff::no; }

// Text (no NUL bytes near the start): the CSV reader says what else is wrong with it.
Sniff sniff_csv(std::string_view bytes) {
  return bytes.substr(0, kLookBytes).find('\0') != std::string_view::npos ? Sniff::no : Sniff::maybe;
}

Sniff sniff_suggestions(std::string_view bytes) {
  return sniff_json_format(bytes, "\"kolo-suggestions\"") == Sniff::yes ? Sniff::yes : Sniff::maybe;
}

Sniff sniff_encrypted(std::string_view bytes) {
  return sniff_json_format(bytes, "\"kolo-encrypted\"") == Sniff::yes ? Sniff::yes : Sniff::maybe;
}
}  // namespace

Sniff sniff_kolo_json(std::string_view bytes) { return sniff_json_format(bytes, "\"kolo\""); }

const std::vector<FileKind>& file_kinds() {
  // Boards and suggestions first: their names end in .json too, and a broken one should reach
  // its own reader (which says what is wrong with it), not the Kolo file's.
  static const std::vector<FileKind> kinds = {
      {"kolo_board", "filekind.kolo_board", {".kolo-board.json", ".kolo-board.html"}, {}, sniff_board,
       [](App& app, const OpenedFile& file) { app.open_board_file(file); }},
      {"kolo_suggestions", "filekind.kolo_suggestions", {".kolo-suggestions.json"}, {}, sniff_suggestions,
       [](App& app, const OpenedFile& file) { app.open_suggestions_file(file); }},
      // An encrypted export (io/encrypted_export.hpp): the passphrase dialog, then the Kolo reader.
      {"kolo_encrypted", "filekind.kolo_encrypted", {".kolo-encrypted.json"}, {}, sniff_encrypted,
       [](App& app, const OpenedFile& file) { app.open_encrypted_file(file); }},
      {"kolo_json", "filekind.kolo_json", {".json"}, {"application/json"}, sniff_kolo_json,
       [](App& app, const OpenedFile& file) { app.preview_import(file); }},
      // After Kolo's own: told by its content only (its sniff parses the file).
      {"hsds_json", "filekind.hsds_json", {".json"}, {}, sniff_hsds_json,
       [](App& app, const OpenedFile& file) { app.open_hsds_json(file); }},
      // A spreadsheet of partners, or one table of an HSDS directory (told by its name and
      // its "id" column; several come together through App::begin_files).
      {"csv", "filekind.csv", {".csv"}, {"text/csv"}, sniff_csv,
       [](App& app, const OpenedFile& file) {
         if (looks_like_hsds_table(file.name, file.bytes))
           app.open_hsds_tables({file});
         else
           app.open_partner_csv(file);
       }},
  };
  return kinds;
}

const FileKind* detect_kind(const OpenedFile& file) {
  const bool read = file.read() && file.total_size > 0;
  if (read)
    for (const FileKind& kind : file_kinds())
      if (kind.sniff(file.bytes) == Sniff::yes) return &kind;
  for (const FileKind& kind : file_kinds())
    if (matches_name_or_mime(kind, file) && (!read || kind.sniff(file.bytes) != Sniff::no)) return &kind;
  return nullptr;
}

std::string accept_attribute() {
  std::string out;
  for (const FileKind& kind : file_kinds()) {
    for (const char* ext : kind.extensions) out += std::string(out.empty() ? "" : ",") + ext;
    for (const char* mime : kind.mime_types) out += std::string(out.empty() ? "" : ",") + mime;
  }
  return out;
}

std::string kinds_for_people(Lang lang) {
  std::string out;
  for (const FileKind& kind : file_kinds()) {
    if (!out.empty()) out += ", ";
    out += tr(kind.label_key, lang);
  }
  return out;
}

}  // namespace kolo::ui
