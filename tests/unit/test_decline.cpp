// Decline and refer on (core/decline.hpp, seed 001): the two-of-five rule, the order of the
// steps, the form's required fields, the message in three languages, warnings on made-up
// diagnostic text (and none on near misses), finishing as one undoable step, and statistics
// that never count a justified decline as a lost client.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/decline.hpp"
#include "core/history.hpp"
#include "core/matching.hpp"
#include "core/partners.hpp"
#include "core/referrals.hpp"
#include "core/validate.hpp"
#include "test_support.hpp"

using namespace kolo;
using A = SelfCheckAnswer;

namespace {

Date day(const char* text) { return *parse_date(text); }

// A decline of case 11 with the form filled in and the client told.
Decline complete_decline() {
  Decline d;
  d.case_id = 11;
  d.date = "2026-11-02";
  d.after_first_session = true;
  d.reason = DeclineReason::beyond_competence;
  d.client_told = true;
  d.told_date = "2026-11-02";
  d.client_name_shown = "Анна В.";
  d.reason_detail = "запит поза моїм підходом";
  d.client_request = "стосунки з батьками";
  return d;
}

Decline with_answers(std::vector<A> answers) {
  Decline d;
  d.self_check = std::move(answers);
  return d;
}

// The fields of the warnings, in order.
std::vector<std::string> warned_fields(const Decline& d) {
  std::vector<std::string> out;
  for (const FormWarning& w : form_warnings(d)) out.push_back(w.field);
  return out;
}

std::string error_key(const std::optional<Error>& e) { return e ? e->key : ""; }

// The sample without its decline, the case open with no online limit: a blank slate.
Document plain_document() {
  Document d = test::sample_document();
  d.declines.clear();
  d.cases[0].online_limits.clear();
  return d;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// The model
// ------------------------------------------------------------------------------------------------

TEST_CASE("decline: the sample's decline is valid; a sixth self-check answer is not") {
  Document d = test::sample_document();
  CHECK(validate(d).empty());
  d.declines[0].self_check.resize(kSelfCheckQuestions + 1, A::no);
  const std::vector<Error> errors = validate(d);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].key == "err.too_many_answers");
  CHECK(errors[0].path == "/declines/0/self_check");
}

TEST_CASE("decline: deleting the case deletes its decline; deleting its referral unlinks it") {
  Document d = test::sample_document();
  Store store(d);
  REQUIRE_FALSE(store.apply(delete_command(Table::referrals, 12), 0).has_value());
  REQUIRE(store.doc().declines.size() == 1);
  CHECK(store.doc().declines[0].referral_id == 0);
  REQUIRE(store.undo());
  REQUIRE_FALSE(store.apply(delete_command(Table::cases, 11), 0).has_value());
  CHECK(store.doc().declines.empty());
}

// ------------------------------------------------------------------------------------------------
// Self-check: two or more "yes" of five
// ------------------------------------------------------------------------------------------------

TEST_CASE("self-check: two or more yes of five is justified; not sure suggests supervision") {
  CHECK_FALSE(self_check(with_answers({})).justified);
  CHECK(self_check(with_answers({})).answered == 0);
  CHECK_FALSE(self_check(with_answers({A::yes, A::no, A::no, A::no, A::no})).justified);
  const SelfCheck two = self_check(with_answers({A::no, A::yes, A::unanswered, A::yes}));
  CHECK(two.justified);
  CHECK(two.yes == 2);
  CHECK(two.no == 1);
  CHECK(two.answered == 3);
  CHECK_FALSE(two.suggest_supervision);
  const SelfCheck five = self_check(with_answers({A::yes, A::yes, A::yes, A::yes, A::yes}));
  CHECK(five.justified);
  CHECK(five.yes == 5);
  const SelfCheck doubt = self_check(with_answers({A::yes, A::not_sure}));
  CHECK_FALSE(doubt.justified);
  CHECK(doubt.suggest_supervision);
  CHECK(doubt.not_sure == 1);
  CHECK(self_check(with_answers({A::yes, A::yes, A::not_sure})).suggest_supervision);  // justified, still offered
  // A sixth answer (an invalid record) does not count.
  CHECK(self_check(with_answers({A::no, A::no, A::no, A::no, A::yes, A::yes})).yes == 1);
}

