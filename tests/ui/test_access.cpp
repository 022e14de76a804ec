// A canvas that behaves like a web page, drawn headless: the page's address follows the view
// and the record open (and the back button, through App::navigate, closes it again, never at
// the cost of changes not saved); a client's case is never named in the title; an address met
// before the data is loaded is followed once it is; the accessible mirror gives widgets roles,
// names and states; the text size is a setting; a finger scrolls a list, two fingers zoom the
// map, and a long press (a right click) opens a pipeline card's menu.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <memory>
#include <string>

#include "headless.hpp"
#include "ui/widgets.hpp"

using kolo::test::Headless;
using kolo::test::add_record;
using nlohmann::json;

namespace {

kolo::Id partner(Headless& ui, const char* name, kolo::Stage stage = kolo::Stage::prospect) {
  kolo::Partner p;
  p.name = name;
  p.kind = kolo::PartnerKind::school_kindergarten;
  p.stage = stage;
  return add_record(ui, p);
}

bool has_notice(const Headless& ui, const char* key) {
  const std::string text = kolo::tr(key, ui.app.settings().lang);
  for (const std::string& n : ui.app.notices())
    if (n == text) return true;
  return false;
}

const json* node(const json& mirror, const std::string& id) {
  for (const json& n : mirror["nodes"])
    if (n.value("id", "") == id) return &n;
  return nullptr;
}

}  // namespace

TEST_CASE("the address follows the partner editor, and going back closes it unless it holds changes") {
  Headless ui({}, 1280, 1400);
  const kolo::Id id = partner(ui, "Ліцей №7 (вигаданий)");
  REQUIRE(ui.click("nav.partners"));
  CHECK(ui.app.route() == "/partners");
  ui.app.open_partner(id);
  ui.frame();
  ui.frame();
  CHECK(ui.app.route() == "/partners/" + std::to_string(id));
  CHECK(ui.app.page_title().find("Ліцей №7") == 0);
  CHECK(ui.state()["route"] == ui.app.route());

  // Back to the pipeline: the unchanged editor closes.
  CHECK(ui.app.navigate("/pipeline"));
  ui.frame();
  CHECK_FALSE(ui.app.partner_editor().is_open());
  CHECK(ui.state()["view"] == "pipeline");
  CHECK(ui.app.route() == "/pipeline");
  // Forward (or a copied link): the same place again.
  CHECK(ui.app.navigate("/partners/" + std::to_string(id)));
  ui.frame();
  ui.frame();
  CHECK(ui.state()["view"] == "partners");
  CHECK(ui.app.partner_editor().open_id() == id);

  // A changed name: going back keeps the editor open and says why.
  kolo::test::replace(ui, "partner.name", "Ліцей №8");
  REQUIRE(ui.state()["partner_dirty"] == true);
  CHECK_FALSE(ui.app.navigate("/dashboard"));
  ui.frame();
  CHECK(ui.app.partner_editor().is_open());
  CHECK(ui.state()["view"] == "partners");
  CHECK(has_notice(ui, "route.finish_first"));

  // The editor over another view: its address names both.
  REQUIRE(ui.click("partner.cancel"));
  ui.frame();
  REQUIRE(ui.click("nav.pipeline"));
  ui.app.open_partner(id);
  ui.frame();
  CHECK(ui.app.route() == "/pipeline/partner/" + std::to_string(id));
  // Addresses that name nothing: the view, or nowhere new.
  CHECK(ui.app.navigate("/partners/999999"));
  ui.frame();
  CHECK(ui.state()["view"] == "partners");
  CHECK_FALSE(ui.app.partner_editor().is_open());
  CHECK(ui.app.navigate("/no-such-view/12"));
  ui.frame();
  CHECK(ui.state()["view"] == "partners");
}

TEST_CASE("an address given before the data is loaded is followed once it is") {
  Headless ui({}, 1280, 1400);
  const kolo::Id id = partner(ui, "Центр «Опора» (вигаданий)");
  kolo::ui::StorageStatus loading;
  loading.state = "loading";
  ui.app.set_storage_status(loading);
  CHECK(ui.app.navigate("/partners/" + std::to_string(id)));
  ui.frame();
  CHECK(ui.app.route_pending());
  CHECK_FALSE(ui.app.partner_editor().is_open());
  kolo::ui::StorageStatus saved;
  saved.state = "saved";
  ui.app.set_storage_status(saved);
  ui.frame();
  ui.frame();
  CHECK_FALSE(ui.app.route_pending());
  CHECK(ui.app.partner_editor().open_id() == id);
  CHECK(ui.app.route() == "/partners/" + std::to_string(id));
}

