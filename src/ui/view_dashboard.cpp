// Dashboard: the day's overview. The size of the network, then "today" (core/partners.hpp,
// today_items): contacts overdue (red past the longest gap, amber past the ideal), contacts due
// within 7 days, signed agreements ending within 30 days, each one click from its partner (the
// partner editor opens); then the joint events of the next 30 days and the checklists still to
// finish before them (core/events.hpp), each one click from the event.
//
// Widget ids: demo.load (empty state), dashboard.today.<what>.<record id> (what: overdue,
// due_soon, agreement_expiring; the record is the partner for the first two, the agreement
// otherwise), dashboard.more.<what> (show the whole list of a section longer than kShown),
// dashboard.referral.<referral id> (a referral without news: the Clients view opens its case
// at that referral), dashboard.more.referrals, dashboard.event.<event id> (a coming event) and
// dashboard.checklist.<event id> (its unfinished checklist): the Events view opens the event.
// Also "no news" (core/referrals.hpp): open referrals without a change for the partner's
// number of business days (default 2), and again, marked, at 14.
// State: today_list ([{what, partner (its name), partner_id, date, level}] as drawn, in order),
// today_counts ({what: n} in the whole lists), no_news ([{referral_id, case_id, partner_id,
// business_days, long}] as drawn), no_news_count, client_stats ({clients, referred_on,
// closed_well, declined, declined_protected, lost}: core/decline.hpp, client_stats),
// coming_events ([{id, title, starts_at, done, total}] as drawn), unfinished_checklists
// ([{id, title, starts_at, done, total, next}]: next = the first item not done).
#include <imgui.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/decline.hpp"
#include "core/events.hpp"
#include "core/partners.hpp"
#include "core/referrals.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

constexpr std::size_t kShown = 8;  // per section, until "show all"
constexpr const char* kWhatCodes[] = {"overdue", "due_soon", "agreement_expiring"};
constexpr std::size_t kWhats = 3;
constexpr int kPrepareDays = 14;  // a coming event this close with its checklist unfinished is amber
constexpr const char* kDueCodes[] = {"none", "later", "soon", "amber", "red"};

void stat(const App& app, const char* key, std::size_t n) {
  ImGui::BeginGroup();
  ImGui::Text("%zu", n);
  ImGui::TextDisabled("%s", T(app, key));
  ImGui::EndGroup();
  ImGui::SameLine(0, 40);
}

