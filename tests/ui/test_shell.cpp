// The dashboard shell drawn headless: navigation, translations, settings, text input.
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "headless.hpp"
#include "ui/views.hpp"

using kolo::Lang;
using kolo::test::Headless;
using kolo::ui::Settings;

namespace {
void open_new_partner_dialog(Headless& ui) {
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.find("partner.name") != nullptr);
}


// The label is the text of some catalog row in `lang`.
bool is_catalog_text(const std::string& label, Lang lang) {
  for (std::size_t i = 0; i < kolo::i18n::kCatalogSize; ++i)
    if (label == kolo::i18n::kCatalog[i].text[static_cast<int>(lang)]) return true;
  return false;
}

bool has_cyrillic(const std::string& s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) == 0xD0 || static_cast<unsigned char>(s[i]) == 0xD1)) return true;
  return false;
}
}  // namespace

TEST_CASE("every view is reachable from its tab and draws translated text in all three languages") {
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) {
    Settings s;
    s.lang = lang;
    Headless ui(s);
    REQUIRE_FALSE(kolo::ui::view_codes().empty());
    for (const std::string& code : kolo::ui::view_codes()) {
      const std::string id = "nav." + code;
      CAPTURE(id);
      REQUIRE(ui.click(id));
      CHECK(ui.app.settings().view == code);
      CHECK(ui.state()["view"] == code);
      for (const kolo::ui::DrawnItem& it : kolo::ui::items_last_frame()) {
        CAPTURE(it.label);
        CHECK_FALSE(kolo::looks_like_key(it.label));  // a missing catalog key shows as itself
        if (it.id.rfind("nav.", 0) == 0) {
          CHECK(is_catalog_text(it.label, lang));  // the tab's title, in this language
          if (lang != Lang::en) CHECK(has_cyrillic(it.label));
        }
      }
    }
  }
}

TEST_CASE("the language buttons switch the labels and mark the choice as the user's") {
  Headless ui;
  REQUIRE(ui.find("nav.partners") != nullptr);
  CHECK(ui.find("nav.partners")->label == "Partners");
  REQUIRE(ui.click("lang.ru"));
  CHECK(ui.app.settings().lang == Lang::ru);
  CHECK(ui.app.settings().lang_chosen);
  CHECK(ui.app.take_settings_changed());
  CHECK_FALSE(ui.app.take_settings_changed());
  ui.frame();
  CHECK(ui.find("nav.partners")->label == "Партнёры");
}

TEST_CASE("settings survive a round trip, and bad stored settings fall back to defaults") {
  Settings s;
  s.lang = Lang::ru;
  s.lang_chosen = true;
  s.view = "events";
  CHECK(kolo::ui::settings_from_json(kolo::ui::settings_to_json(s), Lang::uk) == s);

  SUBCASE("no choice made: the browser's language wins") {
    Settings got = kolo::ui::settings_from_json(R"({"lang":"ru","lang_chosen":false,"view":"map"})", Lang::uk);
    CHECK(got.lang == Lang::uk);
    CHECK(got.view == "map");
  }
  SUBCASE("garbage") {
    for (const char* bad : {"", "{", "[]", "null", R"({"lang":7,"view":"nowhere"})", R"({"lang":"de","lang_chosen":true})"}) {
      CAPTURE(bad);
      Settings got = kolo::ui::settings_from_json(bad, Lang::uk);
      CHECK(got.lang == Lang::uk);
      CHECK(got.view == "dashboard");
    }
  }
}

TEST_CASE("a click into the search field and typed Cyrillic land in the field; a paste goes in at the cursor") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.search"));
  ui.type("Школа №5");
  CHECK(ui.state()["partner_search"] == "Школа №5");
  ui.app.paste_text(" і ліцей");
  ui.frame();
  ui.frame();
  CHECK(ui.state()["partner_search"] == "Школа №5 і ліцей");
}

