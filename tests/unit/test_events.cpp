// Joint events (core/events.hpp): their times, the month and week calendar, what is coming,
// preparation checklists and their templates, the partners' roles, the referrals one may
// attribute, and what events brought per kind and per partner.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/events.hpp"
#include "test_support.hpp"

using namespace kolo;
using ES = EventStatus;

namespace {

Date day(const char* text) { return *parse_date(text); }

// "YYYY-MM-DDTHH:MM" as a DateTime.
DateTime at(const char* text) {
  Event e;
  e.starts_at = text;
  return *event_start(e);
}

Event event(Id id, const char* title, const char* starts_at, ES status = ES::planned, int duration = 90) {
  Event e;
  e.id = id;
  e.title = title;
  e.starts_at = starts_at;
  e.status = status;
  e.duration_minutes = duration;
  return e;
}

std::vector<std::string> titles(const Document& doc, const std::vector<std::size_t>& rows) {
  std::vector<std::string> out;
  for (std::size_t r : rows) out.push_back(doc.events[r].title);
  return out;
}

Referral referral(Id id, Direction direction, std::vector<const char*> dates) {
  Referral r;
  r.id = id;
  r.case_id = 11;
  r.partner_id = 6;
  r.direction = direction;
  for (const char* d : dates) r.history.push_back({ReferralStatus::sent, d, ""});
  return r;
}

using Strings = std::vector<std::string>;

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] times
// ------------------------------------------------------------------------------------------------

TEST_CASE("an event's start and end are read from its wall clock, and nothing when undated") {
  Event e = event(1, "Seminar", "2025-03-15T15:30", ES::planned, 120);
  REQUIRE(event_start(e));
  CHECK(*event_start(e) == DateTime{day("2025-03-15"), 15, 30, 0});
  CHECK(*event_end(e) == DateTime{day("2025-03-15"), 17, 30, 0});
  for (const char* bad : {"", "2025-02-30T10:00", "2025-03-15 10:00", "2025-03-15T24:00", "2025-03-15"}) {
    CAPTURE(bad);
    e.starts_at = bad;
    CHECK_FALSE(event_start(e));
    CHECK_FALSE(event_end(e));
  }
  e = event(1, "Zero", "2025-03-15T15:30", ES::planned, 0);
  CHECK(*event_end(e) == *event_start(e));
}

TEST_CASE("minutes are added across days, months and years, either way") {
  CHECK(add_minutes(at("2025-12-31T23:30"), 45) == at("2026-01-01T00:15"));
  CHECK(add_minutes(at("2024-03-01T00:10"), -20) == at("2024-02-29T23:50"));
  CHECK(add_minutes(at("2025-03-15T10:00"), 0) == at("2025-03-15T10:00"));
  CHECK(add_minutes(at("2025-03-15T10:00"), 3 * 24 * 60 + 5) == at("2025-03-18T10:05"));
  CHECK(add_minutes(at("2025-03-15T10:00"), -(31 * 24 * 60)) == at("2025-02-12T10:00"));
}

TEST_CASE("the time range reads HH:MM-HH:MM with an en dash, the end's day left out") {
  CHECK(format_clock(at("2025-03-15T07:05")) == "07:05");
  CHECK(event_time_range(event(1, "a", "2025-03-15T15:30", ES::planned, 120)) == "15:30\u201317:30");
  CHECK(event_time_range(event(1, "a", "2025-03-15T23:00", ES::planned, 120)) == "23:00\u201301:00");
  CHECK(event_time_range(event(1, "a", "2025-03-15T15:30", ES::planned, 0)) == "15:30");
  CHECK(event_time_range(event(1, "a", "", ES::planned, 60)) == "");
}

TEST_CASE("ideas, planned and announced events are open; done and cancelled are not") {
  Event e;
  for (ES s : all_values<ES>()) {
    e.status = s;
    CHECK(is_open_event(e) == (s != ES::done && s != ES::cancelled));
  }
}

