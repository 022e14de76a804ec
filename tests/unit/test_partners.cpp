// The partner network's queries (core/partners.hpp): keep-in-touch arithmetic, the directory's
// filters and sort, duplicates, merge, the pipeline, the outreach planner's ranking and today.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/commands.hpp"
#include "core/history.hpp"
#include "core/partners.hpp"
#include "core/validate.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {

Date day(const char* text) { return *parse_date(text); }

Partner partner(Id id, const char* name, PartnerKind kind = PartnerKind::other, Stage stage = Stage::met) {
  Partner p;
  p.id = id;
  p.name = name;
  p.kind = kind;
  p.stage = stage;
  return p;
}

Interaction contact(Id id, Id partner_id, const char* date) {
  Interaction i;
  i.id = id;
  i.partner_id = partner_id;
  i.date = date;
  return i;
}

std::vector<std::string> names(const Document& d, const std::vector<int>& rows) {
  std::vector<std::string> out;
  for (int r : rows) out.push_back(d.partners[static_cast<std::size_t>(r)].name);
  return out;
}

}  // namespace

TEST_CASE("a cadence: the partner's own wins over its tags, the shortest tag wins, the longest gap defaults to 1.5x") {
  std::vector<Cadence> cadences = {{1, "Schools", 30, 45}, {2, "priority", 14, 0}, {3, "ngo", 60, 0}};
  Partner p = partner(10, "Ліцей");
  CHECK(gap_for(p, cadences) == Gap{});
  p.tags = {"schools"};  // folded: "Schools" matches
  CHECK(gap_for(p, cadences) == Gap{30, 45});
  p.tags = {"schools", "Priority"};
  CHECK(gap_for(p, cadences) == Gap{14, 21});
  p.follow_up_days = 90;
  CHECK(gap_for(p, cadences) == Gap{90, 135});
  p.follow_up_max_days = 100;
  CHECK(gap_for(p, cadences) == Gap{90, 100});
  p.follow_up_max_days = 10;  // shorter than the ideal: the ideal is the longest too
  CHECK(gap_for(p, cadences) == Gap{90, 90});
}

TEST_CASE("keep in touch: the last contact restarts the clock, amber past the ideal, red past the longest") {
  Partner p = partner(10, "Ліцей");
  const Gap gap{30, 45};
  SUBCASE("no cadence, no agreed date: nothing to keep") {
    CHECK(keep_in_touch(p, "2026-01-01", Gap{}, day("2026-06-01")).level == Due::none);
  }
  SUBCASE("the levels, day by day") {
    const std::string last = "2026-01-10";
    CHECK(keep_in_touch(p, last, gap, day("2026-01-20")).level == Due::later);
    TouchStatus t = keep_in_touch(p, last, gap, day("2026-02-02"));  // due 02-09: 7 days ahead
    CHECK(t.level == Due::soon);
    CHECK(t.due == "2026-02-09");
    CHECK(t.red_from == "2026-02-24");
    CHECK(keep_in_touch(p, last, gap, day("2026-02-01")).level == Due::later);  // 8 days ahead
    CHECK(keep_in_touch(p, last, gap, day("2026-02-09")).level == Due::amber);
    CHECK(keep_in_touch(p, last, gap, day("2026-02-23")).level == Due::amber);
    CHECK(keep_in_touch(p, last, gap, day("2026-02-24")).level == Due::red);
    // A contact logged since: the clock starts again from it.
    CHECK(keep_in_touch(p, "2026-02-20", gap, day("2026-02-24")).level == Due::later);
  }
  SUBCASE("across a year and a leap day") {
    TouchStatus t = keep_in_touch(p, "2027-12-15", gap, day("2028-01-01"));
    CHECK(t.due == "2028-01-14");
    t = keep_in_touch(p, "2028-02-01", Gap{29, 29}, day("2028-02-01"));
    CHECK(t.due == "2028-03-01");
  }
  SUBCASE("never contacted although a cadence asks: amber, with no date") {
    TouchStatus t = keep_in_touch(p, "", gap, day("2026-01-01"));
    CHECK(t.level == Due::amber);
    CHECK(t.due.empty());
  }
  SUBCASE("an agreed date later than the last contact wins, and is red a week after") {
    p.next_follow_up = "2026-03-01";
    TouchStatus t = keep_in_touch(p, "2026-01-10", Gap{}, day("2026-02-27"));
    CHECK(t.agreed);
    CHECK(t.level == Due::soon);
    CHECK(keep_in_touch(p, "2026-01-10", Gap{}, day("2026-03-07")).level == Due::amber);
    CHECK(keep_in_touch(p, "2026-01-10", Gap{}, day("2026-03-08")).level == Due::red);
    // Contacted after the agreed date: the date has been kept, the cadence takes over.
    t = keep_in_touch(p, "2026-03-02", gap, day("2026-03-03"));
    CHECK_FALSE(t.agreed);
    CHECK(t.due == "2026-04-01");
  }
  SUBCASE("a snooze holds the reminder until its day") {
    p.snoozed_until = "2026-03-01";
    TouchStatus t = keep_in_touch(p, "2026-01-01", gap, day("2026-02-25"));  // red since 02-15
    CHECK(t.snoozed);
    CHECK(t.level == Due::soon);
    CHECK(t.due == "2026-03-01");
    CHECK(t.red_from == "2026-03-16");
    // On the day it ends, the reminder is back.
    CHECK(keep_in_touch(p, "2026-01-01", gap, day("2026-03-01")).level == Due::red);
  }
  SUBCASE("dormant partners are not kept in touch") {
    p.stage = Stage::dormant;
    CHECK(keep_in_touch(p, "", gap, day("2026-01-01")).level == Due::none);
  }
}

