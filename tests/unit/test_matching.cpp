// Matching a case to partner services (core/matching.hpp): services covering all of the
// client's needs first (seed 001), then by how many, then by fit; each fit factor moves a
// service and is said in words in three languages; partners that turned the case away are not
// offered; the smallest combination when no single service covers everything (checked
// against brute force); and the parsing of age groups and costs.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "core/matching.hpp"
#include "core/text.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {

Partner partner(Id id, const char* name, const char* area = "") {
  Partner p;
  p.id = id;
  p.name = name;
  p.area = area;
  return p;
}

Service service(Id id, Id partner_id, const char* name, std::vector<std::string> tags) {
  Service s;
  s.id = id;
  s.partner_id = partner_id;
  s.name = name;
  s.need_tags = std::move(tags);
  s.format = ServiceFormat::both;
  return s;
}

Referral referral(Id id, Id case_id, Id partner_id, Id service_id, ReferralStatus status) {
  Referral r;
  r.id = id;
  r.direction = Direction::out;
  r.case_id = case_id;
  r.partner_id = partner_id;
  r.service_id = service_id;
  r.status = status;
  return r;
}

Document with_taxonomy() {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"},
                 {2, "housing", "Housing", "Житло", "Жильё"},
                 {3, "legal", "Legal aid", "Правова допомога", "Правовая помощь"},
                 {4, "debts", "Debts", "Борги", "Долги"}};
  return d;
}

// The names of the ranked services, best first.
std::vector<std::string> order(const Document& d, const MatchResult& r) {
  std::vector<std::string> out;
  for (const Match& m : r.ranked) out.push_back(d.services[m.service].name);
  return out;
}

const Match& find_match(const Document& d, const MatchResult& r, const std::string& name) {
  for (const Match& m : r.ranked)
    if (d.services[m.service].name == name) return m;
  FAIL("no ranked service named " << name);
  return r.ranked.front();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The Ukrainian and Russian explanations are translated and complete: not the English, and no
// part of them is a bare catalog key.
void check_translated(const Document& d, const Case& c, const Match& m) {
  const std::string en = explain_match(d, c, m, Lang::en);
  for (Lang lang : {Lang::uk, Lang::ru}) {
    const std::string text = explain_match(d, c, m, lang);
    CAPTURE(text);
    CHECK(text != en);
    CHECK_FALSE(contains(text, "match."));
    std::size_t from = 0;
    for (;;) {
      const std::size_t cut = text.find("; ", from);
      CHECK_FALSE(looks_like_key(text.substr(from, cut == std::string::npos ? cut : cut - from)));
      if (cut == std::string::npos) break;
      from = cut + 2;
    }
  }
}

}  // namespace

TEST_CASE("the service covering all three needs comes first, even when a two-need service fits far better") {
  Document d = with_taxonomy();
  d.partners = {partner(10, "Альфа", "Поділ"), partner(11, "Бета", "Поділ")};
  Service all = service(20, 10, "Все в одному", {"legal", "anxiety", "housing"});
  all.format = ServiceFormat::in_person;  // wrong for an online client
  all.languages = {"en"};                 // not the client's language
  all.cost = "500 грн";                   // the client needs free help
  Service two = service(21, 11, "Два з трьох", {"anxiety", "housing"});
  two.format = ServiceFormat::online;
  two.languages = {"uk"};
  two.cost = "безкоштовно";
  d.services = {all, two};
  d.agreements = {{30, 11, AgreementStatus::signed_, "2025-01-01", "", "", "", ""}};
  Case c = test::make_case(40, "Клієнт", {"anxiety", "housing", "legal"});
  c.format = ServiceFormat::online;
  c.language = "uk";
  c.free_only = true;
  c.area = "Поділ";

  const MatchResult r = match_services(d, c);
  CHECK(r.needs == 3);
  REQUIRE(order(d, r) == std::vector<std::string>{"Все в одному", "Два з трьох"});
  CHECK(r.ranked[0].fit < r.ranked[1].fit);  // it wins on coverage alone
  CHECK(r.ranked[0].covered == 3);
  CHECK(r.ranked[0].covered_mask == 0b111);
  CHECK(r.single_covers_all);
  CHECK(r.combination.empty());
  CHECK(r.uncovered.empty());
  CHECK(explain_match(d, c, r.ranked[0], Lang::en) ==
        "covers all needs: 3 of 3; in person only; does not work in Ukrainian; in the client's area; not free (500 грн)");
  CHECK(explain_match(d, c, r.ranked[1], Lang::en) ==
        "needs covered: 2 of 3 (Anxiety, Housing); online; in Ukrainian; in the client's area; free; agreement signed");
  CHECK(explain_match(d, c, r.ranked[1], Lang::uk) ==
        "охоплено запитів: 2 з 3 (Тривога, Житло); онлайн; українською; у районі клієнта; безкоштовно; угоду підписано");
  CHECK(explain_match(d, c, r.ranked[1], Lang::ru) ==
        "охвачено запросов: 2 из 3 (Тревога, Жильё); онлайн; на украинском; в районе клиента; бесплатно; соглашение подписано");
  check_translated(d, c, r.ranked[0]);
  check_translated(d, c, r.ranked[1]);
}