// ------------------------------------------------------------------------------------------------
// [SECTION] calendar
// ------------------------------------------------------------------------------------------------

TEST_CASE("the month grid is whole weeks from Monday: 28, 35 or 42 days") {
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) {
    CAPTURE(lang_code(lang));
    // September 2025 starts on a Monday and ends on a Tuesday.
    REQUIRE(weekday(day("2025-09-01")) == Weekday::monday);
    std::vector<Date> g = month_grid(day("2025-09-17"), lang);
    CHECK(g.size() == 35);
    CHECK(g.front() == day("2025-09-01"));
    CHECK(g.back() == day("2025-10-05"));
    // June 2025 starts on a Sunday: the grid starts in May, and the 30th (a Monday) adds a week.
    REQUIRE(weekday(day("2025-06-01")) == Weekday::sunday);
    g = month_grid(day("2025-06-01"), lang);
    CHECK(g.size() == 42);
    CHECK(g.front() == day("2025-05-26"));
    CHECK(g.back() == day("2025-07-06"));
    // February 2021: 28 days from a Monday, four weeks exactly.
    g = month_grid(day("2021-02-28"), lang);
    CHECK(g.size() == 28);
    CHECK(g.front() == day("2021-02-01"));
    CHECK(g.back() == day("2021-02-28"));
    // February 2024, a leap year: the 29th is in the grid.
    g = month_grid(day("2024-02-10"), lang);
    CHECK(g.size() == 35);
    CHECK(g.front() == day("2024-01-29"));
    CHECK(g.back() == day("2024-03-03"));
    CHECK(std::find(g.begin(), g.end(), day("2024-02-29")) != g.end());
    for (std::size_t i = 0; i < g.size(); i += 7) CHECK(weekday(g[i]) == Weekday::monday);
    for (std::size_t i = 1; i < g.size(); ++i) CHECK(g[i] == add_days(g[i - 1], 1));
  }
}

TEST_CASE("the week holding a day runs Monday to Sunday") {
  const std::array<Date, 7> w = week_days(day("2025-06-01"), Lang::uk);  // a Sunday
  CHECK(w.front() == day("2025-05-26"));
  CHECK(w.back() == day("2025-06-01"));
  CHECK(week_days(day("2025-05-26"), Lang::en) == w);  // the Monday itself
  CHECK(week_days(day("2025-05-29"), Lang::ru) == w);
  CHECK(week_days(day("2025-06-02"), Lang::uk).front() == day("2025-06-02"));
}

TEST_CASE("events by day: in time order, on every day they cover, within the window") {
  Document doc;
  doc.events = {
      event(1, "Late talk", "2025-03-14T23:00", ES::planned, 120),      // crosses midnight
      event(2, "Evening", "2025-03-14T22:00", ES::planned, 120),        // ends at midnight exactly
      event(3, "Conference", "2025-03-20T09:00", ES::planned, 33 * 60),  // two days
      event(4, "Breakfast", "2025-03-14T08:00"),
      event(5, "Another breakfast", "2025-03-14T08:00"),
      event(6, "Undated", ""),
      event(7, "Before", "2025-03-01T10:00"),
      event(8, "Week-long", "2025-03-10T10:00", ES::planned, 7 * 24 * 60),  // starts before the window
  };
  const std::vector<std::vector<std::size_t>> days = events_by_day(doc, day("2025-03-14"), 8);
  REQUIRE(days.size() == 8);
  // By start: the week-long event started on the 10th, before anything else.
  CHECK(titles(doc, days[0]) == Strings{"Week-long", "Another breakfast", "Breakfast", "Evening", "Late talk"});
  CHECK(titles(doc, days[1]) == Strings{"Week-long", "Late talk"});  // not the evening ending at midnight
  CHECK(titles(doc, days[2]) == Strings{"Week-long"});
  CHECK(titles(doc, days[3]) == Strings{"Week-long"});               // ends 17 March 10:00
  CHECK(days[4].empty());
  CHECK(days[5].empty());
  CHECK(titles(doc, days[6]) == Strings{"Conference"});
  CHECK(titles(doc, days[7]) == Strings{"Conference"});
  // Same start and title: by id.
  doc.events.push_back(event(9, "Breakfast", "2025-03-14T08:00"));
  std::swap(doc.events[3], doc.events.back());
  CHECK(events_by_day(doc, day("2025-03-14"), 1)[0] == std::vector<std::size_t>{7, 4, 8, 3, 1, 0});
  CHECK(events_by_day(doc, day("2025-03-14"), 0).empty());
}

