// The Map view drawn headless, driven by the mouse and keyboard: the example network laid out
// until it settles (and then no frame more is asked for), kept in the document so that a
// second start shows the same picture without laying anything out; a school found by search,
// dragged, pinned where it was dropped (no drift while the rest moves), unpinned, and opened by
// a click; zoom around the pointer; filters; the PNG asked of the platform; the charts' figures
// and their tables on the clipboard.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "headless.hpp"

using kolo::test::Headless;
using nlohmann::json;

namespace {

std::unique_ptr<Headless> make_ui() {
  kolo::ui::Settings settings;
  settings.lang = kolo::Lang::uk;
  settings.lang_chosen = true;
  return std::make_unique<Headless>(settings, 1400, 900);
}

// Frames until the layout settles (at most `limit`); how many it took.
int settle(Headless& ui, int limit = 2000) {
  int frames = 0;
  while (!ui.state()["map"]["settled"].get<bool>() && frames < limit) {
    ui.frame();
    ++frames;
  }
  return frames;
}

const kolo::MapPosition* kept(const Headless& ui, kolo::Id partner) {
  for (const kolo::MapPosition& m : ui.app.doc().map_positions)
    if (m.partner_id == partner) return &m;
  return nullptr;
}

// A press on the item's centre, a move by (dx, dy) in `steps` frames, and the release.
void drag(Headless& ui, const std::string& id, float dx, float dy, int steps = 8) {
  const kolo::ui::DrawnItem* it = ui.find(id);
  REQUIRE_MESSAGE(it, id);
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 from(it->x + it->w / 2, it->y + it->h / 2);
  io.MousePos = from;
  ui.frame();
  io.MouseDown[0] = true;
  ui.frame();
  for (int i = 1; i <= steps; ++i) {
    io.MousePos = ImVec2(from.x + dx * static_cast<float>(i) / static_cast<float>(steps),
                         from.y + dy * static_cast<float>(i) / static_cast<float>(steps));
    ui.frame();
  }
  io.MouseDown[0] = false;
  ui.frame();
}

}  // namespace

TEST_CASE("the example network is laid out once, kept in the document, and shown the same after a restart") {
  auto ui = make_ui();
  ui->app.load_demo();
  ui->frame();
  const std::string last_step = ui->app.store().undo_name();
  REQUIRE(ui->click("nav.map"));
  const json first = ui->state()["map"];
  CHECK(first["nodes"] == ui->app.doc().partners.size());
  CHECK_FALSE(first["settled"].get<bool>());
  CHECK(ui->app.frames_requested());  // the layout moves by itself
  settle(*ui);
  const json settled = ui->state()["map"];
  CHECK(settled["settled"].get<bool>());
  CHECK(settled["steps"].get<int>() > 10);
  // Every partner's place is in the document; where the layout settled is no step of the
  // user's: Undo still takes back what she did last.
  CHECK(ui->app.doc().map_positions.size() == ui->app.doc().partners.size());
  CHECK(ui->app.store().undo_name() == last_step);
  // Settled: a frame with no input asks for no other.
  ui->frame();
  ui->frame();
  CHECK_FALSE(ui->app.frames_requested());
  // The "me" node and labelled partner nodes are reported where they are drawn.
  CHECK(ui->find("map.me"));
  CHECK(settled["labels"].get<int>() > 0);

  // A second start with the same document: the same places, no layout to run.
  kolo::Document doc = ui->app.doc();
  auto again = make_ui();
  REQUIRE_FALSE(again->app.apply(kolo::replace_command(doc)).has_value());
  again->frame();
  REQUIRE(again->click("nav.map"));
  CHECK(again->state()["map"]["settled"].get<bool>());
  CHECK(again->state()["map"]["steps"] == 0);
  again->frame();
  CHECK_FALSE(again->app.frames_requested());
  CHECK(again->app.doc().map_positions == doc.map_positions);
}

