// Joint events: times, the calendar, coming events and checklists, roles, effectiveness (see
// events.hpp).
#include "core/events.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/ics.hpp"
#include "core/text.hpp"

namespace kolo {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Ended at `now`: its end lies before now (an event ending at this very minute is still on).
// Undated events never end.
bool has_ended(const Event& e, const DateTime& now) {
  const std::optional<DateTime> end = event_end(e);
  return end && *end < now;
}

// The order events are listed in on a day and in "coming": start, then title (alphabetical
// for Cyrillic too), then id. Both must be dated.
bool earlier(const Event& a, const DateTime& a_start, const Event& b, const DateTime& b_start) {
  if (a_start != b_start) return a_start < b_start;
  if (const int c = collation_compare(a.title, b.title); c != 0) return c < 0;
  return a.id < b.id;
}

// The referral's date: its first status change; nothing when it has none or it is malformed.
std::optional<Date> referral_date(const Referral& r) {
  if (r.history.empty()) return std::nullopt;
  return parse_date(r.history.front().date);
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] times
// ------------------------------------------------------------------------------------------------

std::optional<DateTime> event_start(const Event& e) {
  if (!is_datetime(e.starts_at)) return std::nullopt;
  const std::optional<Date> day = parse_date(std::string_view(e.starts_at).substr(0, 10));
  if (!day) return std::nullopt;
  DateTime t;
  t.date = *day;
  t.hour = (e.starts_at[11] - '0') * 10 + (e.starts_at[12] - '0');
  t.minute = (e.starts_at[14] - '0') * 10 + (e.starts_at[15] - '0');
  return t;
}

std::optional<DateTime> event_end(const Event& e) {
  const std::optional<DateTime> start = event_start(e);
  if (!start) return std::nullopt;
  return add_minutes(*start, std::max(0, e.duration_minutes));  // a negative duration (invalid file): none
}

DateTime add_minutes(DateTime t, std::int64_t minutes) {
  const std::int64_t total = t.hour * 60 + t.minute + minutes;
  const std::int64_t days = floor_div(total, 24 * 60);
  const std::int64_t of_day = total - days * 24 * 60;
  t.date = add_days(t.date, days);
  t.hour = static_cast<int>(of_day / 60);
  t.minute = static_cast<int>(of_day % 60);
  return t;
}

std::string format_clock(const DateTime& t) {
  std::string out(5, ':');
  out[0] = static_cast<char>('0' + t.hour / 10);
  out[1] = static_cast<char>('0' + t.hour % 10);
  out[3] = static_cast<char>('0' + t.minute / 10);
  out[4] = static_cast<char>('0' + t.minute % 10);
  return out;
}

std::string event_time_range(const Event& e) {
  const std::optional<DateTime> start = event_start(e);
  if (!start) return "";
  if (e.duration_minutes <= 0) return format_clock(*start);
  return format_clock(*start) + "\u2013" + format_clock(*event_end(e));
}

bool is_open_event(const Event& e) { return e.status != EventStatus::done && e.status != EventStatus::cancelled; }

// ------------------------------------------------------------------------------------------------
// [SECTION] calendar
// ------------------------------------------------------------------------------------------------

std::vector<Date> month_grid(Date day, Lang lang) {
  const Date first = start_of_week(start_of_month(day), lang);
  const Date last = add_days(start_of_week(end_of_month(day), lang), 6);
  std::vector<Date> out;
  out.reserve(42);
  for (Date d = first; d <= last; d = add_days(d, 1)) out.push_back(d);
  return out;
}

std::array<Date, 7> week_days(Date day, Lang lang) {
  const Date first = start_of_week(day, lang);
  std::array<Date, 7> out{};
  for (int i = 0; i < 7; ++i) out[static_cast<std::size_t>(i)] = add_days(first, i);
  return out;
}

std::vector<std::vector<std::size_t>> events_by_day(const Document& doc, Date first, int count) {
  std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(std::max(0, count)));
  if (out.empty()) return out;
  const std::int64_t first_n = day_number(first);
  const std::int64_t last_n = first_n + count - 1;
  std::vector<DateTime> starts(doc.events.size());  // read by the sort, for listed events only
  // One pass over the events, each put on the days of the window it covers.
  for (std::size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    const std::optional<DateTime> start = event_start(e);
    if (!start) continue;
    starts[i] = *start;
    DateTime end = *event_end(e);
    // Ending at midnight is ending on the day before: 22:00-00:00 is not on the next day.
    if (end.date > start->date && end.hour == 0 && end.minute == 0) end.date = add_days(end.date, -1);
    const std::int64_t from = std::max(first_n, day_number(start->date));
    const std::int64_t to = std::min(last_n, day_number(end.date));
    for (std::int64_t n = from; n <= to; ++n) out[static_cast<std::size_t>(n - first_n)].push_back(i);
  }
  for (std::vector<std::size_t>& day : out)
    std::sort(day.begin(), day.end(), [&](std::size_t a, std::size_t b) {
      return earlier(doc.events[a], starts[a], doc.events[b], starts[b]);
    });
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] coming and checklists
// ------------------------------------------------------------------------------------------------

