// Events: joint seminars, webinars, workshops, master classes, parent meetings and working
// meetings with partners (seeds 000 and 002): a list, a month and a week calendar, the event
// editor, what events brought (effectiveness), and calendar files (core/ics.hpp).
//
// The open event is edited as a draft: Save, opening another event, changing the mode or
// exporting applies it as one undoable step (cmd.add_event / cmd.edit_event); Delete asks once
// more. A new event takes the preparation checklist of its kind (core/events.hpp,
// checklist_template); changing the kind swaps it while it is untouched.
//
// Widget ids. Bar: events.mode.list|month|week|effect, events.prev, events.today, events.next,
//   events.new, events.export_coming, events.export_follow_ups.
// Month and week: events.day.<YYYY-MM-DD> (the day's number: the day new events start on),
//   events.cal.<event id>.<YYYY-MM-DD> (an event on that day: opens it).
// List: events.show (choices events.show.coming|past|all), events.row.<event id>.
// Effectiveness: events.period (choices events.period.all|year|quarter), effect.partner.<id>
//   (opens the partner).
// Editor: event.title, event.kind (choices event_kind.<value>), event.status (choices
//   event_status.<value>), event.date (YYYY-MM-DD), event.time (HH:MM), event.duration
//   (minutes), event.zone (choices event.zone.<IANA name>), event.place, event.audience,
//   event.partner.<id>.<role> (a role checkbox of a partner taking part; role: host, co_host,
//   venue, audience), event.partner_search, event.add_role (choices event.add_role.<role>),
//   event.add_partner.<id>, event.expected, event.attendance, event.contacts_met, event.leads,
//   event.prep_hours, event.check.<i> (done), event.check.<i>.text, event.check.<i>.remove,
//   event.check.new, event.check.add, event.template.apply, event.template.save,
//   event.template.reset, event.referral.<id>.remove, event.attribute.<referral id>,
//   event.notes, event.save, event.close, event.discard (back to what is saved; a new event
//   is dropped), event.export, event.delete (then
//   event.delete.confirm or event.delete.cancel).
// State: events (see add_state; tests/README.md lists every field).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/i18n.hpp"
#include "core/ics.hpp"
#include "core/letter.hpp"
#include "core/partners.hpp"
#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

const ImVec4 kRed(0.75f, 0.1f, 0.1f, 1), kAmber(0.72f, 0.42f, 0.0f, 1), kGreen(0.15f, 0.5f, 0.25f, 1);
const ImVec4 kToday(0.16f, 0.42f, 0.75f, 1);
constexpr const char* kModeCodes[] = {"list", "month", "week", "effect"};
constexpr int kModes = 4;
constexpr const char* kShowCodes[] = {"coming", "past", "all"};
constexpr const char* kPeriodCodes[] = {"all", "year", "quarter"};
constexpr int kPerCell = 3;            // events shown in a month cell, then "+N"
constexpr std::size_t kOffered = 8;    // partners and referrals offered per search
constexpr int kFollowUpDays = kComingEventDays;

std::string sid(const char* prefix, Id id) { return std::string(prefix) + std::to_string(id); }

// "HH:MM" with a real hour and minute.
bool valid_clock(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (int i : {0, 1, 3, 4})
    if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9') return false;
  return std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3, 2)) < 60;
}

// A UID no other event anywhere will have: random bits, and the id for the reader.
std::string new_uid(Id id) {
  std::random_device rd;
  char buf[64];
  std::snprintf(buf, sizeof buf, "kolo-%08x%08x-%lld", rd(), rd(), static_cast<long long>(id));
  return buf;
}

