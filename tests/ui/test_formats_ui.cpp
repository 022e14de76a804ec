// Open formats from the UI (view_settings.cpp): the directory's tables for spreadsheets
// (io/tables_csv.hpp writes them; tests/unit/test_csv.cpp reads them back with Python's csv).
#include <doctest/doctest.h>

#include <string>

#include "headless.hpp"
#include "io/csv.hpp"

using kolo::test::Headless;

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