// ------------------------------------------------------------------------------------------------
// [SECTION] coming and checklists
// ------------------------------------------------------------------------------------------------

TEST_CASE("coming events: open, not ended, within the days; the one under way included") {
  Document doc;
  doc.events = {
      event(1, "Done tomorrow", "2025-03-11T10:00", ES::done),
      event(2, "Cancelled", "2025-03-12T10:00", ES::cancelled),
      event(3, "Ended this morning", "2025-03-10T09:00", ES::planned),  // 9:00-10:30
      event(4, "Under way", "2025-03-10T11:30", ES::announced),        // 11:30-13:00
      event(5, "An idea", "2025-03-20T18:00", ES::idea),
      event(6, "Last day", "2025-04-09T23:00"),
      event(7, "Too far", "2025-04-10T00:00"),
      event(8, "Undated", ""),
      event(9, "Ends now", "2025-03-10T10:30", ES::planned, 90),
  };
  const DateTime now = at("2025-03-10T12:00");
  CHECK(titles(doc, coming_events(doc, now, 30)) == Strings{"Ends now", "Under way", "An idea", "Last day"});
  CHECK(titles(doc, coming_events(doc, now, 0)) == Strings{"Ends now", "Under way"});
  CHECK(coming_events(doc, at("2025-03-10T12:01"), 0) == std::vector<std::size_t>{3});
}

TEST_CASE("checklist progress and the coming events with something left to prepare") {
  Event e = event(1, "Master class", "2025-03-12T15:00");
  CHECK(checklist_progress(e) == ChecklistProgress{0, 0});
  CHECK(checklist_progress(e).finished());
  e.checklist = {{"room", true}, {"handouts", false}, {"projector", true}};
  CHECK(checklist_progress(e) == ChecklistProgress{2, 3});
  CHECK_FALSE(checklist_progress(e).finished());

  Document doc;
  Event ready = event(2, "Ready", "2025-03-11T15:00");
  ready.checklist = {{"room", true}};
  Event past = event(3, "Past", "2025-03-01T15:00");
  past.checklist = {{"room", false}};
  doc.events = {e, ready, event(4, "No checklist", "2025-03-11T10:00"), past};
  CHECK(titles(doc, unfinished_checklists(doc, at("2025-03-10T12:00"), kComingEventDays)) == Strings{"Master class"});
  CHECK(unfinished_checklists(doc, at("2025-03-10T12:00"), 1).empty());
}

TEST_CASE("the built-in checklist of every kind is in the user's language, 3 to 7 items") {
  for (EventKind kind : all_values<EventKind>()) {
    CAPTURE(to_string(kind));
    const Strings en = checklist_template(kind, nullptr, Lang::en);
    const Strings uk = checklist_template(kind, nullptr, Lang::uk);
    const Strings ru = checklist_template(kind, nullptr, Lang::ru);
    CHECK(en.size() >= 3);
    CHECK(en.size() <= 7);
    CHECK(uk.size() == en.size());
    CHECK(ru.size() == en.size());
    for (std::size_t i = 0; i < en.size(); ++i) {
      CHECK_FALSE(looks_like_key(en[i]));
      CHECK(uk[i] != en[i]);
      CHECK(ru[i] != en[i]);
    }
    CHECK_FALSE(has_own_template(kind, nullptr));
  }
  const Strings uk = checklist_template(EventKind::master_class, nullptr, Lang::uk);
  CHECK(uk.front() == tr("events.template.master_class.1", Lang::uk));
  CHECK(checklist_template(EventKind::master_class, nullptr, Lang::ru).front() ==
        tr("events.template.master_class.1", Lang::ru));
  CHECK(checklist_template(EventKind::master_class, nullptr, Lang::en).front() ==
        tr("events.template.master_class.1", Lang::en));
}

