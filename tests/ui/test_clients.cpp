// The Clients view drawn headless, driven by clicks and typing: a social-bureau client with
// debts, no documents and a child with school problems gets a plan (the service covering all
// three needs first), a referral with its letter copied and printed, statuses moved to closed
// only with an outcome, a re-route that keeps the link, a referral in from a partner, online
// limits that open the referral path, and a referral without news on the Dashboard that leads
// back to it. Made-up people and places.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/referrals.hpp"
#include "headless.hpp"

using kolo::test::Headless;
using nlohmann::json;

namespace {

// Tall enough that the case form and the referral panel fit without scrolling.
Headless* make_ui() { return new Headless({}, 1400, 2600); }

using kolo::test::add_record;
using kolo::test::fill_field;

kolo::Id add(Headless& ui, kolo::Record record) { return add_record(ui, std::move(record)); }
void fill(Headless& ui, const std::string& id, const char* text) { fill_field(ui, id, text); }

kolo::Id partner(Headless& ui, const char* name, const char* area = "") {
  kolo::Partner p;
  p.name = name;
  p.area = area;
  p.kind = kolo::PartnerKind::ngo_charity;
  return add(ui, p);
}

kolo::Id service(Headless& ui, kolo::Id partner_id, const char* name, std::vector<std::string> needs,
                 kolo::ServiceFormat format = kolo::ServiceFormat::in_person) {
  kolo::Service s;
  s.partner_id = partner_id;
  s.name = name;
  s.need_tags = std::move(needs);
  s.format = format;
  s.languages = {"uk"};
  s.access_rules = "запис за телефоном";
  s.schedule = "пн-пт 9:00-18:00";
  s.trusted_specialist = "Ірина Вигадана";
  return add(ui, s);
}

// The social bureau's network: a legal clinic for debts and documents (a signed agreement,
// the right area), a family centre that covers all three needs, a school-problems service.
struct Network {
  kolo::Id legal, family, school;                 // partners
  kolo::Id legal_svc, family_svc, school_svc;     // services
};

Network network(Headless& ui) {
  add(ui, kolo::NeedTag{0, "debts", "Debts", "Борги", "Долги"});
  add(ui, kolo::NeedTag{0, "documents", "Documents", "Документи", "Документы"});
  add(ui, kolo::NeedTag{0, "school", "School problems", "Проблеми в школі", "Проблемы в школе"});
  Network n;
  n.legal = partner(ui, "Юридична клініка «Право»", "Поділ");
  n.family = partner(ui, "Центр сім'ї «Разом»");
  n.school = partner(ui, "Шкільна служба");
  n.legal_svc = service(ui, n.legal, "Консультація юриста", {"debts", "documents"});
  n.family_svc = service(ui, n.family, "Супровід родини", {"debts", "documents", "school"});
  n.school_svc = service(ui, n.school, "Психолог для дитини", {"school"});
  kolo::Agreement a;
  a.partner_id = n.legal;
  a.status = kolo::AgreementStatus::signed_;
  a.start_date = "2026-01-01";
  add(ui, a);
  return n;
}

// A new case typed in through the form: alias, three needs, two barriers; saved.
kolo::Id new_case(Headless& ui) {
  REQUIRE(ui.click("nav.clients"));
  REQUIRE(ui.click("clients.new"));
  fill(ui, "case.alias", "Родина К.");
  REQUIRE(ui.click("case.need.debts"));
  REQUIRE(ui.click("case.need.documents"));
  REQUIRE(ui.click("case.need.school"));
  REQUIRE(ui.click("case.barrier.debts"));
  REQUIRE(ui.click("case.barrier.no_documents"));
  fill(ui, "case.barrier.no_documents.found", "паспорт у заставі");
  REQUIRE(ui.click("case.save"));
  ui.frame();
  const json s = ui.state();
  REQUIRE(s["case_error"] == "");
  REQUIRE(s["case_dirty"] == false);
  return s["case_open"].get<kolo::Id>();
}

// A case typed in, then referred from the Matching tab to `service`: the referral is open.
void case_referred_to(Headless& ui, kolo::Id service) {
  new_case(ui);
  REQUIRE(ui.click("clients.tab.match"));
  REQUIRE(ui.click("match.refer." + std::to_string(service)));
  ui.frame();
  REQUIRE(ui.state()["referral_open"].get<kolo::Id>() != 0);
}

const kolo::Referral& referral(Headless& ui, kolo::Id id) {
  const kolo::Referral* r = kolo::find_record<kolo::Referral>(ui.app.doc(), id);
  REQUIRE(r != nullptr);
  return *r;
}

}  // namespace

