// Implements ImGui 1.86's test-engine hooks to record each frame's items and their labels.
#include "ui/item_registry.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

namespace kolo::ui {

namespace {
std::vector<DrawnItem> g_building;  // items of the frame being drawn
std::vector<DrawnItem> g_last;      // items of the last finished frame
std::string g_next_name;            // items_name_next: for the next unlabelled widget
unsigned int g_nav_id = 0;          // the widget keyboard navigation is on (last frame), 0 none
bool g_nav_visible = false;         // ... and whether its highlight shows

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
  item.in_dialog = window && (window->RootWindow->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal)) != 0;
  item.disabled = (ctx->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
  return &item;
}

DrawnItem* find_recent(unsigned int id) {
  for (std::size_t i = g_building.size(), n = 0; i-- > 0 && n < 8; ++n)
    if (g_building[i].imgui_id == id && g_building[i].role != "text") return &g_building[i];
  return nullptr;
}
}  // namespace

void items_begin_frame() {
  g_building.clear();
  GImGui->TestEngineHookItems = true;
}

void items_end_frame() {
  g_last.swap(g_building);
  g_next_name.clear();
  g_nav_id = GImGui->NavId;
  g_nav_visible = !GImGui->NavDisableHighlight && GImGui->NavWindow != nullptr;
}

void items_text(const std::string& text, bool heading) {
  if (text.empty()) return;
  DrawnItem& item = g_building.emplace_back();
  item.role = "text";
  item.heading = heading;
  item.label = text;
  ImGuiWindow* window = GImGui->CurrentWindow;
  item.window = window ? window->Name : "";
  item.in_dialog = window && (window->RootWindow->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal)) != 0;
}

void items_name_next(const std::string& name) { g_next_name = name; }

void items_describe(unsigned int id, const char* role, int expanded, const std::string& value, int checked) {
  DrawnItem* item = find_recent(id);
  if (!item) return;
  item->role = role;
  item->expanded = static_cast<signed char>(expanded);
  item->checked = static_cast<signed char>(checked);
  item->value = value;
}

void items_identify(unsigned int imgui_id, const std::string& id, const std::string& label, const char* role) {
  DrawnItem* item = imgui_id ? find_recent(imgui_id) : nullptr;
  if (!item) return;
  item->id = id;
  item->label = label;
  item->role = role;
}

void items_mark_selected() {
  if (!g_building.empty() && g_building.back().role != "text") g_building.back().selected = 1;
}

void items_mark_draggable() {
  if (!g_building.empty() && g_building.back().role != "text") g_building.back().draggable = true;
}

std::string items_a11y_json(float offset_x, float offset_y) {
  nlohmann::json nodes = nlohmann::json::array();
  int nav = -1;
  for (const DrawnItem& it : g_last) {
    if (it.role == "text") {
      nodes.push_back({{"role", "text"}, {"label", it.label}, {"dialog", it.in_dialog}, {"heading", it.heading}});
      continue;
    }
    const bool is_nav = g_nav_visible && it.imgui_id == g_nav_id;
    // Unnamed items are left out, but for the one keyboard navigation is on: a region (a
    // child window, which Space enters) that a keyboard user must be told about.
    if (it.id.empty() && it.label.empty() && it.name.empty() && !is_nav) continue;
    const bool region = it.id.empty() && it.label.empty() && it.name.empty();
    nlohmann::json n = {{"id", it.id}, {"label", it.label}, {"role", region ? std::string("group") : it.role}, {"x", it.x + offset_x},
                        {"y", it.y + offset_y}, {"w", it.w}, {"h", it.h}, {"dialog", it.in_dialog}};
    if (!it.name.empty()) n["name"] = it.name;
    if (!it.value.empty()) n["value"] = it.value;
    if (it.checked >= 0) n["checked"] = it.checked == 1;
    if (it.expanded >= 0) n["expanded"] = it.expanded == 1;
    if (it.selected >= 0) n["selected"] = it.selected == 1;
    if (it.disabled) n["disabled"] = true;
    if (it.draggable) n["drag"] = true;
    if (is_nav && nav < 0) nav = static_cast<int>(nodes.size());
    nodes.push_back(std::move(n));
  }
  nlohmann::json out = {{"nodes", std::move(nodes)}, {"nav", nav}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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
    if (it.role == "text" || (it.id.empty() && it.label.empty())) continue;
    nlohmann::json item = {{"id", it.id}, {"label", it.label}, {"window", it.window}, {"x", it.x + offset_x},
                           {"y", it.y + offset_y}, {"w", it.w}, {"h", it.h}, {"clipped", it.clipped}};
    if (it.draggable) item["drag"] = true;
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

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  if (!label) return;
  // The info follows its ItemAdd closely: search back a few items only.
  kolo::ui::DrawnItem* item = kolo::ui::find_recent(id);
  if (!item) return;
  std::string_view full(label);
  std::size_t stable = full.find("###");
  item->id = stable == std::string_view::npos ? "" : std::string(full.substr(stable + 3));
  item->label = std::string(full.substr(0, full.find("##")));
  // What kind of widget: ImGui 1.86 tells checkables and openables by flags; text fields (and
  // drags) by the item flag that lets them take typed input; tabs by their tab bar.
  if (flags & ImGuiItemStatusFlags_Checkable) {
    item->role = "checkbox";
    item->checked = (flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
  } else if (flags & ImGuiItemStatusFlags_Openable) {
    item->expanded = (flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
  } else if (ctx->LastItemData.ID == id && (ctx->LastItemData.InFlags & ImGuiItemFlags_Inputable)) {
    item->role = "textbox";
  } else if (ImGuiTabBar* bar = ctx->CurrentTabBar; bar && ImGui::TabBarFindTabByID(bar, id)) {
    item->role = "tab";
    item->selected = bar->SelectedTabId == id ? 1 : 0;
  }
  if (item->label.empty() && !kolo::ui::g_next_name.empty()) item->name = std::move(kolo::ui::g_next_name);
  kolo::ui::g_next_name.clear();
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

// Used by ImGui's debug tools to name an item; the registry keeps no names by ImGui id.
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
