// Text rules (see text.hpp). Hand-written rather than <locale>-based: the wasm build has no
// reliable locales, and Kolo only needs Latin and Cyrillic case folding.
#include "core/text.hpp"

#include <cstdint>

#include "core/date.hpp"

namespace kolo {

namespace {

// Decodes one code point at text[i]; returns its byte length, or 0 when the bytes there are not
// well-formed UTF-8.
std::size_t decode(std::string_view text, std::size_t i, char32_t* out) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  std::uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  std::size_t n;
  char32_t cp, min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    std::uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *out = cp;
  return n;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;  // А..Я
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;  // Ѐ..Џ (Ё, Є, І, Ї, Ў ...)
  if (c == 0x04C0) return 0x04CF;
  // Cyrillic extended letters come in upper/lower pairs (Ґ/ґ = U+0490/0491, ...).
  if (((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) || (c >= 0x04D0 && c <= 0x052F)) &&
      c % 2 == 0)
    return c + 1;
  if (c >= 0x04C1 && c <= 0x04CE && c % 2 == 1) return c + 1;
  return c;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2009; }

// The code points of fold_name(text), one at a time, without building the string: lower-cased,
// leading and trailing white space dropped, inner runs of it as one ' '. A byte that is not
// UTF-8 comes as kRaw | byte (and, as in fold_name, swallows a pending space).
class FoldCursor {
 public:
  static constexpr char32_t kEnd = 0xFFFFFFFF;
  static constexpr char32_t kRaw = 0x200000;  // above every code point
  explicit FoldCursor(std::string_view text) : text_(text) {}
  char32_t next() {
    if (has_held_) {
      has_held_ = false;
      return held_;
    }
    char32_t cp;
    while (i_ < text_.size()) {
      const auto b = static_cast<std::uint8_t>(text_[i_]);
      if (b > ' ' && b < 0x80) {  // the common case, ASCII but a space: no decoding
        ++i_;
        started_ = true;
        cp = b >= 'A' && b <= 'Z' ? b + 32u : b;
        if (!space_) return cp;
        space_ = false;
        held_ = cp;
        has_held_ = true;
        return ' ';
      }
      if ((b == 0xD0 || b == 0xD1) && i_ + 1 < text_.size() &&
          (static_cast<std::uint8_t>(text_[i_ + 1]) & 0xC0) == 0x80) {  // Cyrillic U+0400..047F
        cp = static_cast<char32_t>((b & 0x1F) << 6 | (static_cast<std::uint8_t>(text_[i_ + 1]) & 0x3F));
        i_ += 2;
        started_ = true;
        cp = lower(cp);
        if (!space_) return cp;
        space_ = false;
        held_ = cp;
        has_held_ = true;
        return ' ';
      }
      const std::size_t n = decode(text_, i_, &cp);
      if (n == 0) {
        started_ = true;
        space_ = false;
        return kRaw | static_cast<std::uint8_t>(text_[i_++]);
      }
      i_ += n;
      if (is_space(cp)) {
        space_ = started_;
        continue;
      }
      started_ = true;
      if (space_) {
        space_ = false;
        held_ = lower(cp);
        has_held_ = true;
        return ' ';
      }
      return lower(cp);
    }
    return kEnd;
  }

