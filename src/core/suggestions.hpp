// Suggested updates (issue 12): a school liaison viewing a board often knows first that a
// partner's hours changed, a contact person left or a new NGO opened. In viewer mode she writes
// those down as suggestions and exports them as one small file; the owner opens it, reviews
// change by change (accept, edit, reject), and the accepted ones apply as one undoable step.
//
// A suggestion names the owner's records by the ids the board carried and remembers the value
// it saw on the board (`before`), so review() can tell a change that still applies from one
// that meets a record changed since the board was made (a conflict: the owner chooses) or a
// record that is gone (it cannot apply, and says so).
//
// Index: [SECTION] suggestions  [SECTION] review  [SECTION] accepting
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/board.hpp"
#include "core/commands.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] suggestions
// ------------------------------------------------------------------------------------------------

enum class SuggestionKind {
  partner_field,   // partner_id, field in kPartnerFields, before -> after
  service_field,   // service_id, field in kServiceFields, before -> after
  contact_field,   // partner_id, contact_id, field in kContactFields, before -> after
  new_contact,     // partner_id, contact (id 0)
  contact_left,    // partner_id, contact_id, before = the contact's name as on the board
  partner_closed,  // partner_id, before = the partner's name as on the board
  new_partner,     // partner (id 0; its contacts too)
};

// The fields a suggestion may change (JSON names of the model's fields).
inline constexpr const char* kPartnerFields[] = {"name", "area", "address", "website"};
inline constexpr const char* kServiceFields[] = {"name",   "description", "access_rules", "schedule",
                                                  "age_groups", "cost",   "trusted_specialist"};
inline constexpr const char* kContactFields[] = {"name", "role", "phone", "email", "messenger"};

struct Suggestion {
  SuggestionKind kind = SuggestionKind::partner_field;
  Id partner_id = 0, service_id = 0, contact_id = 0;
  std::string field;
  std::string before, after;
  BoardContact contact;  // new_contact
  BoardPartner partner;  // new_partner
  std::string note;      // the liaison's words ("closed since September"), may be ""
  bool operator==(const Suggestion&) const = default;
};

struct SuggestionSet {
  std::string board_id;  // the board they were made on
  int board_revision = 0;
  std::string board_made_at;
  std::string board_title;
  std::string from_name, from_contact;  // who suggests ("" = not said)
  std::string made_at;                  // "YYYY-MM-DDTHH:MM"
  std::vector<Suggestion> changes;
  bool operator==(const SuggestionSet&) const = default;
};

// The catalog key of a kind's label ("suggestion_kind.partner_closed").
std::string label_key(SuggestionKind kind);
// The kind's spelling in the file ("partner_closed"), and back (false for any other text).
// (No EnumInfo: the catalog-key test lists every enum that has one.)
std::string_view kind_name(SuggestionKind kind);
bool kind_from_name(std::string_view name, SuggestionKind* out);
inline constexpr SuggestionKind kSuggestionKinds[] = {
    SuggestionKind::partner_field, SuggestionKind::service_field, SuggestionKind::contact_field,
    SuggestionKind::new_contact,   SuggestionKind::contact_left,  SuggestionKind::partner_closed,
    SuggestionKind::new_partner};

// A suggestion made on the board: checks it before it is added to the set (field names,
// lengths and the forms of phones, e-mails and web addresses as the document checks them; a
// new partner needs a name). Errors have paths relative to the suggestion ("/after").
std::vector<Error> check_suggestion(const Suggestion& s);

// ------------------------------------------------------------------------------------------------
// [SECTION] review
// ------------------------------------------------------------------------------------------------

enum class ReviewState {
  applies,   // the record is as the board showed it: accepting changes it
  conflict,  // the record changed since the board (current != before): the owner decides
  already,   // the record already says what is suggested (nothing to do)
  cannot,    // the record is gone (deleted since), or the suggestion is not valid: `why`
};

struct ReviewItem {
  Suggestion change;
  ReviewState state = ReviewState::applies;
  std::string current;  // the value in the document now (fields; a partner's name)
  Error why;            // for cannot
};

std::vector<ReviewItem> review(const Document& doc, const SuggestionSet& set);

// What the suggestion's target holds in `doc` now: the field it changes, the name of the
// contact who left or of the partner closed ("" for new records, or a target not there). On a
// board's document (board_document) it is what the board shows: the suggestion's `before`.
std::string current_value(const Document& doc, const Suggestion& s);

// ------------------------------------------------------------------------------------------------
// [SECTION] accepting
// ------------------------------------------------------------------------------------------------

// One undoable command ("cmd.accept_suggestions") that applies `accepted` (review items the
// owner accepted, possibly with `change` edited) to `doc` as it is now: field changes set the
// field, whatever its current value; new_contact adds the contact (id 0: a fresh id);
// contact_left removes the contact; partner_closed moves the partner to stage dormant (with
// today's stage move) and adds a line to its notes naming who reported it and the note; a new
// partner is added (stage prospect, its notes saying who suggested it). Several changes to one
// record become one put of that record. Items that cannot apply (the record is gone now, or
// the change as edited does not pass check_suggestion) are skipped and listed in *skipped
// (state cannot, `why` saying why). `from` names the sender in notes ("" = someone on the
// board); `today` dates the moves; `lang` words the notes' lines (core has no language of its
// own). With no skipped item, the command passes apply_command on a valid document.
Command accept_command(const Document& doc, const std::vector<ReviewItem>& accepted, const std::string& from,
                       Date today, Lang lang, std::vector<ReviewItem>* skipped);

}  // namespace kolo
