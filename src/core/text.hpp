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
// a-z, 0-9, '_' and '-', not empty.
bool is_slug(std::string_view text);
// The form two names are compared in: Latin and Cyrillic lower-cased, trimmed, runs of
// whitespace collapsed to one space. "  Школа  №5 " and "школа №5" fold alike.
std::string fold_name(std::string_view text);

}  // namespace kolo
