// The rules a Document must keep: required fields, lengths, dates, e-mail shape, ranges, unique
// ids below next_id, references that resolve, need tags from the taxonomy, UTF-8 everywhere.
// Every change (Store::apply) and every loaded file (parse_kolo) passes through validate().
#pragma once
#include <cstddef>
#include <vector>

#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

inline constexpr std::size_t kMaxNameLength = 200;    // code points: names, titles, short fields
inline constexpr std::size_t kMaxTextLength = 20000;  // code points: descriptions, notes, letters
inline constexpr int kMaxTrust = 5;
inline constexpr int kMaxFollowUpDays = 3660;
inline constexpr int kMaxCount = 1000000;  // attendance, leads, capacity

// Every rule broken, in document order; empty when the document is sound. Paths are JSON
// pointers into the document ("/partners/12/contacts/0/email").
std::vector<Error> validate(const Document& doc);

}  // namespace kolo