TEST_CASE("self-check: answers are set by question, the list grown as needed") {
  Decline d = with_answer(Decline{}, 3, A::yes);
  CHECK(d.self_check == std::vector<A>{A::unanswered, A::unanswered, A::unanswered, A::yes});
  CHECK(self_check_answer(d, 3) == A::yes);
  CHECK(self_check_answer(d, 4) == A::unanswered);
  CHECK(with_answer(d, kSelfCheckQuestions, A::yes) == d);  // no sixth question
  for (std::size_t i = 0; i < kSelfCheckQuestions; ++i) CHECK(has_key(self_check_question_key(i)));
  CHECK(self_check_question_key(0) == "decline.question.1");
}

// ------------------------------------------------------------------------------------------------
// Steps and the form
// ------------------------------------------------------------------------------------------------

TEST_CASE("steps: the hand-off is not offered before the client is told; finish only with the form complete") {
  Decline d;
  CHECK(step_open(d, DeclineStep::reason));
  CHECK(step_open(d, DeclineStep::self_check));
  CHECK(step_open(d, DeclineStep::tell_client));
  CHECK_FALSE(step_open(d, DeclineStep::hand_off));
  CHECK_FALSE(step_open(d, DeclineStep::finish));
  CHECK(current_step(d) == DeclineStep::tell_client);
  d.client_told = true;
  CHECK(step_open(d, DeclineStep::hand_off));
  CHECK_FALSE(step_open(d, DeclineStep::finish));
  CHECK(current_step(d) == DeclineStep::hand_off);
  d = complete_decline();
  CHECK(step_open(d, DeclineStep::finish));
  CHECK(current_step(d) == DeclineStep::finish);
  d.finished = "2026-11-03";
  CHECK_FALSE(step_open(d, DeclineStep::finish));  // once
}

TEST_CASE("form: each missing required field is named, in form order") {
  CHECK(missing_fields(complete_decline()).empty());
  CHECK(missing_fields(Decline{}) ==
        std::vector<std::string>{"client_name_shown", "reason_detail", "client_request", "client_told"});
  Decline d = complete_decline();
  d.client_name_shown = "  ";
  CHECK(missing_fields(d) == std::vector<std::string>{"client_name_shown"});
  d = complete_decline();
  d.reason_detail = "\n";
  CHECK(missing_fields(d) == std::vector<std::string>{"reason_detail"});
  d = complete_decline();
  d.client_request.clear();
  CHECK(missing_fields(d) == std::vector<std::string>{"client_request"});
  d.request_confidential = true;  // a confidential request is not asked for
  CHECK(missing_fields(d).empty());
  d = complete_decline();
  d.client_told = false;
  CHECK(missing_fields(d) == std::vector<std::string>{"client_told"});
  for (const std::string& f : missing_fields(Decline{})) CHECK(has_key("field." + f));
}

// ------------------------------------------------------------------------------------------------
// The message
// ------------------------------------------------------------------------------------------------

