// The dashboard shell drawn headless: navigation, translations, settings, text input.
#include <doctest/doctest.h>

#include <string>

#include "headless.hpp"

using kolo::Lang;
using kolo::test::Headless;
using kolo::ui::Settings;
using kolo::ui::View;

namespace {
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
    for (View v : kolo::ui::kViews) {
      const std::string id = std::string("nav.") + kolo::ui::view_code(v);
      CAPTURE(id);
      REQUIRE(ui.click(id));
      CHECK(ui.app.settings().view == v);
      for (const kolo::ui::DrawnItem& it : kolo::ui::items_last_frame()) {
        CAPTURE(it.label);
        // A label equal to its catalog key means a missing translation.
        CHECK_FALSE(kolo::has_key(it.label));
        if (lang != Lang::en && it.id.rfind("nav.", 0) == 0) CHECK(has_cyrillic(it.label));
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
  s.view = View::events;
  CHECK(kolo::ui::settings_from_json(kolo::ui::settings_to_json(s), Lang::uk) == s);

  SUBCASE("no choice made: the browser's language wins") {
    Settings got = kolo::ui::settings_from_json(R"({"lang":"ru","lang_chosen":false,"view":"map"})", Lang::uk);
    CHECK(got.lang == Lang::uk);
    CHECK(got.view == View::map);
  }
  SUBCASE("garbage") {
    for (const char* bad : {"", "{", "[]", "null", R"({"lang":7,"view":"nowhere"})", R"({"lang":"de","lang_chosen":true})"}) {
      CAPTURE(bad);
      Settings got = kolo::ui::settings_from_json(bad, Lang::uk);
      CHECK(got.lang == Lang::uk);
      CHECK(got.view == View::dashboard);
    }
  }
}

TEST_CASE("a click into the search field and typed Cyrillic land in the field; paste only into a focused field") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  ui.app.paste_text("nowhere");  // nothing focused yet: must not be typed anywhere later
  REQUIRE(ui.click("partners.search"));
  ui.type("Школа №5");
  CHECK(ui.app.partner_search == "Школа №5");
  ui.app.paste_text(" і ліцей");
  ui.frame();
  ui.frame();
  CHECK(ui.app.partner_search == "Школа №5 і ліцей");
}

TEST_CASE("the language switch stays inside a narrow window") {
  Headless ui({}, 900, 600);
  const kolo::ui::DrawnItem* en = ui.find("lang.en");
  REQUIRE(en != nullptr);
  CHECK(en->x + en->w <= 900);
}
