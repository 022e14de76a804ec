// Dates and local time: the arithmetic behind "due in 3 business days", "this week" and "next
// month", and which day "today" is in Kyiv around midnight and the clock changes.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "core/date.hpp"
#include "core/text.hpp"

using namespace kolo;

namespace {

Date d(const char* text) {
  std::optional<Date> date = parse_date(text);
  REQUIRE_MESSAGE(date.has_value(), text);
  return *date;
}

std::string s(Date date) { return format_date(date); }

// Unix seconds of a UTC reading "YYYY-MM-DDTHH:MM:SS".
std::int64_t utc(const std::string& text) {
  std::optional<LocalTime> t = parse_local_time(text + "Z");
  REQUIRE_MESSAGE(t.has_value(), text);
  return unix_seconds(*t);
}

// What Kyiv's clocks show at a UTC instant, in the platform's hand-over form.
std::string kyiv(const std::string& utc_text) {
  std::optional<LocalTime> t = local_time_in("Europe/Kyiv", utc(utc_text));
  REQUIRE(t.has_value());
  return format_local_time(*t);
}

std::string kyiv_date(const std::string& utc_text) {
  return format_date(local_time_in("Europe/Kyiv", utc(utc_text))->local.date);
}

// One business day at a time: the rule as a person would count it on a calendar.
Date count_business_days(Date date, int n) {
  const int step = n > 0 ? 1 : -1;
  for (int left = n > 0 ? n : -n; left > 0;) {
    date = add_days(date, step);
    if (!is_weekend(date)) --left;
  }
  return date;
}

}  // namespace

TEST_CASE("dates read and write as YYYY-MM-DD, and only real days are dates") {
  CHECK(s(d("2026-11-25")) == "2026-11-25");
  CHECK(s(d("0001-01-01")) == "0001-01-01");
  CHECK(parse_date("2024-02-29").has_value());   // divisible by 4
  CHECK(parse_date("2000-02-29").has_value());   // divisible by 400
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK_FALSE(parse_date("1900-02-29"));         // divisible by 100, not by 400
  CHECK_FALSE(parse_date("2026-04-31"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-00-10"));
  CHECK_FALSE(parse_date("0000-01-01"));
  CHECK_FALSE(parse_date("2026-1-5"));
  CHECK_FALSE(parse_date("25.11.2026"));
  CHECK_FALSE(parse_date(""));
  // is_date (validation of stored dates) and parse_date agree on every day of a leap cycle.
  for (int n = 0; n < 1461 + 40; ++n) {
    const Date day = add_days(d("2023-12-20"), n);
    CHECK(is_date(s(day)));
    CHECK(parse_date(s(day)) == day);
  }
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2026, 12) == 31);
  CHECK(days_in_month(2026, 13) == 0);
}

TEST_CASE("dates compare chronologically") {
  CHECK(d("2026-11-25") < d("2026-11-26"));
  CHECK(d("2026-09-30") < d("2026-10-01"));
  CHECK(d("2025-12-31") < d("2026-01-01"));
  CHECK(d("2026-11-25") == d("2026-11-25"));
}

TEST_CASE("day numbers count days from 1970-01-01 and turn back into the same date") {
  CHECK(day_number(d("1970-01-01")) == 0);
  CHECK(day_number(d("1969-12-31")) == -1);
  CHECK(day_number(d("2000-03-01")) == 11017);
  CHECK(day_number(d("2026-11-25")) == 20782);
  for (std::int64_t n = -800000; n <= 3000000; n += 997) CHECK(day_number(date_from_day_number(n)) == n);
  // Consecutive day numbers are consecutive days across month, year and leap-day edges.
  Date prev = d("1899-12-25");
  for (int i = 0; i < 200000; ++i) {
    const Date next = date_from_day_number(day_number(prev) + 1);
    const bool same_month = next.year == prev.year && next.month == prev.month && next.day == prev.day + 1;
    const bool new_month = next.day == 1 && prev.day == days_in_month(prev.year, prev.month) &&
                           ((next.year == prev.year && next.month == prev.month + 1) ||
                            (next.year == prev.year + 1 && next.month == 1 && prev.month == 12));
    REQUIRE_MESSAGE((same_month || new_month), s(prev) << " -> " << s(next));
    prev = next;
  }
}

