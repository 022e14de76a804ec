// The Document: everything a Kolo user owns (partners, their services, agreements, contacts
// with them, joint events, pseudonymous cases and referrals, the need-tag taxonomy), as plain
// values with stable ids. Views read it as `const Document&`; only commands change it.
//
// Index: [SECTION] ids and enums  [SECTION] records  [SECTION] tables  [SECTION] field descriptions
//        [SECTION] document
#pragma once
#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/i18n.hpp"

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
  supervision_group, working_meeting, other
};
// What a partner does at a joint event; a partner may have several roles (a school co-hosts
// the master class and is its venue).
enum class EventRole { host, co_host, venue, audience };
enum class EventStatus { idea, planned, announced, done, cancelled };
enum class Barrier {
  debts, pawned_documents, legal_problems, active_substance_use, fear_of_services, no_documents, other
};
enum class OnlineLimit {
  acute_state, suicidal_risk, suspected_psychosis, expects_medication, no_private_space, beyond_competence
};
enum class Direction { in, out };
enum class ReferralStatus {
  draft, sent, accepted, first_appointment, in_service, closed, declined, no_show, client_refused,
  no_capacity, not_eligible, could_not_contact, re_routed
};
// Whom a practice works with (the outreach planner's first question, seed 000).
enum class ClientGroup { children, teenagers, students, parents, adults, couples_families, employees, older_adults };
// Why a therapist cannot go on with a client (seed 001's list). The first three are about
// competence or approach, the last three personal or ethical (core/decline.hpp: the message
// to the client follows the group).
enum class DeclineReason {
  beyond_competence, request_not_taken, psychiatrist_needed, boundaries_broken, personal_trigger, other_ethical
};
// An answer to one of the five self-check questions before a decline (seed 001, step 1).
enum class SelfCheckAnswer { unanswered, yes, no, not_sure };

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
               "parent_meeting", "conference", "supervision_group", "working_meeting", "other")
KOLO_ENUM_INFO(EventRole, "event_role", "host", "co_host", "venue", "audience")
KOLO_ENUM_INFO(EventStatus, "event_status", "idea", "planned", "announced", "done", "cancelled")
KOLO_ENUM_INFO(Barrier, "barrier", "debts", "pawned_documents", "legal_problems", "active_substance_use",
               "fear_of_services", "no_documents", "other")
KOLO_ENUM_INFO(OnlineLimit, "online_limit", "acute_state", "suicidal_risk", "suspected_psychosis",
               "expects_medication", "no_private_space", "beyond_competence")
KOLO_ENUM_INFO(Direction, "direction", "in", "out")
KOLO_ENUM_INFO(ReferralStatus, "referral_status", "draft", "sent", "accepted", "first_appointment",
               "in_service", "closed", "declined", "no_show", "client_refused", "no_capacity", "not_eligible",
               "could_not_contact", "re_routed")
KOLO_ENUM_INFO(ClientGroup, "client_group", "children", "teenagers", "students", "parents", "adults",
               "couples_families", "employees", "older_adults")
KOLO_ENUM_INFO(DeclineReason, "decline_reason", "beyond_competence", "request_not_taken", "psychiatrist_needed",
               "boundaries_broken", "personal_trigger", "other_ethical")
KOLO_ENUM_INFO(SelfCheckAnswer, "self_check_answer", "unanswered", "yes", "no", "not_sure")
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

