// Dashboard: the day's overview (follow-ups due, open referrals, coming events).
#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_dashboard(App& app) { empty_state(app, "dashboard.empty.title", "dashboard.empty.body"); }

}  // namespace kolo::ui