TEST_CASE("a case has an address, but the page title never names the client") {
  Headless ui({}, 1400, 2600);
  kolo::Case c;
  c.alias = "Клієнтка Таємниця";
  const kolo::Id id = add_record(ui, c);
  CHECK(ui.app.navigate("/clients/" + std::to_string(id)));
  ui.frame();
  ui.frame();
  CHECK(ui.state()["case_open"] == id);
  CHECK(ui.app.route() == "/clients/" + std::to_string(id));
  CHECK(ui.app.page_title().find("Таємниця") == std::string::npos);
  // Back: the case closes (there is nothing unsaved in it).
  CHECK(ui.app.navigate("/clients"));
  ui.frame();
  CHECK(ui.app.route() == "/clients");
}

TEST_CASE("an event has an address and its title names the event") {
  Headless ui({}, 1400, 2000);
  kolo::Event e;
  e.title = "Семінар для вчителів (вигаданий)";
  e.starts_at = "2026-12-02T15:00";
  const kolo::Id id = add_record(ui, e);
  CHECK(ui.app.navigate("/events/" + std::to_string(id)));
  ui.frame();
  ui.frame();
  CHECK(ui.app.route() == "/events/" + std::to_string(id));
  CHECK(ui.app.page_title().find("Семінар для вчителів") == 0);
}

TEST_CASE("the accessible mirror gives widgets roles, names and states") {
  Headless ui({}, 1280, 1400);
  const kolo::Id id = partner(ui, "Гімназія «Світанок» (вигадана)");
  REQUIRE(ui.click("nav.partners"));
  ui.app.open_partner(id);
  ui.frame();
  ui.frame();
  const json mirror = json::parse(kolo::ui::items_a11y_json(0, 0));
  const json* nav = node(mirror, "nav.partners");
  REQUIRE(nav);
  CHECK((*nav)["selected"] == true);
  CHECK_FALSE(node(mirror, "nav.dashboard")->contains("selected"));
  const json* tab = node(mirror, "partner.tab.overview");
  REQUIRE(tab);
  CHECK((*tab)["role"] == "tab");
  CHECK((*tab)["selected"] == true);
  CHECK((*node(mirror, "partner.tab.contacts"))["selected"] == false);
  const json* name = node(mirror, "partner.name");
  REQUIRE(name);
  CHECK((*name)["role"] == "textbox");
  CHECK_FALSE((*name).value("name", "").empty());  // the form's row label
  CHECK((*name)["dialog"] == true);
  const json* kind = node(mirror, "partner.kind");
  REQUIRE(kind);
  CHECK((*kind)["role"] == "combobox");
  CHECK((*kind)["value"] == kolo::tr("partner_kind.school_kindergarten", kolo::Lang::en));
  const json* save = node(mirror, "partner.save");
  REQUIRE(save);
  CHECK((*save)["role"] == "button");

  // The Settings view: its heading as text, a checkbox-free page of radio choices.
  REQUIRE(ui.click("partner.cancel"));
  REQUIRE(ui.click("nav.settings"));
  const json settings = json::parse(kolo::ui::items_a11y_json(0, 0));
  bool heading = false;
  for (const json& n : settings["nodes"])
    heading = heading || (n["role"] == "text" && n["label"] == kolo::tr("settings.title", kolo::Lang::en));
  CHECK(heading);
  // Text nodes are the mirror's only: the testing contract's items() stay widgets.
  CHECK(kolo::ui::items_json(0, 0).find(kolo::tr("settings.body", kolo::Lang::en)) == std::string::npos);
}

TEST_CASE("the text size is a setting kept with the others") {
  Headless ui({}, 1280, 2000);
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("settings.text_size.150"));
  CHECK(ui.app.settings().text_scale == 150);
  CHECK(ui.state()["text_scale"] == 150);
  const kolo::ui::Settings back = kolo::ui::settings_from_json(kolo::ui::settings_to_json(ui.app.settings()), kolo::Lang::en);
  CHECK(back.text_scale == 150);
  ui.app.set_text_scale(130);  // not one of the sizes offered
  CHECK(ui.app.settings().text_scale == 150);
  CHECK(kolo::ui::settings_from_json(R"({"text_scale": 5000})", kolo::Lang::en).text_scale == 100);
}

