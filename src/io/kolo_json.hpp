// Kolo JSON: the file format of exports, imports and snapshots.
//   {"format":"kolo","version":2,"saved_at":"2025-03-01T10:00","document":{...}}
// Reading never throws and never crashes on hostile bytes: it checks size, UTF-8 and nesting
// depth before parsing, migrates older versions, reads every field with its JSON pointer, and
// finally runs validate(). Unknown fields are ignored (so a file written by a newer Kolo of the
// SAME version, with additions, still opens); a file of a newer version is refused outright.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

// Version history (keep a fixture per version in tests/fixtures/kolo-vN.json):
//   1: partner had one `contact` object ({name, role}) plus `phone` and `email` of its own;
//      there was no `need_tags` taxonomy (tags were bare keys on services and cases).
//   2: partner has `contacts` (a list of contact persons with ids); the taxonomy is stored.
//   3: partner has address, website, a longest keep-in-touch gap, a snooze date and its stage
//      history; the tables cadences, problems and profiles; phones and websites are checked.
//   4: client routing: a case's barriers are {barrier, found, done}; cases have motivation,
//      what fits them (format, language, age group, area, free only), the partners that
//      declined them, a closing date and outcome; referrals have four more endings (no
//      capacity, not eligible, could not contact, re-routed, linked by rerouted_from), what the
//      client was told, the letter's language, who came to the warm hand-off and the barriers
//      dealt with before it; a status change may carry a note; partners have news_days; the
//      profile a signature for letters.
//      Decline and refer on (seed 001): the table declines (reason, self-check answers, the
//      message to the client, the hand-off form, the referral it became, when it finished);
//      the profile its wording of what happens after a decline (decline_next_steps). A file of
//      version 3 has no declines.
//   5: joint events: kind "other"; a duration, a time zone, partners by role (host_ids,
//      co_host_ids, venue_ids, audience_ids: format 4's partner_ids became co-hosts), expected
//      attendance, contacts met, preparation time and a calendar UID; the profile keeps the
//      user's preparation checklists per kind (event_templates).
inline constexpr int kKoloFormatVersion = 5;
// Kolo's own export of 10,000 partners with 30,000 services and 100,000 logged contacts is
// about 46 MiB (tests/bench, synthetic_network): a file that size must import.
inline constexpr std::size_t kMaxFileBytes = 64u * 1024u * 1024u;
inline constexpr int kMaxJsonDepth = 64;
inline constexpr std::size_t kMaxReportedErrors = 100;  // a broken file does not need 10^6 lines

// Compact JSON, keys in a fixed order (deterministic: the same document gives the same bytes).
std::string to_json(const Document& doc, std::string_view saved_at = "");

// A fingerprint of the user's data: FNV-1a (64 bits) of to_json with next_id left out (where
// the next new id will come from is not data: a tab reserves blocks of them). Equal documents
// give equal digests; the tests compare what a reload shows with what was shown as saved.
std::uint64_t document_digest(const Document& doc);

struct ParseResult {
  std::optional<Document> doc;  // set only when there are no errors
  std::vector<Error> errors;    // paths point into the file ("/document/partners/3/name")
  int version_found = 0;        // the file's version, 0 when it had none
  std::string saved_at;
};
ParseResult parse_kolo(std::string_view bytes);

// Version 3 checks phone numbers. A phone written before that which the check refuses ("ask
// the secretary", "067 123 45 67 Viber") is kept as text, never dropped: it moves to the
// contact's messenger field when that is empty, else to a line of the partner's notes. Used on
// files of version 2 and older and on records stored by an older version (storage/records).
void keep_refused_phone(ContactPerson& contact, std::string& partner_notes);

// One record as compact JSON, and back: the storage layer keeps the document record by record.
// Reading checks the bytes as parse_kolo does and reports problems with pointers into the
// record ("/name"); it does not validate (references need the whole document).
std::string record_to_json(const Record& record);
std::optional<Record> parse_record(Table table, std::string_view bytes, std::vector<Error>* errors);

}  // namespace kolo