TEST_CASE("message: the seed's two templates in three languages, with the practice's own next steps") {
  Decline d;
  Profile profile;
  profile.decline_next_steps = "  Я напишу вам до п'ятниці.  ";
  d.reason = DeclineReason::request_not_taken;
  const std::string uk = client_message(d, &profile, Lang::uk);
  CHECK(uk.find("Дякую вам за нашу зустріч.") == 0);
  CHECK(uk.find("з іншим досвідом / в іншому підході") != std::string::npos);
  CHECK(uk.find("\n\nЯ напишу вам до п'ятниці.\n\n") != std::string::npos);  // trimmed, in its place
  CHECK(uk.find("3 робочих днів") == std::string::npos);                   // no platform text
  CHECK(uk.find("баланс") == std::string::npos);
  CHECK(uk.ends_with("Дякую за розуміння та довіру."));
  d.reason = DeclineReason::personal_trigger;
  const std::string personal = client_message(d, &profile, Lang::uk);
  CHECK(personal.find("інший спеціаліст зможе запропонувати вам більш відповідний формат") != std::string::npos);
  CHECK(personal.find("Я напишу вам до п'ятниці.") != std::string::npos);
  // Without the practice's wording: the neutral default, in each language.
  const std::string ru = client_message(d, nullptr, Lang::ru);
  CHECK(ru.find("Спасибо вам за нашу встречу.") == 0);
  CHECK(ru.find(tr("decline.message.next_steps_default", Lang::ru)) != std::string::npos);
  profile.decline_next_steps = " \n ";
  const std::string en = client_message(d, &profile, Lang::en);
  CHECK(en.find("Thank you for our meeting.") == 0);
  CHECK(en.find("another specialist") != std::string::npos);
  CHECK(en.find(tr("decline.message.next_steps_default", Lang::en)) != std::string::npos);
  d.reason = DeclineReason::psychiatrist_needed;
  CHECK(client_message(d, nullptr, Lang::en).find("different experience or in a different approach") != std::string::npos);
  // Each reason falls in the group its template is for.
  CHECK(message_group(DeclineReason::beyond_competence) == MessageGroup::competence);
  CHECK(message_group(DeclineReason::boundaries_broken) == MessageGroup::personal);
  CHECK(message_group(DeclineReason::other_ethical) == MessageGroup::personal);
  // A new decline drafts its message from the document's profile.
  const Document doc = test::sample_document();
  const Decline fresh = make_decline(doc, doc.cases[0], Lang::uk, day("2026-11-02"));
  CHECK(fresh.case_id == 11);
  CHECK(fresh.date == "2026-11-02");
  CHECK(fresh.client_name_shown.empty());  // never the alias
  CHECK(fresh.message.find(doc.profiles[0].decline_next_steps) != std::string::npos);
}

// ------------------------------------------------------------------------------------------------
// Warnings
// ------------------------------------------------------------------------------------------------

TEST_CASE("warnings: made-up diagnostic text in uk, ru and en, and ICD-10/11 codes, with the field of each") {
  Decline d = complete_decline();
  d.reason_detail = "Має діагноз, приймає сертралін";
  d.session_findings = "подозрение на биполярное расстройство";
  d.behaviour_notes = "history of PTSD";
  d.clarified_reason = "F32.1 за МКХ-10";
  d.next_match_nuances = "код 6A70 (ICD-11), раніше 6B40";
  const std::vector<FormWarning> w = form_warnings(d);
  CHECK(warned_fields(d) == std::vector<std::string>{"reason_detail", "reason_detail", "clarified_reason",
                                                     "clarified_reason", "session_findings", "session_findings",
                                                     "behaviour_notes", "next_match_nuances", "next_match_nuances",
                                                     "next_match_nuances"});
  std::vector<std::string> terms;
  for (const FormWarning& x : w) terms.push_back(x.hit.term);
  CHECK(terms == std::vector<std::string>{"діагноз", "сертралін", "F32.1", "МКХ", "биполярное", "расстройство", "PTSD",
                                          "6A70", "ICD", "6B40"});
  CHECK(w[1].hit.kind == Sensitive::medication);
  // The offsets point into the field's own text.
  CHECK(d.next_match_nuances.substr(w[7].hit.offset, w[7].hit.length) == "6A70");
  // The message travels too; a phone in the name is identifying.
  d = complete_decline();
  d.message = "Ваш діагноз тут ні до чого.";
  d.client_name_shown = "Анна +380 67 123 45 67";
  CHECK(warned_fields(d) == std::vector<std::string>{"client_name_shown", "message"});
  // The therapist's own supervision note does not travel.
  d = complete_decline();
  d.supervision_note = "депресія?";
  CHECK(form_warnings(d).empty());
}

