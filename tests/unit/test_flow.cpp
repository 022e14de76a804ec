// Referral flow (core/flow.hpp): a referral's date (the day it left draft) and the ranges,
// referrals per month (zero months, across New Year) and per partner kind, the top sources and
// destinations, the outcome funnel read from the history (and a justified decline after a first
// session never a lost client, seed 001), one-way partners, the map's volumes and co-hosting
// pairs, and the tables copied to the clipboard. Every figure is counted by hand in a comment;
// a referral to a deleted partner counts nowhere.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "core/decline.hpp"
#include "core/flow.hpp"
#include "test_support.hpp"

using namespace kolo;
using RS = ReferralStatus;

namespace {

Date day(const char* text) { return *parse_date(text); }

Partner partner(Id id, const char* name, PartnerKind kind = PartnerKind::other) {
  Partner p;
  p.id = id;
  p.name = name;
  p.kind = kind;
  return p;
}

// A referral of case `case_id` with `history`, its status the last entry's.
Referral referral(Id id, Direction direction, Id partner_id, std::vector<StatusChange> history, Id case_id = 90) {
  Referral r;
  r.id = id;
  r.direction = direction;
  r.partner_id = partner_id;
  r.case_id = case_id;
  r.history = std::move(history);
  r.status = r.history.empty() ? RS::draft : r.history.back().status;
  return r;
}

// A referral sent (or, in, received) on `date`, still open.
Referral sent_on(Id id, Direction direction, Id partner_id, const char* date) {
  return referral(id, direction, partner_id, {{RS::sent, date, ""}});
}

Referral in(Id id, Id partner_id, const char* date) { return sent_on(id, Direction::in, partner_id, date); }
Referral out(Id id, Id partner_id, const char* date) { return sent_on(id, Direction::out, partner_id, date); }

std::vector<Id> ids(const std::vector<PartnerFlow>& rows) {
  std::vector<Id> v;
  for (const PartnerFlow& f : rows) v.push_back(f.partner);
  return v;
}

// The lines of a table, without their "\n".
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) v.push_back(line);
  return v;
}

// The funnel's figures in the order of its fields: sent, accepted, first appointment, closed,
// declined, no-show, client refused, no capacity, not eligible, could not contact, re-routed,
// open, protected endings, lost.
std::vector<int> figures(const Funnel& f) {
  return {f.sent, f.accepted, f.first_appointment, f.closed, f.declined, f.no_show, f.client_refused,
          f.no_capacity, f.not_eligible, f.could_not_contact, f.re_routed, f.open, f.protected_endings, f.lost};
}

// The monthly fixture: partners 1 (school), 2 (clinic), 3 (colleague); partner 99 is gone.
Document monthly_document() {
  Document doc;
  doc.partners = {partner(1, "Школа №5", PartnerKind::school_kindergarten),
                  partner(2, "Clinic", PartnerKind::clinic_doctor),
                  partner(3, "Колега", PartnerKind::colleague_psychologist)};
  doc.referrals = {
      in(1, 1, "2025-03-01"),   // the range's first day: 2025-03 in
      out(2, 2, "2026-02-10"),  // its last day: 2026-02 out
      in(3, 1, "2025-02-28"),   // the day before: nowhere
      out(4, 2, "2026-02-11"),  // the day after: nowhere
      referral(5, Direction::out, 2, {{RS::draft, "2025-06-01", ""}}),  // a draft: nowhere
      // Drafted in November, sent on 1 December: a December referral.
      referral(6, Direction::out, 2, {{RS::draft, "2025-11-30", ""}, {RS::sent, "2025-12-01", ""}}),
      in(7, 99, "2026-01-15"),  // a deleted partner: nowhere
      in(8, 3, "2025-12-31"),   // 2025-12 in
      out(9, 1, "2026-01-02"),  // 2026-01 out
  };
  return doc;
}