std::vector<std::size_t> coming_events(const Document& doc, DateTime now, int days) {
  const Date horizon = add_days(now.date, days);
  std::vector<std::pair<DateTime, std::size_t>> found;
  for (std::size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    const std::optional<DateTime> start = event_start(e);
    // One in progress (started, not ended) is coming too: it is still on.
    if (start && is_open_event(e) && !has_ended(e, now) && start->date <= horizon) found.emplace_back(*start, i);
  }
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    return earlier(doc.events[a.second], a.first, doc.events[b.second], b.first);
  });
  std::vector<std::size_t> out;
  out.reserve(found.size());
  for (const auto& f : found) out.push_back(f.second);
  return out;
}

ChecklistProgress checklist_progress(const Event& e) {
  ChecklistProgress p;
  p.total = static_cast<int>(e.checklist.size());
  p.done = static_cast<int>(std::count_if(e.checklist.begin(), e.checklist.end(), [](const ChecklistItem& c) { return c.done; }));
  return p;
}

std::vector<std::size_t> unfinished_checklists(const Document& doc, DateTime now, int days) {
  std::vector<std::size_t> out = coming_events(doc, now, days);
  std::erase_if(out, [&](std::size_t i) { return checklist_progress(doc.events[i]).finished(); });
  return out;
}

namespace {

// The profile's own template for `kind`: one with items (an empty one is no template).
const EventTemplate* own_template(EventKind kind, const Profile* profile) {
  if (!profile) return nullptr;
  for (const EventTemplate& t : profile->event_templates)
    if (t.kind == kind && !t.items.empty()) return &t;
  return nullptr;
}

}  // namespace

std::vector<std::string> checklist_template(EventKind kind, const Profile* profile, Lang lang) {
  if (const EventTemplate* own = own_template(kind, profile)) return own->items;
  // Built in: the catalog's items for the kind, numbered from 1 without gaps.
  std::vector<std::string> out;
  const std::string prefix = "events.template." + std::string(to_string(kind)) + ".";
  for (int n = 1; n <= kMaxTemplateItems; ++n) {
    const std::string key = prefix + std::to_string(n);
    if (!has_key(key)) break;
    out.emplace_back(tr(key, lang));
  }
  return out;
}

bool has_own_template(EventKind kind, const Profile* profile) { return own_template(kind, profile) != nullptr; }

Profile with_template(Profile profile, EventKind kind, const std::vector<std::string>& items) {
  EventTemplate t;
  t.kind = kind;
  for (const std::string& item : items)
    if (!is_blank(item)) t.items.push_back(item);
  std::vector<EventTemplate>& list = profile.event_templates;
  // The new template takes the place of the kind's first one; any other for the kind goes.
  auto it = std::find_if(list.begin(), list.end(), [&](const EventTemplate& x) { return x.kind == kind; });
  if (it == list.end()) {
    if (!t.items.empty()) list.push_back(std::move(t));
    return profile;
  }
  const std::size_t at = static_cast<std::size_t>(it - list.begin());
  std::erase_if(list, [&](const EventTemplate& x) { return x.kind == kind; });
  if (!t.items.empty()) list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), std::move(t));
  return profile;
}

std::vector<ChecklistItem> checklist_from(const std::vector<std::string>& items) {
  std::vector<ChecklistItem> out;
  out.reserve(items.size());
  for (const std::string& item : items) {
    ChecklistItem c;
    c.text = item;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> event_warnings(const Event& e, DateTime now) {
  std::vector<std::string> out;
  const std::optional<DateTime> start = event_start(e);
  const bool planned = e.status == EventStatus::planned || e.status == EventStatus::announced;
  // An idea may stay undated; anything further along needs its day.
  if (!start && (planned || e.status == EventStatus::done)) out.push_back("events.warn.no_date");
  if (start && e.status == EventStatus::done && *start > now) out.push_back("events.warn.done_future");
  if (planned && has_ended(e, now)) out.push_back("events.warn.past_open");
  // No zone at all is floating local time, which the export writes as such: only a named zone
  // it does not know is a problem.
  if (!e.time_zone.empty() && !find_zone(e.time_zone)) out.push_back("events.warn.unknown_zone");
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] partners and roles
// ------------------------------------------------------------------------------------------------

std::vector<EventRole> roles_of(const Event& e, Id partner) {
  std::vector<EventRole> out;
  const auto lists = role_lists(e);
  for (std::size_t r = 0; r < lists.size(); ++r)
    if (std::find(lists[r]->begin(), lists[r]->end(), partner) != lists[r]->end())
      out.push_back(static_cast<EventRole>(r));
  return out;
}

Event with_roles(Event e, Id partner, const std::vector<EventRole>& roles) {
  const auto lists = role_lists(e);
  for (std::size_t r = 0; r < lists.size(); ++r) {
    std::vector<Id>& list = *lists[r];
    const bool wanted = std::find(roles.begin(), roles.end(), static_cast<EventRole>(r)) != roles.end();
    const bool present = std::find(list.begin(), list.end(), partner) != list.end();
    if (wanted && !present) list.push_back(partner);
    if (!wanted && present) std::erase(list, partner);
  }
  return e;
}

std::vector<PartnerEvent> events_with_partner(const Document& doc, Id partner, DateTime now) {
  // Sort key: coming (0) before past and undated (1); coming by start ascending, the rest by
  // start descending with the undated last; then the newest record first.
  struct Row {
    int group;
    std::optional<DateTime> start;
    std::size_t index;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    const auto lists = role_lists(e);
    if (std::none_of(lists.begin(), lists.end(), [&](const std::vector<Id>* l) {
          return std::find(l->begin(), l->end(), partner) != l->end();
        }))
      continue;
    const std::optional<DateTime> start = event_start(e);
    rows.push_back({start && !has_ended(e, now) ? 0 : 1, start, i});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.start != b.start) {
      if (!a.start || !b.start) return a.start.has_value();  // undated after dated
      return a.group == 0 ? *a.start < *b.start : *a.start > *b.start;
    }
    return a.group == 0 ? a.index < b.index : a.index > b.index;
  });
  std::vector<PartnerEvent> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back({r.index, roles_of(doc.events[r.index], partner)});
  return out;
}

