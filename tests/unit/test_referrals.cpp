// Referrals that cannot silently drop out of sight (core/referrals.hpp): the status paths, dated
// history, re-routing as one undoable step, no-news reminders in business days, and closing a
// case only with an outcome and no referral still under way.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/history.hpp"
#include "core/referrals.hpp"
#include "core/validate.hpp"
#include "test_support.hpp"

using namespace kolo;
using S = ReferralStatus;

namespace {

Date day(const char* text) { return *parse_date(text); }

// A referral that was sent on `sent` (a draft the day before), to `partner`.
Referral sent_referral(Id id, Id partner, const char* sent, Id case_id = 11) {
  Referral r;
  r.id = id;
  r.case_id = case_id;
  r.partner_id = partner;
  r.status = S::sent;
  r.history = {{S::draft, sent, ""}, {S::sent, sent, ""}};
  return r;
}

bool can_move(const Referral& r, S to, const char* outcome = "") { return !check_move(r, to, outcome).has_value(); }

std::string error_key(const std::optional<Error>& e) { return e ? e->key : ""; }

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] statuses
// ------------------------------------------------------------------------------------------------

TEST_CASE("referral path: draft -> sent -> accepted -> first appointment -> in service -> closed, each step dated") {
  Document d = test::sample_document();
  const Case& c = d.cases.at(0);
  Referral r = make_referral(d, c, d.services.at(0), Lang::en, day("2026-11-02"));
  CHECK(r.status == S::draft);
  const struct {
    S to;
    const char* date;
  } steps[] = {{S::sent, "2026-11-03"}, {S::accepted, "2026-11-05"}, {S::first_appointment, "2026-11-10"},
               {S::in_service, "2026-11-17"}};
  for (const auto& step : steps) {
    CAPTURE(to_string(step.to));
    REQUIRE(can_move(r, step.to));
    r = moved(r, step.to, day(step.date), "", "");
    CHECK(r.status == step.to);
    CHECK(r.history.back() == StatusChange{step.to, step.date, ""});
    CHECK(last_news(r) == step.date);
  }
  // Closing needs its outcome.
  CHECK(error_key(check_move(r, S::closed, "")) == "err.outcome_required");
  CHECK(error_key(check_move(r, S::closed, "  \n")) == "err.outcome_required");
  REQUIRE(can_move(r, S::closed, "attended 8 sessions, housing found"));
  r = moved(r, S::closed, day("2026-12-20"), "attended 8 sessions, housing found", "final call");
  CHECK(r.outcome == "attended 8 sessions, housing found");
  CHECK(r.history.back() == StatusChange{S::closed, "2026-12-20", "final call"});
  CHECK(r.history.size() == 6);  // draft and the five moves: nothing lost
}

TEST_CASE("referral statuses: forward steps may be skipped, never taken back; same status refused") {
  Referral r = sent_referral(1, 6, "2026-11-20");
  CHECK(can_move(r, S::first_appointment));  // accepted on the phone and booked at once
  CHECK(error_key(check_move(r, S::sent, "")) == "err.referral_same_status");
  r = moved(r, S::accepted, day("2026-11-21"), "", "");
  CHECK(error_key(check_move(r, S::sent, "")) == "err.referral_bad_move");
  CHECK(error_key(check_move(r, S::draft, "")) == "err.referral_bad_move");
  const std::vector<S> menu = next_statuses(r);
  const std::vector<S> expected = {S::first_appointment, S::in_service, S::closed,     S::declined,
                                   S::no_show,           S::client_refused, S::no_capacity, S::not_eligible,
                                   S::could_not_contact, S::re_routed};
  CHECK(menu == expected);
}

TEST_CASE("referral endings: reachable from every open status; re-routing goes through its command") {
  const S open[] = {S::draft, S::sent, S::accepted, S::first_appointment, S::in_service};
  const S endings[] = {S::declined, S::no_show, S::client_refused, S::no_capacity, S::not_eligible,
                       S::could_not_contact};
  for (S from : open) {
    Referral r = sent_referral(1, 6, "2026-11-20");
    r.status = from;
    CAPTURE(to_string(from));
    CHECK(is_open(from));
    for (S to : endings) {
      CAPTURE(to_string(to));
      CHECK(is_ending(to));
      CHECK(can_move(r, to));  // no outcome needed: the status says how it ended
    }
    CHECK(can_move(r, S::closed, "done"));
    CHECK(error_key(check_move(r, S::re_routed, "other service")) == "err.reroute_use_command");
  }
}

