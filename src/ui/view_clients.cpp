// Clients: pseudonymous cases, matching their needs to partner services, referrals out and in
// followed until they close (core/referrals.hpp), and the referral letter (core/letter.hpp).
//
// Left, the list of cases; right, the open case in three tabs. The case is edited as a draft
// (Save, or switching to another case or tab, applies it as one undoable step); a referral's
// fields likewise; moving a referral's status, recording news, re-routing, closing and
// reopening a case are each one undoable step, applied at once.
//
// Widget ids. List: clients.search, clients.show (choices clients.show.open|closed|all),
//   clients.new, clients.referral_in, clients.case.<id>.
// Referral in (a partner sent us a client): referral_in.search, referral_in.partner.<id>,
//   referral_in.alias, referral_in.create, referral_in.cancel.
// Case: clients.tab.case|match|referrals|decline; case.save, case.discard, case.delete (then
//   case.delete.confirm, naming how many referrals go with the case, or case.delete.cancel);
//   case.alias, case.opened, case.need.<tag key>, case.priority_tasks, case.motivation,
//   case.format (choices format.<value>), case.language, case.age_group, case.area,
//   case.free_only, case.barrier.<barrier> (checkbox) with case.barrier.<barrier>.found|done,
//   case.limit.<online limit>, case.limits.refer (shown while any limit is set), case.notes,
//   case.outcome, case.close, case.reopen.
// Match: match.refer.<service id>, match.refer_combination, match.more.
// Referrals: referral.<id> (selects one); the selected referral's referral.move.<status>,
//   referral.outcome, referral.note, referral.news, referral.reroute_to (choices
//   referral.reroute_to.<service id>), referral.reroute, referral.client_informed,
//   referral.told_content|told_access|told_hours|told_specialist, referral.warm_handoff,
//   referral.warm_handoff_date, referral.handoff_who_came, referral.handoff_barrier.<barrier>,
//   referral.letter_language (choices letter_lang.uk|ru|en), referral.letter_problem,
//   referral.letter_recommendations, referral.letter_redraft, referral.copy, referral.print,
//   referral.save, referral.delete.
// State: see add_state (tests/README.md lists every field).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/decline.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/letter.hpp"
#include "core/lexicon.hpp"
#include "core/matching.hpp"
#include "core/referrals.hpp"
#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/decline_panel.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

const ImVec4 kRed(0.75f, 0.1f, 0.1f, 1), kAmber(0.72f, 0.42f, 0.0f, 1), kGreen(0.15f, 0.5f, 0.25f, 1);
constexpr const char* kTabCodes[] = {"case", "match", "referrals", "decline"};
constexpr const char* kTabKeys[] = {"clients.tab.case", "clients.tab.match", "clients.tab.referrals", "clients.tab.decline"};
constexpr int kTabs = 4;
constexpr const char* kShowCodes[] = {"open", "closed", "all"};
constexpr const char* kLetterLangs[] = {"uk", "ru", "en"};
constexpr std::size_t kMatchesShown = 25;  // until "show more"
constexpr std::size_t kPartnersOffered = 12;  // in the referral-in form, per search

template <class T> bool contains(const std::vector<T>& items, const T& x) {
  return std::find(items.begin(), items.end(), x) != items.end();
}
template <class T> void toggle(std::vector<T>& items, const T& x, bool on) {
  auto at = std::find(items.begin(), items.end(), x);
  if (on && at == items.end()) items.push_back(x);
  if (!on && at != items.end()) items.erase(at);
}

std::string sid(const char* prefix, Id id) { return std::string(prefix) + std::to_string(id); }

// Checkboxes flowing left to right, wrapping at the row's end.
class Flow {
 public:
  Flow() : start_(ImGui::GetCursorPosX()), right_(ImGui::GetContentRegionAvail().x) {}
  bool checkbox(const std::string& text, const std::string& id, bool* on) {
    const float w = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + 16;
    if (x_ > 0 && x_ + w < right_) ImGui::SameLine(start_ + x_);
    else x_ = 0;
    x_ += w;
    return ImGui::Checkbox((text + "###" + id).c_str(), on);
  }

 private:
  float start_, right_, x_ = 0;
};

