// Privacy (issue 17, src/ui/app_privacy.cpp) headless: an export whose data holds client cases
// says so and is encrypted with a passphrase typed twice; an encrypted file asks for its
// passphrase, says so when it is wrong and changes nothing, and once opened goes through the
// usual import dialog; a damaged one is refused; "Forget this device" asks first and offers an
// export. The browser's side (WebCrypto, deleting the databases) is in tests/e2e/privacy.test.mjs.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <string>

#include "headless.hpp"
#include "io/encrypted_export.hpp"
#include "io/kolo_json.hpp"
#include "ui/widgets.hpp"

using kolo::test::Headless;
using kolo::test::add_record;
using kolo::test::fill_field;
using nlohmann::json;

namespace {

// Tall enough that all of Settings fits.
Headless* make_ui() { return new Headless({}, 1280, 2600); }

kolo::Id add_case(Headless& ui, const char* alias) {
  kolo::Case c;
  c.alias = alias;
  c.opened = "2026-11-20";
  return add_record(ui, c);
}

const char* kEnvelope =
    R"({"format":"kolo-encrypted","version":1,"kdf":{"name":"PBKDF2","hash":"SHA-256","iterations":600000,)"
    R"("salt":"AAECAwQFBgcICQoLDA0ODw=="},"cipher":"AES-GCM","iv":"AAECAwQFBgcICQoL",)"
    R"("ct":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"})";

