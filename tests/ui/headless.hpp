// Drives the App without a window: ImGui frames with a fixed display size and simulated
// mouse and keyboard, the widget table read from the same registry the browser tests use.
#pragma once
#include <doctest/doctest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ui/app.hpp"
#include "ui/item_registry.hpp"

namespace kolo::test {

// Records what the app asked of the platform.
class FakeHost final : public ui::Host {
 public:
  void download(const std::string& file_name, const std::string& mime, std::string_view bytes) override {
    downloads.push_back({file_name, mime, std::string(bytes)});
  }
  void pick_file(const std::string& accept) override {
    ++file_picks;
    last_accept = accept;
  }
  std::string demo_network() override {
    std::ifstream in(KOLO_SOURCE_DIR "/assets/demo/demo-uk.json", std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  std::string now_iso() override { return "2026-11-23T09:00:00"; }
  LocalTime local_now() override { return local; }
  void conflict_resolved(const std::string& key, bool keep_mine) override { resolved.push_back({key, keep_mine}); }
  void sync_connect(const std::string& request_json) override { sync_requests.push_back(request_json); }
  void sync_disconnect() override { ++sync_disconnects; }
  void sync_conflict_resolved(const std::string& key, bool theirs) override { sync_resolved.push_back({key, theirs}); }
  void sync_change_passphrase(const std::string& current, const std::string& next) override {
    passphrase_changes.push_back({current, next});
  }
  void copy_text(const std::string& utf8) override { copies.push_back(utf8); }
  void print_html(const std::string& html) override { printed.push_back(html); }
  void save_png(const std::string& file_name, float x, float y, float w, float h) override {
    pngs.push_back({file_name, x, y, w, h});
  }
  void save_board_page(const std::string& file_name, const std::string& board_element, const std::string& title) override {
    board_pages.push_back({file_name, board_element, title});
  }
  void save_offline_copy(const std::string& file_name, const std::string& data_json, const std::string& title,
                         bool same_copy) override {
    offline_copies.push_back({file_name, data_json, title, same_copy});
  }
  void install() override { ++installs; }
  void reload() override { ++reloads; }
  void download_encrypted(const std::string& file_name, const std::string& json, const std::string& passphrase) override {
    encrypted.push_back({file_name, json, passphrase});
  }
  void decrypt(const std::string& envelope, const std::string& passphrase) override {
    decrypts.push_back({envelope, passphrase});
  }
  void forget_device() override { ++forgets; }
  void storage_unlock(const std::string& passphrase) override { unlocks.push_back(passphrase); }
  void lock_set(const std::string& current, const std::string& next) override { lock_changes.push_back({current, next}); }

  // 11:00 in Kyiv on the day now_iso() names; tests move it.
  LocalTime local{{{2026, 11, 23}, 11, 0, 0}, 120, "Europe/Kyiv"};
  struct Download {
    std::string name, mime, bytes;
  };
  std::vector<Download> downloads;
  int file_picks = 0;
  std::string last_accept;
  std::vector<std::pair<std::string, bool>> resolved;
  std::vector<std::string> sync_requests;  // team sync: what Connect handed the platform
  int sync_disconnects = 0;
  std::vector<std::pair<std::string, bool>> sync_resolved;  // conflicts with another device settled (theirs?)
  std::vector<std::pair<std::string, std::string>> passphrase_changes;
  std::vector<std::string> copies;  // what the app put on the clipboard, in order
  std::vector<std::string> printed;  // the HTML pages the app sent to the print dialog
  struct Png {
    std::string name;
    float x = 0, y = 0, w = 0, h = 0;
  };
  std::vector<Png> pngs;  // the pictures the app asked to save
  struct BoardPage {
    std::string name, element, title;
  };
  std::vector<BoardPage> board_pages;  // the board pages the app asked to assemble
  struct OfflineCopy {
    std::string name, data, title;
    bool same_copy = false;
  };
  std::vector<OfflineCopy> offline_copies;  // the offline copies the app asked to assemble
  int installs = 0, reloads = 0;
  struct Encrypted {
    std::string name, json, passphrase;
  };
  std::vector<Encrypted> encrypted;  // the encrypted exports the app asked for
  std::vector<std::pair<std::string, std::string>> decrypts;  // {envelope, passphrase} asked to decrypt
  int forgets = 0;
  std::vector<std::string> unlocks;  // passphrases the lock screen handed over
  std::vector<std::pair<std::string, std::string>> lock_changes;  // {current, next} of the lock
};

class Headless {
 public:
  explicit Headless(ui::Settings settings = {}, float width = 1280, float height = 800) : app(settings, &host) {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    ImFontGlyphRangesBuilder ranges;
    ranges.AddRanges(io.Fonts->GetGlyphRangesCyrillic());
    ranges.BuildRanges(&ranges_);
    if (!io.Fonts->AddFontFromFileTTF(KOLO_FONT, 16.0f, nullptr, ranges_.Data)) io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui::StorageStatus opened;  // as the platform reports once storage has answered
    opened.state = "saved";
    app.set_storage_status(opened);
    frame();
  }
  ~Headless() { ImGui::DestroyContext(ctx_); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  void frame() {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ui::items_begin_frame();
    ImGui::NewFrame();
    time += 1.0 / 60.0;
    app.frame(time);
    ImGui::Render();
    ui::items_end_frame();
  }

  // The widget with stable id `id` in the last frame, or nullptr.
  // Whether the last frame showed `text` (in the accessible mirror, which holds every text the
  // frame drew for a reader).
  bool text_shown(const std::string& text) const {
    std::string all;
    auto walk = [&](const nlohmann::json& j, auto&& self) -> void {
      if (j.is_string()) all += j.get<std::string>() + "\n";
      else if (j.is_structured())
        for (const auto& v : j) self(v, self);
    };
    walk(nlohmann::json::parse(ui::items_a11y_json(0, 0)), walk);
    return all.find(text) != std::string::npos;
  }
  const ui::DrawnItem* find(const std::string& id) {
    for (const ui::DrawnItem& it : ui::items_last_frame())
      if (it.id == id) return &it;
    return nullptr;
  }

  // A click as the browser delivers it: move, press for a frame, release; then the frames
  // that follow an input.
  bool click(const std::string& id) {
    if (!press(id)) return false;
    frame();
    return true;
  }

  // The same, ending with the frame in which the release is seen.
  bool press(const std::string& id) {
    const ui::DrawnItem* it = find(id);
    if (!it) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it->x + it->w / 2, it->y + it->h / 2);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    return true;
  }

  // What window.kolo.state() would report now.
  nlohmann::json state() const { return nlohmann::json::parse(app.state_json()); }

  // A file given to the app (picked or dropped), then a frame.
  void open(const std::string& name, const std::string& bytes, const std::string& mime = "") {
    ui::OpenedFile file;
    file.name = name;
    file.mime = mime;
    file.bytes = bytes;
    file.total_size = bytes.size();
    app.open_file(file);
    frame();
    frame();
  }

  void type(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    frame();
    frame();
  }

  FakeHost host;
  ui::App app;
  double time = 100.0;

 private:
  ImGuiContext* ctx_ = nullptr;
  ImVector<ImWchar> ranges_;
};

// A record put straight into the document (arranging a test's data), then a frame; its id.
inline Id add_record(Headless& ui, Record record) {
  const Id id = ui.app.doc().next_id;
  REQUIRE_FALSE(ui.app.apply(put_command(std::move(record))).has_value());
  ui.frame();
  return id;
}

// A click into field `id`, then `text` typed.
inline void fill_field(Headless& ui, const std::string& id, const char* text) {
  REQUIRE_MESSAGE(ui.click(id), id);
  ui.type(text);
}

// A click into field `id`, Ctrl+A, then `text` typed over what it held.
inline void replace(Headless& ui, const std::string& id, const char* text) {
  REQUIRE_MESSAGE(ui.click(id), id);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_A] = 300 + ImGuiKey_A;
  io.KeyCtrl = true;
  io.KeysDown[io.KeyMap[ImGuiKey_A]] = true;
  ui.frame();
  io.KeysDown[io.KeyMap[ImGuiKey_A]] = false;
  io.KeyCtrl = false;
  ui.frame();
  ui.type(text);
}

}  // namespace kolo::test
