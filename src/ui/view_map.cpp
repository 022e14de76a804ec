// Map: the network of partners and the referral flows between them.
#include <memory>

#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
class MapView final : public View {
 public:
  MapView() : View("map", "view.map") {}
  void draw(App& app) override { empty_state(app, "map.empty.title", "map.empty.body"); }
};
}  // namespace

std::unique_ptr<View> make_map_view() { return std::make_unique<MapView>(); }

}  // namespace kolo::ui