TEST_CASE("order: more needs covered first, then fit, then the partner's name in the alphabet, then the service's") {
  Document d = with_taxonomy();
  // In bytes "Д" sorts before "ґ" and "в" before "Б"; in the Ukrainian alphabet ґ comes before д.
  d.partners = {partner(10, "Дім"), partner(11, "ґанок"), partner(12, "в’язь"), partner(13, "Бук")};
  d.services = {service(20, 10, "д1", {"anxiety"}),           service(21, 11, "ґ1", {"anxiety"}),
                service(22, 12, "в2", {"anxiety", "housing"}), service(23, 13, "б-без", {"debts"}),
                service(24, 13, "Бб", {"housing"}),           service(25, 13, "Ба", {"housing"}),
                service(26, 10, "д-краще", {"anxiety"})};
  d.services[6].languages = {"uk"};  // fits: above the other one-need services of equal coverage
  Case c = test::make_case(40, "К", {"anxiety", "housing"});
  c.language = "uk";
  const MatchResult r = match_services(d, c);
  CHECK(order(d, r) == std::vector<std::string>{"в2", "д-краще", "Ба", "Бб", "ґ1", "д1"});
  CHECK(r.single_covers_all);
  CHECK(r.ranked[0].covered == 2);
  // The partners' name order kept by the caller (the Clients view, per revision) gives the same.
  const std::vector<std::uint32_t> names = partner_name_order(d);
  CHECK(names == std::vector<std::uint32_t>{3, 2, 1, 0});  // Дім, ґанок, в’язь, Бук: Б в ґ Д
  CHECK(order(d, match_services(d, c, &names)) == order(d, r));
  // An order for another document (a partner since added) is not trusted: names are sorted again.
  const std::vector<std::uint32_t> stale = {0, 1, 2};
  CHECK(order(d, match_services(d, c, &stale)) == order(d, r));
}

