// Calendar files (core/ics.hpp): escaping and folding, the time zones and their VTIMEZONEs,
// what goes into an event and a follow-up, stable UIDs, file names; and every kind of file
// read back by an independent parser (Debian's python3-icalendar, through
// tests/ics/check_ics.py) against expectations written here.
#include <doctest/doctest.h>

#include "run_command.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/ics.hpp"
#include "core/text.hpp"

using namespace kolo;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The content lines of an ICS text, unfolded.
std::string unfold(std::string text) {
  for (std::size_t at; (at = text.find("\r\n ")) != std::string::npos;) text.erase(at, 3);
  return text;
}

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find("\r\n", from)) != std::string::npos; from = at + 2)
    out.push_back(text.substr(from, at - from));
  return out;
}

// Every line ends with CRLF, none is longer than 75 octets, none splits a UTF-8 character.
void check_lines(const std::string& text) {
  REQUIRE(text.ends_with("\r\n"));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') CHECK(text[i - 1] == '\r');
    if (text[i] == '\r') CHECK(text[i + 1] == '\n');
  }
  for (const std::string& line : physical_lines(text)) {
    INFO(line);
    CHECK(line.size() <= 75);
    CHECK(is_valid_utf8(line));
  }
}

DateTime at(int y, int mo, int d, int h, int mi) { return {{y, mo, d}, h, mi, 0}; }

const ZoneInfo& zone(std::string_view name) {
  const ZoneInfo* z = find_zone(name);
  REQUIRE(z != nullptr);
  return *z;
}

IcsOptions options(Lang lang = Lang::uk) { return {at(2026, 11, 25, 10, 30), lang, ""}; }

Event event(Id id, std::string title, std::string starts_at, std::string time_zone = "Europe/Kyiv") {
  Event e;
  e.id = id;
  e.title = std::move(title);
  e.starts_at = std::move(starts_at);
  e.time_zone = std::move(time_zone);
  return e;
}

// Two partners and the events the file checks need.
Document calendar_document() {
  Document d;
  Partner school;
  school.id = 3;
  school.name = "Ліцей №7";
  school.kind = PartnerKind::school_kindergarten;
  school.contacts = {{4, "Олена Вигадана", "шкільна психологиня", "+380 00 000 0000", "olena@example.org", "@olena"},
                     {5, "Ivan Madeup", "", "", "", ""}};
  Partner fund;
  fund.id = 6;
  fund.name = "Fund \"Warm Home\", Kyiv; branch";
  fund.kind = PartnerKind::ngo_charity;
  d.partners = {school, fund};
  d.interactions = {{10, 6, "2026-02-02", Channel::call, "I", "talked", ""},
                    {11, 6, "2026-03-04", Channel::meeting, "I", "обговорили семінар", ""}};

  Event a = event(20, "Майстер-клас для вчителів 5–11 класів: як помітити булінг, тривогу та виснаження і куди направити дитину",
                  "2026-12-01T15:00");
  a.kind = EventKind::master_class;
  a.uid = "kolo-1a2b3c@kolo";
  a.status = EventStatus::announced;
  a.duration_minutes = 120;
  a.place_or_link = "вул. Вигадана, 1; актова зала";
  a.audience = "вчителі 5–11 класів, шкільні психологи";
  a.host_ids = {3};
  a.co_host_ids = {6};
  a.venue_ids = {3};
  a.checklist = {{"Домовитися про залу", true}, {"Розіслати запрошення; нагадати", false}, {"Роздруківки, ручки", false}};
  a.notes = "Файли: C:\\звіти\\нове; посилання, коментарі\nДругий рядок";

  Event b = event(21, "Webinar: referrals", "2026-07-15T10:00", "Europe/Warsaw");
  b.kind = EventKind::webinar;
  b.status = EventStatus::planned;
  b.duration_minutes = 60;
  b.place_or_link = "meet.example.org/abc-def";

  Event c = event(22, "Зустріч, скасована", "2026-06-10T18:30");
  c.status = EventStatus::cancelled;
  c.kind = EventKind::working_meeting;

  Event undated = event(23, "Колись", "");
  undated.uid = "kolo-undated@kolo";

  Event night = event(24, "Нічна зміна годинника", "2026-03-29T02:00");  // ends after the spring switch
  night.duration_minutes = 180;
  night.uid = "kolo-night@kolo";

  Event utc = event(25, "UTC call", "2026-11-30T09:00", "UTC");
  utc.uid = "kolo-utc@kolo";

  Event ny = event(26, "New York", "2026-11-01T00:30", "America/New_York");  // ends in the repeated hour
  ny.duration_minutes = 120;
  ny.uid = "kolo-ny@kolo";

  Event mars = event(27, "Floating", "2026-12-05T10:00", "Mars/Olympus");
  mars.uid = "kolo-mars@kolo";
  d.events = {a, b, c, undated, night, utc, ny, mars};
  return d;
}

}  // namespace