// An outgoing referral of case `case_id` that went through `statuses`, one a day from 2 March.
Referral went(Id id, Id partner_id, std::vector<RS> statuses, Id case_id = 90) {
  std::vector<StatusChange> history;
  int d = 2;
  for (RS s : statuses) history.push_back({s, "2026-03-" + std::string(d < 10 ? "0" : "") + std::to_string(d++), ""});
  return referral(id, Direction::out, partner_id, std::move(history), case_id);
}

// In and out of each row, "in/out" joined by spaces: "2/1 0/3".
template <class Row> std::string in_out(const std::vector<Row>& rows) {
  std::string text;
  for (const Row& r : rows) text += (text.empty() ? "" : " ") + std::to_string(r.in) + "/" + std::to_string(r.out);
  return text;
}

// Seed 001, the shared sample: case 11's outgoing referral 12 to partner 6 (sent 2025-02-04)
// ended with the client refusing, and the case's decline (after the first session, the client
// told, two "yes" in the self-check, finished) protects it. No online limit on the case, so
// only the decline protects it.
Document refused_after_decline() {
  Document doc = test::sample_document();
  doc.cases[0].online_limits.clear();
  Referral& r = doc.referrals[0];
  r.history.push_back({RS::client_refused, "2025-02-20", "stopped answering"});
  r.status = RS::client_refused;
  return doc;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Dates and ranges
// ------------------------------------------------------------------------------------------------

TEST_CASE("flow: a referral's date is the day it left draft; a draft has none") {
  CHECK(referral_date(referral(1, Direction::out, 1, {{RS::draft, "2026-03-01", ""}, {RS::sent, "2026-03-04", ""},
                                                      {RS::accepted, "2026-03-06", ""}})) == "2026-03-04");
  // Draft to accepted on the phone: the date it was accepted.
  CHECK(referral_date(referral(1, Direction::out, 1,
                               {{RS::draft, "2026-03-01", ""}, {RS::accepted, "2026-03-02", ""}})) == "2026-03-02");
  CHECK(referral_date(in(1, 1, "2026-05-05")) == "2026-05-05");  // an incoming one: the day it came
  CHECK(referral_date(referral(1, Direction::out, 1, {{RS::draft, "2026-03-01", ""}})) == "");
  CHECK(referral_date(referral(1, Direction::out, 1, {})) == "");
}

TEST_CASE("flow: the last months start on the 1st, across New Year; this year starts on 1 January") {
  DateRange r = last_months(day("2026-02-10"));
  CHECK(r.from == "2025-03-01");
  CHECK(r.to == "2026-02-10");
  r = last_months(day("2026-11-23"), 1);
  CHECK(r.from == "2026-11-01");
  CHECK(r.to == "2026-11-23");
  CHECK(last_months(day("2026-11-23"), 0).from == "2026-11-01");  // fewer than one: one
  CHECK(last_months(day("2026-03-31"), 2).from == "2026-02-01");
  r = this_year(day("2026-11-23"));
  CHECK(r.from == "2026-01-01");
  CHECK(r.to == "2026-11-23");
  // Both ends included; nothing is in a range without a date.
  CHECK(r.contains("2026-01-01"));
  CHECK(r.contains("2026-11-23"));
  CHECK_FALSE(r.contains("2025-12-31"));
  CHECK_FALSE(r.contains("2026-11-24"));
  CHECK_FALSE(r.contains(""));
}

// ------------------------------------------------------------------------------------------------
// Charts
// ------------------------------------------------------------------------------------------------

TEST_CASE("flow: per month, every month of the range with zeros, across New Year") {
  const Document doc = monthly_document();
  const std::vector<MonthFlow> m = flow_by_month(doc, last_months(day("2026-02-10")));
  // 2025-03 .. 2026-02: twelve months. By hand: 2025-03 in 1 (ref 1); 2025-12 in 1 (ref 8),
  // out 1 (ref 6); 2026-01 out 1 (ref 9); 2026-02 out 1 (ref 2); every other month 0.
  REQUIRE(m.size() == 12);
  CHECK(m.front().year == 2025);
  CHECK(m.front().month == 3);
  CHECK(m.back().year == 2026);
  CHECK(m.back().month == 2);
  for (std::size_t i = 1; i < m.size(); ++i) {
    CAPTURE(i);
    CHECK(m[i].year * 12 + m[i].month == m[i - 1].year * 12 + m[i - 1].month + 1);
  }
  CHECK(in_out(m) == "1/0 0/0 0/0 0/0 0/0 0/0 0/0 0/0 0/0 1/1 0/1 0/1");
  // A range that is not one: no months.
  CHECK(flow_by_month(doc, DateRange{"2026-02-10", "2026-02-09"}).empty());
  CHECK(flow_by_month(doc, DateRange{"", "2026-02-09"}).empty());
  // One day: its month, counted.
  const std::vector<MonthFlow> one = flow_by_month(doc, DateRange{"2026-02-10", "2026-02-10"});
  REQUIRE(one.size() == 1);
  CHECK(one[0].out == 1);
}

TEST_CASE("flow: per partner kind, every kind in declaration order, zeros included") {
  const std::vector<KindFlow> k = flow_by_kind(monthly_document(), last_months(day("2026-02-10")));
  // By hand (refs 1, 2, 6, 8, 9 are in the range): school in 1 (ref 1), out 1 (ref 9); clinic
  // out 2 (refs 2, 6); colleague in 1 (ref 8); the rest 0.
  // In declaration order: colleague, psychiatrist, clinic, school, university, company, NGO,
  // state service, other.
  CHECK(in_out(k) == "1/0 0/0 0/2 1/1 0/0 0/0 0/0 0/0 0/0");
  REQUIRE(k.size() == all_values<PartnerKind>().size());
  for (std::size_t i = 0; i < k.size(); ++i) CHECK(k[i].kind == all_values<PartnerKind>()[i]);
}

TEST_CASE("flow: top sources and destinations: most first, ties by name then id, at most the limit") {
  Document doc;
  doc.partners = {partner(1, "Віра"), partner(2, "Anna"), partner(3, "Bohdan"), partner(4, "Anna"), partner(5, "Zed")};
  const DateRange year = this_year(day("2026-11-23"));
  doc.referrals = {
      in(1, 1, "2026-01-05"), in(2, 1, "2026-02-05"), in(3, 1, "2026-11-23"),  // partner 1: 3 in
      in(4, 2, "2026-04-01"), in(5, 2, "2026-04-02"),                          // partner 2: 2 in
      in(6, 3, "2026-04-01"), in(7, 3, "2026-04-02"),                          // partner 3: 2 in
      in(8, 4, "2026-04-01"), in(9, 4, "2026-04-02"),                          // partner 4: 2 in
      in(10, 5, "2025-12-31"),                    // last year: not counted, so partner 5 sent none
      in(11, 99, "2026-05-01"), in(12, 99, "2026-05-02"), in(13, 99, "2026-05-03"), in(14, 99, "2026-05-04"),
      out(20, 5, "2026-06-01"), out(21, 5, "2026-06-02"),  // partner 5: 2 out
      out(22, 3, "2026-06-01"),                            // partner 3: 1 out
      out(23, 1, "2026-06-01"),                            // partner 1: 1 out
      referral(24, Direction::out, 2, {{RS::draft, "2026-06-01", ""}}),  // a draft: nothing
  };
  // Sources: 1 (3), then the ties at 2 by name: "Anna" (2, then 4 by id), "Bohdan" (3).
  CHECK(ids(top_sources(doc, year)) == std::vector<Id>{1, 2, 4, 3});
  CHECK(ids(top_sources(doc, year, 3)) == std::vector<Id>{1, 2, 4});
  CHECK(top_sources(doc, year, 0).empty());
  const std::vector<PartnerFlow> sources = top_sources(doc, year, 1);
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].in == 3);
  CHECK(sources[0].out == 1);  // both counts of the range
  // Destinations: 5 (2), then the ties at 1 by name: "Bohdan" (3) before "Віра" (1).
  CHECK(ids(top_destinations(doc, year)) == std::vector<Id>{5, 3, 1});
  CHECK(ids(top_destinations(doc, year, 2)) == std::vector<Id>{5, 3});
  CHECK(top_destinations(doc, year)[0].out == 2);
  CHECK(top_destinations(doc, year)[0].in == 0);  // its referral in was last year
}

