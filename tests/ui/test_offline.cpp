// Offline use through the UI (app_offline.cpp, the banners in app.cpp): the offline copy the
// user downloads from Settings, with her data or without; the single-file way of a copy that
// has no storage (the banner, the status, the question before leaving, saving an updated
// copy, a copy that could not be made); a new version waiting; and the notice of where a copy
// keeps its data. The platform's side (the service worker, the copy's assembly, file://) is
// tested in tests/e2e/offline.test.mjs.
#include <doctest/doctest.h>

#include <string>

#include "headless.hpp"
#include "io/kolo_json.hpp"

using kolo::test::Headless;
using kolo::ui::PageKind;

namespace {

kolo::Partner partner(const char* name) {
  kolo::Partner p;
  p.name = name;
  return p;
}

}  // namespace

TEST_CASE("Settings downloads an offline copy with the data, or without it when unticked") {
  Headless ui({}, 1280, 2400);  // tall enough to show all of Settings
  ui.app.load_demo();
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("offline.copy"));
  REQUIRE(ui.host.offline_copies.size() == 1);
  const auto& with = ui.host.offline_copies.back();
  CHECK(with.name.rfind("kolo-offline-", 0) == 0);
  CHECK(with.name.substr(with.name.size() - 5) == ".html");
  CHECK_FALSE(with.same_copy);
  kolo::ParseResult carried = kolo::parse_kolo(with.data);
  REQUIRE(carried.doc.has_value());
  CHECK(carried.doc->partners.size() == ui.app.doc().partners.size());
  CHECK(carried.doc->cases.size() == ui.app.doc().cases.size());

  // One copy at a time: while it is being made, the button does nothing.
  CHECK(ui.state()["offline"]["copy_in_flight"] == true);
  ui.click("offline.copy");
  CHECK(ui.host.offline_copies.size() == 1);
  ui.app.offline_copy_done(true, "");
  ui.frame();

  REQUIRE(ui.click("offline.with_data"));
  REQUIRE(ui.click("offline.copy"));
  REQUIRE(ui.host.offline_copies.size() == 2);
  CHECK(ui.host.offline_copies.back().data.empty());
  ui.app.offline_copy_done(true, "");

  // A page the browser saved cannot read its own files back: the user is told what to do.
  REQUIRE(ui.click("offline.copy"));
  ui.app.offline_copy_done(false, "file://");
  CHECK(ui.app.error_message() == kolo::tr("offline.copy_failed_file", kolo::Lang::en));
}

TEST_CASE("a copy without storage keeps the data in the file: the status, the question before leaving, an updated copy") {
  Headless ui;
  ui.app.set_page(PageKind::copy, "2026-11-20T10:00:00Z");
  ui.app.apply(kolo::put_command(partner("Carried school")));
  ui.app.set_single_file();
  ui.frame();
  nlohmann::json s = ui.state()["offline"];
  CHECK(s["single_file"] == true);
  CHECK(s["not_in_file"] == false);
  CHECK_FALSE(ui.app.unsaved_work());
  REQUIRE(ui.find("offline.save_copy") != nullptr);  // the banner that explains it

  kolo::test::add_record(ui, partner("Added on the train"));
  ui.frame();
  CHECK(ui.state()["offline"]["not_in_file"] == true);
  CHECK(ui.app.unsaved_work());  // the browser asks before the page is closed

  REQUIRE(ui.click("offline.save_copy"));
  REQUIRE(ui.host.offline_copies.size() == 1);
  const auto& copy = ui.host.offline_copies.back();
  CHECK(copy.same_copy);
  CHECK(copy.name.empty());  // the page's own file name
  kolo::ParseResult parsed = kolo::parse_kolo(copy.data);
  REQUIRE(parsed.doc.has_value());
  CHECK(parsed.doc->partners.size() == 2);
  CHECK(ui.app.unsaved_work());  // not yet offered as a download
  ui.app.offline_copy_done(true, "");
  ui.frame();
  CHECK(ui.state()["offline"]["not_in_file"] == false);
  CHECK_FALSE(ui.app.unsaved_work());

  // A copy that could not be made leaves the changes marked as not in the file.
  kolo::test::add_record(ui, partner("Third"));
  REQUIRE(ui.click("offline.save_copy"));
  ui.app.offline_copy_done(false, "QuotaExceededError");
  ui.frame();
  CHECK(ui.state()["offline"]["not_in_file"] == true);
  CHECK(ui.app.error_message().find("QuotaExceededError") != std::string::npos);
  CHECK(ui.app.unsaved_work());
}

TEST_CASE("a new version waiting: the banner offers a reload, which the platform does once all is saved") {
  Headless ui;
  ui.frame();
  CHECK(ui.find("offline.reload") == nullptr);
  ui.app.set_offline(true, false, "0123456789ab");
  ui.frame();
  CHECK(ui.state()["offline"]["update"] == "0123456789ab");
  CHECK_FALSE(ui.app.reload_requested());
  REQUIRE(ui.click("offline.reload"));
  CHECK(ui.app.reload_requested());
  CHECK(ui.find("offline.reload") == nullptr);  // it says it is saving, then reloading
  // Changes that cannot be saved now: the platform says so instead of reloading.
  ui.app.reload_blocked("QuotaExceededError");
  ui.frame();
  CHECK_FALSE(ui.app.reload_requested());
  CHECK(ui.app.error_message().find("QuotaExceededError") != std::string::npos);
  CHECK(ui.find("offline.reload") != nullptr);
}

TEST_CASE("data an updated copy carries, different from what this browser keeps, opens in the import dialog") {
  Headless ui;
  ui.app.set_page(PageKind::copy, "2026-11-20T10:00:00Z");
  ui.app.apply(kolo::put_command(partner("Kept here")));
  kolo::Document carried;
  kolo::Partner p = partner("Saved on the train");
  p.id = 500;
  carried.partners.push_back(p);
  carried.next_id = 501;
  ui.app.offer_carried_data(kolo::to_json(carried, "2026-11-24T18:00:00"), "2026-11-24T18:00:00Z");
  ui.frame();
  ui.frame();  // the dialog opens in the frame after the request
  nlohmann::json s = ui.state();
  REQUIRE(s.contains("import"));
  CHECK_MESSAGE(s["import"]["readable"] == true, s["import"].dump());
  CHECK(s["notices"].size() == 1);
  REQUIRE(ui.click("import.merge"));
  CHECK(ui.app.doc().partners.size() == 2);
}

TEST_CASE("an offline copy tells once where it keeps its data, and offers an export") {
  Headless ui;
  ui.app.set_page(PageKind::copy, "2026-11-20T10:00:00Z");
  ui.app.load_demo();
  ui.app.show_file_notice();
  ui.frame();
  REQUIRE(ui.click("offline.export"));
  REQUIRE_FALSE(ui.host.downloads.empty());
  CHECK(ui.host.downloads.back().name.substr(ui.host.downloads.back().name.size() - 5) == ".json");
  REQUIRE(ui.click("offline.dismiss"));
  CHECK(ui.find("offline.export") == nullptr);
  CHECK(ui.state()["offline"]["file_notice"] == false);
}
