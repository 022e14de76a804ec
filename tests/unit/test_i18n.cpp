// The translation catalog: every key in three languages, arguments, and browser-language choice.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/i18n.hpp"

using namespace kolo;

namespace {
// Rows whose Ukrainian and Russian text may be the same as the English, each with its reason
// (a proper name, a bare placeholder, a symbol). None today. The Ukrainian and Russian texts
// may equal each other: the two languages share many words (Тип, Статус, Файл: {0}).
const std::set<std::string> kSameInEveryLanguage = {};

// The sorted argument placeholders of a text: {"{0}", "{1}"} for "{1} then {0}".
std::multiset<std::string> placeholders(const std::string& text) {
  std::multiset<std::string> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') out.insert(text.substr(i, 3));
  return out;
}
}  // namespace

TEST_CASE("every catalog row has English, Ukrainian and Russian text, and the last two are translated") {
  REQUIRE(i18n::kCatalogSize > 0);
  for (std::size_t i = 0; i < i18n::kCatalogSize; ++i) {
    const auto& row = i18n::kCatalog[i];
    const std::string key = row.key;
    INFO(key);
    const std::string en = row.text[static_cast<int>(Lang::en)];
    const std::string uk = row.text[static_cast<int>(Lang::uk)];
    const std::string ru = row.text[static_cast<int>(Lang::ru)];
    CHECK_FALSE(en.empty());
    CHECK_FALSE(uk.empty());
    CHECK_FALSE(ru.empty());
    if (kSameInEveryLanguage.count(row.key)) continue;
    // The same text as the English is a row nobody translated.
    CHECK(uk != en);
    CHECK(ru != en);
  }
  for (const std::string& key : kSameInEveryLanguage) CHECK(has_key(key));  // no stale entries
}

TEST_CASE("every translation keeps the English text's arguments") {
  for (std::size_t i = 0; i < i18n::kCatalogSize; ++i) {
    const auto& row = i18n::kCatalog[i];
    const std::string key = row.key;
    INFO(key);
    CHECK(placeholders(row.text[static_cast<int>(Lang::uk)]) == placeholders(row.text[static_cast<int>(Lang::en)]));
    CHECK(placeholders(row.text[static_cast<int>(Lang::ru)]) == placeholders(row.text[static_cast<int>(Lang::en)]));
  }
}

TEST_CASE("catalog keys are unique and sorted by bytes, as the lookup's binary search needs") {
  for (std::size_t i = 1; i < i18n::kCatalogSize; ++i) {
    const std::string key = i18n::kCatalog[i].key;
    INFO(key);
    CHECK(std::string(i18n::kCatalog[i - 1].key) < std::string(i18n::kCatalog[i].key));
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
