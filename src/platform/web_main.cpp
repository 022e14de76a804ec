// The browser main: SDL2 + WebGL2 + the emscripten loop around the App.
//
// Frames are drawn only when something can have changed (input, a resize, a message from
// the page, a blinking caret) or a view asks for them while something moves; the rules are in
// FramePacer (frame_pacer.hpp): an idle dashboard must not burn a CPU core. Fonts are rasterised
// at the device pixel ratio so Cyrillic stays crisp on HiDPI screens. The page talks to us
// through the functions exported at the bottom (see shell/site/app.js and tests/README.md).
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "first_frame_glyphs.h"
#include "glyph_ranges.h"
#include "core/letter.hpp"
#include "io/kolo_json.hpp"
#include "platform/embedded.hpp"
#include "platform/frame_pacer.hpp"
#include "storage/records.hpp"
#include "storage/snapshots.hpp"
#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets.hpp"

// Provided by shell/kolo_bridge.js.
extern "C" {
char* kolo_js_settings_load();         // malloc'd UTF-8, or null
void kolo_js_settings_save(const char* json);
char* kolo_js_browser_language();      // malloc'd, e.g. "uk-UA"
void kolo_js_clipboard_write(const char* text);
void kolo_js_print_html(const char* html);
void kolo_js_save_canvas_png(const char* name, double x, double y, double w, double h);
void kolo_js_set_route(const char* route, const char* title, const char* lang_code, int push);
char* kolo_js_initial_route();  // malloc'd: the page's address after '#', or null
void kolo_js_frame_drawn();     // the page mirrors the frame (text field, screen reader)
void kolo_js_save_board_page(const char* name, const char* board_element, const char* title);
char* kolo_js_board_page();  // malloc'd: the board a board page carries, or null
void kolo_js_save_offline_copy(const char* name, const char* data_json, const char* title, int same_copy);
int kolo_js_page_kind();     // 0 served, 1 a saved page from a file, 2 an offline copy, 3 a board page
char* kolo_js_copy_info();   // malloc'd: an offline copy's #kolo-copy element, or null
char* kolo_js_copy_data();   // malloc'd: the data an offline copy carries, or null
int kolo_js_first_time(const char* key);
void kolo_js_reload();
void kolo_js_install();
void kolo_js_storage_take_late(int take);
void kolo_js_warn_on_leave(int on);
void kolo_js_sync_connect(const char* request_json);  // shell/kolo_sync.js
void kolo_js_sync_disconnect();
void kolo_js_sync_change_passphrase(const char* current, const char* next);
void kolo_js_sync_resolved(const char* key, int theirs);
void kolo_js_first_frame();
void kolo_js_storage_open();
void kolo_js_storage_write(const char* payload_json);
void kolo_js_storage_set_aside(const char* keys_json);
void kolo_js_storage_set_aside_snapshot(double seq);
void kolo_js_download(const char* name, const char* mime, const char* data, double length);
void kolo_js_pick_file(const char* accept);
char* kolo_js_now_iso();
char* kolo_js_local_now();            // malloc'd, "2026-11-25T00:30:00+02:00[Europe/Kyiv]"
int kolo_js_storage_persisted();
// Privacy (shell/kolo_privacy.js): answered by kolo_encrypted_export_done, kolo_decrypted /
// kolo_decrypt_failed, kolo_forget_failed (a success reloads the page).
void kolo_js_download_encrypted(const char* name, const char* json, const char* passphrase);
void kolo_js_decrypt(const char* envelope, const char* passphrase);
void kolo_js_forget_device();
// The passphrase lock (shell/kolo_lock.js): answered by kolo_lock_screen / kolo_storage_opened,
// and kolo_lock_done with kolo_lock_status.
void kolo_js_storage_unlock(const char* passphrase);
void kolo_js_lock_set(const char* current, const char* next);
}

namespace {

constexpr float kFontSize = 16.0f;            // CSS pixels
constexpr float kHeadingSize = 21.0f;

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  std::unique_ptr<kolo::ui::App> app;
  float font_scale = 0;   // the device pixel ratio the font atlas was built for
  bool all_glyphs = false;  // false: the atlas holds only the first frame's glyphs
  kolo::FramePacer pacer;
  bool paused = false;       // the emscripten loop is paused: nothing runs until wake()
  int timer_generation = 0;  // only the newest timer may wake the loop
  bool first_frame_drawn = false;
  double wake_started = 0, frame_ms = 0, wake_ms = 0;  // the benchmarks' figures (kolo_frame_ms)
  bool storage_opened = false;
  bool board_page = false;  // a board page (.html): the board only, no storage at all
  kolo::ui::PageKind page = kolo::ui::PageKind::served;
  bool single_file = false;  // an offline copy without storage: the data lives in the file
  std::uint64_t fallback_revision = 0;  // the revision when storage was found missing
  std::string copy_stamp;    // when the data an offline copy carries was saved (or the copy made)
  std::string pending_carried;  // carried data to offer once the stored data is loaded
  bool warn_on_leave = false;  // the page asks before closing (App::unsaved_work)
  bool storage_drawn = false;  // a frame drawn since storage answered shows what it held
  bool ready_reported = false;
  kolo::Autosaver saver{0};
  kolo::RecordSync sync;      // which records to write, based on which stored revisions
  kolo::Id id_block_end = 0;  // this tab's reserved ids end here (storage/records.hpp)
  std::optional<kolo::StoredMeta> incoming_meta;  // being delivered by the JS side...
  std::vector<kolo::StoredRecord> incoming_records;
  std::vector<kolo::Snapshot> incoming;  // ...and version 1's snapshots, to upgrade a profile
  std::string clipboard;  // what ImGui copied; the system clipboard gets it too
  bool has_deferred = false;
  SDL_Event deferred{};   // a key release held back for the next frame (see poll_events)
  kolo::Lang shown_lang = kolo::Lang::en;
  std::string route, title;   // the page's address and title as last published
  bool route_replace = true;  // the next address replaces the current one (start, back button)
  int text_scale = 100;       // the text size the fonts and style were made for (Settings)
  bool touch = false;         // the last pointer was a finger: larger targets
  bool scroll_pending = false;  // a finger moved a list (app.js): scrolled in the next frame
  float scroll_x = 0, scroll_y = 0, scroll_dx = 0, scroll_dy = 0;
  Uint32 select_event = 0;    // SDL user event: select a range of the focused text field
};
Platform g;

std::string take_js_string(char* p) {
  std::string s = p ? p : "";
  free(p);
  return s;
}

void resume_loop() {
  if (g.paused) {
    g.paused = false;
    emscripten_resume_main_loop();
  }
}

// Something may have changed what is shown: draw a few frames, restarting the loop if it
// sleeps. Called from the page's input listeners (app.js), storage and file callbacks.
void wake() {
  g.pacer.wake();
  resume_loop();
}

// A timer set by sleep_until_needed: the loop runs a tick, and the pacer decides whether that
// tick draws (a timed frame) or only saves (an autosave falling due).
void on_timer(void* generation) {
  if (static_cast<int>(reinterpret_cast<std::intptr_t>(generation)) == g.timer_generation) resume_loop();
}

