// The suggested-updates file (.kolo-suggestions.json): what a liaison suggests on a board.
//   {"format":"kolo-suggestions","version":1,"suggestions":{"board_id":...,"board_revision":1,
//    "board_made_at":...,"board_title":...,"from_name":...,"from_contact":...,"made_at":...,
//    "changes":[{"kind":"partner_field","partner_id":12,"field":"address","before":..,
//                "after":..,"note":..}, ...]}}
// Reading never throws and never crashes on hostile bytes (the same pre-checks as Kolo JSON);
// every change is read with its pointer and checked with check_suggestion(); a newer version
// is refused (err.suggestions_too_new). A file is small: at most kMaxSuggestions changes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/suggestions.hpp"

namespace kolo {

inline constexpr int kSuggestionsFormatVersion = 1;
inline constexpr std::size_t kMaxSuggestions = 1000;

std::string suggestions_to_json(const SuggestionSet& set);

struct SuggestionsParse {
  std::optional<SuggestionSet> set;  // set only when there are no errors
  std::vector<Error> errors;
  int version_found = 0;
};
SuggestionsParse parse_suggestions(std::string_view bytes);

}  // namespace kolo