 private:
  std::string_view text_;
  std::size_t i_ = 0;
  bool started_ = false, space_ = false;
  bool has_held_ = false;
  char32_t held_ = 0;  // the letter after a space, given after the space
};

// A folded code point's place in the alphabet of uk/ru (see collation_key).
char32_t collate(char32_t cp) {
  // а..я spaced out by 4 so the extra letters fit right after their base letter.
  const auto at = [](char32_t base, char32_t extra) { return 0x10000 + (base - U'а') * 4 + extra; };
  if (cp >= U'а' && cp <= U'я') return at(cp, 0);
  if (cp == U'ґ') return at(U'г', 1);
  if (cp == U'є') return at(U'е', 1);
  if (cp == U'ё') return at(U'е', 2);
  if (cp == U'і') return at(U'и', 1);
  if (cp == U'ї') return at(U'и', 2);
  return cp;
}

bool digits(std::string_view t, std::size_t at, std::size_t n, int* value) {
  int v = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    if (t[k] < '0' || t[k] > '9') return false;
    v = v * 10 + (t[k] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
  char32_t cp;
  for (std::size_t i = 0; i < text.size();) {
    // Fast path for ASCII runs: most of a Kolo file.
    if (static_cast<std::uint8_t>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = decode(text, i, &cp);
    if (n == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += n;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool is_date(std::string_view t) {
  int y, m, d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  if (!digits(t, 0, 4, &y) || !digits(t, 5, 2, &m) || !digits(t, 8, 2, &d)) return false;
  return y >= 1 && is_valid(Date{y, m, d});
}

bool is_datetime(std::string_view t) {
  int h, mi;
  if (t.size() != 16 || t[10] != 'T' || t[13] != ':') return false;
  if (!is_date(t.substr(0, 10))) return false;
  if (!digits(t, 11, 2, &h) || !digits(t, 14, 2, &mi)) return false;
  return h <= 23 && mi <= 59;
}

bool looks_like_email(std::string_view t) {
  std::size_t at = t.find('@');
  if (at == std::string_view::npos || at == 0 || t.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : t)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '<' || c == '>') return false;
  std::string_view domain = t.substr(at + 1);
  std::size_t dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() && domain.find("..") == std::string_view::npos;
}

bool looks_like_phone(std::string_view t) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '+') {
      if (t.find_first_not_of(' ') != i) return false;
    } else if (c != ' ' && c != '(' && c != ')' && c != '-' && c != '.' && c != '/') {
      return false;
    }
  }
  return digits >= 5 && digits <= 20;
}

std::string phone_key(std::string_view t) {
  std::string digits;
  for (char c : t)
    if (c >= '0' && c <= '9') digits += c;
  return digits.size() > 9 ? digits.substr(digits.size() - 9) : digits;
}

bool looks_like_url(std::string_view t) {
  if (t.starts_with("https://")) t.remove_prefix(8);
  else if (t.starts_with("http://")) t.remove_prefix(7);
  const std::size_t end = t.find_first_of("/?#");
  const std::string_view host = t.substr(0, end);
  for (char c : t)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  const std::size_t dot = host.rfind('.');
  return !host.empty() && dot != std::string_view::npos && dot > 0 && dot + 1 < host.size() &&
         host.find("..") == std::string_view::npos && host.find('@') == std::string_view::npos;
}

bool is_slug(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

std::string trim_space(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string fold_name(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  FoldCursor cursor(text);
  for (char32_t cp = cursor.next(); cp != FoldCursor::kEnd; cp = cursor.next()) {
    if (cp & FoldCursor::kRaw) out += static_cast<char>(cp & 0xFF);  // not UTF-8: kept as it was
    else encode(cp, out);
  }
  return out;
}

std::u32string collation_key(std::string_view folded) {
  std::u32string key;
  key.reserve(folded.size());
  char32_t cp;
  for (std::size_t i = 0; i < folded.size();) {
    std::size_t n = decode(folded, i, &cp);
    if (n == 0) {
      cp = static_cast<unsigned char>(folded[i]);
      n = 1;
    }
    i += n;
    key.push_back(collate(cp));
  }
  return key;
}

bool fold_equal(std::string_view a, std::string_view b) {
  FoldCursor x(a), y(b);
  for (;;) {
    const char32_t cx = x.next();
    if (cx != y.next()) return false;
    if (cx == FoldCursor::kEnd) return true;
  }
}

bool fold_starts_with(std::string_view text, std::string_view prefix) {
  FoldCursor t(text), p(prefix);
  for (char32_t cp = p.next(); cp != FoldCursor::kEnd; cp = p.next())
    if (t.next() != cp) return false;
  return true;
}

int collation_compare(std::string_view a, std::string_view b) {
  FoldCursor x(a), y(b);
  for (;;) {
    const char32_t cx = x.next(), cy = y.next();
    if (cx == FoldCursor::kEnd || cy == FoldCursor::kEnd) return cx == cy ? 0 : cx == FoldCursor::kEnd ? -1 : 1;
    const char32_t kx = cx & FoldCursor::kRaw ? (cx & 0xFF) : collate(cx);
    const char32_t ky = cy & FoldCursor::kRaw ? (cy & 0xFF) : collate(cy);
    if (kx != ky) return kx < ky ? -1 : 1;
  }
}

void append_sort_key(std::string_view text, std::string* out) {
  const std::size_t from = out->size();
  out->resize(from + 3 * text.size());  // a code point takes a byte of text at least
  char* at = out->data() + from;
  FoldCursor cursor(text);
  for (char32_t cp = cursor.next(); cp != FoldCursor::kEnd; cp = cursor.next()) {
    const char32_t k = cp & FoldCursor::kRaw ? (cp & 0xFF) : collate(cp);  // below 2^24
    *at++ = static_cast<char>(k >> 16);
    *at++ = static_cast<char>((k >> 8) & 0xFF);
    *at++ = static_cast<char>(k & 0xFF);
  }
  out->resize(static_cast<std::size_t>(at - out->data()));
}

}  // namespace kolo