// Nothing to draw now: stop the loop (an idle page then costs no CPU at all), and if a frame
// is due later (caret blink, a view's timed frame) or a save falls due (the debounce, a retry
// after a failure), set a timer for the sooner.
void sleep_until_needed(double now) {
  ++g.timer_generation;
  const double wake_at = g.pacer.next_wake(g.saver.due_at());
  if (wake_at >= 0) {
    const double delay_ms = std::max(0.0, (wake_at - now) * 1000.0);
    emscripten_async_call(on_timer, reinterpret_cast<void*>(static_cast<std::intptr_t>(g.timer_generation)),
                          static_cast<int>(delay_ms) + 1);
  }
  g.paused = true;
  emscripten_pause_main_loop();
}

// The font atlas is rasterised here, and the first frame waits for it: every glyph costs time,
// so each font gets only the ranges it needs (CMakeLists.txt). The first frame is drawn before
// storage answers and shows only the app's own text, so it gets just the catalogs' characters
// (first_frame_glyphs.h, about a third of the glyphs); frame() builds the full atlas right after.
void build_fonts(float dpr, int text_scale, bool all_glyphs) {
  const float scale = dpr * static_cast<float>(text_scale) / 100.0f;  // device pixels per layout pixel of text
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;  // a smaller texture to fill and upload
  // The same lists the embedded fonts were subset to (CMakeLists.txt, KOLO_GLYPH_RANGES).
  static const ImWchar kRanges[] = {KOLO_GLYPH_RANGES};
  static const ImWchar kHeadingRanges[] = {KOLO_HEADING_GLYPH_RANGES};
  static const ImWchar kFirstFrameRanges[] = {KOLO_FIRST_FRAME_GLYPH_RANGES};
  ImFontConfig config;
  config.OversampleH = 1;  // rasterised at device pixels already: no need to oversample
  config.OversampleV = 1;
  config.PixelSnapH = true;
  config.FontDataOwnedByAtlas = false;  // the bytes are compiled in (embedded.hpp)
  auto add = [&](std::string_view ttf, float size, const ImWchar* ranges) {
    return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(ttf.data()), static_cast<int>(ttf.size()),
                                          std::round(size * scale), &config, ranges);
  };
  if (!add(kolo::embedded::ui_font(), kFontSize, all_glyphs ? kRanges : kFirstFrameRanges)) {
    std::fprintf(stderr, "Kolo: the embedded UI font is unreadable; using ImGui's default\n");
    io.Fonts->AddFontDefault();
  }
  kolo::ui::set_heading_font(
      add(kolo::embedded::heading_font(), kHeadingSize, all_glyphs ? kHeadingRanges : kFirstFrameRanges));
  io.FontGlobalScale = 1.0f / dpr;  // the atlas is in device pixels, the layout in CSS pixels
  g.font_scale = dpr;
  g.text_scale = text_scale;
  g.all_glyphs = all_glyphs;
}

// The style for a text size (percent) and a pointer: a finger gets taller targets (about
// 40 CSS pixels a row) and more room between them.
void apply_style(int text_scale, bool touch) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsLight();
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.ChildRounding = 4;
  style.PopupRounding = 4;
  style.FramePadding = ImVec2(10, 6);
  style.ItemSpacing = ImVec2(8, 8);
  style.WindowPadding = ImVec2(14, 12);
  style.WindowBorderSize = 0;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.88f, 0.91f, 0.93f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.76f, 0.85f, 0.90f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.55f, 0.75f, 0.84f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  if (touch) {
    style.FramePadding = ImVec2(12, 12);
    style.ItemSpacing = ImVec2(10, 10);
    style.CellPadding = ImVec2(8, 10);  // table rows too
    style.TouchExtraPadding = ImVec2(4, 4);
    style.ScrollbarSize = 20;
    style.GrabMinSize = 24;
  }
  style.ScaleAllSizes(static_cast<float>(text_scale) / 100.0f);
}

const char* clipboard_get(void*) {
  // Pasting comes from the browser's paste event (kolo_paste), which carries the system
  // clipboard; ImGui's own Ctrl+V would only see the copy made inside this page.
  return "";
}

void clipboard_set(void*, const char* text) {
  g.clipboard = text ? text : "";
  kolo_js_clipboard_write(g.clipboard.c_str());
}

// The app's requests, served by the page.
class WebHost final : public kolo::ui::Host {
 public:
  void download(const std::string& file_name, const std::string& mime, std::string_view bytes) override {
    kolo_js_download(file_name.c_str(), mime.c_str(), bytes.data(), static_cast<double>(bytes.size()));
  }
  void pick_file(const std::string& accept) override { kolo_js_pick_file(accept.c_str()); }
  std::string demo_network() override { return std::string(kolo::embedded::demo_network()); }
  std::string now_iso() override { return take_js_string(kolo_js_now_iso()); }
  kolo::LocalTime local_now() override {
    // The page always answers in the form core reads; UTC is only a guard against the unforeseen.
    std::optional<kolo::LocalTime> t = kolo::parse_local_time(take_js_string(kolo_js_local_now()));
    return t ? *t : kolo::parse_local_time(now_iso() + "Z").value_or(kolo::LocalTime{});
  }
  void copy_text(const std::string& utf8) override { kolo_js_clipboard_write(utf8.c_str()); }
  void print_html(const std::string& html) override { kolo_js_print_html(html.c_str()); }
  // Taken once this frame is drawn: the canvas holds the picture until the task ends.
  void save_png(const std::string& file_name, float x, float y, float w, float h) override {
    png = Png{file_name, x, y, w, h};
  }
  void save_board_page(const std::string& file_name, const std::string& board_element,
                       const std::string& title) override {
    kolo_js_save_board_page(file_name.c_str(), board_element.c_str(), title.c_str());
  }
  void save_offline_copy(const std::string& file_name, const std::string& data_json, const std::string& title,
                         bool same_copy) override {
    kolo_js_save_offline_copy(file_name.c_str(), data_json.c_str(), title.c_str(), same_copy ? 1 : 0);
  }
  void install() override { kolo_js_install(); }
  void reload() override { kolo_js_reload(); }
  void download_encrypted(const std::string& file_name, const std::string& json, const std::string& passphrase) override {
    kolo_js_download_encrypted(file_name.c_str(), json.c_str(), passphrase.c_str());
  }
  void decrypt(const std::string& envelope, const std::string& passphrase) override {
    kolo_js_decrypt(envelope.c_str(), passphrase.c_str());
  }
  void forget_device() override { kolo_js_forget_device(); }
  void storage_unlock(const std::string& passphrase) override { kolo_js_storage_unlock(passphrase.c_str()); }
  void lock_set(const std::string& current, const std::string& next) override {
    kolo_js_lock_set(current.c_str(), next.c_str());
  }
  struct Png {
    std::string name;
    float x = 0, y = 0, w = 0, h = 0;
  };
  std::optional<Png> png;
  void conflict_resolved(const std::string& key, bool keep_mine) override {
    g.sync.resolved(key, keep_mine);
    if (g.sync.conflicts().empty()) g.saver.resolved(emscripten_get_now() / 1000.0);
  }
  void sync_connect(const std::string& request_json) override { kolo_js_sync_connect(request_json.c_str()); }
  void sync_disconnect() override { kolo_js_sync_disconnect(); }
  void sync_change_passphrase(const std::string& current, const std::string& next) override {
    kolo_js_sync_change_passphrase(current.c_str(), next.c_str());
  }
  void sync_conflict_resolved(const std::string& key, bool theirs) override {
    kolo_js_sync_resolved(key.c_str(), theirs ? 1 : 0);
  }
};
WebHost g_host;

