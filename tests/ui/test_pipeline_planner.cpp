// The pipeline board and the outreach planner, drawn headless with simulated mouse and keys:
// what the user sees in each column, a card moved by keyboard and by drag and drop (dated in
// the partner's history, one undo step each), the planner's map stored on its first change as
// one step, the ranking it gives and a prospect made in one click.
#include <doctest/doctest.h>

#include <imgui.h>

#include <set>
#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "core/partners.hpp"
#include "headless.hpp"

using kolo::test::Headless;
using kolo::Partner;
using kolo::Stage;

namespace {

kolo::Id add(Headless& ui, const std::string& name, Stage stage, kolo::PartnerKind kind = kolo::PartnerKind::other) {
  Partner p;
  p.name = name;
  p.stage = stage;
  p.kind = kind;
  REQUIRE_FALSE(ui.app.apply(kolo::put_command(p)).has_value());
  ui.frame();
  return ui.app.doc().partners.back().id;
}

const Partner& partner(Headless& ui, kolo::Id id) {
  const Partner* p = kolo::find_record<Partner>(ui.app.doc(), id);
  REQUIRE(p != nullptr);
  return *p;
}

// A key pressed and released (with Ctrl or Alt held), each seen by a frame. The headless
// context has no key map of its own: the keys used get one here.
void press_key(Headless& ui, ImGuiKey key, bool ctrl, bool alt = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[key] = 300 + key;
  io.KeyCtrl = ctrl;
  io.KeyAlt = alt;
  io.KeysDown[io.KeyMap[key]] = true;
  ui.frame();
  io.KeysDown[io.KeyMap[key]] = false;
  ui.frame();
  io.KeyCtrl = io.KeyAlt = false;
  ui.frame();
}

// The stage whose column holds the card of partner `id`, as drawn (by the x of the headers).
std::string column_of(Headless& ui, kolo::Id id) {
  const kolo::ui::DrawnItem* card = ui.find("pipeline.card." + std::to_string(id));
  if (!card) return "";
  const float x = card->x + card->w / 2;
  for (Stage s : kolo::all_values<Stage>()) {
    const kolo::ui::DrawnItem* col = ui.find("pipeline.col." + std::string(kolo::to_string(s)));
    if (col && x >= col->x && x <= col->x + col->w) return std::string(kolo::to_string(s));
  }
  return "?";
}

}  // namespace

TEST_CASE("the pipeline shows a column per stage, headed by its stage and how many cards it holds") {
  Headless ui;
  const kolo::Id a = add(ui, "Школа №5", Stage::prospect, kolo::PartnerKind::school_kindergarten);
  add(ui, "Ліцей №2", Stage::prospect);
  const kolo::Id c = add(ui, "Клініка «Надія»", Stage::active, kolo::PartnerKind::clinic_doctor);
  REQUIRE(ui.click("nav.pipeline"));
  CHECK(ui.state()["pipeline_counts"] ==
        nlohmann::json({{"prospect", 2}, {"contacted", 0}, {"met", 0}, {"agreement", 0}, {"active", 1}, {"dormant", 0}}));
  REQUIRE(ui.find("pipeline.col.prospect") != nullptr);
  CHECK(ui.find("pipeline.col.prospect")->label == "Prospect (2)");
  CHECK(ui.find("pipeline.col.dormant")->label == "Dormant (0)");
  CHECK(ui.find("pipeline.card." + std::to_string(a))->label == "Школа №5");
  CHECK(column_of(ui, a) == "prospect");
  CHECK(column_of(ui, c) == "active");

  // The search narrows every column.
  REQUIRE(ui.click("pipeline.search"));
  ui.type("клін");
  CHECK(ui.state()["pipeline_counts"]["prospect"] == 0);
  CHECK(ui.state()["pipeline_counts"]["active"] == 1);
  CHECK(ui.find("pipeline.card." + std::to_string(a)) == nullptr);
}

TEST_CASE("a card moved by keyboard goes one column on or back, dated in its history, one undo step per move") {
  Headless ui;
  const kolo::Id id = add(ui, "Школа №5", Stage::prospect);
  add(ui, "Ліцей №2", Stage::met);
  REQUIRE(ui.click("nav.pipeline"));
  REQUIRE(ui.click("pipeline.card." + std::to_string(id)));
  CHECK(ui.state()["pipeline_selected"] == id);
  CHECK(ui.state()["pipeline_selected_stage"] == "prospect");

  press_key(ui, ImGuiKey_RightArrow, true);
  CHECK(partner(ui, id).stage == Stage::contacted);
  REQUIRE(partner(ui, id).stage_history.size() == 1);
  CHECK(partner(ui, id).stage_history.back() == kolo::StageMove{Stage::contacted, "2026-11-23"});  // the user's today
  CHECK(ui.state()["pipeline_selected_stage"] == "contacted");
  CHECK(column_of(ui, id) == "contacted");
  CHECK(ui.find("pipeline.col.contacted")->label == "Contacted (1)");
  CHECK(ui.app.store().undo_name() == "cmd.move_stage");

  press_key(ui, ImGuiKey_RightArrow, false, true);  // Alt+Right does the same
  CHECK(partner(ui, id).stage == Stage::met);
  CHECK(ui.state()["pipeline_counts"]["met"] == 2);
  press_key(ui, ImGuiKey_LeftArrow, true);
  CHECK(partner(ui, id).stage == Stage::contacted);
  CHECK(partner(ui, id).stage_history.size() == 3);
  press_key(ui, ImGuiKey_RightArrow, false);  // an arrow alone moves nothing
  CHECK(partner(ui, id).stage == Stage::contacted);

  ui.app.undo();  // back one move at a time
  ui.frame();
  CHECK(partner(ui, id).stage == Stage::met);
  ui.app.undo();
  ui.app.undo();
  ui.frame();
  CHECK(partner(ui, id).stage == Stage::prospect);
  CHECK(partner(ui, id).stage_history.empty());
  CHECK(column_of(ui, id) == "prospect");
  CHECK(ui.state()["pipeline_counts"]["prospect"] == 1);
}

