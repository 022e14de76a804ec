// Dashboard: the day's overview. For now the size of the network and what is due; the
// follow-up and referral boards grow here. Widget ids: demo.load (empty state).
#include <imgui.h>

#include <algorithm>

#include "ui/app.hpp"
#include "ui/views.hpp"

namespace kolo::ui {

namespace {
void stat(const App& app, const char* key, std::size_t n) {
  ImGui::BeginGroup();
  ImGui::Text("%zu", n);
  ImGui::TextDisabled("%s", T(app, key));
  ImGui::EndGroup();
  ImGui::SameLine(0, 40);
}
}  // namespace

void draw_dashboard(App& app) {
  const Document& d = app.doc();
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
  // Follow-ups: partners whose next contact date is set, soonest first.
  ImGui::TextUnformatted(T(app, "dashboard.follow_ups"));
  std::vector<const Partner*> due;
  for (const Partner& p : d.partners)
    if (!p.next_follow_up.empty()) due.push_back(&p);
  std::sort(due.begin(), due.end(), [](const Partner* a, const Partner* b) { return a->next_follow_up < b->next_follow_up; });
  if (due.empty()) ImGui::TextDisabled("%s", T(app, "dashboard.no_follow_ups"));
  for (std::size_t i = 0; i < std::min<std::size_t>(due.size(), 8); ++i)
    ImGui::BulletText("%s  %s", due[i]->next_follow_up.c_str(), due[i]->name.c_str());
}

}  // namespace kolo::ui
