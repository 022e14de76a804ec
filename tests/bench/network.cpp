// The synthetic network (bench.hpp, synthetic_network): deterministic from its seed, every
// kind, stage and status present, text in Ukrainian and Russian as a practice writes it.
#include <cstdint>
#include <string>
#include <vector>

#include "bench.hpp"
#include "core/date.hpp"

using namespace kolo;

namespace {

// splitmix64: small, seedable, the same sequence on every platform.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  template <class T, std::size_t N> const T& pick(const T (&xs)[N]) { return xs[below(static_cast<int>(N))]; }
  bool chance(int percent) { return below(100) < percent; }
};

const char* const kPlaceUk[] = {"Ліцей №", "Гімназія №", "Школа №", "Дитячий садок №", "ЦПМСД №", "Клініка «Здоров'я» №"};
const char* const kPlaceRu[] = {"Лицей №", "Гимназия №", "Школа №", "Детский сад №", "Поликлиника №", "Центр «Надежда» №"};
const char* const kOrg[] = {"ГО «Крок назустріч»", "БФ «Родина»", "ТОВ «Світло»", "Центр соціальних служб", "Служба у справах дітей",
                            "Психологиня Олена Коваль", "Психиатр Сергей Иванов", "Університет ім. Шевченка"};
const char* const kFirst[] = {"Олена", "Ірина", "Тетяна", "Андрій", "Олександр", "Наталья", "Сергей", "Марина", "Юлія", "Дмитро"};
const char* const kLast[] = {"Коваль", "Шевченко", "Бондаренко", "Иванова", "Петренко", "Мельник", "Кузнецова", "Ткаченко"};
const char* const kRole[] = {"психолог", "соціальний педагог", "директор", "завуч", "лікар", "координатор", "социальный работник"};
const char* const kArea[] = {"Київ, Подільський р-н", "Київ, Оболонський р-н", "Київ, Печерський р-н", "Бровари", "Ірпінь",
                             "Харків, Салтівка", "Одесса, Приморский р-н", "Львів"};
const char* const kNeedsText[] = {"Семінари для вчителів про тривожність у підлітків.", "Нужна супервизия для школьных психологов.",
                                  "Шукають фахівця для батьківських зустрічей.", "Хотят направлять семьи с детьми с ООП."};
const char* const kService[] = {"Група підтримки для підлітків", "Консультация психиатра", "Юридична консультація",
                                "Кризова допомога", "Семейная терапия", "Корекційні заняття", "Допомога з документами"};
const char* const kSummary[] = {"Обговорили спільний семінар для вчителів.", "Созвонились, договорились о встрече в школе.",
                                "Надіслали лист із переліком послуг.", "Встретились на конференции, обменялись контактами."};

}  // namespace