TEST_CASE("the user's own template wins over the built-in one, in every language") {
  const Document doc = test::sample_document();
  const Profile& p = doc.profiles[0];  // has a master class template
  const Strings own{"Узгодити дату з завучем", "Роздруківки"};
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) CHECK(checklist_template(EventKind::master_class, &p, lang) == own);
  CHECK(has_own_template(EventKind::master_class, &p));
  CHECK_FALSE(has_own_template(EventKind::webinar, &p));
  CHECK(checklist_template(EventKind::webinar, &p, Lang::uk) == checklist_template(EventKind::webinar, nullptr, Lang::uk));
  // An empty template kept in a file is no template.
  Profile empty = p;
  empty.event_templates = {{EventKind::webinar, {}}};
  CHECK_FALSE(has_own_template(EventKind::webinar, &empty));
  CHECK(checklist_template(EventKind::webinar, &empty, Lang::en).size() >= 3);
}

TEST_CASE("a template is replaced in its place, blank items dropped, and cleared back to the built-in") {
  Profile p = test::sample_document().profiles[0];
  p = with_template(p, EventKind::webinar, {"Test the link", "  ", "", "Consent to record"});
  REQUIRE(p.event_templates.size() == 2);
  CHECK(p.event_templates[1].kind == EventKind::webinar);
  CHECK(checklist_template(EventKind::webinar, &p, Lang::uk) == Strings{"Test the link", "Consent to record"});
  // Replacing the master class template keeps it first and the webinar's untouched.
  p = with_template(p, EventKind::master_class, {"Handouts"});
  REQUIRE(p.event_templates.size() == 2);
  CHECK(p.event_templates[0].kind == EventKind::master_class);
  CHECK(p.event_templates[0].items == Strings{"Handouts"});
  CHECK(p.event_templates[1].items == Strings{"Test the link", "Consent to record"});
  // Nothing but blanks: back to the built-in one.
  p = with_template(p, EventKind::master_class, {" ", ""});
  CHECK_FALSE(has_own_template(EventKind::master_class, &p));
  CHECK(p.event_templates.size() == 1);
  CHECK(checklist_template(EventKind::master_class, &p, Lang::en) ==
        checklist_template(EventKind::master_class, nullptr, Lang::en));
  p = with_template(p, EventKind::webinar, {});
  CHECK(p.event_templates.empty());
  // Clearing a kind without a template changes nothing.
  CHECK(with_template(p, EventKind::seminar, {}) == p);
}

TEST_CASE("a checklist made from a template has nothing done") {
  const std::vector<ChecklistItem> c = checklist_from({"Room", "Projector"});
  REQUIRE(c.size() == 2);
  CHECK(c[0] == ChecklistItem{"Room", false});
  CHECK(c[1] == ChecklistItem{"Projector", false});
  CHECK(checklist_from({}).empty());
}