TEST_CASE("each fit factor moves a service up or down and is said in the explanation") {
  // Three one-need services, equal but for the factor at hand; by name alone the order would
  // be Альфа, Бета, Гамма. Each factor makes Альфа's worse, leaves Бета's unknown (or neutral)
  // and Гамма's better.
  Document d = with_taxonomy();
  d.partners = {partner(10, "Альфа"), partner(11, "Бета"), partner(12, "Гамма")};
  d.services = {service(20, 10, "a", {"anxiety"}), service(21, 11, "b", {"anxiety"}), service(22, 12, "g", {"anxiety"})};
  Case c = test::make_case(40, "К", {"anxiety"});
  Service& a = d.services[0];
  Service& b = d.services[1];
  Service& g = d.services[2];
  std::vector<std::string> expected = {"g", "b", "a"};
  std::string worse, better;  // what Альфа's and Гамма's explanations say ("" = nothing)

  SUBCASE("format") {
    c.format = ServiceFormat::online;
    a.format = ServiceFormat::in_person;
    b.format = ServiceFormat::both;  // fits as well as online only: Бета before Гамма by name
    g.format = ServiceFormat::online;
    expected = {"b", "g", "a"};
    worse = "covers the need; in person only";
    better = "covers the need; online";
    CHECK(contains(explain_match(d, c, find_match(d, match_services(d, c), "b"), Lang::en), "online or in person"));
  }
  SUBCASE("language") {
    c.language = "uk";
    a.languages = {"en"};
    g.languages = {"ru", "UK"};
    worse = "covers the need; does not work in Ukrainian";
    better = "covers the need; in Ukrainian";
  }
  SUBCASE("language, with a code Kolo has no name for") {
    c.language = "pl";
    a.languages = {"uk"};
    g.languages = {"pl"};
    worse = "covers the need; does not work in the language \"pl\"";
    better = "covers the need; in the language \"pl\"";
  }
  SUBCASE("age group") {
    c.age_group = "15";
    a.age_groups = "0-6 років";
    b.age_groups = "дорослі";  // no numbers: unknown, says nothing
    g.age_groups = "7–11, 12–17";
    worse = "covers the need; age does not fit (0-6 років)";
    better = "covers the need; age fits (7–11, 12–17)";
  }
  SUBCASE("area") {
    c.area = "Подільський р-н";
    d.partners[0].area = "Оболонь";
    d.partners[2].area = "  подільський   Р-Н ";  // the same area, typed differently
    expected = {"g", "a", "b"};
    worse = "covers the need";
    better = "covers the need; in the client's area";
  }
  SUBCASE("cost, for a client who needs free help") {
    c.free_only = true;
    a.cost = "500 грн";
    g.cost = "Безкоштовно";
    worse = "covers the need; not free (500 грн)";
    better = "covers the need; free";
  }
  SUBCASE("room: capacity against the referrals open there now") {
    a.capacity = 2;
    g.capacity = 3;
    d.referrals = {referral(50, 41, 10, 20, ReferralStatus::sent), referral(51, 42, 10, 20, ReferralStatus::draft),
                   referral(52, 43, 12, 22, ReferralStatus::in_service),
                   referral(53, 44, 12, 22, ReferralStatus::closed)};  // ended: holds no place
    worse = "covers the need; no places available (places: 2, open referrals: 2)";
    better = "covers the need; places available: 2 of 3; 1 of 1 earlier referrals closed well";
  }
  SUBCASE("a signed agreement: the partner's current one") {
    d.agreements = {{30, 10, AgreementStatus::signed_, "2025-01-01", "", "", "", ""},
                    {31, 10, AgreementStatus::draft, "2025-01-01", "", "", "", ""},  // same day, higher id: current
                    {32, 12, AgreementStatus::draft, "2024-01-01", "", "", "", ""},
                    {33, 12, AgreementStatus::signed_, "2025-02-01", "", "", "", ""},
                    {34, 11, AgreementStatus::expired, "2025-03-01", "", "", "", ""}};
    expected = {"g", "a", "b"};
    worse = "covers the need";
    better = "covers the need; agreement signed";
  }
  SUBCASE("how earlier referrals to the partner ended") {
    d.referrals = {referral(50, 41, 10, 20, ReferralStatus::no_show), referral(51, 42, 10, 0, ReferralStatus::could_not_contact),
                   referral(52, 41, 12, 22, ReferralStatus::closed), referral(53, 42, 12, 0, ReferralStatus::closed),
                   referral(54, 43, 12, 22, ReferralStatus::closed), referral(55, 44, 12, 22, ReferralStatus::closed),
                   referral(56, 45, 12, 22, ReferralStatus::client_refused)};
    Referral in = referral(57, 46, 11, 21, ReferralStatus::declined);
    in.direction = Direction::in;  // a referral to us says nothing of them
    d.referrals.push_back(in);
    // The client's own endings (no-show, could not contact, refused) say nothing of a partner.
    d.referrals.push_back(referral(58, 47, 10, 20, ReferralStatus::declined));
    d.referrals.push_back(referral(59, 48, 10, 20, ReferralStatus::no_capacity));
    d.referrals.push_back(referral(60, 49, 12, 22, ReferralStatus::not_eligible));
    worse = "covers the need; 0 of 2 earlier referrals closed well";
    better = "covers the need; 4 of 5 earlier referrals closed well";
  }

  const MatchResult r = match_services(d, c);
  CHECK(order(d, r) == expected);
  const Match& ma = find_match(d, r, "a");
  const Match& mg = find_match(d, r, "g");
  CHECK(explain_match(d, c, ma, Lang::en) == worse);
  CHECK(explain_match(d, c, mg, Lang::en) == better);
  check_translated(d, c, mg);
  check_translated(d, c, ma);
}

