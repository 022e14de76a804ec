// CSV for spreadsheets (io/csv.hpp, io/tables_csv.hpp): what Kolo writes reads back the same
// in Kolo and in Python's csv module (tests/csv/read_csv.py), with the byte-order mark Excel
// needs; malformed files are refused naming the row; no client data in any table.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/csv.hpp"
#include "io/tables_csv.hpp"
#include "run_command.hpp"

using namespace kolo;

namespace {

using Rows = std::vector<std::vector<std::string>>;

const Rows kHard = {
    {"Назва", "Примітки", "Телефон"},
    {"Ліцей «Обрій», Київ", "він сказав \"так\"\nі другий рядок", "+380 67 123 45 67"},
    {"=HYPERLINK(\"http://x\")", "@SUM(A1)", "-5"},
    {"+A1", " пробіли навколо ", ""},
    {"a;b\tc", "\r\n", "'=вже з апострофом"},
};

std::string write_rows(const Rows& rows) {
  std::string out(kUtf8Bom);
  for (const std::vector<std::string>& r : rows) append_csv_row(out, r);
  return out;
}

Rows all_rows(const CsvTable& t) {
  Rows rows{t.header};
  rows.insert(rows.end(), t.rows.begin(), t.rows.end());
  return rows;
}

// The rows Python's csv module reads from `bytes`; fails the test when the script finds the
// file wrong (no byte-order mark, no CRLF, ragged rows).
Rows python_rows(const std::string& bytes) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "kolo-test.csv";
  std::ofstream(file, std::ios::binary) << bytes;
  std::string output;
  const int status = test::run_command("/usr/bin/python3 " KOLO_SOURCE_DIR "/tests/csv/read_csv.py " + file.string(), &output);
  INFO(output);
  REQUIRE(status == 0);
  return nlohmann::json::parse(output).get<Rows>();
}

Document directory() {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"}};
  Partner school;
  school.id = 2;
  school.name = "Ліцей «Обрій», Київ";
  school.kind = PartnerKind::school_kindergarten;
  school.stage = Stage::active;
  school.tags = {"школи", "лівий берег"};
  school.contacts = {{3, "Олена Коваль", "психологиня", "+380 67 123 45 67", "o.koval@example.org", ""}};
  school.notes = "двічі на рік \"батьківські збори\"\nз нами";
  Partner clinic;
  clinic.id = 4;
  clinic.name = "Clinic \"Calm\"";
  clinic.kind = PartnerKind::clinic_doctor;
  d.partners = {school, clinic};
  Service group;
  group.id = 5;
  group.partner_id = 4;
  group.name = "Група підтримки";
  group.need_tags = {"anxiety"};
  group.languages = {"uk", "ru"};
  group.capacity = 8;
  d.services = {group};
  Case c;
  c.id = 6;
  c.alias = "Клієнтка-Вигадана";
  c.needs = {"anxiety"};
  d.cases = {c};
  Referral out;
  out.id = 7;
  out.case_id = 6;
  out.partner_id = 4;
  out.service_id = 5;
  out.reason = "ПРИЧИНА-ТАЄМНА";
  out.status = ReferralStatus::closed;
  out.history = {{ReferralStatus::sent, "2026-10-01", ""}, {ReferralStatus::closed, "2026-11-01", ""}};
  Referral in;
  in.id = 8;
  in.direction = Direction::in;
  in.case_id = 6;
  in.partner_id = 2;
  in.status = ReferralStatus::accepted;
  in.history = {{ReferralStatus::sent, "2026-09-15", ""}};
  d.referrals = {out, in};
  Event e;
  e.id = 9;
  e.title = "Майстер-клас для вчителів";
  e.kind = EventKind::master_class;
  e.starts_at = "2026-12-03T15:00";
  e.host_ids = {2};
  e.co_host_ids = {4};
  e.referral_ids = {8};
  d.events = {e};
  d.next_id = 10;
  return d;
}

}  // namespace

TEST_CASE("csv: cells with Cyrillic, quotes, commas, line breaks and formulas read back the same") {
  const std::string bytes = write_rows(kHard);
  CHECK(bytes.substr(0, 3) == kUtf8Bom);
  CHECK(bytes.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);  // defused for the spreadsheet
  CHECK(bytes.find("\"'@SUM(A1)\"") != std::string::npos);
  CHECK(bytes.find("\"-5\"") != std::string::npos);                    // a number stays a number
  CHECK(bytes.find("\"+380 67 123 45 67\"") != std::string::npos);     // and so does a phone
  const CsvRead read = read_csv(bytes);
  REQUIRE(read.table);
  CHECK(all_rows(*read.table) == kHard);
}