TEST_CASE("warnings: near misses do not warn") {
  Decline d = complete_decline();
  d.reason_detail = "Запит поза моїм підходом: потрібна робота з родиною, а я працюю індивідуально.";
  d.client_request = "розладнані стосунки з батьками; хоче навчитися казати «ні»";
  d.session_findings = "Зустріч 2026-11-25 о 10:00, кабінет 6A, 16A70 у журналі, серія 6F10 і 6A701, 6 A70";
  d.behaviour_notes = "очікує порад, директивного стилю; психологиня-консультантка підійде";
  d.next_match_nuances = "Prefers a psychologist who works with families; room 6B, level 6, 60 minutes";
  d.clarified_reason = "окремо від батьків, окраїна міста; розлучення батьків";
  d.message = client_message(d, nullptr, Lang::uk);
  CAPTURE(warned_fields(d).size());
  CHECK(form_warnings(d).empty());
  d.message = client_message(d, nullptr, Lang::ru);
  CHECK(form_warnings(d).empty());
  d.message = client_message(d, nullptr, Lang::en);
  CHECK(form_warnings(d).empty());
}

// ------------------------------------------------------------------------------------------------
// The printable form
// ------------------------------------------------------------------------------------------------

TEST_CASE("form: text and HTML carry the name as typed, never the alias, escaped, in the language") {
  Document doc = test::sample_document();
  Decline d = doc.declines[0];
  d.client_name_shown = "Анна <b>&";
  d.request_confidential = true;
  const std::string text = form_text(doc, d, Lang::uk);
  CHECK(text.find("Передача клієнта (відмова)") == 0);
  CHECK(text.find("Анна <b>&") != std::string::npos);
  CHECK(text.find(doc.cases[0].alias) == std::string::npos);
  CHECK(text.find("конфіденційно") != std::string::npos);
  CHECK(text.find("житло і підтримка") == std::string::npos);  // a confidential request stays out
  CHECK(text.find("так, 2 лютого 2025") != std::string::npos);
  CHECK(text.find("Інші деталі") != std::string::npos);
  CHECK(text.find("очікує директивної допомоги") != std::string::npos);
  CHECK(text.find("Fund \"Warm Home\" — Кризове житло") != std::string::npos);  // where the client went
  CHECK(text.find("обговорити на груповій супервізії") == std::string::npos);   // the note stays private
  const std::string html = form_html(doc, d, Lang::en);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("Анна &lt;b&gt;&amp;") != std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("Client hand-off (decline)") != std::string::npos);
  CHECK(html.find(doc.cases[0].alias) == std::string::npos);
  // Nothing optional: no details section.
  Decline bare = complete_decline();
  CHECK(form_text(doc, bare, Lang::ru).find(tr("decline.form.details", Lang::ru)) == std::string::npos);
}

// ------------------------------------------------------------------------------------------------
// Where it leads
// ------------------------------------------------------------------------------------------------

