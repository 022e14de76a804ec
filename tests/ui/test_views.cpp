// The views drawn headless: one list drives the tabs, the settings and the state; each view
// keeps its own search, sort and editor; the rows a view caches follow every change of the
// document (edits, undo, a document replaced from storage); an animation asks for frames only
// while it runs.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "headless.hpp"
#include "io/kolo_json.hpp"
#include "ui/views.hpp"

using kolo::test::Headless;

namespace {

// The names in the partner directory as drawn, top to bottom (only rows on screen).
std::vector<std::string> partner_rows() {
  std::vector<const kolo::ui::DrawnItem*> rows;
  for (const kolo::ui::DrawnItem& it : kolo::ui::items_last_frame())
    if (it.id.rfind("partners.row.", 0) == 0) rows.push_back(&it);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->y < b->y; });
  std::vector<std::string> names;
  for (const kolo::ui::DrawnItem* it : rows) names.push_back(it->label);
  return names;
}

kolo::Partner partner(const std::string& name, const std::string& follow_up = "") {
  kolo::Partner p;
  p.name = name;
  p.next_follow_up = follow_up;
  return p;
}

void add(Headless& ui, const kolo::Partner& p) {
  REQUIRE_FALSE(ui.app.apply(kolo::put_command(p)).has_value());
  ui.frame();
}

}  // namespace

TEST_CASE("one list of views: every code is distinct, has a tab, and is what state() lists") {
  Headless ui;
  const std::vector<std::string>& codes = kolo::ui::view_codes();
  CHECK(std::set<std::string>(codes.begin(), codes.end()).size() == codes.size());
  CHECK(ui.state()["views"] == nlohmann::json(codes));
  for (const std::string& code : codes) CHECK(ui.find("nav." + code) != nullptr);
  // A remembered view that no longer exists opens the first one.
  kolo::ui::Settings s;
  s.view = "gone";
  Headless other(s);
  CHECK(other.state()["view"] == codes.front());
}

TEST_CASE("each view keeps its own search text while the user moves between views") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.search"));
  ui.type("школа");
  REQUIRE(ui.click("nav.clients"));
  REQUIRE(ui.click("clients.search"));
  ui.type("Олена");
  REQUIRE(ui.click("nav.partners"));
  CHECK(ui.state()["partner_search"] == "школа");
  CHECK(ui.state()["client_search"] == "Олена");
}

TEST_CASE("the partner list follows every change: search, add, undo, and a document replaced from storage") {
  Headless ui;
  add(ui, partner("Школа №5"));
  add(ui, partner("Клініка «Надія»"));
  REQUIRE(ui.click("nav.partners"));
  CHECK(partner_rows().size() == 2);

  REQUIRE(ui.click("partners.search"));
  ui.type("ШКОЛА");  // folded: case does not matter
  CHECK(partner_rows() == std::vector<std::string>{"Школа №5"});
  CHECK(ui.state()["partners_shown"] == 1);

  // A new partner that matches the search shows at once...
  add(ui, partner("Школа-інтернат"));
  CHECK(partner_rows() == std::vector<std::string>{"Школа №5", "Школа-інтернат"});
  // ...and leaves with its undo.
  ui.app.undo();
  ui.frame();
  CHECK(partner_rows() == std::vector<std::string>{"Школа №5"});

  // Another tab saved a different network: its revision counter starts again, so rows kept
  // by revision alone would be stale.
  kolo::Document other;
  for (const char* name : {"Школа мистецтв", "Ліцей"}) {
    kolo::Partner p = partner(name);
    p.id = other.next_id++;
    other.partners.push_back(p);
  }
  ui.app.load_document(other);
  ui.frame();
  CHECK(partner_rows() == std::vector<std::string>{"Школа мистецтв"});
}

TEST_CASE("a click on a column header sorts the partners by it; a second click reverses") {
  Headless ui;
  for (const char* name : {"Бета", "Альфа", "Гамма"}) add(ui, partner(name));
  REQUIRE(ui.click("nav.partners"));
  CHECK(partner_rows() == std::vector<std::string>{"Альфа", "Бета", "Гамма"});  // by name at first
  CHECK(ui.state()["partners_sort"] == "name");
  REQUIRE(ui.click("partners.col.name"));
  ui.frame();
  CHECK(ui.state()["partners_sort"] == "-name");
  CHECK(partner_rows() == std::vector<std::string>{"Гамма", "Бета", "Альфа"});
}

TEST_CASE("names sort in the order of the Ukrainian and Russian alphabets, whatever their case") {
  Headless ui;
  for (const char* name : {"Яна", "ідея", "Ґанок", "Євген", "Ірина", "Ёлка", "Гай", "Жанна", "Їжак", "Ель", "Київ", "Zeta", "Ирина"})
    add(ui, partner(name));
  REQUIRE(ui.click("nav.partners"));
  CHECK(partner_rows() == std::vector<std::string>{"Zeta", "Гай", "Ґанок", "Ель", "Євген", "Ёлка", "Жанна", "Ирина", "ідея",
                                                   "Ірина", "Їжак", "Київ", "Яна"});
}

