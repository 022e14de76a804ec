// Referrals that cannot silently drop out of sight (closed-loop referral, as findhelp, Refernet
// and 211 systems do it): every move of a status is dated in the referral's history; an
// ending needs its outcome; a referral with no news for N business days shows on the
// Dashboard, and again, marked, at 14. Also: making a referral from a case and a service
// (what the client is told is taken from the service and kept), re-routing, and closing and
// reopening a case. Pure functions of the Document and the user's local date.
//
// Index: [SECTION] statuses  [SECTION] making and moving  [SECTION] no news  [SECTION] cases
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] statuses
// ------------------------------------------------------------------------------------------------
// draft -> sent -> accepted -> first appointment -> in service -> closed; or one of the other
// endings: declined, no capacity, not eligible, could not contact, no-show, client refused,
// re-routed. Steps may be skipped forward (a partner who accepts on the phone: draft ->
// accepted); an ending can be reached from any open status; an ended referral can only be
// reopened (back to the status it ended from), never moved on silently.

bool is_ending(ReferralStatus status);  // closed and the other endings
bool is_open(ReferralStatus status);    // !is_ending
// The endings that are the client's own (client_refused, could_not_contact, no_show): what
// counts a client as lost (core/decline.hpp, client_stats; core/flow.hpp, the funnel).
bool client_ending(ReferralStatus status);
// The statuses the user may move `r` to now, in the order a menu shows them: the forward steps,
// then the endings; for an ended referral only the status it was in before it ended (reopen).
std::vector<ReferralStatus> next_statuses(const Referral& r);

// Why `r` cannot move to `to` with `outcome` (nullopt when it can):
//   err.referral_same_status   already there
//   err.referral_bad_move      not among next_statuses
//   err.outcome_required       `to` is closed and the outcome is blank
//   err.reroute_use_command    `to` is re_routed: use reroute_command, which makes the new one
std::optional<Error> check_move(const Referral& r, ReferralStatus to, std::string_view outcome);

// ------------------------------------------------------------------------------------------------
// [SECTION] making and moving
// ------------------------------------------------------------------------------------------------

// A new referral out of case `c` to `service` (of its partner), a draft dated `today` in its
// history: what the client is told (content, access rules, hours, trusted specialist) copied
// from the service, the letter's problem and recommendations drafted in `letter_lang`
// (core/letter.hpp), the letter language set. Id 0 (the command gives it one).
Referral make_referral(const Document& doc, const Case& c, const Service& service, Lang letter_lang, Date today);
// A referral in: partner `partner` sent us the client of case `c`; status sent, dated today.
Referral make_referral_in(const Case& c, Id partner, Date today);

// `r` moved to `to` on `today` (history appended; `outcome` set when given), after check_move.
Referral moved(Referral r, ReferralStatus to, Date today, std::string outcome, std::string note);
// News without a change of status ("called them: on the waiting list"): a history entry with
// the same status and `note`, which restarts the no-news clock.
Referral with_news(Referral r, Date today, std::string note);

// One undoable step: `old_id` ends as re_routed (dated today, with `outcome`) and a new draft
// referral to `service` (same case, rerouted_from = old_id) is added. Error when the old one
// is missing or already ended.
std::optional<Error> reroute_command(const Document& doc, Id old_id, const Service& service, Lang letter_lang,
                                     Date today, std::string outcome, Command* out);

// The date of the last entry of the history ("" when none): when the referral last had news.
std::string last_news(const Referral& r);

// ------------------------------------------------------------------------------------------------
// [SECTION] no news
// ------------------------------------------------------------------------------------------------

inline constexpr int kDefaultNewsDays = 2;   // business days without news before a reminder
inline constexpr int kLongSilenceDays = 14;  // ... before it shows again, marked

// Business days (Monday to Friday) from `from` to `to`: 0 when to <= from; Friday -> Monday is 1.
int business_days_between(Date from, Date to);

struct Silence {
  std::size_t referral = 0;  // index into doc.referrals
  int business_days = 0;     // since the last news
  bool long_silence = false; // at kLongSilenceDays or more
  std::string since;         // the last news
};
// Open referrals (in or out) whose last news is at least the partner's news_days (default
// kDefaultNewsDays) business days old; a referral in service is only reminded at
// kLongSilenceDays (it is expected to run for weeks). Long silences first, then the longest
// wait, then by id.
std::vector<Silence> referrals_without_news(const Document& doc, Date today);

// ------------------------------------------------------------------------------------------------
// [SECTION] cases
// ------------------------------------------------------------------------------------------------

// Why `c` cannot be closed now (nullopt when it can): err.outcome_required when the outcome is
// blank; err.case_open_referrals (args: the count) while a referral of it is still open, so
// that closing a case never hides a referral that is under way.
std::optional<Error> check_close_case(const Document& doc, const Case& c, std::string_view outcome);
Case closed_case(Case c, Date today, std::string outcome);
Case reopened_case(Case c);  // the closing date cleared; the outcome kept for the record

// Whether any online-work limit is set: then referral, or ending online work, is professionally
// and ethically necessary (seed 001), and the app says so.
inline bool needs_referral(const Case& c) { return !c.online_limits.empty(); }

}  // namespace kolo