TEST_CASE("where it leads: online limits, psychiatrists of the network, hints for the next match") {
  Document doc = plain_document();
  CHECK_FALSE(online_limits_require(doc.cases[0]));
  doc.cases[0].online_limits = {OnlineLimit::suicidal_risk};
  CHECK(online_limits_require(doc.cases[0]));

  const auto psychiatrist = [](Id id, const char* name, Stage stage) {
    Partner p;
    p.id = id, p.name = name, p.kind = PartnerKind::psychiatrist, p.stage = stage;
    return p;
  };
  doc.partners.push_back(psychiatrist(20, "Психіатриня Б", Stage::active));
  doc.partners.push_back(psychiatrist(21, "Психіатр А", Stage::met));
  doc.partners.push_back(psychiatrist(22, "Психіатр В", Stage::dormant));
  CHECK(network_psychiatrists(doc) == std::vector<Id>{21, 20});

  Decline a = complete_decline();
  a.id = 30;
  a.reason = DeclineReason::request_not_taken;
  a.request_kind = " Житло ";
  Decline b = a;
  b.id = 31;
  b.request_kind = "житло";  // the same kind again
  Decline c = a;
  c.id = 32;
  c.reason = DeclineReason::psychiatrist_needed;
  c.request_kind = "ignored for this reason";
  doc.declines = {a, b, c};
  const DeclineHints h = decline_hints(doc, doc.cases[0]);
  CHECK(h.request_kinds == std::vector<std::string>{"Житло"});
  CHECK(h.psychiatrist);
  CHECK(h.in_person);
  CHECK(h.came_from.empty());
  CHECK(takes_request(doc, doc.services[0], "житло"));        // "Кризове житло"
  CHECK(takes_request(doc, doc.services[0], "HOUSING"));      // its need tag
  CHECK_FALSE(takes_request(doc, doc.services[1], "житло"));  // a support group
  CHECK_FALSE(takes_request(doc, doc.services[1], " "));
}

TEST_CASE("finish: one undoable step; the decline finished, the referral on made, the referral in re-routed") {
  Document doc = plain_document();
  // The client came in from the school (partner 3) by an open referral in.
  Referral in = make_referral_in(doc.cases[0], 3, day("2026-10-20"));
  in.id = 16;
  doc.referrals.push_back(in);
  doc.next_id = 17;
  Store store(doc);
  const Document before = store.doc();
  Decline d = complete_decline();
  const Id ref = store.reserve_ids(1);
  Command cmd;
  REQUIRE_FALSE(finish_command(store.doc(), d, 7, ref, Lang::uk, day("2026-11-03"), &cmd).has_value());
  CHECK(cmd.name_key == "cmd.finish_decline");
  CHECK(has_key(cmd.name_key));
  REQUIRE_FALSE(store.apply(cmd, 0).has_value());
  const Document after = store.doc();
  REQUIRE(after.declines.size() == 1);
  const Decline& done = after.declines[0];
  CHECK(done.finished == "2026-11-03");
  CHECK(done.referral_id == ref);
  const Referral* out = find_record<Referral>(after, ref);
  REQUIRE(out);
  CHECK(out->direction == Direction::out);
  CHECK(out->service_id == 7);
  CHECK(out->partner_id == 6);
  CHECK(out->status == ReferralStatus::draft);
  CHECK(out->client_informed);
  CHECK(out->reason.find("запит поза моїм підходом") != std::string::npos);
  CHECK(out->reason.find(tr("decline_reason.beyond_competence", Lang::uk)) == 0);
  CHECK(out->rerouted_from == 16);
  CHECK(find_record<Referral>(after, 16)->status == ReferralStatus::re_routed);
  CHECK(after.cases[0].declined_by == before.cases[0].declined_by);  // the user is not a partner
  CHECK(after.cases[0].closed.empty());
  // One undo takes it all back; redo brings it all again.
  for (int round = 0; round < 2; ++round) {
    REQUIRE(store.undo());
    CHECK(test::same_tables(store.doc(), before));
    REQUIRE(store.redo());
    CHECK(test::same_tables(store.doc(), after));
  }
  CHECK(store.undo_depth() == 1);
  // Finished once only.
  CHECK(error_key(finish_command(store.doc(), done, 0, 0, Lang::uk, day("2026-11-04"), &cmd)) == "err.decline_finished");
}

