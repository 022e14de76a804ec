// The kinds of file Kolo opens, and which reader each opened file goes to. A file arrives from
// the picker or from a drop onto the page (both through App::open_file); its kind is told by
// its first bytes (a "sniff"), else by its name's extension or the MIME type the browser
// gives; a file of no known kind gets a clear message and changes nothing.
//
// Adding a kind (boards, suggested updates, HSDS, CSV, calendars as they land): one entry in
// file_kinds.cpp with its id, catalog label, extensions, MIME types, sniff and reader, plus
// the label in assets/i18n/files.tsv. The picker's accept list and the "Kolo opens: ..."
// message follow from the list.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace kolo::ui {

class App;

// A file the user gave the app.
struct OpenedFile {
  std::string name;          // as the user's system named it ("kolo-2026-11-23.json")
  std::string mime;          // as the browser reported it; often empty
  std::string_view bytes;    // its contents; empty when it was not read (larger than the limit)
  std::size_t total_size = 0;
  bool read() const { return bytes.size() == total_size; }
  // Not read, or larger than any reader takes (io/kolo_json.hpp, kMaxFileBytes).
  bool unread() const;
};
// What a file that was not read is told with: its size and the limit, in MiB (err.file_too_large,
// `path` naming it among several).
Error too_large(const OpenedFile& file, std::string path = {});

// What the first bytes say about a kind.
enum class Sniff { no, maybe, yes };

struct FileKind {
  const char* id;         // stable ("kolo_json")
  const char* label_key;  // catalog key naming it for people ("Kolo file (.json)")
  std::vector<const char*> extensions;  // with the dot, lower case
  std::vector<const char*> mime_types;
  // Judges the file's bytes (the whole file: look near its start and end only, it may be
  // large).
  Sniff (*sniff)(std::string_view bytes);
  void (*open)(App& app, const OpenedFile& file);
};

// Every kind, in order of preference when more than one claims a file.
const std::vector<FileKind>& file_kinds();

// The reader for `file`, or nullptr when Kolo cannot open it. A kind whose sniff says yes
// wins; else the first kind whose extension or MIME type matches and whose sniff does not say
// no (so a broken .json still reaches the Kolo reader, which says what is wrong with it).
const FileKind* detect_kind(const OpenedFile& file);

// For the picker's accept attribute: ".json,application/json,...".
std::string accept_attribute();

// The kinds named for people, e.g. "Kolo file (.json)", joined with ", ".
std::string kinds_for_people(Lang lang);

// Kolo JSON's sniff: an object with "format": "kolo" near its start (as Kolo writes it) or
// its end (keys sorted by another tool put "format" after "document").
Sniff sniff_kolo_json(std::string_view bytes);

}  // namespace kolo::ui
