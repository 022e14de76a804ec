// The partner editor: one dialog, shared by every view (the directory, the Dashboard's today,
// the pipeline, the outreach planner), opened through App::open_partner / App::new_partner.
// It edits a draft; Save applies all of it as one undoable step.
//
// Widget ids: partner.name, partner.kind, partner.stage, partner.area, partner.their_needs,
// partner.save, partner.cancel, partner.delete; the choices of a combo are kind.<value> and
// stage.<value>. State: editor_open, partner_open (the id being edited; 0 for a new one;
// absent when closed).
#pragma once
#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "core/model.hpp"

namespace kolo::ui {

class App;

class PartnerEditor {
 public:
  void open(const Partner& partner) { draft_ = partner; }
  bool is_open() const { return draft_.has_value(); }
  void close() { draft_.reset(); }
  // Draws the dialog while open; call once per frame inside the main window.
  void draw(App& app);
  void add_state(nlohmann::json& state) const;
  // The partner saved last and when (the directory highlights it), 0 for none.
  Id last_saved() const { return last_saved_; }
  double saved_at() const { return saved_at_; }

 private:
  std::optional<Partner> draft_;
  Id last_saved_ = 0;
  double saved_at_ = -1;
};

}  // namespace kolo::ui