TEST_CASE("finish: without a service only the decline; refused while incomplete or on a closed case") {
  Document doc = plain_document();
  Command cmd;
  Decline d = complete_decline();
  REQUIRE_FALSE(finish_command(doc, d, 0, 0, Lang::en, day("2026-11-03"), &cmd).has_value());
  Store store(doc);
  REQUIRE_FALSE(store.apply(cmd, 0).has_value());
  REQUIRE(store.doc().declines.size() == 1);
  CHECK(store.doc().declines[0].referral_id == 0);
  CHECK(store.doc().referrals == doc.referrals);

  d.client_told = false;
  std::optional<Error> e = finish_command(doc, d, 0, 0, Lang::en, day("2026-11-03"), &cmd);
  REQUIRE(e);
  CHECK(e->key == "err.decline_incomplete");
  CHECK(e->args == std::vector<std::string>{"1"});
  d = complete_decline();
  CHECK(error_key(finish_command(doc, d, 999, 50, Lang::en, day("2026-11-03"), &cmd)) == "err.not_found");
  CHECK(error_key(finish_command(doc, d, 7, 0, Lang::en, day("2026-11-03"), &cmd)) == "err.bad_id");
  d.case_id = 999;
  CHECK(error_key(finish_command(doc, d, 0, 0, Lang::en, day("2026-11-03"), &cmd)) == "err.missing_ref");
  d = complete_decline();
  doc.cases[0].closed = "2026-11-01";
  CHECK(error_key(finish_command(doc, d, 7, 50, Lang::en, day("2026-11-03"), &cmd)) == "err.case_closed");
  for (const char* key : {"err.decline_incomplete", "err.decline_finished", "err.case_closed", "err.too_many_answers"})
    CHECK(has_key(key));
}

// ------------------------------------------------------------------------------------------------
// Statistics
// ------------------------------------------------------------------------------------------------

namespace {

// Case 11 (the sample's) declined after a first session and closed, its referral ending with the
// client's own ending: lost, unless the decline protects it.
Document abandoned(Decline d) {
  Document doc = plain_document();
  doc.referrals[0].status = ReferralStatus::client_refused;
  doc.cases[0].closed = "2026-11-10";
  doc.cases[0].outcome = "client stopped answering";
  d.id = 16;
  d.finished = "2026-11-03";
  doc.declines = {d};
  doc.next_id = 17;
  return doc;
}

}  // namespace

TEST_CASE("statistics: a justified decline after a first session is not a lost client; an unjustified one is") {
  Decline justified = complete_decline();
  justified.self_check = {A::yes, A::yes, A::no};
  Document doc = abandoned(justified);
  REQUIRE(validate(doc).empty());
  CHECK(protects_statistics(doc, doc.declines[0]));
  ClientStats s = client_stats(doc);
  CHECK(s.clients == 1);
  CHECK(s.referred_on == 1);
  CHECK(s.closed_well == 0);
  CHECK(s.declined == 1);
  CHECK(s.declined_protected == 1);
  CHECK(s.lost == 0);

  Decline unjustified = complete_decline();
  unjustified.self_check = {A::yes, A::no, A::not_sure};
  doc = abandoned(unjustified);
  CHECK_FALSE(protects_statistics(doc, doc.declines[0]));
  s = client_stats(doc);
  CHECK(s.declined == 1);
  CHECK(s.declined_protected == 0);
  CHECK(s.lost == 1);

  // Before the first session: not protected by the self-check ...
  justified.after_first_session = false;
  doc = abandoned(justified);
  CHECK(client_stats(doc).lost == 1);
  // ... but an online limit makes the decline necessary, first session or not.
  doc.cases[0].online_limits = {OnlineLimit::expects_medication};
  CHECK(client_stats(doc).lost == 0);
  // The therapist's safety comes first: boundaries broken needs no self-check.
  Decline safety = complete_decline();
  safety.reason = DeclineReason::boundaries_broken;
  CHECK(client_stats(abandoned(safety)).lost == 0);
  // Not finished, or the client not told: no protection.
  doc = abandoned(justified);
  doc.declines[0].after_first_session = true;
  doc.declines[0].client_told = false;
  CHECK_FALSE(protects_statistics(doc, doc.declines[0]));
  doc.declines[0].client_told = true;
  doc.declines[0].finished.clear();
  CHECK_FALSE(protects_statistics(doc, doc.declines[0]));
  CHECK(client_stats(doc).declined == 0);
}