TEST_CASE("a finger moving a list scrolls it") {
  Headless ui({}, 1280, 600);
  kolo::Id first = 0;
  for (int i = 0; i < 60; ++i) {
    const kolo::Id id = partner(ui, ("Партнер " + std::to_string(100 + i) + " (вигаданий)").c_str());
    if (i == 0) first = id;
  }
  REQUIRE(ui.click("nav.partners"));
  ui.frame();
  const kolo::ui::DrawnItem* row = ui.find("partners.row." + std::to_string(first));
  REQUIRE(row);
  const float y0 = row->y;
  // As the platform does for a finger (web_main.cpp): the pointer where the finger is, and
  // the window under it scrolled right after NewFrame.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(row->x + 20, 400);
  ui.frame();
  kolo::ui::items_begin_frame();
  ImGui::NewFrame();
  kolo::ui::scroll_window_at(0, 120);
  ui.app.frame(ui.time += 1.0 / 60);
  ImGui::Render();
  kolo::ui::items_end_frame();
  ui.frame();
  const kolo::ui::DrawnItem* moved = ui.find("partners.row." + std::to_string(first));
  CHECK((moved == nullptr || moved->y <= y0 - 100));
}

TEST_CASE("two fingers zoom and pan the map about where they are") {
  kolo::ui::Settings settings;
  Headless ui(settings, 1400, 900);
  ui.app.load_demo();
  ui.frame();
  REQUIRE(ui.click("nav.map"));
  for (int i = 0; i < 5; ++i) ui.frame();
  const kolo::ui::DrawnItem* canvas = ui.find("map.canvas");
  REQUIRE(canvas);
  const float zoom = ui.state()["map"]["zoom"].get<float>();
  const float cx = canvas->x + canvas->w / 2, cy = canvas->y + canvas->h / 2;
  ui.app.add_gesture({cx, cy, 1.5f, 0, 0});
  ui.frame();
  CHECK(ui.state()["map"]["zoom"].get<float>() == doctest::Approx(zoom * 1.5f).epsilon(0.01));
  const float pan_x = ui.state()["map"]["pan"][0].get<float>();
  const float zoomed = ui.state()["map"]["zoom"].get<float>();
  ui.app.add_gesture({cx, cy, 1.0f, 90, 0});
  ui.frame();
  CHECK(ui.state()["map"]["pan"][0].get<float>() == doctest::Approx(pan_x - 90 / zoomed).epsilon(0.01));
  // Outside the map nothing takes it, and it is not kept for later.
  ui.app.add_gesture({5, 5, 3.0f, 0, 0});
  ui.frame();
  ui.frame();
  CHECK(ui.state()["map"]["zoom"].get<float>() == doctest::Approx(zoomed).epsilon(0.01));
}

TEST_CASE("a long press (a right click) on a pipeline card opens its menu, which moves the card") {
  Headless ui({}, 1400, 900);
  const kolo::Id id = partner(ui, "Школа №3 (вигадана)");
  REQUIRE(ui.click("nav.pipeline"));
  const kolo::ui::DrawnItem* card = ui.find("pipeline.card." + std::to_string(id));
  REQUIRE(card);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(card->x + card->w / 2, card->y + card->h / 2);
  ui.frame();
  io.MouseDown[1] = true;
  ui.frame();
  io.MouseDown[1] = false;
  ui.frame();
  ui.frame();
  REQUIRE(ui.find("pipeline.ctx.open"));
  CHECK_FALSE(ui.find("pipeline.ctx.move.prospect"));  // where it is already
  REQUIRE(ui.click("pipeline.ctx.move.met"));
  ui.frame();
  CHECK(kolo::find_record<kolo::Partner>(ui.app.doc(), id)->stage == kolo::Stage::met);
}

TEST_CASE("addresses from outside that name nothing, or too much, open nothing and break nothing") {
  Headless ui({}, 1280, 1400);
  const kolo::Id id = partner(ui, "Школа (вигадана)");
  REQUIRE(ui.click("nav.pipeline"));
  for (const char* route : {"", "/", "//", "///partners", "/partners/", "/partners/abc", "/partners/-3",
                            "/partners/99999999999999999999999", "/partners/1e3", "/pipeline/partner/",
                            "/pipeline/partner/x", "/%2e%2e/settings", "/partners/999999/13/14", "partners"}) {
    CAPTURE(route);
    CHECK(ui.app.navigate(route));
    ui.frame();
    CHECK_FALSE(ui.app.partner_editor().is_open());
  }
  // A long address from a hand-made link: read, not trusted.
  CHECK(ui.app.navigate("/" + std::string(100000, 'p') + "/" + std::to_string(id)));
  ui.frame();
  // "partners" without a slash names the view too (the browser keeps what follows '#').
  CHECK(ui.state()["view"] == "partners");
  CHECK(ui.app.navigate("/pipeline/partner/" + std::to_string(id)));
  ui.frame();
  CHECK(ui.state()["view"] == "pipeline");
  CHECK(ui.app.partner_editor().open_id() == id);
}
