// The Map view's second mode: where clients come from and where they go (core/flow.hpp), as
// charts drawn with ImGui: referrals in and out per month, per partner kind, the top sources
// and destinations, the outcome funnel of referrals out, the partners who only send or only
// receive, and the referrals out still waiting for news. Values show on hover; each chart's
// figures go to the clipboard as a table (tab-separated, for a spreadsheet).
//
// Widget ids: charts.period (choices charts.period.months|year), chart.months (the month
//   chart; hover a month for its values), chart.kinds, chart.funnel, chart.<name>.copy (name:
//   months, kinds, sources, destinations, funnel, one_way, no_news), chart.sources.all and
//   chart.destinations.all (every partner, past the first 10), chart.source.<partner id>,
//   chart.destination.<partner id>, chart.send_only.<partner id>, chart.receive_only.<partner
//   id>, chart.no_news.<partner id> (each opens the partner).
// State: charts (add_state; tests/README.md lists every field).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/date.hpp"
#include "core/flow.hpp"

namespace kolo::ui {

class App;

class FlowCharts {
 public:
  void draw(App& app);
  void add_state(nlohmann::json& state) const;
  void invalidate() { valid_ = false; }

 private:
  enum class Period { months, year };
  void refresh(const App& app);

  Period period_ = Period::months;
  DateRange range_;
  std::vector<MonthFlow> months_;
  std::vector<KindFlow> kinds_;
  std::vector<PartnerFlow> sources_, destinations_;
  Funnel funnel_;
  OneWay one_way_;
  std::vector<Waiting> no_news_;  // partners with referrals out waiting for news, longest first
  std::uint64_t revision_ = 0;
  Date today_{};
  Period computed_ = Period::months;
  bool valid_ = false;
  bool all_sources_ = false, all_destinations_ = false;  // list every partner, not the first 10
};

}  // namespace kolo::ui