TEST_CASE("the directory: facts per partner, each filter, and every column's sort") {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"}};
  Partner a = partner(2, "Ґимназія", PartnerKind::school_kindergarten, Stage::active);
  a.area = "Поділ";
  a.tags = {"schools"};
  Partner b = partner(3, "Гімназія 2", PartnerKind::school_kindergarten, Stage::prospect);
  b.area = "Оболонь";
  b.tags = {"Schools", "priority"};
  Partner c = partner(4, "Єдність", PartnerKind::ngo_charity, Stage::met);
  Partner e = partner(5, "Alpha clinic", PartnerKind::clinic_doctor, Stage::dormant);
  e.area = "поділ";
  d.partners = {a, b, c, e};
  d.interactions = {contact(10, 2, "2026-01-05"), contact(11, 2, "2026-02-01"), contact(12, 4, "2025-12-01")};
  Case kase;
  kase.id = 13, kase.alias = "A", kase.needs = {"anxiety"};
  d.cases = {kase};
  Referral in;
  in.id = 14, in.direction = Direction::in, in.case_id = 13, in.partner_id = 2, in.status = ReferralStatus::sent;
  Referral out1 = in, out2 = in;
  out1.id = 15, out1.direction = Direction::out, out1.partner_id = 4;
  out2.id = 16, out2.direction = Direction::out, out2.partner_id = 4;
  d.referrals = {in, out1, out2};
  d.agreements = {{17, 2, AgreementStatus::expired, "2024-01-01", "2024-12-31", "", "", ""},
                  {18, 2, AgreementStatus::signed_, "2025-01-01", "2026-03-01", "", "", ""}};
  d.cadences = {{19, "schools", 30, 45}};
  d.next_id = 20;
  REQUIRE(validate(d).empty());
  Index index;
  index.rebuild(d);
  Directory dir;
  dir.refresh(d, index, 1, day("2026-02-20"));

  CHECK(dir.facts(0).last_contact == "2026-02-01");
  CHECK(dir.facts(0).referrals_in == 1);
  CHECK(dir.facts(2).referrals_out == 2);
  CHECK(dir.facts(0).agreement == 18);  // the current one: the latest start
  CHECK(dir.facts(0).agreement_status == AgreementStatus::signed_);
  CHECK(dir.facts(0).touch.due == "2026-03-03");
  CHECK(dir.facts(1).touch.level == Due::amber);  // a school never contacted
  CHECK(dir.facts(2).touch.level == Due::none);   // no cadence
  CHECK(dir.areas() == std::vector<std::string>{"Оболонь", "Поділ"});  // one per folded spelling
  CHECK(dir.tags() == std::vector<std::string>{"priority", "Schools"});

  PartnerFilter f;
  const auto shown = [&](PartnerColumn col = PartnerColumn::name, bool asc = true) {
    return names(d, dir.rows(d, index, f, col, asc));
  };
  // Alphabet order: Г < Ґ < Є, Latin first.
  CHECK(shown() == std::vector<std::string>{"Alpha clinic", "Гімназія 2", "Ґимназія", "Єдність"});
  CHECK(shown(PartnerColumn::name, false) == std::vector<std::string>{"Єдність", "Ґимназія", "Гімназія 2", "Alpha clinic"});
  f.kind = PartnerKind::school_kindergarten;
  CHECK(shown() == std::vector<std::string>{"Гімназія 2", "Ґимназія"});
  f = {};
  f.stage = Stage::met;
  CHECK(shown() == std::vector<std::string>{"Єдність"});
  f = {};
  f.area = "ПОДІЛ";
  CHECK(shown() == std::vector<std::string>{"Alpha clinic", "Ґимназія"});
  f = {};
  f.tag = "priority";
  CHECK(shown() == std::vector<std::string>{"Гімназія 2"});
  f = {};
  f.agreement = AgreementStatus::signed_;
  CHECK(shown() == std::vector<std::string>{"Ґимназія"});
  f.agreement = AgreementStatus::none;
  CHECK(shown().size() == 3);
  f = {};
  f.overdue = true;
  CHECK(shown() == std::vector<std::string>{"Гімназія 2"});
  f = {};
  f.query = "ГІМН";
  CHECK(shown() == std::vector<std::string>{"Гімназія 2"});
  f.query = "";
  // Sorts: empty cells last in both directions; ties by name.
  CHECK(shown(PartnerColumn::last_contact) == std::vector<std::string>{"Єдність", "Ґимназія", "Alpha clinic", "Гімназія 2"});
  CHECK(shown(PartnerColumn::last_contact, false) ==
        std::vector<std::string>{"Ґимназія", "Єдність", "Alpha clinic", "Гімназія 2"});
  CHECK(shown(PartnerColumn::next_contact) == std::vector<std::string>{"Гімназія 2", "Ґимназія", "Alpha clinic", "Єдність"});
  CHECK(shown(PartnerColumn::referrals_out, false).front() == "Єдність");
  CHECK(shown(PartnerColumn::area) == std::vector<std::string>{"Гімназія 2", "Alpha clinic", "Ґимназія", "Єдність"});
  CHECK(shown(PartnerColumn::stage).front() == "Гімназія 2");

  // A new day is a new computation: the same revision on the next morning moves the dates.
  dir.refresh(d, index, 1, day("2026-03-03"));
  CHECK(dir.facts(0).touch.level == Due::amber);
}