// A dated move on the pipeline (the partner's stage history).
struct StageMove {
  Stage stage = Stage::prospect;
  std::string date;
  bool operator==(const StageMove&) const = default;
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
  // Keep in touch (core/partners.hpp): the ideal and the longest gap between contacts, in
  // days; 0 = follow the partner's tags (Cadence records), or none.
  int follow_up_days = 0;
  std::string next_follow_up;  // an agreed date for the next contact (overrides the cadence)
  std::string their_needs;  // what they need from us
  std::string notes;
  std::string address, website;
  int follow_up_max_days = 0;
  std::string snoozed_until;  // keep-in-touch reminders wait until this date
  std::vector<StageMove> stage_history;
  // A referral to or from this partner with no news for this many business days shows on the
  // Dashboard (core/referrals.hpp); 0 = the default, kDefaultNewsDays.
  int news_days = 0;
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

// Format 5: a joint event (seed 000: seminars, webinars, workshops, master classes, parent
// meetings; seed 002: joint seminars and working meetings that make partner staff one team).
struct Event {
  Id id = 0;
  std::string title;
  EventKind kind = EventKind::seminar;
  std::string starts_at;  // "YYYY-MM-DDTHH:MM" on the wall clock of time_zone; "" = not dated yet
  std::string place_or_link;
  std::string audience;  // who it is for ("teachers of grades 5-11")
  EventStatus status = EventStatus::idea;
  int attendance = 0;  // actual
  std::vector<ChecklistItem> checklist;
  int leads = 0;  // people who asked for help or a follow-up
  std::vector<Id> referral_ids;  // referrals attributed to the event
  std::string notes;
  // Since format 5.
  int duration_minutes = 90;
  std::string time_zone = "Europe/Kyiv";  // IANA name; the event's times are its wall clock
  // The partners involved, by role (core/events.hpp: event_partners joins them); one partner
  // may be in several lists. Format 4's partner_ids became co_host_ids.
  std::vector<Id> host_ids, co_host_ids, venue_ids, audience_ids;
  int expected_attendance = 0;
  int contacts_met = 0;  // new professional contacts made there
  int prep_minutes = 0;  // preparation time (the event's own duration counts besides)
  // The calendar's UID (RFC 5545): made once when the event is created, so that a calendar
  // importing Kolo's .ics again updates the event instead of adding a second one.
  std::string uid;
  bool operator==(const Event&) const = default;
};
// The event's four partner lists, in EventRole order.
inline std::array<std::vector<Id>*, 4> role_lists(Event& e) {
  return {&e.host_ids, &e.co_host_ids, &e.venue_ids, &e.audience_ids};
}
inline std::array<const std::vector<Id>*, 4> role_lists(const Event& e) {
  return {&e.host_ids, &e.co_host_ids, &e.venue_ids, &e.audience_ids};
}
// The partners involved in any role, each once, hosts first (in EventRole order of the lists).
inline std::vector<Id> event_partner_ids(const Event& e) {
  std::vector<Id> out;
  for (const std::vector<Id>* list : role_lists(e))
    for (Id id : *list)
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

// A barrier that keeps a client away from services (seed 002), what the specialist found out
// about it (is the fear grounded?) and what was done.
struct BarrierNote {
  Barrier barrier = Barrier::other;
  std::string found, done;
  bool operator==(const BarrierNote&) const = default;
};

// A client, pseudonymous by design: an alias and what is needed, never a diagnosis (there is
// no field for one, and the letter warns when text looks like one: core/lexicon.hpp).
struct Case {
  Id id = 0;
  std::string alias;
  std::vector<std::string> needs;  // NeedTag keys
  std::string priority_tasks;
  std::vector<BarrierNote> barriers;
  std::vector<OnlineLimit> online_limits;
  std::string opened;
  std::string notes;
  // Since format 4.
  std::string motivation;  // what the client wants to change, in their words
  // What fits the client, for matching (core/matching.hpp): `both` = either format; empty
  // texts = no preference. Languages are codes as in services ("uk"); an age group is "12-17",
  // "18+" or "7".
  ServiceFormat format = ServiceFormat::both;
  std::string language, age_group, area;
  bool free_only = false;
  std::vector<Id> declined_by;  // partners that declined this case: not offered again
  std::string closed;           // the day the case was closed ("" = open)
  std::string outcome;          // how it ended (kept when the case is reopened)
  bool operator==(const Case&) const = default;
};

struct StatusChange {
  ReferralStatus status = ReferralStatus::draft;
  std::string date;
  std::string note;  // news without a change of status ("called: waiting list"), or why
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
  // Since format 4.
  Id rerouted_from = 0;  // the referral this one replaces (which ended `re_routed`)
  // What the client was told, taken from the service when the referral was made and kept as
  // it was said even when the service changes later.
  std::string told_content, told_access, told_hours, told_specialist;
  std::string letter_language;  // "uk", "ru" or "en" ("" = the interface's)
  // The warm hand-off: a joint meeting with the client and the partner's representative
  // (warm_handoff: planned; warm_handoff_date: when), who came, and the barriers dealt with
  // before it.
  std::string handoff_who_came;
  std::vector<Barrier> handoff_barriers;
  bool operator==(const Referral&) const = default;
};

// A keep-in-touch cadence for every partner carrying a tag ("schools" every 30 days, at most
// 45): a partner's own cadence overrides it; with several tags, the shortest applies.
struct Cadence {
  Id id = 0;
  std::string tag;
  int ideal_days = 30;
  int max_days = 0;  // 0 = one and a half times the ideal
  bool operator==(const Cadence&) const = default;
};

// A problem the outreach planner knows (seed 000): whom it concerns, who around such a client
// notices it or hears the complaint, and the kinds of partner those people work in. `mine`:
// the practice works with it.
struct Problem {
  Id id = 0;
  std::string name;
  std::vector<ClientGroup> groups;
  std::string who_notices;
  std::vector<PartnerKind> kinds;
  bool mine = false;
  bool operator==(const Problem&) const = default;
};

// A preparation checklist the user keeps for one kind of event.
struct EventTemplate {
  EventKind kind = EventKind::seminar;
  std::vector<std::string> items;
  bool operator==(const EventTemplate&) const = default;
};

// The practice profile: the client groups the user works with (one record; the first counts).
struct Profile {
  Id id = 0;
  std::vector<ClientGroup> client_groups;
  std::string notes;
  std::string signature;  // since format 4: name, position and contact that sign referral letters
  // Since format 4: the practice's own words for what happens after a decline (who contacts
  // the client and when, what happens to payment), put into the message to the client in
  // place of a platform's text (core/decline.hpp). "" = a neutral sentence from the catalog.
  std::string decline_next_steps;
  // Since format 5: the user's preparation checklists per event kind, in place of the
  // built-in ones (core/events.hpp: checklist_template).
  std::vector<EventTemplate> event_templates;
  bool operator==(const Profile&) const = default;
};

// The self-check has this many questions (seed 001); Decline::self_check holds at most this
// many answers, answer i to question i (a shorter list: the rest unanswered).
inline constexpr std::size_t kSelfCheckQuestions = 5;

// Since format 4: the therapist (the user) declines a client and refers them on, by seed 001's
// protocol (core/decline.hpp): the reason, an optional self-check, the message to the client
// (told first), the hand-off form (no diagnosis), and the outgoing referral it became.
struct Decline {
  Id id = 0;
  Id case_id = 0;
  std::string date;                  // when the decline was started
  bool after_first_session = false;  // the seed advises deciding after the first session
  DeclineReason reason = DeclineReason::beyond_competence;
  std::string request_kind;               // the kind of request not taken ("addictions"), for matching
  std::vector<SelfCheckAnswer> self_check;  // answer i to question i; at most kSelfCheckQuestions
  std::string supervision_note;           // "not sure": the case taken to supervision
  std::string message;                    // the text for the client, edited per client
  bool client_told = false;
  std::string told_date;
  // The hand-off form (seed 001, step 3). Required to finish: client_name_shown,
  // reason_detail, client_request (unless request_confidential) and client_told.
  std::string client_name_shown;  // the client's name as the therapist sees it (may differ from the alias)
  std::string reason_detail;      // short, professional, no sensitive detail
  std::string client_request;
  bool request_confidential = false;
  // Optional details.
  std::string session_date;
  std::string clarified_reason, session_findings, behaviour_notes, next_match_nuances;
  // The psychiatrist path: a psychiatrist recommended (psychiatrist_partner_id: from the
  // network, 0 = none named) and whether the contact was given to the client.
  bool psychiatrist_recommended = false;
  bool psychiatrist_contact_given = false;
  Id psychiatrist_partner_id = 0;
  Id referral_id = 0;    // the outgoing referral the decline became (0 = none yet)
  std::string finished;  // the day the protocol was finished ("" = under way)
  bool operator==(const Decline&) const = default;
};

// An entry of the need taxonomy shared by services (what they cover) and cases (what is needed).
// Where a partner's node stands on the network map (ui/view_map.cpp, core/layout.hpp), in map
// units around "me" at (0, 0): kept in the document so the map looks the same after a reload
// and in an exported file. A record of its own rather than fields of the partner, so arranging
// the map never changes a partner's record (nor its revision when a team syncs). Pinned: the
// user put it there, and the layout leaves it. One per partner (the first counts).
struct MapPosition {
  Id id = 0;
  Id partner_id = 0;
  int x = 0, y = 0;
  bool pinned = false;
  bool operator==(const MapPosition&) const = default;
};

struct NeedTag {
  Id id = 0;
  std::string key;  // ascii slug: a-z, 0-9, '_' and '-'
  std::string label_en, label_uk, label_ru;
  bool operator==(const NeedTag&) const = default;
};
// A need tag's label in `lang`: the English one where it has none in `lang`, its key where it
// has no label at all. The one rule every screen, letter and file that names a need follows.
const std::string& need_tag_label(const NeedTag& tag, Lang lang);

// ------------------------------------------------------------------------------------------------
// [SECTION] tables
// ------------------------------------------------------------------------------------------------
// THE list of tables. Each entry is (record type, member of Document and JSON key, singular
// noun of catalog keys such as cmd.add_<noun>). Everything per table follows from this list and
// the records' descriptions below: the Document's members, the Table enum, the Record variant,
// JSON, validation, deletion rules, import matching, counts. Adding a table is one line here,
// its struct and description, and its catalog labels (plus a migration when the file changes).
//
// The order is the order of dependence: a table refers only to tables listed before it, so
// loading, importing and generating in this order always finds what a record refers to.
#define KOLO_TABLES(X)                    \
  X(NeedTag, need_tags, need_tag)         \
  X(Partner, partners, partner)           \
  X(Service, services, service)           \
  X(Agreement, agreements, agreement)     \
  X(Interaction, interactions, interaction) \
  X(Case, cases, case)                    \
  X(Referral, referrals, referral)        \
  X(Event, events, event)                 \
  X(Cadence, cadences, cadence)           \
  X(Problem, problems, problem)           \
  X(Profile, profiles, profile)           \
  X(Decline, declines, decline)           \
  X(MapPosition, map_positions, map_position)

#define KOLO_X_ENUM(Type, member, noun) member,
enum class Table { KOLO_TABLES(KOLO_X_ENUM) };
#undef KOLO_X_ENUM
#define KOLO_X_NAME(Type, member, noun) #member,
template <> struct EnumInfo<Table> {
  static constexpr std::string_view prefix = "table";
  static constexpr std::string_view names[] = {KOLO_TABLES(KOLO_X_NAME)};
  static constexpr std::size_t count = sizeof(names) / sizeof(names[0]);
};
#undef KOLO_X_NAME
inline constexpr std::size_t kTableCount = EnumInfo<Table>::count;

// ------------------------------------------------------------------------------------------------
// [SECTION] field descriptions
// ------------------------------------------------------------------------------------------------
// Each record type describes its fields once, in a describe(record, visitor) function: the
// visitor is called with a Spec and the member, in the order the fields are written to JSON.
// The member's C++ type says what kind of value it is (text, number, flag, id, enum, list,
// nested records); the Spec says the rest.

enum class Text : std::uint8_t {
  none,
  name,       // a short line: at most kMaxNameLength code points
  long_text,  // notes, descriptions, letters: at most kMaxTextLength
  date,       // "YYYY-MM-DD" or empty
  datetime,   // "YYYY-MM-DDTHH:MM" or empty
  email,      // a plausible e-mail address or empty
  phone,      // digits with the usual separators (+ ( ) - . space), 5 to 20 digits, or empty
  url,        // a web address: an optional http(s)://, a dotted host, no spaces; or empty
  slug,       // a-z, 0-9, '_' and '-'
};
enum class KeyPart : std::uint8_t { no, exact, folded };  // part of the import-matching key?
enum class OnDelete : std::uint8_t {
  none,
  cascade,  // deleting the target deletes this record too
  block,    // this record blocks the target's deletion (err.delete_blocked)
  unlink,   // the target's id is removed from this list
};

inline constexpr std::size_t kMaxNameLength = 200;    // code points: names, titles, short fields
inline constexpr std::size_t kMaxTextLength = 20000;  // code points: descriptions, notes, letters
inline constexpr int kMaxTrust = 5;
inline constexpr int kMaxFollowUpDays = 3660;
inline constexpr int kMaxCount = 1000000;  // attendance, leads, capacity
inline constexpr int kMaxMapCoordinate = 10000000;  // map units either way from "me"
inline constexpr int kMaxEventMinutes = 7 * 24 * 60;  // an event's duration, its preparation

struct Spec {
  const char* name = "";  // JSON key, and the last segment of validation pointers
  Text text = Text::none;
  // A single value must be in the file and, for text, not blank; for a reference, not 0.
  // For a list of texts: each item must be non-blank (the list itself may be empty).
  bool required = false;
  bool is_id = false;    // the record's own id, in the document's one id space
  bool is_ref = false;   // the id of a record of `target` (0 = none, unless required)
  Table target = Table::partners;
  OnDelete on_delete = OnDelete::none;
  bool taxonomy = false;  // texts that must be keys of the need-tag taxonomy (blocks deletion)
  bool unique = false;    // no two records of the table share this value
  KeyPart key = KeyPart::no;
  int lo = 0, hi = 0;  // numbers: the allowed range

  explicit constexpr Spec(const char* field_name) : name(field_name) {}
  constexpr Spec as(Text t) const { Spec s = *this; s.text = t; return s; }
  constexpr Spec req() const { Spec s = *this; s.required = true; return s; }
  constexpr Spec id() const { Spec s = *this; s.is_id = true; return s; }
  constexpr Spec ref(Table t, OnDelete d) const { Spec s = *this; s.is_ref = true; s.target = t; s.on_delete = d; return s; }
  constexpr Spec tags_of_taxonomy() const { Spec s = *this; s.taxonomy = true; s.on_delete = OnDelete::block; return s; }
  constexpr Spec uniq() const { Spec s = *this; s.unique = true; return s; }
  constexpr Spec key_part(KeyPart k = KeyPart::exact) const { Spec s = *this; s.key = k; return s; }
  constexpr Spec range(int low, int high) const { Spec s = *this; s.lo = low; s.hi = high; return s; }
};

// Which types have a description (records, and the nested values inside them).
template <class T> inline constexpr bool kDescribed = false;
#define KOLO_DESCRIBE(Type)                           \
  template <> inline constexpr bool kDescribed<Type> = true; \
  template <class Self, class V>                      \
    requires std::same_as<std::remove_const_t<Self>, Type> \
  constexpr void describe(Self& r, V&& v)

KOLO_DESCRIBE(ContactPerson) {
  v(Spec("id").id(), r.id);
  v(Spec("name").as(Text::name).key_part(KeyPart::folded), r.name);
  v(Spec("role").as(Text::name), r.role);
  v(Spec("phone").as(Text::phone), r.phone);
  v(Spec("email").as(Text::email), r.email);
  v(Spec("messenger").as(Text::name), r.messenger);
}

KOLO_DESCRIBE(Partner) {
  v(Spec("id").id(), r.id);
  v(Spec("name").as(Text::name).req().key_part(KeyPart::folded), r.name);
  v(Spec("kind").req().key_part(), r.kind);
  v(Spec("area").as(Text::name), r.area);
  v(Spec("tags").as(Text::name).req(), r.tags);
  v(Spec("contacts"), r.contacts);
  v(Spec("stage"), r.stage);
  v(Spec("trust").range(0, kMaxTrust), r.trust);
  v(Spec("follow_up_days").range(0, kMaxFollowUpDays), r.follow_up_days);
  v(Spec("next_follow_up").as(Text::date), r.next_follow_up);
  v(Spec("their_needs").as(Text::long_text), r.their_needs);
  v(Spec("notes").as(Text::long_text), r.notes);
  v(Spec("address").as(Text::name), r.address);
  v(Spec("website").as(Text::url), r.website);
  v(Spec("follow_up_max_days").range(0, kMaxFollowUpDays), r.follow_up_max_days);
  v(Spec("snoozed_until").as(Text::date), r.snoozed_until);
  v(Spec("stage_history"), r.stage_history);
  v(Spec("news_days").range(0, kMaxFollowUpDays), r.news_days);
}

KOLO_DESCRIBE(StageMove) {
  v(Spec("stage").req(), r.stage);
  v(Spec("date").as(Text::date).req(), r.date);
}

KOLO_DESCRIBE(Service) {
  v(Spec("id").id(), r.id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::cascade).key_part(), r.partner_id);
  v(Spec("name").as(Text::name).req().key_part(KeyPart::folded), r.name);
  v(Spec("description").as(Text::long_text), r.description);
  v(Spec("need_tags").as(Text::name).req().tags_of_taxonomy(), r.need_tags);
  v(Spec("access_rules").as(Text::long_text), r.access_rules);
  v(Spec("schedule").as(Text::long_text), r.schedule);
  v(Spec("format"), r.format);
  v(Spec("languages").as(Text::name).req(), r.languages);
  v(Spec("age_groups").as(Text::name), r.age_groups);
  v(Spec("cost").as(Text::name), r.cost);
  v(Spec("capacity").range(0, kMaxCount), r.capacity);
  v(Spec("trusted_specialist").as(Text::name), r.trusted_specialist);
}

KOLO_DESCRIBE(Agreement) {
  v(Spec("id").id(), r.id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::cascade).key_part(), r.partner_id);
  v(Spec("status"), r.status);
  v(Spec("start_date").as(Text::date).key_part(), r.start_date);
  v(Spec("end_date").as(Text::date), r.end_date);
  v(Spec("terms").as(Text::long_text), r.terms);
  v(Spec("handoff_procedure").as(Text::long_text), r.handoff_procedure);
  v(Spec("report_forms").as(Text::long_text), r.report_forms);
}

