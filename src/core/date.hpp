// Calendar dates and local time: the civil date type every "due", "last contact" and "this
// week" is computed with, its arithmetic (days, business days, weeks, months), weeks by
// language, ISO week numbers, and the local wall-clock time the platform reports.
//
// Rules (also in ARCHITECTURE.md, "Dates and time"):
// - A Date is a day of the proleptic Gregorian calendar with no time zone. "Today" is the
//   user's local date, which only the platform knows (the browser's time zone); core never
//   reads a clock.
// - Text form "YYYY-MM-DD" (years 1..9999), as stored in Kolo files.
// - Business days are Monday to Friday; public holidays are not known.
// - Weeks start on Monday in every language Kolo speaks: Ukrainian and Russian by custom, and
//   English too, since Kolo's English is the international (en-GB, ISO 8601) one of a
//   Ukrainian network, and a Sunday start would split every ISO week number in two.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/i18n.hpp"

namespace kolo {

// [SECTION] calendar dates ----------------------------------------------------------------------

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..days_in_month
  // Field by field, year first: chronological order for valid dates.
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for a month outside 1..12
bool is_valid(Date date);

// "YYYY-MM-DD" naming a real day (is_date() in core/text.hpp), else nothing.
std::optional<Date> parse_date(std::string_view text);
// "YYYY-MM-DD", zero-padded; meant for years 1..9999 (what parse_date reads back).
std::string format_date(Date date);

// Days since 1970-01-01 (negative before it): a serial number to subtract and compare.
std::int64_t day_number(Date date);
Date date_from_day_number(std::int64_t days);

Date add_days(Date date, std::int64_t days);
Date add_weeks(Date date, std::int64_t weeks);
// Calendar months, the day clamped to the end of a shorter month: 31 January + 1 month is
// 28 (or 29) February, and 29 February + 12 months is 28 February.
Date add_months(Date date, std::int64_t months);
// `to` minus `from` in days: positive when `to` is later.
std::int64_t days_between(Date from, Date to);

// Business days (Monday..Friday), counted like a spreadsheet's WORKDAY:
// - 0 returns `date` itself, even on a weekend;
// - n > 0 is the n-th business day after `date`, n < 0 the |n|-th before it;
// - a weekend start counts from the weekend: Saturday or Sunday + 1 is Monday, - 1 is Friday.
Date add_business_days(Date date, std::int64_t days);

// [SECTION] weeks and months ------------------------------------------------------------------

enum class Weekday { monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday };  // ISO 8601 numbers
Weekday weekday(Date date);
bool is_weekend(Date date);

// The first day of a week as the user's language has it (see the rules above: Monday).
Weekday first_day_of_week(Lang lang);
// The latest day on or before `date` that is `first`.
Date start_of_week(Date date, Weekday first);
inline Date start_of_week(Date date, Lang lang) { return start_of_week(date, first_day_of_week(lang)); }

// ISO 8601 week: weeks start on Monday, and week 1 is the one holding the year's first
// Thursday, so 29 December 2025 is in week 1 of 2026 and 1 January 2027 in week 53 of 2026.
struct IsoWeek {
  int year = 0;  // the week-numbering year, which differs from the calendar year near New Year
  int week = 0;  // 1..53
  bool operator==(const IsoWeek&) const = default;
};
IsoWeek iso_week(Date date);

int day_of_year(Date date);  // 1..366
Date start_of_month(Date date);
Date end_of_month(Date date);

// [SECTION] time of day and local time --------------------------------------------------------

// A wall-clock reading: a date and a time of day, in some time zone the value does not carry.
struct DateTime {
  Date date;
  int hour = 0;    // 0..23
  int minute = 0;  // 0..59
  int second = 0;  // 0..59
  auto operator<=>(const DateTime&) const = default;
};

// "YYYY-MM-DDTHH:MM:SS".
std::string format_datetime(const DateTime& time);
// A UTC reading <-> seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as everywhere).
std::int64_t unix_seconds(const DateTime& utc);
DateTime datetime_from_unix(std::int64_t seconds);

// What the platform says about "now" where the user is: the local wall clock, its offset
// from UTC, and the IANA zone name. In the browser it comes from Date's local getters and
// Intl.DateTimeFormat (shell/kolo_bridge.js), so every zone the browser knows is right.
struct LocalTime {
  DateTime local;              // the local wall clock
  int utc_offset_minutes = 0;  // local minus UTC: +120 in Kyiv in winter, +180 in summer
  std::string zone;            // "Europe/Kyiv"; empty when the platform did not say
  bool operator==(const LocalTime&) const = default;
};

// The instant a LocalTime names, as Unix seconds.
std::int64_t unix_seconds(const LocalTime& time);

// "2026-11-25T00:30:00+02:00[Europe/Kyiv]" (RFC 9557: an RFC 3339 time with its offset, then
// the zone name in brackets, left out when unknown). The form the platform hands over.
std::string format_local_time(const LocalTime& time);
std::optional<LocalTime> parse_local_time(std::string_view text);

// An instant (Unix seconds) as local time in `zone`, for the zones core knows itself:
// "UTC" / "Etc/UTC", and "Europe/Kyiv" (also spelled "Europe/Kiev"). Nothing for any other
// zone: this is for tests and tools without a browser, not a time zone database.
std::optional<LocalTime> local_time_in(std::string_view zone, std::int64_t unix_seconds);

// Kyiv's offset from UTC at an instant, in minutes: +120 (EET) in winter, +180 (EEST) in
// summer, the switches following the EU rule at 01:00 UTC on the last Sunday of March and of
// October. That rule is Ukraine's since 1996 and still in force (tzdata 2025); earlier years
// get the same rule, not their history.
int kyiv_utc_offset_minutes(std::int64_t unix_seconds);

}  // namespace kolo
