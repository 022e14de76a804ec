// Calendar files (see ics.hpp). A file is put together as unfolded content lines ("NAME;PARAM=
// x:value"), each folded and ended with CRLF as it is added, so no line of the output can miss
// either. Every word a person reads comes from the catalog in the options' language.
//
// Time zones: a VTIMEZONE describes the zone by two yearly rules, both anchored in 1970 (the
// year calendars conventionally start such rules):
// - DAYLIGHT: from the standard offset to standard + 1 h, DTSTART the first switch's wall-clock
//   time in standard time (the offset FROM);
// - STANDARD: back again, DTSTART in daylight time.
// The EU switches at 01:00 UTC, so the wall-clock time of the switch differs by zone (Kyiv
// 03:00 and 04:00, Warsaw 02:00 and 03:00, London 01:00 and 02:00); the US and Canada switch at
// 02:00 on the wall clock. A zone without daylight saving has one STANDARD component. UTC needs
// no VTIMEZONE: its times are written with a Z.
#include "core/ics.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "core/text.hpp"

namespace kolo {

namespace {

constexpr std::array<ZoneInfo, 24> kZones{{
    {"Europe/Kyiv", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Warsaw", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Berlin", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Prague", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Vienna", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Paris", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Rome", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Madrid", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Amsterdam", 60, DstRule::eu, "CET", "CEST"},
    {"Europe/Vilnius", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Riga", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Tallinn", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Helsinki", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Bucharest", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/Sofia", 120, DstRule::eu, "EET", "EEST"},
    {"Europe/London", 0, DstRule::eu, "GMT", "BST"},
    {"Europe/Lisbon", 0, DstRule::eu, "WET", "WEST"},
    {"Europe/Dublin", 0, DstRule::eu, "GMT", "IST"},
    {"Europe/Istanbul", 180, DstRule::none, "+03", ""},
    {"Asia/Tbilisi", 240, DstRule::none, "+04", ""},
    {"America/New_York", -300, DstRule::us, "EST", "EDT"},
    {"America/Toronto", -300, DstRule::us, "EST", "EDT"},
    {"America/Chicago", -360, DstRule::us, "CST", "CDT"},
    {"UTC", 0, DstRule::none, "UTC", ""},
}};

bool is_utc(const ZoneInfo& zone) { return zone.name == "UTC"; }

// [SECTION] daylight saving ----------------------------------------------------------------------

// The n-th Sunday of a month (n = -1: the last one).
Date nth_sunday(int year, int month, int n) {
  if (n < 0) {
    const Date last = end_of_month({year, month, 1});
    return add_days(last, -(static_cast<int>(weekday(last)) % 7));
  }
  const Date first{year, month, 1};
  const int to_sunday = (7 - static_cast<int>(weekday(first))) % 7;
  return add_days(first, to_sunday + 7 * (n - 1));
}

// The instants (Unix seconds) daylight saving time starts and ends in `year`.
struct DstSpan {
  std::int64_t start = 0, end = 0;
};
DstSpan dst_span(const ZoneInfo& zone, int year) {
  const std::int64_t standard = zone.standard_offset_minutes * 60LL;
  if (zone.dst == DstRule::eu)
    return {day_number(nth_sunday(year, 3, -1)) * 86400 + 3600, day_number(nth_sunday(year, 10, -1)) * 86400 + 3600};
  // US: 02:00 on the wall clock, which reads standard time in March and daylight time in November.
  return {day_number(nth_sunday(year, 3, 2)) * 86400 + 7200 - standard,
          day_number(nth_sunday(year, 11, 1)) * 86400 + 7200 - standard - 3600};
}

bool is_dst_at(const ZoneInfo& zone, std::int64_t instant) {
  if (zone.dst == DstRule::none) return false;
  const DstSpan span = dst_span(zone, datetime_from_unix(instant).date.year);
  return instant >= span.start && instant < span.end;
}

// Whether wall-clock time `local` happens in standard time, in daylight time, or both (the
// hour repeated in autumn); neither in the hour skipped in spring.
struct Readings {
  bool standard = true, daylight = false;
};
Readings readings(const ZoneInfo& zone, const DateTime& local) {
  if (zone.dst == DstRule::none) return {};
  const std::int64_t wall = unix_seconds(local);
  const int standard = zone.standard_offset_minutes;
  return {!is_dst_at(zone, wall - standard * 60LL), is_dst_at(zone, wall - (standard + 60) * 60LL)};
}

// [SECTION] text -------------------------------------------------------------------------------

// "+0200", "-0500".
std::string offset_text(int minutes) {
  char buf[16];
  const int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(buf, sizeof buf, "%c%02d%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string date_text(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

// "20261201T150000".
std::string datetime_text(const DateTime& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d%02d%02d", t.hour, t.minute, t.second);
  return date_text(t.date) + buf;
}

// "YYYY-MM-DDTHH:MM" (an event's starts_at) as a DateTime, or nothing.
std::optional<DateTime> parse_start(std::string_view text) {
  if (!is_datetime(text)) return std::nullopt;
  const std::optional<Date> day = parse_date(text.substr(0, 10));
  if (!day) return std::nullopt;
  return DateTime{*day, (text[11] - '0') * 10 + (text[12] - '0'), (text[14] - '0') * 10 + (text[15] - '0'), 0};
}

// An ICS document being written: content lines, folded and CRLF-ended as they are added.
struct Writer {
  std::string out;
  void line(std::string_view name, std::string_view value) { out += ics_fold(std::string(name) + ":" + std::string(value)); }
  void text(std::string_view name, std::string_view value) { line(name, ics_escape(value)); }
};

void begin_calendar(Writer& w, const IcsOptions& options, const char* default_name) {
  w.line("BEGIN", "VCALENDAR");
  w.line("VERSION", "2.0");
  w.line("PRODID", "-//Kolo//Kolo partner network//EN");
  w.line("CALSCALE", "GREGORIAN");
  w.line("METHOD", "PUBLISH");
  w.text("X-WR-CALNAME", is_blank(options.calendar_name) ? std::string(tr(default_name, options.lang)) : options.calendar_name);
}

// UID, DTSTAMP and SEQUENCE: what every VEVENT starts with.
void begin_event(Writer& w, std::string_view uid, const IcsOptions& options) {
  w.line("BEGIN", "VEVENT");
  w.text("UID", uid);
  w.line("DTSTAMP", datetime_text(options.now_utc) + "Z");
  // A calendar updates its copy when SEQUENCE goes up (some ignore a re-import that keeps it):
  // Kolo keeps no revision per event, so the export's minute since 2026-01-01 stands in for
  // one: every later export carries a higher number.
  const std::int64_t minutes = (unix_seconds(options.now_utc) - unix_seconds(DateTime{{2026, 1, 1}, 0, 0, 0})) / 60;
  w.line("SEQUENCE", std::to_string(std::max<std::int64_t>(0, minutes)));
}

// [SECTION] time zones --------------------------------------------------------------------------

// One STANDARD or DAYLIGHT component: the switch in 1970 and its yearly rule.
void zone_component(Writer& w, const ZoneInfo& zone, bool daylight) {
  const int standard = zone.standard_offset_minutes, summer = standard + 60;
  const int from = daylight ? standard : summer, to = daylight ? summer : standard;
  const DstSpan span = dst_span(zone, 1970);
  const std::int64_t instant = daylight ? span.start : span.end;
  const char* kind = daylight ? "DAYLIGHT" : "STANDARD";
  w.line("BEGIN", kind);
  w.line("TZOFFSETFROM", offset_text(from));
  w.line("TZOFFSETTO", offset_text(to));
  w.line("TZNAME", daylight ? zone.daylight_abbr : zone.standard_abbr);
  w.line("DTSTART", datetime_text(datetime_from_unix(instant + from * 60LL)));
  const char* rule = zone.dst == DstRule::eu ? (daylight ? "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" : "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
                                             : (daylight ? "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" : "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU");
  w.line("RRULE", rule);
  w.line("END", kind);
}

void vtimezone(Writer& w, const ZoneInfo& zone) {
  w.line("BEGIN", "VTIMEZONE");
  w.line("TZID", zone.name);
  if (zone.dst == DstRule::none) {
    w.line("BEGIN", "STANDARD");
    w.line("TZOFFSETFROM", offset_text(zone.standard_offset_minutes));
    w.line("TZOFFSETTO", offset_text(zone.standard_offset_minutes));
    w.line("TZNAME", zone.standard_abbr);
    w.line("DTSTART", "19700101T000000");
    w.line("END", "STANDARD");
  } else {
    zone_component(w, zone, true);
    zone_component(w, zone, false);
  }
  w.line("END", "VTIMEZONE");
}

// [SECTION] events ------------------------------------------------------------------------------

const char* status_text(EventStatus s) {
  switch (s) {
    case EventStatus::idea:
    case EventStatus::planned: return "TENTATIVE";
    case EventStatus::announced:
    case EventStatus::done: return "CONFIRMED";
    case EventStatus::cancelled: return "CANCELLED";
  }
  return "TENTATIVE";
}

// "Ліцей №7 (Організатор, Місце проведення)" for each partner of the event, hosts first.
std::vector<std::string> partner_lines(const Document& doc, const Event& e, Lang lang) {
  std::vector<std::string> out;
  const auto lists = role_lists(e);
  for (Id id : event_partner_ids(e)) {
    const Partner* p = find_record<Partner>(doc, id);
    if (!p) continue;
    std::string roles;
    for (std::size_t r = 0; r < lists.size(); ++r)
      if (std::find(lists[r]->begin(), lists[r]->end(), id) != lists[r]->end())
        roles += (roles.empty() ? "" : ", ") + std::string(tr(label_key(static_cast<EventRole>(r)), lang));
    out.push_back("- " + p->name + " (" + roles + ")");
  }
  return out;
}

void add_block(std::string& text, const std::string& block) {
  if (block.empty()) return;
  if (!text.empty()) text += "\n\n";
  text += block;
}

std::string event_description(const Document& doc, const Event& e, Lang lang) {
  std::string text;
  if (!is_blank(e.audience)) add_block(text, trf("ics.audience", lang, {e.audience}));
  std::string partners;
  for (const std::string& l : partner_lines(doc, e, lang)) partners += "\n" + l;
  if (!partners.empty()) add_block(text, tr("ics.partners", lang) + partners);
  if (!e.checklist.empty()) {
    int done = 0;
    std::string items;
    for (const ChecklistItem& item : e.checklist) {
      done += item.done ? 1 : 0;
      items += (item.done ? "\n[x] " : "\n[ ] ") + item.text;
    }
    add_block(text, trf("ics.checklist", lang, {std::to_string(done), std::to_string(e.checklist.size())}) + items);
  }
  if (!is_blank(e.notes)) add_block(text, tr("ics.notes", lang) + ("\n" + e.notes));
  return text;
}

// DTSTART and DTEND: in the zone's time with its TZID, in UTC with a Z, or floating when the
// zone is not known. The end is the start plus the duration in real time (an event over the
// night of a switch ends an hour earlier or later on the wall clock); none for no duration.
void event_times(Writer& w, const Event& e, const DateTime& start) {
  const ZoneInfo* zone = find_zone(e.time_zone);
  const std::int64_t minutes = e.duration_minutes > 0 ? e.duration_minutes : 0;
  if (!zone) {
    w.line("DTSTART", datetime_text(start));
    if (minutes) w.line("DTEND", datetime_text(datetime_from_unix(unix_seconds(start) + minutes * 60)));
    return;
  }
  const std::int64_t begin = local_to_unix(*zone, start), end = begin + minutes * 60;
  // A time of the repeated autumn hour is written in UTC too: a calendar would read it as the
  // first of the two (RFC 5545 3.3.5), Kolo means the one utc_offset_at gives.
  auto write = [&](const char* name, std::int64_t instant) {
    const DateTime local = unix_to_local(*zone, instant);
    const Readings r = readings(*zone, local);
    if (is_utc(*zone) || (r.standard && r.daylight)) w.line(name, datetime_text(datetime_from_unix(instant)) + "Z");
    else w.line(std::string(name) + ";TZID=" + std::string(zone->name), datetime_text(local));
  };
  write("DTSTART", begin);
  if (minutes) write("DTEND", end);
}

void vevent(Writer& w, const Document& doc, const Event& e, const DateTime& start, const IcsOptions& options) {
  begin_event(w, e.uid.empty() ? "kolo-event-" + std::to_string(e.id) : e.uid, options);
  event_times(w, e, start);
  w.text("SUMMARY", e.title);
  if (!is_blank(e.place_or_link)) {
    w.text("LOCATION", e.place_or_link);
    const std::string url = web_address(e.place_or_link);
    if (!url.empty()) w.line("URL", url);
  }
  w.text("CATEGORIES", tr(label_key(e.kind), options.lang));
  w.line("STATUS", status_text(e.status));
  const std::string description = event_description(doc, e, options.lang);
  if (!description.empty()) w.text("DESCRIPTION", description);
  w.line("END", "VEVENT");
}

// [SECTION] follow-ups --------------------------------------------------------------------------

// The partner's latest logged contact (by date, then the later record), or nullptr.
const Interaction* last_contact(const Document& doc, Id partner) {
  const Interaction* best = nullptr;
  for (const Interaction& i : doc.interactions)
    if (i.partner_id == partner && (!best || i.date >= best->date)) best = &i;
  return best;
}

std::string contact_line(const ContactPerson& c) {
  std::string line = "- " + c.name;
  if (!is_blank(c.role)) line += " (" + c.role + ")";
  std::string reach;
  for (const std::string* part : {&c.phone, &c.email})
    if (!is_blank(*part)) reach += (reach.empty() ? "" : ", ") + *part;
  if (!reach.empty()) line += ": " + reach;
  return line;
}

std::string follow_up_description(const Document& doc, const Partner& p, bool overdue, Lang lang) {
  std::string text = tr(label_key(p.kind), lang);
  if (overdue) text += std::string("\n") + tr("ics.follow_up.overdue", lang);
  std::string contacts;
  for (const ContactPerson& c : p.contacts) {
    contacts += '\n';
    contacts += contact_line(c);
  }
  if (!contacts.empty()) add_block(text, tr("ics.contacts", lang) + contacts);
  if (const Interaction* i = last_contact(doc, p.id)) {
    // The date and the channel only: a contact's summary may speak of a client, and a calendar
    // file goes to a phone and often a cloud (client data stays on the device).
    std::string what = i->date + ", " + tr(label_key(i->channel), lang);
    add_block(text, trf("ics.follow_up.last_contact", lang, {what}));
  } else {
    add_block(text, tr("ics.follow_up.no_contact", lang));
  }
  return text;
}

// [SECTION] file names ---------------------------------------------------------------------------

// Ukrainian's national romanisation (2010), with Russian's own letters: а..я from U+0430.
constexpr const char* kCyrillic[32] = {"a", "b", "v", "h", "d", "e", "zh", "z", "y", "i", "k", "l", "m", "n", "o", "p",
                                       "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"};

// The Latin letters for the Cyrillic letter `cp` (lower or upper case), or nullptr.
const char* romanised(char32_t cp) {
  if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;  // А..Я
  if (cp >= 0x0430 && cp <= 0x044F) return kCyrillic[cp - 0x0430];
  switch (cp) {
    case 0x0404: case 0x0454: return "ie";  // Є є
    case 0x0406: case 0x0456: return "i";   // І і
    case 0x0407: case 0x0457: return "i";   // Ї ї
    case 0x0490: case 0x0491: return "g";   // Ґ ґ
    case 0x0401: case 0x0451: return "e";   // Ё ё
  }
  return nullptr;
}

// Lower-case ASCII letters and digits, everything else one '-' between words; about 48 bytes at most.
std::string slug(std::string_view text) {
  std::string out;
  bool gap = false;
  auto add = [&](std::string_view letters) {
    if (letters.empty()) return;
    if (gap && !out.empty()) out += '-';
    gap = false;
    out += letters;
  };
  for (std::size_t i = 0; i < text.size() && out.size() < 48; ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
      add(std::string(1, static_cast<char>(b)));
    } else if (b >= 'A' && b <= 'Z') {
      add(std::string(1, static_cast<char>(b + 32)));
    } else if ((b & 0xE0) == 0xC0 && i + 1 < text.size()) {  // two bytes: Cyrillic lives here
      const char32_t cp = static_cast<char32_t>((b & 0x1F) << 6 | (static_cast<unsigned char>(text[i + 1]) & 0x3F));
      ++i;
      if (const char* latin = romanised(cp)) add(latin);
      else if (cp != 0x02BC) gap = true;  // the Ukrainian apostrophe joins, like "'"
    } else if (text.substr(i, 3) == "\u2019") {  // the typographic apostrophe joins too
      i += 2;
    } else if (b != '\'') {
      gap = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------------

std::span<const ZoneInfo> known_zones() { return kZones; }

const ZoneInfo* find_zone(std::string_view name) {
  if (name == "Europe/Kiev") name = "Europe/Kyiv";
  if (name == "Etc/UTC") name = "UTC";
  for (const ZoneInfo& z : kZones)
    if (z.name == name) return &z;
  return nullptr;
}

int utc_offset_at(const ZoneInfo& zone, const DateTime& local) {
  const Readings r = readings(zone, local);
  return r.daylight && !r.standard ? zone.standard_offset_minutes + 60 : zone.standard_offset_minutes;
}

std::int64_t local_to_unix(const ZoneInfo& zone, const DateTime& local) {
  return unix_seconds(local) - utc_offset_at(zone, local) * 60LL;
}

DateTime unix_to_local(const ZoneInfo& zone, std::int64_t instant) {
  const int offset = zone.standard_offset_minutes + (is_dst_at(zone, instant) ? 60 : 0);
  return datetime_from_unix(instant + offset * 60LL);
}

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT; a tab is.
        if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\t') out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t limit = 75;  // octets on this physical line; a continuation's space takes one
  while (line.size() > limit) {
    std::size_t cut = limit;
    // Back off to the start of a UTF-8 sequence (at most three continuation bytes).
    for (int k = 0; k < 3 && cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80; ++k) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;
  }
  out.append(line);
  out += "\r\n";
  return out;
}

std::string web_address(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
  if (first == std::string_view::npos) return "";
  text = text.substr(first, last - first + 1);
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return "";
  if (!looks_like_url(text)) return "";
  return text.starts_with("http://") || text.starts_with("https://") ? std::string(text) : "https://" + std::string(text);
}

std::string ics_for_events(const Document& doc, const std::vector<std::size_t>& events, const IcsOptions& options) {
  struct Dated {
    const Event* event;
    DateTime start;
  };
  std::vector<Dated> dated;
  for (std::size_t i : events)
    if (i < doc.events.size())
      if (const std::optional<DateTime> start = parse_start(doc.events[i].starts_at))
        dated.push_back({&doc.events[i], *start});
  Writer w;
  begin_calendar(w, options, "ics.calendar.events");
  for (const ZoneInfo& zone : kZones) {  // the zones used, in the table's order
    if (is_utc(zone)) continue;
    for (const Dated& d : dated)
      if (find_zone(d.event->time_zone) == &zone) {
        vtimezone(w, zone);
        break;
      }
  }
  for (const Dated& d : dated) vevent(w, doc, *d.event, d.start, options);
  w.line("END", "VCALENDAR");
  return w.out;
}

std::string ics_for_follow_ups(const Document& doc, const std::vector<FollowUpEntry>& entries, const IcsOptions& options) {
  Writer w;
  begin_calendar(w, options, "ics.calendar.follow_ups");
  std::vector<Id> written;  // one event a partner: its UID names the partner, not the day
  for (const FollowUpEntry& entry : entries) {
    const Partner* p = find_record<Partner>(doc, entry.partner);
    const std::optional<Date> day = parse_date(entry.day);
    if (!p || !day || std::find(written.begin(), written.end(), p->id) != written.end()) continue;
    written.push_back(p->id);
    begin_event(w, "kolo-follow-up-" + std::to_string(p->id) + "@kolo", options);
    w.line("DTSTART;VALUE=DATE", date_text(*day));
    w.line("DTEND;VALUE=DATE", date_text(add_days(*day, 1)));
    w.text("SUMMARY", trf("ics.follow_up.summary", options.lang, {p->name}));
    w.text("DESCRIPTION", follow_up_description(doc, *p, entry.overdue, options.lang));
    w.line("TRANSP", "TRANSPARENT");
    w.line("END", "VEVENT");
  }
  w.line("END", "VCALENDAR");
  return w.out;
}

std::string file_slug(std::string_view text) { return slug(text); }

std::string ics_file_name(const Event& e) {
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) about literal + std::string here.
  std::string name = "kolo-";
  name += slug(e.title);
  if (name == "kolo-") name += "event";
  if (const std::optional<DateTime> start = parse_start(e.starts_at)) {
    name += '-';
    name += format_date(start->date);
  }
  name += ".ics";
  return name;
}

}  // namespace kolo
