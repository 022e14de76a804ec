// The Document: everything a Kolo user owns (partners, their services, agreements, contacts
// with them, joint events, pseudonymous cases and referrals, the need-tag taxonomy), as plain
// values with stable ids. Views read it as `const Document&`; only commands change it.
//
// Index: [SECTION] ids and enums  [SECTION] records  [SECTION] document and tables
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] ids and enums
// ------------------------------------------------------------------------------------------------

// One id space for the whole document (records and contact persons): an id names exactly one
// thing, so a reference can never silently point at a record of another table. 0 = none.
using Id = std::int64_t;

enum class PartnerKind {
  colleague_psychologist, psychiatrist, clinic_doctor, school_kindergarten, university,
  company, ngo_charity, state_social_service, other
};
enum class Stage { prospect, contacted, met, agreement, active, dormant };
enum class ServiceFormat { in_person, online, both };
// `signed` is a C++ keyword, hence the underscore; the JSON spelling is still "signed".
enum class AgreementStatus { none, draft, signed_, expired };
enum class Channel { call, email, messenger, meeting, event, other };
enum class EventKind {
  seminar, webinar, workshop, training, master_class, parent_meeting, conference,
  supervision_group, working_meeting
};
enum class EventStatus { idea, planned, announced, done, cancelled };
enum class Barrier {
  debts, pawned_documents, legal_problems, active_substance_use, fear_of_services, no_documents, other
};
enum class OnlineLimit {
  acute_state, suicidal_risk, suspected_psychosis, expects_medication, no_private_space, beyond_competence
};
enum class Direction { in, out };
enum class ReferralStatus {
  draft, sent, accepted, first_appointment, in_service, closed, declined, no_show, client_refused
};

// The JSON spelling of each enum value, in declaration order, and the prefix of its catalog
// label key (`partner_kind.school_kindergarten`). One table per enum keeps the spelling, the
// parser and the labels from drifting apart.
template <class E> struct EnumInfo;
#define KOLO_ENUM_INFO(E, PREFIX, ...)                                         \
  template <> struct EnumInfo<E> {                                             \
    static constexpr std::string_view prefix = PREFIX;                         \
    static constexpr std::string_view names[] = {__VA_ARGS__};                 \
    static constexpr std::size_t count = sizeof(names) / sizeof(names[0]);     \
  };
KOLO_ENUM_INFO(PartnerKind, "partner_kind", "colleague_psychologist", "psychiatrist", "clinic_doctor",
               "school_kindergarten", "university", "company", "ngo_charity", "state_social_service", "other")
KOLO_ENUM_INFO(Stage, "stage", "prospect", "contacted", "met", "agreement", "active", "dormant")
KOLO_ENUM_INFO(ServiceFormat, "service_format", "in_person", "online", "both")
KOLO_ENUM_INFO(AgreementStatus, "agreement_status", "none", "draft", "signed", "expired")
KOLO_ENUM_INFO(Channel, "channel", "call", "email", "messenger", "meeting", "event", "other")
KOLO_ENUM_INFO(EventKind, "event_kind", "seminar", "webinar", "workshop", "training", "master_class",
               "parent_meeting", "conference", "supervision_group", "working_meeting")
KOLO_ENUM_INFO(EventStatus, "event_status", "idea", "planned", "announced", "done", "cancelled")
KOLO_ENUM_INFO(Barrier, "barrier", "debts", "pawned_documents", "legal_problems", "active_substance_use",
               "fear_of_services", "no_documents", "other")
KOLO_ENUM_INFO(OnlineLimit, "online_limit", "acute_state", "suicidal_risk", "suspected_psychosis",
               "expects_medication", "no_private_space", "beyond_competence")
KOLO_ENUM_INFO(Direction, "direction", "in", "out")
KOLO_ENUM_INFO(ReferralStatus, "referral_status", "draft", "sent", "accepted", "first_appointment",
               "in_service", "closed", "declined", "no_show", "client_refused")