TEST_CASE("flow: the funnel's stages are cumulative from the history; each other ending once") {
  Document doc;
  doc.partners = {partner(1, "One"), partner(2, "Two")};
  doc.referrals = {
      went(1, 1, {RS::draft, RS::sent, RS::accepted, RS::first_appointment, RS::closed}),  // A
      went(2, 1, {RS::sent, RS::closed}),                                 // B: closed straight away
      went(3, 1, {RS::sent, RS::accepted, RS::declined}),                 // C
      went(4, 2, {RS::sent, RS::no_show}),                                // D: client's own, lost
      went(5, 2, {RS::sent, RS::accepted, RS::client_refused}),           // E: client's own, lost
      went(6, 2, {RS::sent, RS::no_capacity}),                            // F
      went(7, 2, {RS::sent, RS::not_eligible}),                           // G
      went(8, 2, {RS::sent, RS::could_not_contact}),                      // H: client's own, lost
      went(9, 2, {RS::sent, RS::re_routed}),                              // I
      went(10, 1, {RS::sent, RS::accepted, RS::first_appointment, RS::in_service}),  // J: open
      went(11, 1, {RS::draft, RS::sent}),                                 // K: open
      went(12, 1, {RS::draft}),                                           // a draft: nowhere
      referral(13, Direction::in, 1, {{RS::sent, "2026-03-02", ""}, {RS::closed, "2026-03-03", ""}}),  // in: nowhere
      referral(14, Direction::out, 1, {{RS::sent, "2025-12-31", ""}, {RS::closed, "2026-01-03", ""}}),  // last year
      went(15, 99, {RS::sent, RS::accepted, RS::closed}),                 // a deleted partner: nowhere
  };
  const Funnel f = outcome_funnel(doc, this_year(day("2026-11-23")));
  // By hand: sent A..K (11); accepted A, B (closed is beyond accepted), C, E, J (5); first
  // appointment A (passed it, now closed), B, J (3); closed A, B (2); C, D, E, F, G, H, I one
  // ending each; open J, K (2); no decline protects anything, so D, E, H are lost (3).
  CHECK(figures(f) == std::vector<int>{11, 5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 2, 0, 3});
  // Every referral sent is somewhere: closed, another ending, or still open.
  CHECK(f.sent == f.closed + f.declined + f.no_show + f.client_refused + f.no_capacity + f.not_eligible +
                      f.could_not_contact + f.re_routed + f.open);
  CHECK(f.protected_endings + f.lost == f.no_show + f.client_refused + f.could_not_contact);
  // Reopened after an ending: it counts by its status now, the stages it passed still count.
  doc.referrals = {went(1, 1, {RS::sent, RS::first_appointment, RS::could_not_contact, RS::first_appointment})};
  CHECK(figures(outcome_funnel(doc, this_year(day("2026-11-23")))) ==
        std::vector<int>{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0});
}