TEST_CASE("an ended referral can only be reopened, to the status it ended from") {
  Referral r = sent_referral(1, 6, "2026-11-20");
  r = moved(r, S::accepted, day("2026-11-23"), "", "");
  r = with_news(r, day("2026-11-24"), "waiting list until December");
  r = moved(r, S::no_capacity, day("2026-11-25"), "", "no places till January");
  CHECK(next_statuses(r) == std::vector<S>{S::accepted});
  for (S to : all_values<S>()) {
    if (to == S::accepted || to == S::no_capacity) continue;
    CAPTURE(to_string(to));
    CHECK(error_key(check_move(r, to, "some outcome")) == "err.referral_bad_move");
  }
  REQUIRE(can_move(r, S::accepted));
  r = moved(r, S::accepted, day("2026-12-01"), "", "a place opened");
  CHECK(r.status == S::accepted);
  CHECK(r.history.back() == StatusChange{S::accepted, "2026-12-01", "a place opened"});
  // A closed one reopens too: the outcome it had is kept in the history, and a later ending
  // starts without it.
  r = moved(r, S::closed, day("2026-12-10"), "finished", "");
  CHECK(next_statuses(r) == std::vector<S>{S::accepted});
  r = moved(r, S::accepted, day("2026-12-11"), "", "");
  CHECK(r.outcome.empty());
  CHECK(r.history.back() == StatusChange{S::accepted, "2026-12-11", "finished"});
  r = moved(r, S::closed, day("2026-12-12"), "", "");
  CHECK(r.outcome.empty());
}

TEST_CASE("news without a change of status is dated in the history and restarts the clock") {
  Referral r = sent_referral(1, 6, "2026-11-20");
  r = with_news(r, day("2026-11-25"), "called them: on the waiting list");
  CHECK(r.status == S::sent);
  CHECK(r.history.back() == StatusChange{S::sent, "2026-11-25", "called them: on the waiting list"});
  CHECK(last_news(r) == "2026-11-25");
  CHECK(last_news(Referral{}) == "");
}

// ------------------------------------------------------------------------------------------------
// [SECTION] making and moving
// ------------------------------------------------------------------------------------------------

TEST_CASE("a referral made from a case and a service keeps what the client was told, and drafts the letter") {
  Document d = test::sample_document();
  const Service& shelter = d.services.at(0);
  Referral r = make_referral(d, d.cases.at(0), shelter, Lang::ru, day("2026-11-02"));
  CHECK(r.id == 0);
  CHECK(r.direction == Direction::out);
  CHECK(r.case_id == 11);
  CHECK(r.partner_id == shelter.partner_id);
  CHECK(r.service_id == shelter.id);
  CHECK(r.history == std::vector<StatusChange>{{S::draft, "2026-11-02", ""}});
  CHECK(r.told_content == "до 3 місяців");
  CHECK(r.told_access == "дзвінок координатору");
  CHECK(r.told_hours == "пн-пт");
  CHECK(r.told_specialist == "Марія");
  CHECK(r.letter_language == "ru");
  CHECK(r.letter_problem.find("Жильё") != std::string::npos);  // the need labels in Russian
  CHECK(r.letter_recommendations.find("Кризове житло") != std::string::npos);
  // Kept as said even when the service changes later.
  d.services.at(0).access_rules = "online form";
  CHECK(r.told_access == "дзвінок координатору");
  // Added through a command, it is valid in the document.
  Store store(d);
  REQUIRE_FALSE(store.apply(put_command(r), 0).has_value());
  CHECK(store.doc().referrals.back().told_specialist == "Марія");

  Referral in = make_referral_in(d.cases.at(0), 3, day("2026-11-04"));
  CHECK(in.direction == Direction::in);
  CHECK(in.partner_id == 3);
  CHECK(in.status == S::sent);
  CHECK(in.history == std::vector<StatusChange>{{S::sent, "2026-11-04", ""}});
}