ImVec4 status_colour(EventStatus s) {
  if (s == EventStatus::done) return kGreen;
  if (s == EventStatus::cancelled) return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  if (s == EventStatus::idea) return kAmber;
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void heading(const std::string& text) { heading_text(text.c_str()); }

std::string hours_text(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", minutes / 60.0);
  return buf;
}

class EventsView final : public View {
 public:
  EventsView() : View("events", "view.events") {}
  bool has_open_draft(const App& app) const override {
    if (!draft_) return false;
    const Event* saved = find_record<Event>(app.doc(), draft_->id);
    return !saved || !(*saved == *draft_);
  }

  Id open_record() const override { return draft_ ? draft_->id : 0; }
  bool close_record(App& app) override {
    if (!leave(app)) return false;
    draft_.reset();
    return true;
  }
  std::string open_record_title(const App&) const override { return draft_ ? draft_->title : ""; }

  void draw(App& app) override {
    // The platform's clock is asked once a frame (in the browser it is a call into JavaScript):
    // the month grid asks "is this today?" of 42 days and "whose zone?" of every event drawn.
    const LocalTime clock = app.host().local_now();
    frame_now_ = clock.local;
    frame_zone_ = clock.zone;
    if (!cursor_set_) {
      cursor_ = app.today();
      cursor_set_ = true;
    }
    if (Id want = app.take_event_request()) open_event(app, want);
    const Document& d = app.doc();
    if (d.events.empty() && !draft_) {
      empty_state(app, "events.empty.title", "events.empty.body");
      if (ImGui::Button(L(app, "events.new", "events.new").c_str())) new_event(app);
      ImGui::SameLine();
      if (ImGui::Button(L(app, "events.export_follow_ups", "events.export_follow_ups").c_str())) export_follow_ups(app);
      if (!bar_error_.empty()) ImGui::TextColored(kRed, "%s", bar_error_.c_str());
      if (!notice_.empty()) ImGui::TextColored(kGreen, "%s", notice_.c_str());
      return;
    }
    refresh(app);
    draw_bar(app);
    if (!bar_error_.empty()) ImGui::TextColored(kRed, "%s", bar_error_.c_str());
    const float avail = ImGui::GetContentRegionAvail().x;
    const float left = draft_ ? std::max(avail * 0.5f, std::min(avail, 420.0f)) : avail;
    ImGui::BeginChild("calendar###events.main", ImVec2(draft_ ? left : 0, 0), false);
    switch (mode_) {
      case 0: draw_list(app); break;
      case 1: draw_month(app); break;
      case 2: draw_week(app); break;
      default: draw_effect(app); break;
    }
    ImGui::EndChild();
    if (draft_) {
      ImGui::SameLine();
      ImGui::BeginChild("event###events.editor", ImVec2(0, 0), true);
      draw_editor(app);
      ImGui::EndChild();
    }
    // Opened after drawing: saving the open draft may insert into the document's events, which
    // the rows above hold references and indices into.
    if (Id want = std::exchange(pending_open_, 0)) open_event(app, want);
  }

  void on_document_replaced(App&) override {
    draft_.reset();
    revision_ = ~0ull;
    directory_.invalidate();
  }

  void add_state(nlohmann::json& state) const override;

 private:
  // ---- per revision --------------------------------------------------------------------------
  void refresh(App& app) {
    const DateTime now = frame_now_;
    const std::uint64_t rev = app.store().revision();
    const Lang lang = app.settings().lang;
    if (rev == revision_ && now.date == now_.date && now.hour == now_.hour && now.minute == now_.minute &&
        cursor_ == cached_cursor_ && lang == cached_lang_ && period_ == cached_period_)
      return;
    revision_ = rev, now_ = now, cached_cursor_ = cursor_, cached_lang_ = lang, cached_period_ = period_;
    const Document& d = app.doc();
    grid_ = month_grid(cursor_, lang);
    const std::array<Date, 7> week = week_days(cursor_, lang);
    week_.assign(week.begin(), week.end());
    month_events_ = events_by_day(d, grid_.front(), static_cast<int>(grid_.size()));
    week_events_ = events_by_day(d, week_.front(), 7);
    std::optional<Date> from;
    if (period_ == 1) from = add_months(now.date, -12);
    if (period_ == 2) from = add_months(now.date, -3);
    effect_ = effectiveness(d, from, period_ == 0 ? std::nullopt : std::optional<Date>(now.date));
  }

  // ---- the bar -------------------------------------------------------------------------------
  void draw_bar(App& app) {
    const Lang lang = app.settings().lang;
    for (int i = 0; i < kModes; ++i) {
      if (i) ImGui::SameLine(0, 2);
      const bool on = mode_ == i;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      const std::string code = std::string("events.mode.") + kModeCodes[i];
      if (ImGui::Button(L(app, code.c_str(), code.c_str()).c_str()) && !on && leave(app)) {
        mode_ = i;
        revision_ = ~0ull;
      }
      if (on) ImGui::PopStyleColor();
    }
    if (mode_ == 1 || mode_ == 2) {
      ImGui::SameLine(0, 24);
      if (ImGui::Button("<###events.prev")) step(-1);
      ImGui::SameLine();
      if (ImGui::Button(L(app, "events.today", "events.today").c_str())) cursor_ = app.today();
      ImGui::SameLine();
      if (ImGui::Button(">###events.next")) step(1);
      ImGui::SameLine(0, 16);
      heading(mode_ == 1 ? month_title(lang) : week_title(lang));
    }
    ImGui::SameLine(0, 24);
    if (ImGui::Button(L(app, "events.new", "events.new").c_str())) new_event(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.export_coming", "events.export_coming").c_str())) export_coming(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.export_follow_ups", "events.export_follow_ups").c_str())) export_follow_ups(app);
    if (!notice_.empty()) ImGui::TextColored(kGreen, "%s", notice_.c_str());
  }

  void step(int direction) {
    cursor_ = mode_ == 1 ? add_months(start_of_month(cursor_), direction) : add_weeks(cursor_, direction);
  }

  std::string month_title(Lang lang) const {
    return std::string(tr("events.month." + std::to_string(cursor_.month), lang)) + " " + std::to_string(cursor_.year);
  }
  std::string week_title(Lang lang) const {
    const Date a = week_.empty() ? cursor_ : week_.front(), b = week_.empty() ? cursor_ : week_.back();
    return trf("events.week_title", lang, {long_date(format_date(a), lang), long_date(format_date(b), lang),
                                           std::to_string(iso_week(a).week)});
  }

  // ---- calendars -----------------------------------------------------------------------------
  // An event as one selectable line: "15:30 Title" (its zone named when not the user's).
  void event_line(App& app, const Event& e, Date day, bool with_range) {
    const Lang lang = app.settings().lang;
    std::string text;
    if (std::optional<DateTime> s = event_start(e)) {
      if (s->date == day) text = with_range ? event_time_range(e) : format_clock(*s);
      else text = T(app, "events.continues");
    }
    text += " " + e.title;
    if (!e.time_zone.empty() && !frame_zone_.empty() && e.time_zone != frame_zone_ &&
        !(e.time_zone == "Europe/Kyiv" && frame_zone_ == "Europe/Kiev"))
      text += " (" + e.time_zone + ")";
    ImGui::PushStyleColor(ImGuiCol_Text, status_colour(e.status));
    const bool open = draft_ && draft_->id == e.id;
    const std::string id = "###events.cal." + std::to_string(e.id) + "." + format_date(day);
    if (ImGui::Selectable((text + id).c_str(), open)) pending_open_ = e.id;
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", (std::string(enum_label(app, e.kind)) + " · " + enum_label(app, e.status) + "\n" +
                               e.place_or_link).c_str());
    (void)lang;
  }

  // The day's number, marked when it is today; a click makes it the day new events start on.
  void day_button(Date day, bool dim) {
    const bool today = day == frame_now_.date;
    const bool chosen = day == cursor_;
    if (today) ImGui::PushStyleColor(ImGuiCol_Button, kToday);
    else if (!chosen) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (dim) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    else if (today) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const std::string label = std::to_string(day.day) + "###events.day." + format_date(day);
    if (ImGui::SmallButton(label.c_str())) cursor_ = day;
    if (dim || today) ImGui::PopStyleColor();
    if (today || !chosen) ImGui::PopStyleColor();
  }

  void weekday_headers(App& app, const std::vector<Date>& days, bool with_dates) {
    for (std::size_t i = 0; i < 7 && i < days.size(); ++i) {
      ImGui::TableNextColumn();
      std::string name = T(app, ("events.wd." + std::to_string(static_cast<int>(weekday(days[i])))).c_str());
      if (with_dates) name += " " + std::to_string(days[i].day);
      if (with_dates && days[i] == frame_now_.date) ImGui::TextColored(kToday, "%s", name.c_str());
      else ImGui::TextDisabled("%s", name.c_str());
    }
  }

  void draw_month(App& app) {
    const Document& d = app.doc();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("month###events.month", 7, flags)) return;
    weekday_headers(app, grid_, false);
    const float cell = ImGui::GetTextLineHeightWithSpacing() * (kPerCell + 1.6f);
    for (std::size_t i = 0; i < grid_.size(); ++i) {
      if (i % 7 == 0) ImGui::TableNextRow(0, cell);
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      day_button(grid_[i], grid_[i].month != cursor_.month);
      const std::vector<std::size_t>& list = month_events_[i];
      for (std::size_t k = 0; k < list.size() && k < static_cast<std::size_t>(kPerCell); ++k)
        event_line(app, d.events[list[k]], grid_[i], false);
      if (list.size() > static_cast<std::size_t>(kPerCell)) {
        ImGui::TextDisabled("+%zu", list.size() - kPerCell);
        if (ImGui::IsItemClicked()) {  // the whole day in the week view
          cursor_ = grid_[i];
          mode_ = 2;
        }
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  void draw_week(App& app) {
    const Document& d = app.doc();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("week###events.week", 7, flags)) return;
    weekday_headers(app, week_, true);
    ImGui::TableNextRow(0, ImGui::GetTextLineHeightWithSpacing() * 8);
    for (std::size_t i = 0; i < 7; ++i) {
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      day_button(week_[i], false);
      for (std::size_t e : week_events_[i]) event_line(app, d.events[e], week_[i], true);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  // ---- the list ------------------------------------------------------------------------------
  void draw_list(App& app) {
    const Document& d = app.doc();
    ImGui::SetNextItemWidth(220);
    const std::string preview = T(app, (std::string("events.show.") + kShowCodes[show_]).c_str());
    if (begin_combo("##show###events.show", preview.c_str())) {
      for (int i = 0; i < 3; ++i) {
        const std::string choice = std::string(T(app, (std::string("events.show.") + kShowCodes[i]).c_str())) +
                                   "###events.show." + kShowCodes[i];
        if (ImGui::Selectable(choice.c_str(), show_ == i)) show_ = i;
      }
      ImGui::EndCombo();
    }
    // The rows are worked out per revision, choice and minute (refresh keeps now_), not per frame.
    if (list_revision_ != revision_ || list_show_ != show_ || list_now_ != now_) {
      list_revision_ = revision_, list_show_ = show_, list_now_ = now_;
      list_rows_.clear();
      for (std::size_t i = 0; i < d.events.size(); ++i) {
        const Event& e = d.events[i];
        const std::optional<DateTime> end = event_end(e);
        const bool past = !is_open_event(e) || (end && *end < now_);
        if ((show_ == 0 && past) || (show_ == 1 && !past)) continue;
        list_rows_.push_back(i);
      }
      // Coming: soonest first, the undated ideas last; past: latest first.
      std::stable_sort(list_rows_.begin(), list_rows_.end(), [&](std::size_t a, std::size_t b) {
        const std::string& x = d.events[a].starts_at;
        const std::string& y = d.events[b].starts_at;
        if (x.empty() != y.empty()) return y.empty();
        return show_ == 0 ? x < y : x > y;
      });
    }
    if (list_rows_.empty()) ImGui::TextDisabled("%s", T(app, "events.none_shown"));
    // Only the rows on screen are drawn (two lines each).
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list_rows_.size()));
    while (clipper.Step())
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) draw_list_row(app, list_rows_[static_cast<std::size_t>(row)]);
  }

  void draw_list_row(App& app, std::size_t i) {
    const Lang lang = app.settings().lang;
    const Event& e = app.doc().events[i];
    std::string when = e.starts_at.empty() ? T(app, "events.not_dated") : e.starts_at.substr(0, 10) + " " + event_time_range(e);
    const ChecklistProgress p = checklist_progress(e);
    std::string sub = std::string(enum_label(app, e.kind)) + " · " + enum_label(app, e.status);
    if (p.total) sub += " · " + trf("events.checklist_progress", lang, {std::to_string(p.done), std::to_string(p.total)});
    const std::size_t partners = event_partner_ids(e).size();
    if (partners) sub += " · " + trf("events.partners_count", lang, {std::to_string(partners)});
    ImGui::PushStyleColor(ImGuiCol_Text, status_colour(e.status));
    const bool open = draft_ && draft_->id == e.id;
    if (ImGui::Selectable((when + "  " + e.title + "\n" + sub + "###" + sid("events.row.", e.id)).c_str(), open, 0,
                          ImVec2(0, ImGui::GetTextLineHeight() * 2)))
      pending_open_ = e.id;
    ImGui::PopStyleColor();
  }

  // ---- effectiveness -------------------------------------------------------------------------
  void yield_cells(const Yield& y) {
    for (int v : {y.events, y.attendance, y.contacts, y.leads, y.referrals}) {
      ImGui::TableNextColumn();
      ImGui::Text("%d", v);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(hours_text(y.minutes).c_str());
  }

  void yield_headers(App& app, const char* first_key) {
    ImGui::TableSetupColumn(T(app, first_key), ImGuiTableColumnFlags_WidthStretch);
    for (const char* key : {"events.col.events", "events.col.attendance", "events.col.contacts", "events.col.leads",
                            "events.col.referrals", "events.col.hours"})
      ImGui::TableSetupColumn(T(app, key), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
  }

  void draw_effect(App& app) {
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    ImGui::SetNextItemWidth(260);
    const std::string preview = T(app, (std::string("events.period.") + kPeriodCodes[period_]).c_str());
    if (begin_combo("##period###events.period", preview.c_str())) {
      for (int i = 0; i < 3; ++i) {
        const std::string choice = std::string(T(app, (std::string("events.period.") + kPeriodCodes[i]).c_str())) +
                                   "###events.period." + kPeriodCodes[i];
        if (ImGui::Selectable(choice.c_str(), period_ == i)) period_ = i;
      }
      ImGui::EndCombo();
    }
    const Yield& t = effect_.total;
    wrapped_text(trf("events.effect.summary", lang,
                                 {std::to_string(t.events), std::to_string(t.contacts), std::to_string(t.leads),
                                  std::to_string(t.referrals), hours_text(t.minutes)}).c_str());
    if (t.events == 0) {
      ImGui::TextDisabled("%s", T(app, "events.effect.none"));
      return;
    }
    if (t.referrals > 0)
      ImGui::TextDisabled("%s", trf("events.effect.per_referral", lang, {hours_text(t.minutes / t.referrals)}).c_str());
    section_title(T(app, "events.effect.by_kind"));
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
    if (ImGui::BeginTable("by_kind###effect.by_kind", 7, flags)) {
      yield_headers(app, "events.col.kind");
      for (const KindYield& k : effect_.by_kind) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(enum_label(app, k.kind));
        yield_cells(k.yield);
      }
      ImGui::EndTable();
    }
    section_title(T(app, "events.effect.by_partner"));
    if (ImGui::BeginTable("by_partner###effect.by_partner", 7, flags)) {
      yield_headers(app, "events.col.partner");
      for (const PartnerYield& p : effect_.by_partner) {
        const Partner* partner = find_record<Partner>(d, p.partner);
        if (!partner) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (ImGui::Selectable((partner->name + "###" + sid("effect.partner.", p.partner)).c_str())) app.open_partner(p.partner);
        yield_cells(p.yield);
      }
      ImGui::EndTable();
    }
  }

  // ---- opening, saving -----------------------------------------------------------------------
  void load_draft(const Event& e) {
    draft_ = e;
    original_ = e;
    date_text_ = e.starts_at.size() >= 10 ? e.starts_at.substr(0, 10) : "";
    time_text_ = e.starts_at.size() >= 16 ? e.starts_at.substr(11, 5) : "";
    prep_hours_ = static_cast<float>(e.prep_minutes) / 60.0f;
    error_.clear();
    confirm_delete_ = false;
    partner_search_.clear();
    new_item_.clear();
  }

  void open_event(App& app, Id id) {
    if (draft_ && draft_->id == id) return;
    if (!leave(app)) return;
    const Event* e = find_record<Event>(app.doc(), id);
    if (!e) return;
    load_draft(*e);
    if (std::optional<DateTime> s = event_start(*e)) cursor_ = s->date;
  }

  void new_event(App& app) {
    if (!leave(app)) return;
    Event e;
    e.status = EventStatus::planned;
    e.starts_at = format_date(cursor_) + "T15:00";
    const std::string zone = app.local_zone();
    if (const ZoneInfo* z = find_zone(zone)) e.time_zone = std::string(z->name);
    e.checklist = checklist_from(checklist_template(e.kind, profile(app), app.settings().lang));
    load_draft(e);
  }

  static const Profile* profile(const App& app) {
    return app.doc().profiles.empty() ? nullptr : &app.doc().profiles.front();
  }

  // The draft as it would be stored; false (and why, when asked) when the date or time is not
  // one. Partners and referrals deleted meanwhile (another view, another tab, an undo) are left
  // out, so a draft never holds a reference the store would refuse.
  bool assemble(App& app, Event* out, std::string* why = nullptr) {
    Event e = *draft_;
    const Document& d = app.doc();
    for (std::vector<Id>* list : role_lists(e))
      list->erase(std::remove_if(list->begin(), list->end(), [&](Id id) { return !find_record<Partner>(d, id); }), list->end());
    e.referral_ids.erase(std::remove_if(e.referral_ids.begin(), e.referral_ids.end(),
                                        [&](Id id) { return !find_record<Referral>(d, id); }),
                         e.referral_ids.end());
    const bool no_date = is_blank(date_text_), no_time = is_blank(time_text_);
    if (no_date && no_time) {
      e.starts_at.clear();
    } else if (!parse_date(trim_space(date_text_))) {
      if (why) *why = T(app, "events.err.date");
      return false;
    } else if (!valid_clock(trim_space(time_text_))) {
      if (why) *why = T(app, "events.err.time");
      return false;
    } else {
      e.starts_at = trim_space(date_text_) + "T" + trim_space(time_text_);
    }
    e.prep_minutes = std::clamp(static_cast<int>(std::lround(prep_hours_ * 60.0f)), 0, kMaxEventMinutes);
    *out = std::move(e);
    return true;
  }

  // Applies the draft when it differs from what is stored; false when refused (the message is
  // shown and the draft stays as typed).
  bool save(App& app) {
    if (!draft_) return true;
    Event e;
    if (!assemble(app, &e, &error_)) return false;
    if (e.id != 0 && e == original_) {
      error_.clear();
      return true;
    }
    if (e.id == 0 && untouched_new()) return true;  // nothing typed yet: nothing to keep
    if (is_blank(e.title)) {
      error_ = T(app, "events.err.title");
      return false;
    }
    const bool is_new = e.id == 0;
    if (is_new) {
      e.id = app.reserve_ids(1);
      if (e.uid.empty()) e.uid = new_uid(e.id);  // an event undone and saved again keeps its UID
    }
    Command put = put_command(e);
    put.name_key = is_new ? "cmd.add_event" : "cmd.edit_event";
    if (std::optional<Error> err = app.apply(std::move(put))) {
      error_ = describe(*err, app.settings().lang);
      return false;
    }
    const std::string date = date_text_, time = time_text_;
    load_draft(e);
    date_text_ = date, time_text_ = time;
    return true;
  }

  // A new event nothing was typed into yet: leaving drops it.
  bool untouched_new() const {
    return draft_ && draft_->id == 0 && *draft_ == original_ && original_.starts_at == draft_start();
  }
  std::string draft_start() const {
    if (is_blank(date_text_) && is_blank(time_text_)) return "";
    return trim_space(date_text_) + "T" + trim_space(time_text_);
  }

  bool leave(App& app) {
    bar_error_.clear();
    if (untouched_new()) {
      draft_.reset();
      return true;
    }
    if (save(app)) return true;
    bar_error_ = error_;
    return false;
  }

  void download(App& app, const std::string& name, const std::string& bytes) {
    app.host().download(name, "text/calendar", bytes);
    last_export_ = name;
    notice_ = trf("events.exported", app.settings().lang, {name});
  }

  IcsOptions ics_options(App& app, const char* name_key) const {
    IcsOptions o;
    const LocalTime local = app.host().local_now();
    o.now_utc = datetime_from_unix(unix_seconds(local));
    o.lang = app.settings().lang;
    o.calendar_name = T(app, name_key);
    return o;
  }

  void export_coming(App& app) {
    if (!leave(app)) return;
    std::vector<std::size_t> coming = coming_events(app.doc(), app.local_now(), 3660);
    // Cancelled ones too, while they would still be coming: re-importing tells the calendar.
    for (std::size_t i = 0; i < app.doc().events.size(); ++i) {
      const Event& e = app.doc().events[i];
      if (e.status != EventStatus::cancelled) continue;
      const std::optional<DateTime> end = event_end(e);
      if (end && *end >= app.local_now()) coming.push_back(i);
    }
    last_export_count_ = coming.size();
    if (coming.empty()) {
      notice_.clear();
      bar_error_ = T(app, "events.export_nothing");
      return;
    }
    download(app, "kolo-events.ics", ics_for_events(app.doc(), coming, ics_options(app, "events.calendar_name")));
  }

  void export_follow_ups(App& app) {
    const Date today = app.today();
    directory_.refresh(app.doc(), app.store().index(), app.store().revision(), today);
    std::vector<FollowUpEntry> entries;
    const std::string last = format_date(add_days(today, kFollowUpDays));
    for (std::size_t i = 0; i < app.doc().partners.size(); ++i) {
      const TouchStatus& t = directory_.facts(i).touch;
      if (t.level == Due::none) continue;
      const bool overdue = t.level == Due::amber || t.level == Due::red;
      std::string day = t.due.empty() || overdue ? format_date(today) : t.due;
      if (day > last) continue;
      entries.push_back(FollowUpEntry{app.doc().partners[i].id, day, overdue});
    }
    last_export_count_ = entries.size();
    if (entries.empty()) {
      notice_.clear();
      bar_error_ = T(app, "events.export_nothing_due");
      return;
    }
    bar_error_.clear();
    download(app, "kolo-follow-ups.ics", ics_for_follow_ups(app.doc(), entries, ics_options(app, "events.follow_ups_name")));
  }

  void export_one(App& app) {
    if (!save(app)) return;
    const std::ptrdiff_t i = index_of(app.doc().events, draft_->id);
    if (i < 0) return;
    const Event& e = app.doc().events[static_cast<std::size_t>(i)];
    if (e.starts_at.empty()) {
      error_ = T(app, "events.export_undated");
      return;
    }
    last_export_count_ = 1;
    download(app, ics_file_name(e), ics_for_events(app.doc(), {static_cast<std::size_t>(i)}, ics_options(app, "events.calendar_name")));
  }

  // ---- the editor ----------------------------------------------------------------------------
  void draw_editor(App& app) {
    Event& e = *draft_;
    const Lang lang = app.settings().lang;
    // Undone, redone or changed by another tab under an untouched draft: follow the store.
    if (e.id != 0) {
      const Event* stored = find_record<Event>(app.doc(), e.id);
      Event now;
      const bool untouched = assemble(app, &now) && now == original_;
      if (!stored) {
        // Undone or deleted elsewhere: an untouched draft goes with it; what was typed since
        // stays, as a new event Save would add again (with the same calendar UID).
        if (untouched) {
          draft_.reset();
          return;
        }
        e.id = 0;
        original_ = Event{};
        notice_ = T(app, "events.draft_kept");
      } else if (*stored != original_) {
        if (untouched) load_draft(*stored);
        else original_ = *stored;  // what the user typed stays; Save writes it over the change
      }
    }
    heading(e.id == 0 ? T(app, "events.new_event") : (is_blank(e.title) ? T(app, "events.untitled") : e.title.c_str()));
    const float footer = ImGui::GetFrameHeightWithSpacing() * (confirm_delete_ ? 3.2f : 1.6f) +
                         (error_.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 2);
    ImGui::BeginChild("form###event.form", ImVec2(0, -footer));
    draw_fields(app, e, lang);
    ImGui::EndChild();
    if (!error_.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kRed);
      wrapped_text(error_.c_str());
      ImGui::PopStyleColor();
    }
    if (ImGui::Button(L(app, "events.save", "event.save").c_str())) save(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.close", "event.close").c_str()) && (untouched_new() || save(app))) draft_.reset();
    if (!draft_) return;
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.discard", "event.discard").c_str())) {
      const Event* stored = draft_->id ? find_record<Event>(app.doc(), draft_->id) : nullptr;
      if (stored) load_draft(*stored);
      else draft_.reset();
      return;
    }
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.export_one", "event.export").c_str())) export_one(app);
    if (draft_->id != 0) {
      ImGui::SameLine();
      if (ImGui::Button(L(app, "events.delete", "event.delete").c_str())) confirm_delete_ = true;
      if (confirm_delete_) {
        ImGui::TextColored(kRed, "%s", T(app, "events.delete.ask"));
        if (ImGui::Button(L(app, "events.delete.confirm", "event.delete.confirm").c_str())) {
          if (std::optional<Error> err = app.apply(delete_command(Table::events, draft_->id)))
            error_ = describe(*err, lang);
          else
            draft_.reset();
          confirm_delete_ = false;
          return;
        }
        ImGui::SameLine();
        if (ImGui::Button(L(app, "dialog.cancel", "event.delete.cancel").c_str())) confirm_delete_ = false;
      }
    }
  }

  void draw_fields(App& app, Event& e, Lang lang) {
    const float col = label_column(app, {"field.title", "field.kind", "field.status", "events.field.date",
                                         "events.field.duration", "events.field.zone", "field.place_or_link",
                                         "field.audience"});
    row_label(app, "field.title", col);
    input_string(app, "event.title", &e.title);
    row_label(app, "field.kind", col);
    const EventKind old_kind = e.kind;
    if (enum_filter(app, "event.kind", "event_kind", nullptr, nullptr, &e.kind, -1) && e.kind != old_kind) {
      // An untouched checklist follows the kind.
      if (e.checklist == checklist_from(checklist_template(old_kind, profile(app), lang)))
        e.checklist = checklist_from(checklist_template(e.kind, profile(app), lang));
    }
    row_label(app, "field.status", col);
    enum_filter(app, "event.status", "event_status", nullptr, nullptr, &e.status, -1);
    row_label(app, "events.field.date", col);
    input_string(app, "event.date", &date_text_, 120);
    ImGui::SameLine();
    input_string(app, "event.time", &time_text_, 70);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", T(app, "events.date_hint"));
    row_label(app, "events.field.duration", col);
    input_number("event.duration", &e.duration_minutes, 0, kMaxEventMinutes, 100);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", T(app, "events.minutes"));
    row_label(app, "events.field.zone", col);
    ImGui::SetNextItemWidth(-1);
    if (begin_combo("##zone###event.zone", e.time_zone.c_str())) {
      for (const ZoneInfo& z : known_zones()) {
        const std::string choice = std::string(z.name) + "###event.zone." + std::string(z.name);
        if (ImGui::Selectable(choice.c_str(), e.time_zone == z.name)) e.time_zone = std::string(z.name);
      }
      ImGui::EndCombo();
    }
    row_label(app, "field.place_or_link", col);
    input_string(app, "event.place", &e.place_or_link);
    row_label(app, "field.audience", col);
    input_string(app, "event.audience", &e.audience);
    Event assembled;
    std::vector<std::string> warnings;
    if (assemble(app, &assembled)) warnings = event_warnings(assembled, frame_now_);
    for (const std::string& w : warnings) ImGui::TextColored(kAmber, "%s", T(app, w.c_str()));
    warnings_ = warnings;

    draw_partners(app, e);
    draw_checklist(app, e, lang);
    draw_outcomes(app, e, lang);
    section_title(T(app, "field.notes"));
    input_multiline(app, "event.notes", &e.notes, 80);
  }

  void draw_partners(App& app, Event& e) {
    const Document& d = app.doc();
    section_title(T(app, "events.section.partners"));
    const std::vector<Id> involved = event_partner_ids(e);
    if (involved.empty()) ImGui::TextDisabled("%s", T(app, "events.no_partners"));
    for (Id id : involved) {
      const Partner* p = find_record<Partner>(d, id);
      ImGui::TextUnformatted(p ? p->name.c_str() : "?");
      std::vector<EventRole> roles = roles_of(e, id);
      bool changed = false;
      for (EventRole r : all_values<EventRole>()) {
        bool on = std::find(roles.begin(), roles.end(), r) != roles.end();
        ImGui::SameLine();
        const std::string label = std::string(enum_label(app, r)) + "###event.partner." + std::to_string(id) + "." +
                                  std::string(to_string(r));
        if (ImGui::Checkbox(label.c_str(), &on)) {
          changed = true;
          if (on) roles.push_back(r);
          else roles.erase(std::find(roles.begin(), roles.end(), r));
        }
      }
      if (changed) e = with_roles(e, id, roles);
    }
    ImGui::TextDisabled("%s", T(app, "events.add_partner"));
    input_string(app, "event.partner_search", &partner_search_, ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::SameLine();
    enum_filter(app, "event.add_role", "event.add_role", nullptr, nullptr, &add_role_, -1);
    const std::string q = fold_name(partner_search_);
    if (q.empty()) return;
    std::size_t shown = 0;
    for (const Partner& p : d.partners) {
      if (shown == kOffered) break;
      if (std::find(involved.begin(), involved.end(), p.id) != involved.end()) continue;
      if (fold_name(p.name).find(q) == std::string::npos) continue;
      ++shown;
      if (ImGui::Selectable(("+ " + p.name + "###" + sid("event.add_partner.", p.id)).c_str())) {
        e = with_roles(e, p.id, {add_role_});
        partner_search_.clear();
        break;
      }
    }
    if (shown == 0) ImGui::TextDisabled("%s", T(app, "events.no_partner_found"));
  }

  void draw_checklist(App& app, Event& e, Lang lang) {
    const ChecklistProgress p = checklist_progress(e);
    section_title(p.total ? trf("events.section.checklist_n", lang, {std::to_string(p.done), std::to_string(p.total)}).c_str()
                    : T(app, "events.section.checklist"));
    int remove = -1;
    for (std::size_t i = 0; i < e.checklist.size(); ++i) {
      const std::string id = "event.check." + std::to_string(i);
      ImGui::Checkbox(("###" + id).c_str(), &e.checklist[i].done);
      ImGui::SameLine();
      input_string(app, (id + ".text").c_str(), &e.checklist[i].text, ImGui::GetContentRegionAvail().x - 40);
      ImGui::SameLine();
      if (ImGui::SmallButton(("x###" + id + ".remove").c_str())) remove = static_cast<int>(i);
    }
    if (remove >= 0) e.checklist.erase(e.checklist.begin() + remove);
    input_string(app, "event.check.new", &new_item_, ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.check.add", "event.check.add").c_str()) && !is_blank(new_item_)) {
      e.checklist.push_back(ChecklistItem{trim_space(new_item_), false});
      new_item_.clear();
    }
    if (ImGui::Button(L(app, "events.template.apply", "event.template.apply").c_str())) {
      for (const std::string& item : checklist_template(e.kind, profile(app), lang)) {
        const bool there = std::any_of(e.checklist.begin(), e.checklist.end(), [&](const ChecklistItem& c) { return c.text == item; });
        if (!there) e.checklist.push_back(ChecklistItem{item, false});
      }
    }
    ImGui::SameLine();
    if (ImGui::Button(L(app, "events.template.save", "event.template.save").c_str())) save_template(app, e, false);
    if (has_own_template(e.kind, profile(app))) {
      ImGui::SameLine();
      if (ImGui::Button(L(app, "events.template.reset", "event.template.reset").c_str())) save_template(app, e, true);
    }
  }

  // This checklist becomes the template for its kind (or the kind goes back to the built-in one).
  void save_template(App& app, const Event& e, bool reset) {
    std::vector<std::string> items;
    if (!reset)
      for (const ChecklistItem& c : e.checklist) items.push_back(c.text);
    Profile p = profile(app) ? *profile(app) : Profile{};
    if (p.id == 0) p.id = app.reserve_ids(1);
    p = with_template(std::move(p), e.kind, items);
    if (std::optional<Error> err = app.apply(put_command(p))) error_ = describe(*err, app.settings().lang);
    else notice_ = trf(reset ? "events.template.reset_done" : "events.template.saved", app.settings().lang,
                       {enum_label(app, e.kind)});
  }

  std::string referral_text(const App& app, const Referral& r) const {
    const Document& d = app.doc();
    const Partner* p = find_record<Partner>(d, r.partner_id);
    const Case* c = find_record<Case>(d, r.case_id);
    std::string text = r.direction == Direction::in ? "← " : "→ ";
    text += p ? p->name : "?";
    if (!r.history.empty()) text += ", " + r.history.front().date;
    if (c) text += " (" + c->alias + ")";
    return text;
  }

  void draw_outcomes(App& app, Event& e, Lang lang) {
    const Document& d = app.doc();
    section_title(T(app, "events.section.outcomes"));
    const float col = label_column(app, {"events.field.expected", "events.field.attendance", "events.field.contacts_met",
                                         "events.field.leads", "events.field.prep_hours"});
    row_label(app, "events.field.expected", col);
    input_number("event.expected", &e.expected_attendance, 0, kMaxCount, 100);
    row_label(app, "events.field.attendance", col);
    input_number("event.attendance", &e.attendance, 0, kMaxCount, 100);
    row_label(app, "events.field.contacts_met", col);
    input_number("event.contacts_met", &e.contacts_met, 0, kMaxCount, 100);
    row_label(app, "events.field.leads", col);
    input_number("event.leads", &e.leads, 0, kMaxCount, 100);
    row_label(app, "events.field.prep_hours", col);
    ImGui::SetNextItemWidth(100);
    ImGui::InputFloat("##prep###event.prep_hours", &prep_hours_, 0.0f, 0.0f, "%.1f");
    prep_hours_ = std::clamp(prep_hours_, 0.0f, kMaxEventMinutes / 60.0f);
    ImGui::TextDisabled("%s", trf("events.cost", lang, {hours_text(static_cast<int>(std::lround(prep_hours_ * 60)) + e.duration_minutes)}).c_str());
    ImGui::TextDisabled("%s", trf("events.referrals_attributed", lang, {std::to_string(e.referral_ids.size())}).c_str());
    Id drop = 0;
    for (Id id : e.referral_ids) {
      const Referral* r = find_record<Referral>(d, id);
      if (!r) continue;
      ImGui::TextUnformatted(referral_text(app, *r).c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton(("x###" + sid("event.referral.", id) + ".remove").c_str())) drop = id;
    }
    if (drop) e.referral_ids.erase(std::find(e.referral_ids.begin(), e.referral_ids.end(), drop));
    Event dated;
    if (!assemble(app, &dated)) return;
    // Worked out per revision and start, not per frame (it reads every referral).
    if (offer_revision_ != revision_ || offer_event_ != dated.id || offer_start_ != dated.starts_at) {
      offer_revision_ = revision_, offer_event_ = dated.id, offer_start_ = dated.starts_at;
      offer_ = attributable_referrals(d, dated);
    }
    std::size_t offered = 0;
    for (std::size_t i : offer_) {
      const Referral& r = d.referrals[i];
      if (std::find(e.referral_ids.begin(), e.referral_ids.end(), r.id) != e.referral_ids.end()) continue;
      if (offered++ == 0) ImGui::TextDisabled("%s", T(app, "events.attribute_hint"));
      if (offered > kOffered) break;
      if (ImGui::Selectable(("+ " + referral_text(app, r) + "###" + sid("event.attribute.", r.id)).c_str())) {
        e.referral_ids.push_back(r.id);
        break;
      }
    }
  }

  // ---- state ---------------------------------------------------------------------------------
  int mode_ = 1;
  int show_ = 0;
  int period_ = 0;
  Date cursor_{};
  bool cursor_set_ = false;
  std::optional<Event> draft_;
  Event original_;
  std::string date_text_, time_text_;
  float prep_hours_ = 0;
  std::string error_, bar_error_, notice_;
  std::vector<std::string> warnings_;
  bool confirm_delete_ = false;
  std::string partner_search_, new_item_;
  EventRole add_role_ = EventRole::co_host;
  std::string last_export_;
  std::size_t last_export_count_ = 0;
  std::vector<std::size_t> list_rows_;
  std::uint64_t list_revision_ = ~0ull, offer_revision_ = ~0ull;
  int list_show_ = -1;
  DateTime list_now_{};
  std::vector<std::size_t> offer_;  // referrals one may attribute to the open event
  Id offer_event_ = -1;
  std::string offer_start_;
  Id pending_open_ = 0;
  DateTime frame_now_{};    // the user's wall clock and zone, read once a frame
  std::string frame_zone_;
  Directory directory_;

  std::uint64_t revision_ = ~0ull;
  DateTime now_{};
  Date cached_cursor_{};
  Lang cached_lang_ = Lang::en;
  int cached_period_ = -1;
  std::vector<Date> grid_, week_;
  std::vector<std::vector<std::size_t>> month_events_, week_events_;
  Effectiveness effect_;
};

