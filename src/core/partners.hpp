// Queries over the partner network, worked out per revision of the document and drawn by the
// views: what each partner's row shows (last contact, referrals in and out, agreement, keep in
// touch), the directory's filters and sort, duplicates and merging, the pipeline's moves, the
// outreach planner's ranking (seed 000) and the Dashboard's "today". Pure functions of the
// Document and the user's local date: everything here runs natively in the unit tests.
//
// Index: [SECTION] keep in touch  [SECTION] facts and the directory  [SECTION] duplicates and
//        merge  [SECTION] pipeline  [SECTION] outreach planner  [SECTION] today
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/commands.hpp"
#include "core/date.hpp"
#include "core/index.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] keep in touch
// ------------------------------------------------------------------------------------------------
// A cadence has an ideal gap between two contacts and a longest one. A partner's own cadence
// (follow_up_days, follow_up_max_days) overrides its tags'; among its tags the shortest ideal
// applies (a school tagged "schools" and "priority" is called as often as the stricter asks).
// A longest gap of 0 means one and a half times the ideal.

struct Gap {
  int ideal = 0;  // days; 0 = no cadence
  int max = 0;
  bool operator==(const Gap&) const = default;
};
Gap gap_for(const Partner& partner, const std::vector<Cadence>& cadences);

enum class Due {
  none,   // nothing to keep: no cadence and no agreed date (or dormant)
  later,  // due in more than 7 days
  soon,   // due within 7 days (today excluded)
  amber,  // past the ideal gap (or the agreed date), or never contacted though a cadence asks
  red,    // past the longest gap (or a week past the agreed date)
};
inline constexpr int kDueSoonDays = 7;
inline constexpr int kAgreedDateGraceDays = 7;  // an agreed date missed by this long is red

struct TouchStatus {
  Due level = Due::none;
  std::string due;       // the day the next contact is due ("" when never contacted)
  std::string red_from;  // the day it turns red
  bool snoozed = false;  // a snooze is holding the reminder back
  bool agreed = false;   // the due date is the agreed next_follow_up, not the cadence
  bool operator==(const TouchStatus&) const = default;
};
// The rules: a logged contact (the latest interaction, `last_contact`) restarts the clock: due
// = last + ideal, red from last + max. An agreed date (next_follow_up) later than the last
// contact wins over the cadence. A snooze moves both dates to the snooze day at the earliest.
// Dormant partners are not kept in touch.
TouchStatus keep_in_touch(const Partner& partner, const std::string& last_contact, Gap gap, Date today);

// ------------------------------------------------------------------------------------------------
// [SECTION] facts and the directory
// ------------------------------------------------------------------------------------------------

struct PartnerFacts {
  std::string last_contact;  // the latest interaction's date, "" when none
  int referrals_in = 0, referrals_out = 0;
  // The current agreement (latest start date, then id): its id (0: none), status and end.
  Id agreement = 0;
  AgreementStatus agreement_status = AgreementStatus::none;
  std::string agreement_start, agreement_end;
  TouchStatus touch;
};

enum class PartnerColumn { name, kind, stage, area, last_contact, next_contact, referrals_in, referrals_out };
inline constexpr const char* kPartnerColumnCodes[] = {"name",         "kind",         "stage",        "area",
                                                      "last_contact", "next_contact", "referrals_in", "referrals_out"};

struct PartnerFilter {
  std::string query;  // as typed; matched folded against the index's search text
  std::optional<PartnerKind> kind;
  std::optional<Stage> stage;
  std::string area;  // exact after folding; "" = any
  std::string tag;   // exact after folding; "" = any
  std::optional<AgreementStatus> agreement;  // of the current agreement (none: no agreement)
  bool overdue = false;  // keep in touch amber or red
  bool any() const { return !query.empty() || kind || stage || !area.empty() || !tag.empty() || agreement || overdue; }
};

// The directory's data, worked out once per revision (refresh) and then filtered and sorted
// per query without touching the document again: at 10,000 partners a keystroke re-filters
// 10,000 precomputed strings and sorts the matches by precomputed keys.
class Directory {
 public:
  // Cheap when nothing changed (same revision and day); otherwise recomputes the facts of every
  // partner (O(partners + interactions + referrals + agreements)) and the sort keys of names
  // and areas that changed.
  void refresh(const Document& doc, const Index& index, std::uint64_t revision, Date today);
  void invalidate() { valid_ = false; }

  const PartnerFacts& facts(std::size_t row) const { return facts_[row]; }
  // Rows (indices into doc.partners) that pass `filter`, sorted by `column` (ties: by name,
  // then by order of entry). Names and areas sort in the alphabet's order for uk/ru.
  std::vector<int> rows(const Document& doc, const Index& index, const PartnerFilter& filter, PartnerColumn column,
                        bool ascending) const;
  // The distinct areas and tags in use, in alphabetical order (the filters' choices).
  const std::vector<std::string>& areas() const { return areas_; }
  const std::vector<std::string>& tags() const { return tags_; }