TEST_CASE("adding days and weeks crosses months, years and leap days") {
  CHECK(s(add_days(d("2026-11-25"), 0)) == "2026-11-25");
  CHECK(s(add_days(d("2026-11-25"), 6)) == "2026-12-01");
  CHECK(s(add_days(d("2026-12-31"), 1)) == "2027-01-01");
  CHECK(s(add_days(d("2027-01-01"), -1)) == "2026-12-31");
  CHECK(s(add_days(d("2024-02-28"), 1)) == "2024-02-29");
  CHECK(s(add_days(d("2026-02-28"), 1)) == "2026-03-01");
  CHECK(s(add_days(d("2026-03-01"), -1)) == "2026-02-28");
  CHECK(s(add_days(d("2026-11-25"), 365)) == "2027-11-25");
  CHECK(s(add_days(d("2024-01-01"), 366)) == "2025-01-01");
  CHECK(s(add_weeks(d("2026-11-25"), 2)) == "2026-12-09");
  CHECK(s(add_weeks(d("2026-01-07"), -2)) == "2025-12-24");
  CHECK(days_between(d("2026-11-25"), d("2026-12-25")) == 30);
  CHECK(days_between(d("2026-12-25"), d("2026-11-25")) == -30);
  CHECK(days_between(d("2024-01-01"), d("2025-01-01")) == 366);
  CHECK(days_between(d("2026-03-01"), d("2026-03-01")) == 0);
}

TEST_CASE("adding months keeps the day, or clamps it to the end of a shorter month") {
  CHECK(s(add_months(d("2026-11-25"), 1)) == "2026-12-25");
  CHECK(s(add_months(d("2026-11-25"), 2)) == "2027-01-25");
  CHECK(s(add_months(d("2026-01-31"), 1)) == "2026-02-28");
  CHECK(s(add_months(d("2024-01-31"), 1)) == "2024-02-29");
  CHECK(s(add_months(d("2026-03-31"), 1)) == "2026-04-30");
  CHECK(s(add_months(d("2026-03-31"), -1)) == "2026-02-28");
  CHECK(s(add_months(d("2024-02-29"), 12)) == "2025-02-28");
  CHECK(s(add_months(d("2024-02-29"), 48)) == "2028-02-29");
  CHECK(s(add_months(d("2026-01-15"), -1)) == "2025-12-15");
  CHECK(s(add_months(d("2026-01-15"), -13)) == "2024-12-15");
  CHECK(s(add_months(d("2026-05-31"), -3)) == "2026-02-28");
  CHECK(s(add_months(d("2026-08-31"), 0)) == "2026-08-31");
  // Clamping does not stick: two steps of one month are not one step of two.
  CHECK(s(add_months(add_months(d("2026-01-31"), 1), 1)) == "2026-03-28");
  CHECK(s(add_months(d("2026-01-31"), 2)) == "2026-03-31");
}

TEST_CASE("weekdays, weekends and the start of the week") {
  CHECK(weekday(d("2026-11-25")) == Weekday::wednesday);
  CHECK(weekday(d("1970-01-01")) == Weekday::thursday);
  CHECK(weekday(d("1969-12-28")) == Weekday::sunday);
  CHECK(weekday(d("2026-03-29")) == Weekday::sunday);
  CHECK(weekday(d("2000-01-01")) == Weekday::saturday);
  CHECK(is_weekend(d("2026-11-28")));
  CHECK(is_weekend(d("2026-11-29")));
  CHECK_FALSE(is_weekend(d("2026-11-30")));
  // Weeks start on Monday in Ukrainian and Russian, and in Kolo's English too.
  for (Lang lang : {Lang::uk, Lang::ru, Lang::en}) {
    CHECK(first_day_of_week(lang) == Weekday::monday);
    CHECK(s(start_of_week(d("2026-11-25"), lang)) == "2026-11-23");
    CHECK(s(start_of_week(d("2026-11-23"), lang)) == "2026-11-23");
    CHECK(s(start_of_week(d("2026-11-29"), lang)) == "2026-11-23");
    CHECK(s(start_of_week(d("2027-01-01"), lang)) == "2026-12-28");
  }
  // Any first day: the latest such day on or before the date.
  CHECK(s(start_of_week(d("2026-11-25"), Weekday::sunday)) == "2026-11-22");
  CHECK(s(start_of_week(d("2026-11-22"), Weekday::sunday)) == "2026-11-22");
  CHECK(s(start_of_week(d("2026-11-21"), Weekday::sunday)) == "2026-11-15");
}

