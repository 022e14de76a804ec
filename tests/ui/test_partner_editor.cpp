// The partner editor drawn headless, driven by clicks and typing: a partner with its contact
// persons, services and agreement saved as one step; fields checked as they are typed; a phone
// copied with one click; a logged contact moving the keep-in-touch date; look-alikes found
// before saving, and a merge that keeps both histories as one undoable step.
#include <doctest/doctest.h>

#include <string>

#include "headless.hpp"

using kolo::test::Headless;

namespace {

void fill(Headless& ui, const std::string& id, const char* text) {
  REQUIRE(ui.click(id));
  ui.type(text);
}

void open_new(Headless& ui) {
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.find("partner.name") != nullptr);
}

kolo::Id add(Headless& ui, kolo::Record record) {
  const kolo::Id id = ui.app.doc().next_id;
  REQUIRE_FALSE(ui.app.apply(kolo::put_command(std::move(record))).has_value());
  ui.frame();
  return id;
}

kolo::Partner partner(const std::string& name, const std::string& contact = "", const std::string& phone = "") {
  kolo::Partner p;
  p.name = name;
  if (!contact.empty()) p.contacts.push_back({0, contact, "", phone, "", ""});
  return p;
}

void open_existing(Headless& ui, kolo::Id id) {
  ui.app.open_partner(id);
  ui.frame();
  ui.frame();
  REQUIRE(ui.state()["partner_open"] == id);
}

}  // namespace

TEST_CASE("a new partner with a contact person, a service and an agreement is saved as one undoable step") {
  Headless ui;
  add(ui, kolo::NeedTag{0, "anxiety", "Anxiety", "Тривога", "Тревога"});
  add(ui, kolo::NeedTag{0, "grief", "Grief", "Втрата", "Утрата"});
  open_new(ui);
  fill(ui, "partner.name", "Ліцей №7");
  fill(ui, "partner.address", "вул. Шкільна, 7");
  fill(ui, "partner.website", "lyceum7.kyiv.ua");
  fill(ui, "partner.tags", "школи, Поділ");
  REQUIRE(ui.click("partner.trust.4"));

  REQUIRE(ui.click("partner.tab.contacts"));
  CHECK(ui.state()["partner_tab"] == "contacts");
  REQUIRE(ui.click("partner.contact.add"));
  fill(ui, "partner.contact.0.name", "Олена Петрівна");
  fill(ui, "partner.contact.0.role", "шкільний психолог");
  fill(ui, "partner.contact.0.phone", "+380 67 123 4567");
  fill(ui, "partner.contact.0.email", "olena@lyceum7.kyiv.ua");
  fill(ui, "partner.contact.0.messenger", "@olena");

  REQUIRE(ui.click("partner.tab.services"));
  REQUIRE(ui.click("partner.service.add"));
  fill(ui, "partner.service.0.name", "Групи для підлітків");
  REQUIRE(ui.click("partner.service.0.need.anxiety"));
  fill(ui, "partner.service.0.access_rules", "за направленням психолога");
  fill(ui, "partner.service.0.schedule", "вт, чт 15:00-17:00");
  fill(ui, "partner.service.0.languages", "uk, en");
  fill(ui, "partner.service.0.trusted_specialist", "Ігор Коваль");

  REQUIRE(ui.click("partner.tab.agreement"));
  REQUIRE(ui.click("partner.agreement.create"));
  fill(ui, "partner.agreement.handoff_procedure", "теплий дзвінок перед першою зустріччю");
  fill(ui, "partner.agreement.report_forms", "коротка форма зворотного зв'язку");
  CHECK(ui.state()["partner_dirty"] == true);
  CHECK(ui.state()["partner_errors"].empty());

  const auto revision = ui.app.store().revision();
  REQUIRE(ui.click("partner.save"));
  CHECK(ui.state()["editor_open"] == false);
  CHECK(ui.app.store().revision() == revision + 1);  // one step
  const kolo::Document& d = ui.app.doc();
  REQUIRE(d.partners.size() == 1);
  const kolo::Partner& p = d.partners[0];
  CHECK(p.name == "Ліцей №7");
  CHECK(p.address == "вул. Шкільна, 7");
  CHECK(p.website == "lyceum7.kyiv.ua");
  CHECK(p.tags == std::vector<std::string>{"школи", "Поділ"});
  CHECK(p.trust == 4);
  REQUIRE(p.contacts.size() == 1);
  CHECK(p.contacts[0].name == "Олена Петрівна");
  CHECK(p.contacts[0].phone == "+380 67 123 4567");
  CHECK(p.contacts[0].email == "olena@lyceum7.kyiv.ua");
  CHECK(p.contacts[0].messenger == "@olena");
  CHECK(p.contacts[0].id != 0);
  REQUIRE(d.services.size() == 1);
  CHECK(d.services[0].partner_id == p.id);
  CHECK(d.services[0].need_tags == std::vector<std::string>{"anxiety"});
  CHECK(d.services[0].languages == std::vector<std::string>{"uk", "en"});
  CHECK(d.services[0].trusted_specialist == "Ігор Коваль");
  CHECK(d.services[0].access_rules == "за направленням психолога");
  REQUIRE(d.agreements.size() == 1);
  CHECK(d.agreements[0].partner_id == p.id);
  CHECK(d.agreements[0].handoff_procedure == "теплий дзвінок перед першою зустріччю");

  // Opened again, the editor shows all of it; one undo takes all of it back.
  ui.app.open_partner(p.id);
  ui.frame();
  ui.frame();
  CHECK(ui.state()["partner_contacts"] == nlohmann::json({"Олена Петрівна"}));
  CHECK(ui.state()["partner_services"] == nlohmann::json({"Групи для підлітків"}));
  CHECK(ui.state()["partner_agreement"]["status"] == "draft");
  CHECK(ui.state()["partner_dirty"] == false);
  REQUIRE(ui.click("partner.cancel"));
  REQUIRE(ui.click("edit.undo"));
  CHECK(ui.app.doc().partners.empty());
  CHECK(ui.app.doc().services.empty());
  CHECK(ui.app.doc().agreements.empty());
}