TEST_CASE("the dashboard's today follows edits of the dates, in the user's local day") {
  Headless ui;  // the host's local date is 2026-11-23
  add(ui, partner("Пізніше", "2026-12-20"));  // later than a week: not listed
  add(ui, partner("Цього тижня", "2026-11-27"));
  add(ui, partner("Прострочено", "2026-11-20"));
  ui.frame();
  auto listed = [&] {
    std::vector<std::string> out;
    const nlohmann::json state = ui.state();
    for (const auto& item : state["today_list"]) out.push_back(item["what"].get<std::string>() + " " + item["partner"].get<std::string>());
    return out;
  };
  CHECK(listed() == std::vector<std::string>{"overdue Прострочено", "due_soon Цього тижня"});
  kolo::Partner moved = ui.app.doc().partners[0];
  moved.next_follow_up = "2026-11-25";
  add(ui, moved);
  ui.frame();
  CHECK(listed() == std::vector<std::string>{"overdue Прострочено", "due_soon Пізніше", "due_soon Цього тижня"});
  // One click on an item opens its partner.
  REQUIRE(ui.click("dashboard.today.overdue." + std::to_string(ui.app.doc().partners[2].id)));
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.state()["partner_open"] == ui.app.doc().partners[2].id);
}

TEST_CASE("a partner just saved is highlighted for a moment: frames are asked for while it fades, then none") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.click("partner.name"));
  ui.type("Ліцей №2");
  CHECK_FALSE(ui.app.frames_requested());  // an open dialog that nothing moves in
  REQUIRE(ui.click("partner.save"));
  REQUIRE(ui.app.doc().partners.size() == 1);
  CHECK(ui.app.frames_requested());
  CHECK(ui.state()["frames_requested"] == true);
  int frames = 0;
  while (ui.app.frames_requested() && frames < 1000) {
    ui.frame();
    ++frames;
  }
  // 1.5 s at 60 frames a second, give or take the frames of the click.
  CHECK(frames > 60);
  CHECK(frames < 100);
  ui.frame();
  CHECK_FALSE(ui.app.frames_requested());
}

TEST_CASE("a list that shrank while it was scrolled down shows its rows in the very first frame") {
  Headless ui;
  ui.app.load_demo();
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.click("partner.name"));
  ui.type("Яся");  // last by name: saving it scrolls the list down to it
  REQUIRE(ui.click("partner.save"));
  for (int i = 0; i < 10; ++i) ui.frame();
  REQUIRE(partner_rows().back() == "Яся");
  REQUIRE(partner_rows().front() != "Аптечна мережа «Зелена крапля» (вигадана)");  // scrolled
  REQUIRE(ui.click("nav.settings"));
  ui.app.remove_demo();
  ui.frame();
  REQUIRE(ui.press("nav.partners"));  // the view is drawn first in the frame of the release
  CHECK(partner_rows() == std::vector<std::string>{"Яся"});
}

TEST_CASE("a refused save shows its message over the editor, and both stay put until dismissed") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.click("partner.save"));  // no name: refused
  for (int i = 0; i < 5; ++i) ui.frame();
  CHECK(ui.find("error.ok") != nullptr);
  CHECK(ui.state()["editor_open"] == true);
  REQUIRE(ui.click("error.ok"));
  ui.frame();
  CHECK(ui.find("error.ok") == nullptr);
  CHECK(ui.find("partner.name") != nullptr);  // back to the editor, draft intact
}

TEST_CASE("a keep-in-touch cadence per tag, set in Settings, makes a tagged partner due; removing it takes that back") {
  Headless ui;
  kolo::Partner school = partner("Ліцей №3");
  school.tags = {"Школа"};
  add(ui, school);
  ui.frame();
  CHECK(ui.state()["today_list"].empty());  // no cadence: nothing to keep
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("cadence.tag"));
  ui.type("школа");
  REQUIRE(ui.click("cadence.add"));
  ui.frame();
  REQUIRE(ui.app.doc().cadences.size() == 1);
  CHECK(ui.app.doc().cadences[0].tag == "школа");
  CHECK(ui.app.doc().cadences[0].ideal_days == 30);
  CHECK(ui.state()["cadences"].size() == 1);
  REQUIRE(ui.click("nav.dashboard"));
  ui.frame();
  const nlohmann::json state = ui.state();
  REQUIRE(state["today_list"].size() == 1);
  CHECK(state["today_list"][0]["partner"] == "Ліцей №3");
  CHECK(state["today_list"][0]["what"] == "overdue");  // never contacted, and the tag asks every 30 days
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("cadence." + std::to_string(ui.app.doc().cadences[0].id) + ".remove"));
  CHECK(ui.app.doc().cadences.empty());
  REQUIRE(ui.click("nav.dashboard"));
  ui.frame();
  CHECK(ui.state()["today_list"].empty());
}
