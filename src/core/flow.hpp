// Referral flow: where clients come from and where they go, as the figures behind the Map
// view's charts and its graph (ui/view_map.cpp). Pure functions of the Document and a date
// range: everything here runs natively in the unit tests (tests/unit/test_flow.cpp, against
// hand-counted fixtures).
//
// Rules:
// - A referral's date is the date it left draft: the first history entry whose status is not
//   draft (an incoming referral is recorded as sent on the day it came). A referral still in
//   draft, or with no such entry, has no date: it is in no chart, and no edge of the map.
// - A range is [from, to], both days included, as "YYYY-MM-DD".
// - Referrals whose partner no longer exists are counted nowhere.
// - The outcome funnel is of outgoing referrals (what happened to clients the user sent on).
//   A justified decline after a first session (core/decline.hpp, protects_statistics) is never
//   a lost client: its referral counts by its own status like any referral out, and an ending
//   of such a case is counted under `protected_endings`, never under `lost`.
//
// Index: [SECTION] dates  [SECTION] charts  [SECTION] the map's graph  [SECTION] tables
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] dates
// ------------------------------------------------------------------------------------------------

// The day the referral left draft, "" when it has not.
std::string referral_date(const Referral& r);

struct DateRange {
  std::string from, to;  // "YYYY-MM-DD", both included
  bool contains(std::string_view day) const { return !day.empty() && day >= from && day <= to; }
};
// The last `months` calendar months up to and including today's: from the 1st of the month
// (months - 1) months back to today (last_months(2026-02-10) is 2025-03-01 .. 2026-02-10).
// Fewer than one month is taken as one.
DateRange last_months(Date today, int months = 12);
// 1 January of today's year to today.
DateRange this_year(Date today);

// ------------------------------------------------------------------------------------------------
// [SECTION] charts
// ------------------------------------------------------------------------------------------------

struct MonthFlow {
  int year = 0, month = 0;  // month 1..12
  int in = 0, out = 0;
};
// One entry per calendar month of the range, in order, zeros included.
std::vector<MonthFlow> flow_by_month(const Document& doc, const DateRange& range);

struct KindFlow {
  PartnerKind kind = PartnerKind::other;
  int in = 0, out = 0;
};
// One entry per partner kind (declaration order), zeros included.
std::vector<KindFlow> flow_by_kind(const Document& doc, const DateRange& range);

struct PartnerFlow {
  Id partner = 0;
  int in = 0, out = 0;
};
// Partners that sent referrals in the range, most first (ties: by name as stored, compared
// byte by byte, then id); at most `limit`. Each entry has both its counts in the range.
std::vector<PartnerFlow> top_sources(const Document& doc, const DateRange& range, std::size_t limit = 10);
// Partners the user sent referrals to in the range, most first (ties as above); at most `limit`.
std::vector<PartnerFlow> top_destinations(const Document& doc, const DateRange& range, std::size_t limit = 10);

// Outgoing referrals dated in the range, by how far they got. The stages are cumulative:
// `accepted` counts those that reached accepted or beyond (first_appointment, in_service,
// closed), `first_appointment` those that reached it or beyond, as the history shows (a
// referral now closed that passed first_appointment counts at every stage before closed).
struct Funnel {
  int sent = 0;               // every dated outgoing referral in the range
  int accepted = 0;
  int first_appointment = 0;
  int closed = 0;             // ended closed: the client got the help
  // The other endings, each counted once by the referral's current status.
  int declined = 0, no_show = 0, client_refused = 0, no_capacity = 0, not_eligible = 0,
      could_not_contact = 0, re_routed = 0;
  int open = 0;               // still under way (sent, accepted, first_appointment, in_service)
  // Of the endings above that are the client's own (client_refused, could_not_contact,
  // no_show): those of cases with a decline that protects the statistics, which are not lost.
  int protected_endings = 0;
  int lost = 0;               // client's own endings not protected
};
Funnel outcome_funnel(const Document& doc, const DateRange& range);

// Partners that sent the user clients in the range but never received one from her in it,
// and the reverse; each list sorted by name as stored, then id.
struct OneWay {
  std::vector<Id> send_only;     // in > 0, out == 0
  std::vector<Id> receive_only;  // out > 0, in == 0
};
OneWay one_way_partners(const Document& doc, const DateRange& range);

// Partners the user referred clients to and never heard back from: the open referrals out
// that core/referrals.hpp's referrals_without_news reminds of, per partner: how many, and the
// longest wait in business days; longest first (ties: in the reminders' order).
struct Waiting {
  Id partner = 0;
  int referrals = 0;
  int longest_days = 0;
};
std::vector<Waiting> waiting_partners(const Document& doc, Date today);

// ------------------------------------------------------------------------------------------------
// [SECTION] the map's graph
// ------------------------------------------------------------------------------------------------

// Per partner (in doc.partners order): referrals in and out, all dated ones (any date).
struct PartnerVolume {
  int in = 0, out = 0;
};
std::vector<PartnerVolume> partner_volumes(const Document& doc);

// Pairs of partners that took part in one event together (any role), with how many events they
// shared; each pair once, a < b as row indices into doc.partners, sorted by (a, b). Events of
// any status count. A partner in several roles of one event counts once; of an event with more
// than kMaxCoHostingPartners partners, only the first that many (in role order: hosts, co-hosts,
// venues, audience) are paired, so one huge event cannot add ~k²/2 pairs.
inline constexpr std::size_t kMaxCoHostingPartners = 50;
struct CoHosting {
  std::size_t a = 0, b = 0;
  int events = 0;
};
std::vector<CoHosting> co_hosting_pairs(const Document& doc);

// ------------------------------------------------------------------------------------------------
// [SECTION] tables
// ------------------------------------------------------------------------------------------------

// Each chart's figures as tab-separated text with a header row in `lang` (for the clipboard:
// a spreadsheet takes it as a table). Partner names as stored, but a tab or line break inside
// a cell becomes a space so the table stays a table; rows of partners no longer in `doc` are
// left out; months as "2026-03". Every line, the header's too, ends with "\n".
// Columns: month / partner kind / partner, then in, out; the funnel: stage, referrals, one row
// per Funnel field in its order; one-way: partner, which way (send_only's rows first).
std::string months_table(const std::vector<MonthFlow>& rows, Lang lang);
std::string kinds_table(const std::vector<KindFlow>& rows, Lang lang);
std::string partners_table(const Document& doc, const std::vector<PartnerFlow>& rows, Lang lang);
std::string funnel_table(const Funnel& f, Lang lang);
std::string one_way_table(const Document& doc, const OneWay& w, Lang lang);
// Partner, referrals waiting, business days without news.
std::string waiting_table(const Document& doc, const std::vector<Waiting>& rows, Lang lang);

}  // namespace kolo
