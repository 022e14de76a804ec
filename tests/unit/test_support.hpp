// Shared test data: a small hand-made network (made-up people and places) and a seeded random
// document generator with Cyrillic, emoji, quotes and empty strings.
#pragma once
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <algorithm>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "core/model.hpp"

namespace kolo::test {

// A file's bytes, as they are ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Everything but next_id: undo never lowers next_id, so "restored exactly" compares the tables.
inline bool same_tables(const Document& a, const Document& b) {
  Document x = a, y = b;
  x.next_id = y.next_id = 0;
  return x == y;
}

// A case with only what most tests need.
inline Case make_case(Id id, std::string alias, std::vector<std::string> needs, std::string opened = "") {
  Case c;
  c.id = id;
  c.alias = std::move(alias);
  c.needs = std::move(needs);
  c.opened = std::move(opened);
  return c;
}

// A valid network: two partners (one with two contacts), services, an agreement, an
// interaction, a case with a referral, an event linking them, the taxonomy, the practice
// profile, and a finished decline of the case that became its referral.
inline Document sample_document() {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"}, {2, "housing", "Housing", "Житло", "Жильё"}};
  Partner school{3, "Ліцей №7", PartnerKind::school_kindergarten, "Подільський р-н", {"школа"}, {}, Stage::met,
                 3, 30, "2025-04-01", "семінари для вчителів", "", "вул. Вигадана, 1", "lyceum7.example.org", 45, "", {}, 0};
  school.contacts = {{4, "Олена Вигадана", "шкільна психологиня", "+380 00 000 0000", "olena@example.org", "@olena"},
                     {5, "Ivan Madeup", "deputy head", "", "", ""}};
  Partner ngo{6, "Fund \"Warm Home\"", PartnerKind::ngo_charity, "", {}, {}, Stage::active, 5, 0, "", "", "notes", "", "", 0, "", {{Stage::met, "2025-01-05"}, {Stage::active, "2025-02-01"}}, 0};
  d.partners = {school, ngo};
  Service shelter{7, 6, "Кризове житло", "до 3 місяців", {"housing"}, "дзвінок координатору", "пн-пт",
                  ServiceFormat::in_person, {"uk", "ru"}, "18+", "free", 4, "Марія"};
  Service group{8, 3, "Група підтримки", "", {"anxiety"}, "", "", ServiceFormat::online, {}, "12-17", "", 0, ""};
  d.services = {shelter, group};
  d.agreements = {{9, 3, AgreementStatus::signed_, "2025-01-10", "2025-12-31", "terms", "warm hand-off", "form A"}};
  d.interactions = {{10, 6, "2025-02-02", Channel::call, "I", "talked", "send letter"}};
  Case c;
  c.id = 11;
  c.alias = "Клієнт А";
  c.needs = {"housing", "anxiety"};
  c.priority_tasks = "житло";
  c.barriers = {{Barrier::no_documents, "паспорт у заставі", "юрист"}};
  c.online_limits = {OnlineLimit::acute_state};
  c.opened = "2025-02-01";
  c.motivation = "хоче жити окремо";
  c.format = ServiceFormat::in_person;
  c.language = "uk";
  c.age_group = "18+";
  c.area = "Подільський р-н";
  c.free_only = true;
  c.declined_by = {3};
  d.cases = {c};
  d.partners[1].news_days = 3;
  Referral r;
  r.id = 12;
  r.case_id = 11;
  r.partner_id = 6;
  r.service_id = 7;
  r.reason = "needs shelter";
  r.letter_problem = "problem";
  r.letter_recommendations = "recommendations";
  r.client_informed = r.warm_handoff = true;
  r.warm_handoff_date = "2025-02-05";
  r.status = ReferralStatus::sent;
  r.history = {{ReferralStatus::draft, "2025-02-03", ""}, {ReferralStatus::sent, "2025-02-04", "emailed"}};
  r.told_content = "до 3 місяців";
  r.told_access = "дзвінок координатору";
  r.told_hours = "пн-пт";
  r.told_specialist = "Марія";
  r.letter_language = "uk";
  r.handoff_who_came = "Марія";
  r.handoff_barriers = {Barrier::no_documents};
  d.referrals = {r};
  Event e;
  e.id = 13;
  e.title = "Семінар для вчителів";
  e.kind = EventKind::seminar;
  e.starts_at = "2025-03-15T15:30";
  e.place_or_link = "Ліцей №7";
  e.audience = "teachers";
  e.status = EventStatus::planned;
  e.checklist = {{"book room", true}, {"flyer", false}};
  e.leads = 2;
  e.referral_ids = {12};
  e.duration_minutes = 120;
  e.time_zone = "Europe/Kyiv";
  e.co_host_ids = {3, 6};
  e.venue_ids = {3};
  e.expected_attendance = 30;
  e.contacts_met = 3;
  e.prep_minutes = 150;
  e.uid = "kolo-event-13-sample";
  d.events = {e};
  Profile profile;
  profile.id = 14;
  profile.client_groups = {ClientGroup::adults};
  profile.signature = "Оксана Вигадана, психологиня";
  profile.decline_next_steps = "Я напишу вам протягом двох робочих днів; оплату за сесію поверну.";
  profile.event_templates = {{EventKind::master_class, {"Узгодити дату з завучем", "Роздруківки"}}};
  d.profiles = {profile};
  Decline decline;
  decline.id = 15;
  decline.case_id = 11;
  decline.date = "2025-02-02";
  decline.after_first_session = true;
  decline.reason = DeclineReason::request_not_taken;
  decline.request_kind = "залежності";
  decline.self_check = {SelfCheckAnswer::yes, SelfCheckAnswer::no, SelfCheckAnswer::yes, SelfCheckAnswer::not_sure};
  decline.supervision_note = "обговорити на груповій супервізії";
  decline.message = "Дякую вам за нашу зустріч.";
  decline.client_told = true;
  decline.told_date = "2025-02-02";
  decline.client_name_shown = "Анна В.";
  decline.reason_detail = "запит поза моїм напрямом";
  decline.client_request = "житло і підтримка";
  decline.session_date = "2025-02-01";
  decline.clarified_reason = "потрібна команда";
  decline.session_findings = "важливе безпечне житло";
  decline.behaviour_notes = "очікує директивної допомоги";
  decline.next_match_nuances = "жінка-фахівчиня";
  decline.psychiatrist_recommended = true;
  decline.referral_id = 12;
  decline.finished = "2025-02-03";
  d.declines = {decline};
  d.next_id = 16;
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

template <class T> struct IsVectorT : std::false_type {};
template <class T> struct IsVectorT<std::vector<T>> : std::true_type { using item = T; };

// Random values for fields, read from the records' descriptions (model.hpp). With `valid`, the
// value keeps every rule; without, it may break one (blank where required, a bad date, a
// dangling reference, an unknown need tag ...), which the property tests need.
class RandomFields {
 public:
  RandomFields(std::mt19937& rng, Document& doc, bool valid) : rng_(rng), doc_(doc), valid_(valid) {}

  template <class T> void operator()(const Spec& s, T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
      value = text(s, s.required);
    } else if constexpr (std::is_same_v<T, int>) {
      value = s.lo + static_cast<int>(rng_() % static_cast<unsigned>(std::min(s.hi - s.lo, 100) + 1));
      if (!valid_ && rng_() % 8 == 0) value = rng_() % 2 ? s.hi + 1 : s.lo - 1;
    } else if constexpr (std::is_same_v<T, bool>) {
      value = rng_() % 2;
    } else if constexpr (std::is_same_v<T, Id>) {
      if (s.is_id) return;  // given by the caller
      if (s.is_ref) value = ref(s.target, s.required);
    } else if constexpr (KoloEnum<T>) {
      value = random_enum<T>(rng_);
    } else if constexpr (IsVectorT<T>::value) {
      using Item = typename IsVectorT<T>::item;
      value.clear();
      const unsigned n = rng_() % 3;
      for (unsigned i = 0; i < n; ++i) {
        if constexpr (std::is_same_v<Item, std::string>) {
          if (s.taxonomy) {
            if (!doc_.need_tags.empty()) value.push_back(doc_.need_tags[rng_() % doc_.need_tags.size()].key);
            if (!valid_ && rng_() % 10 == 0) value.push_back("no-such-need");
          } else {
            value.push_back(text(s, s.required));
          }
        } else if constexpr (std::is_same_v<Item, Id>) {
          Id id = ref(s.target, true);
          if (id != 0) value.push_back(id);
        } else if constexpr (KoloEnum<Item>) {
          value.push_back(random_enum<Item>(rng_));
        } else if constexpr (kDescribed<Item>) {
          Item item{};
          describe(item, *this);
          if constexpr (requires { item.id; }) item.id = valid_ || rng_() % 12 ? doc_.next_id++ : some_id();
          value.push_back(item);
        }
      }
    }
  }

  // An id some record or contact already has (to make duplicates), or 1.
  Id some_id() {
    std::vector<Id> ids;
    for_each_table(doc_, [&](const auto& table) {
      for (const auto& r : table) ids.push_back(r.id);
    });
    return ids.empty() ? 1 : ids[rng_() % ids.size()];
  }

 private:
  std::mt19937& rng_;
  Document& doc_;
  bool valid_;

  std::string text(const Spec& s, bool required) {
    if (!valid_ && rng_() % 12 == 0) {  // something that breaks a rule of this field
      switch (rng_() % 4) {
        case 0: return "   ";
        case 1: return "2025-02-30";
        case 2: return std::string(kMaxTextLength + 1, 'x');
        default: return "bad\xC3";
      }
    }
    std::string out;
    switch (s.text) {
      case Text::date: out = random_date(rng_); break;
      case Text::datetime:
        out = rng_() % 2 ? "2025-05-0" + std::to_string(1 + rng_() % 9) + "T1" + std::to_string(rng_() % 10) + ":30" : "";
        break;
      case Text::email: out = rng_() % 2 ? "x" + std::to_string(rng_() % 100) + "@example.org" : ""; break;
      case Text::slug: out = "tag" + std::to_string(rng_() % 1000); break;
      case Text::phone: out = rng_() % 2 ? "+380 00 " + std::to_string(1000000 + rng_() % 9000000) : ""; break;
      case Text::url: out = rng_() % 2 ? "https://p" + std::to_string(rng_() % 100) + ".example.org" : ""; break;
      case Text::long_text: out = random_text(rng_, 10); break;
      case Text::none:
      case Text::name: out = random_text(rng_); break;
    }
    if (required && out.find_first_not_of(" \t\r\n") == std::string::npos)
      out = s.text == Text::date ? "2025-01-01" : s.text == Text::datetime ? "2025-01-01T10:00" : "n" + out;
    return out;
  }

  Id ref(Table target, bool required) {
    std::vector<Id> ids = with_table_type(target, [&](auto tag) {
      std::vector<Id> out;
      for (const auto& r : rows<decltype(tag)>(doc_)) out.push_back(r.id);
      return out;
    });
    if (!valid_ && rng_() % 15 == 0) return rng_() % 2 ? 987654 : some_id();
    if (ids.empty() || (!required && rng_() % 3 == 0)) return 0;
    return ids[rng_() % ids.size()];
  }
};

// A random record of type R for `doc` (its references point into `doc`).
template <class R> R random_record(std::mt19937& rng, Document& doc, bool valid) {
  R r{};
  RandomFields fields(rng, doc, valid);
  describe(r, fields);
  if constexpr (std::is_same_v<R, Referral>) {  // the cross-record rule: a service of its partner
    if (const Service* s = find_record<Service>(doc, r.service_id); s && s->partner_id != r.partner_id && valid)
      r.service_id = 0;
  }
  if constexpr (std::is_same_v<R, NeedTag>) {  // keys are unique
    while (valid && std::any_of(doc.need_tags.begin(), doc.need_tags.end(), [&](const NeedTag& t) { return t.key == r.key; }))
      r.key += "x";
  }
  return r;
}

// A valid document of random shape, generated from the descriptions: every table, in the
// order of dependence, so every reference resolves.
inline Document random_document(unsigned seed) {
  std::mt19937 rng(seed);
  Document d;
  for_each_table(d, [&](auto& table) {
    using R = typename std::decay_t<decltype(table)>::value_type;
    for (int i = 0, n = static_cast<int>(rng() % 5) + (table_of<R>() == Table::need_tags ? 1 : 0); i < n; ++i) {
      R r = random_record<R>(rng, d, true);
      bool complete = true;
      describe(r, [&](const Spec& s, const auto& value) {  // a required reference with nothing to name
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Id>)
          if (s.is_ref && s.required && value == 0) complete = false;
      });
      if (!complete) continue;
      r.id = d.next_id++;
      table.push_back(r);
    }
  });
  d.next_id += static_cast<Id>(rng() % 5);
  return d;
}

}  // namespace kolo::test