KOLO_DESCRIBE(Interaction) {
  v(Spec("id").id(), r.id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::cascade).key_part(), r.partner_id);
  v(Spec("date").as(Text::date).req().key_part(), r.date);
  v(Spec("channel").key_part(), r.channel);
  v(Spec("who").as(Text::name), r.who);
  v(Spec("summary").as(Text::long_text).key_part(KeyPart::folded), r.summary);
  v(Spec("next_step").as(Text::long_text), r.next_step);
}

KOLO_DESCRIBE(ChecklistItem) {
  v(Spec("text").as(Text::name).req(), r.text);
  v(Spec("done"), r.done);
}

KOLO_DESCRIBE(Event) {
  v(Spec("id").id(), r.id);
  v(Spec("title").as(Text::name).req().key_part(KeyPart::folded), r.title);
  v(Spec("kind"), r.kind);
  v(Spec("starts_at").as(Text::datetime).key_part(), r.starts_at);
  v(Spec("duration_minutes").range(0, kMaxEventMinutes), r.duration_minutes);
  v(Spec("time_zone").as(Text::name), r.time_zone);
  v(Spec("place_or_link").as(Text::name), r.place_or_link);
  v(Spec("host_ids").ref(Table::partners, OnDelete::unlink), r.host_ids);
  v(Spec("co_host_ids").ref(Table::partners, OnDelete::unlink), r.co_host_ids);
  v(Spec("venue_ids").ref(Table::partners, OnDelete::unlink), r.venue_ids);
  v(Spec("audience_ids").ref(Table::partners, OnDelete::unlink), r.audience_ids);
  v(Spec("audience").as(Text::name), r.audience);
  v(Spec("status"), r.status);
  v(Spec("expected_attendance").range(0, kMaxCount), r.expected_attendance);
  v(Spec("attendance").range(0, kMaxCount), r.attendance);
  v(Spec("checklist"), r.checklist);
  v(Spec("contacts_met").range(0, kMaxCount), r.contacts_met);
  v(Spec("leads").range(0, kMaxCount), r.leads);
  v(Spec("referral_ids").ref(Table::referrals, OnDelete::unlink), r.referral_ids);
  v(Spec("prep_minutes").range(0, kMaxEventMinutes), r.prep_minutes);
  v(Spec("notes").as(Text::long_text), r.notes);
  v(Spec("uid").as(Text::name), r.uid);
}

