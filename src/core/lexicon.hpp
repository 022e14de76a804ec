// Words that should not travel in a letter or a hand-over form (seed 001: "no confidential
// data, diagnoses or details the client did not allow to share"): diagnoses and diagnostic
// codes, medication, and details that identify a person (document numbers, phone numbers,
// e-mail addresses, dates of birth). Used by the referral letter (warn before it is sent) and
// the decline protocol's hand-over form. A warning, never a block: the specialist decides.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kolo {

enum class Sensitive {
  diagnosis,    // "діагноз", "депресивний розлад", "F32.1", "6A70", "шизофренія", "PTSD" ...
  medication,   // "антидепресанти", "сертралін", "dosage" ...
  identifying,  // a phone number, an e-mail address, a passport or tax number, "дата народження"
};

struct SensitiveHit {
  std::size_t offset = 0, length = 0;  // bytes into the text (UTF-8)
  Sensitive kind = Sensitive::diagnosis;
  std::string term;                    // the text as found
};

// Every hit in `text` (Ukrainian, Russian and English; case-insensitive; word stems match
// their inflected forms: "депресі" finds "депресією"), in order of offset, not overlapping.
std::vector<SensitiveHit> find_sensitive(std::string_view text);

}  // namespace kolo
