// Decline and refer on (issue 9, seed 001): the protocol for a therapist (the user) who cannot
// go on with a client, as pure functions of a Decline record (model.hpp) and the Document.
//
//   1. reason        one of DeclineReason; the seed advises deciding after the first session
//   2. self_check    optional: five questions; two or more "yes" -> most likely professionally
//                    justified; any "not sure" -> suggest supervision (supervision_note)
//   3. tell_client   required, and before the hand-off: the message to the client (one of the
//                    seed's two templates with the practice's own "what happens next"), then
//                    client_told
//   4. hand_off      the form: required client_name_shown, reason_detail, client_request (unless
//                    request_confidential) and client_told; optional details; warnings (never a
//                    block) where a field looks like a diagnosis or a confidential detail
//   5. finish        one undoable step: the decline finished and, when someone takes the
//                    client, the outgoing referral it becomes
//
// Nothing here touches the UI; the Decline record is edited as a draft and saved with
// put_command like any record, and finished with finish_command.
//
// Index: [SECTION] reasons and self-check  [SECTION] steps and the form  [SECTION] the message
//        [SECTION] warnings and the printable form  [SECTION] where it leads  [SECTION] statistics
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/lexicon.hpp"
#include "core/model.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] reasons and self-check
// ------------------------------------------------------------------------------------------------

// The seed's two message templates: competence or approach (beyond_competence,
// request_not_taken, psychiatrist_needed) and personal or ethical reasons (boundaries_broken,
// personal_trigger, other_ethical).
enum class MessageGroup { competence, personal };
MessageGroup message_group(DeclineReason reason);

// The catalog key of self-check question `i` (0..kSelfCheckQuestions-1): "decline.question.1".
std::string self_check_question_key(std::size_t i);
// The answer to question `i` (unanswered past the end of d.self_check).
SelfCheckAnswer self_check_answer(const Decline& d, std::size_t i);
// d with answer `i` set (the list grown to i + 1 as needed; i < kSelfCheckQuestions).
Decline with_answer(Decline d, std::size_t i, SelfCheckAnswer answer);

struct SelfCheck {
  int yes = 0, no = 0, not_sure = 0;
  int answered = 0;  // yes + no + not_sure
  // Seed 001: "yes" to at least two questions -> the decline is most likely professionally
  // justified (catalog: decline.justified).
  bool justified = false;
  // Seed 001: "if in doubt, take the case to supervision": any "not sure", whether or not the
  // decline is already justified (the seed sets no condition, and supervision also supports
  // the therapist after a justified decline). Catalog: decline.suggest_supervision.
  bool suggest_supervision = false;
};
// Only the first kSelfCheckQuestions answers count.
SelfCheck self_check(const Decline& d);

// ------------------------------------------------------------------------------------------------
// [SECTION] steps and the form
// ------------------------------------------------------------------------------------------------

enum class DeclineStep { reason, self_check, tell_client, hand_off, finish };
template <> struct EnumInfo<DeclineStep> {  // labels: decline_step.<name>
  static constexpr std::string_view prefix = "decline_step";
  static constexpr std::string_view names[] = {"reason", "self_check", "tell_client", "hand_off", "finish"};
  static constexpr std::size_t count = sizeof(names) / sizeof(names[0]);
};

// The form's required fields that are still blank (whitespace only counts as blank), by their
// field names in form order: "client_name_shown", "reason_detail", "client_request" (not
// when request_confidential), "client_told" (false). Field labels: "field." + name.
std::vector<std::string> missing_fields(const Decline& d);

// Whether `step` may be taken now. reason, self_check and tell_client: always (the self-check
// is optional, and telling the client never waits); hand_off: only once d.client_told (the
// client hears it first); finish: only when missing_fields(d) is empty and d is not finished.
bool step_open(const Decline& d, DeclineStep step);
// The step to show first: tell_client until the client was told, then hand_off until the form
// is complete, then finish (also for a finished decline).
DeclineStep current_step(const Decline& d);

// A new decline of case `c` dated today (reason and answers at their defaults), with the
// message drafted for its reason (client_message) and client_name_shown left for the user
// (never the alias: the alias is Kolo's pseudonym, not the name the client knows).
Decline make_decline(const Document& doc, const Case& c, Lang lang, Date today);

// ------------------------------------------------------------------------------------------------
// [SECTION] the message
// ------------------------------------------------------------------------------------------------

// The message for the client: the seed's template for the reason's group (catalog
// decline.message.competence / .personal) in `lang`, with the practice's own wording of what
// happens next (profile->decline_next_steps, trimmed) in place of the platform's text (support
// contacting within 3 working days, the refund to the balance); when the profile is null or
// has none, the neutral decline.message.next_steps_default. The user edits the result per
// client (Decline::message); this is only the draft.
std::string client_message(const Decline& d, const Profile* profile, Lang lang);
// The first profile of `doc`, or null (as letters take their signature).
const Profile* practice_profile(const Document& doc);

// ------------------------------------------------------------------------------------------------
// [SECTION] warnings and the printable form
// ------------------------------------------------------------------------------------------------

// A field that looks like a diagnosis or a confidential detail (core/lexicon.hpp): a warning,
// never a block.
struct FormWarning {
  const char* field = "";  // the field name ("reason_detail"); label "field." + field
  SensitiveHit hit;        // offsets into that field's text
};
// The free-text fields that travel (the form's and the message to the client), in form order:
// client_name_shown, request_kind, reason_detail, client_request, clarified_reason,
// session_findings, behaviour_notes, next_match_nuances, message. (supervision_note is the
// therapist's own and does not travel.)
std::vector<FormWarning> form_warnings(const Decline& d);

