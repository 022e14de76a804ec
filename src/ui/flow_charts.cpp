// The referral-flow charts (flow_charts.hpp). The figures are worked out once per revision, day
// and period (core/flow.hpp); each frame only draws them.
#include "ui/flow_charts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

constexpr ImU32 kIn = IM_COL32(30, 140, 70, 255);
constexpr ImU32 kOut = IM_COL32(40, 90, 190, 255);
constexpr ImU32 kGrid = IM_COL32(215, 215, 210, 255);
constexpr ImU32 kHover = IM_COL32(235, 238, 245, 255);
constexpr ImU32 kEnding = IM_COL32(150, 150, 150, 255);

std::string month_label(const MonthFlow& m, Lang lang) {
  return std::string(tr(("map.month_short." + std::to_string(m.month)).c_str(), lang)) + " " +
         std::to_string(m.year % 100);
}

void heading(const char* text) {
  ImGui::Spacing();
  heading_text(text);
}

// A heading with the chart's copy button on the same line; the table is made on the click.
template <class MakeTable> void chart_heading(App& app, const char* title_key, const char* copy_id, MakeTable&& table) {
  heading(T(app, title_key));
  ImGui::SameLine();
  if (ImGui::SmallButton(L(app, "charts.copy", copy_id).c_str())) app.copy_text(table());
}

// A partner's name as a clickable line with a bar of `value` out of `max` behind it.
void partner_row(App& app, const std::string& id, Id partner, int value, int max, ImU32 colour, const std::string& note) {
  const Partner* p = find_record<Partner>(app.doc(), partner);
  if (!p) return;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeight();
  if (max > 0 && value > 0) {
    const float w = width * 0.5f * static_cast<float>(value) / static_cast<float>(max);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + line - 4), ImVec2(at.x + w, at.y + line), colour);
  }
  std::string label = p->name;
  if (!note.empty()) label += "  " + note;
  label += "###" + id;
  if (ImGui::Selectable(label.c_str())) app.open_partner(partner);
}

constexpr std::size_t kListed = 10;  // partners listed before "show all"

// Top sources (in) or destinations (out): the first kListed, or all once asked.
void partner_list(App& app, const std::vector<PartnerFlow>& rows, bool in, bool* all, const char* row_prefix,
                  const char* all_id) {
  if (rows.empty()) ImGui::TextDisabled("%s", T(app, "charts.none"));
  const int top = rows.empty() ? 0 : (in ? rows.front().in : rows.front().out);
  const std::size_t shown = *all ? rows.size() : std::min(rows.size(), kListed);
  for (std::size_t i = 0; i < shown; ++i) {
    const int value = in ? rows[i].in : rows[i].out;
    partner_row(app, row_prefix + std::to_string(rows[i].partner), rows[i].partner, value, top, in ? kIn : kOut,
                std::to_string(value));
  }
  if (rows.size() <= kListed) return;
  const std::string label = *all ? std::string(T(app, "charts.fewer"))
                                 : trf("charts.all", app.settings().lang, {std::to_string(rows.size())});
  if (ImGui::SmallButton((label + "###" + all_id).c_str())) *all = !*all;
}

// The rectangle a chart is drawn in, hovered for its values; reported to the testing contract
// under `id` (ImGui 1.86 does not announce an invisible button).
void chart_area(const char* id, ImVec2 size) {
  ImGui::InvisibleButton((std::string("###") + id).c_str(), size);
  const ImVec2 min = ImGui::GetItemRectMin();
  items_add(id, "", min.x, min.y, size.x, size.y);
}

}  // namespace

void FlowCharts::refresh(const App& app) {
  const std::uint64_t revision = app.store().revision();
  const Date today = app.today();
  if (valid_ && revision_ == revision && today_ == today && computed_ == period_) return;
  const Document& doc = app.doc();
  range_ = period_ == Period::months ? last_months(today, 12) : this_year(today);
  months_ = flow_by_month(doc, range_);
  kinds_ = flow_by_kind(doc, range_);
  sources_ = top_sources(doc, range_, doc.partners.size());  // all of them: the first 10 are shown
  destinations_ = top_destinations(doc, range_, doc.partners.size());
  funnel_ = outcome_funnel(doc, range_);
  one_way_ = one_way_partners(doc, range_);
  no_news_ = waiting_partners(doc, today);
  revision_ = revision;
  today_ = today;
  computed_ = period_;
  valid_ = true;
}