KOLO_DESCRIBE(Case) {
  v(Spec("id").id(), r.id);
  v(Spec("alias").as(Text::name).req().key_part(KeyPart::folded), r.alias);
  v(Spec("needs").as(Text::name).req().tags_of_taxonomy(), r.needs);
  v(Spec("priority_tasks").as(Text::long_text), r.priority_tasks);
  v(Spec("motivation").as(Text::long_text), r.motivation);
  v(Spec("barriers"), r.barriers);
  v(Spec("online_limits"), r.online_limits);
  v(Spec("format"), r.format);
  v(Spec("language").as(Text::name), r.language);
  v(Spec("age_group").as(Text::name), r.age_group);
  v(Spec("area").as(Text::name), r.area);
  v(Spec("free_only"), r.free_only);
  v(Spec("declined_by").ref(Table::partners, OnDelete::unlink), r.declined_by);
  v(Spec("opened").as(Text::date), r.opened);
  v(Spec("closed").as(Text::date), r.closed);
  v(Spec("outcome").as(Text::long_text), r.outcome);
  v(Spec("notes").as(Text::long_text), r.notes);
}

KOLO_DESCRIBE(BarrierNote) {
  v(Spec("barrier").req(), r.barrier);
  v(Spec("found").as(Text::long_text), r.found);
  v(Spec("done").as(Text::long_text), r.done);
}