void publish_storage_status() {
  kolo::ui::StorageStatus status;
  if (!g.storage_opened) {
    status.state = "loading";
  } else if (g.single_file) {
    status.state = "in_file";
    status.reason = g.saver.reason();  // why there is no storage
  } else {
    std::string key = kolo::save_state_key(g.saver.state());  // "save.saved"
    status.state = key.substr(5);
    status.reason = g.saver.reason();
    status.saved_revision = g.saver.saved_revision();
    status.persisted = kolo_js_storage_persisted();
  }
  g.app->set_storage_status(std::move(status));
}

// Starts a write when the autosaver says it is time; one write in flight at most. The write
// holds only the records changed since the last one.
void autosave(double now) {
  if (!g.storage_opened) return;
  g.sync.note(g.app->take_changes(), g.app->own_doc());
  g.saver.note_revision(g.app->own_store().revision(), now);
  if (g.app->take_save_retry()) g.saver.flush();  // "Try again" on the banner: no waiting
  if (!g.saver.due(now)) return;
  const kolo::SaveRequest request = g.sync.begin(g.app->own_doc(), g.id_block_end);
  g.saver.begin(g.app->own_store().revision());
  if (request.writes.empty() && !request.reserve_ids) {  // back at what is stored (an undo)
    g.sync.succeeded();
    g.saver.succeeded();
    return;
  }
  kolo_js_storage_write(kolo::save_request_to_json(request).c_str());
  g.pacer.wake(1);  // the top bar shows "saving"
}

// Ready: the page shows what storage held. The first frame is drawn in main(), before storage
// can answer, so it takes a frame drawn after the answer: then state() and items() describe the
// loaded data, not the loading screen.
void report_ready_once() {
  if (g.ready_reported || !g.storage_drawn) return;
  g.ready_reported = true;
  kolo_js_first_frame();
}

// The backend takes modifiers from SDL's live state, which is already past a queued event;
// each key event carries the modifiers as they were when it happened.
void process_event(SDL_Event* event) {
  if (g.select_event != 0 && event->type == g.select_event) {
    // Before the text that replaces it (app.js, kolo_text_edit): the range of the focused
    // field to replace, in UTF-16 units (ImGui 1.86 keeps 16-bit characters: the same units).
    ImGuiContext& c = *GImGui;
    ImGuiInputTextState& st = c.InputTextState;
    if (c.ActiveId != 0 && st.ID == c.ActiveId) {
      const int from = std::clamp(event->user.code & 0xffff, 0, st.CurLenW);
      const int to = std::clamp(static_cast<int>(reinterpret_cast<std::intptr_t>(event->user.data1)), from, st.CurLenW);
      st.Stb.select_start = from;
      st.Stb.select_end = to;
      st.Stb.cursor = to;
      st.CursorFollow = true;
    }
    return;
  }
  ImGui_ImplSDL2_ProcessEvent(event);
  if (event->type == SDL_KEYDOWN || event->type == SDL_KEYUP) {
    ImGuiIO& io = ImGui::GetIO();
    const Uint16 mod = event->key.keysym.mod;
    io.KeyShift = (mod & KMOD_SHIFT) != 0;
    io.KeyCtrl = (mod & KMOD_CTRL) != 0;
    io.KeyAlt = (mod & KMOD_ALT) != 0;
    io.KeySuper = (mod & KMOD_GUI) != 0;
  }
}

// ImGui 1.86 reads key *state* once per frame: a key pressed and released between two frames
// (a quick tap, a test's press, a paste-by-typing tool) would never be seen. So events are
// taken in order up to the release of a key that went down in the same batch; the caller runs
// an ImGui frame there and comes back for the rest. Returns whether events were taken, and
// sets *more when it stopped early.
bool poll_events(bool* more) {
  bool any = false;
  bool pressed[SDL_NUM_SCANCODES] = {};
  *more = false;
  if (g.has_deferred) {
    g.has_deferred = false;
    process_event(&g.deferred);
    any = true;
  }
  SDL_Event event;
  bool typed = false;  // text or keys taken in this batch
  while (SDL_PollEvent(&event)) {
    any = true;
    // A key-less edit (kolo_text_edit) selects the range it replaces as its selection event is
    // read, while text and keys take effect in the next ImGui frame: after input taken in this
    // batch, that frame runs first, so the range is the one the page computed.
    if (g.select_event != 0 && event.type == g.select_event && typed) {
      g.deferred = event;
      g.has_deferred = true;
      *more = true;
      return any;
    }
    typed = typed || event.type == SDL_TEXTINPUT || event.type == SDL_KEYDOWN;
    if (event.type == SDL_KEYUP && pressed[event.key.keysym.scancode]) {
      g.deferred = event;
      g.has_deferred = true;
      *more = true;
      return any;
    }
    if (event.type == SDL_KEYDOWN) pressed[event.key.keysym.scancode] = true;
    process_event(&event);
  }
  return any;
}

// The page's address and title follow where the user is (App::route): a move the user made is
// a new entry in the browser's history; a move the address asked for (back, forward, a link,
// the start) replaces the entry. Not before an address given at the start has been followed.
void publish_route() {
  if (!g.app || g.app->route_pending()) return;
  std::string route = g.app->route(), title = g.app->page_title();
  const kolo::Lang lang = g.app->settings().lang;
  if (route != g.route || title != g.title || lang != g.shown_lang) {
    const bool push = !g.route_replace && route != g.route && !g.route.empty();
    kolo_js_set_route(route.c_str(), title.c_str(), kolo::lang_code(lang), push ? 1 : 0);
    g.route = std::move(route);
    g.title = std::move(title);
    g.shown_lang = lang;
  }
  g.route_replace = false;  // the frame after an address moved the app has shown where it led
}

void begin_imgui_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // Frames run back to back within one animation frame must still move time forward.
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
  // A finger moving a list (SDL never sees it: app.js): the pointer is where the finger is,
  // and the window under it, or the nearest one around it that scrolls, scrolls.
  const bool scroll = std::exchange(g.scroll_pending, false);
  if (scroll) io.MousePos = ImVec2(g.scroll_x, g.scroll_y);
  kolo::ui::items_begin_frame();
  ImGui::NewFrame();
  if (scroll) {
    kolo::ui::scroll_window_at(g.scroll_dx, g.scroll_dy);
    g.scroll_dx = g.scroll_dy = 0;
  }
}

