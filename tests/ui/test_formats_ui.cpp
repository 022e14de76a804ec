// Open formats from the UI (view_settings.cpp): the directory's tables for spreadsheets
// (io/tables_csv.hpp writes them; tests/unit/test_csv.cpp reads them back with Python's csv).
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "headless.hpp"
#include "io/csv.hpp"
#include "io/hsds.hpp"
#include "ui/file_kinds.hpp"

using kolo::test::Headless;
using kolo::ui::OpenedFile;

namespace {
OpenedFile file(const std::string& name, const std::string& bytes) {
  OpenedFile f;
  f.name = name;
  f.bytes = bytes;
  f.total_size = bytes.size();
  return f;
}

const std::string kOrgs =
    "id,name,description,website\r\n"
    "8c0e4a52-1111-4000-8000-000000000001,Центр «Рівновага» (вигаданий),НГО,https://rivnovaha.example.org\r\n";
const std::string kServices =
    "id,organization_id,name,status,minimum_age,maximum_age\r\n"
    "8c0e4a52-2222-4000-8000-000000000002,8c0e4a52-1111-4000-8000-000000000001,Група для батьків,active,18,\r\n";
const std::string kFunding = "id,organization_id,source\r\nf1,8c0e4a52-1111-4000-8000-000000000001,Грант\r\n";
}  // namespace

TEST_CASE("Settings saves partners, services, events and referral statistics as CSV for a spreadsheet") {
  Headless ui({}, 1280, 2000);  // tall enough to show the whole of Settings
  ui.app.load_demo();
  ui.app.set_language(kolo::Lang::uk);
  ui.frame();  // the navigation in Ukrainian, where the click will land
  REQUIRE(ui.click("nav.settings"));
  const struct {
    const char* id;
    const char* name;
    std::size_t rows;
  } tables[] = {
      {"data.csv.partners", "kolo-partners-2026-11-23.csv", ui.app.doc().partners.size()},
      {"data.csv.services", "kolo-services-2026-11-23.csv", ui.app.doc().services.size()},
      {"data.csv.events", "kolo-events-2026-11-23.csv", ui.app.doc().events.size()},
  };
  for (const auto& t : tables) {
    CAPTURE(t.id);
    const std::size_t before = ui.host.downloads.size();
    REQUIRE(ui.click(t.id));
    REQUIRE(ui.host.downloads.size() == before + 1);
    const auto& file = ui.host.downloads.back();
    CHECK(file.name == t.name);
    CHECK(file.mime == "text/csv");
    CHECK(file.bytes.substr(0, 3) == kolo::kUtf8Bom);
    const kolo::CsvRead read = kolo::read_csv(file.bytes);
    REQUIRE(read.table);
    CHECK(read.table->rows.size() == t.rows);
    CHECK(read.table->header[1] == (t.id == std::string("data.csv.events") ? kolo::tr("field.title", kolo::Lang::uk)
                                    : t.id == std::string("data.csv.services") ? kolo::tr("field.partner_id", kolo::Lang::uk)
                                                                                 : kolo::tr("field.name", kolo::Lang::uk)));
  }
  REQUIRE(ui.click("data.csv.referral_stats"));
  const kolo::CsvRead stats = kolo::read_csv(ui.host.downloads.back().bytes);
  REQUIRE(stats.table);
  CHECK(!stats.table->rows.empty());  // the example network has referrals both ways
  for (const auto& row : stats.table->rows)
    for (const kolo::Case& c : ui.app.doc().cases)
      for (const std::string& cell : row) CHECK(cell.find(c.alias) == std::string::npos);
}

