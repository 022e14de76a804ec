// The browser main: SDL2 + WebGL2 + the emscripten loop around the App.
//
// Frames are drawn only when something can have changed (input, a resize, a message from
// the page, a blinking caret): an idle dashboard must not burn a CPU core. Fonts are rasterised
// at the device pixel ratio so Cyrillic stays crisp on HiDPI screens. The page talks to us
// through the functions exported at the bottom (see shell/site/app.js and tests/README.md).
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "first_frame_glyphs.h"
#include "glyph_ranges.h"
#include "io/kolo_json.hpp"
#include "platform/embedded.hpp"
#include "storage/snapshots.hpp"
#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"

// Provided by shell/kolo_bridge.js.
extern "C" {
char* kolo_js_settings_load();         // malloc'd UTF-8, or null
void kolo_js_settings_save(const char* json);
char* kolo_js_browser_language();      // malloc'd, e.g. "uk-UA"
void kolo_js_clipboard_write(const char* text);
void kolo_js_set_title(const char* title, const char* lang_code);
void kolo_js_first_frame();
void kolo_js_storage_open();
void kolo_js_storage_reload();
void kolo_js_storage_write(double base_seq, const char* text);
void kolo_js_storage_set_aside(double seq);
void kolo_js_download(const char* name, const char* text);
void kolo_js_pick_file();
char* kolo_js_now_iso();
int kolo_js_storage_persisted();
}

namespace {

constexpr float kFontSize = 16.0f;            // CSS pixels
constexpr float kHeadingSize = 21.0f;
constexpr int kFramesAfterInput = 3;          // ImGui settles hover/active state over a few frames
constexpr double kCaretBlinkSeconds = 0.5;    // redraw rate while a text field is focused

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  std::unique_ptr<kolo::ui::App> app;
  float font_scale = 0;   // the device pixel ratio the font atlas was built for
  bool all_glyphs = false;  // false: the atlas holds only the first frame's glyphs
  int frames_pending = kFramesAfterInput;
  double next_timed_frame = 0;
  bool paused = false;       // the emscripten loop is paused: nothing runs until wake()
  int timer_generation = 0;  // only the newest timer may wake the loop
  bool first_frame_drawn = false;
  bool storage_opened = false;
  bool storage_drawn = false;  // a frame drawn since storage answered shows what it held
  bool ready_reported = false;
  kolo::Autosaver saver{0, 0};
  bool reloading = false;     // a reload from storage is under way
  bool reload_again = false;  // ...and another save was announced meanwhile
  std::vector<kolo::Snapshot> incoming;  // snapshots being delivered by the JS side
  std::string clipboard;  // what ImGui copied; the system clipboard gets it too
  bool has_deferred = false;
  SDL_Event deferred{};   // a key release held back for the next frame (see poll_events)
  kolo::Lang shown_lang = kolo::Lang::en;
};
Platform g;

std::string take_js_string(char* p) {
  std::string s = p ? p : "";
  free(p);
  return s;
}

// Something may have changed what is shown: draw a few frames, restarting the loop if it
// sleeps. Called from the page's input listeners (app.js), storage and file callbacks.
void wake() {
  g.frames_pending = kFramesAfterInput;
  if (g.paused) {
    g.paused = false;
    emscripten_resume_main_loop();
  }
}

void on_timer(void* generation) {
  if (static_cast<int>(reinterpret_cast<std::intptr_t>(generation)) == g.timer_generation) wake();
}