ImVec4 level_colour(Due level) {
  return level == Due::red ? ImVec4(0.80f, 0.16f, 0.12f, 1.0f)
         : level == Due::amber ? ImVec4(0.80f, 0.52f, 0.0f, 1.0f)
                               : ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

class DashboardView final : public View {
 public:
  DashboardView() : View("dashboard", "view.dashboard") {}

  void draw(App& app) override {
    const Document& d = app.doc();
    drawn_.clear();
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
    refresh(app);
    // Clients as seed 001 counts them: a justified decline after a first session is never lost.
    if (!d.cases.empty()) {
      const Lang lang = app.settings().lang;
      ImGui::TextDisabled("%s", trf("dashboard.client_stats", lang,
                                    {std::to_string(stats_.referred_on), std::to_string(stats_.closed_well),
                                     std::to_string(stats_.declined), std::to_string(stats_.lost)}).c_str());
    }
    ImGui::Separator();
    heading_text(T(app, "dashboard.today"));
    if (items_.empty() && silences_.empty() && coming_.empty()) ImGui::TextDisabled("%s", T(app, "dashboard.nothing_today"));
    ImGui::BeginChild("today###dashboard.list");
    draw_silences(app);
    for (std::size_t w = 0; w < kWhats; ++w) draw_section(app, static_cast<TodayItem::What>(w));
    draw_events(app);
    ImGui::EndChild();
  }

  void on_document_replaced(App&) override {
    directory_.invalidate();
    cached_ = false;
  }

  // The lists as last drawn (state() is read between frames, so it is what the user sees).
  void add_state(nlohmann::json& state) const override {
    nlohmann::json list = nlohmann::json::array();
    for (const nlohmann::json& item : drawn_) list.push_back(item);
    state["today_list"] = list;
    nlohmann::json counts = nlohmann::json::object();
    for (std::size_t w = 0; w < kWhats; ++w) counts[kWhatCodes[w]] = counts_[w];
    state["today_counts"] = counts;
    nlohmann::json news = nlohmann::json::array();
    for (const nlohmann::json& item : drawn_news_) news.push_back(item);
    state["no_news"] = news;
    state["no_news_count"] = silences_.size();
    state["client_stats"] = {{"clients", stats_.clients},         {"referred_on", stats_.referred_on},
                             {"closed_well", stats_.closed_well}, {"declined", stats_.declined},
                             {"declined_protected", stats_.declined_protected}, {"lost", stats_.lost}};
    state["coming_events"] = drawn_events_;
    state["unfinished_checklists"] = drawn_checklists_;
  }

 private:
  void refresh(const App& app) {
    const Date today = app.today();
    const DateTime now = app.local_now();
    // Coming events end during the day: the lists follow the clock to the minute.
    if (cached_ && revision_ == app.store().revision() && today_ == today && now.hour == now_.hour &&
        now.minute == now_.minute)
      return;
    now_ = now;
    directory_.refresh(app.doc(), app.store().index(), app.store().revision(), today);
    items_ = today_items(app.doc(), directory_, today);
    silences_ = referrals_without_news(app.doc(), today);
    stats_ = client_stats(app.doc());
    coming_ = coming_events(app.doc(), app.local_now(), kComingEventDays);
    unfinished_ = unfinished_checklists(app.doc(), app.local_now(), kComingEventDays);
    counts_.fill(0);
    for (const TodayItem& i : items_) ++counts_[static_cast<std::size_t>(i.what)];
    revision_ = app.store().revision();
    today_ = today;
    cached_ = true;
  }

  // The joint events of the next 30 days, and the checklists to finish before them.
  void draw_events(App& app) {
    drawn_events_ = nlohmann::json::array();
    drawn_checklists_ = nlohmann::json::array();
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    const std::string soon = format_date(add_days(app.today(), kPrepareDays));
    auto progress_text = [&](const ChecklistProgress& p) {
      return p.total ? "  ·  " + trf("events.checklist_progress", lang, {std::to_string(p.done), std::to_string(p.total)})
                     : std::string();
    };
    if (!coming_.empty()) {
      ImGui::Spacing();
      ImGui::TextDisabled("%s (%zu)", T(app, "dashboard.section.coming_events"), coming_.size());
      std::size_t shown = 0;
      for (std::size_t i : coming_) {
        if (shown++ == kShown && !show_all_events_) {
          if (ImGui::SmallButton((std::string(T(app, "dashboard.show_all")) + "###dashboard.more.events").c_str()))
            show_all_events_ = true;
          break;
        }
        const Event& e = d.events[i];
        const ChecklistProgress p = checklist_progress(e);
        const bool late = !p.finished() && e.starts_at.substr(0, 10) <= soon;
        const std::string text = e.starts_at.substr(0, 10) + " " + event_time_range(e) + "  " + e.title + "  ·  " +
                                 enum_label(app, e.kind) + progress_text(p);
        ImGui::PushStyleColor(ImGuiCol_Text, level_colour(late ? Due::amber : Due::none));
        if (ImGui::Selectable((text + "###dashboard.event." + std::to_string(e.id)).c_str())) app.open_event(e.id);
        ImGui::PopStyleColor();
        drawn_events_.push_back({{"id", e.id}, {"title", e.title}, {"starts_at", e.starts_at}, {"done", p.done}, {"total", p.total}});
      }
    }
    if (!unfinished_.empty()) {
      ImGui::Spacing();
      ImGui::TextDisabled("%s (%zu)", T(app, "dashboard.section.checklists"), unfinished_.size());
      for (std::size_t i : unfinished_) {
        const Event& e = d.events[i];
        const ChecklistProgress p = checklist_progress(e);
        std::string next;
        for (const ChecklistItem& c : e.checklist)
          if (!c.done) {
            next = c.text;
            break;
          }
        const std::string text = trf("dashboard.checklist_next", lang,
                                     {e.title, next, std::to_string(p.total - p.done), e.starts_at.substr(0, 10)});
        ImGui::PushStyleColor(ImGuiCol_Text, level_colour(e.starts_at.substr(0, 10) <= soon ? Due::amber : Due::none));
        if (ImGui::Selectable((text + "###dashboard.checklist." + std::to_string(e.id)).c_str())) app.open_event(e.id);
        ImGui::PopStyleColor();
        drawn_checklists_.push_back({{"id", e.id}, {"title", e.title}, {"starts_at", e.starts_at}, {"done", p.done},
                                     {"total", p.total}, {"next", next}});
      }
    }
  }

  // Referrals that have had no news: a click opens the case at the referral.
  void draw_silences(App& app) {
    drawn_news_.clear();
    if (silences_.empty()) return;
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    ImGui::Spacing();
    const std::string title = std::string(T(app, "dashboard.section.no_news")) + " (" + std::to_string(silences_.size()) + ")";
    ImGui::TextDisabled("%s", title.c_str());
    std::size_t shown = 0;
    for (const Silence& s : silences_) {
      if (shown == kShown && !show_all_news_) {
        if (ImGui::SmallButton((std::string(T(app, "dashboard.show_all")) + "###dashboard.more.referrals").c_str())) show_all_news_ = true;
        break;
      }
      ++shown;
      const Referral& r = d.referrals[s.referral];
      const Case* c = find_record<Case>(d, r.case_id);
      const Partner* p = find_record<Partner>(d, r.partner_id);
      // Out: "client → partner"; in: "partner → client"; a draft was never sent at all.
      const char* key = r.status == ReferralStatus::draft ? "dashboard.not_sent"
                        : r.direction == Direction::in     ? (s.long_silence ? "dashboard.no_news_in_long" : "dashboard.no_news_in")
                                                           : (s.long_silence ? "dashboard.no_news_long" : "dashboard.no_news");
      const std::string text = trf(key, lang,
                                   {c ? c->alias : "?", p ? p->name : "?", std::to_string(s.business_days),
                                    std::string(enum_label(app, r.status))});
      ImGui::PushStyleColor(ImGuiCol_Text, level_colour(s.long_silence ? Due::red : Due::amber));
      if (ImGui::Selectable((text + "###dashboard.referral." + std::to_string(r.id)).c_str())) app.open_case(r.case_id, r.id);
      ImGui::PopStyleColor();
      drawn_news_.push_back({{"referral_id", r.id}, {"case_id", r.case_id}, {"partner_id", r.partner_id},
                             {"business_days", s.business_days}, {"long", s.long_silence}});
    }
  }

  void draw_section(App& app, TodayItem::What what) {
    const std::size_t w = static_cast<std::size_t>(what);
    if (counts_[w] == 0) return;
    ImGui::Spacing();
    const std::string title = std::string(T(app, (std::string("dashboard.section.") + kWhatCodes[w]).c_str())) + " (" +
                              std::to_string(counts_[w]) + ")";
    ImGui::TextDisabled("%s", title.c_str());
    const Document& d = app.doc();
    std::size_t shown = 0;
    for (const TodayItem& item : items_) {
      if (item.what != what) continue;
      if (shown == kShown && !show_all_[w]) {
        const std::string more = std::string(T(app, "dashboard.show_all")) + "###dashboard.more." + kWhatCodes[w];
        if (ImGui::SmallButton(more.c_str())) show_all_[w] = true;
        break;
      }
      ++shown;
      const Partner& p = d.partners[item.partner];
      const std::string& text = p.name;
      std::string when = item.date.empty() ? T(app, "touch.never") : item.date;
      if (what == TodayItem::What::agreement_expiring) when = trf("dashboard.agreement_ends", app.settings().lang, {item.date});
      const std::string label = when + "  " + text + "###dashboard.today." + kWhatCodes[w] + "." + std::to_string(item.record);
      ImGui::PushStyleColor(ImGuiCol_Text, level_colour(item.level));
      if (ImGui::Selectable(label.c_str())) app.open_partner(p.id);
      ImGui::PopStyleColor();
      drawn_.push_back({{"what", kWhatCodes[w]},
                        {"partner", p.name},
                        {"partner_id", p.id},
                        {"date", item.date},
                        {"level", kDueCodes[static_cast<std::size_t>(item.level)]}});
    }
  }

  Directory directory_;
  std::vector<TodayItem> items_;
  std::array<std::size_t, kWhats> counts_{};
  std::array<bool, kWhats> show_all_{};
  std::vector<std::size_t> coming_, unfinished_;
  nlohmann::json drawn_events_ = nlohmann::json::array(), drawn_checklists_ = nlohmann::json::array();
  bool show_all_events_ = false;
  DateTime now_{};
  std::vector<nlohmann::json> drawn_;
  std::vector<Silence> silences_;
  ClientStats stats_;
  std::vector<nlohmann::json> drawn_news_;
  bool show_all_news_ = false;
  std::uint64_t revision_ = 0;
  Date today_{};
  bool cached_ = false;
};

}  // namespace

std::unique_ptr<View> make_dashboard_view() { return std::make_unique<DashboardView>(); }

}  // namespace kolo::ui
