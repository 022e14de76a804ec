// Templates of widgets.hpp (enum combos), included at its end.
#pragma once
#include <imgui.h>

#include <string>

namespace kolo::ui {

const char* T(const App& app, const char* key);
bool begin_combo(const char* label, const char* preview, int flags);

template <KoloEnum E> const char* enum_label(const App& app, E value) { return T(app, kolo::label_key(value).c_str()); }

template <KoloEnum E>
bool enum_filter(App& app, const char* id, const char* choice_prefix, const char* none_key, bool* has, E* value,
                 float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const bool shown = !has || *has;
  const std::string current = shown ? enum_label(app, *value) : T(app, none_key);
  if (begin_combo((std::string("##") + id + "###" + id).c_str(), current.c_str())) {
    if (has && none_key) {
      const std::string any = std::string(T(app, none_key)) + "###" + choice_prefix + ".any";
      if (ImGui::Selectable(any.c_str(), !*has)) {
        changed = *has;
        *has = false;
      }
    }
    for (E v : all_values<E>()) {
      const std::string choice = std::string(enum_label(app, v)) + "###" + choice_prefix + "." + std::string(to_string(v));
      if (ImGui::Selectable(choice.c_str(), shown && v == *value)) {
        changed = changed || !shown || v != *value;
        *value = v;
        if (has) *has = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

template <KoloEnum E>
bool enum_combo(App& app, const char* label_key, const char* id, const char* choice_prefix, E* value) {
  form_label(app, label_key);
  return enum_filter<E>(app, id, choice_prefix, nullptr, nullptr, value, -1.0f);
}

template <KoloEnum E>
bool optional_filter(App& app, const char* id, const char* choice_prefix, const char* none_key, std::optional<E>* value,
                     float width) {
  bool has = value->has_value();
  E chosen = value->value_or(E{});
  if (!enum_filter(app, id, choice_prefix, none_key, &has, &chosen, width)) return false;
  *value = has ? std::optional<E>(chosen) : std::nullopt;
  return true;
}

}  // namespace kolo::ui