TEST_CASE("a phone, e-mail or website that is not one says so under the field, in the user's language, and Save refuses") {
  Headless ui;
  open_new(ui);
  fill(ui, "partner.name", "Клініка");
  fill(ui, "partner.website", "не сайт");
  REQUIRE(ui.click("partner.tab.contacts"));
  REQUIRE(ui.click("partner.contact.add"));
  fill(ui, "partner.contact.0.phone", "12ab");
  fill(ui, "partner.contact.0.email", "olena.at.example");
  nlohmann::json errors = ui.state()["partner_errors"];
  CHECK(errors["partner.contact.0.phone"].get<std::string>().find("phone number") != std::string::npos);
  CHECK(errors["partner.contact.0.email"].get<std::string>().find("e-mail") != std::string::npos);
  CHECK(errors["partner.website"].get<std::string>().find("web address") != std::string::npos);
  CHECK(ui.find("partner.contact.0.copy") != nullptr);

  ui.app.set_language(kolo::Lang::uk);  // the top bar is behind the dialog
  ui.frame();
  CHECK(ui.state()["partner_errors"]["partner.contact.0.phone"].get<std::string>().find("телефон") != std::string::npos);

  REQUIRE(ui.click("partner.save"));
  CHECK(ui.app.doc().partners.empty());
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.state()["partner_refused"] != "");
  CHECK(ui.state()["error"] == "");  // refused by the editor itself, before the model
  ui.frame();
  CHECK(ui.state()["partner_tab"] == "overview");  // the website, the first wrong field, is here
}

TEST_CASE("a phone number is copied with one click, and the editor says so for a moment") {
  Headless ui;
  const kolo::Id id = add(ui, partner("Школа №5", "Ірина", "067 123 45 67"));
  open_existing(ui, id);
  REQUIRE(ui.click("partner.tab.contacts"));
  CHECK(ui.host.copies.empty());
  REQUIRE(ui.click("partner.contact.0.copy"));
  CHECK(ui.host.copies == std::vector<std::string>{"067 123 45 67"});
  CHECK(ui.state()["copied"] == "067 123 45 67");
  CHECK(ui.app.frame_requested_at() > ui.time);  // a frame to take the "Copied" note away
}

TEST_CASE("logging a contact is one undoable step that moves the keep-in-touch date") {
  Headless ui;
  kolo::Partner p = partner("Центр «Опора»", "Марія");
  p.follow_up_days = 30;
  const kolo::Id id = add(ui, p);
  open_existing(ui, id);
  CHECK(ui.state()["partner_touch"]["level"] == "amber");  // a cadence, and never contacted
  CHECK(ui.state()["partner_touch"]["due"] == "");

  REQUIRE(ui.click("partner.tab.log"));
  REQUIRE(ui.click("partner.log.who_pick"));
  REQUIRE(ui.click("partner.log.who.0"));
  fill(ui, "partner.log.summary", "домовились про зустріч");
  const auto revision = ui.app.store().revision();
  REQUIRE(ui.click("partner.log.add"));
  CHECK(ui.app.store().revision() == revision + 1);
  REQUIRE(ui.app.doc().interactions.size() == 1);
  CHECK(ui.app.doc().interactions[0].who == "Марія");
  CHECK(ui.app.doc().interactions[0].date == "2026-11-23");  // today by default
  nlohmann::json s = ui.state();
  CHECK(s["partner_touch"]["due"] == "2026-12-23");  // today + 30
  CHECK(s["partner_touch"]["level"] == "later");
  CHECK(s["partner_log"][0]["summary"] == "домовились про зустріч");

  // An agreed next contact sets the partner's next follow-up, in the same step.
  fill(ui, "partner.log.summary", "дзвінок");
  fill(ui, "partner.log.next_contact", "2026-11-27");
  REQUIRE(ui.click("partner.log.add"));
  CHECK(ui.app.doc().partners[0].next_follow_up == "2026-11-27");
  CHECK(ui.state()["partner_touch"]["due"] == "2026-11-27");
  CHECK(ui.state()["partner_touch"]["level"] == "soon");
  CHECK(ui.state()["partner_dirty"] == false);  // the draft follows what was logged

  REQUIRE(ui.click("partner.cancel"));
  REQUIRE(ui.click("edit.undo"));
  CHECK(ui.app.doc().interactions.size() == 1);
  CHECK(ui.app.doc().partners[0].next_follow_up == "");
}

