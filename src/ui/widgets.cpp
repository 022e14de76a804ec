// Shared widgets used across views.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
ImFont* g_heading_font = nullptr;
}  // namespace

void set_heading_font(ImFont* font) { g_heading_font = font; }
ImFont* heading_font() { return g_heading_font; }

void wrapped_text(const char* text) {
  ImGui::TextWrapped("%s", text);
  items_text(text);
}

void heading_text(const char* text) {
  if (g_heading_font) ImGui::PushFont(g_heading_font);
  ImGui::TextUnformatted(text);
  if (g_heading_font) ImGui::PopFont();
  items_text(text, true);
}

bool radio_button(const char* label, bool active) {
  const bool pressed = ImGui::RadioButton(label, active);
  items_describe(ImGui::GetItemID(), "radio", -1, "", active ? 1 : 0);
  return pressed;
}

void section_title(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  items_text(title);
  ImGui::Separator();
}

void empty_state(const App& app, const char* title_key, const char* body_key) {
  ImGui::Dummy(ImVec2(0, 8));
  heading_text(T(app, title_key));
  ImGui::Spacing();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 640.0f);
  wrapped_text(T(app, body_key));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
}

namespace {
struct FieldContext {
  std::string* value;
  App* app;
  bool multiline;
};

int field_callback(ImGuiInputTextCallbackData* data) {
  auto* ctx = static_cast<FieldContext*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    ctx->value->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = ctx->value->data();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
    // Called only for the active field: the system paste goes here.
    std::string paste = ctx->app->take_pending_paste();
    if (!paste.empty()) {
      if (!ctx->multiline)
        for (char& c : paste)
          if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      if (data->HasSelection()) {
        const int from = std::min(data->SelectionStart, data->SelectionEnd);
        data->DeleteChars(from, std::abs(data->SelectionEnd - data->SelectionStart));
      }
      data->InsertChars(data->CursorPos, paste.data(), paste.data() + paste.size());
    }
  }
  return 0;
}
}  // namespace

namespace {
ImGuiID g_secret_field = 0;  // the last password field that had the keyboard
}  // namespace

bool input_string(App& app, const char* id, std::string* value, float width, int flags) {
  ImGui::SetNextItemWidth(width);
  const std::string label = std::string("##") + id + "###" + id;
  FieldContext ctx{value, &app, false};
  const bool changed = ImGui::InputText(label.c_str(), value->data(), value->capacity() + 1,
                                        flags | ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackAlways,
                                        field_callback, &ctx);
  if ((flags & ImGuiInputTextFlags_Password) && ImGui::IsItemActive()) g_secret_field = ImGui::GetItemID();
  return changed;
}

bool input_secret(App& app, const char* id, std::string* value, float width) {
  return input_string(app, id, value, width, ImGuiInputTextFlags_Password);
}

bool is_secret_field(unsigned int imgui_id) { return imgui_id != 0 && imgui_id == g_secret_field; }

bool input_multiline(App& app, const char* id, std::string* value, float height) {
  const std::string label = std::string("##") + id + "###" + id;
  FieldContext ctx{value, &app, true};
  return ImGui::InputTextMultiline(label.c_str(), value->data(), value->capacity() + 1, ImVec2(-1.0f, height),
                                   ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackAlways,
                                   field_callback, &ctx);
}

bool text_field(App& app, const char* label_key, const char* id, std::string* value, float width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, label_key));
  ImGui::SameLine();
  items_name_next(T(app, label_key));
  return input_string(app, id, value, width);
}

float label_column(const App& app, std::initializer_list<const char*> keys) {
  float w = 0;
  for (const char* k : keys) w = std::max(w, ImGui::CalcTextSize(T(app, k)).x);
  return ImGui::GetCursorPosX() + w + 12.0f;
}

void row_label(const App& app, const char* key, float column) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, key));
  ImGui::SameLine(column);
  items_name_next(T(app, key));
}

void form_label(const App& app, const char* label_key) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, label_key));
  ImGui::SameLine(170);
  items_name_next(T(app, label_key));
}

bool labelled_field(App& app, const char* label_key, const char* id, std::string* value) {
  form_label(app, label_key);
  return input_string(app, id, value, -1.0f);
}

bool input_number(const std::string& id, int* value, int lo, int hi, float width) {
  ImGui::SetNextItemWidth(width);
  const std::string label = "##" + id + "###" + id;
  const bool changed = ImGui::InputInt(label.c_str(), value, 0, 0);
  *value = std::clamp(*value, lo, hi);
  return changed;
}

bool tab_item(const std::string& label, bool select) {
  const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
  if (GImGui->TestEngineHookItems) ImGuiTestEngineHook_ItemInfo(GImGui, ImGui::GetItemID(), label.c_str(), 0);
  return open;
}

namespace {
bool g_touch_mode = false;
}
void set_touch_mode(bool on) { g_touch_mode = on; }
bool touch_mode() { return g_touch_mode; }

void scroll_window_at(float dx, float dy) {
  for (ImGuiWindow* w = GImGui->HoveredWindow; w; w = w->ParentWindow) {
    if (w->Flags & ImGuiWindowFlags_NoScrollWithMouse) continue;
    const bool y = dy != 0 && w->ScrollMax.y > 0, x = dx != 0 && w->ScrollMax.x > 0;
    if (!y && !x) continue;
    if (y) ImGui::SetScrollY(w, std::clamp(w->Scroll.y + dy, 0.0f, w->ScrollMax.y));
    if (x) ImGui::SetScrollX(w, std::clamp(w->Scroll.x + dx, 0.0f, w->ScrollMax.x));
    return;
  }
}

void end_dialog(App& app, bool closing) {
  if (!closing) app.draw_shared_dialogs();
  ImGui::EndPopup();
}

bool begin_combo(const char* label, const char* preview, int flags) {
  const ImGuiID id = ImGui::GetID(label);  // before the combo's popup (if open) is begun
  const bool open = ImGui::BeginCombo(label, preview, flags);
  if (GImGui->TestEngineHookItems) {
    ImGuiTestEngineHook_ItemInfo(GImGui, id, label, 0);
    items_describe(id, "combobox", open ? 1 : 0, preview ? preview : "", -1);
  }
  return open;
}

void table_headers_row() {
  ImGuiTable* table = ImGui::GetCurrentTable();
  const int columns = ImGui::TableGetColumnCount();
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers, ImGui::TableGetHeaderRowHeight());
  for (int c = 0; c < columns; ++c) {
    if (!ImGui::TableSetColumnIndex(c)) continue;
    const char* name = ImGui::TableGetColumnName(c);
    ImGui::PushID(table->InstanceCurrent * table->ColumnsCount + c);  // as TableHeadersRow does
    ImGui::TableHeader(name);
    ImGui::PopID();
    if (GImGui->TestEngineHookItems) ImGuiTestEngineHook_ItemInfo(GImGui, ImGui::GetItemID(), name, 0);
  }
}

bool text_filter(App& app, const char* id, const char* prefix, const char* any_key,
                 const std::vector<std::string>& values, std::string* chosen, float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const std::string current = chosen->empty() ? T(app, any_key) : *chosen;
  if (begin_combo((std::string("##") + id + "###" + id).c_str(), current.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ImGui::Selectable((std::string(T(app, any_key)) + "###" + prefix + ".any").c_str(), chosen->empty())) {
      changed = !chosen->empty();
      chosen->clear();
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string label = values[i] + "###" + prefix + "." + std::to_string(i);
      if (ImGui::Selectable(label.c_str(), *chosen == values[i])) {
        changed = *chosen != values[i];
        *chosen = values[i];
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace kolo::ui
