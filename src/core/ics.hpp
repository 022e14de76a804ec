// Calendar files (iCalendar, RFC 5545): one event, all coming events, and the due keep-in-touch
// follow-ups, for the user's phone or desktop calendar.
//
// What every file Kolo writes holds (tests/unit/test_ics.cpp checks each with Debian's
// python3-icalendar through tests/ics/check_ics.py):
// - VCALENDAR with VERSION:2.0, PRODID, CALSCALE:GREGORIAN, METHOD:PUBLISH and X-WR-CALNAME;
// - one VTIMEZONE per zone the events use (only zones in known_zones(); its standard and
//   daylight rules as RRULEs), events timed with TZID=<zone>;
// - an event's UID is Event::uid (made once when the event is created; "kolo-event-<id>" if it
//   has none), so importing the file again updates the calendar's copy instead of adding one;
//   a follow-up's UID is "kolo-follow-up-<partner id>@kolo", one per partner whatever its date;
// - DTSTAMP is the export time in UTC; SEQUENCE the minutes since 2026-01-01 at that time (it
//   goes up with every later export, so a calendar takes the re-import as an update);
// - TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11);
// - lines are folded at 75 octets (CRLF + one space), never inside a UTF-8 character; every
//   line ends with CRLF.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// A time zone Kolo can write a VTIMEZONE for: its standard offset and its daylight-saving rule.
enum class DstRule {
  none,  // no daylight saving time
  eu,    // EU: +1 h from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
  us,    // US and Canada: +1 h from 02:00 local on the second Sunday of March to 02:00 local on the first Sunday of November
};
struct ZoneInfo {
  std::string_view name;            // IANA: "Europe/Kyiv"
  int standard_offset_minutes = 0;  // +120 for Kyiv
  DstRule dst = DstRule::none;
  std::string_view standard_abbr, daylight_abbr;  // "EET", "EEST"
};
// The zones the event editor offers and the export describes: UTC, Ukraine's, the EU's and
// its neighbours' where Ukrainians work, the UK, and North America's eastern and central
// zones. Europe/Kyiv first (the default).
std::span<const ZoneInfo> known_zones();
// The zone named `name` ("Europe/Kiev" is Europe/Kyiv), or nullptr.
const ZoneInfo* find_zone(std::string_view name);
// The UTC offset in minutes of wall-clock time `local` in `zone` (the standard offset for a
// time that does not exist or exists twice at a switch).
int utc_offset_at(const ZoneInfo& zone, const DateTime& local);
// Wall-clock time `local` in `zone` as Unix seconds (by utc_offset_at), and back.
std::int64_t local_to_unix(const ZoneInfo& zone, const DateTime& local);
DateTime unix_to_local(const ZoneInfo& zone, std::int64_t unix_seconds);

// RFC 5545 text escaping: "\\" "\;" "\," and "\n" for a newline (CR dropped, and the other
// control characters TEXT may not hold; a tab stays).
std::string ics_escape(std::string_view text);
// One content line folded at 75 octets: CRLF then a space before each continuation, the
// break never inside a UTF-8 sequence; the result ends with CRLF.
std::string ics_fold(std::string_view line);
// Lower-case ASCII letters and digits (Cyrillic romanised), one '-' between words, at most
// about 48 bytes: the readable part of a file name ("Ліцей «Обрій»" -> "litsei-obrii").
std::string file_slug(std::string_view text);
// place_or_link as a URL when it is a web address (looks_like_url, ASCII only), "https://"
// put first when it has no scheme; "" otherwise.
std::string web_address(std::string_view place_or_link);

struct IcsOptions {
  DateTime now_utc;            // DTSTAMP
  Lang lang = Lang::uk;        // labels in descriptions (kind, roles, "Keep in touch: ...")
  std::string calendar_name;   // X-WR-CALNAME; "" = the catalog's "ics.calendar.events" or ".follow_ups"
};

// A calendar with the given events (indices into doc.events); undated events are left out.
// SUMMARY = title; DTSTART/DTEND in the event's zone (floating local time when the zone is not
// known); LOCATION = place_or_link, and URL too when it is a web address; CATEGORIES = the
// kind's label; STATUS = TENTATIVE (idea, planned), CONFIRMED (announced, done) or CANCELLED;
// DESCRIPTION = audience, the partners with their roles, the checklist with what is not done
// yet, and the notes.
std::string ics_for_events(const Document& doc, const std::vector<std::size_t>& events, const IcsOptions& options);

// A keep-in-touch follow-up to put in the calendar: whom, and the day (an overdue one is given
// today's date by the caller). Entries for a partner after its first, for a partner not in the
// document or with a malformed day are left out.
struct FollowUpEntry {
  Id partner = 0;
  std::string day;  // "YYYY-MM-DD"
  bool overdue = false;
};
// All-day events (DTSTART;VALUE=DATE, DTEND the next day, TRANSP:TRANSPARENT): SUMMARY
// "Keep in touch: <partner>" in the user's language; DESCRIPTION the partner's kind, its
// contact persons with their phones and e-mails, and the last logged contact's date and channel
// (never its summary, which may speak of a client).
std::string ics_for_follow_ups(const Document& doc, const std::vector<FollowUpEntry>& entries, const IcsOptions& options);

// A file name for the download: "kolo-<slug of title>-<date>.ics" for one event (ASCII slug,
// transliterating Cyrillic; "event" when nothing is left), "kolo-events.ics", "kolo-follow-ups.ics".
// (An undated event's name has no date.)
std::string ics_file_name(const Event& e);
inline constexpr std::string_view kEventsIcsFileName = "kolo-events.ics";
inline constexpr std::string_view kFollowUpsIcsFileName = "kolo-follow-ups.ics";

}  // namespace kolo