TEST_CASE("a client with three needs: the service covering all three comes first, then a referral, its letter, and statuses to closed") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  const kolo::Id case_id = new_case(ui);
  const kolo::Case* c = kolo::find_record<kolo::Case>(ui.app.doc(), case_id);
  REQUIRE(c != nullptr);
  CHECK(c->alias == "Родина К.");
  CHECK(c->needs == std::vector<std::string>{"debts", "documents", "school"});
  REQUIRE(c->barriers.size() == 2);
  CHECK(c->barriers[1].found == "паспорт у заставі");

  // Matching: the family centre covers all three needs, so it leads, although the legal clinic
  // has a signed agreement and is in the client's area.
  REQUIRE(ui.click("clients.tab.match"));
  ui.frame();
  json s = ui.state();
  CHECK(s["case_tab"] == "match");
  REQUIRE(s["match"]["rows"].size() == 3);
  CHECK(s["match"]["rows"][0]["service_id"] == n.family_svc);
  CHECK(s["match"]["rows"][0]["covered"] == 3);
  CHECK(s["match"]["single_covers_all"] == true);
  CHECK(s["match"]["rows"][0]["text"].get<std::string>().find("3") != std::string::npos);

  // Refer: a draft referral with what the client is told taken from the service, and a letter.
  REQUIRE(ui.click("match.refer." + std::to_string(n.family_svc)));
  ui.frame();
  s = ui.state();
  CHECK(s["case_tab"] == "referrals");
  const kolo::Id rid = s["referral_open"].get<kolo::Id>();
  REQUIRE(rid != 0);
  CHECK(s["referral"]["status"] == "draft");
  CHECK(s["referral"]["told"]["specialist"] == "Ірина Вигадана");
  CHECK(s["referral"]["told"]["hours"] == "пн-пт 9:00-18:00");
  CHECK_FALSE(referral(ui, rid).letter_problem.empty());

  // The letter: copied with one click, printed as an HTML page (not the canvas).
  REQUIRE(ui.click("referral.copy"));
  REQUIRE_FALSE(ui.host.copies.empty());
  const std::string letter = ui.host.copies.back();
  CHECK(letter.find("Супровід родини") != std::string::npos);
  CHECK(letter.find("Родина К.") == std::string::npos);  // the alias stays in Kolo
  REQUIRE(ui.click("referral.print"));
  REQUIRE(ui.host.printed.size() == 1);
  CHECK(ui.host.printed[0].find("<html") != std::string::npos);
  CHECK(ui.host.printed[0].find("Супровід родини") != std::string::npos);

  // Statuses: sent, accepted; closing without an outcome is refused and changes nothing.
  REQUIRE(ui.click("referral.move.sent"));
  REQUIRE(ui.click("referral.move.accepted"));
  CHECK(referral(ui, rid).status == kolo::ReferralStatus::accepted);
  REQUIRE(ui.click("referral.move.closed"));
  s = ui.state();
  CHECK(s["referral"]["error"].get<std::string>() != "");
  CHECK(referral(ui, rid).status == kolo::ReferralStatus::accepted);
  fill(ui, "referral.outcome", "родина отримує супровід");
  REQUIRE(ui.click("referral.move.closed"));
  const kolo::Referral& done = referral(ui, rid);
  CHECK(done.status == kolo::ReferralStatus::closed);
  CHECK(done.outcome == "родина отримує супровід");
  REQUIRE(done.history.size() == 4);  // draft, sent, accepted, closed: each dated
  CHECK(done.history.back().date == "2026-11-23");
  // Ended: only reopening is offered.
  s = ui.state();
  REQUIRE(s["referral"]["next"].size() == 1);
  CHECK(s["referral"]["next"][0] == "accepted");
  // And every move was its own undo step.
  ui.app.undo();
  ui.frame();
  CHECK(referral(ui, rid).status == kolo::ReferralStatus::accepted);
}

TEST_CASE("the letter warns when it reads like a diagnosis; its language is the user's pick, not the interface's") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  case_referred_to(ui, n.school_svc);
  CHECK(ui.state()["referral"]["letter_warnings"].empty());
  fill(ui, "referral.letter_problem", " Діагноз F32.1");
  ui.frame();
  const json warnings = ui.state()["referral"]["letter_warnings"];
  CHECK(warnings.size() >= 1);

  // The interface is in English; the letter goes out in Russian, drafted again in it.
  REQUIRE(ui.click("referral.letter_language"));
  REQUIRE(ui.click("letter_lang.ru"));
  REQUIRE(ui.click("referral.letter_redraft"));
  REQUIRE(ui.click("referral.save"));
  ui.frame();
  const kolo::Referral& r = referral(ui, ui.state()["referral_open"].get<kolo::Id>());
  CHECK(r.letter_language == "ru");
  CHECK(r.letter_problem.find("Проблемы в школе") != std::string::npos);  // the need's Russian label
  REQUIRE(ui.click("referral.copy"));
  CHECK(ui.host.copies.back().find("Проблемы в школе") != std::string::npos);
}