std::vector<std::size_t> attributable_referrals(const Document& doc, const Event& e) {
  // Sort key: group (attributed, incoming, outgoing), date (undated last), index.
  std::vector<std::tuple<int, bool, Date, std::size_t>> found;
  const std::optional<DateTime> start = event_start(e);
  const std::optional<Date> from = start ? std::optional<Date>(start->date) : std::nullopt;
  const std::optional<Date> to = from ? std::optional<Date>(add_days(*from, kAttributionDays)) : std::nullopt;
  // A referral another event already counts is not offered again: one referral, one event.
  std::vector<Id> elsewhere;
  for (const Event& other : doc.events)
    if (other.id != e.id) elsewhere.insert(elsewhere.end(), other.referral_ids.begin(), other.referral_ids.end());
  std::sort(elsewhere.begin(), elsewhere.end());
  for (std::size_t i = 0; i < doc.referrals.size(); ++i) {
    const Referral& r = doc.referrals[i];
    const std::optional<Date> date = referral_date(r);
    const bool attributed = std::find(e.referral_ids.begin(), e.referral_ids.end(), r.id) != e.referral_ids.end();
    const bool in_window = date && from && *date >= *from && *date <= *to;
    if (!attributed && (!in_window || std::binary_search(elsewhere.begin(), elsewhere.end(), r.id))) continue;
    const int group = attributed ? 0 : r.direction == Direction::in ? 1 : 2;
    found.emplace_back(group, !date, date.value_or(Date{}), i);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::size_t> out;
  out.reserve(found.size());
  for (const auto& f : found) out.push_back(std::get<3>(f));
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] effectiveness
// ------------------------------------------------------------------------------------------------

namespace {

void add_to(Yield& y, const Yield& e) {
  y.events += e.events;
  y.attendance += e.attendance;
  y.contacts += e.contacts;
  y.leads += e.leads;
  y.referrals += e.referrals;
  y.minutes += e.minutes;
}

// Most referrals first, then leads, then contacts made.
std::tuple<int, int, int> rank(const Yield& y) { return {-y.referrals, -y.leads, -y.contacts}; }

}  // namespace

Effectiveness effectiveness(const Document& doc, std::optional<Date> from, std::optional<Date> to) {
  Effectiveness out;
  std::map<EventKind, Yield> kinds;
  std::map<Id, Yield> partners;
  for (const Event& e : doc.events) {
    if (e.status != EventStatus::done) continue;
    const std::optional<DateTime> start = event_start(e);
    if (start ? (from && start->date < *from) || (to && start->date > *to) : (from || to)) continue;
    Yield y;
    y.events = 1;
    y.attendance = e.attendance;
    y.contacts = e.contacts_met;
    y.leads = e.leads;
    y.referrals = referral_count(doc, e);
    y.minutes = e.prep_minutes + e.duration_minutes;
    add_to(out.total, y);
    add_to(kinds[e.kind], y);
    // Once per event whatever its roles; a partner deleted since is left out.
    for (Id p : event_partner_ids(e))
      if (find_record<Partner>(doc, p)) add_to(partners[p], y);
  }
  for (const auto& [kind, y] : kinds) out.by_kind.push_back({kind, y});
  for (const auto& [id, y] : partners) out.by_partner.push_back({id, y});
  // Stable over the maps' order: equal ranks stay in kind order and in id order.
  std::stable_sort(out.by_kind.begin(), out.by_kind.end(),
                   [](const KindYield& a, const KindYield& b) { return rank(a.yield) < rank(b.yield); });
  std::stable_sort(out.by_partner.begin(), out.by_partner.end(),
                   [](const PartnerYield& a, const PartnerYield& b) { return rank(a.yield) < rank(b.yield); });
  return out;
}

int referral_count(const Document& doc, const Event& e) {
  std::vector<Id> ids = e.referral_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());  // an id listed twice counts once
  return static_cast<int>(std::count_if(ids.begin(), ids.end(), [&](Id id) { return find_record<Referral>(doc, id) != nullptr; }));
}

}  // namespace kolo