TEST_CASE("business days skip weekends, forwards and backwards") {
  const Date wed = d("2026-11-25"), fri = d("2026-11-27"), sat = d("2026-11-28"), sun = d("2026-11-29"),
             mon = d("2026-11-30");
  CHECK(s(add_business_days(wed, 0)) == "2026-11-25");
  CHECK(s(add_business_days(sat, 0)) == "2026-11-28");  // 0 is the date itself, even on a weekend
  CHECK(s(add_business_days(wed, 1)) == "2026-11-26");
  CHECK(s(add_business_days(wed, 2)) == "2026-11-27");
  CHECK(s(add_business_days(wed, 3)) == "2026-11-30");
  CHECK(s(add_business_days(wed, 5)) == "2026-12-02");
  CHECK(s(add_business_days(wed, 10)) == "2026-12-09");
  CHECK(s(add_business_days(fri, 1)) == "2026-11-30");
  CHECK(s(add_business_days(mon, -1)) == "2026-11-27");
  CHECK(s(add_business_days(wed, -3)) == "2026-11-20");
  CHECK(s(add_business_days(wed, -5)) == "2026-11-18");
  // From a weekend: + 1 is Monday, - 1 is Friday.
  CHECK(s(add_business_days(sat, 1)) == "2026-11-30");
  CHECK(s(add_business_days(sun, 1)) == "2026-11-30");
  CHECK(s(add_business_days(sat, -1)) == "2026-11-27");
  CHECK(s(add_business_days(sun, -1)) == "2026-11-27");
  CHECK(s(add_business_days(sun, 5)) == "2026-12-04");
  CHECK(s(add_business_days(sat, -5)) == "2026-11-23");
  // Across the year end: 31 December 2026 is a Thursday.
  CHECK(s(add_business_days(d("2026-12-31"), 1)) == "2027-01-01");
  CHECK(s(add_business_days(d("2026-12-31"), 2)) == "2027-01-04");
  CHECK(s(add_business_days(d("2027-01-04"), -2)) == "2026-12-31");
  CHECK(s(add_business_days(d("2027-01-02"), -1)) == "2027-01-01");  // public holidays are not known
  CHECK(s(add_business_days(d("2027-01-03"), -2)) == "2026-12-31");
  CHECK(s(add_business_days(d("2025-12-27"), 3)) == "2025-12-31");  // from a Saturday
  // The closed form agrees with counting on a calendar, from every weekday and for long spans.
  for (int start = 0; start < 14; ++start) {
    const Date from = add_days(d("2026-12-21"), start);
    for (int n = -60; n <= 60; ++n) {
      CAPTURE(s(from));
      CAPTURE(n);
      CHECK(add_business_days(from, n) == count_business_days(from, n));
    }
  }
  CHECK(s(add_business_days(wed, 261)) == s(count_business_days(wed, 261)));
}

TEST_CASE("ISO week numbers at year boundaries") {
  CHECK(iso_week(d("2026-11-25")) == IsoWeek{2026, 48});
  CHECK(iso_week(d("2026-01-01")) == IsoWeek{2026, 1});   // a Thursday: week 1 of its own year
  CHECK(iso_week(d("2025-12-29")) == IsoWeek{2026, 1});   // Monday of that week, still in 2025
  CHECK(iso_week(d("2025-12-28")) == IsoWeek{2025, 52});  // the Sunday before
  CHECK(iso_week(d("2026-12-31")) == IsoWeek{2026, 53});  // 2026 has 53 weeks
  CHECK(iso_week(d("2027-01-01")) == IsoWeek{2026, 53});  // a Friday: the old year's last week
  CHECK(iso_week(d("2027-01-03")) == IsoWeek{2026, 53});
  CHECK(iso_week(d("2027-01-04")) == IsoWeek{2027, 1});
  CHECK(iso_week(d("2021-01-03")) == IsoWeek{2020, 53});
  CHECK(iso_week(d("2024-12-30")) == IsoWeek{2025, 1});
  CHECK(iso_week(d("2022-01-02")) == IsoWeek{2021, 52});
  // A week number changes exactly on Mondays.
  for (int n = 1; n < 3000; ++n) {
    const Date day = add_days(d("2019-01-01"), n);
    const IsoWeek before = iso_week(add_days(day, -1)), now = iso_week(day);
    CAPTURE(s(day));
    if (weekday(day) == Weekday::monday)
      CHECK((now.week == before.week + 1 || (now.week == 1 && now.year == before.year + 1)));
    else
      CHECK(now == before);
  }
}

