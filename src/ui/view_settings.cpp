// Settings: language, and (with the data layer) export, import and storage status.
#include <imgui.h>

#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_settings(App& app) {
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
}

}  // namespace kolo::ui