TEST_CASE("a signed agreement ending within 30 days shows a warning") {
  Headless ui;
  const kolo::Id id = add(ui, partner("Фонд"));
  kolo::Agreement a;
  a.partner_id = id;
  a.status = kolo::AgreementStatus::signed_;
  a.start_date = "2025-12-01";
  a.end_date = "2026-12-10";
  add(ui, a);
  open_existing(ui, id);
  CHECK(ui.state()["partner_agreement"]["expiring"] == true);
  REQUIRE(ui.click("partner.tab.agreement"));
  REQUIRE(ui.click("partner.agreement.end_date"));
  ui.type("0");  // 2026-12-100: not a date, no warning, a message
  CHECK(ui.state()["partner_agreement"]["expiring"] == false);
  CHECK(ui.state()["partner_errors"].contains("partner.agreement.end_date"));
}

TEST_CASE("a new partner that looks like an existing one says so before saving, and offers to open that one") {
  Headless ui;
  const kolo::Id existing = add(ui, partner("Ліцей «Надія» №7", "Олена", "+380 67 123 4567"));
  open_new(ui);
  fill(ui, "partner.name", "ліцей надія 7");
  CHECK(ui.state()["partner_duplicates"].size() == 1);
  CHECK(ui.state()["partner_duplicates"][0]["same_name"] == true);
  REQUIRE(ui.click("partner.save"));
  CHECK(ui.app.doc().partners.size() == 1);  // not saved yet: the user chooses
  CHECK(ui.state()["partner_dup_prompt"] == true);
  CHECK(ui.find("partner.dup.save_anyway") != nullptr);
  REQUIRE(ui.click("partner.dup.open." + std::to_string(existing)));
  ui.frame();
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.state()["partner_open"] == existing);
  CHECK(ui.app.doc().partners.size() == 1);

  // The same phone under another name is a look-alike too; "Save anyway" saves it.
  REQUIRE(ui.click("partner.cancel"));
  open_new(ui);
  fill(ui, "partner.name", "Інший заклад");
  REQUIRE(ui.click("partner.tab.contacts"));
  REQUIRE(ui.click("partner.contact.add"));
  fill(ui, "partner.contact.0.phone", "067 123 4567");
  CHECK(ui.state()["partner_duplicates"][0]["same_phone"] == true);
  REQUIRE(ui.click("partner.save"));
  REQUIRE(ui.click("partner.dup.save_anyway"));
  CHECK(ui.app.doc().partners.size() == 2);
  CHECK(ui.state()["editor_open"] == false);
}

TEST_CASE("merging a look-alike keeps both histories in one partner, and one undo restores both") {
  Headless ui;
  const kolo::Id keep = add(ui, partner("Школа №5", "Ірина", "067 123 45 67"));
  const kolo::Id drop = add(ui, partner("Школа 5 (ЗОШ)", "Андрій", "+380 67 123 4567"));
  kolo::Service s;
  s.partner_id = drop;
  s.name = "Консультації батькам";
  const kolo::Id service = add(ui, s);
  kolo::Interaction it;
  it.partner_id = drop;
  it.date = "2026-11-01";
  it.summary = "перша зустріч";
  add(ui, it);

  open_existing(ui, keep);
  REQUIRE(ui.state()["partner_duplicates"].size() == 1);
  const auto revision = ui.app.store().revision();
  REQUIRE(ui.click("partner.merge." + std::to_string(drop)));
  ui.frame();
  CHECK(ui.app.store().revision() == revision + 1);
  const kolo::Document& d = ui.app.doc();
  REQUIRE(d.partners.size() == 1);
  CHECK(d.partners[0].id == keep);
  CHECK(d.partners[0].contacts.size() == 2);
  CHECK(kolo::find_record<kolo::Service>(d, service)->partner_id == keep);
  CHECK(d.interactions[0].partner_id == keep);
  // The editor shows the merged partner, its history included.
  nlohmann::json st = ui.state();
  CHECK(st["partner_open"] == keep);
  CHECK(st["partner_contacts"] == nlohmann::json({"Ірина", "Андрій"}));
  CHECK(st["partner_services"] == nlohmann::json({"Консультації батькам"}));
  CHECK(st["partner_log"].size() == 1);
  CHECK(st["partner_duplicates"].empty());

  REQUIRE(ui.click("partner.cancel"));
  REQUIRE(ui.click("edit.undo"));
  CHECK(ui.app.doc().partners.size() == 2);
  CHECK(kolo::find_record<kolo::Service>(ui.app.doc(), service)->partner_id == drop);
  CHECK(ui.app.doc().interactions[0].partner_id == drop);
  CHECK(kolo::find_record<kolo::Partner>(ui.app.doc(), keep)->contacts.size() == 1);
}
