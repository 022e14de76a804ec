// Partners: the directory of referral sources and partners, and their pipeline stages.
#include <imgui.h>

#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_partners(App& app) {
  text_field(app, "partners.search", "partners.search", &app.partner_search, 320.0f);
  empty_state(app, "partners.empty.title", "partners.empty.body");
}

}  // namespace kolo::ui
