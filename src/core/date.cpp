// Calendar dates and local time (see date.hpp for the rules). Day numbers use Howard
// Hinnant's days_from_civil / civil_from_days (public domain algorithms, written out here):
// exact for every int year, no tables, no loops.
#include "core/date.hpp"

#include <algorithm>
#include <cstdio>

#include "core/text.hpp"

namespace kolo {

namespace {

// Division rounding towards minus infinity: a day number of -1 is 31 December 1969.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

int digits(std::string_view text, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t k = at; k < at + n; ++k) v = v * 10 + (text[k] - '0');
  return v;
}

bool all_digits(std::string_view text, std::size_t at, std::size_t n) {
  if (at + n > text.size()) return false;
  for (std::size_t k = at; k < at + n; ++k)
    if (text[k] < '0' || text[k] > '9') return false;
  return true;
}

}  // namespace

// [SECTION] calendar dates ----------------------------------------------------------------------

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return kDays[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
}

bool is_valid(Date date) { return date.day >= 1 && date.day <= days_in_month(date.year, date.month); }

std::optional<Date> parse_date(std::string_view text) {
  if (!is_date(text)) return std::nullopt;
  return Date{digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)};
}

std::string format_date(Date date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

std::int64_t day_number(Date date) {
  const std::int64_t y = static_cast<std::int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;                                      // 0..399
  const std::int64_t mp = (date.month + 9) % 12;                               // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                  // 0..365
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // 0..146096
  return era * 146097 + doe - 719468;
}

Date date_from_day_number(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;                                   // 0..146096
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // 0..399
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            // 0..365
  const std::int64_t mp = (5 * doy + 2) / 153;                                 // March = 0
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

Date add_days(Date date, std::int64_t days) { return date_from_day_number(day_number(date) + days); }

Date add_weeks(Date date, std::int64_t weeks) { return add_days(date, weeks * 7); }

Date add_months(Date date, std::int64_t months) {
  const std::int64_t index = static_cast<std::int64_t>(date.year) * 12 + (date.month - 1) + months;
  const int year = static_cast<int>(floor_div(index, 12));
  const int month = static_cast<int>(floor_mod(index, 12)) + 1;
  return {year, month, std::min(date.day, days_in_month(year, month))};
}

std::int64_t days_between(Date from, Date to) { return day_number(to) - day_number(from); }

Date add_business_days(Date date, std::int64_t days) {
  if (days == 0) return date;
  std::int64_t n = day_number(date);
  // Monday = 0 .. Sunday = 6. A weekend start behaves like the business day that borders it
  // on the side we move away from: forwards from Friday, backwards from Monday.
  std::int64_t wd = floor_mod(n + 3, 7);
  if (wd >= 5) {
    if (days > 0) {
      n -= wd - 4;
      wd = 4;
    } else {
      n += 7 - wd;
      wd = 0;
    }
  }
  const std::int64_t count = days > 0 ? days : -days;
  const std::int64_t weeks = count / 5, rest = count % 5;
  if (days > 0) {
    n += weeks * 7 + rest + (wd + rest > 4 ? 2 : 0);
  } else {
    n -= weeks * 7 + rest + (wd - rest < 0 ? 2 : 0);
  }
  return date_from_day_number(n);
}

// [SECTION] weeks and months ------------------------------------------------------------------

Weekday weekday(Date date) {
  // 1970-01-01 was a Thursday (ISO 4).
  return static_cast<Weekday>(floor_mod(day_number(date) + 3, 7) + 1);
}

bool is_weekend(Date date) { return weekday(date) >= Weekday::saturday; }

Weekday first_day_of_week(Lang lang) {
  switch (lang) {
    case Lang::uk:
    case Lang::ru:
    case Lang::en:
      return Weekday::monday;
  }
  return Weekday::monday;
}

Date start_of_week(Date date, Weekday first) {
  const int back = static_cast<int>(floor_mod(static_cast<int>(weekday(date)) - static_cast<int>(first), 7));
  return add_days(date, -back);
}

int day_of_year(Date date) { return static_cast<int>(days_between({date.year, 1, 1}, date)) + 1; }

IsoWeek iso_week(Date date) {
  // The week belongs to the year its Thursday is in.
  const Date thursday = add_days(date, static_cast<int>(Weekday::thursday) - static_cast<int>(weekday(date)));
  return {thursday.year, (day_of_year(thursday) - 1) / 7 + 1};
}

Date start_of_month(Date date) { return {date.year, date.month, 1}; }

Date end_of_month(Date date) { return {date.year, date.month, days_in_month(date.year, date.month)}; }

// [SECTION] time of day and local time --------------------------------------------------------

std::string format_datetime(const DateTime& time) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", time.hour, time.minute, time.second);
  return format_date(time.date) + buf;
}

std::int64_t unix_seconds(const DateTime& utc) {
  return day_number(utc.date) * 86400 + utc.hour * 3600 + utc.minute * 60 + utc.second;
}

DateTime datetime_from_unix(std::int64_t seconds) {
  const std::int64_t days = floor_div(seconds, 86400);
  const int rest = static_cast<int>(seconds - days * 86400);
  return {date_from_day_number(days), rest / 3600, rest / 60 % 60, rest % 60};
}

std::int64_t unix_seconds(const LocalTime& time) {
  return unix_seconds(time.local) - static_cast<std::int64_t>(time.utc_offset_minutes) * 60;
}

std::string format_local_time(const LocalTime& time) {
  const int offset = time.utc_offset_minutes;
  const int magnitude = offset < 0 ? -offset : offset;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  std::string out = format_datetime(time.local) + buf;
  if (!time.zone.empty()) out += "[" + time.zone + "]";
  return out;
}

std::optional<LocalTime> parse_local_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then Z or ±HH:MM, then optionally [zone].
  if (text.size() < 20 || !is_date(text.substr(0, 10)) || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  if (!all_digits(text, 11, 2) || !all_digits(text, 14, 2) || !all_digits(text, 17, 2)) return std::nullopt;
  LocalTime t;
  t.local = {*parse_date(text.substr(0, 10)), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2)};
  if (t.local.hour > 23 || t.local.minute > 59 || t.local.second > 59) return std::nullopt;
  std::string_view rest = text.substr(19);
  if (rest.front() == 'Z') {
    rest.remove_prefix(1);
  } else {
    if (rest.size() < 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !all_digits(rest, 1, 2) ||
        !all_digits(rest, 4, 2))
      return std::nullopt;
    const int hours = digits(rest, 1, 2), minutes = digits(rest, 4, 2);
    if (hours > 23 || minutes > 59) return std::nullopt;
    t.utc_offset_minutes = (rest[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
    rest.remove_prefix(6);
  }
  if (!rest.empty()) {
    if (rest.size() < 3 || rest.front() != '[' || rest.back() != ']') return std::nullopt;
    t.zone = std::string(rest.substr(1, rest.size() - 2));
    if (t.zone.find_first_of("[]") != std::string::npos) return std::nullopt;
  }
  return t;
}

namespace {

// 01:00 UTC on the last Sunday of `month`: when the EU's clocks change.
std::int64_t eu_switch(int year, int month) {
  const Date last = end_of_month({year, month, 1});
  const Date sunday = add_days(last, -(static_cast<int>(weekday(last)) % 7));
  return day_number(sunday) * 86400 + 3600;
}

}  // namespace

int kyiv_utc_offset_minutes(std::int64_t unix_seconds) {
  // The switches are in March and October, so the UTC year is the year of both that matter.
  const int year = datetime_from_unix(unix_seconds).date.year;
  const bool summer = unix_seconds >= eu_switch(year, 3) && unix_seconds < eu_switch(year, 10);
  return summer ? 180 : 120;
}

std::optional<LocalTime> local_time_in(std::string_view zone, std::int64_t unix_seconds) {
  int offset;
  if (zone == "UTC" || zone == "Etc/UTC")
    offset = 0;
  else if (zone == "Europe/Kyiv" || zone == "Europe/Kiev")
    offset = kyiv_utc_offset_minutes(unix_seconds);
  else
    return std::nullopt;
  return LocalTime{datetime_from_unix(unix_seconds + static_cast<std::int64_t>(offset) * 60), offset, std::string(zone)};
}

}  // namespace kolo