void FlowCharts::draw(App& app) {
  const Lang lang = app.settings().lang;
  const char* period_keys[] = {"charts.period.months", "charts.period.year"};
  ImGui::SameLine(0, 24);
  ImGui::SetNextItemWidth(220);
  if (begin_combo("##charts.period###charts.period", T(app, period_keys[static_cast<int>(period_)]))) {
    for (int i = 0; i < 2; ++i)
      if (ImGui::Selectable(L(app, period_keys[i], period_keys[i]).c_str(), static_cast<int>(period_) == i))
        period_ = static_cast<Period>(i);
    ImGui::EndCombo();
  }
  refresh(app);
  ImGui::SameLine();
  ImGui::TextDisabled("%s – %s", range_.from.c_str(), range_.to.c_str());

  ImGui::BeginChild("##charts", ImVec2(0, 0), false);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);

  // ---- per month ----
  chart_heading(app, "charts.months", "chart.months.copy", [&] { return months_table(months_, lang); });
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kIn), "%s", T(app, "charts.in"));
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOut), "%s", T(app, "charts.out"));
  {
    const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x - 10);
    const float height = 150.0f;
    chart_area("chart.months", ImVec2(width, height + line * 2 + 4));
    const ImVec2 o = ImGui::GetItemRectMin();
    const float base = o.y + line + height;
    int top = 1;
    for (const MonthFlow& m : months_) top = std::max({top, m.in, m.out});
    const float slot = width / static_cast<float>(std::max<std::size_t>(1, months_.size()));
    int hover = -1;
    if (ImGui::IsItemHovered()) hover = static_cast<int>((ImGui::GetIO().MousePos.x - o.x) / slot);
    draw->AddLine(ImVec2(o.x, base), ImVec2(o.x + width, base), kGrid);
    draw->AddLine(ImVec2(o.x, base - height), ImVec2(o.x + width, base - height), kGrid);
    draw->AddText(ImVec2(o.x, base - height - line), dim, std::to_string(top).c_str());
    for (std::size_t i = 0; i < months_.size(); ++i) {
      const MonthFlow& m = months_[i];
      const float x = o.x + slot * static_cast<float>(i);
      if (static_cast<int>(i) == hover) draw->AddRectFilled(ImVec2(x, base - height), ImVec2(x + slot, base), kHover);
      const float bar = slot * 0.32f;
      const float x_in = x + slot * 0.16f, x_out = x_in + bar + 2;
      const float h_in = height * static_cast<float>(m.in) / static_cast<float>(top);
      const float h_out = height * static_cast<float>(m.out) / static_cast<float>(top);
      draw->AddRectFilled(ImVec2(x_in, base - h_in), ImVec2(x_in + bar, base), kIn);
      draw->AddRectFilled(ImVec2(x_out, base - h_out), ImVec2(x_out + bar, base), kOut);
      if (m.in > 0) draw->AddText(ImVec2(x_in, base - h_in - line), text, std::to_string(m.in).c_str());
      if (m.out > 0) draw->AddText(ImVec2(x_out, base - h_out - line), text, std::to_string(m.out).c_str());
      const std::string label = month_label(m, lang);
      const float lw = ImGui::CalcTextSize(label.c_str()).x;
      draw->AddText(ImVec2(x + (slot - lw) / 2, base + 4), dim, label.c_str());
    }
    if (hover >= 0 && hover < static_cast<int>(months_.size())) {
      const MonthFlow& m = months_[static_cast<std::size_t>(hover)];
      ImGui::SetTooltip("%s", trf("charts.tip.month", lang,
                                  {std::string(tr(("events.month." + std::to_string(m.month)).c_str(), lang)) + " " +
                                       std::to_string(m.year),
                                   std::to_string(m.in), std::to_string(m.out)})
                                  .c_str());
    }
  }

  // ---- per kind ----
  chart_heading(app, "charts.kinds", "chart.kinds.copy", [&] { return kinds_table(kinds_, lang); });
  {
    float label_w = 0;
    for (const KindFlow& k : kinds_) label_w = std::max(label_w, ImGui::CalcTextSize(enum_label(app, k.kind)).x);
    label_w += 12;
    const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x - 10);
    const float row_h = line * 1.6f;
    chart_area("chart.kinds", ImVec2(width, row_h * static_cast<float>(kinds_.size())));
    const ImVec2 o = ImGui::GetItemRectMin();
    int top = 1;
    for (const KindFlow& k : kinds_) top = std::max({top, k.in, k.out});
    const float bars = std::max(50.0f, width - label_w - 120);
    int hover = ImGui::IsItemHovered() ? static_cast<int>((ImGui::GetIO().MousePos.y - o.y) / row_h) : -1;
    for (std::size_t i = 0; i < kinds_.size(); ++i) {
      const KindFlow& k = kinds_[i];
      const float y = o.y + row_h * static_cast<float>(i);
      if (static_cast<int>(i) == hover) draw->AddRectFilled(ImVec2(o.x, y), ImVec2(o.x + width, y + row_h), kHover);
      draw->AddText(ImVec2(o.x, y + (row_h - line) / 2), k.in + k.out > 0 ? text : dim, enum_label(app, k.kind));
      const float w_in = bars * static_cast<float>(k.in) / static_cast<float>(top);
      const float w_out = bars * static_cast<float>(k.out) / static_cast<float>(top);
      const float half = (row_h - 4) / 2;
      draw->AddRectFilled(ImVec2(o.x + label_w, y + 2), ImVec2(o.x + label_w + w_in, y + 2 + half), kIn);
      draw->AddRectFilled(ImVec2(o.x + label_w, y + 2 + half), ImVec2(o.x + label_w + w_out, y + 2 + 2 * half), kOut);
      char figures[48];
      std::snprintf(figures, sizeof figures, "%d / %d", k.in, k.out);
      draw->AddText(ImVec2(o.x + label_w + std::max(w_in, w_out) + 8, y + (row_h - line) / 2), dim, figures);
    }
    if (hover >= 0 && hover < static_cast<int>(kinds_.size())) {
      const KindFlow& k = kinds_[static_cast<std::size_t>(hover)];
      ImGui::SetTooltip("%s", trf("charts.tip.kind", lang, {enum_label(app, k.kind), std::to_string(k.in), std::to_string(k.out)}).c_str());
    }
  }

  // ---- top sources and destinations ----
  if (ImGui::BeginTable("##top", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    chart_heading(app, "charts.sources", "chart.sources.copy", [&] { return partners_table(app.doc(), sources_, lang); });
    partner_list(app, sources_, true, &all_sources_, "chart.source.", "chart.sources.all");
    ImGui::TableNextColumn();
    chart_heading(app, "charts.destinations", "chart.destinations.copy",
                  [&] { return partners_table(app.doc(), destinations_, lang); });
    partner_list(app, destinations_, false, &all_destinations_, "chart.destination.", "chart.destinations.all");
    ImGui::EndTable();
  }

  // ---- the funnel of referrals out ----
  chart_heading(app, "charts.funnel", "chart.funnel.copy", [&] { return funnel_table(funnel_, lang); });
  {
    const std::pair<const char*, int> stages[] = {{"charts.funnel.sent", funnel_.sent},
                                                  {"charts.funnel.accepted", funnel_.accepted},
                                                  {"charts.funnel.first_appointment", funnel_.first_appointment},
                                                  {"charts.funnel.closed", funnel_.closed}};
    float label_w = 0;
    for (const auto& s : stages) label_w = std::max(label_w, ImGui::CalcTextSize(T(app, s.first)).x);
    label_w += 12;
    const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x - 10);
    const float row_h = line * 1.6f;
    chart_area("chart.funnel", ImVec2(width, row_h * 4));
    const ImVec2 o = ImGui::GetItemRectMin();
    const float bars = std::max(50.0f, width - label_w - 140);
    const int top = std::max(1, funnel_.sent);
    const int hover = ImGui::IsItemHovered() ? static_cast<int>((ImGui::GetIO().MousePos.y - o.y) / row_h) : -1;
    for (int i = 0; i < 4; ++i) {
      const float y = o.y + row_h * static_cast<float>(i);
      if (i == hover) draw->AddRectFilled(ImVec2(o.x, y), ImVec2(o.x + width, y + row_h), kHover);
      draw->AddText(ImVec2(o.x, y + (row_h - line) / 2), text, T(app, stages[i].first));
      const float w = bars * static_cast<float>(stages[i].second) / static_cast<float>(top);
      draw->AddRectFilled(ImVec2(o.x + label_w, y + 3), ImVec2(o.x + label_w + w, y + row_h - 3), kOut);
      char figures[48];
      std::snprintf(figures, sizeof figures, "%d (%d%%)", stages[i].second, funnel_.sent ? stages[i].second * 100 / funnel_.sent : 0);
      draw->AddText(ImVec2(o.x + label_w + w + 8, y + (row_h - line) / 2), dim, figures);
    }
    if (hover >= 0 && hover < 4)
      ImGui::SetTooltip("%s", trf("charts.tip.stage", lang, {T(app, stages[hover].first), std::to_string(stages[hover].second),
                                                              std::to_string(funnel_.sent)})
                                  .c_str());
    const std::pair<ReferralStatus, int> endings[] = {
        {ReferralStatus::declined, funnel_.declined},       {ReferralStatus::no_show, funnel_.no_show},
        {ReferralStatus::client_refused, funnel_.client_refused}, {ReferralStatus::no_capacity, funnel_.no_capacity},
        {ReferralStatus::not_eligible, funnel_.not_eligible}, {ReferralStatus::could_not_contact, funnel_.could_not_contact},
        {ReferralStatus::re_routed, funnel_.re_routed}};
    std::string others;
    for (const auto& [status, count] : endings)
      if (count > 0) others += (others.empty() ? "" : ", ") + std::string(enum_label(app, status)) + ": " + std::to_string(count);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kEnding));
    wrapped_text(trf("charts.funnel.others", lang, {others.empty() ? "—" : others, std::to_string(funnel_.open)}).c_str());
    ImGui::PopStyleColor();
    wrapped_text(trf("charts.funnel.lost", lang, {std::to_string(funnel_.lost), std::to_string(funnel_.protected_endings)}).c_str());
  }

  // ---- one way ----
  chart_heading(app, "charts.one_way", "chart.one_way.copy", [&] { return one_way_table(app.doc(), one_way_, lang); });
  if (ImGui::BeginTable("##one_way", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", T(app, "charts.send_only"));
    if (one_way_.send_only.empty()) ImGui::TextDisabled("%s", T(app, "charts.none"));
    for (Id id : one_way_.send_only) partner_row(app, "chart.send_only." + std::to_string(id), id, 0, 0, kIn, "");
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", T(app, "charts.receive_only"));
    if (one_way_.receive_only.empty()) ImGui::TextDisabled("%s", T(app, "charts.none"));
    for (Id id : one_way_.receive_only) partner_row(app, "chart.receive_only." + std::to_string(id), id, 0, 0, kOut, "");
    ImGui::EndTable();
  }

  // ---- no news ----
  chart_heading(app, "charts.no_news", "chart.no_news.copy", [&] { return waiting_table(app.doc(), no_news_, lang); });
  if (no_news_.empty()) ImGui::TextDisabled("%s", T(app, "charts.none"));
  for (const Waiting& w : no_news_)
    partner_row(app, "chart.no_news." + std::to_string(w.partner), w.partner, 0, 0, kOut,
                trf("charts.no_news.line", lang, {std::to_string(w.referrals), std::to_string(w.longest_days)}));
  ImGui::EndChild();
}

