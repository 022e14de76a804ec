// Events: joint seminars, webinars, workshops, master classes and meetings, and what each brought.
#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_events(App& app) { empty_state(app, "events.empty.title", "events.empty.body"); }

}  // namespace kolo::ui
