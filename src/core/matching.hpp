// Matching a case's needs to partner services (seeds 001 and 002): the services that cover all
// of the client's needs come first (seed 001's rule), then by how many they cover, then by how
// well they fit the client: format, language, age group, area, cost, room, a signed agreement,
// and how earlier referrals to that partner ended. Each result can say why, in words. When no
// single service covers everything, the smallest combination that does is proposed.
// Pure functions of the Document: unit-tested natively, benchmarked in wasm (budget: 10,000
// services ranked in under 2 ms).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// What counted for (or against) a service, one bit each; the explanation lists them in this
// order. Kept as bits so ranking 10,000 services allocates nothing per service.
enum class MatchReason : std::uint32_t {
  format_fits = 1u << 0,       // the client's format (or the service offers both)
  format_wrong = 1u << 1,      // in person only for an online client, or the reverse
  language_fits = 1u << 2,     // the service lists the client's language
  language_missing = 1u << 3,  // it lists languages, not the client's
  age_fits = 1u << 4,          // the age groups overlap
  age_outside = 1u << 5,       // both known and they do not overlap
  same_area = 1u << 6,         // the partner's area is the client's
  free = 1u << 7,              // free, for a client who needs free services
  not_free = 1u << 8,          // a cost that is not free, for such a client
  has_room = 1u << 9,          // capacity above the referrals open there now
  full = 1u << 10,             // as many open referrals as places
  agreement_signed = 1u << 11, // the partner's current agreement is signed
};

struct Match {
  std::size_t service = 0;         // index into doc.services
  std::size_t partner = 0;         // index into doc.partners
  int covered = 0;                 // how many of the case's needs it covers
  std::uint32_t covered_mask = 0;  // bit i: the case's needs[i] (the first 32 needs)
  std::uint32_t reasons = 0;       // MatchReason bits
  int fit = 0;                     // the fit score: higher is better (ties after coverage)
  int earlier_well = 0;            // earlier referrals out to this partner that closed
  int earlier_ended = 0;           // ... that ended closed, declined, no capacity or not eligible
  int open_here = 0;               // referrals open at this service now
};

struct MatchResult {
  int needs = 0;                 // the case's distinct needs
  std::vector<Match> ranked;     // services that cover at least one need, best first
  bool single_covers_all = false;
  // When no single service covers every need: the smallest set of services (indices into
  // `ranked`, best first) that together cover as many needs as any set can; among sets of the
  // same size, the one with the best total fit. Empty when a single service covers all.
  std::vector<std::size_t> combination;
  std::vector<std::string> uncovered;  // needs no service covers at all (their keys)
  std::vector<Id> excluded;            // partners not offered: they declined this case
};

// Partners that are not offered again for `c`: those in c.declined_by, and those a referral of
// this case ended declined. Sorted, unique.
std::vector<Id> excluded_partners(const Document& doc, const Case& c);

// Ranks every service of `doc` for `c`. Services of excluded partners are left out. Order:
// covers all needs first, then more needs covered, then a higher fit, then the partner's name
// and the service's name (so the order is total and stable).
// `name_order`, when given, is partner_name_order(doc) for this very document: a caller that
// ranks often (the Clients view) works it out once per revision, and ranking then sorts no names.
MatchResult match_services(const Document& doc, const Case& c, const std::vector<std::uint32_t>* name_order = nullptr);
// Each partner's place in the alphabet (uk/ru order; namesakes share a place), by index into
// doc.partners.
std::vector<std::uint32_t> partner_name_order(const Document& doc);

// "covers all 3 needs; online; Ukrainian; agreement signed; 4 of 5 earlier referrals closed
// well", in `lang` (catalog keys match.*). Only what is known is said.
std::string explain_match(const Document& doc, const Case& c, const Match& m, Lang lang);

// Parses an age group as people write it: "12-17", "12–17", "18+", "7", "0-6 років"; false
// when it has no numbers ("дорослі"). Ages are whole years; *lo <= *hi. The first group only:
// a service's "12-17, 18+" is split at commas (and ; /) by the matching itself.
bool parse_age_range(std::string_view text, int* lo, int* hi);
// The upper end of an open group ("18+" is 18..kOpenAgeLimit). Added with the implementation:
// tests and views need the number parse_age_range gives.
inline constexpr int kOpenAgeLimit = 150;
// Whether a cost text means free: empty is unknown (false); "free", "безкоштовно",
// "бесплатно", "0", "0 грн" are free.
bool is_free_cost(std::string_view cost);

}  // namespace kolo