nlohmann::json yield_json(const Yield& y) {
  return {{"events", y.events},       {"attendance", y.attendance}, {"contacts", y.contacts},
          {"leads", y.leads},         {"referrals", y.referrals},   {"minutes", y.minutes}};
}

void EventsView::add_state(nlohmann::json& state) const {
  nlohmann::json s;
  s["mode"] = kModeCodes[mode_];
  s["cursor"] = format_date(cursor_);
  s["show"] = kShowCodes[show_];
  s["period"] = kPeriodCodes[period_];
  s["grid_first"] = grid_.empty() ? "" : format_date(grid_.front());
  s["grid_days"] = grid_.size();
  nlohmann::json week = nlohmann::json::array();
  for (Date day : week_) week.push_back(format_date(day));
  s["week"] = week;
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i : list_rows_) list.push_back(i);
  s["list_rows"] = list;  // indices into the document's events, as last drawn in the list
  s["error"] = error_.empty() ? bar_error_ : error_;
  s["notice"] = notice_;
  s["last_export"] = last_export_;
  s["last_export_count"] = last_export_count_;
  nlohmann::json effect;
  effect["total"] = yield_json(effect_.total);
  nlohmann::json kinds = nlohmann::json::array();
  for (const KindYield& k : effect_.by_kind) {
    nlohmann::json j = yield_json(k.yield);
    j["kind"] = std::string(to_string(k.kind));
    kinds.push_back(j);
  }
  effect["by_kind"] = kinds;
  nlohmann::json partners = nlohmann::json::array();
  for (const PartnerYield& p : effect_.by_partner) {
    nlohmann::json j = yield_json(p.yield);
    j["partner_id"] = p.partner;
    partners.push_back(j);
  }
  effect["by_partner"] = partners;
  s["effect"] = effect;
  if (draft_) {
    const Event& e = *draft_;
    nlohmann::json open;
    open["id"] = e.id;
    open["title"] = e.title;
    open["kind"] = std::string(to_string(e.kind));
    open["status"] = std::string(to_string(e.status));
    open["date"] = date_text_;
    open["time"] = time_text_;
    open["duration"] = e.duration_minutes;
    open["zone"] = e.time_zone;
    open["uid"] = e.uid;
    nlohmann::json roles = nlohmann::json::object();
    for (Id id : event_partner_ids(e)) {
      nlohmann::json r = nlohmann::json::array();
      for (EventRole role : roles_of(e, id)) r.push_back(std::string(to_string(role)));
      roles[std::to_string(id)] = r;
    }
    open["partners"] = roles;
    nlohmann::json check = nlohmann::json::array();
    for (const ChecklistItem& c : e.checklist) check.push_back({{"text", c.text}, {"done", c.done}});
    open["checklist"] = check;
    open["referral_ids"] = e.referral_ids;
    open["attendance"] = e.attendance;
    open["expected"] = e.expected_attendance;
    open["contacts_met"] = e.contacts_met;
    open["leads"] = e.leads;
    open["prep_minutes"] = static_cast<int>(std::lround(prep_hours_ * 60));
    open["warnings"] = warnings_;
    const bool undated = is_blank(date_text_) && is_blank(time_text_);
    open["dirty"] = e.id == 0 || e != original_ ||
                    (undated ? std::string() : trim_space(date_text_) + "T" + trim_space(time_text_)) != original_.starts_at;
    s["open"] = open;
  } else {
    s["open"] = nullptr;
  }
  state["events"] = s;
}

}  // namespace

std::unique_ptr<View> make_events_view() { return std::make_unique<EventsView>(); }

}  // namespace kolo::ui
