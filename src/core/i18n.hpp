// Translations: the three languages Kolo speaks and the lookup into the catalog compiled from
// assets/i18n/*.tsv. Core errors carry a catalog key plus arguments, so the same error reads
// in the user's language wherever it is shown.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kolo {

enum class Lang { en = 0, uk = 1, ru = 2 };
inline constexpr int kLangCount = 3;

namespace i18n {

struct CatalogRow {
  const char* key;
  const char* text[kLangCount];
};
extern const CatalogRow kCatalog[];
extern const std::size_t kCatalogSize;

}  // namespace i18n

// The catalog text for `key`, or `key` itself when the catalog has no such key (visible in the
// UI and caught by the tests, rather than an empty label). Either way the pointer stays valid
// for the life of the program.
const char* tr(std::string_view key, Lang lang);
bool has_key(std::string_view key);
// The shape of every catalog key: dotted lower-case identifiers ("view.partners",
// "import.col.now"). tr() shows a missing key as itself, so a drawn label of this shape is a
// missing translation (the tests look for it); no text a person should read has it.
bool looks_like_key(std::string_view text);

// tr() with `{0}`, `{1}`, ... replaced by `args`.
std::string trf(std::string_view key, Lang lang, const std::vector<std::string>& args);

// "uk", "uk-UA", "ru-RU", "be", "en-GB" ... -> the language Kolo shows first: Ukrainian for uk,
// Russian for ru, English for everything else.
Lang lang_from_tag(std::string_view tag);
const char* lang_code(Lang lang);  // "en", "uk", "ru"
bool lang_from_code(std::string_view code, Lang* out);

}  // namespace kolo
