// Joint events (seeds 000 and 002): their times, the month and week calendar, what is coming,
// preparation checklists and their templates, the partners' roles, and what events brought
// (effectiveness per kind and per partner). Pure functions of the Document and the user's
// local time: everything here runs natively in the unit tests.
//
// Rules:
// - An event's times are wall-clock times in its own zone (Event::time_zone); the calendar
//   shows them as they are, and a view marks an event whose zone is not the user's.
// - An event counts in the effectiveness figures once it is done; cancelled events and those
//   still to come bring nothing yet. Its cost is its preparation plus its own duration.
// - Referrals attributed to an event count when they still exist in the document.
//
// Index: [SECTION] times  [SECTION] calendar  [SECTION] coming and checklists
//        [SECTION] partners and roles  [SECTION] effectiveness
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] times
// ------------------------------------------------------------------------------------------------

// starts_at ("YYYY-MM-DDTHH:MM", a real day and time) on the event's wall clock; nothing when
// the event is not dated yet or the text is malformed.
std::optional<DateTime> event_start(const Event& e);
// The start plus the duration (a duration of 0: the start itself).
std::optional<DateTime> event_end(const Event& e);
// `t` moved by `minutes` (either sign), across days, months and years.
DateTime add_minutes(DateTime t, std::int64_t minutes);
// "HH:MM" and "HH:MM–HH:MM" (an en dash; the end's date is left out when it is another day).
std::string format_clock(const DateTime& t);
std::string event_time_range(const Event& e);
// Not done and not cancelled: an idea, planned or announced.
bool is_open_event(const Event& e);

// ------------------------------------------------------------------------------------------------
// [SECTION] calendar
// ------------------------------------------------------------------------------------------------

// The days a month view shows for the month holding `day`: whole weeks starting on
// first_day_of_week(lang), from the week holding the 1st to the week holding the last day
// (28, 35 or 42 days).
std::vector<Date> month_grid(Date day, Lang lang);
// The seven days of the week holding `day`, starting on first_day_of_week(lang).
std::array<Date, 7> week_days(Date day, Lang lang);

// The dated events on each of `count` days from `first`: result[i] holds indices into
// doc.events of the events on first + i, by start time, then title, then id. An event that
// runs past midnight is listed on every day it covers (a two-day conference on both days).
std::vector<std::vector<std::size_t>> events_by_day(const Document& doc, Date first, int count);

// ------------------------------------------------------------------------------------------------
// [SECTION] coming and checklists
// ------------------------------------------------------------------------------------------------

// Open events (is_open_event) that have not ended at `now` (the user's local wall clock) and
// start within `days` days of now's date (inclusive), soonest first (indices into doc.events).
std::vector<std::size_t> coming_events(const Document& doc, DateTime now, int days);

struct ChecklistProgress {
  int done = 0, total = 0;
  bool finished() const { return done == total; }
  bool operator==(const ChecklistProgress&) const = default;
};
ChecklistProgress checklist_progress(const Event& e);

// Coming events (as coming_events) whose checklist has items not done, soonest first.
std::vector<std::size_t> unfinished_checklists(const Document& doc, DateTime now, int days);
inline constexpr int kComingEventDays = 30;  // what the Dashboard calls coming

// The preparation checklist for a kind: the user's template when the profile has one for it,
// else the built-in one in `lang` (catalog keys "events.template.<kind>.1", ".2", ...; at
// most kMaxTemplateItems).
std::vector<std::string> checklist_template(EventKind kind, const Profile* profile, Lang lang);
bool has_own_template(EventKind kind, const Profile* profile);
inline constexpr int kMaxTemplateItems = 12;
// The profile with `items` (blank ones dropped) as its template for `kind`, replacing the one
// it had; no items: back to the built-in template.
Profile with_template(Profile profile, EventKind kind, const std::vector<std::string>& items);
// The template's items as a checklist (none done).
std::vector<ChecklistItem> checklist_from(const std::vector<std::string>& items);

// What the editor warns about (catalog keys, in this order), none of which stops a save:
//   "events.warn.no_date"       planned, announced or done but not dated
//   "events.warn.done_future"   done, but it starts after `now`
//   "events.warn.past_open"     planned or announced, and it ended before `now`
//   "events.warn.unknown_zone"  a time zone the calendar export cannot describe (core/ics.hpp)
std::vector<std::string> event_warnings(const Event& e, DateTime now);

// ------------------------------------------------------------------------------------------------
// [SECTION] partners and roles
// ------------------------------------------------------------------------------------------------
// (model.hpp has role_lists and event_partner_ids.)

// The roles `partner` has in `e`, in EventRole order.
std::vector<EventRole> roles_of(const Event& e, Id partner);
// `e` with the partner's roles set to exactly `roles` (none: the partner leaves the event).
// A partner joining keeps its place after those already listed in each list.
Event with_roles(Event e, Id partner, const std::vector<EventRole>& roles);

// The events a partner takes part in, in any role: the coming ones first (soonest first), then
// the past and undated ones (latest first). Indices into doc.events.
struct PartnerEvent {
  std::size_t event = 0;
  std::vector<EventRole> roles;
};
std::vector<PartnerEvent> events_with_partner(const Document& doc, Id partner, DateTime now);

// Referrals one may attribute to `e`: those already attributed, then incoming referrals
// (direction in) first dated (their first status change) from the event's day to 90 days after
// it, then outgoing ones in that window; within each group by date; a referral another event
// already counts is not offered (one referral, one event). Indices into doc.referrals.
std::vector<std::size_t> attributable_referrals(const Document& doc, const Event& e);
inline constexpr int kAttributionDays = 90;

// ------------------------------------------------------------------------------------------------
// [SECTION] effectiveness
// ------------------------------------------------------------------------------------------------

struct Yield {
  int events = 0;  // done events
  int attendance = 0, contacts = 0, leads = 0, referrals = 0;
  int minutes = 0;  // preparation + duration
  bool operator==(const Yield&) const = default;
};
struct KindYield {
  EventKind kind{};
  Yield yield;
};
struct PartnerYield {
  Id partner = 0;
  Yield yield;  // every done event it took part in, in any role, counted once
};
struct Effectiveness {
  Yield total;
  std::vector<KindYield> by_kind;        // kinds with a done event: most referrals, then leads, contacts, kind order
  std::vector<PartnerYield> by_partner;  // partners with a done event: most referrals, then leads, contacts, id
};
// Done events dated within [from, to] (either end may be left open; undated done events count
// only when both are open).
Effectiveness effectiveness(const Document& doc, std::optional<Date> from = std::nullopt,
                            std::optional<Date> to = std::nullopt);
// Referrals attributed to `e` that exist in doc.
int referral_count(const Document& doc, const Event& e);

}  // namespace kolo
