// Implements ImGui 1.86's test-engine hooks to record each frame's items and their labels.
#include "ui/item_registry.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

namespace kolo::ui {

namespace {
std::vector<DrawnItem> g_building;  // items of the frame being drawn
std::vector<DrawnItem> g_last;      // items of the last finished frame

// Appends an item at `bb` (clipped to the current window and the canvas) to the frame being
// drawn; nullptr when none of it is visible (scrolled away: not clickable).
DrawnItem* record(ImGuiContext* ctx, const ImRect& bb) {
  ImGuiWindow* window = ctx->CurrentWindow;
  ImRect visible = bb;
  if (window) visible.ClipWithFull(window->ClipRect);
  visible.ClipWithFull(ImRect(ImVec2(0, 0), ctx->IO.DisplaySize));  // nothing shows past the canvas
  if (visible.GetWidth() <= 0 || visible.GetHeight() <= 0) return nullptr;
  DrawnItem& item = g_building.emplace_back();
  item.window = window ? window->Name : "";
  item.x = visible.Min.x;
  item.y = visible.Min.y;
  item.w = visible.GetWidth();
  item.h = visible.GetHeight();
  item.clipped = visible.Min.x > bb.Min.x || visible.Min.y > bb.Min.y || visible.Max.x < bb.Max.x ||
                 visible.Max.y < bb.Max.y;
  item.full_x = bb.Min.x;
  item.full_y = bb.Min.y;
  item.full_w = bb.GetWidth();
  item.full_h = bb.GetHeight();
  return &item;
}
}  // namespace

void items_begin_frame() {
  g_building.clear();
  GImGui->TestEngineHookItems = true;
}

void items_end_frame() { g_last.swap(g_building); }

const std::vector<DrawnItem>& items_last_frame() { return g_last; }

void items_add(const std::string& id, const std::string& label, float x, float y, float w, float h) {
  DrawnItem* item = record(GImGui, ImRect(x, y, x + w, y + h));
  if (!item) return;
  item->id = id;
  item->label = label;
}

std::string items_json(float offset_x, float offset_y) {
  nlohmann::json out = nlohmann::json::array();
  for (const DrawnItem& it : g_last) {
    if (it.id.empty() && it.label.empty()) continue;
    nlohmann::json item = {{"id", it.id}, {"label", it.label}, {"window", it.window}, {"x", it.x + offset_x},
                           {"y", it.y + offset_y}, {"w", it.w}, {"h", it.h}, {"clipped", it.clipped}};
    if (it.clipped)
      item["full"] = {{"x", it.full_x + offset_x}, {"y", it.full_y + offset_y}, {"w", it.full_w}, {"h", it.full_h}};
    out.push_back(std::move(item));
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kolo::ui

// ---- the hooks ImGui calls (declared in imgui_internal.h) ----------------------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  ImGuiWindow* window = ctx->CurrentWindow;
  // A window appearing for the first time spends a frame hidden while it measures itself
  // (popups are then centred): its items are not where a person will see them yet.
  if (window && (window->Hidden || window->HiddenFramesCannotSkipItems > 0 || window->HiddenFramesCanSkipItems > 0))
    return;
  if (kolo::ui::DrawnItem* item = kolo::ui::record(ctx, bb)) item->imgui_id = id;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (!label) return;
  // The info follows its ItemAdd closely: search back a few items only.
  auto& items = kolo::ui::g_building;
  for (std::size_t i = items.size(), n = 0; i-- > 0 && n < 8; ++n) {
    if (items[i].imgui_id != id) continue;
    std::string_view full(label);
    std::size_t stable = full.find("###");
    items[i].id = stable == std::string_view::npos ? "" : std::string(full.substr(stable + 3));
    items[i].label = std::string(full.substr(0, full.find("##")));
    return;
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

// Used by ImGui's debug tools to name an item; the registry keeps no names by ImGui id.
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
