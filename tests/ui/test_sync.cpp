// Team sync through the UI (app_sync.cpp): the Settings section hands the platform what the
// user typed and chose, keeps the tables a choice needs together, says where sync stands and
// why, asks before this device's data is replaced, and settles a conflict with another device
// with the server (never as a conflict between tabs). The platform's side (shell/kolo_sync.js
// against pouchdb-server) is tested in tests/e2e/sync.test.mjs.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "headless.hpp"

using kolo::Table;
using kolo::test::Headless;

namespace {

bool has(const std::vector<Table>& tables, Table t) { return std::find(tables.begin(), tables.end(), t) != tables.end(); }

nlohmann::json last_request(const Headless& ui) {
  REQUIRE_FALSE(ui.host.sync_requests.empty());
  return nlohmann::json::parse(ui.host.sync_requests.back());
}

bool sent(const nlohmann::json& request, const char* table) {
  for (const auto& t : request["tables"])
    if (t == table) return true;
  return false;
}

}  // namespace

TEST_CASE("by default the directory syncs and client data does not; a table brings the tables it refers to") {
  const std::vector<Table> d = kolo::ui::default_sync_tables();
  for (Table t : {Table::need_tags, Table::partners, Table::services, Table::agreements, Table::events})
    CHECK(has(d, t));
  for (Table t : {Table::cases, Table::referrals, Table::declines, Table::profiles}) CHECK_FALSE(has(d, t));
  const std::vector<Table> referrals = kolo::ui::with_referenced_tables({Table::referrals});
  CHECK(has(referrals, Table::cases));
  CHECK(has(referrals, Table::partners));
  CHECK(std::is_sorted(referrals.begin(), referrals.end()));  // the order pushes follow
  CHECK(has(kolo::ui::tables_referenced_by(Table::services), Table::partners));
}

TEST_CASE("Connect hands the platform the address, passphrase and tables; client tables only when ticked, with a warning") {
  Headless ui({}, 1280, 3600);
  REQUIRE(ui.click("nav.settings"));
  CHECK(ui.state()["sync"]["state"] == "off");
  kolo::test::fill_field(ui, "sync.url", "http://127.0.0.1:5984/team");
  kolo::test::fill_field(ui, "sync.passphrase", "secret words");
  REQUIRE(ui.click("sync.connect"));
  nlohmann::json r = last_request(ui);
  CHECK(r["url"] == "http://127.0.0.1:5984/team");
  CHECK(r["passphrase"] == "secret words");
  CHECK(r["replace"] == false);
  CHECK(sent(r, "partners"));
  CHECK_FALSE(sent(r, "cases"));
  CHECK_FALSE(sent(r, "referrals"));

  // Referrals on: the cases they belong to come along, and the user is warned.
  REQUIRE(ui.click("sync.table.referrals"));
  CHECK(ui.text_shown(kolo::tr("sync.client_warning", kolo::Lang::en)));
  REQUIRE(ui.click("sync.connect"));
  r = last_request(ui);
  CHECK(sent(r, "referrals"));
  CHECK(sent(r, "cases"));
  // Partners off: nothing that refers to them can sync either.
  REQUIRE(ui.click("sync.table.partners"));
  REQUIRE(ui.click("sync.connect"));
  r = last_request(ui);
  CHECK_FALSE(sent(r, "partners"));
  CHECK_FALSE(sent(r, "services"));
  CHECK_FALSE(sent(r, "referrals"));
  CHECK(sent(r, "need_tags"));
}