TEST_CASE("an HSDS directory's CSV tables, dropped together: a preview with what is not kept, merge only, one undo") {
  Headless ui;
  const std::size_t partners = ui.app.doc().partners.size();
  CHECK(std::string(kolo::ui::detect_kind(file("organizations.csv", kOrgs))->id) == "csv");
  ui.app.begin_files(3);
  ui.app.open_file(file("organizations.csv", kOrgs));
  ui.app.open_file(file("services.csv", kServices));
  ui.frame();
  CHECK(ui.find("import.merge") == nullptr);  // still one to come
  ui.app.open_file(file("funding.csv", kFunding));
  ui.frame();
  ui.frame();
  REQUIRE(ui.find("import.merge") != nullptr);
  CHECK(ui.find("import.replace") == nullptr);  // a directory is merged, never the whole network
  REQUIRE(ui.click("import.merge"));
  CHECK(ui.app.doc().partners.size() == partners + 1);
  REQUIRE(ui.app.doc().services.size() == 1);
  CHECK(ui.app.doc().services[0].name == "Група для батьків");
  CHECK(ui.app.doc().services[0].age_groups == "18+");
  // One undo takes the whole import back; redo brings it again.
  ui.app.undo();
  CHECK(ui.app.doc().partners.size() == partners);
  CHECK(ui.app.doc().services.empty());
  ui.app.redo();
  REQUIRE(ui.app.doc().services.size() == 1);
  // Dropped again: nothing to add.
  ui.app.begin_files(2);
  ui.app.open_file(file("Organization.csv", kOrgs));  // singular, another case: the same table
  ui.app.open_file(file("service.csv", kServices));
  ui.frame();
  ui.frame();
  REQUIRE(ui.click("import.merge"));
  CHECK(ui.app.doc().partners.size() == partners + 1);
  CHECK(ui.app.doc().services.size() == 1);
}

TEST_CASE("an HSDS directory merged after the user changed a partner meanwhile keeps the change; one unreadable file of several stops them all") {
  Headless ui;
  ui.app.begin_files(2);
  ui.app.open_file(file("organizations.csv", kOrgs));
  ui.app.open_file(file("services.csv", kServices));
  ui.frame();
  ui.frame();
  REQUIRE(ui.click("import.merge"));
  REQUIRE(!ui.app.doc().partners.empty());
  kolo::Partner centre = ui.app.doc().partners.back();
  // The same directory again, previewed; before merging, the user sets the partner's trust
  // (as another tab would, or an undo).
  ui.app.begin_files(2);
  ui.app.open_file(file("organizations.csv", kOrgs));
  ui.app.open_file(file("services.csv", kServices));
  ui.frame();
  ui.frame();
  centre.trust = 4;
  centre.stage = kolo::Stage::active;
  ui.app.apply(kolo::put_command(centre));
  REQUIRE(ui.click("import.merge"));
  const kolo::Partner* after = kolo::find_record<kolo::Partner>(ui.app.doc(), centre.id);
  REQUIRE(after != nullptr);
  CHECK(after->trust == 4);
  CHECK(after->stage == kolo::Stage::active);
  // Three files, one the browser could not read: none is opened, and the message says which.
  const std::size_t partners = ui.app.doc().partners.size();
  ui.app.begin_files(3);
  ui.app.open_file(file("organizations.csv", kOrgs));
  ui.app.file_unreadable("services.csv", "NotReadableError");
  ui.app.open_file(file("funding.csv", kFunding));
  ui.frame();
  ui.frame();
  CHECK(ui.find("import.merge") == nullptr);
  CHECK(ui.app.error_message() == kolo::trf("file.unreadable", kolo::Lang::en, {"services.csv", "NotReadableError"}));
  CHECK(ui.app.doc().partners.size() == partners);
}

TEST_CASE("files that do not belong together, a broken HSDS table, a broken HSDS file: clear messages, nothing changed") {
  Headless ui;
  ui.app.load_demo();
  const kolo::Document before = ui.app.doc();
  ui.app.begin_files(2);
  ui.app.open_file(file("organizations.csv", kOrgs));
  ui.app.open_file(file("notes.txt", "hello"));
  CHECK(ui.app.error_message() == kolo::trf("file.one_at_a_time", kolo::Lang::en, {"organizations.csv, notes.txt"}));
  ui.app.open_file(file("my partners.csv", "Name;Notes\r\nA;\"never closed\r\n"));
  CHECK(ui.app.error_message() == "my partners.csv: " + kolo::describe({"err.csv_malformed", "", {"2"}}, kolo::Lang::en));
  ui.app.open_file(file("services.csv", "id,name\r\n\"broken,x\r\n"));
  ui.frame();
  ui.frame();
  CHECK(ui.find("import.merge") == nullptr);
  REQUIRE(ui.click("import.close"));
  const std::string hsds = "{\"contents\": [{\"id\": \"a\", \"name\": 5, \"description\": \"\"}]}";
  CHECK(std::string(kolo::ui::detect_kind(file("directory.json", "[{\"id\": \"a\", \"name\": \"x\", \"description\": \"\"}]"))->id) ==
        "hsds_json");
  ui.app.open_file(file("directory.json", hsds));  // not HSDS-shaped enough: the Kolo reader refuses it
  ui.frame();
  ui.frame();
  CHECK(ui.find("import.merge") == nullptr);
  CHECK(ui.app.doc() == before);
}