TEST_CASE("a card dragged onto another column moves there; Enter opens the selected card in the editor") {
  Headless ui;
  const kolo::Id id = add(ui, "Школа №5", Stage::prospect);
  REQUIRE(ui.click("nav.pipeline"));
  const kolo::ui::DrawnItem* card = ui.find("pipeline.card." + std::to_string(id));
  const kolo::ui::DrawnItem* target = ui.find("pipeline.col.agreement");
  REQUIRE(card);
  REQUIRE(target);
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 from(card->x + card->w / 2, card->y + card->h / 2);
  const ImVec2 to(target->x + target->w / 2, target->y + 120);  // over the column's cards area
  io.MousePos = from;
  ui.frame();
  io.MouseDown[0] = true;
  ui.frame();
  for (int i = 1; i <= 10; ++i) {
    io.MousePos = ImVec2(from.x + (to.x - from.x) * static_cast<float>(i) / 10, from.y + (to.y - from.y) * static_cast<float>(i) / 10);
    ui.frame();
  }
  CHECK(partner(ui, id).stage == Stage::prospect);  // nothing moves before the drop
  io.MouseDown[0] = false;
  ui.frame();
  ui.frame();
  CHECK(partner(ui, id).stage == Stage::agreement);
  CHECK(partner(ui, id).stage_history == std::vector<kolo::StageMove>{{Stage::agreement, "2026-11-23"}});
  CHECK(ui.state()["pipeline_selected"] == id);  // the card picked up is the selected one
  CHECK(column_of(ui, id) == "agreement");

  CHECK(ui.state()["editor_open"] == false);
  press_key(ui, ImGuiKey_Enter, false);
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.state()["partner_open"] == id);
}

TEST_CASE("planner: marking a problem mine stores the suggested map with the mark, and one undo takes it all back") {
  Headless ui;
  REQUIRE(ui.click("nav.planner"));
  CHECK(ui.state()["planner_problems_stored"] == false);
  CHECK(ui.state()["planner_kinds"].empty());
  const std::string learning = kolo::tr("planner.problem.learning", kolo::Lang::en);
  REQUIRE(ui.find("planner.problem.1.mine") != nullptr);
  REQUIRE(ui.click("planner.problem.1.mine"));
  CHECK(ui.state()["planner_problems_stored"] == true);
  CHECK(ui.app.doc().problems.size() == kolo::suggested_problems(kolo::Lang::en).size());
  CHECK(ui.state()["planner_mine"] == nlohmann::json({learning}));
  CHECK(ui.app.store().undo_name() == "cmd.edit_problem");

  // Learning difficulties are noticed by teachers: schools come first, with the reason in words.
  REQUIRE_FALSE(ui.state()["planner_kinds"].empty());
  CHECK(ui.state()["planner_kinds"][0] == "school_kindergarten");
  const std::string reason = ui.state()["planner_reasons"][0];
  CHECK(reason == "Notices 1 of your problems: " + learning + ". You have no active partner of this kind yet.");
  CHECK(ui.state()["planner_ideas"][0].get<std::string>().find("master class for the teachers") != std::string::npos);

  ui.app.undo();
  ui.frame();
  CHECK(ui.app.doc().problems.empty());
  CHECK_FALSE(ui.app.store().can_undo());
  CHECK(ui.state()["planner_problems_stored"] == false);
  CHECK(ui.state()["planner_kinds"].empty());
}

TEST_CASE("planner: prospects of the ranked kinds are listed to approach, with their reason and an Open button") {
  Headless ui;
  const kolo::Id school = add(ui, "Ліцей №2", Stage::prospect, kolo::PartnerKind::school_kindergarten);
  add(ui, "ТОВ «Рога»", Stage::prospect, kolo::PartnerKind::company);  // no problem of mine: not listed
  const kolo::Id active = add(ui, "Школа №5", Stage::active, kolo::PartnerKind::school_kindergarten);
  REQUIRE(ui.click("nav.planner"));
  REQUIRE(ui.click("planner.problem.1.mine"));
  CHECK(ui.state()["planner_prospects"] == nlohmann::json({school}));
  CHECK(ui.state()["planner_reasons"][0].get<std::string>().find("Active partners of this kind: 1.") != std::string::npos);
  REQUIRE(ui.click("planner.prospect." + std::to_string(school)));
  CHECK(ui.state()["partner_open"] == school);
  (void)active;
}

