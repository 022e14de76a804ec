// Clients: pseudonymous cases, their needs, and the referrals that route them to partners.
#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_clients(App& app) {
  text_field(app, "clients.search", "clients.search", &app.client_search, 320.0f);
  empty_state(app, "clients.empty.title", "clients.empty.body");
}

}  // namespace kolo::ui