// The hand-off form as plain text (to copy) and as a self-contained printable HTML page
// (escaped, lang attribute, no scripts): the date, the client's name as the user typed it in
// client_name_shown (never the case's alias), the reason, the detailed reason, the request (or
// "confidential"), whether the client was told, then the optional details, the psychiatrist
// recommended (the partner's name) and whether the contact was given, and to whom the client
// was referred (the referral's partner and service). Empty optional fields are left out.
std::string form_text(const Document& doc, const Decline& d, Lang lang);
std::string form_html(const Document& doc, const Decline& d, Lang lang);

// ------------------------------------------------------------------------------------------------
// [SECTION] where it leads
// ------------------------------------------------------------------------------------------------

// Seed 001: with any online-work limit on the case, the decline (or ending online work) is
// professionally and ethically necessary (catalog: decline.online_necessary). Same as
// needs_referral (core/referrals.hpp), named for this protocol.
bool online_limits_require(const Case& c);

// The partners of kind psychiatrist, not dormant, by name (uk/ru order): whom to recommend
// on the psychiatrist path.
std::vector<Id> network_psychiatrists(const Document& doc);

// What the case's declines (finished or not) tell the next match, so it does not repeat the
// mistake. Matching itself is unchanged (its budget is 2 ms for 10,000 services); the Clients
// view reads these hints next to the ranked services:
struct DeclineHints {
  // request_kind of the declines for request_not_taken or beyond_competence (trimmed,
  // distinct, in decline order): the next specialist must take this kind of request. A
  // service that mentions it (takes_request) is the one to look at first.
  std::vector<std::string> request_kinds;
  bool psychiatrist = false;  // a decline for psychiatrist_needed: the next match includes one
  bool in_person = false;     // an online limit is set: the next help should not be online only
  // Partners the client should not be sent back to: those whose referral in brought the
  // client to the therapist who declined (it was re-routed by a decline). Not excluded from
  // matching (the partner did nothing wrong), only marked.
  std::vector<Id> came_from;
};
DeclineHints decline_hints(const Document& doc, const Case& c);
// Whether `service` mentions `request_kind` (case- and space-folded, as a substring) in its
// name, description or need tags (keys and labels in all three languages).
bool takes_request(const Document& doc, const Service& service, std::string_view request_kind);

// Finishes decline `d` (as edited; id 0 = not stored yet) as ONE undoable step (a Batch named
// cmd.finish_decline):
//   - the decline, finished = today;
//   - when to_service != 0: a new outgoing referral (make_referral: a draft, letter drafted in
//     `letter_lang`, dated today) to that service for the decline's case, with id
//     `referral_id` (the caller reserves it: Store::reserve_ids(1), so the decline can point
//     at it in the same step), reason = the reason's label and the detailed reason,
//     client_informed = d.client_told; d.referral_id set to it. If the case came in by an open
//     referral in, that one ends re_routed (dated today, outcome: the reason's label) and the
//     new one records rerouted_from: the client is re-routed, not lost.
// The case itself is not changed: the therapist is the user, not a partner, so nothing goes
// into declined_by, and the case stays open while the referral runs.
// Errors (nothing built): err.decline_incomplete (args: the missing field labels, joined),
// err.decline_finished, err.missing_ref (the case), err.case_closed, err.not_found (the
// service), err.bad_id (to_service set and referral_id 0).
std::optional<Error> finish_command(const Document& doc, const Decline& d, Id to_service, Id referral_id,
                                    Lang letter_lang, Date today, Command* out);

// ------------------------------------------------------------------------------------------------
// [SECTION] statistics
// ------------------------------------------------------------------------------------------------

// Whether `d` keeps its client from counting as lost anywhere (seed 001: "the algorithm does
// not count it as a lost client ... if the decline happened after the first meeting"). True
// when d is finished, the client was told, and either
//   - after_first_session and the decline is justified: the self-check says so (two "yes"),
//     or the reason is boundaries_broken (the therapist's safety comes first); or
//   - an online limit is set on the case (the decline is necessary, first session or not).
bool protects_statistics(const Document& doc, const Decline& d);

// The figures that count clients. What each does with declines:
//   clients      every case, declined or not;
//   referred_on  cases with an outgoing referral past draft (sent or further): a decline's
//                referral counts once it is sent, like any referral;
//   closed_well  cases with an outgoing referral that ended closed;
//   declined     cases with a finished decline; protected: those protects_statistics;
//   lost         cases that are not closed_well, have no protected decline, and either are
//                closed, or have outgoing referrals that all ended with the client's own
//                endings (client_refused, could_not_contact, no_show). A case with an open
//                referral is never lost. So a justified decline after a first session (or
//                with an online limit) is never a lost client, while an unjustified decline
//                whose case was closed with nothing closed well is.
// Elsewhere in Kolo (tested in tests/unit/test_decline.cpp):
//   matching (core/matching.hpp): a decline is the user's, never a partner's, so it adds
//     nothing to excluded_partners and nothing to a partner's earlier endings; the decline's
//     referral counts by its own ending like any referral out; the referral in that a decline
//     re-routes is an incoming one and re_routed says nothing about a partner;
//   partners (core/partners.hpp): the decline's referral is one referral out of its partner,
//     the re-routed referral in stays one referral in: counts, never a mark against anyone.
struct ClientStats {
  int clients = 0;
  int referred_on = 0;
  int closed_well = 0;
  int declined = 0;
  int declined_protected = 0;
  int lost = 0;
};
ClientStats client_stats(const Document& doc);

}  // namespace kolo