void FlowCharts::add_state(nlohmann::json& state) const {
  if (!valid_) return;
  nlohmann::json c = {{"period", period_ == Period::months ? "months" : "year"}, {"from", range_.from}, {"to", range_.to}};
  nlohmann::json months = nlohmann::json::array();
  for (const MonthFlow& m : months_) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", m.year, m.month);
    months.push_back({{"month", key}, {"in", m.in}, {"out", m.out}});
  }
  c["months"] = months;
  nlohmann::json kinds = nlohmann::json::object();
  for (const KindFlow& k : kinds_)
    if (k.in + k.out > 0) kinds[std::string(to_string(k.kind))] = {{"in", k.in}, {"out", k.out}};
  c["kinds"] = kinds;
  const auto flows = [](const std::vector<PartnerFlow>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const PartnerFlow& f : rows) out.push_back({{"id", f.partner}, {"in", f.in}, {"out", f.out}});
    return out;
  };
  c["sources"] = flows(sources_);
  c["destinations"] = flows(destinations_);
  c["funnel"] = {{"sent", funnel_.sent}, {"accepted", funnel_.accepted}, {"first_appointment", funnel_.first_appointment},
                 {"closed", funnel_.closed}, {"open", funnel_.open}, {"lost", funnel_.lost},
                 {"protected_endings", funnel_.protected_endings}};
  c["send_only"] = one_way_.send_only;
  c["receive_only"] = one_way_.receive_only;
  nlohmann::json waiting = nlohmann::json::array();
  for (const Waiting& w : no_news_) waiting.push_back(w.partner);
  c["no_news"] = waiting;
  state["charts"] = c;
}

}  // namespace kolo::ui
