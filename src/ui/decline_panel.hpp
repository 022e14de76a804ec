// The "Decline and refer on" tab of the Clients view (issue 9; core/decline.hpp): seed 001's
// protocol as one page of five steps, each opening when the one before allows it. The decline
// is a draft (Save, or leaving the tab or the case, stores it as one undo step); "I have told
// the client" and "Finish" are steps of their own, applied at once.
//
// Widget ids: decline.start; decline.reason.<reason>, decline.request_kind,
//   decline.after_first_session; decline.check.<1..5>.yes|no|not_sure, decline.supervision_note;
//   decline.message, decline.message.redraft, decline.message.copy, decline.told;
//   decline.form.client_name_shown|reason_detail|client_request|request_confidential|
//   session_date|clarified_reason|session_findings|behaviour_notes|next_match_nuances,
//   decline.form.copy, decline.form.print; decline.psychiatrist_recommended,
//   decline.psychiatrist (choices decline.psychiatrist.<partner id>),
//   decline.psychiatrist_contact_given, decline.refer_to (choices decline.refer_to.<service id>),
//   decline.finish; decline.save.
// State: `decline` (null when the case has none): {id, reason, after_first_session, yes,
//   not_sure, justified, supervision, told, told_date, step, hand_off_open, missing: [field
//   names], warnings: [{field, term}], finished, referral_id, dirty, error, message}.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/matching.hpp"
#include "core/model.hpp"

namespace kolo::ui {

class App;

class DeclinePanel {
 public:
  // Draws the tab for case `c` (stored; its id is not 0). `ranked`: the case's matched
  // services, best first (whom the client can be referred to).
  void draw(App& app, const Case& c, const MatchResult& ranked);
  // Stores the draft if it changed; false (and the reason shown) when refused.
  bool save(App& app);
  void reset() { draft_.reset(), case_id_ = 0, error_.clear(); }
  void add_state(nlohmann::json& state) const;

 private:
  void load(const App& app, const Case& c);
  void draw_reason(App& app);
  void draw_self_check(App& app);
  void draw_message(App& app);
  void draw_form(App& app);
  void draw_finish(App& app, const Case& c, const MatchResult& ranked);
  void apply_now(App& app, Decline d);  // a step applied at once (told, finish)

  std::optional<Decline> draft_;
  Decline original_;
  Id case_id_ = 0;
  std::string error_;
  Id refer_to_ = 0;
};

}  // namespace kolo::ui