TEST_CASE("the editor's warnings, each on its own and in order") {
  const DateTime now = at("2025-03-10T12:00");
  using W = Strings;
  CHECK(event_warnings(event(1, "Idea", "", ES::idea), now) == W{});
  CHECK(event_warnings(event(1, "Idea", "2025-01-01T10:00", ES::idea), now) == W{});  // an old idea is fine
  for (ES s : {ES::planned, ES::announced, ES::done})
    CHECK(event_warnings(event(1, "Undated", "", s), now) == W{"events.warn.no_date"});
  CHECK(event_warnings(event(1, "Cancelled", "", ES::cancelled), now) == W{});
  CHECK(event_warnings(event(1, "Done early", "2025-03-10T12:30", ES::done), now) == W{"events.warn.done_future"});
  CHECK(event_warnings(event(1, "Done", "2025-03-10T11:00", ES::done), now) == W{});  // under way, marked done: fine
  for (ES s : {ES::planned, ES::announced}) {
    CHECK(event_warnings(event(1, "Forgotten", "2025-03-10T09:00", s), now) == W{"events.warn.past_open"});
    CHECK(event_warnings(event(1, "Under way", "2025-03-10T11:00", s), now) == W{});
  }
  Event e = event(1, "Elsewhere", "2025-03-20T10:00");
  e.time_zone = "Mars/Olympus_Mons";
  CHECK(event_warnings(e, now) == W{"events.warn.unknown_zone"});
  e.time_zone = "Europe/Kiev";  // the old spelling is known
  CHECK(event_warnings(e, now) == W{});
  e.time_zone = "";  // floating local time
  CHECK(event_warnings(e, now) == W{});
  e = event(1, "Both", "", ES::planned);
  e.time_zone = "Mars/Olympus_Mons";
  CHECK(event_warnings(e, now) == W{"events.warn.no_date", "events.warn.unknown_zone"});
}

// ------------------------------------------------------------------------------------------------
// [SECTION] partners and roles
// ------------------------------------------------------------------------------------------------

TEST_CASE("a partner's roles: read, added, changed and removed") {
  const Event e = test::sample_document().events[0];  // co-hosts 3 and 6; venue 3
  using R = std::vector<EventRole>;
  CHECK(roles_of(e, 3) == R{EventRole::co_host, EventRole::venue});
  CHECK(roles_of(e, 6) == R{EventRole::co_host});
  CHECK(roles_of(e, 9) == R{});

  // Joining: after those already listed, whatever order the roles are given in.
  Event joined = with_roles(e, 9, {EventRole::audience, EventRole::co_host});
  CHECK(roles_of(joined, 9) == R{EventRole::co_host, EventRole::audience});
  CHECK(joined.co_host_ids == std::vector<Id>{3, 6, 9});
  CHECK(joined.audience_ids == std::vector<Id>{9});
  CHECK(joined.host_ids.empty());

  // Changing: a kept role keeps its place.
  Event changed = with_roles(e, 3, {EventRole::co_host, EventRole::host});
  CHECK(changed.co_host_ids == std::vector<Id>{3, 6});
  CHECK(changed.host_ids == std::vector<Id>{3});
  CHECK(changed.venue_ids.empty());
  CHECK(roles_of(changed, 3) == R{EventRole::host, EventRole::co_host});

  // Removing: no roles, and the partner is no longer in the event.
  Event left = with_roles(e, 3, {});
  CHECK(roles_of(left, 3) == R{});
  CHECK(event_partner_ids(left) == std::vector<Id>{6});
  CHECK(with_roles(e, 9, {}) == e);
  CHECK(with_roles(e, 3, roles_of(e, 3)) == e);
}

TEST_CASE("a partner's events: coming soonest first, then past latest first, then undated") {
  Document doc;
  auto with = [](Event e, std::vector<EventRole> roles) { return with_roles(std::move(e), 3, roles); };
  doc.events = {
      with(event(1, "January", "2025-01-10T10:00", ES::done), {EventRole::host}),
      with(event(2, "February", "2025-02-10T10:00", ES::done), {EventRole::venue}),
      with(event(3, "April", "2025-04-01T10:00"), {EventRole::co_host, EventRole::venue}),
      with(event(4, "March", "2025-03-20T10:00"), {EventRole::audience}),
      with(event(5, "Under way", "2025-03-10T11:30"), {EventRole::host}),
      with(event(6, "Undated", "", ES::idea), {EventRole::host}),
      event(7, "Not theirs", "2025-03-21T10:00"),
      with(event(8, "Cancelled", "2025-02-20T10:00", ES::cancelled), {EventRole::host}),
  };
  doc.events[6].host_ids = {6};
  const std::vector<PartnerEvent> got = events_with_partner(doc, 3, at("2025-03-10T12:00"));
  Strings order;
  for (const PartnerEvent& p : got) order.push_back(doc.events[p.event].title);
  CHECK(order == Strings{"Under way", "March", "April", "Cancelled", "February", "January", "Undated"});
  REQUIRE(got.size() == 7);
  CHECK(got[2].roles == std::vector<EventRole>{EventRole::co_host, EventRole::venue});
  CHECK(got[1].roles == std::vector<EventRole>{EventRole::audience});
  CHECK(events_with_partner(doc, 99, at("2025-03-10T12:00")).empty());
}