TEST_CASE("start and end of a month, and the day of the year") {
  CHECK(s(start_of_month(d("2026-11-25"))) == "2026-11-01");
  CHECK(s(end_of_month(d("2026-11-25"))) == "2026-11-30");
  CHECK(s(end_of_month(d("2024-02-10"))) == "2024-02-29");
  CHECK(s(end_of_month(d("2026-02-10"))) == "2026-02-28");
  CHECK(s(end_of_month(d("2026-12-01"))) == "2026-12-31");
  CHECK(day_of_year(d("2026-01-01")) == 1);
  CHECK(day_of_year(d("2026-12-31")) == 365);
  CHECK(day_of_year(d("2024-12-31")) == 366);
}

TEST_CASE("the platform's local time reads and writes as an RFC 9557 string") {
  const LocalTime kyiv_night{{d("2026-11-25"), 0, 30, 0}, 120, "Europe/Kyiv"};
  CHECK(format_local_time(kyiv_night) == "2026-11-25T00:30:00+02:00[Europe/Kyiv]");
  CHECK(parse_local_time("2026-11-25T00:30:00+02:00[Europe/Kyiv]") == kyiv_night);
  CHECK(unix_seconds(kyiv_night) == utc("2026-11-24T22:30:00"));
  const LocalTime newfoundland{{d("2026-07-01"), 9, 5, 7}, -150, "America/St_Johns"};
  CHECK(parse_local_time(format_local_time(newfoundland)) == newfoundland);
  const LocalTime no_zone{{d("2026-07-01"), 23, 59, 59}, 330, ""};
  CHECK(format_local_time(no_zone) == "2026-07-01T23:59:59+05:30");
  CHECK(parse_local_time("2026-07-01T23:59:59+05:30") == no_zone);
  CHECK(parse_local_time("2026-07-01T23:59:59Z")->utc_offset_minutes == 0);
  CHECK_FALSE(parse_local_time("2026-07-01T24:00:00+02:00"));
  CHECK_FALSE(parse_local_time("2026-02-30T10:00:00+02:00"));
  CHECK_FALSE(parse_local_time("2026-07-01T10:00:00"));
  CHECK_FALSE(parse_local_time("2026-07-01T10:00:00+2:00"));
  CHECK_FALSE(parse_local_time("2026-07-01T10:00:00+02:00Europe/Kyiv"));
  CHECK_FALSE(parse_local_time("2026-07-01T10:00:00+02:00[]"));
  CHECK_FALSE(parse_local_time(""));
}

TEST_CASE("Kyiv: the local date turns at local midnight, winter (UTC+2) and summer (UTC+3)") {
  CHECK(kyiv("2026-01-15T21:59:59") == "2026-01-15T23:59:59+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-01-15T22:00:00") == "2026-01-16T00:00:00+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-07-15T20:59:59") == "2026-07-15T23:59:59+03:00[Europe/Kyiv]");
  CHECK(kyiv("2026-07-15T21:00:00") == "2026-07-16T00:00:00+03:00[Europe/Kyiv]");
  // Late in a Kyiv evening the UTC date is still yesterday's: what "today" used to get wrong.
  CHECK(kyiv_date("2026-11-24T22:30:00") == "2026-11-25");
  CHECK(kyiv_date("2026-11-24T21:59:59") == "2026-11-24");
  CHECK(kyiv_date("2026-12-31T22:00:00") == "2027-01-01");
  CHECK(kyiv_date("2026-06-30T21:00:00") == "2026-07-01");
  CHECK(kyiv_date("2026-06-30T20:59:59") == "2026-06-30");
  // The old spelling of the zone is the same place.
  CHECK(local_time_in("Europe/Kiev", utc("2026-11-24T22:30:00"))->local.date == d("2026-11-25"));
}