KOLO_DESCRIBE(StatusChange) {
  v(Spec("status").req(), r.status);
  v(Spec("date").as(Text::date).req(), r.date);
  v(Spec("note").as(Text::long_text), r.note);
}

KOLO_DESCRIBE(Referral) {
  v(Spec("id").id(), r.id);
  v(Spec("direction").req().key_part(), r.direction);
  v(Spec("case_id").req().ref(Table::cases, OnDelete::cascade).key_part(), r.case_id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::block).key_part(), r.partner_id);
  v(Spec("service_id").ref(Table::services, OnDelete::block).key_part(), r.service_id);
  v(Spec("rerouted_from").ref(Table::referrals, OnDelete::unlink), r.rerouted_from);
  v(Spec("reason").as(Text::long_text).key_part(KeyPart::folded), r.reason);
  v(Spec("told_content").as(Text::long_text), r.told_content);
  v(Spec("told_access").as(Text::long_text), r.told_access);
  v(Spec("told_hours").as(Text::long_text), r.told_hours);
  v(Spec("told_specialist").as(Text::name), r.told_specialist);
  v(Spec("letter_language").as(Text::slug), r.letter_language);
  v(Spec("letter_problem").as(Text::long_text), r.letter_problem);
  v(Spec("letter_recommendations").as(Text::long_text), r.letter_recommendations);
  v(Spec("client_informed"), r.client_informed);
  v(Spec("warm_handoff"), r.warm_handoff);
  v(Spec("warm_handoff_date").as(Text::date), r.warm_handoff_date);
  v(Spec("handoff_who_came").as(Text::name), r.handoff_who_came);
  v(Spec("handoff_barriers"), r.handoff_barriers);
  v(Spec("status").req(), r.status);
  v(Spec("outcome").as(Text::long_text), r.outcome);
  v(Spec("history"), r.history);
}

