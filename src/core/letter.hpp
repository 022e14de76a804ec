// The referral letter (seed 002's "запит"): a document describing the problem and the
// recommendations, sent with the client to the partner. Drafted from the case and the service
// in the language the user picks for the letter (Ukrainian, Russian or English, independent of
// the interface), edited by the user (the problem and the recommendations are the referral's
// own fields), copied as plain text or printed from an HTML page.
#pragma once
#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// The draft of the letter's two editable parts. The problem: the case's needs (their labels in
// `lang`), priority tasks and motivation, and the barriers with what was done about them. The
// recommendations: what is asked of the service (its name and the needs it covers), the
// warm hand-off when one is planned. No alias, no notes: the letter carries no more than it must.
std::string draft_problem(const Document& doc, const Case& c, Lang lang);
std::string draft_recommendations(const Document& doc, const Case& c, const Service* service, Lang lang);

// The letter's language: r.letter_language when it is "uk", "ru" or "en", else `fallback`.
Lang letter_lang(const Referral& r, Lang fallback);

// The whole letter as plain text: to (the partner, the service, the trusted specialist), the
// date `today` (written in the letter's language), the problem, the recommendations, the
// practical details (access rules, hours), and the signature (the profile's, or a blank line).
std::string letter_text(const Document& doc, const Referral& r, Lang lang, const std::string& today);
// The same letter as a self-contained printable HTML page (escaped; lang attribute; print CSS;
// no scripts, no external resources).
std::string letter_html(const Document& doc, const Referral& r, Lang lang, const std::string& today);

// A date written out in `lang`: "25 листопада 2026", "25 ноября 2026", "25 November 2026"
// (the month in the genitive, as a date is written in Ukrainian and Russian). Text that is
// not a "YYYY-MM-DD" date comes back as it is.
std::string long_date(std::string_view date, Lang lang);

// Escapes & < > " ' for HTML text and attributes.
std::string html_escape(std::string_view text);

}  // namespace kolo
