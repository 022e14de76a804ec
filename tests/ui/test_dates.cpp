// "Today" in the app is the user's local date, as the platform reports it: the export's file
// name and the testing summary follow it, also when the UTC date is still yesterday.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "headless.hpp"

using kolo::test::Headless;

TEST_CASE("half past midnight in Kyiv is already the next day for the app and its export") {
  Headless ui;
  // 22:30 UTC on 24 November is 00:30 on 25 November in Kyiv (UTC+2 in winter).
  ui.host.local = *kolo::local_time_in("Europe/Kyiv", kolo::unix_seconds(kolo::DateTime{{2026, 11, 24}, 22, 30, 0}));
  CHECK(ui.app.today() == kolo::Date{2026, 11, 25});
  const nlohmann::json state = nlohmann::json::parse(ui.app.state_json());
  CHECK(state.at("today") == "2026-11-25");
  CHECK(state.at("time_zone") == "Europe/Kyiv");

  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("data.export"));
  REQUIRE(ui.host.downloads.size() == 1);
  CHECK(ui.host.downloads[0].name == "kolo-2026-11-25.json");

  // A minute before local midnight it is still the 24th.
  ui.host.local = *kolo::local_time_in("Europe/Kyiv", kolo::unix_seconds(kolo::DateTime{{2026, 11, 24}, 21, 59, 0}));
  REQUIRE(ui.click("data.export"));
  REQUIRE(ui.host.downloads.size() == 2);
  CHECK(ui.host.downloads[1].name == "kolo-2026-11-24.json");
}
