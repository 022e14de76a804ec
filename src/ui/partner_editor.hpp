// The partner editor: one dialog, shared by every view (the directory, the Dashboard's today,
// the pipeline, the outreach planner), opened through App::open_partner / App::new_partner.
// It edits a draft: the partner, its services and its current agreement (the latest start
// date, then the highest id). Save applies all of it as one undoable step (cmd.add_partner /
// cmd.edit_partner); logging a contact (cmd.log_contact) and merging a look-alike into this
// partner (cmd.merge_partners) are each one undoable step of their own, applied at once.
// Phones, e-mails, websites and dates are checked as the user types (the message in red under
// the field); Save refuses while any is wrong, and shows the tab of the first.
//
// Widget ids. Tabs: partner.tab.overview|contacts|services|agreement|log|events (events: an
//   existing partner's joint events, partner.event.<id> opens one in the Events view once the
//   partner's changes are saved). Always shown:
//   partner.save, partner.cancel, partner.delete (an existing partner);
//   partner.dup.open.<id> (a new partner looks like partner <id>: open that one instead),
//   partner.dup.save_anyway (after Save found a look-alike), partner.merge.<id> (an existing
//   partner: merge the similar partner <id> into this one).
// Overview: partner.name, partner.kind (choices kind.<value>), partner.stage (stage.<value>),
//   partner.area, partner.address, partner.website, partner.tags (comma-separated),
//   partner.trust.<0..5>, partner.their_needs, partner.notes, partner.follow_up_days,
//   partner.follow_up_max_days, partner.next_follow_up, partner.snoozed_until, partner.snooze,
//   partner.news_days (business days without news on a referral before a reminder; 0 = 2).
// Contacts: partner.contact.add; per contact person i (0-based):
//   partner.contact.<i>.name|role|phone|email|messenger|copy|remove.
// Services: partner.service.add; partner.service.<i> (selects one); the selected service's
//   partner.service.<i>.name|description|access_rules|schedule|format (choices
//   format.<value>)|languages (comma-separated)|age_groups|cost|capacity|trusted_specialist|
//   remove, and the need-tag checkboxes partner.service.<i>.need.<tag key>.
// Agreement: partner.agreement.create (none yet), partner.agreement.discard (a new one),
//   partner.agreement.status (choices status.<value>), partner.agreement.start_date|end_date|
//   terms|handoff_procedure|report_forms.
// Log: partner.log.date, partner.log.channel (choices channel.<value>), partner.log.who (text)
//   and partner.log.who_pick (choices partner.log.who.<i>: the contact persons),
//   partner.log.summary, partner.log.next_step, partner.log.next_contact (sets the partner's
//   next follow-up), partner.log.add.
// State: editor_open, partner_open (the id being edited; 0 for a new one; absent when closed);
// while open: partner_tab (code), partner_dirty (the draft differs from what is saved),
// partner_errors ({field id: message shown in red}), partner_refused (why Save was refused, or
// ""), partner_contacts (names), partner_services (names), partner_agreement ({status,
// end_date, expiring} or null), partner_log ([{date, channel, who, summary, next_step}], newest
// first), partner_touch ({level: none|later|soon|amber|red, due, red_from, snoozed}: keep in
// touch with the draft's cadence and the last logged contact), partner_duplicates ([{id, name,
// same_name, same_phone, same_email}]), partner_dup_prompt (Save found a look-alike and waits
// for Open or Save anyway), partner_events (the events tab's event ids as drawn, while it is
// shown). The App reports `copied` (the text copied last, e.g. a phone).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/model.hpp"
#include "core/partners.hpp"

namespace kolo::ui {

class App;

class PartnerEditor {
 public:
  void open(const Partner& partner);
  bool is_open() const { return draft_.has_value(); }
  Id open_id() const { return draft_ ? draft_->partner.id : 0; }  // 0: closed, or a new partner
  bool dirty() const;  // open with changes not saved (or a new partner)
  void close() { draft_.reset(); }
  // Draws the dialog while open; call once per frame inside the main window.
  void draw(App& app);
  void add_state(nlohmann::json& state) const;
  // The partner saved last and when (the directory highlights it), 0 for none.
  Id last_saved() const { return last_saved_; }
  double saved_at() const { return saved_at_; }

 private:
  struct Draft {
    Partner partner;
    std::vector<Service> services;
    std::optional<Agreement> agreement;
    bool operator==(const Draft&) const = default;
  };
  struct Look {  // a partner the draft looks like
    DuplicateHit hit;
    std::string name;
  };

  void load(const App& app);
  void refresh(const App& app);
  void check(const App& app);
  void error_under(const std::string& id) const;
  bool has_error(const std::string& id) const;
  void draw_header(App& app);
  void draw_overview(App& app);
  void draw_contacts(App& app);
  void draw_services(App& app);
  void draw_agreement(App& app);
  void draw_log(App& app);
  void draw_events(App& app);
  bool save(App& app);  // true when saved, or when there was nothing to save
  void log_contact(App& app);

  std::optional<Draft> draft_;
  Draft original_;  // as loaded: what "unsaved changes" compare against
  bool loaded_ = false;
  std::string tags_text_;                    // the tags as typed (comma-separated)
  std::vector<std::string> languages_text_;  // per service of the draft, as typed
  int tab_ = 0, request_tab_ = 0, service_ = -1;
  Interaction log_;        // the "log a contact" form
  std::string log_next_;   // its "next contact on"
  std::vector<std::pair<std::string, std::string>> errors_;  // field id, message
  std::string refused_;
  std::string agreement_warning_;
  TouchStatus touch_;
  // Worked out when the document or the draft's name, phones or e-mails change, not per frame.
  std::vector<Interaction> log_rows_;  // the partner's logged contacts, newest first
  std::vector<Look> looks_;
  std::string look_key_;
  std::uint64_t cache_revision_ = 0;
  Id cache_partner_ = -1;
  bool dup_prompt_ = false, dup_confirmed_ = false;
  int copied_contact_ = -1;
  Id pending_open_ = 0, pending_merge_ = 0, pending_event_ = 0;  // done after the dialog is drawn
  std::vector<Id> events_drawn_;  // the events tab's rows, as last drawn
  Id last_saved_ = 0;
  double saved_at_ = -1;
};

}  // namespace kolo::ui