bool mirror_says(const std::string& text) {
  return kolo::ui::items_a11y_json(0, 0).find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("an export of data without clients says nothing of clients and stays one click") {
  std::unique_ptr<Headless> ui(make_ui());
  kolo::Partner p;
  p.name = "Фонд «Тепло»";
  add_record(*ui, p);
  REQUIRE(ui->click("nav.settings"));
  CHECK(ui->state()["privacy"]["client_data"] == false);
  CHECK_FALSE(mirror_says("client cases"));
  REQUIRE(ui->click("data.export"));
  CHECK(ui->host.downloads.size() == 1);
  CHECK(ui->host.encrypted.empty());
}

TEST_CASE("an export with client cases says so and is encrypted with the passphrase typed twice") {
  std::unique_ptr<Headless> ui(make_ui());
  add_case(*ui, "K-7");
  REQUIRE(ui->click("nav.settings"));
  CHECK(ui->state()["privacy"]["client_data"] == true);
  CHECK(mirror_says("This file contains client cases and referrals"));
  CHECK(ui->find("privacy.passphrase") == nullptr);

  REQUIRE(ui->click("privacy.encrypt"));
  CHECK(ui->state()["privacy"]["encrypt"] == true);
  CHECK(ui->find("data.export") == nullptr);  // the encrypted export's button stands in for it
  REQUIRE(ui->find("privacy.export"));
  CHECK(ui->find("privacy.export")->disabled);

  fill_field(*ui, "privacy.passphrase", "short");
  CHECK(kolo::ui::is_secret_field(GImGui->ActiveId));  // never mirrored into the page
  CHECK(mirror_says("at least 8 characters"));
  REQUIRE(ui->click("privacy.export"));  // disabled: nothing happens
  CHECK(ui->host.encrypted.empty());

  kolo::test::replace(*ui, "privacy.passphrase", "short-pass-1");
  fill_field(*ui, "privacy.passphrase_again", "short-pass-2");
  CHECK(mirror_says("The two passphrases differ."));
  CHECK(ui->state()["privacy"]["passphrase_ok"] == false);
  kolo::test::replace(*ui, "privacy.passphrase_again", "short-pass-1");
  CHECK(ui->state()["privacy"]["passphrase_ok"] == true);

  REQUIRE(ui->click("privacy.export"));
  REQUIRE(ui->host.encrypted.size() == 1);
  const auto& asked = ui->host.encrypted[0];
  CHECK(asked.name == "kolo-2026-11-23.kolo-encrypted.json");
  CHECK(asked.passphrase == "short-pass-1");
  CHECK(asked.json == kolo::to_json(ui->app.doc(), "2026-11-23T09:00:00"));
  CHECK(ui->host.downloads.empty());  // never the plain file as well
  CHECK(ui->state()["privacy"]["export_in_flight"] == true);
  CHECK(ui->find("privacy.export")->disabled);

  ui->app.encrypted_export_done(true, asked.name);
  ui->frame();
  const json s = ui->state()["privacy"];
  CHECK(s["export_in_flight"] == false);
  CHECK(s["exported"] == asked.name);
  CHECK(s["passphrase_ok"] == false);  // the passphrase is not kept once used
  CHECK(mirror_says("Encrypted export offered as kolo-2026-11-23.kolo-encrypted.json."));
}

TEST_CASE("an encryption that fails says why and keeps the passphrase for another try") {
  std::unique_ptr<Headless> ui(make_ui());
  add_case(*ui, "K-8");
  REQUIRE(ui->click("nav.settings"));
  REQUIRE(ui->click("privacy.encrypt"));
  fill_field(*ui, "privacy.passphrase", "long enough");
  fill_field(*ui, "privacy.passphrase_again", "long enough");
  REQUIRE(ui->click("privacy.export"));
  ui->app.encrypted_export_done(false, "this browser has no WebCrypto");
  ui->frame();
  CHECK(ui->state()["error"].get<std::string>().find("this browser has no WebCrypto") != std::string::npos);
  CHECK(ui->state()["privacy"]["passphrase_ok"] == true);
  ui->frame();  // the message's dialog appears
  REQUIRE(ui->click("error.ok"));

  // Unticked, the passphrase is dropped; the plain export is back.
  REQUIRE(ui->click("privacy.encrypt"));
  CHECK(ui->state()["privacy"]["passphrase_ok"] == false);
  REQUIRE(ui->click("data.export"));
  CHECK(ui->host.downloads.size() == 1);
}

TEST_CASE("an encrypted file asks for its passphrase; a wrong one changes nothing; the right one imports") {
  std::unique_ptr<Headless> ui(make_ui());
  ui->open("kolo-2026-11-23.kolo-encrypted.json", kEnvelope);
  json s = ui->state();
  REQUIRE(s["privacy"]["unlock"].is_object());
  CHECK(s["privacy"]["unlock"]["file"] == "kolo-2026-11-23.kolo-encrypted.json");
  CHECK(s["error"] == "");
  REQUIRE(ui->find("unlock.passphrase"));
  CHECK(ui->find("unlock.open")->disabled);

  fill_field(*ui, "unlock.passphrase", "wrong one");
  CHECK(kolo::ui::is_secret_field(GImGui->ActiveId));
  REQUIRE(ui->click("unlock.open"));
  REQUIRE(ui->host.decrypts.size() == 1);
  CHECK(ui->host.decrypts[0].first == kEnvelope);
  CHECK(ui->host.decrypts[0].second == "wrong one");
  CHECK(ui->state()["privacy"]["unlock"]["in_flight"] == true);
  ui->app.decrypt_failed(true, "OperationError");
  ui->frame();
  s = ui->state();
  CHECK(s["privacy"]["unlock"]["wrong"] == true);
  CHECK(s["privacy"]["unlock"]["attempts"] == 1);
  CHECK(mirror_says("Wrong passphrase, nothing was imported."));
  CHECK(s["counts"]["cases"] == 0);
  CHECK_FALSE(s.contains("import"));

  fill_field(*ui, "unlock.passphrase", "right one");
  REQUIRE(ui->click("unlock.open"));
  REQUIRE(ui->host.decrypts.size() == 2);
  CHECK(ui->host.decrypts[1].second == "right one");  // the wrong one was cleared
  kolo::Document carried;
  kolo::Case c;
  c.id = 5;
  c.alias = "K-9";
  c.opened = "2026-11-20";
  carried.cases.push_back(c);
  carried.next_id = 6;
  ui->app.decrypted(kolo::to_json(carried, "2026-11-23T09:00:00"));
  ui->frame();  // the passphrase dialog closes, the file opens
  ui->frame();  // the import dialog appears (sized in this frame, shown in the next)
  ui->frame();
  s = ui->state();
  CHECK(s["privacy"]["unlock"].is_null());
  REQUIRE(s.contains("import"));
  CHECK(s["import"]["file"] == "kolo-2026-11-23.json");
  CHECK(s["import"]["readable"] == true);
  REQUIRE(ui->click("import.merge"));
  REQUIRE(ui->app.doc().cases.size() == 1);
  CHECK(ui->app.doc().cases[0].alias == "K-9");
}

TEST_CASE("a cancelled passphrase dialog changes nothing; a damaged or undecryptable file is refused") {
  std::unique_ptr<Headless> ui(make_ui());
  ui->open("a.kolo-encrypted.json", kEnvelope);
  REQUIRE(ui->click("unlock.cancel"));
  CHECK(ui->state()["privacy"]["unlock"].is_null());
  CHECK(ui->host.decrypts.empty());
  CHECK(ui->find("unlock.passphrase") == nullptr);

  json damaged = json::parse(kEnvelope);
  damaged["iv"] = "AAEC";
  ui->open("b.kolo-encrypted.json", damaged.dump());
  json s = ui->state();
  CHECK(s["privacy"]["unlock"].is_null());
  CHECK(s["error"].get<std::string>().find("b.kolo-encrypted.json cannot be opened") != std::string::npos);
  CHECK(s["error"].get<std::string>().find("/iv") != std::string::npos);
  REQUIRE(ui->click("error.ok"));

  // Told by its content whatever its name.
  ui->open("renamed.json", kEnvelope);
  REQUIRE(ui->state()["privacy"]["unlock"].is_object());
  fill_field(*ui, "unlock.passphrase", "whatever");
  REQUIRE(ui->click("unlock.open"));
  ui->app.decrypt_failed(false, "TypeError: invalid base64");
  ui->frame();
  ui->frame();
  s = ui->state();
  CHECK(s["privacy"]["unlock"].is_null());
  CHECK(s["error"].get<std::string>().find("renamed.json could not be decrypted: TypeError: invalid base64") != std::string::npos);
  CHECK(s["counts"]["cases"] == 0);
}

TEST_CASE("forget this device asks first, offers an export, and says why when it could not finish") {
  std::unique_ptr<Headless> ui(make_ui());
  add_case(*ui, "K-10");
  REQUIRE(ui->click("nav.settings"));
  REQUIRE(ui->click("privacy.forget"));
  CHECK(ui->state()["privacy"]["forget"]["confirm"] == true);
  CHECK(ui->host.forgets == 0);
  CHECK(mirror_says("they are removed too"));

  REQUIRE(ui->click("forget.export"));  // the normal export, from inside the dialog
  REQUIRE(ui->host.downloads.size() == 1);
  CHECK(ui->host.downloads[0].name == "kolo-2026-11-23.json");
  CHECK(ui->state()["privacy"]["forget"]["confirm"] == true);

  REQUIRE(ui->click("forget.confirm"));
  CHECK(ui->host.forgets == 1);
  CHECK(ui->state()["privacy"]["forget"]["in_flight"] == true);
  CHECK(ui->find("forget.cancel")->disabled);

  ui->app.forget_failed("blocked");
  ui->frame();
  json s = ui->state()["privacy"]["forget"];
  CHECK(s["in_flight"] == false);
  CHECK(s["error"].get<std::string>().find("Another Kolo tab or window keeps the data open") != std::string::npos);
  ui->app.forget_failed("QuotaExceededError: disk");
  ui->frame();
  CHECK(ui->state()["privacy"]["forget"]["error"].get<std::string>().find("could not remove everything: QuotaExceededError") !=
        std::string::npos);

  REQUIRE(ui->click("forget.cancel"));
  CHECK(ui->state()["privacy"]["forget"]["confirm"] == false);
  CHECK(ui->find("forget.confirm") == nullptr);
  CHECK(ui->app.doc().cases.size() == 1);
}

// [SECTION] the passphrase lock (src/ui/app_lock.cpp; the browser's side: tests/e2e/lock.test.mjs)

TEST_CASE("the lock screen shows nothing of the data, hands the passphrase over, and says when it is wrong") {
  std::unique_ptr<Headless> ui(make_ui());
  ui->app.lock_screen(0, "");
  ui->frame();
  CHECK(ui->state()["lock"]["screen"] == true);
  CHECK(mirror_says("Kolo is locked"));
  CHECK(ui->find("nav.settings") == nullptr);  // nothing else is drawn
  CHECK(ui->find("nav.partners") == nullptr);
  REQUIRE(ui->find("lockscreen.open"));
  CHECK(ui->find("lockscreen.open")->disabled);  // nothing typed yet

  fill_field(*ui, "lockscreen.passphrase", "not-this-one");
  CHECK(kolo::ui::is_secret_field(GImGui->ActiveId));
  REQUIRE(ui->click("lockscreen.open"));
  REQUIRE(ui->host.unlocks.size() == 1);
  CHECK(ui->host.unlocks[0] == "not-this-one");
  CHECK(ui->state()["lock"]["in_flight"] == true);
  CHECK(ui->find("lockscreen.open")->disabled);  // one try at a time

  ui->app.lock_screen(1, "");
  ui->frame();
  CHECK(ui->state()["lock"]["wrong"] == true);
  CHECK(ui->state()["lock"]["attempts"] == 1);
  CHECK(mirror_says("That passphrase does not open the data"));
  CHECK(ui->state()["lock"]["screen"] == true);

  // Opened: the data loads (lock_status comes first), the app as usual.
  fill_field(*ui, "lockscreen.passphrase", "the-right-one");
  REQUIRE(ui->click("lockscreen.open"));
  ui->app.lock_status(true);
  ui->frame();
  CHECK(ui->state()["lock"]["screen"] == false);
  CHECK(ui->state()["lock"]["on"] == true);
  REQUIRE(ui->find("nav.settings"));
}

TEST_CASE("forgotten passphrase: the lock screen leads to forgetting the device, without an export") {
  std::unique_ptr<Headless> ui(make_ui());
  ui->app.lock_screen(0, "");
  ui->frame();
  REQUIRE(ui->click("lockscreen.forget"));
  ui->frame();
  CHECK(ui->state()["privacy"]["forget"]["confirm"] == true);
  CHECK(ui->find("forget.export") == nullptr);  // nothing was read that could be exported
  CHECK(mirror_says("cannot be exported from here first"));
  REQUIRE(ui->click("forget.confirm"));
  CHECK(ui->host.forgets == 1);
}

TEST_CASE("the lock is turned on with a passphrase typed twice, changed with the current one, and turned off") {
  std::unique_ptr<Headless> ui(make_ui());
  add_case(*ui, "K-9");
  REQUIRE(ui->click("nav.settings"));
  CHECK(ui->state()["lock"]["on"] == false);
  CHECK(ui->find("lock.current") == nullptr);
  REQUIRE(ui->find("lock.on"));
  CHECK(ui->find("lock.on")->disabled);
  fill_field(*ui, "lock.passphrase", "short");
  CHECK(mirror_says("at least 8 characters"));
  kolo::test::replace(*ui, "lock.passphrase", "lock-pass-1");
  fill_field(*ui, "lock.passphrase_again", "lock-pass-2");
  CHECK(ui->find("lock.on")->disabled);
  kolo::test::replace(*ui, "lock.passphrase_again", "lock-pass-1");
  CHECK_FALSE(ui->find("lock.on")->disabled);
  REQUIRE(ui->click("lock.on"));
  REQUIRE(ui->host.lock_changes.size() == 1);
  CHECK(ui->host.lock_changes[0] == std::pair<std::string, std::string>{"", "lock-pass-1"});
  CHECK(ui->state()["lock"]["busy"] == true);
  CHECK(mirror_says("Encrypting or decrypting every record here"));
  ui->app.lock_status(true);
  ui->app.lock_done(0, "");
  ui->frame();
  CHECK(ui->state()["lock"]["done"] == "lock.turned_on");
  CHECK(mirror_says("Locked: from now on Kolo asks for this passphrase"));
  ui->frame();
  // Had sealing failed after the lock was written, the message would say the lock is on.
  ui->app.lock_done(3, "AbortError");
  ui->frame();
  CHECK(mirror_says("The lock is on with the new passphrase, but not every record could be encrypted yet"));
  ui->frame();

  // On: a change needs the current passphrase; a wrong one is said, nothing kept typed.
  REQUIRE(ui->find("lock.change"));
  CHECK(ui->find("lock.change")->disabled);
  CHECK(ui->find("lock.off")->disabled);
  fill_field(*ui, "lock.current", "guess-pass");
  fill_field(*ui, "lock.passphrase", "lock-pass-2");
  fill_field(*ui, "lock.passphrase_again", "lock-pass-2");
  REQUIRE(ui->click("lock.change"));
  CHECK(ui->host.lock_changes.back() == std::pair<std::string, std::string>{"guess-pass", "lock-pass-2"});
  ui->app.lock_status(true);
  ui->app.lock_done(1, "");
  ui->frame();
  CHECK(ui->state()["lock"]["wrong_current"] == true);
  CHECK(mirror_says("That is not the current passphrase: nothing was changed."));
  ui->frame();
  CHECK(ui->find("lock.change")->disabled);  // the current passphrase is typed again

  // Off, with the current passphrase; a failure says why.
  fill_field(*ui, "lock.current", "lock-pass-1");
  REQUIRE(ui->click("lock.off"));
  CHECK(ui->host.lock_changes.back() == std::pair<std::string, std::string>{"lock-pass-1", ""});
  ui->app.lock_status(true);
  ui->app.lock_done(2, "QuotaExceededError: the disk is full");
  ui->frame();
  CHECK(mirror_says("QuotaExceededError: the disk is full"));
  CHECK(mirror_says("The data stays readable with the passphrase it had."));
  CHECK(ui->state()["lock"]["on"] == true);

  // Lock now: the page starts again once everything is saved.
  ui->frame();
  REQUIRE(ui->click("lock.now"));
  CHECK(ui->state()["offline"]["reload_requested"] == true);
}
