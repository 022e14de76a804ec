// Shared boards (issue 12): the part of the network a school liaison needs (partners, their
// services with access rules, hours and trusted specialists, the coming joint events), shared
// read-only as a file, without an account or a server.
//
// A board can never carry client data, and that is a property of its types, not of a filter:
// the Board* records below have no field for a case, a referral, a decline, an interaction, an
// agreement, a partner's internal notes or what they need from us, a stage, a trust score, an
// event's notes, checklist, leads or referrals. make_board() is the only way from a Document to
// a Board; it copies field by field into these types, so a field added to the Document later
// cannot reach a board unless someone adds it here (tests/unit/test_board.cpp: a property test
// over thousands of random documents full of marker strings).
//
// Index: [SECTION] the board  [SECTION] choosing what to share  [SECTION] making and viewing
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] the board
// ------------------------------------------------------------------------------------------------
// Ids are the owner's record ids: suggested updates (core/suggestions.hpp) name what they
// change by them.

struct BoardContact {
  Id id = 0;
  std::string name, role, phone, email, messenger;
  bool operator==(const BoardContact&) const = default;
};

struct BoardPartner {
  Id id = 0;
  std::string name;
  PartnerKind kind = PartnerKind::other;
  std::string area;
  std::vector<std::string> tags;
  std::string address, website;
  std::vector<BoardContact> contacts;  // empty when the owner shares no contact persons
  bool operator==(const BoardPartner&) const = default;
};

struct BoardService {
  Id id = 0;
  Id partner_id = 0;  // a partner on the board
  std::string name, description;
  std::vector<std::string> need_tags;  // keys of the board's need_tags
  std::string access_rules, schedule;
  ServiceFormat format = ServiceFormat::in_person;
  std::vector<std::string> languages;
  std::string age_groups, cost;
  std::string trusted_specialist;
  bool operator==(const BoardService&) const = default;
};

struct BoardEvent {
  Id id = 0;
  std::string title;
  EventKind kind = EventKind::seminar;
  std::string starts_at;  // "YYYY-MM-DDTHH:MM" on the wall clock of time_zone
  int duration_minutes = 90;
  std::string time_zone = "Europe/Kyiv";
  std::string place_or_link, audience;
  EventStatus status = EventStatus::planned;
  // Partners on the board only (the others are left out of the lists).
  std::vector<Id> host_ids, co_host_ids, venue_ids, audience_ids;
  std::string uid;  // the calendar UID, so adding it to a calendar twice updates one event
  bool operator==(const BoardEvent&) const = default;
};

// The need tags the board's services use, with their labels (so a viewer whose taxonomy
// differs reads them right).
struct BoardNeedTag {
  std::string key, label_en, label_uk, label_ru;
  bool operator==(const BoardNeedTag&) const = default;
};

struct BoardOwner {
  std::string name;     // "" = the owner chose not to say
  std::string contact;  // phone, e-mail or messenger, as the owner wrote it; "" = none
  bool operator==(const BoardOwner&) const = default;
};

struct Board {
  std::string board_id;  // stable for boards made from the same selection: ascii, <= 64
  std::string title;     // "Partners around School No. 5"
  BoardOwner owner;
  std::string made_at;   // "YYYY-MM-DDTHH:MM", the owner's wall clock
  int revision = 1;      // the board's own version (informational; Kolo makes every board as 1 for now)
  std::vector<BoardPartner> partners;  // sorted by id
  std::vector<BoardService> services;  // sorted by id
  std::vector<BoardEvent> events;      // sorted by start
  std::vector<BoardNeedTag> need_tags;
  bool operator==(const Board&) const = default;
};

// ------------------------------------------------------------------------------------------------
// [SECTION] choosing what to share
// ------------------------------------------------------------------------------------------------
// The owner starts from a rule (everything around one school, an area, a tag, everything) and
// then adds or removes single partners, services and events in the preview.

enum class BoardScope { around_partner, area, tag, everything, hand_picked };

struct BoardSelection {
  std::vector<Id> partner_ids, service_ids, event_ids;  // sorted, unique
  bool operator==(const BoardSelection&) const = default;
};

// What a rule picks:
//   around_partner (`partner` = the school's id): the partner, every partner in its area (when
//     it has one), every partner it shares a joint event with (any role, any time); the
//     services of all those; the coming events (below) of all those.
//   area (`text` = an area, compared folded): the partners of that area, their services and
//     coming events.
//   tag (`text` = a tag, compared folded): the partners carrying it, ...
//   everything: all partners, services and coming events.
//   hand_picked: nothing (the owner ticks what to share).
// An event is "coming" when it is not cancelled or done and starts on `today` or later, or is
// not dated yet but planned or announced.
BoardSelection select_for_board(const Document& doc, BoardScope scope, Id partner, const std::string& text,
                                Date today);

// Keeps the selection consistent after a hand edit: services whose partner is not selected
// and ids that are not in the document are dropped. Events stay (an event with none of the
// board's partners still shows, with no partners listed).
void tidy_selection(const Document& doc, BoardSelection& selection);

struct BoardOptions {
  std::string title;
  BoardOwner owner;
  bool contacts = true;  // share the partners' contact persons
  std::string made_at;   // "YYYY-MM-DDTHH:MM"
  int revision = 1;
};

// ------------------------------------------------------------------------------------------------
// [SECTION] making and viewing
// ------------------------------------------------------------------------------------------------

// THE way from a document to a board: the selected records (ids not in the document are
// skipped), copied field by field into the board's types; the need tags the services use.
// board_id: made from the selection's partner ids (the same selection gives the same id).
Board make_board(const Document& doc, const BoardSelection& selection, const BoardOptions& options);

// A document holding the board's partners, services, events and need tags (nothing else) for
// viewer mode: the directory, the map and the calendar read it like any document. Partners get
// stage `active`; events keep their ids, so suggested updates name the owner's records.
Document board_document(const Board& board);

// A board's partner or contact person as the document's record (the fields a board has; the
// rest at their defaults): the viewer's document, a suggested new partner or contact.
ContactPerson contact_from_board(const BoardContact& c);
Partner partner_from_board(const BoardPartner& b);

}  // namespace kolo