TEST_CASE("duplicates: the same name folded for case, quotes and №, or the same phone or e-mail") {
  CHECK(duplicate_name_key("«Ліцей №7»") == duplicate_name_key("ліцей 7"));
  CHECK(duplicate_name_key("ЛІЦЕЙ  № 7") == "ліцей 7");
  CHECK(duplicate_name_key("Fund \"Warm Home\"") == duplicate_name_key("fund warm home"));
  CHECK(duplicate_name_key("Ліцей 7") != duplicate_name_key("Ліцей 17"));

  Document d = test::sample_document();  // "Ліцей №7" with Олена (+380 00 000 0000, olena@example.org)
  Partner draft;
  draft.name = "ліцей 7";
  std::vector<DuplicateHit> hits = find_duplicates(d, draft);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].partner == 3);
  CHECK(hits[0].same_name);
  draft.name = "Зовсім інша назва";
  CHECK(find_duplicates(d, draft).empty());
  draft.contacts = {{0, "X", "", "000 000 0000", "", ""}};  // the same number without +380
  hits = find_duplicates(d, draft);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].same_phone);
  CHECK_FALSE(hits[0].same_name);
  draft.contacts = {{0, "X", "", "", "OLENA@example.org", ""}};
  hits = find_duplicates(d, draft);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].same_email);
  // A partner is not its own duplicate.
  CHECK(find_duplicates(d, d.partners[0]).empty());
}