 private:
  struct Keys {
    std::string name_source, area_source;
    std::u32string name, area;
  };
  std::vector<PartnerFacts> facts_;
  std::vector<Keys> keys_;
  std::vector<std::string> areas_, tags_;
  std::uint64_t revision_ = 0;
  Date today_{};
  bool valid_ = false;
};

// ------------------------------------------------------------------------------------------------
// [SECTION] duplicates and merge
// ------------------------------------------------------------------------------------------------

// A partner's name as duplicates are found by: folded (case, spaces), without quotes of any
// kind, "№", "#" and punctuation: «Ліцей №7», "ліцей 7" and ЛІЦЕЙ № 7 compare equal.
std::string duplicate_name_key(std::string_view name);

struct DuplicateHit {
  Id partner = 0;
  bool same_name = false, same_phone = false, same_email = false;
};
// Existing partners that look like `draft` (itself excluded by id): the same name key, or a
// contact person with the same phone (phone_key) or e-mail (folded). In document order.
std::vector<DuplicateHit> find_duplicates(const Document& doc, const Partner& draft);

// One undoable step that merges partner `drop` into `keep`: keep's fields win, empty ones are
// filled from drop's; tags, contact persons (those not already there) and stage history are
// joined; notes and needs are both kept; drop's services, agreements, interactions and
// referrals move to keep, events that listed drop list keep; then drop is deleted. Nothing of
// either history is lost. An error when either is missing or they are the same.
// A stage taken from `drop` is dated `today` in the stage history, like any other move.
std::optional<Error> merge_command(const Document& doc, Id keep, Id drop, Date today, Command* out);

// ------------------------------------------------------------------------------------------------
// [SECTION] pipeline
// ------------------------------------------------------------------------------------------------

// The partner moved to `stage` on `today`, the move dated in its stage history (no entry when
// the stage does not change).
Partner moved_to_stage(Partner partner, Stage stage, Date today);
// The next / previous column of the pipeline (prospect -> ... -> dormant), or the same at an end.
Stage next_stage(Stage stage, int step);

// ------------------------------------------------------------------------------------------------
// [SECTION] outreach planner
// ------------------------------------------------------------------------------------------------
// Seed 000: decide whom you work with and which problems you solve; then ask who around such a
// client notices the problem or hears the complaint, and approach those people first.

// The built-in map of problems, from the seed, in `lang` (the planner shows it until the user
// edits it: the first edit stores it, with the edit, as one step). Ids are 0.
std::vector<Problem> suggested_problems(Lang lang);

// Kinds ranked for outreach: a kind scores a point for each problem of mine (for my client
// groups, when I named any) that its people notice; kinds where I already have active partners
// rank after those where I have none at the same score.
struct KindRank {
  PartnerKind kind{};
  int score = 0;
  std::vector<std::size_t> problems;  // indices into the problem list: the reasons
  int active = 0;     // partners of this kind at agreement or active
  int prospects = 0;  // at prospect or contacted
};
std::vector<KindRank> rank_kinds(const Document& doc, const std::vector<Problem>& problems, const Profile* profile);

// Existing prospects (stage prospect or contacted) to approach next: by their kind's score,
// then trust, then whether they have a contact person, then the longest wait since the last
// contact; only kinds that score.
struct ProspectRank {
  std::size_t partner = 0;  // index into doc.partners
  int score = 0;
  bool has_contact = false;
  std::vector<std::size_t> problems;  // the reasons (indices into the problem list)
};
std::vector<ProspectRank> rank_prospects(const Document& doc, const Directory& directory,
                                         const std::vector<Problem>& problems, const Profile* profile);

// ------------------------------------------------------------------------------------------------
// [SECTION] today
// ------------------------------------------------------------------------------------------------

// (Coming events and their unfinished checklists are core/events.hpp's: the Dashboard shows
// them in sections of their own.)
struct TodayItem {
  enum class What { overdue, due_soon, agreement_expiring } what{};
  std::size_t partner = 0;  // index into doc.partners
  Id record = 0;            // the agreement; the partner's id otherwise
  std::string date;         // due date or end date
  Due level = Due::none;
};
inline constexpr int kAgreementWarningDays = 30;
// Overdue contacts (red first, then by due date), those due within 7 days, signed agreements
// ending within 30 days (or ended without renewal in the last 30).
std::vector<TodayItem> today_items(const Document& doc, const Directory& directory, Date today);

}  // namespace kolo
