// The app shell: the state a user sees (current view, language), the frame that draws the
// dashboard, and the summary that tests read. Free of SDL, emscripten and I/O: the platform
// main (src/platform) feeds it input and persists what it reports, and the native UI tests
// drive it headless.
#pragma once
#include <cstdint>
#include <string>

#include "core/i18n.hpp"

namespace kolo::ui {

enum class View { dashboard, partners, map, events, clients, settings };
inline constexpr View kViews[] = {View::dashboard, View::partners, View::map,
                                  View::events,    View::clients,  View::settings};
const char* view_code(View view);  // "dashboard", ... (stable, used by tests and settings)
bool view_from_code(const std::string& code, View* out);

// What the user expects to be remembered between visits. Saved beside the document.
struct Settings {
  Lang lang = Lang::en;
  View view = View::dashboard;
  bool lang_chosen = false;  // false: follow the browser's language on each start
  bool operator==(const Settings&) const = default;
};
std::string settings_to_json(const Settings& settings);
// Unknown or malformed input leaves the defaults in place: settings are a convenience,
// never a reason to refuse to start.
Settings settings_from_json(const std::string& text, Lang browser_lang);

class App {
 public:
  explicit App(Settings settings);

  // Submits one frame's widgets; call between ImGui::NewFrame() and ImGui::Render().
  void frame();

  const Settings& settings() const { return settings_; }
  void set_language(Lang lang);
  void set_view(View view);
  // True once after each settings change, so the platform can persist them.
  bool take_settings_changed();

  // Text pasted from the system clipboard (the browser's paste event). It goes into the
  // focused text field in the next frame, replacing its selection; without a focused field
  // it is dropped, so it can never land in a field focused later.
  void paste_text(const std::string& utf8);
  // For text_field(): the paste waiting for the focused field (cleared once taken).
  std::string take_pending_paste();

  std::string state_json() const;
  std::uint64_t frame_count() const { return frame_count_; }

  // View-only state, read and written by the views themselves.
  std::string partner_search;
  std::string client_search;

 private:
  void draw_top_bar();
  void draw_current_view();

  Settings settings_;
  bool settings_changed_ = false;
  std::string pending_paste_;
  std::uint64_t frame_count_ = 0;
};

// Shorthands for the views: the current language's text, and a label carrying a stable,
// language-independent id (ImGui's "label###id"), which the e2e tests look widgets up by.
const char* T(const App& app, const char* key);
std::string L(const App& app, const char* key, const char* id);

}  // namespace kolo::ui