// Nothing to draw now: stop the loop (an idle page then costs no CPU at all), and if a frame
// is due later (caret blink, autosave debounce), set a timer for it.
void sleep_until_needed(double now) {
  ++g.timer_generation;
  // The next wake-up: a frame due (caret blink), or the moment an unsaved change is due for
  // its write (the debounce, or a retry after a failure), whichever comes first.
  double wake_at = g.next_timed_frame;
  const double save_at = g.saver.due_at();
  if (save_at >= 0 && (wake_at <= 0 || save_at < wake_at)) wake_at = save_at;
  if (wake_at > 0) {
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
void build_fonts(float scale, bool all_glyphs) {
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
  io.FontGlobalScale = 1.0f / scale;  // the atlas is in device pixels, the layout in CSS pixels
  g.font_scale = scale;
  g.all_glyphs = all_glyphs;
}

void apply_style() {
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
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
  void download(const std::string& file_name, const std::string& text) override {
    kolo_js_download(file_name.c_str(), text.c_str());
  }
  void pick_file() override { kolo_js_pick_file(); }
  std::string demo_network() override { return std::string(kolo::embedded::demo_network()); }
  std::string now_iso() override { return take_js_string(kolo_js_now_iso()); }
  void reload_from_storage() override {
    if (g.reloading) return;
    g.reloading = true;
    kolo_js_storage_reload();
  }
};
WebHost g_host;

void publish_storage_status() {
  kolo::ui::StorageStatus status;
  if (!g.storage_opened) {
    status.state = "loading";
  } else {
    std::string key = kolo::save_state_key(g.saver.state());  // "save.saved"
    status.state = key.substr(5);
    status.reason = g.saver.reason();
    status.saved_revision = g.saver.saved_revision();
    status.persisted = kolo_js_storage_persisted();
  }
  g.app->set_storage_status(std::move(status));
}

// Starts a write when the autosaver says it is time; one write in flight at most.
void autosave(double now) {
  if (!g.storage_opened) return;
  g.saver.note_revision(g.app->store().revision(), now);
  if (!g.saver.due(now)) return;
  const std::string text = kolo::to_json(g.app->doc(), g_host.now_iso());
  g.saver.begin(g.app->store().revision());
  kolo_js_storage_write(static_cast<double>(g.saver.base_seq()), text.c_str());
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
  while (SDL_PollEvent(&event)) {
    any = true;
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

void begin_imgui_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // Frames run back to back within one animation frame must still move time forward.
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
  kolo::ui::items_begin_frame();
  ImGui::NewFrame();
}

void frame() {
  const double now = emscripten_get_now() / 1000.0;
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
  if (dpr != g.font_scale || (g.first_frame_drawn && !g.all_glyphs)) {
    build_fonts(dpr, true);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    input = true;
  }
  if (input) g.frames_pending = kFramesAfterInput;
  autosave(now);  // on every wake-up, drawn or not: a save needs no picture
  const bool timed = g.next_timed_frame > 0 && now >= g.next_timed_frame;
  if (g.frames_pending == 0 && !timed) {  // nothing changed: keep the last picture
    sleep_until_needed(now);
    return;
  }
  if (g.frames_pending > 0) --g.frames_pending;
  g.next_timed_frame = 0;

  publish_storage_status();
  const bool shows_storage = g.storage_opened;
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

  if (g.app->take_settings_changed()) {
    kolo_js_settings_save(kolo::ui::settings_to_json(g.app->settings()).c_str());
    g.frames_pending = kFramesAfterInput;  // the change shows in the next frames
  }
  if (g.shown_lang != g.app->settings().lang) {
    g.shown_lang = g.app->settings().lang;
    kolo_js_set_title(kolo::tr("app.page_title", g.shown_lang), kolo::lang_code(g.shown_lang));
  }
  autosave(now);  // this frame's changes
  if (ImGui::GetIO().WantTextInput) g.next_timed_frame = now + kCaretBlinkSeconds;
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

EMSCRIPTEN_KEEPALIVE const char* kolo_state_json() {
  static std::string out;
  out = g.app ? g.app->state_json() : "{}";
  return out.c_str();
}

// Takes ownership of `utf8` (malloc'd by the page: a paste can be larger than the stack).
EMSCRIPTEN_KEEPALIVE void kolo_paste(char* utf8) {
  if (g.app && utf8) g.app->paste_text(utf8);
  free(utf8);
  wake();
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

// One stored snapshot; takes ownership of `text` (malloc'd by the page).
EMSCRIPTEN_KEEPALIVE void kolo_storage_snapshot(double seq, char* text) {
  g.incoming.push_back({static_cast<std::uint64_t>(seq), text ? text : ""});
  free(text);
}

// All snapshots delivered. code 0: opened at start-up; 1: no storage at start-up (message
// says why); 2: reloaded (another tab saved, or the user asked); 3: a reload failed.
EMSCRIPTEN_KEEPALIVE void kolo_storage_opened(int code, char* message) {
  const std::string why = take_js_string(message);
  std::vector<kolo::Snapshot> snapshots;
  snapshots.swap(g.incoming);
  const bool reload = code >= 2;
  g.reloading = false;
  g.storage_opened = true;
  wake();
  if (code == 1) {
    g.saver.set_unavailable(why);
    report_ready_once();
    return;
  }
  if (code == 3) {
    g.saver.failed(why, emscripten_get_now() / 1000.0);
    return;
  }
  // Edits made while the reload was under way would be lost by replacing the document: this
  // tab keeps them and turns read-only instead (the banner offers export and reload).
  if (reload && g.saver.state() != kolo::SaveState::conflict && (g.saver.has_unsaved() || g.saver.in_flight())) {
    g.saver.conflicted();
    return;
  }
  kolo::Recovery r = kolo::recover(std::move(snapshots));
  const kolo::Lang lang = g.app->settings().lang;
  if (r.newer_version) {
    g.saver.set_unavailable(kolo::tr("storage.newer", lang));
    g.app->add_notice(kolo::trf("storage.newer_notice", lang, {kolo::describe(r.problems.front(), lang)}));
    report_ready_once();
    return;
  }
  for (std::uint64_t seq : r.set_aside) kolo_js_storage_set_aside(static_cast<double>(seq));
  if (!r.set_aside.empty() && !reload) {
    const std::string reason = kolo::describe(r.problems.front(), lang);
    g.app->add_notice(kolo::trf(r.loaded_seq ? "storage.recovered" : "storage.lost_all", lang, {reason}));
    std::fprintf(stderr, "Kolo: set aside %zu unreadable snapshot(s)\n", r.set_aside.size());  // no content logged
  }
  g.app->load_document(std::move(r.doc));
  g.saver.reset(r.head_seq, g.app->store().revision());
  if (g.reload_again) {  // another save was announced while this reload ran
    g.reload_again = false;
    g.reloading = true;
    kolo_js_storage_reload();
  }
  report_ready_once();
}

// A write ended. code 0: saved as `seq`; 1: another tab saved first; 2: failed (message).
EMSCRIPTEN_KEEPALIVE void kolo_storage_written(int code, double seq, char* message) {
  const std::string why = take_js_string(message);
  if (code == 0)
    g.saver.succeeded(static_cast<std::uint64_t>(seq));
  else if (code == 1)
    g.saver.conflicted();
  else
    g.saver.failed(why, emscripten_get_now() / 1000.0);
  wake();
}

// Another tab saved snapshot `seq`. With nothing unsaved here, pick it up; with an unsaved
// change, this tab would overwrite the other's or lose its own, so it turns read-only and
// says so. While a write of ours is in flight its own result decides (a conflict, since the
// other tab's save moved the newest seq past our base).
EMSCRIPTEN_KEEPALIVE void kolo_storage_changed(double seq) {
  if (!g.storage_opened || static_cast<std::uint64_t>(seq) <= g.saver.base_seq()) return;
  if (g.saver.in_flight()) return;
  if (g.saver.has_unsaved()) {
    g.saver.conflicted();
  } else if (g.reloading) {
    g.reload_again = true;
  } else {
    g.reloading = true;
    kolo_js_storage_reload();
  }
  wake();
}

// The largest file the app reads; larger ones are refused without being read into memory.
EMSCRIPTEN_KEEPALIVE double kolo_max_file_bytes() { return static_cast<double>(kolo::kMaxFileBytes); }

// A file the user picked for import; takes ownership of `data` (null when the file was over
// the limit and not read).
EMSCRIPTEN_KEEPALIVE void kolo_file_opened(char* name, char* data, double length, double total_size) {
  const std::string file_name = take_js_string(name);
  g.app->open_file(file_name, std::string_view(data ? data : "", data ? static_cast<std::size_t>(length) : 0),
                   static_cast<std::size_t>(total_size));
  free(data);
  wake();
}

}  // extern "C"

int main(int, char**) {
  // Keys go to the canvas only, so other inputs of the page (file pickers) keep theirs.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
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
  apply_style();
  ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  build_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()), false);

  const kolo::Lang browser = kolo::lang_from_tag(take_js_string(kolo_js_browser_language()));
  const kolo::ui::Settings settings = kolo::ui::settings_from_json(take_js_string(kolo_js_settings_load()), browser);
  g.app = std::make_unique<kolo::ui::App>(settings, &g_host);
  g.shown_lang = settings.lang;
  kolo_js_set_title(kolo::tr("app.page_title", settings.lang), kolo::lang_code(settings.lang));

  kolo_js_storage_open();  // answers later; the first frame shows "loading" until then
  // The first frame now rather than at the next animation frame: nothing it needs is pending.
  frame();
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