TEST_CASE("re-routing is one undoable step: the old referral ends re-routed, a new draft replaces it") {
  Store store(test::sample_document());
  const Document before = store.doc();
  Service group = before.services.at(1);  // another partner's service
  Command reroute;
  REQUIRE_FALSE(reroute_command(before, 12, group, Lang::uk, day("2026-11-24"), "no places until spring", &reroute)
                    .has_value());
  CHECK(reroute.name_key == "cmd.reroute_referral");
  REQUIRE_FALSE(store.apply(reroute, 10).has_value());
  const Document after = store.doc();
  REQUIRE(after.referrals.size() == 2);
  const Referral& old = after.referrals.at(0);
  const Referral& next = after.referrals.at(1);
  CHECK(old.status == S::re_routed);
  CHECK(old.outcome == "no places until spring");
  CHECK(old.history.back() == StatusChange{S::re_routed, "2026-11-24", ""});
  CHECK(next.id > 12);
  CHECK(next.rerouted_from == 12);
  CHECK(next.status == S::draft);
  CHECK(next.partner_id == group.partner_id);
  CHECK(next.service_id == group.id);
  CHECK(next.case_id == old.case_id);
  CHECK(validate(after).empty());
  CHECK(store.undo_depth() == 1);  // one step
  for (int round = 0; round < 2; ++round) {
    REQUIRE(store.undo());
    CHECK(test::same_tables(store.doc(), before));
    REQUIRE(store.redo());
    CHECK(test::same_tables(store.doc(), after));
  }
  // An ended referral is not re-routed again; a missing one is an error.
  Command again;
  CHECK(error_key(reroute_command(after, 12, group, Lang::uk, day("2026-11-25"), "x", &again)) == "err.referral_bad_move");
  CHECK(error_key(reroute_command(after, 999, group, Lang::uk, day("2026-11-25"), "x", &again)) == "err.not_found");
}

// ------------------------------------------------------------------------------------------------
// [SECTION] no news
// ------------------------------------------------------------------------------------------------

TEST_CASE("business days between two dates skip the weekend") {
  CHECK(business_days_between(day("2026-11-20"), day("2026-11-23")) == 1);  // Friday -> Monday
  CHECK(business_days_between(day("2026-11-20"), day("2026-11-24")) == 2);
  CHECK(business_days_between(day("2026-11-20"), day("2026-11-20")) == 0);
  CHECK(business_days_between(day("2026-11-24"), day("2026-11-20")) == 0);
  CHECK(business_days_between(day("2026-11-21"), day("2026-11-22")) == 0);  // Saturday -> Sunday
  CHECK(business_days_between(day("2026-11-20"), day("2026-12-10")) == 14);
  CHECK(business_days_between(day("2026-11-02"), day("2027-11-01")) == 260);  // a year of weeks
  // Agrees with add_business_days.
  for (int n = 0; n < 30; ++n) CHECK(business_days_between(day("2026-11-20"), add_business_days(day("2026-11-20"), n)) == n);
}

TEST_CASE("no news: a referral sent on Friday is due on Tuesday with the default 2 business days, not on Monday") {
  Document d = test::sample_document();
  d.partners.at(1).news_days = 0;  // the default
  d.referrals = {sent_referral(12, 6, "2026-11-20")};
  CHECK(referrals_without_news(d, day("2026-11-20")).empty());
  CHECK(referrals_without_news(d, day("2026-11-22")).empty());  // Sunday
  CHECK(referrals_without_news(d, day("2026-11-23")).empty());  // Monday: 1 business day
  const std::vector<Silence> tuesday = referrals_without_news(d, day("2026-11-24"));
  REQUIRE(tuesday.size() == 1);
  CHECK(tuesday[0].referral == 0);
  CHECK(tuesday[0].business_days == 2);
  CHECK(tuesday[0].since == "2026-11-20");
  CHECK_FALSE(tuesday[0].long_silence);
  // News resets the clock.
  d.referrals[0] = with_news(d.referrals[0], day("2026-11-24"), "called: waiting list");
  CHECK(referrals_without_news(d, day("2026-11-25")).empty());
  CHECK(referrals_without_news(d, day("2026-11-26")).size() == 1);
}

