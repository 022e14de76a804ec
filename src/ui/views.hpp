// One function per view of the dashboard; each lives in its own view_<name>.cpp and is listed
// once, in app.cpp's view table.
#pragma once

struct ImFont;

namespace kolo::ui {

class App;

void draw_dashboard(App& app);
void draw_partners(App& app);
void draw_map(App& app);
void draw_events(App& app);
void draw_clients(App& app);
void draw_settings(App& app);

// The heading font (a bold face rasterised larger); the platform sets it after building the
// font atlas. Without one (headless tests), headings use the body font.
void set_heading_font(ImFont* font);

// Shared widgets.
// A title and an explanatory sentence for a view that has nothing to show yet.
void empty_state(const App& app, const char* title_key, const char* body_key);
// A single-line text field bound to a std::string, with a stable id; takes the system paste.
bool text_field(App& app, const char* label_key, const char* id, std::string* value, float width = -1.0f);
// The same in a form: the label in a fixed left column, the field filling the row.
bool labelled_field(App& app, const char* label_key, const char* id, std::string* value);
// Just the field (no label).
bool input_string(App& app, const char* id, std::string* value, float width = -1.0f);

}  // namespace kolo::ui