TEST_CASE("Settings saves the service directory as HSDS 3.0 JSON") {
  Headless ui({}, 1280, 2000);
  ui.app.load_demo();
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("data.hsds"));
  REQUIRE(!ui.host.downloads.empty());
  const auto& f = ui.host.downloads.back();
  CHECK(f.name == "kolo-hsds-2026-11-23.json");
  CHECK(f.mime == "application/json");
  const kolo::HsdsImport back = kolo::hsds_import_json(kolo::Document{}, f.bytes, kolo::Lang::en);
  REQUIRE(back.incoming);
  CHECK(back.services == ui.app.doc().services.size());
}

TEST_CASE("partners from a spreadsheet: columns picked with the mouse, bad rows skipped only when agreed, one undo, columns remembered") {
  Headless ui({}, 1280, 1000);
  const std::string sheet =
      "\xEF\xBB\xBFУстанова;Вид;Телефон;Примітки\r\n"
      "Ліцей №7 (вигаданий);Школа / садочок;+380 44 111 22 33;\"батьківські збори;\nдвічі на рік\"\r\n"
      "Центр «Вигаданий»;ГО / благодійна організація;;\r\n"
      "Без виду;космічний корабель;;\r\n";
  const std::size_t before = ui.app.doc().partners.size();
  ui.app.open_file(file("мої партнери.csv", sheet));
  ui.frame();
  ui.frame();
  REQUIRE(ui.find("csv.import") != nullptr);
  // "Установа" is guessed as the name; the kind column too.
  nlohmann::json state = nlohmann::json::parse(ui.app.state_json());
  CHECK(state["partner_csv"]["map"]["name"] == "Установа");
  CHECK(state["partner_csv"]["map"]["kind"] == "Вид");
  CHECK(state["partner_csv"]["added"] == 2);
  REQUIRE(state["partner_csv"]["bad"].size() == 1);
  CHECK(state["partner_csv"]["bad"][0]["row"] == 4);
  CHECK(state["partner_csv"]["bad"][0]["field"] == "field.kind");
  // Importing waits for the user's word about the bad row.
  REQUIRE(ui.click("csv.import"));
  CHECK(ui.app.doc().partners.size() == before);
  // The user takes the kind column off with the mouse: the row is no longer bad.
  REQUIRE(ui.click("csv.map.kind"));
  REQUIRE(ui.click("csv.map.kind.none"));
  state = nlohmann::json::parse(ui.app.state_json());
  CHECK(state["partner_csv"]["map"]["kind"].is_null());
  CHECK(state["partner_csv"]["bad"].empty());
  CHECK(state["partner_csv"]["added"] == 3);
  // And puts it back, then agrees to skip the bad row.
  REQUIRE(ui.click("csv.map.kind"));
  REQUIRE(ui.click("csv.map.kind.1"));
  REQUIRE(ui.click("csv.skip_bad"));
  REQUIRE(ui.click("csv.import"));
  CHECK(ui.find("csv.import") == nullptr);
  REQUIRE(ui.app.doc().partners.size() == before + 2);
  const kolo::Partner& lyceum = ui.app.doc().partners[before];
  CHECK(lyceum.name == "Ліцей №7 (вигаданий)");
  CHECK(lyceum.kind == kolo::PartnerKind::school_kindergarten);
  CHECK(lyceum.notes == "батьківські збори;\nдвічі на рік");
  REQUIRE(lyceum.contacts.size() == 1);
  CHECK(lyceum.contacts[0].phone == "+380 44 111 22 33");
  // Remembered for next time.
  CHECK(ui.app.settings().csv_columns == kolo::RememberedColumns{{"name", "Установа"}, {"kind", "Вид"}, {"phone", "Телефон"}, {"notes", "Примітки"}});
  CHECK(kolo::ui::settings_from_json(kolo::ui::settings_to_json(ui.app.settings()), kolo::Lang::en).csv_columns ==
        ui.app.settings().csv_columns);
  // One undo takes the whole import back.
  ui.app.undo();
  CHECK(ui.app.doc().partners.size() == before);
}