// ------------------------------------------------------------------------------------------------

TEST_CASE("ics: TEXT escapes backslash, semicolon, comma and newline, and drops CR and controls") {
  CHECK(ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  CHECK(ics_escape("one\r\ntwo") == "one\\ntwo");
  CHECK(ics_escape("tab\there\x01\x7f") == "tab\there");
  CHECK(ics_escape("Київ, вул. Шевченка; 5") == "Київ\\, вул. Шевченка\\; 5");
  CHECK(ics_escape("") == "");
}

TEST_CASE("ics: lines fold at 75 octets, never inside a UTF-8 character, and unfold exactly") {
  CHECK(ics_fold(std::string(75, 'a')) == std::string(75, 'a') + "\r\n");
  CHECK(ics_fold(std::string(76, 'a')) == std::string(75, 'a') + "\r\n a\r\n");
  CHECK(ics_fold(std::string(75 + 74 + 1, 'a')) == std::string(75, 'a') + "\r\n " + std::string(74, 'a') + "\r\n a\r\n");

  std::string title;
  for (int i = 0; i < 12; ++i) title += "Семінар для вчителів «Тривога», ";
  title += "😀 кінець";
  for (const char* prefix : {"", "x", "xy", "xyz"}) {  // every alignment of the 2-byte letters
    const std::string line = "SUMMARY:" + std::string(prefix) + ics_escape(title);
    const std::string folded = ics_fold(line);
    CAPTURE(prefix);
    check_lines(folded);
    CHECK(physical_lines(folded).size() > 5);
    CHECK(unfold(folded) == line + "\r\n");
  }
  // Four-byte characters only.
  std::string emoji;
  for (int i = 0; i < 60; ++i) emoji += "😀";
  check_lines(ics_fold("X:" + emoji));
  CHECK(unfold(ics_fold("X:" + emoji)) == "X:" + emoji + "\r\n");
}

TEST_CASE("ics: the zones known, Kyiv first, Kiev an alias, unknown ones not") {
  const auto zones = known_zones();
  REQUIRE(!zones.empty());
  CHECK(zones[0].name == "Europe/Kyiv");
  for (const char* name :
       {"UTC", "Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin", "Europe/Prague", "Europe/Vienna", "Europe/Paris",
        "Europe/Rome", "Europe/Madrid", "Europe/Amsterdam", "Europe/Vilnius", "Europe/Riga", "Europe/Tallinn",
        "Europe/Helsinki", "Europe/Bucharest", "Europe/Sofia", "Europe/London", "Europe/Lisbon", "Europe/Dublin",
        "Europe/Istanbul", "Asia/Tbilisi", "America/New_York", "America/Toronto", "America/Chicago"}) {
    CAPTURE(name);
    REQUIRE(find_zone(name) != nullptr);
    CHECK(find_zone(name)->name == name);
  }
  CHECK(find_zone("Europe/Kiev") == find_zone("Europe/Kyiv"));
  CHECK(find_zone("Mars/Olympus") == nullptr);
  CHECK(find_zone("") == nullptr);
  CHECK(zone("Europe/Istanbul").dst == DstRule::none);
  CHECK(zone("Asia/Tbilisi").standard_offset_minutes == 240);
}

TEST_CASE("ics: UTC offsets across the March and October (November) switches") {
  const ZoneInfo& kyiv = zone("Europe/Kyiv");
  CHECK(utc_offset_at(kyiv, at(2026, 1, 15, 12, 0)) == 120);
  CHECK(utc_offset_at(kyiv, at(2026, 7, 15, 12, 0)) == 180);
  CHECK(utc_offset_at(kyiv, at(2026, 3, 29, 2, 59)) == 120);
  CHECK(utc_offset_at(kyiv, at(2026, 3, 29, 3, 30)) == 120);  // does not exist: standard
  CHECK(utc_offset_at(kyiv, at(2026, 3, 29, 4, 0)) == 180);
  CHECK(utc_offset_at(kyiv, at(2026, 10, 25, 2, 59)) == 180);
  CHECK(utc_offset_at(kyiv, at(2026, 10, 25, 3, 30)) == 120);  // twice: standard
  CHECK(utc_offset_at(kyiv, at(2026, 10, 25, 4, 0)) == 120);

  const ZoneInfo& london = zone("Europe/London");
  CHECK(utc_offset_at(london, at(2026, 3, 29, 0, 59)) == 0);
  CHECK(utc_offset_at(london, at(2026, 3, 29, 1, 30)) == 0);
  CHECK(utc_offset_at(london, at(2026, 3, 29, 2, 0)) == 60);
  CHECK(utc_offset_at(london, at(2026, 10, 25, 0, 59)) == 60);
  CHECK(utc_offset_at(london, at(2026, 10, 25, 1, 30)) == 0);
  CHECK(utc_offset_at(london, at(2026, 10, 25, 2, 0)) == 0);

  const ZoneInfo& ny = zone("America/New_York");
  CHECK(utc_offset_at(ny, at(2026, 3, 8, 1, 59)) == -300);
  CHECK(utc_offset_at(ny, at(2026, 3, 8, 2, 30)) == -300);
  CHECK(utc_offset_at(ny, at(2026, 3, 8, 3, 0)) == -240);
  CHECK(utc_offset_at(ny, at(2026, 11, 1, 0, 59)) == -240);
  CHECK(utc_offset_at(ny, at(2026, 11, 1, 1, 30)) == -300);
  CHECK(utc_offset_at(ny, at(2026, 11, 1, 2, 0)) == -300);
  CHECK(utc_offset_at(ny, at(2027, 3, 14, 3, 0)) == -240);  // second Sunday of March 2027

  CHECK(utc_offset_at(zone("UTC"), at(2026, 7, 1, 0, 0)) == 0);
  CHECK(utc_offset_at(zone("Europe/Istanbul"), at(2026, 7, 1, 0, 0)) == 180);
}

TEST_CASE("ics: Kyiv's instants agree with core/date.hpp's rule, hour by hour, and go back and forth") {
  const ZoneInfo& kyiv = zone("Europe/Kyiv");
  const std::int64_t from = unix_seconds(at(2025, 1, 1, 0, 0)), to = unix_seconds(at(2028, 1, 1, 0, 0));
  for (std::int64_t t = from; t < to; t += 1800) {
    const DateTime local = unix_to_local(kyiv, t);
    const int offset = kyiv_utc_offset_minutes(t);
    REQUIRE(unix_seconds(local) - t == offset * 60LL);
    // Back: exact but in the repeated hour, which reads as standard time.
    if (offset == 120 || utc_offset_at(kyiv, local) == 180) REQUIRE(local_to_unix(kyiv, local) == t);
  }
}

TEST_CASE("ics: Kyiv's VTIMEZONE: EET and EEST, switching at 01:00 UTC on the last Sundays") {
  Document d;
  d.events = {event(1, "x", "2026-12-01T15:00")};
  const std::string ics = ics_for_events(d, {0}, options());
  const std::string expected =
      "BEGIN:VTIMEZONE\r\nTZID:Europe/Kyiv\r\n"
      "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST\r\nDTSTART:19700329T030000\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
      "BEGIN:STANDARD\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nTZNAME:EET\r\nDTSTART:19701025T040000\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
  CHECK(has(ics, expected));
  CHECK(has(ics, "DTSTART;TZID=Europe/Kyiv:20261201T150000\r\n"));
  CHECK(has(ics, "DTEND;TZID=Europe/Kyiv:20261201T163000\r\n"));  // the default 90 minutes

  // London switches at 01:00 and 02:00 on its wall clock, New York at 02:00 (second and first Sundays).
  d.events = {event(1, "x", "2026-12-01T15:00", "Europe/London"), event(2, "y", "2026-12-01T15:00", "America/New_York"),
              event(3, "z", "2026-12-01T15:00", "Europe/Istanbul")};
  const std::string three = ics_for_events(d, {0, 1, 2}, options());
  CHECK(has(three, "TZNAME:BST\r\nDTSTART:19700329T010000\r\n"));
  CHECK(has(three, "TZNAME:GMT\r\nDTSTART:19701025T020000\r\n"));
  CHECK(has(three, "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:19700308T020000\r\n"
                   "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
  CHECK(has(three, "TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\n"
                   "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"));
  CHECK(has(three, "TZID:Europe/Istanbul\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n"
                   "TZNAME:+03\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"));
  CHECK_FALSE(has(three, "TZID:Europe/Kyiv"));  // only the zones used
}

TEST_CASE("ics: UTC events carry a Z and no VTIMEZONE; an unknown zone gives floating time") {
  Document d;
  d.events = {event(1, "u", "2026-11-30T09:00", "UTC"), event(2, "f", "2026-12-05T10:00", "Mars/Olympus")};
  const std::string ics = ics_for_events(d, {0, 1}, options());
  CHECK(has(ics, "DTSTART:20261130T090000Z\r\nDTEND:20261130T103000Z\r\n"));
  CHECK(has(ics, "DTSTART:20261205T100000\r\nDTEND:20261205T113000\r\n"));
  CHECK_FALSE(has(ics, "VTIMEZONE"));
  CHECK_FALSE(has(ics, "TZID"));
  // No duration: no DTEND.
  d.events[0].duration_minutes = 0;
  CHECK_FALSE(has(ics_for_events(d, {0}, options()), "DTEND"));
}

TEST_CASE("ics: the calendar's frame, the event's fields, and its description in the user's language") {
  const Document d = calendar_document();
  const std::string ics = ics_for_events(d, {0}, options(Lang::uk));
  check_lines(ics);
  const std::string text = unfold(ics);
  CHECK(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  CHECK(has(text, "\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Kolo: події\r\n"));
  CHECK(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  CHECK(has(text, "UID:kolo-1a2b3c@kolo\r\nDTSTAMP:20261125T103000Z\r\nSEQUENCE:472950\r\n"));
  CHECK(has(text, "LOCATION:вул. Вигадана\\, 1\\; актова зала\r\n"));
  CHECK_FALSE(has(text, "URL:"));
  CHECK(has(text, "CATEGORIES:Майстер-клас\r\n"));
  CHECK(has(text, "STATUS:CONFIRMED\r\n"));
  CHECK(has(text, "DESCRIPTION:Для кого: вчителі 5–11 класів\\, шкільні психологи\\n\\nПартнери:\\n"
                  "- Ліцей №7 (Організатор\\, Місце проведення)\\n- Fund \"Warm Home\"\\, Kyiv\\; branch (Співорганізатор)"
                  "\\n\\nЧек-лист (виконано 1 з 3):\\n[x] Домовитися про залу\\n[ ] Розіслати запрошення\\; нагадати"
                  "\\n[ ] Роздруківки\\, ручки\\n\\nНотатки:\\nФайли: C:\\\\звіти\\\\нове\\; посилання\\, коментарі"
                  "\\nДругий рядок\r\n"));
  // English labels, and a chosen calendar name.
  IcsOptions en = options(Lang::en);
  en.calendar_name = "My, events";
  const std::string english = unfold(ics_for_events(d, {0}, en));
  CHECK(has(english, "X-WR-CALNAME:My\\, events\r\n"));
  CHECK(has(english, "CATEGORIES:Master class\r\n"));
  CHECK(has(english, "Checklist (1 of 3 done):"));
  CHECK(has(english, "(Host\\, Venue)"));
  CHECK_FALSE(has(english, "ics."));
  // A web address is the URL too.
  const std::string webinar = unfold(ics_for_events(d, {1}, options()));
  CHECK(has(webinar, "LOCATION:meet.example.org/abc-def\r\nURL:https://meet.example.org/abc-def\r\n"));
  CHECK(has(webinar, "STATUS:TENTATIVE\r\n"));
  CHECK(web_address(" https://x.example.org/a?b=1 ") == "https://x.example.org/a?b=1");
  CHECK(web_address("вул. Вигадана, 1") == "");
  CHECK(web_address("школа.укр") == "");
}

TEST_CASE("ics: stable UIDs, undated events left out, statuses") {
  Document d = calendar_document();
  const std::vector<std::size_t> all = {0, 1, 2, 3, 4, 5, 6, 7, 99};  // 99: no such event
  const std::string first = ics_for_events(d, all, options());
  CHECK(ics_for_events(d, all, options()) == first);  // the same document and options: the same file
  CHECK(has(first, "UID:kolo-1a2b3c@kolo\r\n"));
  CHECK(has(first, "UID:kolo-event-21\r\n"));  // no uid of its own
  CHECK_FALSE(has(first, "kolo-undated@kolo"));
  CHECK_FALSE(has(first, "Колись"));
  // Moving the event keeps its UID.
  d.events[0].starts_at = "2026-12-02T10:00";
  d.events[0].title = "Інша назва";
  CHECK(has(ics_for_events(d, {0}, options()), "UID:kolo-1a2b3c@kolo\r\n"));

  const std::pair<EventStatus, const char*> statuses[] = {
      {EventStatus::idea, "TENTATIVE"}, {EventStatus::planned, "TENTATIVE"}, {EventStatus::announced, "CONFIRMED"},
      {EventStatus::done, "CONFIRMED"}, {EventStatus::cancelled, "CANCELLED"}};
  for (const auto& [status, text] : statuses) {
    d.events[2].status = status;
    CHECK(has(ics_for_events(d, {2}, options()), std::string("STATUS:") + text + "\r\n"));
  }
  // Nothing dated: a calendar with no events.
  const std::string empty = ics_for_events(d, {3}, options());
  CHECK_FALSE(has(empty, "BEGIN:VEVENT"));
  CHECK(has(empty, "END:VCALENDAR\r\n"));
}

TEST_CASE("ics: an event that ends after a switch ends by real time; a repeated hour is written in UTC") {
  const Document d = calendar_document();
  const std::string night = ics_for_events(d, {4}, options());
  CHECK(has(night, "DTSTART;TZID=Europe/Kyiv:20260329T020000\r\nDTEND;TZID=Europe/Kyiv:20260329T060000\r\n"));
  const std::string ny = ics_for_events(d, {6}, options());
  CHECK(has(ny, "DTSTART;TZID=America/New_York:20261101T003000\r\nDTEND:20261101T063000Z\r\n"));
}

TEST_CASE("ics: follow-ups are all-day, transparent, one per partner, in the user's language") {
  const Document d = calendar_document();
  const std::vector<FollowUpEntry> entries = {
      {6, "2026-12-31", false}, {3, "2026-11-25", true}, {6, "2027-01-05", false}, {99, "2026-12-01", false},
      {3, "bad", false}};
  const std::string ics = ics_for_follow_ups(d, entries, options(Lang::en));
  check_lines(ics);
  const std::string text = unfold(ics);
  CHECK(has(text, "X-WR-CALNAME:Kolo: keep in touch\r\n"));
  CHECK(has(text, "UID:kolo-follow-up-6@kolo\r\nDTSTAMP:20261125T103000Z\r\nSEQUENCE:472950\r\n"
                  "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
  CHECK(has(text, "UID:kolo-follow-up-3@kolo\r\n"));
  CHECK(has(text, "DTSTART;VALUE=DATE:20261125\r\nDTEND;VALUE=DATE:20261126\r\n"));
  CHECK(has(text, "SUMMARY:Keep in touch: Fund \"Warm Home\"\\, Kyiv\\; branch\r\n"));
  CHECK(has(text, "TRANSP:TRANSPARENT\r\n"));
  CHECK(has(text, "DESCRIPTION:NGO / charity\\n\\nLast contact: 2026-03-04\\, Meeting\r\n"));
  CHECK_FALSE(has(text, "обговорили"));  // the contact's summary stays on the device
  CHECK(has(text, "DESCRIPTION:School / kindergarten\\nOverdue"));
  CHECK(has(text, "Contacts:\\n- Олена Вигадана (шкільна психологиня): +380 00 000 0000\\, olena@example.org\\n- Ivan Madeup"));
  CHECK(has(text, "No contact logged yet."));
  CHECK_FALSE(has(text, "20270105"));  // the partner's second entry
  CHECK_FALSE(has(text, "follow-up-99"));
  std::size_t events = 0;
  for (std::size_t at = 0; (at = text.find("BEGIN:VEVENT", at)) != std::string::npos; ++at) ++events;
  CHECK(events == 2);
  CHECK(has(unfold(ics_for_follow_ups(d, entries, options(Lang::uk))), "SUMMARY:Зв'язатися: Ліцей №7\r\n"));
}

TEST_CASE("ics: file names transliterate the title and add the date") {
  CHECK(ics_file_name(event(1, "Семінар для вчителів: булінг!", "2026-12-01T15:00")) ==
        "kolo-seminar-dlia-vchyteliv-bulinh-2026-12-01.ics");
  CHECK(ics_file_name(event(1, "Зв'язок та м’ята, Ґанок Єва Їжак Щука", "2026-12-01T15:00")) ==
        "kolo-zviazok-ta-miata-ganok-ieva-izhak-shchuka-2026-12-01.ics");
  CHECK(ics_file_name(event(1, "Съезд: объём, Эхо", "")) == "kolo-sezd-obem-ekho.ics");
  CHECK(ics_file_name(event(1, "  Parent Meeting #3 ", "2026-01-02T09:00")) == "kolo-parent-meeting-3-2026-01-02.ics");
  CHECK(ics_file_name(event(1, "😀 ???", "2026-01-02T09:00")) == "kolo-event-2026-01-02.ics");
  CHECK(ics_file_name(event(1, "", "")) == "kolo-event.ics");
  const std::string long_name = ics_file_name(event(1, std::string(200, 'a'), ""));
  CHECK(long_name.size() < 60);
  CHECK(kEventsIcsFileName == "kolo-events.ics");
  CHECK(kFollowUpsIcsFileName == "kolo-follow-ups.ics");
}

// ------------------------------------------------------------------------------------------------
// An independent reader: tests/ics/check_ics.py with Debian's python3-icalendar
// ------------------------------------------------------------------------------------------------

namespace {

int run(const std::string& command, std::string* output) { return test::run_command(command, output); }

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

TEST_CASE("ics: every file reads back right in python3-icalendar (tests/ics/check_ics.py)") {
  std::string probe;
  if (run("/usr/bin/python3 -c 'import icalendar, dateutil, pytz'", &probe) != 0) {
    FAIL_CHECK("Debian's /usr/bin/python3 lacks icalendar (" << probe
                                                             << "): run `python3 tests/run.py`, which installs "
                                                                "python3-icalendar with apt");
    return;
  }
  const Document d = calendar_document();
  const auto dir = std::filesystem::temp_directory_path() / ("kolo-ics-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  write_file(dir / "one-event.ics", ics_for_events(d, {0}, options(Lang::uk)));
  write_file(dir / "coming.ics", ics_for_events(d, {1, 2, 3, 4, 5, 6, 7, 0}, options(Lang::en)));
  write_file(dir / "follow-ups.ics",
             ics_for_follow_ups(d, {{3, "2026-11-25", true}, {6, "2026-12-31", false}}, options(Lang::ru)));

  using nlohmann::json;
  const json lesson = {
      {"SUMMARY", d.events[0].title},
      {"DESCRIPTION",
       "Для кого: вчителі 5–11 класів, шкільні психологи\n\nПартнери:\n- Ліцей №7 (Організатор, Місце проведення)\n"
       "- Fund \"Warm Home\", Kyiv; branch (Співорганізатор)\n\nЧек-лист (виконано 1 з 3):\n[x] Домовитися про залу\n"
       "[ ] Розіслати запрошення; нагадати\n[ ] Роздруківки, ручки\n\nНотатки:\nФайли: C:\\звіти\\нове; посилання, "
       "коментарі\nДругий рядок"},
      {"LOCATION", "вул. Вигадана, 1; актова зала"},
      {"URL", nullptr},
      {"STATUS", "CONFIRMED"},
      {"CATEGORIES", {"Майстер-клас"}},
      {"DTSTART", "2026-12-01T13:00:00Z"},
      {"DTEND", "2026-12-01T15:00:00Z"},
      {"TZID", "Europe/Kyiv"}};
  json lesson_en = lesson;
  lesson_en["CATEGORIES"] = {"Master class"};
  lesson_en["DESCRIPTION"] =
      "Audience: вчителі 5–11 класів, шкільні психологи\n\nPartners:\n- Ліцей №7 (Host, Venue)\n"
      "- Fund \"Warm Home\", Kyiv; branch (Co-host)\n\nChecklist (1 of 3 done):\n[x] Домовитися про залу\n"
      "[ ] Розіслати запрошення; нагадати\n[ ] Роздруківки, ручки\n\nNotes:\nФайли: C:\\звіти\\нове; посилання, "
      "коментарі\nДругий рядок";
  json expect = {
      {"one-event.ics", {{"calname", "Kolo: події"}, {"events", {{"kolo-1a2b3c@kolo", lesson}}}}},
      {"coming.ics",
       {{"calname", "Kolo: events"},
        {"events",
         {{"kolo-1a2b3c@kolo", lesson_en},
          {"kolo-event-21",
           {{"SUMMARY", "Webinar: referrals"}, {"LOCATION", "meet.example.org/abc-def"},
            {"URL", "https://meet.example.org/abc-def"}, {"STATUS", "TENTATIVE"}, {"CATEGORIES", {"Webinar"}},
            {"DESCRIPTION", nullptr}, {"TZID", "Europe/Warsaw"},  // summer: CEST, +2
            {"DTSTART", "2026-07-15T08:00:00Z"}, {"DTEND", "2026-07-15T09:00:00Z"}}},
          {"kolo-event-22",
           {{"SUMMARY", "Зустріч, скасована"}, {"STATUS", "CANCELLED"}, {"CATEGORIES", {"Working meeting"}},
            {"LOCATION", nullptr}, {"DTSTART", "2026-06-10T15:30:00Z"}, {"DTEND", "2026-06-10T17:00:00Z"}}},
          {"kolo-night@kolo",
           {{"SUMMARY", "Нічна зміна годинника"}, {"DTSTART", "2026-03-29T00:00:00Z"}, {"DTEND", "2026-03-29T03:00:00Z"}}},
          {"kolo-utc@kolo", {{"TZID", nullptr}, {"DTSTART", "2026-11-30T09:00:00Z"}, {"DTEND", "2026-11-30T10:30:00Z"}}},
          {"kolo-ny@kolo",
           {{"TZID", "America/New_York"}, {"DTSTART", "2026-11-01T04:30:00Z"}, {"DTEND", "2026-11-01T06:30:00Z"}}},
          {"kolo-mars@kolo", {{"TZID", nullptr}, {"DTSTART", "2026-12-05T10:00:00"}, {"DTEND", "2026-12-05T11:30:00"}}}}}}},
      {"follow-ups.ics",
       {{"calname", "Kolo: поддерживать связь"},
        {"events",
         {{"kolo-follow-up-3@kolo",
           {{"SUMMARY", "Связаться: Ліцей №7"}, {"TRANSP", "TRANSPARENT"}, {"DTSTART", "2026-11-25"}, {"DTEND", "2026-11-26"},
            {"DESCRIPTION",
             "Школа / детский сад\nПросрочено: этот контакт должен был быть раньше.\n\nКонтактные лица:\n"
             "- Олена Вигадана (шкільна психологиня): +380 00 000 0000, olena@example.org\n- Ivan Madeup\n\n"
             "Контактов ещё не записано."}}},
          {"kolo-follow-up-6@kolo",
           {{"SUMMARY", "Связаться: Fund \"Warm Home\", Kyiv; branch"}, {"DTSTART", "2026-12-31"}, {"DTEND", "2027-01-01"},
            {"DESCRIPTION", "НКО / благотворительная организация\n\nПоследний контакт: 2026-03-04, Встреча"}}}}}}}};
  // One event in every zone Kolo knows, in summer: each VTIMEZONE against zoneinfo.
  Document zones;
  json zone_events = json::object();
  for (const ZoneInfo& z : known_zones()) {
    Event e = event(static_cast<Id>(zones.events.size() + 1), std::string(z.name), "2026-07-01T12:00", std::string(z.name));
    const std::int64_t start = local_to_unix(z, at(2026, 7, 1, 12, 0));
    zone_events["kolo-event-" + std::to_string(e.id)] = {
        {"SUMMARY", z.name}, {"DTSTART", format_datetime(datetime_from_unix(start)) + "Z"},
        {"DTEND", format_datetime(datetime_from_unix(start + 90 * 60)) + "Z"}};
    zones.events.push_back(e);
  }
  std::vector<std::size_t> every(zones.events.size());
  for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
  write_file(dir / "zones.ics", ics_for_events(zones, every, options()));
  expect["zones.ics"] = {{"events", zone_events}};

  write_file(dir / "expect.json", expect.dump(2));

  std::string output;
  const int status = run("/usr/bin/python3 " KOLO_SOURCE_DIR "/tests/ics/check_ics.py " + dir.string(), &output);
  INFO(output);
  CHECK(status == 0);
  CHECK(has(output, "ok one-event.ics"));
  CHECK(has(output, "ok coming.ics"));
  CHECK(has(output, "ok follow-ups.ics"));
  CHECK(has(output, "ok zones.ics"));
  // Kept for a look when the check failed, or when KOLO_KEEP_ICS is set.
  if (status == 0 && !std::getenv("KOLO_KEEP_ICS")) std::filesystem::remove_all(dir);
}