TEST_CASE("a school found by search is dragged, stays pinned while the rest moves, is unpinned, and opens on click") {
  auto ui = make_ui();
  ui->app.load_demo();
  ui->frame();
  REQUIRE(ui->click("nav.map"));
  settle(*ui);
  const kolo::Id school = 77;  // Гімназія «Джерельце» (made up), in the example network
  REQUIRE(kolo::find_record<kolo::Partner>(ui->app.doc(), school));
  REQUIRE(ui->click("map.search"));
  ui->type("Джерельце");
  json map = ui->state()["map"];
  CHECK(map["found"] == 1);
  CHECK(map["selected"] == school);
  const std::string node = "map.node." + std::to_string(school);
  REQUIRE(ui->find(node));
  // The search centred it: its node is in the middle of the canvas.
  REQUIRE(ui->find("map.canvas"));
  const kolo::ui::DrawnItem canvas_item = *ui->find("map.canvas");
  const kolo::ui::DrawnItem* canvas = &canvas_item;
  const kolo::ui::DrawnItem* it = ui->find(node);
  CHECK(std::fabs(it->x + it->w / 2 - (canvas->x + canvas->w / 2)) < 2.0f);
  CHECK(std::fabs(it->y + it->h / 2 - (canvas->y + canvas->h / 2)) < 2.0f);

  const double zoom = ui->state()["map"]["zoom"].get<double>();
  const double x0 = ui->state()["map"]["selected_at"][0].get<double>(), y0 = ui->state()["map"]["selected_at"][1].get<double>();
  const std::vector<kolo::MapPosition> before_drag = ui->app.doc().map_positions;
  drag(*ui, node, 150, -90);
  map = ui->state()["map"];
  CHECK(map["selected_pinned"].get<bool>());
  const kolo::MapPosition* m = kept(*ui, school);
  REQUIRE(m);
  CHECK(m->pinned);
  // Moved by what the pointer moved, in map units, and kept there.
  const double x = map["selected_at"][0].get<double>(), y = map["selected_at"][1].get<double>();
  CHECK(x - x0 == doctest::Approx(150 / zoom).epsilon(0.01));
  CHECK(y - y0 == doctest::Approx(-90 / zoom).epsilon(0.01));
  CHECK(std::fabs(m->x - x) <= 0.5);
  CHECK(std::fabs(m->y - y) <= 0.5);
  const kolo::MapPosition dropped = *m;
  // The others make room (the layout runs again, however many frames it takes); the pinned
  // one does not move at all.
  for (int i = 0; i < 30; ++i) {
    ui->frame();
    const json s = ui->state()["map"];
    CHECK(s["selected_at"][0].get<double>() == x);
    CHECK(s["selected_at"][1].get<double>() == y);
  }
  settle(*ui);
  CHECK(kept(*ui, school)->x == dropped.x);
  CHECK(kept(*ui, school)->y == dropped.y);
  CHECK(kept(*ui, school)->pinned);
  int moved = 0;
  for (const kolo::MapPosition& b : before_drag)
    if (const kolo::MapPosition* now = kept(*ui, b.partner_id); now && b.partner_id != school)
      moved += now->x != b.x || now->y != b.y;
  CHECK(moved > 0);
  // The drop is one undoable step: undone, the school is back where it was, free, and the
  // layout does not keep the dropped place; redone, it is pinned there again.
  CHECK(ui->app.store().undo_name() == "cmd.pin_on_map");
  const kolo::MapPosition* was = nullptr;
  for (const kolo::MapPosition& b : before_drag)
    if (b.partner_id == school) was = &b;
  REQUIRE(was);
  REQUIRE(ui->click("edit.undo"));
  settle(*ui);
  CHECK_FALSE(kept(*ui, school)->pinned);
  CHECK(kept(*ui, school)->x == was->x);
  CHECK(kept(*ui, school)->y == was->y);
  CHECK(std::fabs(ui->state()["map"]["selected_at"][0].get<double>() - was->x) <= 0.5);
  REQUIRE(ui->click("edit.redo"));
  settle(*ui);
  CHECK(kept(*ui, school)->pinned);
  CHECK(kept(*ui, school)->x == dropped.x);
  CHECK(ui->state()["map"]["selected_at"][0].get<double>() == doctest::Approx(dropped.x).epsilon(0.0001));

  // Unpinned: it is free to move again, and says so in the document.
  REQUIRE(ui->click("map.unpin"));
  CHECK_FALSE(kept(*ui, school)->pinned);
  CHECK_FALSE(ui->state()["map"]["selected_pinned"].get<bool>());
  settle(*ui);

  // A click (no drag) opens the partner.
  REQUIRE(ui->find(node));
  REQUIRE(ui->click(node));
  CHECK(ui->state()["partner_open"] == school);
}

