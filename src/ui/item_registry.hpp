// Where every widget of the last drawn frame is: the data behind `window.kolo.items()` of the
// testing contract (tests/README.md). Filled through Dear ImGui's test-engine hooks
// (IMGUI_ENABLE_TEST_ENGINE), so it sees every item ImGui submits, with no change to the views.
#pragma once
#include <string>
#include <vector>

namespace kolo::ui {

struct DrawnItem {
  unsigned int imgui_id = 0;
  std::string id;      // the stable part after "###", or "" when the label has none
  std::string label;   // the visible part, before "##"
  std::string window;  // the name of the window it was drawn in
  float x = 0, y = 0, w = 0, h = 0;  // visible rectangle in ImGui (= CSS) pixels
  // Part of the widget is cut off (by its window, a scrolled region or the canvas edge).
  // full_* is its whole rectangle, as if nothing clipped it; it differs only when clipped.
  bool clipped = false;
  float full_x = 0, full_y = 0, full_w = 0, full_h = 0;
};

// Bracket each frame: begin before ImGui::NewFrame(), end after ImGui::Render(). The items
// submitted in between become "the last frame".
void items_begin_frame();
void items_end_frame();
const std::vector<DrawnItem>& items_last_frame();
// Something drawn without a widget (a node of the network map) that a person can point at:
// reported like an item, with stable id `id` and label `label`, its rectangle (ImGui pixels)
// clipped to the current window's clip rectangle. Call while its window is current.
void items_add(const std::string& id, const std::string& label, float x, float y, float w, float h);
// JSON array of the last frame's items that carry a label or id; offset_x/y move them from
// canvas to page coordinates. Each has `clipped`; a clipped one also has `full` {x, y, w, h}.
std::string items_json(float offset_x, float offset_y);

}  // namespace kolo::ui
