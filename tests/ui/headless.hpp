// Drives the App without a window: ImGui frames with a fixed display size and simulated
// mouse and keyboard, the widget table read from the same registry the browser tests use.
#pragma once
#include <imgui.h>

#include <string>

#include "ui/app.hpp"
#include "ui/item_registry.hpp"

namespace kolo::test {

class Headless {
 public:
  explicit Headless(ui::Settings settings = {}, float width = 1280, float height = 800) : app(settings) {
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
    frame();
  }
  ~Headless() { ImGui::DestroyContext(ctx_); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  void frame() {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ui::items_begin_frame();
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    ui::items_end_frame();
  }

  // The widget with stable id `id` in the last frame, or nullptr.
  const ui::DrawnItem* find(const std::string& id) {
    for (const ui::DrawnItem& it : ui::items_last_frame())
      if (it.id == id) return &it;
    return nullptr;
  }

  // A click as the browser delivers it: move, press for a frame, release.
  bool click(const std::string& id) {
    const ui::DrawnItem* it = find(id);
    if (!it) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it->x + it->w / 2, it->y + it->h / 2);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();
    return true;
  }

  void type(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    frame();
    frame();
  }

  ui::App app;

 private:
  ImGuiContext* ctx_ = nullptr;
  ImVector<ImWchar> ranges_;
};

}  // namespace kolo::test
