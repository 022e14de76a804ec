// Dashboard: the day's overview. For now the size of the network and what is due; the
// follow-up and referral boards grow here. Widget ids: demo.load (empty state).
// State: follow_ups (the names in the "next follow-ups" list, in its order).
#include <imgui.h>

#include <algorithm>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

constexpr std::size_t kFollowUpsShown = 8;

void stat(const App& app, const char* key, std::size_t n) {
  ImGui::BeginGroup();
  ImGui::Text("%zu", n);
  ImGui::TextDisabled("%s", T(app, key));
  ImGui::EndGroup();
  ImGui::SameLine(0, 40);
}

class DashboardView final : public View {
 public:
  DashboardView() : View("dashboard", "view.dashboard") {}

  void draw(App& app) override {
    const Document& d = app.doc();
    shown_names_.clear();
    if (d.partners.empty() && d.cases.empty() && d.events.empty()) {
      empty_state(app, "dashboard.empty.title", "dashboard.empty.body");
      if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
      return;
    }
    ImGui::Dummy(ImVec2(0, 4));
    stat(app, "table.partners", d.partners.size());
    stat(app, "table.services", d.services.size());
    stat(app, "table.events", d.events.size());
    stat(app, "table.cases", d.cases.size());
    stat(app, "table.referrals", d.referrals.size());
    ImGui::NewLine();
    ImGui::Separator();
    ImGui::TextUnformatted(T(app, "dashboard.follow_ups"));
    const std::vector<std::size_t>& due = follow_ups(app);
    if (due.empty()) ImGui::TextDisabled("%s", T(app, "dashboard.no_follow_ups"));
    for (std::size_t i : due) {
      ImGui::BulletText("%s  %s", d.partners[i].next_follow_up.c_str(), d.partners[i].name.c_str());
      shown_names_.push_back(d.partners[i].name);
    }
  }

  void on_document_replaced(App&) override { cached_ = false; }

  // The list as last drawn (state() is read between frames, so it is what the user sees).
  void add_state(nlohmann::json& state) const override {
    nlohmann::json names = nlohmann::json::array();
    for (const std::string& name : shown_names_) names.push_back(name);
    state["follow_ups"] = names;
  }

 private:
  // Partners whose next contact date is set, soonest first: the first few, worked out once
  // per revision of the document rather than sorted again in every frame.
  const std::vector<std::size_t>& follow_ups(const App& app) {
    if (cached_ && revision_ == app.store().revision()) return due_;
    const std::vector<Partner>& partners = app.doc().partners;
    due_.clear();
    for (std::size_t i = 0; i < partners.size(); ++i)
      if (!partners[i].next_follow_up.empty()) due_.push_back(i);
    const auto sooner = [&](std::size_t a, std::size_t b) {
      return partners[a].next_follow_up != partners[b].next_follow_up ? partners[a].next_follow_up < partners[b].next_follow_up
                                                                      : a < b;
    };
    const std::size_t shown = std::min(due_.size(), kFollowUpsShown);
    std::partial_sort(due_.begin(), due_.begin() + static_cast<std::ptrdiff_t>(shown), due_.end(), sooner);
    due_.resize(shown);
    revision_ = app.store().revision();
    cached_ = true;
    return due_;
  }

  std::vector<std::size_t> due_;  // indices into doc().partners, valid for revision_
  std::vector<std::string> shown_names_;
  std::uint64_t revision_ = 0;
  bool cached_ = false;
};

}  // namespace

std::unique_ptr<View> make_dashboard_view() { return std::make_unique<DashboardView>(); }

}  // namespace kolo::ui