TEST_CASE("flow: a justified decline after a first session is never a lost client in the funnel (seed 001)") {
  const DateRange range{"2025-01-01", "2026-11-23"};
  Document doc = refused_after_decline();
  REQUIRE(protects_statistics(doc, doc.declines[0]));
  Funnel f = outcome_funnel(doc, range);
  CHECK(f.sent == 1);
  CHECK(f.client_refused == 1);  // the referral counts by its own status, like any referral out
  CHECK(f.protected_endings == 1);
  CHECK(f.lost == 0);

  doc.declines.clear();  // the same without the decline
  f = outcome_funnel(doc, range);
  CHECK(f.client_refused == 1);
  CHECK(f.protected_endings == 0);
  CHECK(f.lost == 1);

  // Not justified (one "yes"), not finished, the client not told, or before the first
  // session: lost.
  doc = refused_after_decline();
  using A = SelfCheckAnswer;
  doc.declines[0].self_check = {A::yes, A::no, A::no, A::not_sure};
  CHECK(outcome_funnel(doc, range).lost == 1);
  doc = refused_after_decline();
  doc.declines[0].finished.clear();
  CHECK(outcome_funnel(doc, range).lost == 1);
  doc = refused_after_decline();
  doc.declines[0].client_told = false;
  CHECK(outcome_funnel(doc, range).lost == 1);
  doc = refused_after_decline();
  doc.declines[0].after_first_session = false;
  CHECK(outcome_funnel(doc, range).lost == 1);
  // A protecting decline of another case protects nothing here.
  doc = refused_after_decline();
  doc.cases.push_back(test::make_case(20, "Клієнт Б", {"anxiety"}));
  doc.declines[0].case_id = 20;
  CHECK(outcome_funnel(doc, range).lost == 1);
  // An ending that is not the client's own is neither protected nor lost.
  doc = refused_after_decline();
  doc.referrals[0].history.back().status = doc.referrals[0].status = RS::no_capacity;
  f = outcome_funnel(doc, range);
  CHECK(f.no_capacity == 1);
  CHECK(f.protected_endings == 0);
  CHECK(f.lost == 0);
}