TEST_CASE("online-work limits say that referral is necessary and open the referral path") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  network(ui);
  new_case(ui);
  CHECK(ui.state()["case_limits_warning"] == false);
  CHECK(ui.find("case.limits.refer") == nullptr);
  REQUIRE(ui.click("case.limit.suicidal_risk"));
  CHECK(ui.state()["case_limits_warning"] == true);
  REQUIRE(ui.click("case.limits.refer"));
  ui.frame();
  const json s = ui.state();
  CHECK(s["case_tab"] == "match");
  CHECK(s["case_dirty"] == false);  // the limit was saved on the way
  const kolo::Case& c = ui.app.doc().cases.back();
  CHECK(c.online_limits == std::vector<kolo::OnlineLimit>{kolo::OnlineLimit::suicidal_risk});
}

TEST_CASE("re-routing ends the referral as re-routed and opens its replacement, linked") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  case_referred_to(ui, n.family_svc);
  REQUIRE(ui.click("referral.move.sent"));
  const kolo::Id first = ui.state()["referral_open"].get<kolo::Id>();
  REQUIRE(ui.click("referral.reroute_to"));
  REQUIRE(ui.click("referral.reroute_to." + std::to_string(n.legal_svc)));
  fill(ui, "referral.outcome", "черга на 3 місяці");
  REQUIRE(ui.click("referral.reroute"));
  ui.frame();
  const json s = ui.state();
  const kolo::Id second = s["referral_open"].get<kolo::Id>();
  CHECK(second != first);
  CHECK(s["referral"]["rerouted_from"] == first);
  CHECK(referral(ui, first).status == kolo::ReferralStatus::re_routed);
  CHECK(referral(ui, second).service_id == n.legal_svc);
  CHECK(referral(ui, second).status == kolo::ReferralStatus::draft);
}

TEST_CASE("a case closes only with an outcome and once no referral is open; it can be reopened") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  case_referred_to(ui, n.school_svc);
  const kolo::Id case_id = ui.state()["case_open"].get<kolo::Id>();
  REQUIRE(ui.click("referral.move.sent"));
  REQUIRE(ui.click("clients.tab.case"));
  REQUIRE(ui.click("case.close"));
  CHECK(ui.state()["case_error"].get<std::string>() != "");  // no outcome
  fill(ui, "case.outcome", "план виконано");
  REQUIRE(ui.click("case.close"));
  CHECK(ui.state()["case_error"].get<std::string>() != "");  // a referral is still open
  CHECK(ui.app.doc().cases.back().closed.empty());
  // The referral ends; now the case closes.
  REQUIRE(ui.click("clients.tab.referrals"));
  REQUIRE(ui.click("referral.move.client_refused"));
  REQUIRE(ui.click("clients.tab.case"));
  REQUIRE(ui.click("case.close"));
  ui.frame();
  const kolo::Case* c = kolo::find_record<kolo::Case>(ui.app.doc(), case_id);
  REQUIRE(c != nullptr);
  CHECK(c->closed == "2026-11-23");
  CHECK(c->outcome == "план виконано");
  // Closed cases leave the default list; "closed" shows them.
  CHECK(ui.state()["cases_list"].empty());
  REQUIRE(ui.click("case.reopen"));
  ui.frame();
  CHECK(kolo::find_record<kolo::Case>(ui.app.doc(), case_id)->closed.empty());
  CHECK(ui.state()["cases_list"].size() == 1);
}

TEST_CASE("a partner sends a client: the referral in is recorded with its case") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  REQUIRE(ui.click("nav.clients"));
  REQUIRE(ui.click("clients.referral_in"));
  fill(ui, "referral_in.search", "Шкільна");
  REQUIRE(ui.click("referral_in.partner." + std::to_string(n.school)));
  REQUIRE(ui.click("referral_in.create"));  // no alias yet: refused, nothing added
  CHECK(ui.app.doc().cases.empty());
  CHECK(ui.state()["referral_in_error"].get<std::string>() != "");
  fill(ui, "referral_in.alias", "Учень 7-Б");
  REQUIRE(ui.click("referral_in.create"));
  ui.frame();
  REQUIRE_MESSAGE(ui.app.doc().cases.size() == 1, ui.state()["referral_in_error"].get<std::string>());
  REQUIRE(ui.app.doc().referrals.size() == 1);
  const kolo::Referral& r = ui.app.doc().referrals[0];
  CHECK(r.direction == kolo::Direction::in);
  CHECK(r.partner_id == n.school);
  CHECK(r.status == kolo::ReferralStatus::sent);
  CHECK(ui.state()["case_open"] == ui.app.doc().cases[0].id);
}

