// Settings: language, and the user's data: where it is kept, export, import, the example.
// Widget ids: settings.lang.uk|ru|en, data.export, data.import, demo.load, demo.remove.
#include <imgui.h>

#include <memory>

#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
class SettingsView final : public View {
 public:
  SettingsView() : View("settings", "view.settings") {}
  void draw(App& app) override;
};
}  // namespace

std::unique_ptr<View> make_settings_view() { return std::make_unique<SettingsView>(); }

void SettingsView::draw(App& app) {
  empty_state(app, "settings.title", "settings.body");
  ImGui::TextUnformatted(T(app, "settings.language"));
  static constexpr struct {
    Lang lang;
    const char* label;
  } kChoices[] = {{Lang::uk, "Українська###settings.lang.uk"},
                  {Lang::ru, "Русский###settings.lang.ru"},
                  {Lang::en, "English###settings.lang.en"}};
  for (const auto& c : kChoices)
    if (ImGui::RadioButton(c.label, app.settings().lang == c.lang)) app.set_language(c.lang);

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(T(app, "settings.data"));
  const std::string status_key = "save." + app.storage_status().state;
  ImGui::TextWrapped("%s: %s", T(app, "settings.storage"), T(app, status_key.c_str()));
  if (!app.storage_status().reason.empty()) ImGui::TextWrapped("%s", app.storage_status().reason.c_str());
  if (app.storage_status().persisted == 1)
    ImGui::TextWrapped("%s", T(app, "settings.persisted"));
  else if (app.storage_status().persisted == 0)
    ImGui::TextWrapped("%s", T(app, "settings.not_persisted"));
  ImGui::TextWrapped("%s", T(app, "settings.export_hint"));
  if (ImGui::Button(L(app, "data.export", "data.export").c_str())) app.export_document();
  ImGui::SameLine();
  if (ImGui::Button(L(app, "data.import", "data.import").c_str())) app.request_import();

  ImGui::Spacing();
  ImGui::TextWrapped("%s", T(app, "demo.hint"));
  if (app.demo_loaded()) {
    if (ImGui::Button(L(app, "demo.remove", "demo.remove").c_str())) app.remove_demo();
  } else if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) {
    app.load_demo();
  }
}

}  // namespace kolo::ui