TEST_CASE("attributable referrals: attributed first, then incoming, then outgoing, in the 90 days from the event") {
  Document doc = test::sample_document();
  doc.referrals = {
      referral(20, Direction::out, {"2025-01-01"}),                // attributed, long before
      referral(21, Direction::in, {"2025-05-01", "2025-03-01"}),   // its first entry counts
      referral(22, Direction::in, {"2025-03-15"}),                 // the event's day
      referral(23, Direction::out, {"2025-03-20"}),
      referral(24, Direction::in, {"2025-03-14"}),                 // the day before: not
      referral(25, Direction::in, {"2025-06-13"}),                 // 90 days after: still in
      referral(26, Direction::in, {"2025-06-14"}),                 // 91: not
      referral(27, Direction::in, {}),                             // no history, no date
      referral(28, Direction::out, {"2025-02-01"}),                // attributed
      referral(29, Direction::out, {"2025-03-16"}),
  };
  Event e = doc.events[0];  // 2025-03-15T15:30
  e.referral_ids = {28, 20};
  auto ids = [&](const std::vector<std::size_t>& rows) {
    std::vector<Id> out;
    for (std::size_t r : rows) out.push_back(doc.referrals[r].id);
    return out;
  };
  CHECK(ids(attributable_referrals(doc, e)) == std::vector<Id>{20, 28, 22, 21, 25, 29, 23});
  // An attributed one in the window is listed once, with the attributed ones; one without a
  // date comes last among them.
  e.referral_ids = {23, 27};
  CHECK(ids(attributable_referrals(doc, e)) == std::vector<Id>{23, 27, 22, 21, 25, 29});
  // An undated event: only what is attributed already.
  e.starts_at = "";
  CHECK(ids(attributable_referrals(doc, e)) == std::vector<Id>{23, 27});
  e.referral_ids = {999};  // deleted since
  CHECK(attributable_referrals(doc, e).empty());
  // A referral another event already counts is not offered again (one referral, one event);
  // the event that counts it still lists it.
  e = doc.events[0];
  Event other = e;
  other.id = 40;
  other.referral_ids = {22};
  doc.events.push_back(other);
  CHECK(ids(attributable_referrals(doc, e)) == std::vector<Id>{21, 25, 29, 23});
  CHECK(ids(attributable_referrals(doc, other)) == std::vector<Id>{22, 21, 25, 29, 23});
}

// ------------------------------------------------------------------------------------------------
// [SECTION] effectiveness
// ------------------------------------------------------------------------------------------------