TEST_CASE("a merge keeps both histories, re-points everything, and is one undoable step") {
  Document d = test::sample_document();
  // A second record of the school, with its own contact, service, interaction and event link.
  Partner dup = partner(0, "ліцей 7", PartnerKind::school_kindergarten, Stage::active);
  dup.contacts = {{0, "Петро Вигаданий", "director", "+380 00 111 1111", "", ""},
                  {0, "Олена Вигадана", "шкільна психологиня", "+380 00 000 0000", "olena@example.org", "@olena"}};
  dup.notes = "from the second record";
  dup.tags = {"ШКОЛА", "priority"};
  dup.address = "";
  dup.website = "second.example.org";
  Store store(d);
  REQUIRE_FALSE(store.apply(put_command(dup), 0).has_value());
  const Id dup_id = store.doc().partners.back().id;
  Service s{0, dup_id, "Консультації", "", {"anxiety"}, "", "", ServiceFormat::online, {}, "", "", 0, ""};
  REQUIRE_FALSE(store.apply(put_command(s), 0).has_value());
  REQUIRE_FALSE(store.apply(put_command(contact(0, dup_id, "2025-03-03")), 0).has_value());
  Event ev = store.doc().events.at(0);
  ev.co_host_ids = {3, dup_id};
  ev.venue_ids = {dup_id};
  REQUIRE_FALSE(store.apply(put_command(ev), 0).has_value());
  const Document before = store.doc();

  Command merge;
  REQUIRE_FALSE(merge_command(store.doc(), 3, dup_id, day("2026-05-04"), &merge).has_value());
  REQUIRE_FALSE(store.apply(merge, 100).has_value());
  const Document& after = store.doc();
  CHECK(find_record<Partner>(after, dup_id) == nullptr);
  const Partner* kept = find_record<Partner>(after, 3);
  REQUIRE(kept);
  CHECK(kept->name == "Ліцей №7");               // keep's fields win
  CHECK(kept->website == "lyceum7.example.org");  // ... also when both are set
  CHECK(kept->stage == Stage::active);            // the one further on the pipeline, dated
  REQUIRE_FALSE(kept->stage_history.empty());
  CHECK(kept->stage_history.back() == StageMove{Stage::active, "2026-05-04"});
  CHECK(kept->contacts.size() == 3);              // Олена is not doubled, Петро joins
  CHECK(kept->tags == std::vector<std::string>{"школа", "priority"});
  CHECK(kept->notes == "from the second record");
  for (const Service& svc : after.services) CHECK(svc.partner_id != dup_id);
  CHECK(std::count_if(after.services.begin(), after.services.end(), [](const Service& x) { return x.partner_id == 3; }) == 2);
  CHECK(std::count_if(after.interactions.begin(), after.interactions.end(),
                      [](const Interaction& x) { return x.partner_id == 3; }) == 1);
  CHECK(after.events.at(0).co_host_ids == std::vector<Id>{3});
  CHECK(after.events.at(0).venue_ids == std::vector<Id>{3});  // the role goes with the merge
  CHECK(validate(after).empty());

  store.undo();
  CHECK(store.doc() == before);
  CHECK(merge_command(before, 3, 3, day("2026-05-04"), &merge).has_value());
  CHECK(merge_command(before, 3, 999, day("2026-05-04"), &merge).has_value());
}

TEST_CASE("the pipeline: a move is dated in the partner's history; a move to the same column adds nothing") {
  Partner p = partner(1, "X", PartnerKind::other, Stage::prospect);
  p = moved_to_stage(p, Stage::contacted, day("2026-05-04"));
  CHECK(p.stage == Stage::contacted);
  CHECK(p.stage_history == std::vector<StageMove>{{Stage::contacted, "2026-05-04"}});
  p = moved_to_stage(p, Stage::contacted, day("2026-05-05"));
  CHECK(p.stage_history.size() == 1);
  CHECK(next_stage(Stage::prospect, 1) == Stage::contacted);
  CHECK(next_stage(Stage::prospect, -1) == Stage::prospect);
  CHECK(next_stage(Stage::dormant, 1) == Stage::dormant);
}