TEST_CASE("planner: one click adds a prospect of a ranked kind, dated, and opens it in the editor for renaming") {
  Headless ui;
  REQUIRE(ui.click("nav.planner"));
  REQUIRE(ui.click("planner.problem.1.mine"));
  REQUIRE(ui.click("planner.kind.school_kindergarten.add"));
  REQUIRE(ui.app.doc().partners.size() == 1);
  const Partner& p = ui.app.doc().partners.front();
  CHECK(p.name == "New school / kindergarten");
  CHECK(p.kind == kolo::PartnerKind::school_kindergarten);
  CHECK(p.stage == Stage::prospect);
  CHECK(p.stage_history == std::vector<kolo::StageMove>{{Stage::prospect, "2026-11-23"}});
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.state()["partner_open"] == p.id);
  CHECK(ui.app.store().undo_name() == "cmd.add_partner");
}

TEST_CASE("planner: the practice profile and the row editor change the map; a blank name is refused") {
  Headless ui;
  REQUIRE(ui.click("nav.planner"));
  REQUIRE(ui.click("planner.group.teenagers"));
  CHECK(ui.app.doc().profiles.size() == 1);
  CHECK(ui.state()["planner_groups"] == nlohmann::json({"teenagers"}));
  CHECK(ui.state()["planner_problems_stored"] == false);  // the profile alone leaves the map suggested

  REQUIRE(ui.click("planner.problem.add"));
  ui.frame();
  CHECK(ui.state()["planner_editing"] == -1);
  REQUIRE(ui.click("planner.edit.save"));  // no name
  ui.frame();
  CHECK(ui.app.doc().problems.empty());
  CHECK(ui.state()["error"] != "");
  REQUIRE(ui.click("error.ok"));
  REQUIRE(ui.click("planner.edit.name"));
  ui.type("Panic attacks");
  REQUIRE(ui.click("planner.edit.kind.psychiatrist"));
  REQUIRE(ui.click("planner.edit.save"));
  ui.frame();
  CHECK(ui.state().count("planner_editing") == 0);
  const std::size_t suggested = kolo::suggested_problems(kolo::Lang::en).size();
  REQUIRE(ui.app.doc().problems.size() == suggested + 1);
  CHECK(ui.app.doc().problems.back().name == "Panic attacks");
  CHECK(ui.app.doc().problems.back().kinds == std::vector<kolo::PartnerKind>{kolo::PartnerKind::psychiatrist});
  CHECK(ui.state()["planner_kinds"][0] == "psychiatrist");  // marked mine as it was added

  // Once stored, an edit is one record: deleting the first row.
  REQUIRE(ui.click("planner.problem.0.edit"));
  ui.frame();
  REQUIRE(ui.click("planner.edit.delete"));
  ui.frame();
  CHECK(ui.app.doc().problems.size() == suggested);
  CHECK(ui.app.store().undo_name() == "cmd.delete_problem");
}

TEST_CASE("planner: every partner kind has its help idea and its new prospect's name, in all three languages") {
  for (kolo::Lang lang : {kolo::Lang::en, kolo::Lang::uk, kolo::Lang::ru}) {
    kolo::ui::Settings s;
    s.lang = lang;
    Headless ui(s, 1280, 4000);  // tall enough to show all nine kinds without scrolling
    kolo::Problem all;  // a problem every kind notices
    all.name = "Everything";
    all.mine = true;
    for (kolo::PartnerKind k : kolo::all_values<kolo::PartnerKind>()) all.kinds.push_back(k);
    REQUIRE_FALSE(ui.app.apply(kolo::put_command(all)).has_value());
    REQUIRE(ui.click("nav.planner"));
    const nlohmann::json st = ui.state();
    REQUIRE(st["planner_kinds"].size() == kolo::EnumInfo<kolo::PartnerKind>::count);
    for (const auto& idea : st["planner_ideas"]) {
      CAPTURE(idea);
      CHECK_FALSE(kolo::looks_like_key(idea.get<std::string>()));
    }
    std::set<std::string> names;
    for (const auto& kind : st["planner_kinds"]) {
      const std::string code = kind;
      CAPTURE(code);
      REQUIRE(ui.click("planner.kind." + code + ".add"));
      ui.frame();
      CHECK_FALSE(kolo::looks_like_key(ui.app.doc().partners.back().name));
      names.insert(ui.app.doc().partners.back().name);
      REQUIRE(ui.click("partner.cancel"));
      ui.frame();
    }
    CHECK(names.size() == kolo::EnumInfo<kolo::PartnerKind>::count);  // each kind its own name
  }
}