TEST_CASE("csv: Python's csv module reads Kolo's file as Kolo meant it (formulas shown as text)") {
  Rows expected = kHard;
  expected[2][0] = "'" + expected[2][0];  // what the spreadsheet shows
  expected[2][1] = "'" + expected[2][1];
  expected[3][0] = "'" + expected[3][0];
  expected[4][1] = "'\r\n";
  expected[4][2] = "''=вже з апострофом";
  CHECK(python_rows(write_rows(kHard)) == expected);
}

TEST_CASE("csv: a spreadsheet's own files: semicolons (Excel in Ukrainian or Russian), tabs, no BOM, CRLF") {
  const CsvRead semi = read_csv("\xEF\xBB\xBFНазва;Телефон\r\n\"Школа; №5\";+380441234567\r\n;\r\n");
  REQUIRE(semi.table);
  CHECK(semi.table->delimiter == ';');
  CHECK(semi.table->header == std::vector<std::string>{"Назва", "Телефон"});
  REQUIRE(semi.table->rows.size() == 2);
  CHECK(semi.table->rows[0] == std::vector<std::string>{"Школа; №5", "+380441234567"});
  CHECK(semi.table->at(0, "Телефон") == "+380441234567");
  CHECK(semi.table->at(0, "Немає") == "");
  const CsvRead tabs = read_csv("name\tphone\nA, B\t1\n\nshort\n");
  REQUIRE(tabs.table);
  CHECK(tabs.table->delimiter == '\t');
  REQUIRE(tabs.table->rows.size() == 2);  // the empty line is skipped
  CHECK(tabs.table->rows[1] == std::vector<std::string>{"short", ""});  // padded to the header
}

TEST_CASE("csv: rows are numbered as a spreadsheet numbers them: blank lines count, a line break in a cell does not") {
  const CsvRead r = read_csv("name,notes\r\nA,\"two\r\nlines\"\r\n\r\nB,x\r\n\nC,y\n");
  REQUIRE(r.table);
  REQUIRE(r.table->rows.size() == 3);
  CHECK(r.table->row_numbers == std::vector<std::size_t>{2, 4, 6});
  CHECK(r.table->rows[0][1] == "two\r\nlines");
  const CsvRead bad = read_csv("name,notes\r\nA,\"two\r\nlines\"\r\n\r\nB,\xC0\xE1\r\n");
  REQUIRE(bad.error);
  CHECK(bad.error->key == "err.csv_bad_utf8");
  CHECK(bad.error->args == std::vector<std::string>{"4"});
  const CsvRead unclosed = read_csv("name\r\n\r\nA\r\n\"B\r\n");
  REQUIRE(unclosed.error);
  CHECK(unclosed.error->args == std::vector<std::string>{"4"});
}