TEST_CASE("the explanation reads as in the issue, in three languages") {
  Document d = with_taxonomy();
  d.partners = {partner(10, "Центр")};
  Service s = service(20, 10, "Група", {"anxiety", "housing", "legal"});
  s.format = ServiceFormat::online;
  s.languages = {"uk"};
  d.services = {s};
  d.agreements = {{30, 10, AgreementStatus::signed_, "2025-01-01", "", "", "", ""}};
  for (Id i = 0; i < 5; ++i)
    d.referrals.push_back(referral(50 + i, 41 + i, 10, 20, i == 4 ? ReferralStatus::not_eligible : ReferralStatus::closed));
  Case c = test::make_case(40, "К", {"anxiety", "housing", "legal"});
  c.format = ServiceFormat::online;
  c.language = "uk";
  const MatchResult r = match_services(d, c);
  REQUIRE(r.ranked.size() == 1);
  CHECK(explain_match(d, c, r.ranked[0], Lang::en) ==
        "covers all needs: 3 of 3; online; in Ukrainian; agreement signed; 4 of 5 earlier referrals closed well");
  CHECK(explain_match(d, c, r.ranked[0], Lang::uk) ==
        "охоплює всі запити: 3 з 3; онлайн; українською; угоду підписано; успішно закрито попередніх направлень: 4 з 5");
  CHECK(explain_match(d, c, r.ranked[0], Lang::ru) ==
        "охватывает все запросы: 3 из 3; онлайн; на украинском; соглашение подписано; успешно закрыто предыдущих направлений: 4 из 5");
}

TEST_CASE("the partner's own endings count as earlier referrals that ended; the client's do not; open ones hold a place") {
  Document d = with_taxonomy();
  d.partners = {partner(10, "Центр")};
  Service s = service(20, 10, "Група", {"anxiety"});
  s.capacity = 100;
  d.services = {s};
  const ReferralStatus endings[] = {ReferralStatus::closed,         ReferralStatus::declined,     ReferralStatus::no_show,
                                    ReferralStatus::client_refused, ReferralStatus::no_capacity,  ReferralStatus::not_eligible,
                                    ReferralStatus::could_not_contact, ReferralStatus::re_routed};
  const ReferralStatus open[] = {ReferralStatus::draft, ReferralStatus::sent, ReferralStatus::accepted,
                                 ReferralStatus::first_appointment, ReferralStatus::in_service};
  Id id = 50;
  for (ReferralStatus st : endings) d.referrals.push_back(referral(id++, 41, 10, 20, st));
  for (ReferralStatus st : open) d.referrals.push_back(referral(id++, 41, 10, 20, st));
  const MatchResult r = match_services(d, test::make_case(40, "К", {"anxiety"}));
  REQUIRE(r.ranked.size() == 1);
  CHECK(r.ranked[0].earlier_ended == 4);  // closed, declined, no capacity, not eligible
  CHECK(r.ranked[0].earlier_well == 1);
  CHECK(r.ranked[0].open_here == 5);
  CHECK(r.ranked[0].reasons == static_cast<std::uint32_t>(MatchReason::has_room));
}

TEST_CASE("partners that declined the case are not offered again; no capacity or not eligible may change") {
  Document d = with_taxonomy();
  d.partners = {partner(10, "Альфа"), partner(11, "Бета"), partner(12, "Гамма"), partner(13, "Дельта"),
                partner(14, "Епсилон"), partner(15, "Жасмин")};
  for (Id p = 10; p <= 15; ++p) d.services.push_back(service(p + 10, p, ("s" + std::to_string(p)).c_str(), {"anxiety"}));
  Case c = test::make_case(40, "К", {"anxiety"});
  c.declined_by = {13, 10, 13};
  d.referrals = {referral(50, 40, 11, 21, ReferralStatus::no_capacity),
                 referral(51, 40, 12, 0, ReferralStatus::not_eligible),
                 referral(52, 40, 14, 24, ReferralStatus::client_refused),  // the client's choice: still offered
                 referral(53, 99, 15, 25, ReferralStatus::declined),        // another case
                 referral(54, 40, 15, 25, ReferralStatus::declined)};
  d.referrals[4].direction = Direction::in;  // they referred the client to us: not a refusal
  d.referrals.push_back(referral(55, 40, 11, 21, ReferralStatus::declined));  // declined this case too
  CHECK(excluded_partners(d, c) == std::vector<Id>{10, 11, 13});
  const MatchResult r = match_services(d, c);
  CHECK(r.excluded == std::vector<Id>{10, 11, 13});
  // Гамма said "not eligible" once, Жасмин declined another case: still offered, those endings
  // weighing in their fit (after Епсилон, whose client refused: no fault of the partner).
  CHECK(order(d, r) == std::vector<std::string>{"s14", "s12", "s15"});
}