TEST_CASE("no news: the partner's own days are respected, in service waits 14, long silences first, ended never") {
  Document d = test::sample_document();
  d.partners.at(1).news_days = 5;  // the fund answers slowly
  d.partners.at(0).news_days = 0;
  Referral fund = sent_referral(20, 6, "2026-11-20");
  Referral school = sent_referral(21, 3, "2026-11-20");
  Referral in_service = sent_referral(22, 3, "2026-11-20");
  in_service = moved(in_service, S::in_service, day("2026-11-20"), "", "");
  Referral ended = sent_referral(23, 3, "2026-10-01");
  ended = moved(ended, S::declined, day("2026-10-01"), "", "");
  Referral quiet = sent_referral(24, 3, "2026-11-02");  // silent for weeks
  Referral in = make_referral_in(d.cases.at(0), 6, day("2026-11-20"));
  in.id = 25;
  d.referrals = {fund, school, in_service, ended, quiet, in};

  const auto ids = [&](const std::vector<Silence>& list) {
    std::vector<Id> out;
    for (const Silence& s : list) out.push_back(d.referrals[s.referral].id);
    return out;
  };
  // Tuesday 24th: 2 business days. The school's default is due, the fund (5) is not yet.
  CHECK(ids(referrals_without_news(d, day("2026-11-24"))) == std::vector<Id>{24, 21});
  // Friday 27th: 5 business days: the fund's referrals, out and in, are due too.
  CHECK(ids(referrals_without_news(d, day("2026-11-27"))) == std::vector<Id>{24, 20, 21, 25});
  // Wednesday 9 December: 13 business days; the quiet one is a long silence and comes first.
  std::vector<Silence> dec9 = referrals_without_news(d, day("2026-12-09"));
  CHECK(ids(dec9) == std::vector<Id>{24, 20, 21, 25});
  CHECK(dec9[0].long_silence);
  CHECK(dec9[0].business_days == 27);
  CHECK_FALSE(dec9[1].long_silence);
  // Thursday 10 December: 14 business days; in service is reminded only now, marked.
  std::vector<Silence> dec10 = referrals_without_news(d, day("2026-12-10"));
  CHECK(ids(dec10) == std::vector<Id>{24, 20, 21, 22, 25});
  for (const Silence& s : dec10) {
    CAPTURE(d.referrals[s.referral].id);
    CHECK(s.long_silence);
  }
  CHECK(ids(referrals_without_news(d, day("2027-06-01"))).size() == 5);  // the declined one never
}

// ------------------------------------------------------------------------------------------------
// [SECTION] cases
// ------------------------------------------------------------------------------------------------

TEST_CASE("closing a case needs an outcome and no referral still under way; reopening keeps the outcome") {
  Document d = test::sample_document();
  Case c = d.cases.at(0);
  CHECK(error_key(check_close_case(d, c, "")) == "err.outcome_required");
  const std::optional<Error> open = check_close_case(d, c, "housing found");
  CHECK(error_key(open) == "err.case_open_referrals");
  REQUIRE(open);
  CHECK(open->args == std::vector<std::string>{"1"});
  CHECK(describe(*open, Lang::en).find('1') != std::string::npos);
  // Another case's open referral does not hold this one.
  d.referrals.at(0) = moved(d.referrals.at(0), S::closed, day("2026-11-30"), "placed", "");
  Referral other = sent_referral(30, 6, "2026-11-20", 99);
  d.referrals.push_back(other);
  CHECK_FALSE(check_close_case(d, c, "housing found").has_value());

  c = closed_case(c, day("2026-12-01"), "housing found");
  CHECK(c.closed == "2026-12-01");
  CHECK(c.outcome == "housing found");
  c = reopened_case(c);
  CHECK(c.closed.empty());
  CHECK(c.outcome == "housing found");
  CHECK(needs_referral(c));  // the sample case has an online-work limit
  c.online_limits.clear();
  CHECK_FALSE(needs_referral(c));
}

TEST_CASE("every referral error reads in all three languages") {
  for (const char* key : {"err.referral_same_status", "err.referral_bad_move", "err.outcome_required",
                          "err.reroute_use_command", "err.case_open_referrals", "cmd.reroute_referral"}) {
    CAPTURE(key);
    for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) CHECK(std::string(tr(key, lang)) != key);
    CHECK(std::string(tr(key, Lang::uk)) != tr(key, Lang::en));
  }
}