TEST_CASE("zoom follows the wheel around the pointer and the keys; filters hide nodes; the PNG is asked for the map's rectangle") {
  auto ui = make_ui();
  ui->app.load_demo();
  ui->frame();
  REQUIRE(ui->click("nav.map"));
  settle(*ui);
  REQUIRE(ui->find("map.canvas"));
  const kolo::ui::DrawnItem canvas_item = *ui->find("map.canvas");  // a copy: frames replace the items
  const kolo::ui::DrawnItem* canvas = &canvas_item;
  const float cx = canvas->x + canvas->w / 2, cy = canvas->y + canvas->h / 2;
  ImGuiIO& io = ImGui::GetIO();
  // The point under the pointer stays under it.
  io.MousePos = ImVec2(cx + 200, cy + 100);
  ui->frame();
  const json before = ui->state()["map"];
  const double z0 = before["zoom"].get<double>();
  const double px0 = before["pan"][0].get<double>(), py0 = before["pan"][1].get<double>();
  const double ax = px0 + 200 / z0, ay = py0 + 100 / z0;  // the map point under the pointer
  io.MouseWheel = 2.0f;
  ui->frame();
  io.MouseWheel = 0.0f;
  ui->frame();
  const json after = ui->state()["map"];
  const double z1 = after["zoom"].get<double>();
  CHECK(z1 > z0 * 1.2);
  CHECK(after["pan"][0].get<double>() + 200 / z1 == doctest::Approx(ax).epsilon(0.001));
  CHECK(after["pan"][1].get<double>() + 100 / z1 == doctest::Approx(ay).epsilon(0.001));
  // Keys: '-' zooms out, an arrow pans.
  ui->type("-");
  CHECK(ui->state()["map"]["zoom"].get<double>() < z1);
  const double pan_x = ui->state()["map"]["pan"][0].get<double>();
  io.KeyMap[ImGuiKey_RightArrow] = 300 + ImGuiKey_RightArrow;
  io.KeysDown[io.KeyMap[ImGuiKey_RightArrow]] = true;
  ui->frame();
  io.KeysDown[io.KeyMap[ImGuiKey_RightArrow]] = false;
  ui->frame();
  CHECK(ui->state()["map"]["pan"][0].get<double>() > pan_x);

  // '+' zooms in, '0' shows everything again.
  const double z2 = ui->state()["map"]["zoom"].get<double>();
  ui->type("+");
  CHECK(ui->state()["map"]["zoom"].get<double>() > z2);
  ui->type("0");
  CHECK(ui->state()["map"]["zoom"].get<double>() == doctest::Approx(z0));

  // The search's Enter moves to the next match, most referrals first.
  REQUIRE(ui->click("map.search"));
  ui->type("Ліцей");
  const json found = ui->state()["map"];
  REQUIRE(found["found"].get<int>() >= 2);
  const kolo::Id first_match = found["selected"].get<kolo::Id>();
  io.KeyMap[ImGuiKey_Enter] = 300 + ImGuiKey_Enter;
  io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = true;
  ui->frame();
  io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = false;
  ui->frame();
  CHECK(ui->state()["map"]["selected"].get<kolo::Id>() != first_match);
  CHECK(ui->state()["map"]["selected"].get<kolo::Id>() != 0);

  // Stage and tag filters, then only schools.
  REQUIRE(ui->click("map.filter.stage"));
  REQUIRE(ui->click("map_stage.active"));
  std::size_t active = 0;
  for (const kolo::Partner& p : ui->app.doc().partners) active += p.stage == kolo::Stage::active;
  CHECK(ui->state()["map"]["nodes"] == active);
  REQUIRE(ui->click("map.filter.stage"));
  REQUIRE(ui->click("map_stage.any"));
  CHECK(ui->state()["map"]["nodes"] == ui->app.doc().partners.size());
  REQUIRE(ui->click("map.filter.tag"));
  REQUIRE(ui->click("map_tag.0"));
  const std::string tag = ui->state()["map"]["filter"]["tag"].get<std::string>();
  std::size_t tagged = 0;
  for (const kolo::Partner& p : ui->app.doc().partners)
    tagged += std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end();
  CHECK(tagged > 0);
  CHECK(ui->state()["map"]["nodes"] == tagged);
  REQUIRE(ui->click("map.filter.tag"));
  REQUIRE(ui->click("map_tag.any"));

  // Only schools.
  REQUIRE(ui->click("map.filter.kind"));
  REQUIRE(ui->click("map_kind.school_kindergarten"));
  std::size_t schools = 0;
  for (const kolo::Partner& p : ui->app.doc().partners) schools += p.kind == kolo::PartnerKind::school_kindergarten;
  CHECK(ui->state()["map"]["nodes"] == schools);
  CHECK(ui->state()["map"]["filter"]["kind"] == "school_kindergarten");

  REQUIRE(ui->click("map.export_png"));
  ui->frame();
  REQUIRE(ui->host.pngs.size() == 1);
  const auto& png = ui->host.pngs.front();
  CHECK(png.name == "kolo-map-2026-11-23.png");
  CHECK(png.x == canvas->x);
  CHECK(png.y == canvas->y);
  CHECK(png.w == canvas->w);
  CHECK(png.h == canvas->h);
}