TEST_CASE("csv: formulas hidden behind + or - are defused too; numbers and phone numbers are not") {
  for (const char* formula : {"+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "+A1", "-SUM(1)", "@x", "=1"}) {
    CAPTURE(formula);
    std::string out;
    const std::vector<std::string> row{formula};
    append_csv_row(out, row);
    CHECK(out.substr(0, 2) == "\"'");
    REQUIRE(read_csv(out).table);
    CHECK(read_csv(out).table->header[0] == formula);
  }
  for (const char* plain : {"+380 (67) 123-45-67", "-5", "-3.5", "+1 555 0100", "2026-11-25"}) {
    CAPTURE(plain);
    std::string out;
    const std::vector<std::string> row{plain};
    append_csv_row(out, row);
    CHECK(out == "\"" + std::string(plain) + "\"\r\n");
  }
}

TEST_CASE("csv: malformed files are refused naming the row, as a spreadsheet numbers it") {
  const CsvRead unclosed = read_csv("name,notes\nok,fine\nbad,\"never closed\n");
  REQUIRE(unclosed.error);
  CHECK(unclosed.error->key == "err.csv_malformed");
  CHECK(unclosed.error->args == std::vector<std::string>{"3"});
  CHECK(!unclosed.table);
  const CsvRead stray = read_csv("name,notes\nok,fine\nalso ok,1\nbad \"quote\" here,2\n");
  REQUIRE(stray.error);
  CHECK(stray.error->args == std::vector<std::string>{"4"});
  const CsvRead latin1 = read_csv("name\nok\n\xC0\xE1\xE2\n");  // Windows-1251, not UTF-8
  REQUIRE(latin1.error);
  CHECK(latin1.error->key == "err.csv_bad_utf8");
  CHECK(latin1.error->args == std::vector<std::string>{"3"});
  CHECK(describe(*latin1.error, Lang::uk).find("CSV UTF-8") != std::string::npos);
  CHECK(read_csv("").error->key == "err.csv_empty");
  CHECK(read_csv("\xEF\xBB\xBF\r\n\r\n").error->key == "err.csv_empty");
  std::string wide;
  for (std::size_t i = 0; i <= kMaxCsvColumns; ++i) wide += "c,";
  CHECK(read_csv(wide + "\n").error->key == "err.csv_too_large");
}

TEST_CASE("csv export: partners in the user's language, read back by Python as written") {
  const Rows rows = python_rows(export_csv(directory(), CsvExport::partners, Lang::uk));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][0] == tr("field.id", Lang::uk));
  CHECK(rows[0][1] == tr("field.name", Lang::uk));
  CHECK(rows[1][0] == "2");
  CHECK(rows[1][1] == "Ліцей «Обрій», Київ");
  CHECK(rows[1][2] == tr("partner_kind.school_kindergarten", Lang::uk));
  CHECK(rows[1][3] == tr("stage.active", Lang::uk));
  CHECK(rows[1][5] == "школи; лівий берег");
  CHECK(rows[1][7] == "+380 67 123 45 67");
  CHECK(rows[1][8] == "o.koval@example.org");
  CHECK(rows[1][9] == "Олена Коваль (психологиня), +380 67 123 45 67, o.koval@example.org");
  CHECK(rows[1][14] == "двічі на рік \"батьківські збори\"\nз нами");
  CHECK(rows[2][1] == "Clinic \"Calm\"");
  // And Kolo's own reader agrees with Python's.
  const CsvRead own = read_csv(export_csv(directory(), CsvExport::partners, Lang::uk));
  REQUIRE(own.table);
  CHECK(all_rows(*own.table) == rows);
}

TEST_CASE("csv export: services, events and referral statistics") {
  const Document d = directory();
  const Rows services = python_rows(export_csv(d, CsvExport::services, Lang::en));
  REQUIRE(services.size() == 2);
  CHECK(services[1][1] == "Clinic \"Calm\"");
  CHECK(services[1][3] == "Група підтримки");
  CHECK(services[1][5] == "Anxiety");
  CHECK(services[1][7] == "uk; ru");
  CHECK(services[1][10] == "8");
  CHECK(python_rows(export_csv(d, CsvExport::services, Lang::ru))[1][5] == "Тревога");
  const Rows events = python_rows(export_csv(d, CsvExport::events, Lang::en));
  REQUIRE(events.size() == 2);
  CHECK(events[1][1] == "Майстер-клас для вчителів");
  CHECK(events[1][4] == "2026-12-03 15:00");
  CHECK(events[1][9] == "Ліцей «Обрій», Київ");
  CHECK(events[1][10] == "Clinic \"Calm\"");
  CHECK(events[1][17] == "1");
  const Rows stats = python_rows(export_csv(d, CsvExport::referral_stats, Lang::en));
  REQUIRE(stats.size() == 3);
  CHECK(stats[0][3] == "Referrals in");
  CHECK(stats[1] == std::vector<std::string>{"2", "Ліцей «Обрій», Київ", tr("partner_kind.school_kindergarten", Lang::en),
                                             "1", "0", "0", "0", "0", "0", "0", "2026-09-15"});
  CHECK(stats[2] == std::vector<std::string>{"4", "Clinic \"Calm\"", tr("partner_kind.clinic_doctor", Lang::en), "0", "1",
                                             "0", "1", "0", "0", "0", "2026-10-01"});
  CHECK(csv_file_name(CsvExport::referral_stats, "2026-11-25") == "kolo-referral-stats-2026-11-25.csv");
}

TEST_CASE("csv export: no client's alias, needs or referral reason in any table") {
  for (CsvExport what : {CsvExport::partners, CsvExport::services, CsvExport::events, CsvExport::referral_stats})
    for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) {
      const std::string bytes = export_csv(directory(), what, lang);
      CHECK(bytes.find("Клієнтка-Вигадана") == std::string::npos);
      CHECK(bytes.find("ПРИЧИНА-ТАЄМНА") == std::string::npos);
    }
}
