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
  // For the accessible mirror (shell/site/app.js): what a screen reader is told of it.
  std::string role = "button";  // button | checkbox | textbox | tab | combobox | text | graphic
  std::string name;             // the accessible name when the label is hidden (a form's row label)
  std::string value;            // a combo's current choice
  signed char checked = -1, expanded = -1, selected = -1;  // -1: not applicable
  bool disabled = false;
  bool in_dialog = false;   // drawn in a popup or modal dialog
  bool heading = false;     // text that heads what follows
  bool draggable = false;   // a finger drags it (a pipeline card, the map) rather than scrolling
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
// Text a screen reader should read that is not a widget (a heading, a view's empty state, a
// banner's message): kept in the mirror in drawing order. Plain ImGui::Text is not seen by the
// test-engine hooks (ImGui's own logging would see it, but turns off all clipping).
void items_text(const std::string& text, bool heading = false);
// The next widget drawn without a visible label (a form's field after its row label) is named
// `name` in the mirror.
void items_name_next(const std::string& name);
// Describes the last widget submitted (ImGui id `id`) more precisely than the hooks can.
// `expanded` and `checked`: -1 not applicable, 0 no, 1 yes.
void items_describe(unsigned int id, const char* role, int expanded, const std::string& value, int checked);
// Names an item ImGui announces without a label (a child window, as an item of its parent:
// what keyboard navigation enters with Space): stable id, label and role.
void items_identify(unsigned int imgui_id, const std::string& id, const std::string& label, const char* role);
// The last widget recorded is the one shown as current (the view's tab in the navigation).
void items_mark_selected();
// The last widget recorded (submitted, or items_add) is dragged by a finger (touch) rather
// than scrolled past.
void items_mark_draggable();
// The mirror of the last drawn frame (app.js): [{id, label, name, role, x, y, w, h, ...states,
// dialog, drag, nav} | {role: "text", label}] in drawing order, and which one keyboard
// navigation is on. Only what has a label, a name or a stable id.
std::string items_a11y_json(float offset_x, float offset_y);

// JSON array of the last frame's items that carry a label or id; offset_x/y move them from
// canvas to page coordinates. Each has `clipped`; a clipped one also has `full` {x, y, w, h}.
std::string items_json(float offset_x, float offset_y);

}  // namespace kolo::ui