TEST_CASE("a referral without news shows on the Dashboard and leads back to its case") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  kolo::Case c;
  c.alias = "Клієнтка М.";
  c.needs = {"debts"};
  const kolo::Id case_id = add(ui, c);
  kolo::Referral r;
  r.case_id = case_id;
  r.partner_id = n.legal;
  r.service_id = n.legal_svc;
  r.status = kolo::ReferralStatus::sent;
  r.history = {{kolo::ReferralStatus::draft, "2026-11-16", ""}, {kolo::ReferralStatus::sent, "2026-11-17", ""}};
  const kolo::Id rid = add(ui, r);
  REQUIRE(ui.click("nav.dashboard"));
  ui.frame();
  json s = ui.state();
  REQUIRE(s["no_news"].size() == 1);
  CHECK(s["no_news"][0]["referral_id"] == rid);
  CHECK(s["no_news"][0]["business_days"] == 4);  // Tue 17 -> Mon 23: 4 business days
  CHECK(s["no_news"][0]["long"] == false);
  REQUIRE(ui.click("dashboard.referral." + std::to_string(rid)));
  ui.frame();
  ui.frame();
  s = ui.state();
  CHECK(s["view"] == "clients");
  CHECK(s["case_open"] == case_id);
  CHECK(s["case_tab"] == "referrals");
  CHECK(s["referral_open"] == rid);
  CHECK(s["referral"]["waiting"] == true);
  // News without a change of status restarts the clock: it leaves the Dashboard.
  fill(ui, "referral.note", "у черзі на прийом");
  REQUIRE(ui.click("referral.news"));
  CHECK(referral(ui, rid).status == kolo::ReferralStatus::sent);
  CHECK(referral(ui, rid).history.back().note == "у черзі на прийом");
  REQUIRE(ui.click("nav.dashboard"));
  ui.frame();
  CHECK(ui.state()["no_news"].empty());
}

TEST_CASE("an undo under a referral being edited: what was typed stays, the status follows the undo") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  case_referred_to(ui, n.family_svc);
  const kolo::Id rid = ui.state()["referral_open"].get<kolo::Id>();
  REQUIRE(ui.click("referral.move.sent"));
  fill(ui, "referral.handoff_who_came", "Ірина");
  CHECK(ui.state()["referral"]["dirty"] == true);
  ui.app.undo();  // the move to "sent"
  ui.frame();
  json s = ui.state();
  CHECK(s["referral"]["status"] == "draft");
  CHECK(s["referral"]["warm_handoff"]["who_came"] == "Ірина");
  REQUIRE(ui.click("referral.save"));
  CHECK(referral(ui, rid).status == kolo::ReferralStatus::draft);  // not the undone "sent"
  CHECK(referral(ui, rid).handoff_who_came == "Ірина");
  // An untouched letter follows a new letter language by itself.
  REQUIRE(ui.click("referral.letter_language"));
  REQUIRE(ui.click("letter_lang.uk"));
  CHECK(ui.state()["referral"]["letter_language"] == "uk");
  REQUIRE(ui.click("referral.save"));
  CHECK(referral(ui, rid).letter_problem.find("Проблеми в школі") != std::string::npos);
}

TEST_CASE("deleting a case asks once more, naming the referrals that go with it") {
  std::unique_ptr<Headless> ui_owner(make_ui());
  Headless& ui = *ui_owner;
  const Network n = network(ui);
  case_referred_to(ui, n.family_svc);
  REQUIRE(ui.click("clients.tab.case"));
  REQUIRE(ui.click("case.delete"));
  CHECK(ui.app.doc().cases.size() == 1);  // not yet
  const kolo::ui::DrawnItem* confirm = ui.find("case.delete.confirm");
  REQUIRE(confirm != nullptr);
  CHECK(confirm->label.find("1") != std::string::npos);  // its one referral
  REQUIRE(ui.click("case.delete.cancel"));
  CHECK(ui.find("case.delete.confirm") == nullptr);
  REQUIRE(ui.click("case.delete"));
  REQUIRE(ui.click("case.delete.confirm"));
  CHECK(ui.app.doc().cases.empty());
  CHECK(ui.app.doc().referrals.empty());
  ui.app.undo();  // and one undo brings both back
  ui.frame();
  CHECK(ui.app.doc().cases.size() == 1);
  CHECK(ui.app.doc().referrals.size() == 1);
}
