// CSV (RFC 4180) for spreadsheets, on libcsv (Debian's libcsv 3.0.3, built from its source
// package by serve.py): the rows Kolo writes for Excel, LibreOffice and Google Sheets, and the
// rows it reads back from them.
//
// Written: UTF-8 with a byte-order mark (without it Excel takes the file for the system's
// legacy code page and shows Cyrillic as mojibake), every field quoted, rows ended by CRLF.
// A cell that a spreadsheet would run as a formula (starting with "=", "@", a tab, a carriage
// return, or "+"/"-" followed by anything but a number or phone number) gets a leading
// apostrophe, which spreadsheets show as text; the reader
// takes it off again, so names survive a round trip and a hostile name from an imported
// directory cannot become a formula on the user's machine.
//
// Read: a byte-order mark is skipped; the delimiter is the one of ",", ";" and tab that the
// first row uses most (Excel with a Ukrainian or Russian locale saves ";"); fields are kept
// as they are (no trimming); blank lines are skipped but counted in the row numbers. Malformed input (a quote inside an
// unquoted field, an unclosed quote, invalid UTF-8, too many rows or columns) gives an error
// naming the row, as a spreadsheet numbers it (the header is row 1).
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace kolo {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
inline constexpr std::size_t kMaxCsvRows = 200000;
inline constexpr std::size_t kMaxCsvColumns = 500;

// Appends one row (each field quoted, formulas defused) ending in "\r\n".
void append_csv_row(std::string& out, std::span<const std::string> fields);

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each padded or cut to the header's width
  // Each row's number as a spreadsheet shows it (the header is row 1; blank lines count).
  std::vector<std::size_t> row_numbers;
  char delimiter = ',';
  // The header's index of `name` (compared exactly), or -1.
  int column(std::string_view name) const;
  // Row i's value in column `name`, "" when there is no such column.
  const std::string& at(std::size_t row, std::string_view name) const;
};

struct CsvRead {
  std::optional<CsvTable> table;
  std::optional<Error> error;  // err.csv_* with the row number as {0}
};

CsvRead read_csv(std::string_view bytes);

}  // namespace kolo
