// Catalog lookup by binary search over the generated, byte-sorted table.
#include "core/i18n.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

namespace kolo {

namespace {
const i18n::CatalogRow* find_row(std::string_view key) {
  const i18n::CatalogRow* begin = i18n::kCatalog;
  const i18n::CatalogRow* end = i18n::kCatalog + i18n::kCatalogSize;
  const i18n::CatalogRow* it = std::lower_bound(
      begin, end, key, [](const i18n::CatalogRow& row, std::string_view k) { return std::string_view(row.key) < k; });
  return (it != end && std::string_view(it->key) == key) ? it : nullptr;
}
}  // namespace

const char* tr(std::string_view key, Lang lang) {
  if (const i18n::CatalogRow* row = find_row(key)) return row->text[static_cast<int>(lang)];
  // Not in the catalog: show the key. Callers keep the returned pointer (ImGui labels, a
  // status string held over a frame), so it must stay valid for the life of the program: a
  // std::set never moves its strings when it grows, where a vector would move them (and
  // short strings live inside the vector's buffer). Keys come from our code, so the set stays
  // small; a hit is found without building a string.
  static std::set<std::string, std::less<>> missing;
  auto it = missing.find(key);
  if (it == missing.end()) it = missing.emplace(key).first;
  return it->c_str();
}

bool has_key(std::string_view key) { return find_row(key) != nullptr; }

bool looks_like_key(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z' || s.find('.') == std::string_view::npos) return false;
  bool segment_empty = true;
  for (char c : s) {
    if (c == '.') {
      if (segment_empty) return false;
      segment_empty = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return !segment_empty;
}


std::string trf(std::string_view key, Lang lang, const std::vector<std::string>& args) {
  std::string_view text = tr(key, lang);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') {
      std::size_t n = static_cast<std::size_t>(text[i + 1] - '0');
      if (n < args.size()) out += args[n];
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Lang lang_from_tag(std::string_view tag) {
  auto starts = [&](const char* p) {
    std::size_t n = std::strlen(p);
    return tag.size() >= n && std::equal(p, p + n, tag.begin(), [](char a, char b) { return a == (b | 0x20); }) &&
           (tag.size() == n || tag[n] == '-' || tag[n] == '_');
  };
  if (starts("uk")) return Lang::uk;
  if (starts("ru")) return Lang::ru;
  return Lang::en;
}

const char* lang_code(Lang lang) {
  switch (lang) {
    case Lang::uk: return "uk";
    case Lang::ru: return "ru";
    case Lang::en: break;
  }
  return "en";
}

bool lang_from_code(std::string_view code, Lang* out) {
  for (Lang l : {Lang::en, Lang::uk, Lang::ru})
    if (code == lang_code(l)) {
      *out = l;
      return true;
    }
  return false;
}

}  // namespace kolo
