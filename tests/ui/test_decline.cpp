// The decline protocol (issue 9, seed 001) drawn headless, driven by clicks and typing: the
// self-check's two "yes", the message copied, the hand-off form closed until the client was
// told, a warning that fires on a diagnosis and clears when it is removed, and a finish that
// refers the client on without counting a lost client. Made-up people and places.
#include <doctest/doctest.h>

#include <imgui.h>

#include <memory>
#include <string>

#include "core/decline.hpp"
#include "headless.hpp"

using kolo::test::Headless;
using nlohmann::json;

namespace {

using kolo::test::add_record;
using kolo::test::fill_field;

kolo::Id add(Headless& ui, kolo::Record record) { return add_record(ui, std::move(record)); }
void fill(Headless& ui, const std::string& id, const char* text) { fill_field(ui, id, text); }

void backspace(Headless& ui, int times) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Backspace] = 300 + ImGuiKey_Backspace;
  for (int i = 0; i < times; ++i) {
    io.KeysDown[io.KeyMap[ImGuiKey_Backspace]] = true;
    ui.frame();
    io.KeysDown[io.KeyMap[ImGuiKey_Backspace]] = false;
    ui.frame();
  }
}

}  // namespace

TEST_CASE("the decline protocol: self-check, message, hand-off form with its warning, and a referral on that loses no client") {
  std::unique_ptr<Headless> owner(new Headless({}, 1400, 3200));
  Headless& ui = *owner;
  add(ui, kolo::NeedTag{0, "eating", "Eating disorders", "Розлади харчування", "Расстройства пищевого поведения"});
  kolo::Partner clinic;
  clinic.name = "Клініка «Рівновага»";
  clinic.kind = kolo::PartnerKind::clinic_doctor;
  const kolo::Id clinic_id = add(ui, clinic);
  kolo::Service program;
  program.partner_id = clinic_id;
  program.name = "Програма для підлітків";
  program.need_tags = {"eating"};
  const kolo::Id program_id = add(ui, program);
  kolo::Case c;
  c.alias = "Клієнтка Л.";
  c.needs = {"eating"};
  const kolo::Id case_id = add(ui, c);

  ui.app.open_case(case_id);
  ui.frame();
  ui.frame();
  REQUIRE(ui.click("clients.tab.decline"));
  CHECK(ui.state()["decline"].is_null());
  REQUIRE(ui.click("decline.start"));
  json s = ui.state();
  REQUIRE_FALSE(s["decline"].is_null());
  CHECK_FALSE(s["decline"]["message"].get<std::string>().empty());

  // Reason and self-check: two "yes" make it justified; a "not sure" suggests supervision.
  REQUIRE(ui.click("decline.reason.request_not_taken"));
  fill(ui, "decline.request_kind", "харчування");
  REQUIRE(ui.click("decline.after_first_session"));
  REQUIRE(ui.click("decline.check.1.yes"));
  CHECK(ui.state()["decline"]["justified"] == false);
  REQUIRE(ui.click("decline.check.5.yes"));
  REQUIRE(ui.click("decline.check.2.not_sure"));
  s = ui.state();
  CHECK(s["decline"]["yes"] == 2);
  CHECK(s["decline"]["justified"] == true);
  CHECK(s["decline"]["supervision"] == true);

  // The form waits until the client was told.
  CHECK(s["decline"]["hand_off_open"] == false);
  CHECK(ui.find("decline.form.reason_detail") == nullptr);
  REQUIRE(ui.click("decline.message.copy"));
  REQUIRE_FALSE(ui.host.copies.empty());
  CHECK(ui.host.copies.back() == s["decline"]["message"].get<std::string>());
  REQUIRE(ui.click("decline.told"));
  s = ui.state();
  CHECK(s["decline"]["told"] == true);
  CHECK(s["decline"]["told_date"] == "2026-11-23");
  CHECK(s["decline"]["hand_off_open"] == true);
  REQUIRE(ui.app.doc().declines.size() == 1);  // telling the client was stored at once
  CHECK(ui.app.doc().declines[0].client_told);

  // The form: a diagnosis warns (never blocks) and the warning clears when it is removed.
  fill(ui, "decline.form.client_name_shown", "Леся");
  fill(ui, "decline.form.reason_detail", "Запит поза моїм підходом, F50");
  CHECK(ui.state()["decline"]["warnings"].size() == 1);
  backspace(ui, 5);  // ", F50"
  CHECK(ui.state()["decline"]["warnings"].empty());
  CHECK(ui.state()["decline"]["missing"] == json::array({"client_request"}));
  fill(ui, "decline.form.client_request", "харчова поведінка");
  CHECK(ui.state()["decline"]["missing"].empty());

  // Finish: referred on to the clinic's programme; the client is not lost.
  REQUIRE(ui.click("decline.refer_to"));
  REQUIRE(ui.click("decline.refer_to." + std::to_string(program_id)));
  REQUIRE(ui.click("decline.finish"));
  s = ui.state();
  CHECK(s["decline"]["finished"] == "2026-11-23");
  const kolo::Id referral = s["decline"]["referral_id"].get<kolo::Id>();
  REQUIRE(referral != 0);
  const kolo::Referral* r = kolo::find_record<kolo::Referral>(ui.app.doc(), referral);
  REQUIRE(r != nullptr);
  CHECK(r->service_id == program_id);
  CHECK(r->case_id == case_id);
  const kolo::ClientStats stats = kolo::client_stats(ui.app.doc());
  CHECK(stats.declined_protected == 1);
  CHECK(stats.lost == 0);
  REQUIRE(ui.click("nav.dashboard"));
  ui.frame();
  CHECK(ui.state()["client_stats"]["lost"] == 0);
  CHECK(ui.state()["client_stats"]["declined_protected"] == 1);
  // The next match knows what the decline said: requests of that kind, and who takes them.
  ui.app.open_case(case_id);
  ui.frame();
  REQUIRE(ui.click("clients.tab.match"));
  ui.frame();
  CHECK(ui.state()["match"]["decline_hints"] == json::array({"харчування"}));
  CHECK(kolo::takes_request(ui.app.doc(), *kolo::find_record<kolo::Service>(ui.app.doc(), program_id), "харчування"));
  // One undo takes the finish back (the referral with it).
  ui.app.undo();
  ui.frame();
  CHECK(kolo::find_record<kolo::Referral>(ui.app.doc(), referral) == nullptr);
  CHECK(ui.app.doc().declines[0].finished.empty());
}