TEST_CASE("flow: one-way partners in the range, each list by name then id") {
  Document doc;
  doc.partners = {partner(1, "Ірпінь"), partner(2, "Bravo"), partner(3, "Both"), partner(4, "Alpha"),
                  partner(5, "Silent"), partner(6, "Alpha")};
  doc.referrals = {
      in(1, 1, "2026-02-01"),                            // 1: in only
      out(2, 2, "2026-02-01"),                           // 2: out only
      in(3, 3, "2026-02-01"), out(4, 3, "2026-03-01"),   // 3: both ways
      in(5, 4, "2026-02-01"), out(6, 4, "2025-06-01"),   // 4: in only in the range
      referral(7, Direction::out, 5, {{RS::draft, "2026-02-01", ""}}),  // 5: a draft only
      in(8, 6, "2026-04-01"),                            // 6: in only
      out(9, 99, "2026-04-01"),                          // a deleted partner
  };
  const OneWay w = one_way_partners(doc, this_year(day("2026-11-23")));
  CHECK(w.send_only == std::vector<Id>{4, 6, 1});  // "Alpha" (4, 6), "Ірпінь"
  CHECK(w.receive_only == std::vector<Id>{2});
}

// ------------------------------------------------------------------------------------------------
// The map's graph
// ------------------------------------------------------------------------------------------------

TEST_CASE("flow: partner volumes count every dated referral, in the partners' order") {
  Document doc = monthly_document();
  const std::vector<PartnerVolume> v = partner_volumes(doc);
  // By hand, any date: partner 1 in 2 (refs 1, 3), out 1 (ref 9); partner 2 out 3 (refs 2, 4,
  // 6; ref 5 is a draft); partner 3 in 1 (ref 8); ref 7's partner is gone.
  CHECK(in_out(v) == "2/1 0/3 1/0");
  CHECK(partner_volumes(Document{}).empty());
}

TEST_CASE("flow: co-hosting pairs: each pair once per event, a partner in two roles once, counted across events") {
  Document doc;
  doc.partners = {partner(1, "A"), partner(2, "B"), partner(3, "C"), partner(4, "D")};  // rows 0..3
  Event e1;
  e1.id = 10;
  e1.host_ids = {1};
  e1.co_host_ids = {2};
  e1.venue_ids = {1};  // the host is its venue too: one partner
  e1.audience_ids = {3};
  Event e2;
  e2.id = 11;
  e2.host_ids = {2};
  e2.co_host_ids = {1, 99};  // 99 is gone
  Event e3;
  e3.id = 12;
  e3.venue_ids = {4};  // alone: no pair
  Event e4;
  e4.id = 13;  // nobody
  doc.events = {e1, e2, e3, e4};
  // e1: {1, 2, 3} -> (1,2) (1,3) (2,3); e2: {1, 2} -> (1,2). As rows: (0,1) twice, (0,2), (1,2).
  std::string shown;  // "a-b:events"
  for (const CoHosting& p : co_hosting_pairs(doc))
    shown += std::to_string(p.a) + "-" + std::to_string(p.b) + ":" + std::to_string(p.events) + " ";
  CHECK(shown == "0-1:2 0-2:1 1-2:1 ");
}

