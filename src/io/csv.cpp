#include "io/csv.hpp"

#include <csv.h>

#include <algorithm>

#include "core/text.hpp"

namespace kolo {

namespace {

bool looks_like_formula(std::string_view v) {
  if (v.empty()) return false;
  const char c = v[0];
  if (c == '=' || c == '@' || c == '\t' || c == '\r') return true;
  // "+" or "-" starts a formula too, unless what follows is a number or a phone number:
  // digits, spaces and ( ) . - / + only ("+380 (67) 123-45-67", "-5").
  if (c == '+' || c == '-')
    return v.size() > 1 && v.substr(1).find_first_not_of("0123456789 ().-/+") != std::string_view::npos;
  return false;
}

// A cell the writer defused: apostrophes before what would be a formula (the writer adds one
// to a cell that already looks so, and the reader takes one away).
bool defused(std::string_view v) {
  const std::size_t quotes = v.find_first_not_of('\'');
  return quotes != 0 && quotes != std::string_view::npos && looks_like_formula(v.substr(quotes));
}

// The delimiter the first row uses most, outside quotes.
char sniff_delimiter(std::string_view bytes) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : bytes) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

// Rows as a spreadsheet numbers them: every record, a blank line too (libcsv reports each
// line break with CSV_REPALL_NL; the LF of a CRLF is not a row of its own). Blank rows are
// counted but not kept.
struct Reader {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> numbers;  // of each row kept
  std::vector<std::string> row;
  std::size_t records = 0;  // rows ended so far
  int last_end = 0;
  bool too_many = false;
  std::size_t bad_utf8_row = 0;  // the first row with a field that is not UTF-8
  static void field(void* data, std::size_t size, void* self) {
    auto* r = static_cast<Reader*>(self);
    if (r->row.size() >= kMaxCsvColumns) {
      r->too_many = true;
      return;
    }
    std::string v(data ? static_cast<const char*>(data) : "", data ? size : 0);
    if (!r->bad_utf8_row && !is_valid_utf8(v)) r->bad_utf8_row = r->records + 1;
    if (defused(v)) v.erase(0, 1);
    r->row.push_back(std::move(v));
  }
  static void end(int c, void* self) {
    auto* r = static_cast<Reader*>(self);
    const bool blank = r->row.empty();
    const bool crlf = blank && c == '\n' && r->last_end == '\r';
    r->last_end = c;
    if (crlf) return;
    ++r->records;
    if (blank) return;
    if (r->rows.size() >= kMaxCsvRows) r->too_many = true;
    if (!r->too_many) {
      r->rows.push_back(std::move(r->row));
      r->numbers.push_back(r->records);
    }
    r->row.clear();
  }
};

int no_space(unsigned char) { return 0; }

}  // namespace

void append_csv_row(std::string& out, std::span<const std::string> fields) {
  std::string buffer;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    // An apostrophe already there before a formula gets a second one, or reading would drop it.
    const bool defuse = looks_like_formula(fields[i]) || defused(fields[i]);
    std::string value = defuse ? "'" + fields[i] : fields[i];
    buffer.resize(value.size() * 2 + 2);  // every quote doubled, plus the two around
    buffer.resize(csv_write(buffer.data(), buffer.size(), value.data(), value.size()));
    out += buffer;
  }
  out += "\r\n";
}

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

const std::string& CsvTable::at(std::size_t row, std::string_view name) const {
  static const std::string none;
  const int c = column(name);
  return c < 0 ? none : rows[row][static_cast<std::size_t>(c)];
}

CsvRead read_csv(std::string_view bytes) {
  CsvRead out;
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
    out.error = Error{"err.csv_malformed", "", {"1"}};
    return out;
  }
  CsvTable table;
  table.delimiter = sniff_delimiter(bytes);
  csv_set_delim(&parser, static_cast<unsigned char>(table.delimiter));
  csv_set_space_func(&parser, no_space);
  Reader reader;
  const std::size_t parsed = csv_parse(&parser, bytes.data(), bytes.size(), Reader::field, Reader::end, &reader);
  const bool failed = parsed != bytes.size() || csv_fini(&parser, Reader::field, Reader::end, &reader) != 0;
  csv_free(&parser);
  if (reader.too_many) {
    out.error = Error{"err.csv_too_large", "", {std::to_string(kMaxCsvRows), std::to_string(kMaxCsvColumns)}};
    return out;
  }
  if (reader.bad_utf8_row) {
    out.error = Error{"err.csv_bad_utf8", "", {std::to_string(reader.bad_utf8_row)}};
    return out;
  }
  if (failed) {
    out.error = Error{"err.csv_malformed", "", {std::to_string(reader.records + 1)}};
    return out;
  }
  if (reader.rows.empty()) {
    out.error = Error{"err.csv_empty", "", {}};
    return out;
  }
  table.header = std::move(reader.rows.front());
  for (std::string& h : table.header) h = trim_space(h);
  table.rows.assign(std::make_move_iterator(reader.rows.begin() + 1), std::make_move_iterator(reader.rows.end()));
  table.row_numbers.assign(reader.numbers.begin() + 1, reader.numbers.end());
  for (std::vector<std::string>& r : table.rows) r.resize(table.header.size());
  out.table = std::move(table);
  return out;
}

}  // namespace kolo
