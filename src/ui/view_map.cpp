// Map: the network of partners and the referral flows between them.
#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

void draw_map(App& app) { empty_state(app, "map.empty.title", "map.empty.body"); }

}  // namespace kolo::ui