TEST_CASE("no single service covers everything: the smallest combination that does, the better fitting one among equals") {
  Document d = with_taxonomy();
  d.partners = {partner(10, "Альфа"), partner(11, "Бета"), partner(12, "Гамма"), partner(13, "Дельта"), partner(14, "Есть")};
  d.services = {service(20, 10, "тривога+житло", {"anxiety", "housing"}), service(21, 11, "право", {"legal"}),
                service(22, 12, "житло+право", {"housing", "legal"}), service(23, 13, "тривога", {"anxiety"}),
                service(24, 14, "борги", {"debts"})};
  Case c = test::make_case(40, "К", {"anxiety", "housing", "legal", "debts", "food"});
  c.declined_by = {14};  // the only one for debts declined: nobody is left for it
  SUBCASE("equal fit: two services, the first pair found in ranked order") {
    const MatchResult r = match_services(d, c);
    CHECK_FALSE(r.single_covers_all);
    CHECK(r.uncovered == std::vector<std::string>{"debts", "food"});
    REQUIRE(r.combination.size() == 2);
    std::uint32_t mask = 0;
    for (std::size_t i : r.combination) mask |= r.ranked[i].covered_mask;
    CHECK(mask == 0b111);
  }
  SUBCASE("the pair that fits better wins over another pair of the same size") {
    c.language = "uk";
    d.services[2].languages = {"uk"};  // житло+право
    d.services[3].languages = {"uk"};  // тривога
    const MatchResult r = match_services(d, c);
    REQUIRE(r.combination.size() == 2);
    std::vector<std::string> names;
    for (std::size_t i : r.combination) names.push_back(d.services[r.ranked[i].service].name);
    CHECK(names == std::vector<std::string>{"житло+право", "тривога"});
    CHECK(r.combination[0] < r.combination[1]);  // best first
  }
  SUBCASE("a need nobody covers is reported; one service may then be the whole combination") {
    d.services = {service(20, 10, "тривога+житло", {"anxiety", "housing"}), service(23, 13, "тривога", {"anxiety"})};
    const MatchResult r = match_services(d, c);
    CHECK_FALSE(r.single_covers_all);
    CHECK(r.uncovered == std::vector<std::string>{"legal", "debts", "food"});
    REQUIRE(r.combination.size() == 1);
    CHECK(d.services[r.ranked[r.combination[0]].service].name == "тривога+житло");
  }
  SUBCASE("nothing covers any need") {
    d.services = {service(24, 14, "борги", {"debts"})};
    const MatchResult r = match_services(d, c);
    CHECK(r.ranked.empty());
    CHECK(r.combination.empty());
    CHECK(r.uncovered == std::vector<std::string>{"anxiety", "housing", "legal", "debts", "food"});
    CHECK(r.excluded == std::vector<Id>{14});
  }
}