TEST_CASE("the tabs and the language switch are whole inside a narrow window") {
  Headless ui({}, 900, 600);
  std::vector<std::string> ids = {"edit.undo", "edit.redo", "lang.uk", "lang.ru", "lang.en"};
  for (const std::string& code : kolo::ui::view_codes()) ids.push_back("nav." + code);
  for (const std::string& id : ids) {
    CAPTURE(id);
    const kolo::ui::DrawnItem* it = ui.find(id);
    REQUIRE(it != nullptr);
    // The reported rectangle is clipped to what shows, so only `clipped` tells a widget cut
    // off by the window's edge.
    CHECK_FALSE(it->clipped);
    CHECK(it->full_x >= 0);
    CHECK(it->full_x + it->full_w <= 900);
  }
}

TEST_CASE("a widget cut off by its window's edge is reported clipped, with its whole rectangle") {
  Headless ui({}, 400, 300);
  for (int frame = 0; frame < 2; ++frame) {  // a new window measures itself, hidden, for a frame
    kolo::ui::items_begin_frame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(200, 100));
    ImGui::Begin("probe", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::Button("Whole###probe.whole");
    ImGui::SetCursorPosX(150);
    ImGui::Button("Cut off at the edge###probe.cut");
    ImGui::End();
    ImGui::Render();
    kolo::ui::items_end_frame();
  }
  const kolo::ui::DrawnItem* whole = ui.find("probe.whole");
  const kolo::ui::DrawnItem* cut = ui.find("probe.cut");
  REQUIRE(whole != nullptr);
  REQUIRE(cut != nullptr);
  CHECK_FALSE(whole->clipped);
  CHECK(whole->full_w == whole->w);
  CHECK(cut->clipped);
  CHECK(cut->x + cut->w <= 200);  // what shows: clicks land there
  CHECK(cut->full_x == cut->x);
  CHECK(cut->full_x + cut->full_w > 200);
}

TEST_CASE("a dialog's widgets are reported only once it is shown where it will stay") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.press("partners.add"));  // the dialog opens in the very frame of the release
  // Frame by frame from its opening: the first time partner.name is reported, it must
  // already sit where it stays.
  bool seen = false;
  float x = 0, y = 0;
  for (int i = 0; i < 4 && !seen; ++i) {
    if (i > 0) ui.frame();
    if (const kolo::ui::DrawnItem* it = ui.find("partner.name")) {
      seen = true;
      x = it->x;
      y = it->y;
    }
  }
  REQUIRE(seen);
  ui.frame();
  const kolo::ui::DrawnItem* later = ui.find("partner.name");
  REQUIRE(later != nullptr);
  CHECK(later->x == x);
  CHECK(later->y == y);
}

TEST_CASE("adding a partner through the dialog: typed name, save, one undo step") {
  Headless ui;
  open_new_partner_dialog(ui);
  REQUIRE(ui.click("partner.name"));
  ui.type("Ліцей №2");
  REQUIRE(ui.click("partner.save"));
  REQUIRE(ui.app.doc().partners.size() == 1);
  CHECK(ui.app.doc().partners[0].name == "Ліцей №2");
  CHECK(ui.state()["editor_open"] == false);
  REQUIRE(ui.click("edit.undo"));
  CHECK(ui.app.doc().partners.empty());
}

TEST_CASE("saving a partner without a name is refused with a message, and changes nothing") {
  Headless ui;
  open_new_partner_dialog(ui);
  REQUIRE(ui.click("partner.save"));
  CHECK(ui.app.doc().partners.empty());
  CHECK(ui.state()["editor_open"] == true);
  CHECK(ui.app.error_message().find("/partners/0/name") != std::string::npos);
  CHECK(ui.app.store().revision() == 0);
}

TEST_CASE("a change made before storage has answered is refused with a message, so the stored data cannot replace it") {
  Headless ui;
  kolo::ui::StorageStatus loading;  // the first frame is drawn before IndexedDB answers
  ui.app.set_storage_status(loading);
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("demo.load"));
  CHECK(ui.app.doc().partners.empty());
  CHECK(ui.app.store().revision() == 0);
  CHECK(ui.state()["error"] == kolo::tr("err.still_opening", kolo::Lang::en));
}