ImVec4 status_colour(ReferralStatus s) {
  if (s == ReferralStatus::closed) return kGreen;
  if (is_ending(s)) return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

class ClientsView final : public View {
 public:
  ClientsView() : View("clients", "view.clients") {}
  bool has_open_draft(const App& app) const override {
    const Case* c = draft_ ? find_record<Case>(app.doc(), draft_->id) : nullptr;
    const Referral* r = rdraft_ ? find_record<Referral>(app.doc(), rdraft_->id) : nullptr;
    return (draft_ && (!c || !(*c == *draft_))) || (rdraft_ && (!r || !(*r == *rdraft_)));
  }

  Id open_record() const override { return draft_ && !in_form_ ? draft_->id : 0; }
  // Leaving saves the case as picking another one does (or refuses, saying why).
  bool close_record(App& app) override {
    if (!leave(app)) return false;
    draft_.reset();
    rdraft_.reset();
    referral_ = 0;
    return true;
  }

  void draw(App& app) override {
    if (std::optional<App::CaseRequest> r = app.take_case_request()) take_request(app, *r);
    refresh_list(app);
    if (app.doc().cases.empty() && !draft_ && !in_form_) {
      text_field(app, "clients.search", "clients.search", &search_, 320.0f);
      empty_state(app, "clients.empty.title", "clients.empty.body");
      if (ImGui::Button(L(app, "clients.new", "clients.new").c_str())) new_case(app);
      ImGui::SameLine();
      if (ImGui::Button(L(app, "clients.referral_in", "clients.referral_in").c_str())) open_referral_in(app);
      return;
    }
    const float list_width = std::min(300.0f, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("cases###clients.list_pane", ImVec2(list_width, 0), true);
    draw_list(app);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("case###clients.case_pane", ImVec2(0, 0), false);
    if (in_form_) draw_referral_in(app);
    else if (draft_) draw_case(app);
    else ImGui::TextDisabled("%s", T(app, "clients.pick"));
    ImGui::EndChild();
  }

  void on_document_replaced(App&) override {
    draft_.reset();
    rdraft_.reset();
    referral_ = 0;
    list_revision_ = match_revision_ = order_revision_ = mine_revision_ = ~0ull;
    in_form_ = false;
    decline_.reset();
  }

  void add_state(nlohmann::json& state) const override;

 private:
  // ---- the list --------------------------------------------------------------------------------
  void refresh_list(const App& app) {
    const Date today = app.today();
    const std::uint64_t rev = app.store().revision();
    if (rev == list_revision_ && today == list_today_ && search_ == list_search_ && show_ == list_show_) return;
    list_revision_ = rev, list_today_ = today, list_search_ = search_, list_show_ = show_;
    const Document& d = app.doc();
    silent_.clear();
    for (const Silence& s : referrals_without_news(d, today)) silent_[d.referrals[s.referral].id] = s.long_silence;
    open_count_.assign(d.cases.size(), 0);
    silent_case_.assign(d.cases.size(), false);
    for (const Referral& r : d.referrals) {
      const std::ptrdiff_t c = index_of(d.cases, r.case_id);
      if (c < 0) continue;
      if (is_open(r.status)) ++open_count_[static_cast<std::size_t>(c)];
      if (silent_.count(r.id)) silent_case_[static_cast<std::size_t>(c)] = true;
    }
    rows_.clear();
    const std::string query = fold_name(search_);
    for (std::size_t i = 0; i < d.cases.size(); ++i) {
      const Case& c = d.cases[i];
      const bool closed = !c.closed.empty();
      if ((show_ == 0 && closed) || (show_ == 1 && !closed)) continue;
      if (!query.empty() && fold_name(c.alias).find(query) == std::string::npos) continue;
      rows_.push_back(i);
    }
    // Waiting for news first, then the newest.
    std::stable_sort(rows_.begin(), rows_.end(), [&](std::size_t a, std::size_t b) {
      return std::tuple(silent_case_[a], d.cases[a].opened, d.cases[a].id) > std::tuple(silent_case_[b], d.cases[b].opened, d.cases[b].id);
    });
    list_ids_.clear();
    list_aliases_.clear();
    for (std::size_t i : rows_) {
      list_ids_.push_back(d.cases[i].id);
      list_aliases_.push_back(d.cases[i].alias);
    }
  }

  void draw_list(App& app) {
    if (ImGui::Button(L(app, "clients.new", "clients.new").c_str())) new_case(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "clients.referral_in", "clients.referral_in").c_str())) open_referral_in(app);
    input_string(app, "clients.search", &search_, ImGui::GetContentRegionAvail().x * 0.55f);
    ImGui::SameLine();
    const std::string preview = T(app, (std::string("clients.show.") + kShowCodes[show_]).c_str());
    ImGui::SetNextItemWidth(-1);
    if (begin_combo("##show###clients.show", preview.c_str())) {
      for (int i = 0; i < 3; ++i) {
        const std::string choice = std::string(T(app, (std::string("clients.show.") + kShowCodes[i]).c_str())) +
                                   "###clients.show." + kShowCodes[i];
        if (ImGui::Selectable(choice.c_str(), show_ == i)) show_ = i;
      }
      ImGui::EndCombo();
    }
    if (!switch_error_.empty()) ImGui::TextColored(kRed, "%s", switch_error_.c_str());
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    if (rows_.empty()) ImGui::TextDisabled("%s", T(app, "clients.none_shown"));
    for (std::size_t i : rows_) {
      const Case& c = d.cases[i];
      std::string line = c.alias;
      if (silent_case_[i]) line = "! " + line;
      std::string sub = trf("clients.row", lang, {std::to_string(c.needs.size()), std::to_string(open_count_[i])});
      if (!c.closed.empty()) sub = trf("clients.row_closed", lang, {c.closed});
      ImGui::PushStyleColor(ImGuiCol_Text, silent_case_[i] ? kAmber
                                            : !c.closed.empty() ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                                                                : ImGui::GetStyleColorVec4(ImGuiCol_Text));
      const bool selected = draft_ && draft_->id == c.id && !in_form_;
      if (ImGui::Selectable((line + "\n" + sub + "###" + sid("clients.case.", c.id)).c_str(), selected, 0,
                            ImVec2(0, ImGui::GetTextLineHeight() * 2)))
        select_case(app, c.id, 0, -1);
      ImGui::PopStyleColor();
    }
  }

  void take_request(App& app, App::CaseRequest r) {
    if (!find_record<Case>(app.doc(), r.case_id)) return;
    select_case(app, r.case_id, r.referral_id, r.referral_id ? 2 : -1);
  }

  // Opens case `id` (saving the open one first: refused, the open one stays and says why).
  void select_case(App& app, Id id, Id referral, int tab) {
    if (!leave(app)) return;
    const Case* c = find_record<Case>(app.doc(), id);
    if (!c) return;
    in_form_ = false;
    draft_ = *c;
    original_ = *c;
    case_error_.clear();
    close_outcome_ = c->outcome;
    referral_ = referral;
    rdraft_.reset();
    if (tab >= 0) request_tab_ = tab;
    forget_match();
    decline_.reset();
  }

  // Saves what the open case and referral hold before something else is shown; false when
  // a save was refused (the message is shown, nothing is lost).
  bool leave(App& app) {
    switch_error_.clear();
    if (!save_referral(app)) {
      switch_error_ = referral_error_;
      return false;
    }
    if (!decline_.save(app)) {
      switch_error_ = T(app, "clients.decline.not_saved");
      return false;
    }
    if (!save_case(app)) {
      switch_error_ = case_error_;
      return false;
    }
    return true;
  }

  void new_case(App& app) {
    if (!leave(app)) return;
    in_form_ = false;
    Case c;
    c.opened = format_date(app.today());
    draft_ = c;
    original_ = c;
    case_error_.clear();
    close_outcome_.clear();
    referral_ = 0;
    rdraft_.reset();
    request_tab_ = 0;
    forget_match();
    decline_.reset();
  }

  void forget_match() {
    match_ = MatchResult{};
    hints_ = DeclineHints{};
    explanations_.clear();
    match_ids_.clear();
    match_revision_ = ~0ull;
    shown_matches_ = kMatchesShown;
  }

  // ---- referral in -------------------------------------------------------------------------------
  void open_referral_in(App& app) {
    if (!leave(app)) return;
    in_form_ = true;
    in_partner_ = 0;
    in_alias_.clear();
    in_search_.clear();
    in_error_.clear();
  }

  void draw_referral_in(App& app) {
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    heading_text(T(app, "clients.referral_in.title"));
    wrapped_text(T(app, "clients.referral_in.body"));
    const float col = label_column(app, {"field.partner_id", "field.alias"});
    row_label(app, "field.partner_id", col);
    input_string(app, "referral_in.search", &in_search_);
    const std::string q = fold_name(in_search_);
    std::size_t shown = 0;
    for (const Partner& p : d.partners) {
      if (shown == kPartnersOffered) break;
      if (!q.empty() && fold_name(p.name).find(q) == std::string::npos) continue;
      if (q.empty() && in_partner_ != p.id && shown >= 5) continue;
      ++shown;
      ImGui::SetCursorPosX(col);
      if (ImGui::Selectable((p.name + "###" + sid("referral_in.partner.", p.id)).c_str(), in_partner_ == p.id)) in_partner_ = p.id;
    }
    if (const Partner* p = find_record<Partner>(d, in_partner_)) {
      ImGui::SetCursorPosX(col);
      ImGui::TextColored(kGreen, "%s", trf("clients.referral_in.from", lang, {p->name}).c_str());
    }
    row_label(app, "field.alias", col);
    input_string(app, "referral_in.alias", &in_alias_);
    ImGui::TextDisabled("%s", T(app, "clients.alias_hint"));
    if (!in_error_.empty()) ImGui::TextColored(kRed, "%s", in_error_.c_str());
    if (ImGui::Button(L(app, "clients.referral_in.create", "referral_in.create").c_str())) create_referral_in(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.cancel", "referral_in.cancel").c_str())) in_form_ = false;
  }

  void create_referral_in(App& app) {
    in_error_.clear();
    if (!find_record<Partner>(app.doc(), in_partner_)) {
      in_error_ = T(app, "clients.referral_in.pick_partner");
      return;
    }
    if (is_blank(in_alias_)) {
      in_error_ = T(app, "clients.referral_in.alias_required");
      return;
    }
    Case c;
    c.alias = in_alias_;
    c.opened = format_date(app.today());
    // Ids reserved up front, so the referral can point at its case in the same step.
    const Id first = app.reserve_ids(2);
    c.id = first;
    Referral r = make_referral_in(c, in_partner_, app.today());
    r.id = first + 1;
    if (std::optional<Error> e = app.apply(batch_command({put_command(c), put_command(r)}, "cmd.referral_in"))) {
      in_error_ = describe(*e, app.settings().lang);
      return;
    }
    in_form_ = false;
    draft_.reset();
    select_case(app, c.id, r.id, 0);
  }

  // ---- the case --------------------------------------------------------------------------------
  void draw_case(App& app) {
    Case& c = *draft_;
    const Lang lang = app.settings().lang;
    // Another tab or an undo may have changed or removed the case under an unchanged draft.
    if (c.id != 0) {
      const Case* stored = find_record<Case>(app.doc(), c.id);
      if (!stored) {
        draft_.reset();
        rdraft_.reset();
        return;
      }
      if (*stored != original_) {  // undone, redone or changed by another tab
        if (c == original_) {
          draft_ = *stored;
        } else {  // what the user typed stays; what only commands change follows the store
          draft_->closed = stored->closed;
          draft_->outcome = stored->outcome;
          draft_->declined_by = stored->declined_by;
        }
        original_ = *stored;
        close_outcome_ = stored->outcome;
      }
    }
    heading_text(c.alias.empty() ? T(app, "clients.new_case") : c.alias.c_str());
    if (!c.closed.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", trf("clients.closed_on", lang, {c.closed}).c_str());
    }
    if (needs_referral(c)) {
      ImGui::PushStyleColor(ImGuiCol_Text, kRed);
      wrapped_text(T(app, "case.limits.warning"));
      ImGui::PopStyleColor();
      if (ImGui::Button(L(app, "case.limits.refer", "case.limits.refer").c_str())) {
        if (save_case(app)) request_tab_ = 1;
      }
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() + 8.0f + (case_error_.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 2);
    if (ImGui::BeginTabBar("case_tabs")) {
      for (int i = 0; i < kTabs; ++i) {
        if (i == 3 && draft_->id == 0) continue;  // a decline needs the case stored first
        if (!tab_item(L(app, kTabKeys[i], (std::string("clients.tab.") + kTabCodes[i]).c_str()), request_tab_ == i)) continue;
        if (tab_ != i) {
          // Leaving the case form for matching or referrals: what was typed is saved first.
          if (tab_ == 0 && i != 0 && !save_case(app)) request_tab_ = 0;
          if (tab_ == 2 && i != 2 && !save_referral(app)) request_tab_ = 2;
          if (tab_ == 3 && i != 3 && !decline_.save(app)) request_tab_ = 3;
          tab_ = i;
        }
        ImGui::BeginChild("case_tab", ImVec2(0, -footer));
        if (draft_) {
          switch (i) {
            case 0: draw_case_form(app); break;
            case 1: draw_match(app); break;
            case 2: draw_referrals(app); break;
            default:
              if (!draft_->needs.empty()) refresh_match(app);
              decline_.draw(app, *draft_, match_);
              break;
          }
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    if (request_tab_ == tab_) request_tab_ = -1;
    if (!draft_) return;
    ImGui::Separator();
    if (!case_error_.empty()) ImGui::TextColored(kRed, "%s", case_error_.c_str());
    if (ImGui::Button(L(app, "dialog.save", "case.save").c_str())) save_case(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "clients.discard", "case.discard").c_str())) {
      draft_ = original_;
      case_error_.clear();
      if (draft_->id == 0) draft_.reset();
    }
    if (draft_ && draft_->id != 0) {
      ImGui::SameLine();
      // A case takes its referrals and declines with it: a second click, naming them, deletes.
      if (confirm_delete_ != draft_->id) {
        if (ImGui::Button(L(app, "dialog.delete", "case.delete").c_str())) confirm_delete_ = draft_->id;
      } else {
        const Id id = draft_->id;
        const auto n = std::count_if(app.doc().referrals.begin(), app.doc().referrals.end(),
                                     [&](const Referral& r) { return r.case_id == id; });
        const std::string label = trf("clients.delete_confirm", app.settings().lang, {std::to_string(n)}) + "###case.delete.confirm";
        ImGui::PushStyleColor(ImGuiCol_Text, kRed);
        const bool go = ImGui::Button(label.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::Button(L(app, "dialog.cancel", "case.delete.cancel").c_str())) confirm_delete_ = 0;
        if (go && !app.apply(delete_command(Table::cases, id))) {
          draft_.reset();
          rdraft_.reset();
          decline_.reset();
          confirm_delete_ = 0;
        }
      }
    }
  }

  bool case_dirty() const { return draft_ && (draft_->id == 0 ? !(*draft_ == original_) : *draft_ != original_); }

  // Applies the draft (new: cmd.add_case; changed: cmd.edit_case). True when saved or unchanged.
  bool save_case(App& app) {
    if (!draft_ || !case_dirty()) return true;
    case_error_.clear();
    Case c = *draft_;
    const bool is_new = c.id == 0;
    if (is_new) c.id = app.reserve_ids(1);
    if (std::optional<Error> e = app.apply(batch_command({put_command(c)}, is_new ? "cmd.add_case" : "cmd.edit_case"))) {
      case_error_ = describe(*e, app.settings().lang);
      request_tab_ = 0;
      return false;
    }
    draft_ = original_ = c;
    return true;
  }

  void draw_case_form(App& app) {
    Case& c = *draft_;
    const Lang lang = app.settings().lang;
    const float col = label_column(app, {"field.alias", "field.opened", "field.priority_tasks", "field.motivation", "field.format",
                                         "field.language", "field.age_group", "field.area", "field.notes"});
    const float text_height = ImGui::GetTextLineHeight() * 3 + 8;
    row_label(app, "field.alias", col);
    input_string(app, "case.alias", &c.alias, 260);
    ImGui::SameLine(0, 24);
    ImGui::TextUnformatted(T(app, "field.opened"));
    ImGui::SameLine();
    input_string(app, "case.opened", &c.opened, 110);
    ImGui::TextDisabled("%s", T(app, "clients.alias_hint"));

    ImGui::Spacing();
    ImGui::TextUnformatted(T(app, "field.needs"));
    if (app.doc().need_tags.empty()) ImGui::TextDisabled("%s", T(app, "editor.no_need_tags"));
    {
      Flow flow;
      for (const NeedTag& tag : app.doc().need_tags) {
        bool on = contains(c.needs, tag.key);
        if (flow.checkbox(need_tag_label(tag, lang).c_str(), "case.need." + tag.key, &on)) toggle(c.needs, tag.key, on);
      }
    }
    row_label(app, "field.priority_tasks", col);
    input_multiline(app, "case.priority_tasks", &c.priority_tasks, text_height);
    row_label(app, "field.motivation", col);
    input_multiline(app, "case.motivation", &c.motivation, text_height);

    section_title(T(app, "clients.fit"));
    row_label(app, "field.format", col);
    enum_filter(app, "case.format", "format", nullptr, nullptr, &c.format, 240);
    ImGui::SameLine(0, 24);
    if (ImGui::Checkbox(L(app, "field.free_only", "case.free_only").c_str(), &c.free_only)) {}
    row_label(app, "field.language", col);
    input_string(app, "case.language", &c.language, 80);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", T(app, "clients.language_hint"));
    row_label(app, "field.age_group", col);
    input_string(app, "case.age_group", &c.age_group, 80);
    ImGui::SameLine(0, 24);
    ImGui::TextUnformatted(T(app, "field.area"));
    ImGui::SameLine();
    input_string(app, "case.area", &c.area, -1);

    section_title(T(app, "field.barriers"));
    ImGui::TextDisabled("%s", T(app, "clients.barriers_hint"));
    for (Barrier b : all_values<Barrier>()) {
      auto at = std::find_if(c.barriers.begin(), c.barriers.end(), [&](const BarrierNote& n) { return n.barrier == b; });
      bool on = at != c.barriers.end();
      const std::string id = std::string("case.barrier.") + std::string(to_string(b));
      if (ImGui::Checkbox((std::string(enum_label(app, b)) + "###" + id).c_str(), &on)) {
        if (on) c.barriers.push_back({b, "", ""});
        else c.barriers.erase(at);
        at = std::find_if(c.barriers.begin(), c.barriers.end(), [&](const BarrierNote& n) { return n.barrier == b; });
      }
      if (at == c.barriers.end()) continue;
      ImGui::Indent();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(T(app, "field.found"));
      ImGui::SameLine();
      input_string(app, (id + ".found").c_str(), &at->found, ImGui::GetContentRegionAvail().x * 0.4f);
      ImGui::SameLine();
      ImGui::TextUnformatted(T(app, "field.done"));
      ImGui::SameLine();
      input_string(app, (id + ".done").c_str(), &at->done);
      ImGui::Unindent();
    }

    section_title(T(app, "field.online_limits"));
    for (OnlineLimit l : all_values<OnlineLimit>()) {
      bool on = contains(c.online_limits, l);
      const std::string id = std::string("case.limit.") + std::string(to_string(l));
      if (ImGui::Checkbox((std::string(enum_label(app, l)) + "###" + id).c_str(), &on)) toggle(c.online_limits, l, on);
    }

    ImGui::Spacing();
    row_label(app, "field.notes", col);
    input_multiline(app, "case.notes", &c.notes, text_height);

    if (c.id == 0) return;
    section_title(T(app, c.closed.empty() ? "clients.close_title" : "clients.reopen_title"));
    if (c.closed.empty()) {
      row_label(app, "field.outcome", col);
      input_multiline(app, "case.outcome", &close_outcome_, text_height);
      if (ImGui::Button(L(app, "clients.close", "case.close").c_str())) close_case(app);
    } else {
      wrapped_text(c.outcome.c_str());
      if (ImGui::Button(L(app, "clients.reopen", "case.reopen").c_str())) {
        if (save_case(app) && !app.apply(batch_command({put_command(reopened_case(*draft_))}, "cmd.reopen_case")))
          draft_ = original_ = *find_record<Case>(app.doc(), c.id);
      }
    }
  }

  void close_case(App& app) {
    if (!save_case(app)) return;
    if (std::optional<Error> e = check_close_case(app.doc(), *draft_, close_outcome_)) {
      case_error_ = describe(*e, app.settings().lang);
      return;
    }
    if (std::optional<Error> e = app.apply(batch_command({put_command(closed_case(*draft_, app.today(), close_outcome_))}, "cmd.close_case"))) {
      case_error_ = describe(*e, app.settings().lang);
      return;
    }
    case_error_.clear();
    draft_ = original_ = *find_record<Case>(app.doc(), draft_->id);
  }

  // ---- matching ----------------------------------------------------------------------------------
  void refresh_match(const App& app) {
    const std::uint64_t rev = app.store().revision();
    if (rev == match_revision_ && match_case_ == *draft_ && match_lang_ == app.settings().lang) return;
    match_revision_ = rev;
    match_case_ = *draft_;
    match_lang_ = app.settings().lang;
    if (rev != order_revision_) {
      // The partners' order by name: worked out again only when a name changed (a hash of the
      // names is far cheaper than their collation keys and sort), so ranking sorts no names.
      std::uint64_t names = 1469598103934665603ull;
      for (const Partner& p : app.doc().partners) {
        for (unsigned char ch : p.name) names = (names ^ ch) * 1099511628211ull;
        names = (names ^ 0xFFu) * 1099511628211ull;
      }
      if (names != names_hash_ || name_order_.size() != app.doc().partners.size()) name_order_ = partner_name_order(app.doc());
      names_hash_ = names;
      order_revision_ = rev;
    }
    const auto started = std::chrono::steady_clock::now();
    match_ = match_services(app.doc(), *draft_, &name_order_);
    hints_ = decline_hints(app.doc(), *draft_);  // what a decline of the case told the next match
    explanations_.clear();
    const std::size_t n = std::min(match_.ranked.size(), std::max(kMatchesShown, shown_matches_));
    for (std::size_t i = 0; i < n; ++i) explanations_.push_back(explain_match(app.doc(), *draft_, match_.ranked[i], match_lang_));
    match_ids_.clear();
    for (const Match& x : match_.ranked) match_ids_.push_back(app.doc().services[x.service].id);
    match_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  }

  void draw_match(App& app) {
    const Case& c = *draft_;
    if (c.needs.empty()) {
      wrapped_text(T(app, "clients.match.no_needs"));
      return;
    }
    refresh_match(app);
    const MatchResult& m = match_;
    const bool closed = !c.closed.empty();
    if (closed) ImGui::TextColored(kAmber, "%s", T(app, "clients.match.closed"));
    ImGui::BeginDisabled(closed);  // a closed case takes no new referral: reopen it first
    draw_match_rows(app, m);
    ImGui::EndDisabled();
  }

  void draw_match_rows(App& app, const MatchResult& m) {
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    // What a decline of this case taught (core/decline.hpp): the next match should not repeat it.
    const DeclineHints& hints = hints_;
    for (const std::string& kind : hints.request_kinds)
      ImGui::TextColored(kAmber, "%s", trf("clients.decline.hint_kind", lang, {kind}).c_str());
    if (hints.in_person) ImGui::TextColored(kAmber, "%s", T(app, "clients.decline.hint_in_person"));
    if (m.single_covers_all) {
      ImGui::TextColored(kGreen, "%s", trf("clients.match.all_first", lang, {std::to_string(m.needs)}).c_str());
    } else if (!m.combination.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kAmber);
      wrapped_text(m.combination.size() == 1
                                   ? trf("clients.match.best_single", lang, {std::to_string(m.needs)}).c_str()
                                   : trf("clients.match.combination", lang, {std::to_string(m.needs), std::to_string(m.combination.size())}).c_str());
      ImGui::PopStyleColor();
      for (std::size_t k : m.combination) {
        const Match& x = m.ranked[k];
        ImGui::BulletText("%s — %s", d.services[x.service].name.c_str(), d.partners[x.partner].name.c_str());
      }
      if (ImGui::Button(L(app, "clients.match.refer_combination", "match.refer_combination").c_str())) {
        std::vector<std::size_t> services;
        for (std::size_t k : m.combination) services.push_back(m.ranked[k].service);
        refer(app, services);
        return;
      }
    }
    if (!m.uncovered.empty()) {
      std::string names;
      for (const std::string& key : m.uncovered) {
        const std::ptrdiff_t t = std::find_if(d.need_tags.begin(), d.need_tags.end(), [&](const NeedTag& n) { return n.key == key; }) - d.need_tags.begin();
        names += (names.empty() ? "" : ", ") + std::string(t < static_cast<std::ptrdiff_t>(d.need_tags.size()) ? need_tag_label(d.need_tags[static_cast<std::size_t>(t)], lang).c_str() : key.c_str());
      }
      ImGui::TextColored(kRed, "%s", trf("clients.match.uncovered", lang, {names}).c_str());
    }
    if (!m.excluded.empty()) {
      std::string names;
      for (Id id : m.excluded)
        if (const Partner* p = find_record<Partner>(d, id)) names += (names.empty() ? "" : ", ") + p->name;
      ImGui::TextDisabled("%s", trf("clients.match.excluded", lang, {names}).c_str());
    }
    if (m.ranked.empty()) {
      wrapped_text(T(app, "clients.match.none"));
      return;
    }
    ImGui::Separator();
    const std::size_t n = std::min(m.ranked.size(), std::max(kMatchesShown, shown_matches_));
    const float button_w = ImGui::CalcTextSize(T(app, "clients.match.refer")).x + 24;
    for (std::size_t i = 0; i < n && i < explanations_.size(); ++i) {
      const Match& x = m.ranked[i];
      const Service& s = d.services[x.service];
      ImGui::PushID(static_cast<int>(i));
      ImGui::BeginGroup();
      if (x.covered == m.needs) ImGui::TextColored(kGreen, "%s", s.name.c_str());
      else ImGui::TextUnformatted(s.name.c_str());
      ImGui::SameLine();
      ImGui::TextDisabled("— %s", d.partners[x.partner].name.c_str());
      ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - button_w);
      wrapped_text(explanations_[i].c_str());
      for (const std::string& kind : hints.request_kinds)
        if (takes_request(d, s, kind)) ImGui::TextColored(kGreen, "%s", trf("clients.match.takes", lang, {kind}).c_str());
      if (std::find(hints.came_from.begin(), hints.came_from.end(), s.partner_id) != hints.came_from.end())
        ImGui::TextColored(kAmber, "%s", T(app, "clients.match.came_from"));
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
      ImGui::SameLine();
      ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - button_w);
      if (ImGui::Button(L(app, "clients.match.refer", sid("match.refer.", s.id).c_str()).c_str())) {
        ImGui::PopID();
        refer(app, {x.service});
        return;
      }
      ImGui::PopID();
      ImGui::Separator();
    }
    if (n < m.ranked.size() && ImGui::Button(L(app, "clients.match.more", "match.more").c_str())) {
      shown_matches_ = n + kMatchesShown;
      match_revision_ = ~0ull;
    }
  }

  // New draft referrals to these services (indices into doc.services) as one step, the case
  // saved with them; the first is opened.
  void refer(App& app, const std::vector<std::size_t>& services) {
    if (!save_case(app) || !save_referral(app)) return;
    const Document& d = app.doc();
    std::vector<Command> steps;
    Id first = app.reserve_ids(services.size());
    for (std::size_t k = 0; k < services.size(); ++k) {
      Referral r = make_referral(d, *draft_, d.services[services[k]], app.settings().lang, app.today());
      r.id = first + static_cast<Id>(k);
      steps.push_back(put_command(r));
    }
    if (std::optional<Error> e = app.apply(batch_command(std::move(steps), "cmd.refer"))) {
      case_error_ = describe(*e, app.settings().lang);
      return;
    }
    referral_ = first;
    rdraft_.reset();
    request_tab_ = 2;
  }

  // ---- referrals ---------------------------------------------------------------------------------
  void draw_referrals(App& app) {
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    const Id case_id = draft_->id;
    if (case_id == 0) {
      wrapped_text(T(app, "clients.save_first"));
      return;
    }
    if (mine_revision_ != app.store().revision() || mine_case_ != case_id) {
      mine_ids_.clear();
      for (const Referral& r : d.referrals)
        if (r.case_id == case_id) mine_ids_.push_back(r.id);
      mine_revision_ = app.store().revision();
      mine_case_ = case_id;
    }
    std::vector<const Referral*> mine;
    for (Id id : mine_ids_)
      if (const Referral* r = find_record<Referral>(d, id)) mine.push_back(r);
    if (mine.empty()) {
      wrapped_text(T(app, "clients.no_referrals"));
      return;
    }
    if (!referral_ || std::none_of(mine.begin(), mine.end(), [&](const Referral* r) { return r->id == referral_; }))
      referral_ = mine.back()->id, rdraft_.reset();
    const float list_h = std::min(ImGui::GetTextLineHeightWithSpacing() * 2.2f * static_cast<float>(mine.size()) + 8, 160.0f);
    ImGui::BeginChild("referral_list", ImVec2(0, list_h), true);
    for (const Referral* r : mine) {
      const Partner* p = find_record<Partner>(d, r->partner_id);
      const Service* s = find_record<Service>(d, r->service_id);
      std::string line = std::string(T(app, r->direction == Direction::in ? "clients.from" : "clients.to")) + " " +
                         (p ? p->name : "?") + (s ? " — " + s->name : "");
      std::string sub = std::string(enum_label(app, r->status)) + "  ·  " + trf("clients.last_news", lang, {last_news(*r)});
      if (silent_.count(r->id)) sub += "  ·  " + std::string(T(app, "clients.no_news"));
      ImGui::PushStyleColor(ImGuiCol_Text, silent_.count(r->id) ? kAmber : status_colour(r->status));
      if (ImGui::Selectable((line + "\n" + sub + "###" + sid("referral.", r->id)).c_str(), referral_ == r->id, 0,
                            ImVec2(0, ImGui::GetTextLineHeight() * 2)) &&
          referral_ != r->id) {
        if (save_referral(app)) referral_ = r->id, rdraft_.reset();
      }
      ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    const Referral* stored = find_record<Referral>(d, referral_);
    if (!stored) return;
    if (!rdraft_ || rdraft_->id != stored->id) {
      rdraft_ = roriginal_ = *stored;
      outcome_ = stored->outcome;
      note_.clear();
      referral_error_.clear();
    } else if (*stored != roriginal_) {  // undone, redone or changed by another tab
      // What the user typed stays; the status, its history and the outcome follow the store.
      Referral merged = *stored;
      if (*rdraft_ != roriginal_) {
        const Referral& d = *rdraft_;
        merged.client_informed = d.client_informed;
        merged.told_content = d.told_content, merged.told_access = d.told_access;
        merged.told_hours = d.told_hours, merged.told_specialist = d.told_specialist;
        merged.warm_handoff = d.warm_handoff, merged.warm_handoff_date = d.warm_handoff_date;
        merged.handoff_who_came = d.handoff_who_came, merged.handoff_barriers = d.handoff_barriers;
        merged.letter_language = d.letter_language;
        merged.letter_problem = d.letter_problem, merged.letter_recommendations = d.letter_recommendations;
      }
      rdraft_ = merged;
      roriginal_ = *stored;
    }
    draw_referral(app);
  }

  bool referral_dirty() const { return rdraft_ && *rdraft_ != roriginal_; }

  bool save_referral(App& app) {
    if (!referral_dirty()) return true;
    if (std::optional<Error> e = app.apply(put_command(*rdraft_))) {
      referral_error_ = describe(*e, app.settings().lang);
      return false;
    }
    roriginal_ = *rdraft_;
    referral_error_.clear();
    return true;
  }

  void draw_referral(App& app) {
    Referral& r = *rdraft_;
    const Document& d = app.doc();
    const Lang lang = app.settings().lang;
    const Service* service = find_record<Service>(d, r.service_id);
    const float col = label_column(app, {"field.outcome", "field.note", "field.told_content", "field.told_access", "field.told_hours",
                                         "field.told_specialist", "field.letter_problem", "field.letter_recommendations"});
    const float text_height = ImGui::GetTextLineHeight() * 3 + 8;

    // Status, its history, and what can happen next.
    ImGui::TextColored(status_colour(r.status), "%s", enum_label(app, r.status));
    if (r.rerouted_from)
      if (const Referral* from = find_record<Referral>(d, r.rerouted_from))
        if (const Partner* p = find_record<Partner>(d, from->partner_id)) {
          ImGui::SameLine();
          ImGui::TextDisabled("%s", trf("clients.rerouted_from", lang, {p->name}).c_str());
        }
    if (auto w = silent_.find(r.id); w != silent_.end()) {
      ImGui::SameLine();
      ImGui::TextColored(w->second ? kRed : kAmber, "%s", T(app, w->second ? "clients.no_news_long" : "clients.no_news_short"));
    }
    for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
      std::string line = it->date + "  " + enum_label(app, it->status);
      if (!it->note.empty()) line += " — " + it->note;
      ImGui::BulletText("%s", line.c_str());
    }
    if (!r.outcome.empty() && is_ending(r.status)) ImGui::TextWrapped("%s: %s", T(app, "field.outcome"), r.outcome.c_str());
    row_label(app, "field.note", col);
    input_string(app, "referral.note", &note_);
    const std::vector<ReferralStatus> next = next_statuses(roriginal_);
    if (is_open(roriginal_.status)) {
      row_label(app, "field.outcome", col);
      input_string(app, "referral.outcome", &outcome_);
    }
    ImGui::TextDisabled("%s", T(app, "clients.move_to"));
    bool first = true;
    for (ReferralStatus s : next) {
      if (s == ReferralStatus::re_routed) continue;  // below, with the service to re-route to
      if (!first) ImGui::SameLine();
      if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(enum_label(app, s)).x + 24 > ImGui::GetContentRegionMax().x) ImGui::NewLine();
      first = false;
      if (ImGui::SmallButton(L(app, label_key(s).c_str(), (std::string("referral.move.") + std::string(to_string(s))).c_str()).c_str())) move(app, s);
    }
    if (is_open(roriginal_.status)) {
      if (ImGui::SmallButton(L(app, "clients.news", "referral.news").c_str())) news(app);
      ImGui::SameLine();
      ImGui::TextDisabled("%s", T(app, "clients.news_hint"));
      draw_reroute(app);
      if (!rdraft_) return;  // re-routed: its replacement is drawn from the next frame on
    }
    if (!referral_error_.empty()) ImGui::TextColored(kRed, "%s", referral_error_.c_str());

    if (r.direction == Direction::out) {
      section_title(T(app, "clients.told"));
      ImGui::Checkbox(L(app, "field.client_informed", "referral.client_informed").c_str(), &r.client_informed);
      row_label(app, "field.told_content", col);
      input_multiline(app, "referral.told_content", &r.told_content, text_height);
      row_label(app, "field.told_access", col);
      input_multiline(app, "referral.told_access", &r.told_access, text_height);
      row_label(app, "field.told_hours", col);
      input_string(app, "referral.told_hours", &r.told_hours);
      row_label(app, "field.told_specialist", col);
      input_string(app, "referral.told_specialist", &r.told_specialist);

      section_title(T(app, "field.warm_handoff"));
      ImGui::TextDisabled("%s", T(app, "clients.handoff_hint"));
      ImGui::Checkbox(L(app, "clients.handoff_planned", "referral.warm_handoff").c_str(), &r.warm_handoff);
      ImGui::SameLine(0, 24);
      ImGui::TextUnformatted(T(app, "field.warm_handoff_date"));
      ImGui::SameLine();
      input_string(app, "referral.warm_handoff_date", &r.warm_handoff_date, 110);
      if (!r.warm_handoff_date.empty() && !is_date(r.warm_handoff_date))
        ImGui::TextColored(kRed, "%s", trf("err.bad_date", lang, {r.warm_handoff_date}).c_str());
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(T(app, "field.handoff_who_came"));
      ImGui::SameLine();
      input_string(app, "referral.handoff_who_came", &r.handoff_who_came);
      if (!draft_->barriers.empty()) {
        ImGui::TextUnformatted(T(app, "field.handoff_barriers"));
        Flow flow;
        for (const BarrierNote& b : draft_->barriers) {
          bool on = contains(r.handoff_barriers, b.barrier);
          if (flow.checkbox(enum_label(app, b.barrier), std::string("referral.handoff_barrier.") + std::string(to_string(b.barrier)), &on))
            toggle(r.handoff_barriers, b.barrier, on);
        }
      }
      draw_letter(app, service);
    }

    ImGui::Separator();
    if (ImGui::Button(L(app, "dialog.save", "referral.save").c_str())) save_referral(app);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.delete", "referral.delete").c_str())) {
      if (!app.apply(delete_command(Table::referrals, r.id))) rdraft_.reset(), referral_ = 0;
    }
  }

  void draw_reroute(App& app) {
    const Document& d = app.doc();
    refresh_match(app);
    const Service* target = find_record<Service>(d, reroute_to_);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(app, "clients.reroute_to"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const std::string preview = target ? target->name : T(app, "clients.pick_service");
    if (begin_combo("##reroute###referral.reroute_to", preview.c_str())) {
      for (std::size_t i = 0; i < match_.ranked.size() && i < kMatchesShown; ++i) {
        const Service& s = d.services[match_.ranked[i].service];
        if (s.id == rdraft_->service_id) continue;
        const std::string choice = s.name + " — " + d.partners[match_.ranked[i].partner].name + "###" + sid("referral.reroute_to.", s.id);
        if (ImGui::Selectable(choice.c_str(), reroute_to_ == s.id)) reroute_to_ = s.id;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(L(app, "clients.reroute", "referral.reroute").c_str())) {
      if (!target) {
        referral_error_ = T(app, "clients.pick_service");
        return;
      }
      if (!save_referral(app)) return;
      Command cmd;
      const Id old = rdraft_->id;
      const Lang lang = letter_lang(*rdraft_, app.settings().lang);  // the new letter keeps the old one's language
      if (std::optional<Error> e = reroute_command(d, old, *target, lang, app.today(), outcome_, &cmd)) {
        referral_error_ = describe(*e, app.settings().lang);
        return;
      }
      if (std::optional<Error> e = app.apply(std::move(cmd))) {
        referral_error_ = describe(*e, app.settings().lang);
        return;
      }
      for (const Referral& r : app.doc().referrals)
        if (r.rerouted_from == old) referral_ = r.id;
      rdraft_.reset();
      reroute_to_ = 0;
    }
  }

  void move(App& app, ReferralStatus to) {
    if (std::optional<Error> e = check_move(roriginal_, to, outcome_)) {
      referral_error_ = describe(*e, app.settings().lang);
      return;
    }
    Referral r = moved(*rdraft_, to, app.today(), is_ending(to) ? outcome_ : rdraft_->outcome, note_);
    if (std::optional<Error> e = app.apply(batch_command({put_command(r)}, "cmd.move_referral"))) {
      referral_error_ = describe(*e, app.settings().lang);
      return;
    }
    rdraft_ = roriginal_ = r;
    note_.clear();
    referral_error_.clear();
  }

  void news(App& app) {
    if (is_blank(note_)) {
      referral_error_ = T(app, "clients.news_needs_note");
      return;
    }
    Referral r = with_news(*rdraft_, app.today(), note_);
    if (std::optional<Error> e = app.apply(batch_command({put_command(r)}, "cmd.referral_news"))) {
      referral_error_ = describe(*e, app.settings().lang);
      return;
    }
    rdraft_ = roriginal_ = r;
    note_.clear();
    referral_error_.clear();
  }

  void draw_letter(App& app, const Service* service) {
    Referral& r = *rdraft_;
    const Document& d = app.doc();
    const Lang ui = app.settings().lang;
    section_title(T(app, "clients.letter"));
    const Lang ll = letter_lang(r, ui);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(app, "field.letter_language"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160);
    if (begin_combo("##letter_lang###referral.letter_language", T(app, (std::string("letter_lang.") + lang_code(ll)).c_str()))) {
      for (const char* code : kLetterLangs) {
        const std::string choice = std::string(T(app, (std::string("letter_lang.") + code).c_str())) + "###letter_lang." + code;
        if (ImGui::Selectable(choice.c_str(), lang_code(ll) == std::string(code))) {
          // A letter still as drafted follows the new language; one the user edited is kept
          // (Draft again redrafts it).
          const bool as_drafted = r.letter_problem == draft_problem(d, *draft_, ll) &&
                                  r.letter_recommendations == draft_recommendations(d, *draft_, service, ll);
          r.letter_language = code;
          if (as_drafted) {
            r.letter_problem = draft_problem(d, *draft_, letter_lang(r, ui));
            r.letter_recommendations = draft_recommendations(d, *draft_, service, letter_lang(r, ui));
          }
        }
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(L(app, "clients.letter_redraft", "referral.letter_redraft").c_str())) {
      const Lang to = letter_lang(r, ui);
      r.letter_problem = draft_problem(d, *draft_, to);
      r.letter_recommendations = draft_recommendations(d, *draft_, service, to);
    }
    const float text_height = ImGui::GetTextLineHeight() * 5 + 8;
    ImGui::TextUnformatted(T(app, "field.letter_problem"));
    input_multiline(app, "referral.letter_problem", &r.letter_problem, text_height);
    ImGui::TextUnformatted(T(app, "field.letter_recommendations"));
    input_multiline(app, "referral.letter_recommendations", &r.letter_recommendations, text_height);
    refresh_warnings();
    if (!warnings_.empty()) {
      std::string terms;
      for (const SensitiveHit& h : warnings_) {
        const char* kind = h.kind == Sensitive::diagnosis ? "sensitive.diagnosis"
                           : h.kind == Sensitive::medication ? "sensitive.medication" : "sensitive.identifying";
        terms += (terms.empty() ? "«" : ", «") + h.term + "» (" + T(app, kind) + ")";
      }
      ImGui::PushStyleColor(ImGuiCol_Text, kAmber);
      wrapped_text(trf("letter.sensitive_warning", ui, {terms}).c_str());
      ImGui::PopStyleColor();
    }
    const std::string today = format_date(app.today());
    if (ImGui::Button(L(app, "clients.copy_letter", "referral.copy").c_str())) app.copy_text(letter_text(d, r, ll, today));
    ImGui::SameLine();
    if (ImGui::Button(L(app, "clients.print_letter", "referral.print").c_str())) {
      app.host().print_html(letter_html(d, r, ll, today));
      printed_ = r.id;
    }
    if (!app.copied().empty() && app.now() - app.copied_at() < 2.0 && app.copied() == letter_text(d, r, ll, today)) {
      ImGui::SameLine();
      ImGui::TextColored(kGreen, "%s", T(app, "editor.copied"));
    }
  }

  void refresh_warnings() {
    const std::string text = rdraft_->letter_problem + "\n" + rdraft_->letter_recommendations;
    if (text == warned_text_) return;
    warned_text_ = text;
    warnings_ = find_sensitive(text);
  }

  // ---- state ---------------------------------------------------------------------------------------
  std::string search_, list_search_;
  int show_ = 0, list_show_ = -1;  // 0 open, 1 closed, 2 all
  std::vector<std::size_t> rows_;  // indices into doc.cases, as listed
  std::vector<Id> list_ids_;       // ... their ids and aliases, for state()
  std::vector<std::string> list_aliases_;
  std::vector<int> open_count_;
  std::vector<bool> silent_case_;
  std::unordered_map<Id, bool> silent_;  // referrals waiting for news: long silence?
  std::uint64_t list_revision_ = ~0ull;
  Date list_today_{};
  std::string switch_error_;

  std::optional<Case> draft_;
  Case original_;
  std::string case_error_, close_outcome_;
  int tab_ = 0, request_tab_ = 0;

  MatchResult match_;
  Case match_case_;
  Lang match_lang_ = Lang::en;
  std::uint64_t match_revision_ = ~0ull;
  std::vector<std::string> explanations_;  // of the rows shown
  std::vector<Id> match_ids_;              // the ranked services' ids
  std::vector<std::uint32_t> name_order_;  // partner_name_order at order_revision_
  std::uint64_t order_revision_ = ~0ull;
  std::uint64_t names_hash_ = 0;  // of the partners' names the order was worked out for
  DeclineHints hints_;  // with match_
  double match_ms_ = 0;  // the last ranking with its explanations, for the benchmark
  std::size_t shown_matches_ = kMatchesShown;

  Id referral_ = 0;
  std::vector<Id> mine_ids_;  // the open case's referrals, at mine_revision_
  std::uint64_t mine_revision_ = ~0ull;
  Id mine_case_ = 0;
  std::optional<Referral> rdraft_;
  Referral roriginal_;
  std::string outcome_, note_, referral_error_;
  Id reroute_to_ = 0;
  std::vector<SensitiveHit> warnings_;
  std::string warned_text_;
  Id printed_ = 0;

  DeclinePanel decline_;
  Id confirm_delete_ = 0;  // the case whose Delete was clicked once: the next click deletes
  bool in_form_ = false;
  Id in_partner_ = 0;
  std::string in_alias_, in_search_, in_error_;
};

void ClientsView::add_state(nlohmann::json& state) const {
  state["client_search"] = search_;
  state["clients_show"] = kShowCodes[show_];
  nlohmann::json list = nlohmann::json::array();
  // The list as last refreshed (the rows refer to the document of that revision).
  for (std::size_t i = 0; i < rows_.size() && i < 200; ++i)
    list.push_back({{"id", list_ids_[i]}, {"alias", list_aliases_[i]}, {"open_referrals", open_count_[rows_[i]]},
                    {"waiting", static_cast<bool>(silent_case_[rows_[i]])}});
  state["cases_list"] = list;
  state["referral_in_open"] = in_form_;
  state["referral_in_error"] = in_error_;
  if (!draft_) {
    state["case_open"] = nullptr;
    return;
  }
  const Case& c = *draft_;
  state["case_open"] = c.id;
  state["case_alias"] = c.alias;
  state["case_tab"] = kTabCodes[std::clamp(tab_, 0, kTabs - 1)];
  decline_.add_state(state);
  state["case_dirty"] = case_dirty();
  state["case_error"] = case_error_;
  state["case_closed"] = c.closed;
  state["case_needs"] = c.needs;
  state["case_limits_warning"] = needs_referral(c);
  nlohmann::json m;
  m["needs"] = match_.needs;
  m["single_covers_all"] = match_.single_covers_all;
  m["ms"] = match_ms_;
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < match_.ranked.size() && i < explanations_.size(); ++i)
    rows.push_back({{"service_id", match_ids_[i]}, {"covered", match_.ranked[i].covered}, {"text", explanations_[i]}});
  m["rows"] = rows;
  nlohmann::json combo = nlohmann::json::array();
  for (std::size_t k : match_.combination) combo.push_back(match_ids_[k]);
  m["combination"] = combo;
  m["uncovered"] = match_.uncovered;
  m["excluded"] = match_.excluded;
  m["decline_hints"] = hints_.request_kinds;  // kinds of request a decline said the next match must take
  state["match"] = m;
  state["referral_open"] = rdraft_ ? rdraft_->id : 0;
  if (rdraft_) {
    const Referral& r = *rdraft_;
    nlohmann::json j;
    j["status"] = to_string(r.status);
    j["direction"] = to_string(r.direction);
    j["partner_id"] = r.partner_id;
    j["service_id"] = r.service_id;
    nlohmann::json history = nlohmann::json::array();
    for (const StatusChange& h : r.history) history.push_back({{"status", to_string(h.status)}, {"date", h.date}, {"note", h.note}});
    j["history"] = history;
    nlohmann::json next = nlohmann::json::array();
    for (ReferralStatus s : next_statuses(roriginal_)) next.push_back(to_string(s));
    j["next"] = next;
    j["outcome"] = r.outcome;
    j["error"] = referral_error_;
    j["dirty"] = referral_dirty();
    j["waiting"] = silent_.count(r.id) > 0;
    j["rerouted_from"] = r.rerouted_from;
    j["letter_language"] = r.letter_language;
    j["told"] = {{"content", r.told_content}, {"access", r.told_access}, {"hours", r.told_hours}, {"specialist", r.told_specialist}};
    j["warm_handoff"] = {{"planned", r.warm_handoff}, {"date", r.warm_handoff_date}, {"who_came", r.handoff_who_came}};
    nlohmann::json warnings = nlohmann::json::array();
    for (const SensitiveHit& h : warnings_) warnings.push_back(h.term);
    j["letter_warnings"] = warnings;
    j["printed"] = printed_ == r.id;
    state["referral"] = j;
  }
}

}  // namespace

std::unique_ptr<View> make_clients_view() { return std::make_unique<ClientsView>(); }

}  // namespace kolo::ui