TEST_CASE("the combination equals a brute-force minimum on random small networks") {
  const std::vector<std::string> tags = {"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"};
  const std::vector<std::string> languages = {"", "uk", "ru", "en"};
  std::mt19937 rng(20250301);
  int with_combination = 0, single = 0;
  for (int round = 0; round < 600; ++round) {
    CAPTURE(round);
    Document d;
    const int partners = 1 + static_cast<int>(rng() % 6);
    for (int p = 0; p < partners; ++p) {
      Partner pt = partner(100 + p, ("P" + std::to_string(rng() % 4)).c_str(), rng() % 2 ? "Поділ" : "");
      d.partners.push_back(pt);
    }
    const int services = static_cast<int>(rng() % 13);
    for (int s = 0; s < services; ++s) {
      std::vector<std::string> own;
      for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) own.push_back(tags[rng() % tags.size()]);
      Service sv = service(200 + s, 100 + static_cast<Id>(rng() % static_cast<unsigned>(partners)),
                           ("S" + std::to_string(rng() % 5)).c_str(), own);
      sv.format = test::random_enum<ServiceFormat>(rng);
      if (rng() % 2) sv.languages = {languages[1 + rng() % 3]};
      sv.age_groups = rng() % 2 ? "12-17" : "";
      sv.cost = rng() % 3 == 0 ? "free" : rng() % 2 ? "300 грн" : "";
      sv.capacity = static_cast<int>(rng() % 3);
      d.services.push_back(sv);
    }
    for (int k = 0, n = static_cast<int>(rng() % 4); k < n && services > 0; ++k)
      d.referrals.push_back(referral(300 + k, 1 + static_cast<Id>(rng() % 2), d.services[rng() % d.services.size()].partner_id,
                                     0, test::random_enum<ReferralStatus>(rng)));
    Case c = test::make_case(1, "К", {});
    for (int k = 0, n = 1 + static_cast<int>(rng() % 6); k < n; ++k) c.needs.push_back(tags[rng() % tags.size()]);
    c.format = test::random_enum<ServiceFormat>(rng);
    c.language = languages[rng() % languages.size()];
    c.age_group = rng() % 2 ? "15" : "";
    c.free_only = rng() % 2;
    c.area = rng() % 2 ? "поділ" : "";
    if (rng() % 4 == 0) c.declined_by = {100 + static_cast<Id>(rng() % static_cast<unsigned>(partners))};

    const MatchResult r = match_services(d, c);
    std::vector<std::string> needs;
    for (const std::string& n : c.needs)
      if (std::find(needs.begin(), needs.end(), n) == needs.end()) needs.push_back(n);
    REQUIRE(r.needs == static_cast<int>(needs.size()));
    const std::uint32_t all = (1u << needs.size()) - 1;

    // Ranked: every service of a partner not excluded that covers a need, ordered by coverage, then fit.
    const std::vector<Id> excluded = excluded_partners(d, c);
    std::size_t expected_ranked = 0;
    for (const Service& s : d.services) {
      const bool covers = std::any_of(s.need_tags.begin(), s.need_tags.end(),
                                      [&](const std::string& t) { return std::find(needs.begin(), needs.end(), t) != needs.end(); });
      if (covers && !std::binary_search(excluded.begin(), excluded.end(), s.partner_id)) ++expected_ranked;
    }
    CHECK(r.ranked.size() == expected_ranked);
    for (std::size_t i = 1; i < r.ranked.size(); ++i) {
      const Match& x = r.ranked[i - 1];
      const Match& y = r.ranked[i];
      CHECK((x.covered > y.covered || (x.covered == y.covered && x.fit >= y.fit)));
    }

    // Brute force over every subset of the ranked services.
    const std::size_t n = r.ranked.size();
    std::uint32_t reachable = 0;
    for (const Match& m : r.ranked) reachable |= m.covered_mask;
    int best_size = 99;
    long long best_fit = 0;
    for (std::uint32_t set = 1; set < (1u << n); ++set) {
      std::uint32_t mask = 0;
      long long fit = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (set >> i & 1) mask |= r.ranked[i].covered_mask, fit += r.ranked[i].fit;
      const int size = std::popcount(set);
      if (mask == reachable && (size < best_size || (size == best_size && fit > best_fit))) best_size = size, best_fit = fit;
    }
    std::vector<std::string> uncovered;
    for (std::size_t j = 0; j < needs.size(); ++j)
      if (!(reachable >> j & 1)) uncovered.push_back(needs[j]);
    CHECK(r.uncovered == uncovered);

    if (n == 0) {
      CHECK(r.combination.empty());
      CHECK_FALSE(r.single_covers_all);
      continue;
    }
    if (r.single_covers_all) {
      ++single;
      CHECK(best_size == 1);
      CHECK(reachable == all);
      CHECK(r.ranked[0].covered_mask == all);
      CHECK(r.combination.empty());
      continue;
    }
    ++with_combination;
    CHECK(r.ranked[0].covered < r.needs);
    CHECK(static_cast<int>(r.combination.size()) == best_size);
    std::uint32_t mask = 0;
    long long fit = 0;
    for (std::size_t k = 0; k < r.combination.size(); ++k) {
      REQUIRE(r.combination[k] < n);
      if (k > 0) CHECK(r.combination[k - 1] < r.combination[k]);
      mask |= r.ranked[r.combination[k]].covered_mask;
      fit += r.ranked[r.combination[k]].fit;
    }
    CHECK(mask == reachable);  // all the needs whenever some set covers them all
    CHECK(fit == best_fit);
  }
  CHECK(with_combination >= 200);  // the generator exercises both branches
  CHECK(single >= 50);
}

