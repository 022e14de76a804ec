// Partners: the directory of referral sources and partners, and their pipeline stage.
// Widget ids: partners.search, partners.add, partners.row.<id>, and in the editor
// partner.name, partner.kind, partner.stage, partner.area, partner.save, partner.cancel,
// partner.delete; the choices of a combo are kind.<value> and stage.<value>.
#include <imgui.h>

#include <string>

#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

namespace {

// A combo over every value of a Kolo enum, labelled from the catalog.
template <KoloEnum E>
void enum_combo(App& app, const char* label_key, const char* id, const char* choice_prefix, E* value) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, label_key));
  ImGui::SameLine(140);
  ImGui::SetNextItemWidth(-1);
  const std::string current = T(app, kolo::label_key(*value).c_str());
  if (ImGui::BeginCombo((std::string("##") + id + "###" + id).c_str(), current.c_str())) {
    for (E v : all_values<E>()) {
      const std::string choice = std::string(T(app, kolo::label_key(v).c_str())) + "###" + choice_prefix + "." +
                                 std::string(to_string(v));
      if (ImGui::Selectable(choice.c_str(), v == *value)) *value = v;
    }
    ImGui::EndCombo();
  }
}

bool matches(const Partner& p, const std::string& folded_query) {
  if (folded_query.empty()) return true;
  for (const std::string* field : {&p.name, &p.area, &p.notes})
    if (fold_name(*field).find(folded_query) != std::string::npos) return true;
  for (const std::string& tag : p.tags)
    if (fold_name(tag).find(folded_query) != std::string::npos) return true;
  return false;
}

void draw_editor(App& app) {
  if (!app.partner_editor) return;
  if (!ImGui::IsPopupOpen("###partner_editor")) ImGui::OpenPopup("###partner_editor");
  ImGui::SetNextWindowSize(ImVec2(560, 0));
  const bool is_new = app.partner_editor->id == 0;
  const std::string title = L(app, is_new ? "partner.new" : "partner.edit", "partner_editor");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  Partner& p = *app.partner_editor;
  labelled_field(app, "field.name", "partner.name", &p.name);
  enum_combo(app, "field.kind", "partner.kind", "kind", &p.kind);
  enum_combo(app, "field.stage", "partner.stage", "stage", &p.stage);
  labelled_field(app, "field.area", "partner.area", &p.area);
  labelled_field(app, "field.their_needs", "partner.their_needs", &p.their_needs);
  ImGui::Spacing();
  bool close = false;
  if (ImGui::Button(L(app, "dialog.save", "partner.save").c_str())) {
    Command cmd = put_command(p);
    close = !app.apply(std::move(cmd)).has_value();  // on error the dialog stays, with the message
  }
  ImGui::SameLine();
  if (ImGui::Button(L(app, "dialog.cancel", "partner.cancel").c_str())) close = true;
  if (!is_new) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.delete", "partner.delete").c_str()))
      close = !app.apply(delete_command(Table::partners, p.id)).has_value();
  }
  if (close) {
    app.partner_editor.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_partners(App& app) {
  const Document& doc = app.doc();
  text_field(app, "partners.search", "partners.search", &app.partner_search, 320.0f);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "partners.add", "partners.add").c_str()) && !app.read_only()) app.partner_editor = Partner{};

  if (doc.partners.empty()) {
    empty_state(app, "partners.empty.title", "partners.empty.body");
    if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
    draw_editor(app);
    return;
  }

  // Filtering walks every partner each frame (linear; 10,000 folded names take well under a
  // millisecond natively); the clipper then draws only the rows on screen.
  const std::string query = fold_name(app.partner_search);
  static std::vector<int> visible;
  visible.clear();
  for (int i = 0; i < static_cast<int>(doc.partners.size()); ++i)
    if (matches(doc.partners[static_cast<std::size_t>(i)], query)) visible.push_back(i);

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("partners", 4, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(T(app, "field.name"), 0, 3.0f);
    ImGui::TableSetupColumn(T(app, "field.kind"), 0, 2.0f);
    ImGui::TableSetupColumn(T(app, "field.stage"), 0, 1.2f);
    ImGui::TableSetupColumn(T(app, "field.area"), 0, 2.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const Partner& p = doc.partners[static_cast<std::size_t>(visible[static_cast<std::size_t>(row)])];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string label = p.name + "###partners.row." + std::to_string(p.id);
        if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && !app.read_only())
          app.partner_editor = p;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(T(app, label_key(p.kind).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(T(app, label_key(p.stage).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.area.c_str());
      }
    }
    ImGui::EndTable();
  }
  draw_editor(app);
}

}  // namespace kolo::ui