TEST_CASE("where sync stands is said in words; both sides holding data asks before replacing, with an export offered") {
  Headless ui({}, 1280, 3600);
  REQUIRE(ui.click("nav.settings"));
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(R"({"state":"wrong_passphrase"})"));
  ui.frame();
  CHECK(ui.text_shown(kolo::tr("sync.wrong_passphrase", kolo::Lang::en)));
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(R"({"state":"error","why":"auth"})"));
  ui.frame();
  CHECK(ui.text_shown(kolo::tr("sync.why.auth", kolo::Lang::en)));
  // Records on the server that do not decrypt here are left there and told, sync going on.
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(R"({"state":"synced","unreadable":["partners/7","events/3"]})"));
  ui.frame();
  CHECK(ui.text_shown(kolo::trf("sync.unreadable", kolo::Lang::en, {"2", "partners/7"})));
  CHECK(ui.state()["sync"]["unreadable"].size() == 2);
  // The data locked after connecting: the sync key could not be kept locked; connect again.
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(R"({"state":"error","why":"relink"})"));
  ui.frame();
  CHECK(ui.text_shown(kolo::tr("sync.why.relink", kolo::Lang::en)));

  kolo::test::fill_field(ui, "sync.url", "http://127.0.0.1:5984/team");
  kolo::test::fill_field(ui, "sync.passphrase", "secret words");
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(R"({"state":"needs_replace","local":12})"));
  ui.frame();
  CHECK(ui.text_shown(kolo::trf("sync.needs_replace", kolo::Lang::en, {"12"})));
  REQUIRE(ui.click("sync.replace_export"));
  CHECK(ui.host.downloads.size() == 1);
  REQUIRE(ui.click("sync.replace"));
  CHECK(last_request(ui)["replace"] == true);

  // Connected: the form shows what syncs, and the passphrase can be changed (the current one
  // is needed).
  ui.app.set_sync_status(kolo::ui::sync_status_from_json(
      R"({"state":"synced","url":"http://127.0.0.1:5984/team","tables":["need_tags","partners"],"pending":0})"));
  ui.frame();
  CHECK(ui.state()["sync"]["state"] == "synced");
  kolo::test::fill_field(ui, "sync.new_passphrase", "other words");
  REQUIRE(ui.click("sync.change_passphrase"));
  REQUIRE(ui.host.passphrase_changes.size() == 1);
  CHECK(ui.host.passphrase_changes[0].first == "secret words");
  CHECK(ui.host.passphrase_changes[0].second == "other words");
  REQUIRE(ui.click("sync.disconnect"));
  CHECK(ui.host.sync_disconnects == 1);
}

TEST_CASE("a conflict with another device is settled with the server, not as a conflict between tabs") {
  Headless ui;
  kolo::Partner mine;
  mine.name = "School 5";
  const kolo::Id id = kolo::test::add_record(ui, mine);
  kolo::Partner theirs = *kolo::find_record<kolo::Partner>(ui.app.own_doc(), id);
  theirs.name = "School No. 5";
  kolo::ui::StorageConflict c;
  c.key = "partners/" + std::to_string(id);
  c.table = Table::partners;
  c.id = id;
  c.mine = kolo::Record(*kolo::find_record<kolo::Partner>(ui.app.own_doc(), id));
  c.theirs = kolo::Record(theirs);
  c.why = "device";
  c.device = true;
  ui.app.show_conflicts({c});
  for (int i = 0; i < 3; ++i) ui.frame();  // a modal opens, then sizes itself to its content
  CHECK(ui.state()["sync"]["conflicts_device"] == 1);
  CHECK(ui.text_shown(kolo::tr("conflict.why.device", kolo::Lang::en)));
  // Keep both: mine beside theirs as a new record; theirs is the platform's to write (in step
  // with the server), so nothing of mine goes out under this key.
  REQUIRE(ui.click("conflict.both"));
  REQUIRE(ui.host.sync_resolved.size() == 1);
  CHECK(ui.host.sync_resolved[0] == std::make_pair(c.key, true));
  CHECK(ui.host.resolved.empty());
  CHECK(ui.app.own_doc().partners.size() == 2);
  CHECK(kolo::find_record<kolo::Partner>(ui.app.own_doc(), id)->name == "School 5");
  // Keep mine: nothing changes here, and mine goes out.
  ui.app.show_conflicts({c});
  for (int i = 0; i < 3; ++i) ui.frame();
  REQUIRE(ui.click("conflict.mine"));
  REQUIRE(ui.host.sync_resolved.size() == 2);
  CHECK(ui.host.sync_resolved[1] == std::make_pair(c.key, false));
  CHECK(ui.app.own_doc().partners.size() == 2);
}