TEST_CASE("Kyiv: clocks go forward on 29 March 2026 at 03:00 local time") {
  CHECK(kyiv("2026-03-28T21:59:59") == "2026-03-28T23:59:59+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-03-28T22:00:00") == "2026-03-29T00:00:00+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-03-29T00:59:59") == "2026-03-29T02:59:59+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-03-29T01:00:00") == "2026-03-29T04:00:00+03:00[Europe/Kyiv]");
  // The next midnight is an hour earlier in UTC: the day had 23 hours.
  CHECK(kyiv("2026-03-29T20:59:59") == "2026-03-29T23:59:59+03:00[Europe/Kyiv]");
  CHECK(kyiv("2026-03-29T21:00:00") == "2026-03-30T00:00:00+03:00[Europe/Kyiv]");
  CHECK(utc("2026-03-29T21:00:00") - utc("2026-03-28T22:00:00") == 23 * 3600);
  CHECK(kyiv_utc_offset_minutes(utc("2026-03-29T00:59:59")) == 120);
  CHECK(kyiv_utc_offset_minutes(utc("2026-03-29T01:00:00")) == 180);
}

TEST_CASE("Kyiv: clocks go back on 25 October 2026 at 04:00 local time") {
  CHECK(kyiv("2026-10-24T20:59:59") == "2026-10-24T23:59:59+03:00[Europe/Kyiv]");
  CHECK(kyiv("2026-10-24T21:00:00") == "2026-10-25T00:00:00+03:00[Europe/Kyiv]");
  CHECK(kyiv("2026-10-25T00:59:59") == "2026-10-25T03:59:59+03:00[Europe/Kyiv]");
  CHECK(kyiv("2026-10-25T01:00:00") == "2026-10-25T03:00:00+02:00[Europe/Kyiv]");  // 03:00 again
  // The next midnight is an hour later in UTC: the day had 25 hours.
  CHECK(kyiv("2026-10-25T21:59:59") == "2026-10-25T23:59:59+02:00[Europe/Kyiv]");
  CHECK(kyiv("2026-10-25T22:00:00") == "2026-10-26T00:00:00+02:00[Europe/Kyiv]");
  CHECK(utc("2026-10-25T22:00:00") - utc("2026-10-24T21:00:00") == 25 * 3600);
  // Other years switch on their own last Sundays.
  CHECK(kyiv_utc_offset_minutes(utc("2027-03-28T00:59:59")) == 120);
  CHECK(kyiv_utc_offset_minutes(utc("2027-03-28T01:00:00")) == 180);
  CHECK(kyiv_utc_offset_minutes(utc("2027-10-31T00:59:59")) == 180);
  CHECK(kyiv_utc_offset_minutes(utc("2027-10-31T01:00:00")) == 120);
}

TEST_CASE("zones core does not know are refused, not guessed") {
  CHECK(local_time_in("UTC", utc("2026-11-24T22:30:00"))->local.date == d("2026-11-24"));
  CHECK(local_time_in("Etc/UTC", 0)->local == DateTime{d("1970-01-01"), 0, 0, 0});
  CHECK_FALSE(local_time_in("Europe/Warsaw", 0));
  CHECK_FALSE(local_time_in("", 0));
  CHECK(datetime_from_unix(-1) == DateTime{d("1969-12-31"), 23, 59, 59});
}

TEST_CASE("Kyiv's rule agrees with the system's time zone database, 2000 to 2030") {
  // A cross-check where Debian's tzdata is installed; the rule itself needs no database.
  struct stat info;
  if (stat("/usr/share/zoneinfo/Europe/Kyiv", &info) != 0) {
    MESSAGE("skipped: no /usr/share/zoneinfo/Europe/Kyiv");
    return;
  }
  const char* saved = std::getenv("TZ");
  const std::string old_tz = saved ? saved : "";
  setenv("TZ", "Europe/Kyiv", 1);
  tzset();
  int mismatches = 0;
  for (std::int64_t t = utc("2000-01-01T00:00:00"); t < utc("2031-01-01T00:00:00"); t += 1800) {
    // Every half hour, and the second before each, which catches a switch off by one second.
    for (std::int64_t at : {t - 1, t}) {
      const std::time_t when = static_cast<std::time_t>(at);
      std::tm tm{};
      localtime_r(&when, &tm);
      const DateTime system{{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour, tm.tm_min, tm.tm_sec};
      const LocalTime ours = *local_time_in("Europe/Kyiv", at);
      if ((ours.local != system || ours.utc_offset_minutes * 60 != tm.tm_gmtoff) && ++mismatches <= 5)
        FAIL_CHECK(format_datetime(datetime_from_unix(at)) << "Z: ours " << format_local_time(ours) << ", system "
                                                           << format_datetime(system));
    }
  }
  CHECK(mismatches == 0);
  if (saved)
    setenv("TZ", old_tz.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}
