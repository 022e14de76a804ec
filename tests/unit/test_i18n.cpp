// The translation catalog: every key in three languages, arguments, and browser-language choice.
#include <doctest/doctest.h>

#include <string>

#include "core/i18n.hpp"

using namespace kolo;

TEST_CASE("every catalog row has distinct, non-empty English, Ukrainian and Russian text") {
  REQUIRE(i18n::kCatalogSize > 0);
  for (std::size_t i = 0; i < i18n::kCatalogSize; ++i) {
    const auto& row = i18n::kCatalog[i];
    INFO(row.key);
    for (int l = 0; l < kLangCount; ++l) CHECK(std::string(row.text[l]).size() > 0);
    if (i > 0) CHECK(std::string(i18n::kCatalog[i - 1].key) < std::string(row.key));
  }
}

TEST_CASE("a lookup returns the chosen language and fills arguments") {
  CHECK(std::string(tr("app.title", Lang::en)) == "Kolo");
  CHECK(std::string(tr("app.title", Lang::uk)) == "Коло");
  CHECK(trf("err.test_args", Lang::en, {"a", "b"}) == "b then a");
  CHECK(std::string(tr("no.such.key", Lang::ru)) == "no.such.key");
  CHECK_FALSE(has_key("no.such.key"));
}

TEST_CASE("the text shown for a missing key stays readable after many other missing keys") {
  // A label keeps the pointer tr() returned. The key is short on purpose: a short string
  // lives inside its container's storage, so a container that moves its strings when it
  // grows would leave this pointer dangling (AddressSanitizer reports the read).
  const char* first = tr("zz.gone", Lang::uk);
  REQUIRE(std::string(first) == "zz.gone");
  int shown_as_key = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string other = "zz.gone." + std::to_string(i);
    if (std::string(tr(other, Lang::en)) == other) ++shown_as_key;
  }
  CHECK(shown_as_key == 2000);
  CHECK(std::string(first) == "zz.gone");
  CHECK(tr("zz.gone", Lang::ru) == first);  // the same key, the same text
}

TEST_CASE("the first language follows the browser: Ukrainian, Russian, otherwise English") {
  CHECK(lang_from_tag("uk-UA") == Lang::uk);
  CHECK(lang_from_tag("UK") == Lang::uk);
  CHECK(lang_from_tag("ru") == Lang::ru);
  CHECK(lang_from_tag("ru-RU") == Lang::ru);
  CHECK(lang_from_tag("en-GB") == Lang::en);
  CHECK(lang_from_tag("be-BY") == Lang::en);
  CHECK(lang_from_tag("ukr") == Lang::en);
  CHECK(lang_from_tag("") == Lang::en);
  Lang l = Lang::en;
  CHECK(lang_from_code("ru", &l));
  CHECK(l == Lang::ru);
  CHECK_FALSE(lang_from_code("de", &l));
}
