// Referral statuses, no-news reminders and cases (see referrals.hpp).
#include "core/referrals.hpp"

#include <algorithm>

#include "core/letter.hpp"
#include "core/text.hpp"

namespace kolo {

namespace {

// The open status `r` was in before it ended: the latest open entry of its history (a
// referral with none starts where a new one of its direction would).
ReferralStatus status_before_ending(const Referral& r) {
  for (auto it = r.history.rbegin(); it != r.history.rend(); ++it)
    if (is_open(it->status)) return it->status;
  return r.direction == Direction::in ? ReferralStatus::sent : ReferralStatus::draft;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] statuses
// ------------------------------------------------------------------------------------------------

// ReferralStatus lists the open statuses first, in their order, then closed and the other endings.
bool is_ending(ReferralStatus status) { return static_cast<int>(status) >= static_cast<int>(ReferralStatus::closed); }
bool is_open(ReferralStatus status) { return !is_ending(status); }
bool client_ending(ReferralStatus status) {
  return status == ReferralStatus::client_refused || status == ReferralStatus::could_not_contact ||
         status == ReferralStatus::no_show;
}

std::vector<ReferralStatus> next_statuses(const Referral& r) {
  if (is_ending(r.status)) return {status_before_ending(r)};
  std::vector<ReferralStatus> out;
  for (ReferralStatus s : all_values<ReferralStatus>())
    if (is_ending(s) || static_cast<int>(s) > static_cast<int>(r.status)) out.push_back(s);
  return out;  // declaration order: the forward steps, then the endings
}

std::optional<Error> check_move(const Referral& r, ReferralStatus to, std::string_view outcome) {
  if (to == r.status) return Error{"err.referral_same_status", "", {}};
  const std::vector<ReferralStatus> allowed = next_statuses(r);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) return Error{"err.referral_bad_move", "", {}};
  if (to == ReferralStatus::re_routed) return Error{"err.reroute_use_command", "", {}};
  if (to == ReferralStatus::closed && is_blank(outcome)) return Error{"err.outcome_required", "", {}};
  return std::nullopt;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] making and moving
// ------------------------------------------------------------------------------------------------

Referral make_referral(const Document& doc, const Case& c, const Service& service, Lang letter_lang, Date today) {
  Referral r;
  r.direction = Direction::out;
  r.case_id = c.id;
  r.partner_id = service.partner_id;
  r.service_id = service.id;
  r.status = ReferralStatus::draft;
  r.history.push_back(StatusChange{ReferralStatus::draft, format_date(today), ""});
  r.told_content = service.description;
  r.told_access = service.access_rules;
  r.told_hours = service.schedule;
  r.told_specialist = service.trusted_specialist;
  r.letter_language = lang_code(letter_lang);
  r.letter_problem = draft_problem(doc, c, letter_lang);
  r.letter_recommendations = draft_recommendations(doc, c, &service, letter_lang);
  return r;
}

Referral make_referral_in(const Case& c, Id partner, Date today) {
  Referral r;
  r.direction = Direction::in;
  r.case_id = c.id;
  r.partner_id = partner;
  r.status = ReferralStatus::sent;
  r.history.push_back(StatusChange{ReferralStatus::sent, format_date(today), ""});
  return r;
}

Referral moved(Referral r, ReferralStatus to, Date today, std::string outcome, std::string note) {
  // Reopened: how it had ended goes into the history, so a later ending starts without it.
  if (is_ending(r.status) && is_open(to)) {
    if (note.empty()) note = r.outcome;
    r.outcome.clear();
  }
  r.status = to;
  r.history.push_back(StatusChange{to, format_date(today), std::move(note)});
  if (!outcome.empty()) r.outcome = std::move(outcome);
  return r;
}

Referral with_news(Referral r, Date today, std::string note) {
  r.history.push_back(StatusChange{r.status, format_date(today), std::move(note)});
  return r;
}

std::optional<Error> reroute_command(const Document& doc, Id old_id, const Service& service, Lang letter_lang,
                                     Date today, std::string outcome, Command* out) {
  const Referral* old = find_record<Referral>(doc, old_id);
  if (!old) return Error{"err.not_found", "", {std::to_string(old_id)}};
  if (is_ending(old->status)) return Error{"err.referral_bad_move", "", {}};
  const Case* c = find_record<Case>(doc, old->case_id);
  if (!c) return Error{"err.missing_ref", "", {std::to_string(old->case_id)}};
  Referral next = make_referral(doc, *c, service, letter_lang, today);
  next.rerouted_from = old_id;
  std::vector<Command> steps;
  steps.push_back(put_command(moved(*old, ReferralStatus::re_routed, today, std::move(outcome), "")));
  steps.push_back(put_command(std::move(next)));
  *out = batch_command(std::move(steps), "cmd.reroute_referral");
  return std::nullopt;
}

std::string last_news(const Referral& r) {
  std::string last;
  for (const StatusChange& h : r.history) last = std::max(last, h.date);  // robust to an unordered history
  return last;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] no news
// ------------------------------------------------------------------------------------------------

int business_days_between(Date from, Date to) {
  if (to <= from) return 0;
  const std::int64_t days = days_between(from, to);
  int count = static_cast<int>(days / 7) * 5;  // whole weeks
  for (Date d = add_days(from, days / 7 * 7 + 1); d <= to; d = add_days(d, 1))
    if (!is_weekend(d)) ++count;
  return count;
}

std::vector<Silence> referrals_without_news(const Document& doc, Date today) {
  std::vector<Silence> out;
  for (std::size_t i = 0; i < doc.referrals.size(); ++i) {
    const Referral& r = doc.referrals[i];
    if (is_ending(r.status)) continue;
    const std::string since = last_news(r);
    const std::optional<Date> last = parse_date(since);
    if (!last) continue;
    int limit = kDefaultNewsDays;
    if (const Partner* p = find_record<Partner>(doc, r.partner_id); p && p->news_days > 0) limit = p->news_days;
    if (r.status == ReferralStatus::in_service) limit = kLongSilenceDays;
    const int days = business_days_between(*last, today);
    if (days >= limit) out.push_back(Silence{i, days, days >= kLongSilenceDays, since});
  }
  std::stable_sort(out.begin(), out.end(), [&](const Silence& a, const Silence& b) {
    if (a.long_silence != b.long_silence) return a.long_silence;
    if (a.business_days != b.business_days) return a.business_days > b.business_days;
    return doc.referrals[a.referral].id < doc.referrals[b.referral].id;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] cases
// ------------------------------------------------------------------------------------------------

std::optional<Error> check_close_case(const Document& doc, const Case& c, std::string_view outcome) {
  if (is_blank(outcome)) return Error{"err.outcome_required", "", {}};
  const auto open = std::count_if(doc.referrals.begin(), doc.referrals.end(),
                                  [&](const Referral& r) { return r.case_id == c.id && is_open(r.status); });
  if (open > 0) return Error{"err.case_open_referrals", "", {std::to_string(open)}};
  return std::nullopt;
}

Case closed_case(Case c, Date today, std::string outcome) {
  c.closed = format_date(today);
  c.outcome = std::move(outcome);
  return c;
}

Case reopened_case(Case c) {
  c.closed.clear();
  return c;
}

}  // namespace kolo