KOLO_DESCRIBE(NeedTag) {
  v(Spec("id").id(), r.id);
  v(Spec("key").as(Text::slug).req().uniq().key_part(), r.key);
  v(Spec("label_en").as(Text::name), r.label_en);
  v(Spec("label_uk").as(Text::name), r.label_uk);
  v(Spec("label_ru").as(Text::name), r.label_ru);
}
KOLO_DESCRIBE(Cadence) {
  v(Spec("id").id(), r.id);
  v(Spec("tag").as(Text::name).req().key_part(KeyPart::folded), r.tag);
  v(Spec("ideal_days").range(1, kMaxFollowUpDays), r.ideal_days);
  v(Spec("max_days").range(0, kMaxFollowUpDays), r.max_days);
}

KOLO_DESCRIBE(Problem) {
  v(Spec("id").id(), r.id);
  v(Spec("name").as(Text::name).req().key_part(KeyPart::folded), r.name);
  v(Spec("groups"), r.groups);
  v(Spec("who_notices").as(Text::long_text), r.who_notices);
  v(Spec("kinds"), r.kinds);
  v(Spec("mine"), r.mine);
}

KOLO_DESCRIBE(EventTemplate) {
  v(Spec("kind").req(), r.kind);
  v(Spec("items").as(Text::name).req(), r.items);
}