void frame() {
  const double now = emscripten_get_now() / 1000.0;
  g.wake_started = emscripten_get_now();
  bool more = false;
  bool input = poll_events(&more);
  // Everything queued is handled in this animation frame, in order: one ImGui frame (not
  // drawn) per hold point, so typing can never fall behind a click that follows it.
  for (int extra = 0; more && extra < 32 && g.app; ++extra) {
    publish_storage_status();
    begin_imgui_frame();
    g.app->frame(now);
    ImGui::EndFrame();
    kolo::ui::items_end_frame();
    poll_events(&more);
  }
  input = input || g.has_deferred;
  const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int text_scale = g.app ? g.app->settings().text_scale : 100;
  if (text_scale != g.text_scale) apply_style(text_scale, g.touch);
  if (dpr != g.font_scale || text_scale != g.text_scale || (g.first_frame_drawn && !g.all_glyphs)) {
    build_fonts(dpr, text_scale, true);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    input = true;
  }
  if (input) g.pacer.wake();
  autosave(now);  // on every wake-up, drawn or not: a save needs no picture
  if (!g.pacer.should_draw(now)) {  // nothing changed: keep the last picture
    sleep_until_needed(now);
    return;
  }

  publish_storage_status();
  // (The lock screen is a start's whole picture while the data is locked.)
  const bool shows_storage = g.storage_opened || g.board_page || g.app->locked();
  const double frame_started = emscripten_get_now();
  begin_imgui_frame();
  g.app->frame(now);
  ImGui::Render();
  kolo::ui::items_end_frame();
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(g.window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.97f, 0.97f, 0.96f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(g.window);
  if (g_host.png) {
    kolo_js_save_canvas_png(g_host.png->name.c_str(), g_host.png->x, g_host.png->y, g_host.png->w, g_host.png->h);
    g_host.png.reset();
  }
  g.frame_ms = emscripten_get_now() - frame_started;
  g.wake_ms = emscripten_get_now() - g.wake_started;

  g.pacer.drawn(now, g.app->frames_requested(), g.app->frame_requested_at(), ImGui::GetIO().WantTextInput);
  if (g.app->unsaved_work() != g.warn_on_leave) {
    g.warn_on_leave = !g.warn_on_leave;
    kolo_js_warn_on_leave(g.warn_on_leave ? 1 : 0);
  }
  if (g.app->take_settings_changed()) {
    kolo_js_settings_save(kolo::ui::settings_to_json(g.app->settings()).c_str());
    g.pacer.wake();  // the change shows in the next frames
  }
  publish_route();
  kolo_js_frame_drawn();
  autosave(now);  // this frame's changes
  // Into the new version, once what this tab holds is saved (the write may take a moment);
  // never while changes cannot be saved (no storage, a failed write, a conflict to choose).
  if (g.app->reload_requested()) {
    const kolo::SaveState st = g.saver.state();
    if (!g.saver.has_unsaved() && !g.saver.in_flight() && !g.single_file) {
      g.app->reloading();
      g_host.reload();
    } else if (g.single_file || st == kolo::SaveState::failed || st == kolo::SaveState::unavailable ||
               st == kolo::SaveState::conflict) {
      g.app->reload_blocked(g.single_file ? kolo::tr("save.not_in_file", g.app->settings().lang) : g.saver.reason());
    } else {
      g.saver.flush();
      g.pacer.wake(1);
    }
  }
  g.first_frame_drawn = true;
  g.storage_drawn = g.storage_drawn || shows_storage;
  report_ready_once();
}

}  // namespace

extern "C" {

// ---- called by the page (shell/site/app.js) ------------------------------------------------

EMSCRIPTEN_KEEPALIVE const char* kolo_items_json(float offset_x, float offset_y) {
  static std::string out;
  out = kolo::ui::items_json(offset_x, offset_y);
  return out.c_str();
}

// For the benchmarks (window.kolo.state().frame_ms, wake_ms): the CPU time of the last drawn
// frame (the app's widgets, ImGui's layout and the GL calls that submit it), and of the whole
// wake-up that drew it (input handled in undrawn frames before it, autosave included).
EMSCRIPTEN_KEEPALIVE double kolo_frame_ms() { return g.frame_ms; }
EMSCRIPTEN_KEEPALIVE double kolo_wake_ms() { return g.wake_ms; }

EMSCRIPTEN_KEEPALIVE const char* kolo_state_json() {
  static std::string out;
  out = g.app ? g.app->state_json() : "{}";
  return out.c_str();
}

// The digest of the document this tab holds (io/kolo_json.hpp, document_digest), as 16 hex
// digits: the tests compare what a reload shows with what was shown as saved.
EMSCRIPTEN_KEEPALIVE const char* kolo_document_digest() {
  static char out[17];
  std::snprintf(out, sizeof out, "%016llx",
                g.app ? static_cast<unsigned long long>(kolo::document_digest(g.app->own_doc())) : 0ull);
  return out;
}

// Takes ownership of `utf8` (malloc'd by the page: a paste can be larger than the stack).
EMSCRIPTEN_KEEPALIVE void kolo_paste(char* utf8) {
  if (g.app && utf8) g.app->paste_text(utf8);
  free(utf8);
  wake();
}

// The page's address changed (back, forward, a link typed or opened): go there. When an open
// draft keeps the app where it is, the address is put back (a new entry) and 0 returned.
EMSCRIPTEN_KEEPALIVE int kolo_navigate(char* route) {
  const std::string where = take_js_string(route);
  if (!g.app) return 0;
  wake();
  if (g.app->navigate(where)) {
    g.route_replace = true;
    return 1;
  }
  kolo_js_set_route(g.route.c_str(), g.title.c_str(), kolo::lang_code(g.app->settings().lang), 1);
  return 0;
}

// The focused text field, for the page's hidden text element (app.js): {active: false}, or
// {active, label, cx, cy, ch (the caret), text, start, end (the selection in UTF-16 units),
// multiline}. Asked after every drawn frame: only what the page uses.
EMSCRIPTEN_KEEPALIVE const char* kolo_text_field_json(float offset_x, float offset_y) {
  static std::string out;
  ImGuiContext& c = *GImGui;
  const ImGuiInputTextState& st = c.InputTextState;
  nlohmann::json j = {{"active", false}};
  if (c.ActiveId != 0 && st.ID == c.ActiveId) {
    std::string text(static_cast<std::size_t>(st.CurLenW) * 3 + 1, '\0');
    const int n = ImTextStrToUtf8(text.data(), static_cast<int>(text.size()), st.TextW.Data, st.TextW.Data + st.CurLenW);
    text.resize(static_cast<std::size_t>(n));
    // A passphrase never reaches the page's element (nor what the browser keeps of it): one
    // '*' per character, so positions stay the same.
    if (kolo::ui::is_secret_field(c.ActiveId)) text.assign(static_cast<std::size_t>(st.CurLenW), '*');
    // No selection: the caret is the cursor (select_start/end then keep stale values).
    const bool selection = st.Stb.select_start != st.Stb.select_end;
    const int start = selection ? std::min(st.Stb.select_start, st.Stb.select_end) : st.Stb.cursor;
    const int end = selection ? std::max(st.Stb.select_start, st.Stb.select_end) : st.Stb.cursor;
    j = {{"active", true}, {"text", text}, {"start", start}, {"end", end},
         {"cx", c.PlatformImePos.x + offset_x}, {"cy", c.PlatformImePos.y + offset_y}, {"ch", c.FontSize},
         {"multiline", (st.Flags & ImGuiInputTextFlags_Multiline) != 0}};
    for (const kolo::ui::DrawnItem& it : kolo::ui::items_last_frame()) {
      if (it.imgui_id != c.ActiveId) continue;
      j["label"] = it.label.empty() ? it.name : it.label;
      break;
    }
  }
  out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out.c_str();
}

// Text that came to the hidden text element without keys (an input method's composition, an
// on-screen keyboard, dictation, autocorrect; app.js): replaces [from, to) of the focused
// field (UTF-16 units) with `utf8` (takes it). Queued with SDL's events, so it lands in order
// with the keys around it.
EMSCRIPTEN_KEEPALIVE void kolo_text_edit(double from, double to, char* utf8) {
  const std::string text = take_js_string(utf8);
  SDL_Event select{};
  select.type = g.select_event;
  select.user.code = static_cast<Sint32>(std::clamp(from, 0.0, 65535.0));
  select.user.data1 = reinterpret_cast<void*>(static_cast<std::intptr_t>(std::clamp(to, 0.0, 65535.0)));
  SDL_PushEvent(&select);
  if (text.empty()) {
    if (to > from) {  // a deletion: the range selected, then Delete
      SDL_Event key{};
      key.type = SDL_KEYDOWN;
      key.key.state = SDL_PRESSED;
      key.key.keysym.scancode = SDL_SCANCODE_DELETE;
      key.key.keysym.sym = SDLK_DELETE;
      SDL_PushEvent(&key);
      key.type = SDL_KEYUP;
      key.key.state = SDL_RELEASED;
      SDL_PushEvent(&key);
    }
  } else {
    // SDL's text events hold 31 bytes: the text in pieces cut between characters.
    for (std::size_t at = 0; at < text.size();) {
      std::size_t end = std::min(text.size(), at + 31);
      while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      SDL_Event t{};
      t.type = SDL_TEXTINPUT;
      std::memcpy(t.text.text, text.data() + at, end - at);
      SDL_PushEvent(&t);
      at = end;
    }
  }
  wake();
}

// A finger moved a list by (dx, dy) CSS pixels at (x, y) (app.js; also the momentum after it
// lifts): the window there scrolls in the next frame.
EMSCRIPTEN_KEEPALIVE void kolo_touch_scroll(float x, float y, float dx, float dy) {
  g.scroll_pending = true;
  g.scroll_x = x;
  g.scroll_y = y;
  g.scroll_dx += dx;
  g.scroll_dy += dy;
  wake();
}

// Two fingers (app.js): spread by `scale`, moved by (dx, dy) about (x, y): the map zooms and pans.
EMSCRIPTEN_KEEPALIVE void kolo_gesture(float x, float y, float scale, float dx, float dy) {
  if (g.app) g.app->add_gesture({x, y, scale, dx, dy});
  wake();
}

// The pointer is a finger (1) or a mouse or pen (0): targets grow for fingers.
EMSCRIPTEN_KEEPALIVE void kolo_touch_mode(int on) {
  if ((on != 0) == g.touch) return;
  g.touch = on != 0;
  kolo::ui::set_touch_mode(g.touch);
  apply_style(g.text_scale, g.touch);
  wake();
}

// The accessible mirror of the last frame (item_registry.hpp, app.js), with the words the
// page's landmarks are named by in the user's language.
EMSCRIPTEN_KEEPALIVE const char* kolo_a11y_json(float offset_x, float offset_y) {
  static std::string out;
  out = kolo::ui::items_a11y_json(offset_x, offset_y);
  if (g.app && out.size() > 1) {
    const kolo::Lang lang = g.app->settings().lang;
    nlohmann::json words = {{"app", kolo::tr("a11y.app", lang)}, {"nav", kolo::tr("a11y.nav", lang)},
                            {"dialog", kolo::tr("a11y.dialog", lang)}, {"field", kolo::tr("a11y.field", lang)},
                            {"region", kolo::tr("a11y.region", lang)},
                            {"status", kolo::tr(kolo::save_state_key(g.saver.state()), lang)},
                            {"status_key", kolo::save_state_key(g.saver.state())},
                            {"error", g.app->error_message()}, {"notices", g.app->notices()},
                            {"frame", g.app->frame_count()}};
    out.pop_back();  // the closing brace
    out += ",\"words\":" + words.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
  }
  return out.c_str();
}

// Something outside SDL's events changed what should be shown (storage finished, tab shown).
EMSCRIPTEN_KEEPALIVE void kolo_wake() { wake(); }

// The page is being hidden or closed: write what is unsaved now, without waiting.
EMSCRIPTEN_KEEPALIVE void kolo_flush() {
  if (!g.app) return;
  g.saver.flush();
  autosave(emscripten_get_now() / 1000.0);
}

// ---- storage results (shell/kolo_bridge.js) --------------------------------------------------

// The stored meta entry, every stored record, and (a version-1 profile) its snapshots; each
// takes ownership of its malloc'd strings. kolo_storage_opened follows them.
EMSCRIPTEN_KEEPALIVE void kolo_storage_meta(char* text) { g.incoming_meta = kolo::parse_meta(take_js_string(text)); }

EMSCRIPTEN_KEEPALIVE void kolo_storage_record(char* key, double rev, char* text) {
  g.incoming_records.push_back({take_js_string(key), static_cast<std::uint64_t>(rev), take_js_string(text)});
}

EMSCRIPTEN_KEEPALIVE void kolo_storage_snapshot(double seq, char* text) {
  g.incoming.push_back({static_cast<std::uint64_t>(seq), text ? text : ""});
  free(text);
}

}  // extern "C"