#undef KOLO_ENUM_INFO

template <class E>
concept KoloEnum = requires { EnumInfo<E>::count; };

// "school_kindergarten" for PartnerKind::school_kindergarten.
template <KoloEnum E> std::string_view to_string(E value) {
  auto i = static_cast<std::size_t>(value);
  return i < EnumInfo<E>::count ? EnumInfo<E>::names[i] : std::string_view("?");
}
// The value spelt `text`; false (and *out untouched) for any other spelling.
template <KoloEnum E> bool from_string(std::string_view text, E* out) {
  for (std::size_t i = 0; i < EnumInfo<E>::count; ++i)
    if (EnumInfo<E>::names[i] == text) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}
// The catalog key of the value's label: "partner_kind.school_kindergarten".
template <KoloEnum E> std::string label_key(E value) {
  return std::string(EnumInfo<E>::prefix) + "." + std::string(to_string(value));
}
// All values in declaration order (for combo boxes and tests).
template <KoloEnum E> std::array<E, EnumInfo<E>::count> all_values() {
  std::array<E, EnumInfo<E>::count> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] records
// ------------------------------------------------------------------------------------------------
// Dates are "YYYY-MM-DD" and date-times "YYYY-MM-DDTHH:MM" (local time, as the user typed
// them); empty means not set. Strings are UTF-8.

struct ContactPerson {
  Id id = 0;
  std::string name, role, phone, email, messenger;
  bool operator==(const ContactPerson&) const = default;
};

struct Partner {
  Id id = 0;
  std::string name;
  PartnerKind kind = PartnerKind::other;
  std::string area;
  std::vector<std::string> tags;
  std::vector<ContactPerson> contacts;
  Stage stage = Stage::prospect;
  int trust = 0;           // 0..5
  int follow_up_days = 0;  // keep-in-touch cadence; 0 = none
  std::string next_follow_up;
  std::string their_needs;  // what they need from us
  std::string notes;
  bool operator==(const Partner&) const = default;
};

struct Service {
  Id id = 0;
  Id partner_id = 0;
  std::string name, description;
  std::vector<std::string> need_tags;  // NeedTag keys
  std::string access_rules, schedule;
  ServiceFormat format = ServiceFormat::in_person;
  std::vector<std::string> languages;
  std::string age_groups, cost;
  int capacity = 0;  // 0 = unknown
  std::string trusted_specialist;
  bool operator==(const Service&) const = default;
};

struct Agreement {
  Id id = 0;
  Id partner_id = 0;
  AgreementStatus status = AgreementStatus::none;
  std::string start_date, end_date, terms, handoff_procedure, report_forms;
  bool operator==(const Agreement&) const = default;
};

struct Interaction {
  Id id = 0;
  Id partner_id = 0;
  std::string date;
  Channel channel = Channel::call;
  std::string who, summary, next_step;
  bool operator==(const Interaction&) const = default;
};

struct ChecklistItem {
  std::string text;
  bool done = false;
  bool operator==(const ChecklistItem&) const = default;
};

struct Event {
  Id id = 0;
  std::string title;
  EventKind kind = EventKind::seminar;
  std::string starts_at;
  std::string place_or_link;
  std::vector<Id> partner_ids;
  std::string audience;
  EventStatus status = EventStatus::idea;
  int attendance = 0;
  std::vector<ChecklistItem> checklist;
  int leads = 0;
  std::vector<Id> referral_ids;
  std::string notes;
  bool operator==(const Event&) const = default;
};

// A client, pseudonymous by design: an alias and what is needed, never a diagnosis.
struct Case {
  Id id = 0;
  std::string alias;
  std::vector<std::string> needs;  // NeedTag keys
  std::string priority_tasks;
  std::vector<Barrier> barriers;
  std::vector<OnlineLimit> online_limits;
  std::string opened;
  std::string notes;
  bool operator==(const Case&) const = default;
};