namespace {

Event done_event(Id id, EventKind kind, const char* starts_at, int attendance, int contacts, int leads, int prep,
                 int duration) {
  Event e = event(id, "Done", starts_at, ES::done, duration);
  e.kind = kind;
  e.attendance = attendance;
  e.contacts_met = contacts;
  e.leads = leads;
  e.prep_minutes = prep;
  return e;
}

Yield yield(int events, int attendance, int contacts, int leads, int referrals, int minutes) {
  return {.events = events, .attendance = attendance, .contacts = contacts, .leads = leads, .referrals = referrals,
          .minutes = minutes};
}

// Partners 3 and 6 and referral 12 come from the sample document.
Document effectiveness_document() {
  Document doc = test::sample_document();
  Event a = done_event(20, EventKind::seminar, "2025-03-15T15:30", 20, 3, 2, 60, 120);
  a.referral_ids = {12, 999, 12};  // 999 was deleted; 12 is listed twice by mistake
  a.co_host_ids = {3, 6};
  a.venue_ids = {3};  // partner 3 in two roles
  Event b = done_event(21, EventKind::webinar, "2025-04-01T18:00", 50, 1, 5, 30, 60);
  b.host_ids = {6};
  Event c = done_event(22, EventKind::seminar, "2025-05-01T10:00", 10, 0, 0, 0, 90);
  c.host_ids = {3, 77};  // 77: a partner deleted since
  Event undated = done_event(23, EventKind::other, "", 7, 0, 0, 15, 90);
  Event conference = done_event(24, EventKind::conference, "2025-04-20T09:00", 0, 0, 0, 0, 0);
  Event cancelled = done_event(25, EventKind::workshop, "2025-04-02T10:00", 100, 100, 100, 100, 100);
  cancelled.status = ES::cancelled;
  cancelled.host_ids = {3};
  Event open = done_event(26, EventKind::workshop, "2025-04-03T10:00", 100, 100, 100, 100, 100);
  open.status = ES::announced;
  open.host_ids = {6};
  doc.events = {a, b, c, undated, conference, cancelled, open};
  return doc;
}

}  // namespace

TEST_CASE("effectiveness counts done events: totals, per kind and per partner, each event once") {
  const Document doc = effectiveness_document();
  CHECK(referral_count(doc, doc.events[0]) == 1);
  CHECK(referral_count(doc, doc.events[1]) == 0);

  const Effectiveness all = effectiveness(doc);
  CHECK(all.total == yield(5, 87, 4, 7, 1, 180 + 90 + 90 + 105 + 0));

  REQUIRE(all.by_kind.size() == 4);
  CHECK(all.by_kind[0].kind == EventKind::seminar);  // the only referral
  CHECK(all.by_kind[0].yield == yield(2, 30, 3, 2, 1, 270));
  CHECK(all.by_kind[1].kind == EventKind::webinar);  // the most leads
  CHECK(all.by_kind[1].yield == yield(1, 50, 1, 5, 0, 90));
  CHECK(all.by_kind[2].kind == EventKind::conference);  // nothing: kind order
  CHECK(all.by_kind[3].kind == EventKind::other);

  REQUIRE(all.by_partner.size() == 2);
  CHECK(all.by_partner[0].partner == 6);  // a referral and 7 leads
  CHECK(all.by_partner[0].yield == yield(2, 70, 4, 7, 1, 270));
  CHECK(all.by_partner[1].partner == 3);  // co-host and venue of the seminar: counted once
  CHECK(all.by_partner[1].yield == yield(2, 30, 3, 2, 1, 270));
}

TEST_CASE("effectiveness within dates: either end open, undated events only with both open") {
  const Document doc = effectiveness_document();
  const Effectiveness april = effectiveness(doc, day("2025-04-01"), day("2025-04-30"));
  CHECK(april.total == yield(2, 50, 1, 5, 0, 90));
  REQUIRE(april.by_kind.size() == 2);
  CHECK(april.by_kind[0].kind == EventKind::webinar);
  REQUIRE(april.by_partner.size() == 1);
  CHECK(april.by_partner[0].partner == 6);

  CHECK(effectiveness(doc, day("2025-04-02")).total.events == 2);               // the conference and the May seminar
  CHECK(effectiveness(doc, std::nullopt, day("2025-04-01")).total.events == 2);  // the March seminar and the webinar
  CHECK(effectiveness(doc, day("2025-03-15"), day("2025-03-15")).total == yield(1, 20, 3, 2, 1, 180));
  const Effectiveness none = effectiveness(doc, day("2026-01-01"));
  CHECK(none.total == Yield{});
  CHECK(none.by_kind.empty());
  CHECK(none.by_partner.empty());
}
