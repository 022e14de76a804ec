// Shared test data: a small hand-made network (made-up people and places) and a seeded random
// document generator with Cyrillic, emoji, quotes and empty strings.
#pragma once
#include <cstdio>
#include <random>
#include <string>

#include "core/model.hpp"

namespace kolo::test {

// Everything but next_id: undo never lowers next_id, so "restored exactly" compares the tables.
inline bool same_tables(const Document& a, const Document& b) {
  Document x = a, y = b;
  x.next_id = y.next_id = 0;
  return x == y;
}

// A valid network: two partners (one with two contacts), services, an agreement, an
// interaction, a case with a referral, an event linking them, and the taxonomy.
inline Document sample_document() {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"}, {2, "housing", "Housing", "Житло", "Жильё"}};
  Partner school{3, "Ліцей №7", PartnerKind::school_kindergarten, "Подільський р-н", {"школа"}, {}, Stage::met,
                 3, 30, "2025-04-01", "семінари для вчителів", ""};
  school.contacts = {{4, "Олена Вигадана", "шкільна психологиня", "+380 00 000 0000", "olena@example.org", "@olena"},
                     {5, "Ivan Madeup", "deputy head", "", "", ""}};
  Partner ngo{6, "Fund \"Warm Home\"", PartnerKind::ngo_charity, "", {}, {}, Stage::active, 5, 0, "", "", "notes"};
  d.partners = {school, ngo};
  Service shelter{7, 6, "Кризове житло", "до 3 місяців", {"housing"}, "дзвінок координатору", "пн-пт",
                  ServiceFormat::in_person, {"uk", "ru"}, "18+", "free", 4, "Марія"};
  Service group{8, 3, "Група підтримки", "", {"anxiety"}, "", "", ServiceFormat::online, {}, "12-17", "", 0, ""};
  d.services = {shelter, group};
  d.agreements = {{9, 3, AgreementStatus::signed_, "2025-01-10", "2025-12-31", "terms", "warm hand-off", "form A"}};
  d.interactions = {{10, 6, "2025-02-02", Channel::call, "I", "talked", "send letter"}};
  d.cases = {{11, "Клієнт А", {"housing", "anxiety"}, "житло", {Barrier::no_documents}, {OnlineLimit::acute_state},
              "2025-02-01", ""}};
  Referral r{12, Direction::out, 11, 6, 7, "needs shelter", "problem", "recommendations", true, true,
             "2025-02-05", ReferralStatus::sent, "", {{ReferralStatus::draft, "2025-02-03"}, {ReferralStatus::sent, "2025-02-04"}}};
  d.referrals = {r};
  Event e{13, "Семінар для вчителів", EventKind::seminar, "2025-03-15T15:30", "Ліцей №7", {3, 6}, "teachers",
          EventStatus::planned, 0, {{"book room", true}, {"flyer", false}}, 2, {12}, ""};
  d.events = {e};
  d.next_id = 14;
  return d;
}

// Random strings from a pool that exercises escaping and multi-byte UTF-8.
inline std::string random_text(std::mt19937& rng, std::size_t max_pieces = 4) {
  static const char* kPieces[] = {"",       "a",        "Привіт", "Ёжик",  "ґанок", "\"quoted\"", "back\\slash",
                                  "tab\tx", "line\nbr", "😀",     "🇺🇦",     "<b>&",  "/~0~1",     "\u00a0nbsp"};
  std::size_t n = rng() % (max_pieces + 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))];
  return out;
}

inline std::string random_date(std::mt19937& rng) {
  if (rng() % 3 == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", static_cast<unsigned>(2000 + rng() % 30),
                static_cast<unsigned>(1 + rng() % 12), static_cast<unsigned>(1 + rng() % 28));
  return buf;
}

template <KoloEnum E> E random_enum(std::mt19937& rng) { return static_cast<E>(rng() % EnumInfo<E>::count); }