struct StatusChange {
  ReferralStatus status = ReferralStatus::draft;
  std::string date;
  bool operator==(const StatusChange&) const = default;
};

struct Referral {
  Id id = 0;
  Direction direction = Direction::out;
  Id case_id = 0;
  Id partner_id = 0;
  Id service_id = 0;  // 0 = none
  std::string reason;
  std::string letter_problem, letter_recommendations;
  bool client_informed = false;
  bool warm_handoff = false;
  std::string warm_handoff_date;
  ReferralStatus status = ReferralStatus::draft;
  std::string outcome;
  std::vector<StatusChange> history;
  bool operator==(const Referral&) const = default;
};

// An entry of the need taxonomy shared by services (what they cover) and cases (what is needed).
struct NeedTag {
  Id id = 0;
  std::string key;  // ascii slug: a-z, 0-9, '_' and '-'
  std::string label_en, label_uk, label_ru;
  bool operator==(const NeedTag&) const = default;
};

// ------------------------------------------------------------------------------------------------
// [SECTION] document and tables
// ------------------------------------------------------------------------------------------------

struct Document {
  std::vector<Partner> partners;
  std::vector<Service> services;
  std::vector<Agreement> agreements;
  std::vector<Interaction> interactions;
  std::vector<Event> events;
  std::vector<Case> cases;
  std::vector<Referral> referrals;
  std::vector<NeedTag> need_tags;
  // The next id to hand out. Never lowered (not by deletion, not by undo), so an id is never
  // reused and an old reference can never come back to life pointing at something else.
  Id next_id = 1;
  bool operator==(const Document&) const = default;
};

// The tables, in the order of Document's members and of Record's alternatives.
enum class Table { partners, services, agreements, interactions, events, cases, referrals, need_tags };
using Record = std::variant<Partner, Service, Agreement, Interaction, Event, Case, Referral, NeedTag>;

template <> struct EnumInfo<Table> {
  static constexpr std::string_view prefix = "table";
  static constexpr std::string_view names[] = {"partners", "services", "agreements", "interactions",
                                               "events",   "cases",    "referrals",  "need_tags"};
  static constexpr std::size_t count = 8;
};

Table table_of(const Record& record);
Id record_id(const Record& record);
void set_record_id(Record& record, Id id);

// The table holding records of type R (`rows<Partner>(doc)` is `doc.partners`).
template <class R> std::vector<R>& rows(Document& doc);
template <class R> const std::vector<R>& rows(const Document& doc) {
  return rows<R>(const_cast<Document&>(doc));
}
template <> inline std::vector<Partner>& rows<Partner>(Document& d) { return d.partners; }
template <> inline std::vector<Service>& rows<Service>(Document& d) { return d.services; }
template <> inline std::vector<Agreement>& rows<Agreement>(Document& d) { return d.agreements; }
template <> inline std::vector<Interaction>& rows<Interaction>(Document& d) { return d.interactions; }
template <> inline std::vector<Event>& rows<Event>(Document& d) { return d.events; }
template <> inline std::vector<Case>& rows<Case>(Document& d) { return d.cases; }
template <> inline std::vector<Referral>& rows<Referral>(Document& d) { return d.referrals; }
template <> inline std::vector<NeedTag>& rows<NeedTag>(Document& d) { return d.need_tags; }

// Index of the record with `id` in its table, or -1.
template <class R> std::ptrdiff_t index_of(const std::vector<R>& table, Id id) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].id == id) return static_cast<std::ptrdiff_t>(i);
  return -1;
}
template <class R> const R* find_record(const Document& doc, Id id) {
  std::ptrdiff_t i = index_of(rows<R>(doc), id);
  return i < 0 ? nullptr : &rows<R>(doc)[static_cast<std::size_t>(i)];
}

}  // namespace kolo