KOLO_DESCRIBE(Profile) {
  v(Spec("id").id(), r.id);
  v(Spec("client_groups"), r.client_groups);
  v(Spec("notes").as(Text::long_text), r.notes);
  v(Spec("signature").as(Text::long_text), r.signature);
  v(Spec("decline_next_steps").as(Text::long_text), r.decline_next_steps);
  v(Spec("event_templates"), r.event_templates);
}


KOLO_DESCRIBE(Decline) {
  v(Spec("id").id(), r.id);
  v(Spec("case_id").req().ref(Table::cases, OnDelete::cascade).key_part(), r.case_id);
  v(Spec("date").as(Text::date).key_part(), r.date);
  v(Spec("after_first_session"), r.after_first_session);
  v(Spec("reason").key_part(), r.reason);
  v(Spec("request_kind").as(Text::name), r.request_kind);
  v(Spec("self_check"), r.self_check);
  v(Spec("supervision_note").as(Text::long_text), r.supervision_note);
  v(Spec("message").as(Text::long_text), r.message);
  v(Spec("client_told"), r.client_told);
  v(Spec("told_date").as(Text::date), r.told_date);
  v(Spec("client_name_shown").as(Text::name), r.client_name_shown);
  v(Spec("reason_detail").as(Text::long_text), r.reason_detail);
  v(Spec("client_request").as(Text::long_text), r.client_request);
  v(Spec("request_confidential"), r.request_confidential);
  v(Spec("session_date").as(Text::date), r.session_date);
  v(Spec("clarified_reason").as(Text::long_text), r.clarified_reason);
  v(Spec("session_findings").as(Text::long_text), r.session_findings);
  v(Spec("behaviour_notes").as(Text::long_text), r.behaviour_notes);
  v(Spec("next_match_nuances").as(Text::long_text), r.next_match_nuances);
  v(Spec("psychiatrist_recommended"), r.psychiatrist_recommended);
  v(Spec("psychiatrist_contact_given"), r.psychiatrist_contact_given);
  v(Spec("psychiatrist_partner_id").ref(Table::partners, OnDelete::unlink), r.psychiatrist_partner_id);
  v(Spec("referral_id").ref(Table::referrals, OnDelete::unlink), r.referral_id);
  v(Spec("finished").as(Text::date), r.finished);
}
KOLO_DESCRIBE(MapPosition) {
  v(Spec("id").id(), r.id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::cascade).key_part(), r.partner_id);
  v(Spec("x").range(-kMaxMapCoordinate, kMaxMapCoordinate), r.x);
  v(Spec("y").range(-kMaxMapCoordinate, kMaxMapCoordinate), r.y);
  v(Spec("pinned"), r.pinned);
}
#undef KOLO_DESCRIBE