TEST_CASE("the charts show the example network's flows and copy each chart as a table") {
  auto ui = make_ui();
  ui->app.load_demo();
  ui->frame();
  REQUIRE(ui->click("nav.map"));
  REQUIRE(ui->click("map.mode.charts"));
  const json charts = ui->state()["charts"];
  CHECK(charts["period"] == "months");
  CHECK(charts["from"] == "2025-12-01");
  CHECK(charts["to"] == "2026-11-23");
  REQUIRE(charts["months"].size() == 12);
  CHECK(charts["months"][0]["month"] == "2025-12");
  // Counted by hand from assets/demo/demo-uk.json: in September 2026 one client came (from the
  // lyceum, 71) and three were referred on (41, 121, 65); the draft of October is not counted.
  CHECK(charts["months"][9]["month"] == "2026-09");
  CHECK(charts["months"][9]["in"] == 1);
  CHECK(charts["months"][9]["out"] == 3);
  CHECK(charts["months"][10]["in"] == 1);   // October: the IT company (106)
  CHECK(charts["months"][10]["out"] == 3);  // 116, 125, 41
  CHECK(charts["funnel"]["sent"] == 7);
  CHECK(charts["funnel"]["closed"] == 1);
  REQUIRE(ui->click("chart.months.copy"));
  REQUIRE_FALSE(ui->host.copies.empty());
  const std::string table = ui->host.copies.back();
  CHECK(table.find("2026-09\t1\t3") != std::string::npos);
  REQUIRE(ui->click("chart.funnel.copy"));
  CHECK(ui->host.copies.back().find('\t') != std::string::npos);
  // A source opens its partner.
  REQUIRE(ui->click("chart.source.71"));
  CHECK(ui->state()["partner_open"] == 71);
}

TEST_CASE("an empty map offers the example network and nothing that needs partners; a saved picture waits for none") {
  auto ui = make_ui();
  REQUIRE(ui->click("nav.map"));
  CHECK(ui->find("demo.load"));
  CHECK_FALSE(ui->find("map.export_png"));
  CHECK_FALSE(ui->find("map.rearrange"));
  CHECK_FALSE(ui->find("map.canvas"));
  CHECK(ui->host.pngs.empty());
  REQUIRE(ui->click("demo.load"));
  for (int i = 0; i < 5; ++i) ui->frame();
  CHECK(ui->host.pngs.empty());  // no picture nobody asked for
  CHECK(ui->find("map.canvas"));
}