TEST_CASE("flow: an event with more partners than the cap pairs only the first, in role order") {
  Document doc;
  for (Id id = 101; id <= 160; ++id) doc.partners.push_back(partner(id, "P"));  // rows 0..59
  Event e;
  e.id = 200;
  for (Id id = 160; id >= 111; --id) e.host_ids.push_back(id);  // 50 hosts: rows 59 down to 10
  for (Id id = 101; id <= 110; ++id) e.audience_ids.push_back(id);  // 10 more, past the cap
  doc.events = {e};
  const std::vector<CoHosting> pairs = co_hosting_pairs(doc);
  CHECK(pairs.size() == kMaxCoHostingPartners * (kMaxCoHostingPartners - 1) / 2);  // 1225
  CHECK(std::all_of(pairs.begin(), pairs.end(), [](const CoHosting& p) { return p.a >= 10 && p.a < p.b && p.b < 60; }));
  CHECK(std::is_sorted(pairs.begin(), pairs.end(),
                       [](const CoHosting& x, const CoHosting& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; }));
}

// ------------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------------

TEST_CASE("flow: tables have a header in each language and one tab-separated row per figure") {
  const std::vector<MonthFlow> months = {{2025, 12, 1, 1}, {2026, 1, 0, 2}};
  CHECK(months_table(months, Lang::en) == "Month\tReferrals in\tReferrals out\n2025-12\t1\t1\n2026-01\t0\t2\n");
  CHECK(lines(months_table(months, Lang::uk))[0] == "Місяць\tВхідні направлення\tВихідні направлення");
  CHECK(lines(months_table(months, Lang::ru))[0] == "Месяц\tВходящие направления\tИсходящие направления");
  CHECK(months_table({}, Lang::en) == "Month\tReferrals in\tReferrals out\n");

  const std::vector<KindFlow> kinds = flow_by_kind(monthly_document(), last_months(day("2026-02-10")));
  const std::vector<std::string> k = lines(kinds_table(kinds, Lang::uk));
  REQUIRE(k.size() == 1 + all_values<PartnerKind>().size());
  CHECK(k[0] == "Тип партнера\tВхідні направлення\tВихідні направлення");
  CHECK(std::find(k.begin(), k.end(), "Школа / садочок\t1\t1") != k.end());
  CHECK(lines(kinds_table(kinds, Lang::en))[0] == "Partner kind\tReferrals in\tReferrals out");
  CHECK(lines(kinds_table(kinds, Lang::ru))[0] == "Тип партнёра\tВходящие направления\tИсходящие направления");
}

TEST_CASE("flow: partner names with tabs or line breaks inside stay in their cell") {
  Document doc;
  doc.partners = {partner(1, "Fund\t\"Warm\nHome\"\r"), partner(2, "Ліцей №7")};
  const std::vector<PartnerFlow> rows = {{1, 3, 1}, {2, 0, 2}, {99, 5, 5}};  // 99: gone, left out
  const std::string text = partners_table(doc, rows, Lang::en);
  const std::vector<std::string> l = lines(text);
  REQUIRE(l.size() == 3);
  CHECK(l[0] == "Partner\tReferrals in\tReferrals out");
  CHECK(l[1] == "Fund \"Warm Home\" \t3\t1");
  CHECK(l[2] == "Ліцей №7\t0\t2");
  for (const std::string& line : l) CHECK(std::count(line.begin(), line.end(), '\t') == 2);
  CHECK(lines(partners_table(doc, rows, Lang::uk))[0] == "Партнер\tВхідні направлення\tВихідні направлення");
  CHECK(lines(partners_table(doc, rows, Lang::ru))[0] == "Партнёр\tВходящие направления\tИсходящие направления");

  const OneWay w{{1}, {2, 99}};
  const std::vector<std::string> o = lines(one_way_table(doc, w, Lang::en));
  REQUIRE(o.size() == 3);
  CHECK(o[0] == "Partner\tOne-way flow");
  CHECK(o[1] == "Fund \"Warm Home\" \tSends you clients, gets none from you");
  CHECK(o[2] == "Ліцей №7\tGets clients from you, sends none");
  CHECK(lines(one_way_table(doc, w, Lang::uk))[0] == "Партнер\tОдносторонній потік");
  CHECK(lines(one_way_table(doc, w, Lang::ru))[1] ==
        "Fund \"Warm Home\" \tНаправляет вам клиентов, от вас не получает");
}

