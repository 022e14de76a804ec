// Events: joint seminars, webinars, workshops, master classes and meetings, and what each brought.
#include <memory>

#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
class EventsView final : public View {
 public:
  EventsView() : View("events", "view.events") {}
  void draw(App& app) override { empty_state(app, "events.empty.title", "events.empty.body"); }
};
}  // namespace

std::unique_ptr<View> make_events_view() { return std::make_unique<EventsView>(); }

}  // namespace kolo::ui