TEST_CASE("age groups parse as people write them") {
  int lo = -1, hi = -1;
  CHECK(parse_age_range("12-17", &lo, &hi));
  CHECK((lo == 12 && hi == 17));
  CHECK(parse_age_range("12–17", &lo, &hi));  // an en dash
  CHECK((lo == 12 && hi == 17));
  CHECK(parse_age_range("12 — 17 років", &lo, &hi));
  CHECK((lo == 12 && hi == 17));
  CHECK(parse_age_range("18+", &lo, &hi));
  CHECK((lo == 18 && hi == kOpenAgeLimit));
  CHECK(parse_age_range("7", &lo, &hi));
  CHECK((lo == 7 && hi == 7));
  CHECK(parse_age_range("0-6 років", &lo, &hi));
  CHECK((lo == 0 && hi == 6));
  CHECK(parse_age_range("17-12", &lo, &hi));
  CHECK((lo == 12 && hi == 17));
  lo = hi = -1;
  CHECK_FALSE(parse_age_range("дорослі", &lo, &hi));
  CHECK_FALSE(parse_age_range("", &lo, &hi));
  CHECK((lo == -1 && hi == -1));  // untouched
}

TEST_CASE("a cost means free when it says so or is zero") {
  CHECK(is_free_cost("безкоштовно"));
  CHECK(is_free_cost("Бесплатно"));
  CHECK(is_free_cost("free"));
  CHECK(is_free_cost("  Free of charge"));
  CHECK(is_free_cost("0 грн"));
  CHECK(is_free_cost("0"));
  CHECK(is_free_cost("0,00 ₴"));
  CHECK_FALSE(is_free_cost(""));
  CHECK_FALSE(is_free_cost("500 грн"));
  CHECK_FALSE(is_free_cost("0-500 грн"));
  CHECK_FALSE(is_free_cost("від 300 грн, безкоштовно для ВПО"));
}

TEST_CASE("folding without building strings agrees with fold_name and collation_key (the matching's fast paths)") {
  const std::vector<std::string> texts = {"",       "  ШКОЛА   №5 ", "школа №5", "Ґанок", "ганок",   "Дім",
                                          "дім ",  "Єнот",          "ёж",       "Ёж",    "a\tb",    "a b",
                                          "ab",    "Їжак",          "ижак",     "😀 x",   "Fund \"Warm\"\tHome"};
  for (const std::string& a : texts)
    for (const std::string& b : texts) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK(fold_equal(a, b) == (fold_name(a) == fold_name(b)));
      CHECK(fold_starts_with(a, b) == fold_name(a).starts_with(fold_name(b)));
      const std::u32string ka = collation_key(fold_name(a)), kb = collation_key(fold_name(b));
      CHECK(collation_compare(a, b) == (ka < kb ? -1 : kb < ka ? 1 : 0));
      std::string key_a = "x", key_b;
      append_sort_key(a, &key_a);
      append_sort_key(b, &key_b);
      CHECK(key_a.size() == 1 + 3 * ka.size());
      const int bytes = key_a.substr(1).compare(key_b);
      CHECK((bytes < 0 ? -1 : bytes > 0 ? 1 : 0) == (ka < kb ? -1 : kb < ka ? 1 : 0));
    }
}

TEST_CASE("many needs: counted past the mask's 32 bits, and covered greedily past 16") {
  Document d;
  Case c = test::make_case(40, "К", {});
  for (int j = 0; j < 70; ++j) c.needs.push_back("n" + std::to_string(j));
  d.partners = {partner(10, "Альфа"), partner(11, "Бета"), partner(12, "Гамма")};
  std::vector<std::string> first_half(c.needs.begin(), c.needs.begin() + 40), rest(c.needs.begin() + 35, c.needs.end());
  rest.push_back("n69");  // listed twice: counts once
  d.services = {service(20, 10, "перша", first_half), service(21, 11, "решта", rest), service(22, 12, "одна", {"n1"})};
  const MatchResult r = match_services(d, c);
  CHECK(r.needs == 70);
  REQUIRE(order(d, r) == std::vector<std::string>{"перша", "решта", "одна"});
  CHECK(r.ranked[0].covered == 40);
  CHECK(r.ranked[0].covered_mask == 0xFFFFFFFFu);  // the first 32 needs
  CHECK(r.ranked[1].covered == 35);
  CHECK_FALSE(r.single_covers_all);
  CHECK(r.combination == std::vector<std::size_t>{0, 1});
  CHECK(r.uncovered.empty());
  CHECK(contains(explain_match(d, c, r.ranked[1], Lang::en), "needs covered: 35 of 70 (n35, n36,"));
}