TEST_CASE("flow: the funnel's table: every stage and ending, with the catalog's status labels") {
  Funnel f;
  f.sent = 11;
  f.accepted = 5;
  f.first_appointment = 3;
  f.closed = 2;
  f.client_refused = 2;
  f.protected_endings = 1;
  f.lost = 1;
  f.open = 4;
  const std::vector<std::string> en = lines(funnel_table(f, Lang::en));
  REQUIRE(en.size() == 15);  // the header, 11 statuses, open, protected, lost
  CHECK(en[0] == "Stage\tReferrals");
  CHECK(en[1] == "Sent\t11");
  CHECK(en[2] == "Accepted\t5");
  CHECK(en[3] == "First appointment\t3");
  CHECK(en[4] == "Closed\t2");
  CHECK(en[7] == "Client refused\t2");
  CHECK(en[12] == "Still under way\t4");
  CHECK(en[14] == "Ended on the client's side\t1");
  const std::vector<std::string> uk = lines(funnel_table(f, Lang::uk));
  CHECK(uk[0] == "Етап\tНаправлення");
  CHECK(uk[1] == "Надіслано\t11");
  CHECK(uk[13] == "Завершилося через клієнта після обґрунтованої відмови (не втрата)\t1");
  const std::vector<std::string> ru = lines(funnel_table(f, Lang::ru));
  CHECK(ru[0] == "Этап\tНаправления");
  CHECK(ru[14] == "Завершились со стороны клиента\t1");
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru})
    for (const std::string& line : lines(funnel_table(f, lang))) {
      CAPTURE(line);
      CHECK(std::count(line.begin(), line.end(), '\t') == 1);
      CHECK_FALSE(looks_like_key(line.substr(0, line.find('\t'))));  // no label missing
    }
}

TEST_CASE("flow: partners never heard back from, per partner, longest wait first, and their table") {
  // Today Monday 2026-11-23; a referral is reminded at 2 business days without news.
  Document doc;
  doc.partners = {partner(1, "Школа №5"), partner(2, "Clinic"), partner(3, "Колега")};
  doc.referrals = {
      out(1, 1, "2026-11-02"),  // Mon -> Mon three weeks on: 15 business days
      out(2, 1, "2026-11-16"),  // 5
      out(3, 2, "2026-11-20"),  // Fri -> Mon: 1, not yet reminded
      out(4, 3, "2026-11-18"),  // Wed -> Mon: 3
      in(5, 2, "2026-10-01"),   // coming in: not a referral the user waits on
      referral(6, Direction::out, 2, {{RS::sent, "2026-10-01", ""}, {RS::closed, "2026-10-20", ""}}),  // ended
  };
  const std::vector<Waiting> w = waiting_partners(doc, day("2026-11-23"));
  REQUIRE(w.size() == 2);
  CHECK(w[0].partner == 1);
  CHECK(w[0].referrals == 2);
  CHECK(w[0].longest_days == 15);
  CHECK(w[1].partner == 3);
  CHECK(w[1].referrals == 1);
  CHECK(w[1].longest_days == 3);
  const std::vector<std::string> en = lines(waiting_table(doc, w, Lang::en));
  REQUIRE(en.size() == 3);
  CHECK(en[0] == "Partner\tReferrals\tBusiness days without news");
  CHECK(en[1] == "Школа №5\t2\t15");
  CHECK(en[2] == "Колега\t1\t3");
}
