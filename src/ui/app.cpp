// The app shell: top bar (navigation, language, save state), the current view, settings
// persistence and the state summary of the testing contract (tests/README.md).
#include "ui/app.hpp"

#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ui/views.hpp"

namespace kolo::ui {

namespace {

struct ViewEntry {
  View view;
  const char* code;       // stable id: settings, tests ("nav.<code>")
  const char* title_key;  // catalog key of the tab's name
  void (*draw)(App&);
};

// Every view, in the order of the navigation bar.
constexpr ViewEntry kViewTable[] = {
    {View::dashboard, "dashboard", "view.dashboard", draw_dashboard},
    {View::partners, "partners", "view.partners", draw_partners},
    {View::map, "map", "view.map", draw_map},
    {View::events, "events", "view.events", draw_events},
    {View::clients, "clients", "view.clients", draw_clients},
    {View::settings, "settings", "view.settings", draw_settings},
};

const ViewEntry& entry(View view) {
  for (const ViewEntry& e : kViewTable)
    if (e.view == view) return e;
  return kViewTable[0];
}

}  // namespace

const char* view_code(View view) { return entry(view).code; }

bool view_from_code(const std::string& code, View* out) {
  for (const ViewEntry& e : kViewTable)
    if (code == e.code) {
      *out = e.view;
      return true;
    }
  return false;
}

std::string settings_to_json(const Settings& settings) {
  nlohmann::json j = {{"lang", lang_code(settings.lang)},
                      {"lang_chosen", settings.lang_chosen},
                      {"view", view_code(settings.view)}};
  return j.dump();
}

Settings settings_from_json(const std::string& text, Lang browser_lang) {
  Settings s;
  s.lang = browser_lang;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return s;
  if (auto it = j.find("lang_chosen"); it != j.end() && it->is_boolean()) s.lang_chosen = it->get<bool>();
  if (auto it = j.find("lang"); s.lang_chosen && it != j.end() && it->is_string()) {
    if (!lang_from_code(it->get<std::string>(), &s.lang)) {
      s.lang = browser_lang;
      s.lang_chosen = false;
    }
  }
  if (auto it = j.find("view"); it != j.end() && it->is_string()) view_from_code(it->get<std::string>(), &s.view);
  return s;
}

const char* T(const App& app, const char* key) { return tr(key, app.settings().lang); }

std::string L(const App& app, const char* key, const char* id) {
  std::string s = T(app, key);
  s += "###";
  s += id;
  return s;
}

App::App(Settings settings) : settings_(settings) {}

void App::set_language(Lang lang) {
  if (settings_.lang == lang && settings_.lang_chosen) return;
  settings_.lang = lang;
  settings_.lang_chosen = true;
  settings_changed_ = true;
}

void App::set_view(View view) {
  if (settings_.view == view) return;
  settings_.view = view;
  settings_changed_ = true;
}

bool App::take_settings_changed() {
  bool changed = settings_changed_;
  settings_changed_ = false;
  return changed;
}

void App::paste_text(const std::string& utf8) {
  // Not through ImGui's character queue: InputText ignores characters while Ctrl is held,
  // and Ctrl is held during Ctrl+V.
  if (ImGui::GetIO().WantTextInput) pending_paste_ = utf8;
}

std::string App::take_pending_paste() {
  std::string s;
  s.swap(pending_paste_);
  return s;
}

void App::frame() {
  ++frame_count_;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Kolo###main", nullptr, flags);
  ImGui::PopStyleVar();
  draw_top_bar();
  ImGui::Separator();
  ImGui::BeginChild("view###view", ImVec2(0, 0), false);
  draw_current_view();
  ImGui::EndChild();
  ImGui::End();
  pending_paste_.clear();  // no field took it this frame: drop it
}

namespace {
// Lays buttons out left to right and starts a new row when the next one would not fit, so
// the bar works in a narrow window too.
bool flow_button(const char* label, bool current) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
  if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool pressed = ImGui::Button(label);
  if (current) ImGui::PopStyleColor();
  return pressed;
}
}  // namespace

void App::draw_top_bar() {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(*this, "app.title"));
  ImGui::SameLine(0, 24);
  ImGui::Dummy(ImVec2(0, 0));
  for (const ViewEntry& e : kViewTable) {
    std::string id = std::string("nav.") + e.code;
    if (flow_button(L(*this, e.title_key, id.c_str()).c_str(), settings_.view == e.view)) set_view(e.view);
  }
  // Language switch at the right edge: the names are written in their own language, so a
  // user who cannot read the current one still finds theirs.
  static constexpr struct {
    Lang lang;
    const char* label;
  } kLangButtons[] = {{Lang::uk, "Українська###lang.uk"}, {Lang::ru, "Русский###lang.ru"}, {Lang::en, "English###lang.en"}};
  const ImGuiStyle& style = ImGui::GetStyle();
  float width = -style.ItemSpacing.x;
  for (const auto& b : kLangButtons)
    width += ImGui::CalcTextSize(b.label, nullptr, true).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  const float right = ImGui::GetWindowContentRegionMax().x - width;
  ImGui::SameLine();
  if (right < ImGui::GetCursorPosX()) ImGui::NewLine();  // no room left on the tabs' row
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right));
  for (std::size_t i = 0; i < std::size(kLangButtons); ++i) {
    if (i > 0) ImGui::SameLine();
    const bool current = settings_.lang == kLangButtons[i].lang;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(kLangButtons[i].label)) set_language(kLangButtons[i].lang);
    if (current) ImGui::PopStyleColor();
  }
}

void App::draw_current_view() { entry(settings_.view).draw(*this); }

std::string App::state_json() const {
  nlohmann::json j = {
      {"view", view_code(settings_.view)},
      {"lang", lang_code(settings_.lang)},
      {"frame", frame_count_},
      {"partner_search", partner_search},
      {"client_search", client_search},
  };
  return j.dump();
}

}  // namespace kolo::ui
