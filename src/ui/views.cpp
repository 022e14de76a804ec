// The one list of views, in the order of the navigation bar.
//
// Adding a view is one new file and one line here (plus its catalog strings): write
// src/ui/view_<name>.cpp with a class deriving from View (view.hpp) and a factory
// `std::unique_ptr<View> make_<name>_view()`, then add X(<name>) below. The view's code must
// be <name>; tests/ui checks that. Its tab, settings code, place in `state().views` and the
// tests that visit every view follow from this list.
#include "ui/views.hpp"

namespace kolo::ui {

#define KOLO_VIEWS(X) \
  X(board)            \
  X(dashboard)        \
  X(partners)         \
  X(pipeline)         \
  X(planner)          \
  X(map)              \
  X(events)           \
  X(clients)          \
  X(share)            \
  X(settings)

#define KOLO_DECLARE_VIEW(name) std::unique_ptr<View> make_##name##_view();
KOLO_VIEWS(KOLO_DECLARE_VIEW)
#undef KOLO_DECLARE_VIEW

std::vector<std::unique_ptr<View>> make_views() {
  std::vector<std::unique_ptr<View>> views;
#define KOLO_ADD_VIEW(name) views.push_back(make_##name##_view());
  KOLO_VIEWS(KOLO_ADD_VIEW)
#undef KOLO_ADD_VIEW
  return views;
}

const std::vector<std::string>& view_codes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    for (const std::unique_ptr<View>& v : make_views())
      if (v->mode() != View::Mode::board) out.emplace_back(v->code());
    return out;
  }();
  return codes;
}

}  // namespace kolo::ui