namespace {

// [{k, text}]: `text` is what an unreadable record was read as (null for one that read but
// contradicts the rest); storage moves a record aside only while it still holds that text.
void set_aside_records(const std::vector<std::string>& keys, const std::map<std::string, std::string>& unread_text) {
  if (keys.empty()) return;
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& k : keys) {
    auto text = unread_text.find(k);
    list.push_back({{"k", k}, {"text", text == unread_text.end() ? nlohmann::json(nullptr) : nlohmann::json(text->second)}});
  }
  kolo_js_storage_set_aside(list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

// A profile stored by version 1 (whole snapshots): the newest readable one becomes the
// document, and all of it is written as records at once.
void upgrade_from_snapshots(std::vector<kolo::Snapshot> snapshots, kolo::Lang lang, kolo::Id block_start) {
  kolo::Recovery r = kolo::recover(std::move(snapshots));
  if (r.newer_version) {
    g.saver.set_unavailable(kolo::tr("storage.newer", lang));
    g.app->add_notice(kolo::trf("storage.newer_notice", lang, {kolo::describe(r.problems.front(), lang)}));
    return;
  }
  for (std::uint64_t seq : r.set_aside) kolo_js_storage_set_aside_snapshot(static_cast<double>(seq));
  if (!r.set_aside.empty())
    g.app->add_notice(kolo::trf(r.loaded_seq ? "storage.recovered" : "storage.lost_all", lang,
                                {kolo::describe(r.problems.front(), lang)}));
  g.app->load_document(std::move(r.doc));
  g.app->raise_next_id(block_start);
  g.sync.reset({});
  g.sync.note(kolo::Touched{{}, true}, g.app->own_doc());
  g.saver.reset(g.app->own_store().revision());
  g.saver.must_write();
}

// The data an offline copy carries (#kolo-data), read as an import is; none: an empty copy.
// A copy whose data cannot be read says why and starts empty: the file itself is left as it is.
std::optional<kolo::Document> carried_data() {
  char* text = kolo_js_copy_data();
  if (!text) return std::nullopt;
  const std::string json = take_js_string(text);
  kolo::ParseResult parsed = kolo::parse_kolo(json);
  if (!parsed.doc) {
    const kolo::Lang lang = g.app->settings().lang;
    g.app->add_notice(kolo::trf("offline.data_unreadable", lang,
                                {parsed.errors.empty() ? std::string("?") : kolo::describe(parsed.errors.front(), lang)}));
    return std::nullopt;
  }
  return std::move(parsed.doc);
}

// An offline copy opened where there is no storage: the single-file way.
void start_single_file() {
  if (std::optional<kolo::Document> doc = carried_data()) g.app->load_document(std::move(*doc));
  g.single_file = true;
  g.app->set_single_file();
}

// A copy's first start with storage: the data it carries becomes the stored data, written at
// once. False when it carries none (or none readable).
bool start_from_carried_data(double block_start) {
  std::optional<kolo::Document> doc = carried_data();
  if (!doc) return false;
  const kolo::Id block = static_cast<kolo::Id>(block_start);
  g.app->load_document(std::move(*doc));
  g.app->raise_next_id(block);
  g.sync.reset({});
  g.sync.note(kolo::Touched{{}, true}, g.app->own_doc());
  g.saver.reset(g.app->own_store().revision());
  g.saver.must_write();
  const std::string made = g.copy_stamp.size() >= 10 ? g.copy_stamp.substr(0, 10) : std::string("?");
  g.app->add_notice(kolo::trf("offline.started_with_data", g.app->settings().lang,
                              {kolo::long_date(made, g.app->settings().lang)}));
  return true;
}

}  // namespace

extern "C" {

// Everything was delivered. code 0: opened at start-up (block_start: the first of the ids this
// tab reserved); 1: no storage (message says why).
EMSCRIPTEN_KEEPALIVE void kolo_storage_opened(int code, char* message, double block_start) {
  const std::string why = take_js_string(message);
  std::vector<kolo::StoredRecord> records;
  records.swap(g.incoming_records);
  std::vector<kolo::Snapshot> snapshots;
  snapshots.swap(g.incoming);
  const std::optional<kolo::StoredMeta> meta = g.incoming_meta;
  g.incoming_meta.reset();
  g.storage_opened = true;
  wake();
  if (code != 0) {
    g.saver.set_unavailable(why);
    if (g.page == kolo::ui::PageKind::copy) start_single_file();
    g.fallback_revision = g.app->own_store().revision();
    report_ready_once();
    return;
  }
  const kolo::Lang lang = g.app->settings().lang;
  // A new database, which this tab is the first to load (of two tabs opening a new offline
  // copy at once, only one takes in the data it carries; the other gets it from that one).
  const bool fresh = records.empty() && snapshots.empty() && !(meta && (meta->records_written || meta->claimed));
  if (fresh && g.page != kolo::ui::PageKind::served) {
    // The first start of an offline copy, or of a saved page, in this place: its data is kept
    // here, which some browsers tie to where the file is.
    if (kolo_js_first_time("file_notice")) g.app->show_file_notice();
    if (g.page == kolo::ui::PageKind::copy) {
      kolo_js_first_time(("carried:" + g.copy_stamp).c_str());  // taken in now: never offered again
      if (start_from_carried_data(block_start)) {
        report_ready_once();
        return;
      }
    }
  } else if (g.page == kolo::ui::PageKind::copy && !g.copy_stamp.empty() &&
             kolo_js_first_time(("carried:" + g.copy_stamp).c_str())) {
    // This browser keeps data for this copy already, and the file carries data saved at
    // another time (an updated copy saved where there was no storage): the user chooses, in
    // the import dialog, once the stored data is loaded below.
    if (char* text = kolo_js_copy_data()) g.pending_carried = take_js_string(text);
  }
  const kolo::Id block = static_cast<kolo::Id>(block_start);
  // No block reserved (storage refused the write at start): the first save reserves one.
  g.id_block_end = block > 0 ? block + kolo::kIdBlock : 0;
  if (records.empty() && !snapshots.empty() && !(meta && meta->version > kolo::kKoloFormatVersion)) {
    upgrade_from_snapshots(std::move(snapshots), lang, block);
    report_ready_once();
    return;
  }
  kolo::LoadedRecords loaded = kolo::load_records(meta, std::move(records));
  if (loaded.newer_version) {
    g.saver.set_unavailable(kolo::tr("storage.newer", lang));
    g.app->add_notice(kolo::trf("storage.newer_notice", lang, {kolo::describe(loaded.problems.front(), lang)}));
    report_ready_once();
    return;
  }
  if (!loaded.set_aside.empty()) {
    set_aside_records(loaded.set_aside, loaded.unread_text);
    g.app->add_notice(kolo::trf("storage.records_set_aside", lang,
                                {std::to_string(loaded.set_aside.size()), kolo::describe(loaded.problems.front(), lang)}));
    std::fprintf(stderr, "Kolo: set aside %zu unreadable record(s)\n", loaded.set_aside.size());  // no content logged
  }
  g.app->load_document(std::move(loaded.doc));
  g.app->raise_next_id(block);
  g.sync.reset(loaded.revs);
  g.saver.reset(g.app->own_store().revision());
  // The data was read, but storage refused to write when asked at start (a full disk, an
  // error): the user knows before trusting a save, which will say so again if it still fails.
  if (!why.empty()) g.app->add_notice(kolo::trf("storage.write_refused_at_start", lang, {why}));
  if (!g.pending_carried.empty()) g.app->offer_carried_data(std::exchange(g.pending_carried, std::string()), g.copy_stamp);
  report_ready_once();
}

// A write ended. code 0: saved (block_start > 0: a new block of ids for this tab); 1: another
// tab got there first (message: the conflicts as JSON); 2: failed (message: why).
EMSCRIPTEN_KEEPALIVE void kolo_storage_written(int code, double block_start, char* message) {
  const std::string text = take_js_string(message);
  if (code == 0) {
    g.sync.succeeded();
    if (block_start > 0) {
      g.app->raise_next_id(static_cast<kolo::Id>(block_start));
      g.id_block_end = static_cast<kolo::Id>(block_start) + kolo::kIdBlock;
    }
    g.saver.succeeded();
  } else if (code == 1) {
    std::vector<kolo::StoredConflict> conflicts = kolo::parse_conflicts(text);
    // A stored version that does not read is a read that failed (or a record broken on disk),
    // never "deleted there": shown as a conflict, "keep theirs" would delete the user's record.
    // The save fails instead, says why, and is tried again.
    for (const kolo::StoredConflict& c : conflicts) {
      kolo::Table table{};
      kolo::Id id = 0;
      if (c.text && kolo::parse_record_key(c.key, &table, &id) && !kolo::parse_record(table, *c.text, nullptr)) {
        g.sync.failed();
        g.saver.failed("the stored " + c.key + " could not be read", emscripten_get_now() / 1000.0);
        wake();
        return;
      }
    }
    g.sync.conflicted(conflicts);
    g.saver.conflicted();
    std::vector<kolo::ui::StorageConflict> shown;
    for (const kolo::StoredConflict& c : conflicts) {
      kolo::ui::StorageConflict sc;
      sc.key = c.key;
      sc.why = c.why;
      if (!kolo::parse_record_key(c.key, &sc.table, &sc.id)) continue;
      sc.mine = kolo::with_table_type(sc.table, [&](auto tag) -> std::optional<kolo::Record> {
        if (const auto* r = kolo::find_record<decltype(tag)>(g.app->own_doc(), sc.id)) return kolo::Record(*r);
        return std::nullopt;
      });
      if (c.text) sc.theirs = kolo::parse_record(sc.table, *c.text, nullptr);
      shown.push_back(std::move(sc));
    }
    g.app->show_conflicts(std::move(shown));
  } else {
    g.sync.failed();
    g.saver.failed(text, emscripten_get_now() / 1000.0);
  }
  wake();
}

// Another tab saved records; here they are as stored now ([{k, rev, text|null}]). Those with no
// unsaved edit here are taken in; a record edited here too is settled when this tab saves (a
// conflict the user resolves), so nothing unsaved here is ever replaced unseen.
EMSCRIPTEN_KEEPALIVE void kolo_storage_external(char* json_text) {
  const std::string text = take_js_string(json_text);
  if (!g.storage_opened || !g.app) return;
  struct Incoming {
    std::string key;
    kolo::Table table = kolo::Table::partners;
    kolo::Id id = 0;
    std::uint64_t rev = 0;
    std::optional<kolo::Record> record;
  };
  std::vector<Incoming> incoming;
  for (const kolo::StoredConflict& c : kolo::parse_conflicts(text)) {  // the same {k, rev, text} shape
    Incoming in;
    in.key = c.key;
    in.rev = c.rev;
    if (!kolo::parse_record_key(c.key, &in.table, &in.id) || g.sync.is_unsaved(c.key)) continue;
    if (c.text) {
      if (c.rev <= g.sync.rev(c.key)) continue;  // this tab has it already
      in.record = kolo::parse_record(in.table, *c.text, nullptr);
      if (!in.record) continue;
    } else if (g.sync.rev(c.key) == 0) {
      continue;  // gone there, and never here
    }
    incoming.push_back(std::move(in));
  }
  if (incoming.empty()) return;
  // Records first, then deletions, dependents first.
  std::sort(incoming.begin(), incoming.end(), [](const Incoming& a, const Incoming& b) { return a.table < b.table; });
  std::vector<kolo::Command> steps;
  std::vector<const Incoming*> step_of;  // the record each step takes in
  for (const Incoming& in : incoming)
    if (in.record) {
      steps.push_back(kolo::put_command(*in.record));
      step_of.push_back(&in);
    }
  for (auto it = incoming.rbegin(); it != incoming.rend(); ++it)
    if (!it->record) {
      steps.push_back(kolo::Command{"", "", kolo::DeleteRecord{it->table, it->id, true}});
      step_of.push_back(&*it);
    }
  const bool was_saved = !g.saver.has_unsaved() && !g.saver.in_flight();
  auto may_touch = [](kolo::RecordRef r) { return !g.sync.is_unsaved(kolo::record_key(r.table, r.id)); };
  std::vector<kolo::Command> one_by_one = steps;
  const std::optional<kolo::Error> error = g.app->apply_external(kolo::batch_command(std::move(steps)), may_touch);
  if (error) {
    // Not as one: each that fits on its own is taken (team sync brings what it pulls in
    // batches, in the order the server has them); the rest does not fit unsaved work here, and
    // this tab's next save meets it as a conflict.
    std::fprintf(stderr, "Kolo: another tab's changes do not fit as one (%s): taken one by one\n", error->key.c_str());
    bool any = false;
    for (std::size_t i = 0; i < one_by_one.size(); ++i) {
      if (g.app->apply_external(one_by_one[i], may_touch)) continue;
      g.sync.took(step_of[i]->key, step_of[i]->rev, !step_of[i]->record);
      any = true;
    }
    if (!any) return;
    g.app->take_changes();
    if (was_saved) g.saver.caught_up(g.app->own_store().revision());
    wake();
    return;
  }
  for (const Incoming& in : incoming) g.sync.took(in.key, in.rev, !in.record);
  g.app->take_changes();  // what came from storage is not this tab's to write back
  if (was_saved) g.saver.caught_up(g.app->own_store().revision());
  wake();
}

// Team sync with some tables (storage/records.hpp): `tables` the names that sync, comma
// separated. Answer {"t", "r"} for the record `key` as it leaves (`local` empty) or as it comes
// in over this device's `local` version; "" when it does not read.
EMSCRIPTEN_KEEPALIVE const char* kolo_sync_links(char* tables, char* key, char* text, char* local, int incoming) {
  static std::string out;
  const std::string names = take_js_string(tables), k = take_js_string(key), t = take_js_string(text),
                    mine = take_js_string(local);
  std::set<kolo::Table> synced;
  for (std::size_t at = 0; at <= names.size();) {
    std::size_t comma = names.find(',', at);
    if (comma == std::string::npos) comma = names.size();
    if (kolo::Table table{}; kolo::from_string(std::string_view(names).substr(at, comma - at), &table)) synced.insert(table);
    at = comma + 1;
  }
  kolo::Table table{};
  kolo::Id id = 0;
  std::optional<std::string> r;
  if (kolo::parse_record_key(k, &table, &id))
    r = incoming ? kolo::sync_incoming(table, t, mine.empty() ? std::nullopt : std::optional<std::string_view>(mine), synced)
                 : kolo::sync_outgoing(table, t, synced);
  out = r.value_or("");
  return out.c_str();
}

// Team sync's state changed (shell/kolo_sync.js, KoloSync.report: JSON, app.hpp SyncStatus).
EMSCRIPTEN_KEEPALIVE void kolo_sync_status(char* json_text) {
  if (!g.app) return;
  g.app->set_sync_status(kolo::ui::sync_status_from_json(take_js_string(json_text)));
  wake();
}

// Records changed here and on another device ([{k, text|null}]: the server's): the user chooses.
EMSCRIPTEN_KEEPALIVE void kolo_sync_conflicts(char* json_text) {
  if (!g.app) return;
  std::vector<kolo::ui::StorageConflict> shown;
  for (const kolo::StoredConflict& c : kolo::parse_conflicts(take_js_string(json_text))) {
    kolo::ui::StorageConflict sc;
    sc.key = c.key;
    sc.why = "device";
    sc.device = true;
    if (!kolo::parse_record_key(c.key, &sc.table, &sc.id)) continue;
    sc.mine = kolo::with_table_type(sc.table, [&](auto tag) -> std::optional<kolo::Record> {
      if (const auto* r = kolo::find_record<decltype(tag)>(g.app->own_doc(), sc.id)) return kolo::Record(*r);
      return std::nullopt;
    });
    // Theirs that does not read stays unresolved (and nothing is pushed for it): never shown
    // as "deleted there".
    if (c.text && !(sc.theirs = kolo::parse_record(sc.table, *c.text, nullptr))) continue;
    shown.push_back(std::move(sc));
  }
  g.app->show_conflicts(std::move(shown));
  wake();
}

// The largest file the app reads; larger ones are refused without being read into memory.
EMSCRIPTEN_KEEPALIVE double kolo_max_file_bytes() { return static_cast<double>(kolo::kMaxFileBytes); }

// A file the user picked or dropped onto the page; takes ownership of the strings and of
// `data` (null when the file was over the limit and not read). The app sends it to the reader
// for its kind.
EMSCRIPTEN_KEEPALIVE void kolo_file_opened(char* name, char* mime, char* data, double length, double total_size) {
  kolo::ui::OpenedFile file;
  file.name = take_js_string(name);
  file.mime = take_js_string(mime);
  file.bytes = std::string_view(data ? data : "", data ? static_cast<std::size_t>(length) : 0);
  file.total_size = static_cast<std::size_t>(total_size);
  g.app->open_file(file);
  free(data);
  wake();
}

// The user gave `count` files at once (one drop, one pick): the next `count` files opened are
// read together (an HSDS directory's CSV tables).
EMSCRIPTEN_KEEPALIVE void kolo_files_begin(double count) { g.app->begin_files(static_cast<std::size_t>(count)); }

// The browser could not read a file the user gave (takes ownership of both strings).
EMSCRIPTEN_KEEPALIVE void kolo_file_unreadable(char* name, char* reason) {
  const std::string file_name = take_js_string(name);
  g.app->file_unreadable(file_name, take_js_string(reason));
  wake();
}

// A file is (1) or is no longer (0) being dragged over the page.
EMSCRIPTEN_KEEPALIVE void kolo_board_page_failed(char* reason) {
  if (g.app) g.app->board_page_failed(take_js_string(reason));
  wake();
}

// Offline use as the page sees it (app.js): this version kept for use offline, the browser
// offers to install the app, a newer version took over (its build; "" none). Takes `update`.
EMSCRIPTEN_KEEPALIVE void kolo_offline_status(int ready, int can_install, char* update) {
  std::string build = take_js_string(update);
  if (!g.app) return;
  if (g.app->set_offline(ready != 0, can_install != 0, std::move(build))) wake();  // an idle page stays idle
}

// The database answered after the page went on without it (a cold browser can take over a
// second). Nothing changed since: the page takes it, as if it had answered in time (the data
// it holds, or the carried data on a first start). Otherwise what the user did here stays as
// it is and she is told.
EMSCRIPTEN_KEEPALIVE void kolo_storage_late() {
  if (!g.app) return;
  // Untouched: not a change since storage was found missing (in the single-file way, not even
  // one saved into a downloaded copy since: the stored data would then hide it here).
  const bool untouched = g.app->own_store().revision() == g.fallback_revision;
  if (!untouched) {
    kolo_js_storage_take_late(0);
    g.app->add_notice(kolo::tr("offline.late_storage", g.app->settings().lang));
    wake();
    return;
  }
  g.single_file = false;
  g.app->leave_single_file();
  g.saver = kolo::Autosaver(g.app->own_store().revision());
  g.storage_opened = false;  // "Opening…" until it has answered
  kolo_js_storage_take_late(1);
  wake();
}

// Ctrl+S in an offline copy (app.js): in the single-file way, an updated copy of the file;
// otherwise everything is saved already.
EMSCRIPTEN_KEEPALIVE void kolo_save_shortcut() {
  if (g.app && g.single_file) g.app->save_updated_copy();
  wake();
}

// An offline copy was offered as a download (ok), or could not be made (reason; takes it).
EMSCRIPTEN_KEEPALIVE void kolo_offline_copy_done(int ok, char* reason) {
  std::string why = take_js_string(reason);
  if (g.app) g.app->offline_copy_done(ok != 0, why);
  wake();
}

// Privacy (shell/kolo_privacy.js; each takes its string). An encrypted export was offered (ok:
// the file's name) or not (why).
EMSCRIPTEN_KEEPALIVE void kolo_encrypted_export_done(int ok, char* text) {
  std::string s = take_js_string(text);
  if (g.app) g.app->encrypted_export_done(ok != 0, s);
  wake();
}

// An encrypted file opened with its passphrase: its Kolo JSON.
EMSCRIPTEN_KEEPALIVE void kolo_decrypted(char* plain) {
  std::string s = take_js_string(plain);
  if (g.app) g.app->decrypted(std::move(s));
  wake();
}

// It did not open: code 1 the passphrase (or a changed byte: AES-GCM cannot tell which), 2
// anything else (why).
EMSCRIPTEN_KEEPALIVE void kolo_decrypt_failed(int code, char* reason) {
  std::string why = take_js_string(reason);
  if (g.app) g.app->decrypt_failed(code == 1, why);
  wake();
}

// "Forget this device" could not remove everything ("blocked": another tab holds the database).
EMSCRIPTEN_KEEPALIVE void kolo_forget_failed(char* reason) {
  std::string why = take_js_string(reason);
  if (g.app) g.app->forget_failed(why);
  wake();
}

// The passphrase lock (shell/kolo_lock.js; each takes its string). The data is locked: the
// lock screen asks for the passphrase (state 0), or again (1: not the passphrase; 2: failed).
EMSCRIPTEN_KEEPALIVE void kolo_lock_screen(int state, char* why) {
  std::string s = take_js_string(why);
  if (g.app) g.app->lock_screen(state, s);
  wake();
}

// Whether the lock is on; sent as the data starts loading and after every change.
EMSCRIPTEN_KEEPALIVE void kolo_lock_status(int on) {
  if (g.app) g.app->lock_status(on != 0);
  wake();
}

// A change in Settings: done (0), not the current passphrase (1), failed (2, why).
EMSCRIPTEN_KEEPALIVE void kolo_lock_done(int code, char* why) {
  std::string s = take_js_string(why);
  if (g.app) g.app->lock_done(code, s);
  wake();
}

EMSCRIPTEN_KEEPALIVE void kolo_file_hover(int hovering) {
  if (!g.app) return;
  g.app->set_file_hover(hovering != 0);
  wake();
}

}  // extern "C"

int main(int, char**) {
  // Keys go to the page's hidden text element only (#kolo-input, which has the focus while the
  // app does: app.js), so other inputs of the page (file pickers) keep theirs; text that comes
  // without keys (an input method, an on-screen keyboard, dictation) arrives there too.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#kolo-input");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "Kolo: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);  // WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // The canvas is sized by CSS (the whole window); SDL follows it and scales the backing
  // store by devicePixelRatio.
  const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  g.window = SDL_CreateWindow("Kolo", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, flags);
  g.gl = g.window ? SDL_GL_CreateContext(g.window) : nullptr;
  if (!g.gl) {
    std::fprintf(stderr, "Kolo: WebGL2 is not available: %s\n", SDL_GetError());
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is ours; nothing written behind the user's back
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.GetClipboardTextFn = clipboard_get;
  io.SetClipboardTextFn = clipboard_set;
  ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  g.select_event = SDL_RegisterEvents(1);

  const kolo::Lang browser = kolo::lang_from_tag(take_js_string(kolo_js_browser_language()));
  const kolo::ui::Settings settings = kolo::ui::settings_from_json(take_js_string(kolo_js_settings_load()), browser);
  g.app = std::make_unique<kolo::ui::App>(settings, &g_host);
  g.shown_lang = settings.lang;
  apply_style(settings.text_scale, false);
  build_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()), settings.text_scale, false);
  // The address the page was opened at (a bookmark, a copied link): followed once the data is
  // loaded. The title says the app's name until then.
  if (char* route = kolo_js_initial_route()) g.app->navigate(take_js_string(route));

  // Where this page came from (app.hpp, PageKind); an offline copy says when it was made and
  // when the data it carries was saved (#kolo-copy).
  g.page = static_cast<kolo::ui::PageKind>(std::clamp(kolo_js_page_kind(), 0, 3));
  std::string made_at;
  if (char* info = kolo_js_copy_info()) {
    const nlohmann::json copy = nlohmann::json::parse(take_js_string(info), nullptr, false);
    auto text = [&](const char* key) {
      return copy.is_object() && copy.contains(key) && copy[key].is_string() ? copy[key].get<std::string>() : std::string();
    };
    made_at = text("made_at");
    g.copy_stamp = text("saved_at").empty() ? made_at : text("saved_at");
  }
  g.app->set_page(g.page, made_at);
  // A board page shows its board and nothing else: the viewer's own data (if this browser
  // has any for this page's origin) is neither opened nor touched.
  if (char* board = kolo_js_board_page()) {  // present, even empty: a board page (it says why)
    g.board_page = true;
    g.app->open_board_page(take_js_string(board));
  } else {
    kolo_js_storage_open();  // answers later; the first frame shows "loading" until then
  }
  // The first frame now rather than at the next animation frame: nothing it needs is pending.
  frame();
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