TEST_CASE("the planner ranks the kinds whose people notice my problems, and my prospects of those kinds") {
  std::vector<Problem> problems = suggested_problems(Lang::uk);
  REQUIRE(problems.size() >= 8);
  for (const Problem& p : problems) {
    CHECK_FALSE(p.name.empty());
    CHECK(p.name.find("planner.") == std::string::npos);  // a text, not a key
    CHECK_FALSE(p.who_notices.empty());
    CHECK_FALSE(p.kinds.empty());
  }
  CHECK(suggested_problems(Lang::en)[0].name != suggested_problems(Lang::ru)[0].name);

  Document d;
  // Nothing is mine yet: nothing to rank.
  CHECK(rank_kinds(d, problems, nullptr).empty());
  const auto mark = [&](const char* en_name) {
    std::vector<Problem> en = suggested_problems(Lang::en);
    for (std::size_t i = 0; i < en.size(); ++i)
      if (en[i].name.find(en_name) != std::string::npos) problems[i].mine = true;
  };
  mark("Learning");          // teachers, school psychologists
  mark("Behaviour");         // schools, social services
  mark("Headaches");         // doctors
  std::vector<KindRank> kinds = rank_kinds(d, problems, nullptr);
  REQUIRE(kinds.size() >= 3);
  CHECK(kinds[0].kind == PartnerKind::school_kindergarten);
  CHECK(kinds[0].score == 2);
  CHECK(kinds[0].problems.size() == 2);
  // A gap in the network ranks first among equals: an active clinic puts social services ahead.
  d.partners = {partner(1, "Clinic", PartnerKind::clinic_doctor, Stage::active)};
  kinds = rank_kinds(d, problems, nullptr);
  CHECK(kinds[1].kind == PartnerKind::state_social_service);
  CHECK(kinds[2].kind == PartnerKind::clinic_doctor);
  CHECK(kinds[2].active == 1);
  // My client groups narrow the problems: working only with employees, no school problem counts.
  Profile profile;
  profile.id = 1;
  profile.client_groups = {ClientGroup::employees};
  kinds = rank_kinds(d, problems, &profile);
  CHECK(std::none_of(kinds.begin(), kinds.end(), [](const KindRank& k) { return k.kind == PartnerKind::school_kindergarten; }));

  // Prospects: of kinds that score; trust, then a contact person, order them.
  d.partners = {partner(1, "Clinic", PartnerKind::clinic_doctor, Stage::prospect),
                partner(2, "School A", PartnerKind::school_kindergarten, Stage::prospect),
                partner(3, "School B", PartnerKind::school_kindergarten, Stage::contacted),
                partner(4, "Company", PartnerKind::company, Stage::prospect),
                partner(5, "School C", PartnerKind::school_kindergarten, Stage::active)};
  d.partners[2].contacts = {{6, "Someone", "", "", "", ""}};
  d.next_id = 7;
  Index index;
  index.rebuild(d);
  Directory dir;
  dir.refresh(d, index, 1, day("2026-01-01"));
  std::vector<ProspectRank> prospects = rank_prospects(d, dir, problems, nullptr);
  std::vector<std::string> order;
  for (const ProspectRank& p : prospects) order.push_back(d.partners[p.partner].name);
  CHECK(order == std::vector<std::string>{"School B", "School A", "Clinic"});
  CHECK(prospects[0].has_contact);
}

TEST_CASE("today: overdue (red first), due within a week, agreements ending within 30 days, events to prepare") {
  Document d;
  Partner red = partner(1, "Red", PartnerKind::other, Stage::active);
  red.follow_up_days = 10;
  Partner amber = red, soon = red, later = red;
  amber.id = 2, amber.name = "Amber";
  soon.id = 3, soon.name = "Soon";
  later.id = 4, later.name = "Later";
  d.partners = {red, amber, soon, later};
  d.interactions = {contact(5, 1, "2026-04-01"), contact(6, 2, "2026-04-18"), contact(7, 3, "2026-04-25"),
                    contact(8, 4, "2026-04-30")};
  d.agreements = {{9, 4, AgreementStatus::signed_, "2025-06-01", "2026-05-20", "", "", ""},
                  {10, 3, AgreementStatus::signed_, "2025-06-01", "2026-12-31", "", "", ""}};
  Event ev;
  ev.id = 11;
  ev.title = "Майстер-клас для вчителів";
  ev.starts_at = "2026-05-08T15:00";
  ev.status = EventStatus::planned;
  ev.venue_ids = {2};
  Event far = ev;
  far.id = 12;
  far.starts_at = "2026-07-01T15:00";
  d.events = {ev, far};
  d.next_id = 13;
  Index index;
  index.rebuild(d);
  Directory dir;
  const Date today = day("2026-05-01");
  dir.refresh(d, index, 1, today);
  std::vector<TodayItem> items = today_items(d, dir, today);
  std::vector<std::pair<TodayItem::What, std::string>> got;
  for (const TodayItem& i : items) got.emplace_back(i.what, d.partners[i.partner].name);
  using W = TodayItem::What;
  CHECK(got == std::vector<std::pair<W, std::string>>{{W::overdue, "Red"},
                                                      {W::overdue, "Amber"},
                                                      {W::due_soon, "Soon"},
                                                      {W::agreement_expiring, "Later"}});
  CHECK(items[0].level == Due::red);
  CHECK(items[3].record == 9);
}
