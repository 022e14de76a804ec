// Clients: pseudonymous cases, their needs, and the referrals that route them to partners.
// Widget ids: clients.search. State: client_search (the search text).
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
class ClientsView final : public View {
 public:
  ClientsView() : View("clients", "view.clients") {}

  void draw(App& app) override {
    text_field(app, "clients.search", "clients.search", &search_, 320.0f);
    empty_state(app, "clients.empty.title", "clients.empty.body");
  }

  void add_state(nlohmann::json& state) const override { state["client_search"] = search_; }

 private:
  std::string search_;
};
}  // namespace

std::unique_ptr<View> make_clients_view() { return std::make_unique<ClientsView>(); }

}  // namespace kolo::ui
