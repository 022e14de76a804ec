// The partner editor (see partner_editor.hpp).
#include "ui/partner_editor.hpp"

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "core/partners.hpp"
#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

void PartnerEditor::add_state(nlohmann::json& state) const {
  state["editor_open"] = draft_.has_value();
  if (draft_) state["partner_open"] = draft_->id;
}

void PartnerEditor::draw(App& app) {
  if (!draft_) return;
  if (!ImGui::IsPopupOpen("###partner_editor")) ImGui::OpenPopup("###partner_editor");
  ImGui::SetNextWindowSize(ImVec2(600, 0));
  const bool is_new = draft_->id == 0;
  const std::string title = L(app, is_new ? "partner.new" : "partner.edit", "partner_editor");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  Partner& p = *draft_;
  labelled_field(app, "field.name", "partner.name", &p.name);
  enum_combo(app, "field.kind", "partner.kind", "kind", &p.kind);
  enum_combo(app, "field.stage", "partner.stage", "stage", &p.stage);
  labelled_field(app, "field.area", "partner.area", &p.area);
  labelled_field(app, "field.their_needs", "partner.their_needs", &p.their_needs);
  ImGui::Spacing();
  bool close = false;
  if (ImGui::Button(L(app, "dialog.save", "partner.save").c_str())) {
    Partner saved = p;
    if (const Partner* before = find_record<Partner>(app.doc(), p.id); before && before->stage != p.stage) {
      saved.stage = before->stage;
      saved = moved_to_stage(saved, p.stage, app.today());
    } else if (is_new) {  // where it starts on the pipeline, and when
      saved.stage_history.push_back(StageMove{p.stage, format_date(app.today())});
    }
    const Id id = is_new ? app.doc().next_id : p.id;  // a new partner gets the next free id
    close = !app.apply(put_command(saved)).has_value();  // on error the dialog stays, with the message
    if (close) {
      last_saved_ = id;
      saved_at_ = app.now();
      app.request_frames();  // the directory highlights it from the next frame on
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(L(app, "dialog.cancel", "partner.cancel").c_str())) close = true;
  if (!is_new) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.delete", "partner.delete").c_str()))
      close = !app.apply(delete_command(Table::partners, p.id)).has_value();
  }
  if (close) {
    draft_.reset();
    ImGui::CloseCurrentPopup();
  }
  end_dialog(app, close);
}

}  // namespace kolo::ui