TEST_CASE("statistics: lost, closed well and referred on without declines") {
  Document doc = plain_document();
  ClientStats s = client_stats(doc);  // a case with a sent referral under way
  CHECK(s.clients == 1);
  CHECK(s.referred_on == 1);
  CHECK(s.lost == 0);
  doc.referrals[0].status = ReferralStatus::closed;
  s = client_stats(doc);
  CHECK(s.closed_well == 1);
  CHECK(s.lost == 0);
  doc.referrals[0].status = ReferralStatus::no_show;  // every referral ended with the client's ending
  CHECK(client_stats(doc).lost == 1);
  doc.referrals[0].status = ReferralStatus::no_capacity;  // the partner's ending: not the client's loss yet
  CHECK(client_stats(doc).lost == 0);
  doc.referrals[0].status = ReferralStatus::draft;  // never sent
  CHECK(client_stats(doc).referred_on == 0);
}

TEST_CASE("statistics: a decline's referral counts against no partner and nobody in matching or the directory") {
  Document doc = plain_document();
  doc.referrals.clear();  // case 11 starts with no history with anyone
  doc.events[0].referral_ids.clear();
  Referral in = make_referral_in(doc.cases[0], 3, day("2026-10-20"));
  in.id = 16;
  doc.referrals.push_back(in);
  doc.next_id = 17;
  Store store(doc);
  const MatchResult before = match_services(store.doc(), store.doc().cases[0]);

  Decline d = complete_decline();
  d.self_check = {A::yes, A::yes};
  const Id ref = store.reserve_ids(1);
  Command cmd;
  REQUIRE_FALSE(finish_command(store.doc(), d, 7, ref, Lang::en, day("2026-11-03"), &cmd).has_value());
  REQUIRE_FALSE(store.apply(cmd, 0).has_value());
  const Document& after = store.doc();

  // Matching: the decline excludes nobody and leaves every partner's earlier endings as they were.
  CHECK(excluded_partners(after, after.cases[0]) == excluded_partners(doc, doc.cases[0]));
  const MatchResult now = match_services(after, after.cases[0]);
  REQUIRE(now.ranked.size() == before.ranked.size());
  for (const Match& m : now.ranked) {
    CHECK(m.earlier_ended == 0);
    CHECK(m.earlier_well == 0);
  }
  CHECK(now.excluded == before.excluded);
  // The hint: the school sent the client, and the decline re-routed that referral.
  CHECK(decline_hints(after, after.cases[0]).came_from == std::vector<Id>{3});

  // The directory: one referral out of the shelter's partner, the school's one referral in kept.
  Directory dir;
  dir.refresh(after, store.index(), store.revision(), day("2026-11-03"));
  const std::ptrdiff_t school = index_of(after.partners, 3), fund = index_of(after.partners, 6);
  CHECK(dir.facts(static_cast<std::size_t>(school)).referrals_in == 1);
  CHECK(dir.facts(static_cast<std::size_t>(school)).referrals_out == 0);
  CHECK(dir.facts(static_cast<std::size_t>(fund)).referrals_out == 1);
  CHECK(dir.facts(static_cast<std::size_t>(fund)).referrals_in == 0);

  // Client figures: referred on once the referral is sent; the re-routed referral in and the
  // draft are not a loss; nor is a closed case afterwards, since the decline was justified.
  ClientStats s = client_stats(after);
  CHECK(s.referred_on == 0);
  CHECK(s.declined_protected == 1);
  CHECK(s.lost == 0);
  Document closed = after;
  Referral& out = closed.referrals[static_cast<std::size_t>(index_of(closed.referrals, ref))];
  out = moved(out, ReferralStatus::sent, day("2026-11-04"), "", "");
  CHECK(client_stats(closed).referred_on == 1);
  out = moved(out, ReferralStatus::client_refused, day("2026-11-20"), "", "");
  closed.cases[0].closed = "2026-11-21";
  s = client_stats(closed);
  CHECK(s.lost == 0);
  CHECK(s.declined_protected == 1);
}
