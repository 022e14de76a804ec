// Files compiled into the wasm (CMakeLists.txt runs src/platform/embed_files.py): the fonts,
// subset to the glyphs the UI can show, and the example network. Compiled-in bytes need no
// file system at run time.
#pragma once
#include <string_view>

extern const char kolo_embedded_ui_font[];
extern const unsigned long kolo_embedded_ui_font_size;
extern const char kolo_embedded_heading_font[];
extern const unsigned long kolo_embedded_heading_font_size;
extern const char kolo_embedded_demo_network[];
extern const unsigned long kolo_embedded_demo_network_size;

namespace kolo::embedded {
inline std::string_view ui_font() { return {kolo_embedded_ui_font, kolo_embedded_ui_font_size}; }
inline std::string_view heading_font() { return {kolo_embedded_heading_font, kolo_embedded_heading_font_size}; }
inline std::string_view demo_network() { return {kolo_embedded_demo_network, kolo_embedded_demo_network_size}; }
}  // namespace kolo::embedded
