// Text rules shared by validation, parsing and import matching: UTF-8 checks, code-point length,
// calendar dates, e-mail shape and the case-folded form used to match names across files.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kolo {

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). On failure,
// *bad_offset (if given) is the byte offset of the first bad sequence.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);
// Code points in valid UTF-8 (what a user counts as characters, near enough for limits).
std::size_t utf8_length(std::string_view text);
// "YYYY-MM-DD" naming a real day of the Gregorian calendar (leap years included).
bool is_date(std::string_view text);
// "YYYY-MM-DDTHH:MM" with a real date and 00:00..23:59.
bool is_datetime(std::string_view text);
// A plausible address: one '@', something before it, a dotted domain after it, no spaces.
bool looks_like_email(std::string_view text);
// A telephone number as people write it: digits and + ( ) - . / and spaces, with 5 to 20
// digits, a '+' only first ("+380 44 123-45-67", "(044) 123 45 67", "0671234567").
bool looks_like_phone(std::string_view text);
// The digits of a phone number, the last 9 only when there are more (so "+380 67 123 4567"
// and "067 123 4567" compare equal): what two numbers are matched by.
std::string phone_key(std::string_view text);
// A web address: an optional http:// or https://, then a host with a dot and no spaces
// ("school5.kyiv.ua", "https://example.org/path").
bool looks_like_url(std::string_view text);
// a-z, 0-9, '_' and '-', not empty.
bool is_slug(std::string_view text);
// The text without the spaces, tabs and line breaks around it; and whether that leaves nothing.
std::string trim_space(std::string_view text);
bool is_blank(std::string_view text);
// The form two names are compared in: Latin and Cyrillic lower-cased, trimmed, runs of
// whitespace collapsed to one space. "  Школа  №5 " and "школа №5" fold alike.
std::string fold_name(std::string_view text);
// A sort key for folded text in alphabetical order for Ukrainian and Russian too: bare code
// points put ґ, є, і, ї and ё far from their neighbours in the alphabet (г, е, и).
std::u32string collation_key(std::string_view folded);
// The same without building strings, for loops over thousands of records (core/matching.cpp
// ranks 10,000 services allocating nothing per service): fold_name(a) == fold_name(b);
// fold_name(text) starts with fold_name(prefix); -1, 0 or 1 as collation_key(fold_name(a))
// compares with that of b. For valid UTF-8 they agree with the string forms exactly.
bool fold_equal(std::string_view a, std::string_view b);
bool fold_starts_with(std::string_view text, std::string_view prefix);
int collation_compare(std::string_view a, std::string_view b);
// collation_key(fold_name(text)) as bytes appended to *out, three a code point, big-endian:
// byte strings that compare (memcmp, std::string's <) in the order of the collation keys.
// Many names in one buffer, sorted with memcmp: the fastest way to sort thousands of them.
void append_sort_key(std::string_view text, std::string* out);

}  // namespace kolo