// Rules that span records and cannot be said of one field (validate.cpp checks them):
//   a referral's service_id, when set, names a service of the referral's partner;
//   a decline holds at most kSelfCheckQuestions self-check answers.

// ------------------------------------------------------------------------------------------------
// [SECTION] document
// ------------------------------------------------------------------------------------------------

struct Document {
#define KOLO_X_MEMBER(Type, member, noun) std::vector<Type> member;
  KOLO_TABLES(KOLO_X_MEMBER)
#undef KOLO_X_MEMBER
  // The next id to hand out. Never lowered (not by deletion, not by undo), so an id is never
  // reused and an old reference can never come back to life pointing at something else.
  Id next_id = 1;
  bool operator==(const Document&) const = default;
};

// The label of need `key` in the document's taxonomy (need_tag_label); the key itself when the
// taxonomy has no such tag.
std::string need_label(const Document& doc, std::string_view key, Lang lang);

// One record of any table; the alternatives are in the order of Table.
#define KOLO_X_TYPE(Type, member, noun) , Type
template <class Ignored, class... Types> struct TailVariant { using type = std::variant<Types...>; };
using Record = TailVariant<void KOLO_TABLES(KOLO_X_TYPE)>::type;
#undef KOLO_X_TYPE

// The Table of record type R, and R's rows in a Document.
template <class R> struct TableOf;
#define KOLO_X_TRAITS(Type, member, noun)                                     \
  template <> struct TableOf<Type> {                                          \
    static constexpr Table table = Table::member;                             \
    static constexpr const char* noun_text = #noun;                           \
    static std::vector<Type>& rows(Document& d) { return d.member; }          \
  };
KOLO_TABLES(KOLO_X_TRAITS)
#undef KOLO_X_TRAITS

template <class R> concept TableRecord = requires { TableOf<R>::table; };
template <TableRecord R> constexpr Table table_of() { return TableOf<R>::table; }
template <TableRecord R> std::vector<R>& rows(Document& doc) { return TableOf<R>::rows(doc); }
template <TableRecord R> const std::vector<R>& rows(const Document& doc) {
  return TableOf<R>::rows(const_cast<Document&>(doc));
}

// Calls f(rows) for every table of `doc`, in the order of Table (f may take `auto&`).
template <class Doc, class F> void for_each_table(Doc& doc, F&& f) {
#define KOLO_X_CALL(Type, member, noun) f(doc.member);
  KOLO_TABLES(KOLO_X_CALL)
#undef KOLO_X_CALL
}
// Calls f(Type{}) for the table `table` (a tag value of its record type), returning f's result.
template <class F> decltype(auto) with_table_type(Table table, F&& f) {
  switch (table) {
#define KOLO_X_CASE(Type, member, noun) \
  case Table::member: return f(Type{});
    KOLO_TABLES(KOLO_X_CASE)
#undef KOLO_X_CASE
  }
  return f(NeedTag{});
}

Table table_of(const Record& record);
Id record_id(const Record& record);
void set_record_id(Record& record, Id id);
// The singular noun of a table as used in catalog keys ("partner", "need_tag").
const char* table_noun(Table table);
std::size_t table_size(const Document& doc, Table table);

// Tables are kept sorted by id (ids are handed out in increasing order, so this is also the
// order in which records were created): lookups by id are binary searches, records stored one
// by one come back in the same order, and two documents with the same records compare equal.
// Stable: records with a duplicate id (an invalid file) keep their order, for validation.
void sort_by_id(Document& doc);

// Index of the record with `id` in its (sorted) table, or -1.
template <class R> std::ptrdiff_t index_of(const std::vector<R>& table, Id id) {
  auto it = std::lower_bound(table.begin(), table.end(), id, [](const R& r, Id v) { return r.id < v; });
  return (it != table.end() && it->id == id) ? it - table.begin() : -1;
}
template <class R> const R* find_record(const Document& doc, Id id) {
  std::ptrdiff_t i = index_of(rows<R>(doc), id);
  return i < 0 ? nullptr : &rows<R>(doc)[static_cast<std::size_t>(i)];
}

}  // namespace kolo