Document synthetic_network(int partners, std::uint64_t seed) {
  Random rnd{seed};
  Document d;
  const char* const kTags[][4] = {{"anxiety", "Anxiety", "Тривога", "Тревога"},
                                  {"depression", "Depression", "Депресія", "Депрессия"},
                                  {"housing", "Housing", "Житло", "Жильё"},
                                  {"legal", "Legal help", "Правова допомога", "Правовая помощь"},
                                  {"addiction", "Addiction", "Залежність", "Зависимость"},
                                  {"family", "Family", "Сім'я", "Семья"}};
  for (const auto& t : kTags) d.need_tags.push_back({d.next_id++, t[0], t[1], t[2], t[3]});
  const Date start{2025, 1, 6};
  auto day = [&](int offset) { return format_date(add_days(start, offset)); };
  std::vector<Id> service_ids, service_partner;
  for (int i = 0; i < partners; ++i) {
    Partner p;
    p.id = d.next_id++;
    p.kind = static_cast<PartnerKind>(i % EnumInfo<PartnerKind>::count);
    const bool russian = rnd.chance(35);
    p.name = rnd.chance(50) ? std::string(russian ? rnd.pick(kPlaceRu) : rnd.pick(kPlaceUk)) + std::to_string(1 + rnd.below(300))
                            : std::string(rnd.pick(kOrg)) + " " + std::to_string(i);
    p.area = rnd.pick(kArea);
    p.tags = {rnd.chance(50) ? "школа" : "лікарі", rnd.chance(30) ? "партнер року" : "батьки"};
    for (int c = 0, n = 1 + rnd.below(3); c < n; ++c)
      p.contacts.push_back({d.next_id++, std::string(rnd.pick(kFirst)) + " " + rnd.pick(kLast), rnd.pick(kRole),
                            "+380 67 " + std::to_string(100 + rnd.below(900)) + " " + std::to_string(10 + rnd.below(90)) + " " +
                                std::to_string(10 + rnd.below(90)),
                            "p" + std::to_string(i) + "c" + std::to_string(c) + "@example.org", ""});
    p.stage = static_cast<Stage>(i % EnumInfo<Stage>::count);
    for (int s = 0; s <= static_cast<int>(p.stage); ++s) p.stage_history.push_back({static_cast<Stage>(s), day(s * 20 + i % 30)});
    p.trust = rnd.below(6);
    static const int kCadence[] = {0, 14, 30, 60, 90};
    p.follow_up_days = rnd.pick(kCadence);
    p.their_needs = rnd.pick(kNeedsText);
    p.notes = russian ? "Выдуманный партнёр для проверки." : "Вигаданий партнер для перевірки.";
    for (int s = 0, n = 1 + rnd.below(5); s < n; ++s) {  // 3 a partner on average
      Service svc;
      svc.id = d.next_id++;
      svc.partner_id = p.id;
      svc.name = rnd.pick(kService);
      svc.description = "До 10 учасників, щотижня; до 10 участников.";
      svc.need_tags = {kTags[rnd.below(6)][0]};
      if (rnd.chance(40)) svc.need_tags.push_back(kTags[rnd.below(6)][0]);
      if (svc.need_tags.size() == 2 && svc.need_tags[0] == svc.need_tags[1]) svc.need_tags.pop_back();
      svc.access_rules = "Дзвінок координатору, направлення листом.";
      svc.schedule = "пн-пт 10:00-18:00";
      svc.format = static_cast<ServiceFormat>(rnd.below(3));
      svc.languages = rnd.chance(50) ? std::vector<std::string>{"uk"} : std::vector<std::string>{"uk", "ru"};
      svc.capacity = rnd.below(20);
      service_ids.push_back(svc.id);
      service_partner.push_back(p.id);
      d.services.push_back(std::move(svc));
    }
    if (p.stage >= Stage::agreement) {
      Agreement a;
      a.id = d.next_id++;
      a.partner_id = p.id;
      a.status = static_cast<AgreementStatus>(i % EnumInfo<AgreementStatus>::count);
      a.start_date = day(i % 200);
      a.terms = "Взаємні направлення, спільні семінари двічі на рік.";
      d.agreements.push_back(std::move(a));
    }
    for (int k = 0, n = 5 + rnd.below(11); k < n; ++k) {  // 10 a partner on average
      Interaction in;
      in.id = d.next_id++;
      in.partner_id = p.id;
      in.date = day(rnd.below(600));
      in.channel = static_cast<Channel>(rnd.below(static_cast<int>(EnumInfo<Channel>::count)));
      in.who = p.contacts.front().name;
      in.summary = rnd.pick(kSummary);
      d.interactions.push_back(std::move(in));
    }
    d.partners.push_back(std::move(p));
  }
  // Cases (made-up aliases, never names) and their referrals, every status.
  for (int c = 0; c < partners / 10 && !service_ids.empty(); ++c) {
    Case k;
    k.id = d.next_id++;
    k.alias = "Клієнт К-" + std::to_string(c);
    k.needs = {kTags[c % 6][0]};
    k.opened = day(c % 500);
    k.motivation = c % 2 ? "Хочу спокійніше спати." : "Хочу наладить отношения с сыном.";
    d.cases.push_back(k);
    for (int r = 0; r < 2; ++r) {
      Referral ref;
      ref.id = d.next_id++;
      ref.direction = r == 0 ? Direction::out : Direction::in;
      ref.case_id = k.id;
      const int s = rnd.below(static_cast<int>(service_ids.size()));
      ref.partner_id = service_partner[static_cast<std::size_t>(s)];
      ref.service_id = ref.direction == Direction::out ? service_ids[static_cast<std::size_t>(s)] : 0;
      ref.status = static_cast<ReferralStatus>((c * 2 + r) % EnumInfo<ReferralStatus>::count);
      if (ref.status == ReferralStatus::re_routed) ref.status = ReferralStatus::closed;
      ref.reason = "Потрібна допомога, якої я не надаю.";
      ref.history = {{ReferralStatus::draft, day(c % 500), ""}, {ref.status, day(c % 500 + 7), ""}};
      d.referrals.push_back(std::move(ref));
    }
  }
  for (int e = 0; e < partners / 5; ++e) {
    Event ev;
    ev.id = d.next_id++;
    ev.kind = static_cast<EventKind>(e % EnumInfo<EventKind>::count);
    ev.title = e % 3 ? "Семінар для вчителів №" + std::to_string(e) : "Встреча с родителями №" + std::to_string(e);
    ev.starts_at = day(e * 730 / std::max(1, partners / 5)) + (e % 2 ? "T10:00" : "T15:30");
    ev.status = static_cast<EventStatus>(e % EnumInfo<EventStatus>::count);
    ev.place_or_link = "Ліцей №" + std::to_string(e % 100);
    const Id host = d.partners[static_cast<std::size_t>(rnd.below(partners))].id;
    ev.co_host_ids = {host};
    ev.venue_ids = {host};
    ev.attendance = 10 + rnd.below(40);
    ev.uid = "kolo-synthetic-" + std::to_string(seed) + "-" + std::to_string(e);
    d.events.push_back(std::move(ev));
  }
  return d;
}
