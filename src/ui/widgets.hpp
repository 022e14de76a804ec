// Shared widgets used across views (widgets.cpp).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "core/model.hpp"

struct ImFont;

namespace kolo::ui {

class App;

// The heading font (a bold face rasterised larger); the platform sets it after building the
// font atlas. Without one (headless tests), headings use the body font.
void set_heading_font(ImFont* font);
ImFont* heading_font();  // null when there is none

// ImGui::TextWrapped, and the text read by screen readers too (the accessible mirror).
void wrapped_text(const char* text);
inline void wrapped_text(const std::string& text) { wrapped_text(text.c_str()); }
// A heading: the heading font, and a heading for screen readers.
void heading_text(const char* text);
// ImGui::RadioButton, told to screen readers as a radio button and whether it is chosen
// (ImGui 1.86 reports neither).
bool radio_button(const char* label, bool active);
inline bool radio_button(const std::string& label, bool active) { return radio_button(label.c_str(), active); }
// A titled part of a form (ImGui 1.86 has no SeparatorText): the title dimmed, a rule under it.
void section_title(const char* title);
// A title and an explanatory sentence for a view that has nothing to show yet.
void empty_state(const App& app, const char* title_key, const char* body_key);
// A single-line text field bound to a std::string, with a stable id; takes the system paste.
bool text_field(App& app, const char* label_key, const char* id, std::string* value, float width = -1.0f);
// The same in a form: the label in a fixed left column, the field filling the row.
bool labelled_field(App& app, const char* label_key, const char* id, std::string* value);
// Just the field (no label). `flags`: more ImGuiInputTextFlags (Password: shown as dots).
bool input_string(App& app, const char* id, std::string* value, float width = -1.0f, int flags = 0);
// Whether the field with this ImGui id is a password field (its text is never mirrored into
// the page: src/platform/web_main.cpp). ImGui keeps a field's flags only while drawing it.
bool is_secret_field(unsigned int imgui_id);
// A field whose text is shown as dots (a password, a passphrase): input_string with Password.
bool input_secret(App& app, const char* id, std::string* value, float width = -1.0f);
// A multi-line field (notes, procedures), `height` pixels tall, the width of the row.
bool input_multiline(App& app, const char* id, std::string* value, float height);

// An integer field with a stable id, clamped to lo..hi.
bool input_number(const std::string& id, int* value, int lo, int hi, float width);
// ImGui::BeginTabItem, reported to the testing contract under its stable id (ImGui 1.86
// announces a tab before it adds it).
bool tab_item(const std::string& label, bool select);

// The pointer is a finger (the platform says so): lists give rows a finger can hit.
void set_touch_mode(bool on);
bool touch_mode();

// Scrolls the window under the pointer (or the nearest around it that scrolls) by (dx, dy)
// pixels: a finger moving a list (platform). Call right after ImGui::NewFrame().
void scroll_window_at(float dx, float dy);

// Ends a view's modal dialog (instead of ImGui::EndPopup): the dialogs every view shares are
// drawn inside it, so they show on top (App::draw_shared_dialogs). Pass `closing` when the
// dialog called ImGui::CloseCurrentPopup() this frame: they are then drawn after it instead.
void end_dialog(App& app, bool closing);

// A table header row (ImGui::TableHeadersRow) whose headers the testing contract reports
// with the stable ids of their column labels ("Name###partners.col.name"); ImGui 1.86 does
// not announce headers to its test-engine hooks by itself.
void table_headers_row();

// ImGui::BeginCombo, and the combo box reported to the testing contract under the stable id
// of its label ("##x###partner.kind"): ImGui 1.86 does not announce combos to its test-engine
// hooks by itself.
bool begin_combo(const char* label, const char* preview, int flags = 0);

// A filter combo over the distinct values of a text column (areas, tags): a first choice "any"
// (`any_key`, id <prefix>.any) and each value (id <prefix>.<n>, n its position). True when changed.
bool text_filter(App& app, const char* id, const char* prefix, const char* any_key,
                 const std::vector<std::string>& values, std::string* chosen, float width);
// A combo over every value of a Kolo enum, labelled from the catalog, in a form row (label in
// the left column); its choices have the ids <choice_prefix>.<value>. True when changed.
template <KoloEnum E>
bool enum_combo(App& app, const char* label_key, const char* id, const char* choice_prefix, E* value);
// The same without the label, `width` wide (-1: the rest of the row). `none_key`, when given,
// adds a first choice "none" (id <choice_prefix>.any) that stands for no value (*has = false).
template <KoloEnum E>
bool enum_filter(App& app, const char* id, const char* choice_prefix, const char* none_key, bool* has, E* value,
                 float width);
// The same over an optional value (a filter: nullopt = any; `none_key` labels it, id
// <choice_prefix>.any). A fresh choice starts from the enum's first value.
template <KoloEnum E>
bool optional_filter(App& app, const char* id, const char* choice_prefix, const char* none_key, std::optional<E>* value,
                     float width);
// The widest of these labels plus a gap: the column where a form's fields start; and a row's
// label, the field following at that column.
float label_column(const App& app, std::initializer_list<const char*> keys);
void row_label(const App& app, const char* key, float column);
// A form row's label in the left column (the field follows on the same line).
void form_label(const App& app, const char* label_key);
// The label of an enum value in the current language.
template <KoloEnum E> const char* enum_label(const App& app, E value);

}  // namespace kolo::ui

#include "ui/widgets_enum.inl"