// A valid document of random shape (every reference resolves; names are never blank).
inline Document random_document(unsigned seed) {
  std::mt19937 rng(seed);
  Document d;
  Id next = 1;
  auto name = [&] { return "n" + random_text(rng); };
  for (int i = 0, n = 1 + static_cast<int>(rng() % 4); i < n; ++i)
    d.need_tags.push_back({next++, "tag" + std::to_string(i), random_text(rng), random_text(rng), random_text(rng)});
  auto tags = [&] {
    std::vector<std::string> out;
    for (const NeedTag& t : d.need_tags)
      if (rng() % 2) out.push_back(t.key);
    return out;
  };
  for (int i = 0, n = static_cast<int>(rng() % 6); i < n; ++i) {
    Partner p;
    p.id = next++;
    p.name = name();
    p.kind = random_enum<PartnerKind>(rng);
    p.area = random_text(rng);
    for (int t = 0, m = static_cast<int>(rng() % 3); t < m; ++t) p.tags.push_back(name());
    for (int c = 0, m = static_cast<int>(rng() % 3); c < m; ++c)
      p.contacts.push_back({next++, random_text(rng), random_text(rng), random_text(rng),
                            rng() % 2 ? "x" + std::to_string(c) + "@example.org" : "", random_text(rng)});
    p.stage = random_enum<Stage>(rng);
    p.trust = static_cast<int>(rng() % 6);
    p.follow_up_days = static_cast<int>(rng() % 90);
    p.next_follow_up = random_date(rng);
    p.their_needs = random_text(rng, 10);
    p.notes = random_text(rng, 10);
    d.partners.push_back(p);
  }
  for (const Partner& p : std::vector<Partner>(d.partners)) {
    for (int i = 0, n = static_cast<int>(rng() % 3); i < n; ++i)
      d.services.push_back({next++, p.id, name(), random_text(rng), tags(), random_text(rng), random_text(rng),
                            random_enum<ServiceFormat>(rng), {"uk"}, random_text(rng), random_text(rng),
                            static_cast<int>(rng() % 20), random_text(rng)});
    if (rng() % 2)
      d.agreements.push_back({next++, p.id, random_enum<AgreementStatus>(rng), random_date(rng), random_date(rng),
                              random_text(rng), random_text(rng), random_text(rng)});
    if (rng() % 2)
      d.interactions.push_back({next++, p.id, "2025-01-0" + std::to_string(1 + rng() % 9), random_enum<Channel>(rng),
                                random_text(rng), random_text(rng), random_text(rng)});
  }
  for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
    Case c{next++, name(), tags(), random_text(rng), {}, {}, random_date(rng), random_text(rng)};
    if (rng() % 2) c.barriers = {random_enum<Barrier>(rng), random_enum<Barrier>(rng)};
    if (rng() % 2) c.online_limits = {random_enum<OnlineLimit>(rng)};
    d.cases.push_back(c);
  }
  if (!d.cases.empty() && !d.partners.empty())
    for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
      Referral r;
      r.id = next++;
      r.direction = random_enum<Direction>(rng);
      r.case_id = d.cases[rng() % d.cases.size()].id;
      const Partner& p = d.partners[rng() % d.partners.size()];
      r.partner_id = p.id;
      for (const Service& s : d.services)
        if (s.partner_id == p.id && rng() % 2) r.service_id = s.id;
      r.reason = random_text(rng);
      r.letter_problem = random_text(rng, 8);
      r.letter_recommendations = random_text(rng, 8);
      r.client_informed = rng() % 2;
      r.warm_handoff = rng() % 2;
      r.warm_handoff_date = random_date(rng);
      r.status = random_enum<ReferralStatus>(rng);
      r.outcome = random_text(rng);
      r.history = {{ReferralStatus::draft, "2025-01-01"}, {r.status, "2025-01-02"}};
      d.referrals.push_back(r);
    }
  for (int i = 0, n = static_cast<int>(rng() % 3); i < n; ++i) {
    Event e;
    e.id = next++;
    e.title = name();
    e.kind = random_enum<EventKind>(rng);
    e.starts_at = rng() % 2 ? "2025-05-0" + std::to_string(1 + rng() % 9) + "T1" + std::to_string(rng() % 10) + ":30" : "";
    e.place_or_link = random_text(rng);
    for (const Partner& p : d.partners)
      if (rng() % 2) e.partner_ids.push_back(p.id);
    e.audience = random_text(rng);
    e.status = random_enum<EventStatus>(rng);
    e.attendance = static_cast<int>(rng() % 100);
    for (int c = 0, m = static_cast<int>(rng() % 3); c < m; ++c) e.checklist.push_back({name(), rng() % 2 == 0});
    e.leads = static_cast<int>(rng() % 10);
    for (const Referral& r : d.referrals)
      if (rng() % 2) e.referral_ids.push_back(r.id);
    e.notes = random_text(rng, 10);
    d.events.push_back(e);
  }
  d.next_id = next + static_cast<Id>(rng() % 5);
  return d;
}

}  // namespace kolo::test
