// Board (viewer mode only): a board someone shared, read-only (App::viewing_board). A school
// liaison finds a partner (search, kind, area), reads its services with their access rules,
// hours and trusted specialists, sees the coming events and adds them to her calendar, and
// writes down what she knows has changed as suggested updates, exported as one small file for
// the board's owner (core/suggestions.hpp).
//
// Widget ids: board.tab.partners|events|suggestions; board.search, board.kind (choices
// board_kind.<value>, board_kind.any), board.area (board_area.<n>, board_area.any);
// board.p.<id> (a partner's row: shows it), board.suggest (a change to the shown partner),
// board.suggest_new (a new partner), board.copy.<contact id> (copies the phone);
// board.ics.<event id>, board.ics_all; board.from_name, board.from_contact,
// board.sugg.<n>.remove, board.export_suggestions. The suggestion dialog: suggest.kind (choices
// suggest_kind.<kind>), suggest.field (suggest_field.<name>), suggest.service
// (suggest_service.<id>), suggest.contact (suggest_contact.<id>), suggest.after, suggest.note,
// suggest.c.name|role|phone|email|messenger (a contact person), suggest.p.name|area|address|
// website (a new partner), suggest.p.kind (partner_kind.<value>), suggest.ok, suggest.cancel.
// State: board_view {query, shown (partners listed), selected, suggestions (count),
// exported (file name or ""), suggest_open, suggest_errors}.
#include <imgui.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ics.hpp"
#include "core/letter.hpp"
#include "core/text.hpp"
#include "io/suggestions_json.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

template <class R> const R* by_id(const std::vector<R>& rows, Id id) {
  for (const R& r : rows)
    if (r.id == id) return &r;
  return nullptr;
}

// "25 November 2026, 16:00" from "2026-11-25T16:00" in the user's language.
std::string when(std::string_view starts_at, Lang lang) {
  if (starts_at.size() < 10) return "";
  std::string out = long_date(starts_at.substr(0, 10), lang);
  if (starts_at.size() >= 16) out += ", " + std::string(starts_at.substr(11, 5));
  return out;
}

class BoardView final : public View {
 public:
  BoardView() : View("board", "view.board") {}
  Mode mode() const override { return Mode::board; }
  // Suggestions not exported since their last change, on this board or one closed meanwhile.
  bool has_unsaved_work() const override {
    if (!set_.changes.empty() && exported_.empty()) return true;
    for (const auto& [id, kept] : kept_)
      if (id != board_id_ && !kept.set.changes.empty() && kept.exported.empty()) return true;
    return false;
  }

  void on_document_replaced(App& app) override {
    // A board was opened (or closed): start afresh on it.
    // A board is known by its id (made from its partners), its owner and when it was made:
    // two owners' boards of the same ids are two boards.
    const Board* b = app.board();
    const std::string id = b ? b->board_id + "|" + b->owner.name + "|" + b->owner.contact + "|" + b->made_at : "";
    if (id != board_id_) {
      // Suggestions made on a board stay with it while the page is open: closing the board
      // (or opening another) and opening it again finds them as they were.
      if (!board_id_.empty()) kept_[board_id_] = Kept{set_, exported_};
      board_id_ = id;
      const Kept kept = kept_.count(id) ? kept_[id] : Kept{};
      set_ = kept.set;
      exported_ = kept.exported;
      selected_ = 0;
      query_.clear();
    }
    rows_valid_ = false;
    services_text_.clear();
  }

  Id open_record() const override { return selected_; }
  bool close_record(App&) override {
    selected_ = 0;
    return true;
  }

  void draw(App& app) override {
    const Board* b = app.board();
    if (!b) return;
    if (Id want = app.take_board_partner_request()) {
      selected_ = want;
      tab_request_ = 0;
    }
    if (ImGui::BeginTabBar("board_tabs")) {
      const std::string n = std::to_string(set_.changes.size());
      if (tab_item(L(app, "board.tab.partners", "board.tab.partners"), tab_request_ == 0)) {
        draw_partners(app, *b);
        ImGui::EndTabItem();
      }
      if (tab_item(L(app, "board.tab.events", "board.tab.events"), tab_request_ == 1)) {
        draw_events(app, *b);
        ImGui::EndTabItem();
      }
      const std::string label = trf("board.tab.suggestions", app.settings().lang, {n}) + "###board.tab.suggestions";
      if (tab_item(label, tab_request_ == 2)) {
        draw_suggestions(app, *b);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    tab_request_ = -1;
    draw_suggest_dialog(app, *b);
  }

  void add_state(nlohmann::json& state) const override {
    state["board_view"] = {{"query", query_},
                           {"shown", shown_.size()},
                           {"selected", selected_},
                           {"suggestions", set_.changes.size()},
                           {"exported", exported_},
                           {"suggest_open", draft_.has_value()},
                           {"suggest_errors", suggest_errors_}};
  }

 private:
  // ---- partners ------------------------------------------------------------------------------
  void refresh_rows(App& app, const Board& b) {
    if (rows_valid_ && shown_query_ == query_ && shown_kind_ == kind_ && shown_area_ == area_) return;
    rows_valid_ = true;
    shown_query_ = query_;
    shown_kind_ = kind_;
    shown_area_ = area_;
    areas_.clear();
    for (const BoardPartner& p : b.partners)
      if (!p.area.empty() && std::find(areas_.begin(), areas_.end(), p.area) == areas_.end()) areas_.push_back(p.area);
    std::sort(areas_.begin(), areas_.end(), [](const std::string& x, const std::string& y) {
      return collation_compare(fold_name(x), fold_name(y)) < 0;
    });
    const std::string folded = fold_name(trim_space(query_));
    shown_.clear();
    const Index& index = app.store().index();
    for (std::size_t i = 0; i < b.partners.size(); ++i) {
      const BoardPartner& p = b.partners[i];
      if (kind_ && p.kind != *kind_) continue;
      if (!area_.empty() && p.area != area_) continue;
      if (!folded.empty()) {
        // The partner's own text (name, area, tags, contacts) and its services' (what they
        // offer, their need tags): a liaison searches "logoped" or "crisis" as often as a name.
        if (index.search_text(p.id).find(folded) == std::string::npos &&
            services_text(b, p.id).find(folded) == std::string::npos)
          continue;
      }
      shown_.push_back(i);
    }
    std::sort(shown_.begin(), shown_.end(), [&](std::size_t x, std::size_t y) {
      return collation_compare(fold_name(b.partners[x].name), fold_name(b.partners[y].name)) < 0;
    });
  }

  // The folded text of a partner's services on the board (what they offer, their access rules,
  // the needs they cover in every language), made once per board.
  const std::string& services_text(const Board& b, Id partner) {
    if (services_text_.empty() && !b.services.empty()) {
      for (const BoardService& s : b.services) {
        std::string& text = services_text_[s.partner_id];
        text += " " + fold_name(s.name + " " + s.description + " " + s.access_rules);
        for (const std::string& key : s.need_tags)
          for (const BoardNeedTag& t : b.need_tags)
            if (t.key == key) text += " " + fold_name(t.label_en + " " + t.label_uk + " " + t.label_ru);
      }
    }
    static const std::string none;
    auto it = services_text_.find(partner);
    return it == services_text_.end() ? none : it->second;
  }

  void draw_partners(App& app, const Board& b) {
    const Lang lang = app.settings().lang;
    if (text_field(app, "board.search_label", "board.search", &query_, 260)) rows_valid_ = false;
    ImGui::SameLine();
    if (optional_filter(app, "board.kind", "board_kind", "board.any_kind", &kind_, 220)) rows_valid_ = false;
    ImGui::SameLine();
    refresh_rows(app, b);
    if (text_filter(app, "board.area", "board_area", "board.any_area", areas_, &area_, 200)) rows_valid_ = false;
    refresh_rows(app, b);
    ImGui::SameLine();
    if (ImGui::Button(L(app, "board.suggest_new", "board.suggest_new").c_str())) {
      Suggestion s;
      s.kind = SuggestionKind::new_partner;
      s.partner.kind = PartnerKind::ngo_charity;
      open_suggest(s);
    }
    ImGui::TextDisabled("%s", trf("board.count", lang, {std::to_string(shown_.size()), std::to_string(b.partners.size())}).c_str());

    const float list_w = std::max(260.0f, ImGui::GetContentRegionAvail().x * 0.36f);
    ImGui::BeginChild("board_list", ImVec2(list_w, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown_.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const BoardPartner& p = b.partners[shown_[static_cast<std::size_t>(row)]];
        std::string label = p.name + "  ·  " + enum_label(app, p.kind);
        if (!p.area.empty()) label += "  ·  " + p.area;
        label += "###board.p." + std::to_string(p.id);
        if (ImGui::Selectable(label.c_str(), p.id == selected_)) selected_ = p.id;
      }
    }
    if (shown_.empty()) wrapped_text(T(app, "board.nothing_found"));
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("board_detail", ImVec2(0, 0), true);
    if (const BoardPartner* p = by_id(b.partners, selected_))
      draw_partner(app, b, *p);
    else
      wrapped_text(T(app, "board.pick_partner"));
    ImGui::EndChild();
  }

  void draw_partner(App& app, const Board& b, const BoardPartner& p) {
    const Lang lang = app.settings().lang;
    if (ImFont* f = heading_font()) ImGui::PushFont(f);
    wrapped_text(p.name.c_str());
    if (heading_font()) ImGui::PopFont();
    std::string line = enum_label(app, p.kind);
    if (!p.area.empty()) line += "  ·  " + p.area;
    ImGui::TextDisabled("%s", line.c_str());
    if (!p.address.empty()) ImGui::TextWrapped("%s: %s", T(app, "board.address"), p.address.c_str());
    if (!p.website.empty()) ImGui::TextWrapped("%s: %s", T(app, "board.website"), p.website.c_str());
    if (ImGui::Button(L(app, "board.suggest", "board.suggest").c_str())) {
      Suggestion s;
      s.kind = SuggestionKind::partner_field;
      s.partner_id = p.id;
      s.field = "address";
      s.before = p.address;
      open_suggest(s);
    }
    for (const BoardContact& c : p.contacts) {
      ImGui::Separator();
      ImGui::TextUnformatted((c.name + (c.role.empty() ? "" : ", " + c.role)).c_str());
      if (!c.phone.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(c.phone.c_str());
        ImGui::SameLine();
        const std::string id = "board.copy." + std::to_string(c.id);
        if (ImGui::SmallButton(L(app, "board.copy", id.c_str()).c_str())) app.copy_text(c.phone);
      }
      if (!c.email.empty()) ImGui::TextUnformatted(c.email.c_str());
      if (!c.messenger.empty()) ImGui::TextUnformatted(c.messenger.c_str());
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(T(app, "board.services"));
    bool any = false;
    for (const BoardService& s : b.services) {
      if (s.partner_id != p.id) continue;
      any = true;
      ImGui::PushID(static_cast<int>(s.id));
      wrapped_text(s.name.c_str());
      if (!s.description.empty()) wrapped_text(s.description.c_str());
      auto row = [&](const char* key, const std::string& value) {
        if (!value.empty()) ImGui::TextWrapped("%s: %s", T(app, key), value.c_str());
      };
      std::string tags;
      for (const std::string& key : s.need_tags) {
        std::string label = key;
        for (const BoardNeedTag& t : b.need_tags)
          if (t.key == key) {
            const std::string& l = lang == Lang::uk ? t.label_uk : lang == Lang::ru ? t.label_ru : t.label_en;
            if (!l.empty()) label = l;
          }
        tags += (tags.empty() ? "" : ", ") + label;
      }
      row("board.needs", tags);
      row("board.access_rules", s.access_rules);
      row("board.schedule", s.schedule);
      row("board.format", enum_label(app, s.format));
      std::string langs;
      for (const std::string& l : s.languages) langs += (langs.empty() ? "" : ", ") + l;
      row("board.languages", langs);
      row("board.ages", s.age_groups);
      row("board.cost", s.cost);
      row("board.specialist", s.trusted_specialist);
      ImGui::Separator();
      ImGui::PopID();
    }
    if (!any) ImGui::TextDisabled("%s", T(app, "board.no_services"));
    // The coming events this partner takes part in.
    for (const BoardEvent& e : b.events) {
      bool in = false;
      for (const std::vector<Id>* list : {&e.host_ids, &e.co_host_ids, &e.venue_ids, &e.audience_ids})
        in = in || std::find(list->begin(), list->end(), p.id) != list->end();
      if (in) ImGui::BulletText("%s  %s", when(e.starts_at, lang).c_str(), e.title.c_str());
    }
  }

  // ---- events --------------------------------------------------------------------------------
  void draw_events(App& app, const Board& b) {
    const Lang lang = app.settings().lang;
    if (b.events.empty()) {
      wrapped_text(T(app, "board.no_events"));
      return;
    }
    if (ImGui::Button(L(app, "board.ics_all", "board.ics_all").c_str())) {
      std::vector<std::size_t> all;
      const std::string today = format_date(app.today());
      for (std::size_t i = 0; i < app.doc().events.size(); ++i)
        if (app.doc().events[i].starts_at.empty() || app.doc().events[i].starts_at.substr(0, 10) >= today) all.push_back(i);
      download_ics(app, "kolo-board-events.ics", all);
    }
    if (!ics_notice_.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", ics_notice_.c_str());
    }
    // In the board's order (by start), the past ones left out: a board made a month ago
    // still shows what is coming today.
    const Document& d = app.doc();
    const std::string today = format_date(app.today());
    int past = 0;
    for (const BoardEvent& be : b.events) {
      const std::ptrdiff_t at = index_of(d.events, be.id);
      if (at < 0) continue;
      const std::size_t i = static_cast<std::size_t>(at);
      const Event& e = d.events[i];
      if (!e.starts_at.empty() && e.starts_at.substr(0, 10) < today) {
        ++past;
        continue;
      }
      ImGui::PushID(static_cast<int>(e.id));
      ImGui::Separator();
      wrapped_text(e.title.c_str());
      ImGui::TextDisabled("%s  ·  %s", when(e.starts_at, lang).c_str(), enum_label(app, e.kind));
      if (!e.place_or_link.empty()) wrapped_text(e.place_or_link.c_str());
      if (!e.audience.empty()) ImGui::TextWrapped("%s: %s", T(app, "board.audience"), e.audience.c_str());
      std::string names;
      for (Id id : event_partner_ids(e))
        if (const Partner* p = find_record<Partner>(d, id)) names += (names.empty() ? "" : ", ") + p->name;
      if (!names.empty()) ImGui::TextWrapped("%s: %s", T(app, "board.with"), names.c_str());
      const std::string id = "board.ics." + std::to_string(e.id);
      if (!e.starts_at.empty() && ImGui::Button(L(app, "board.ics", id.c_str()).c_str()))
        download_ics(app, "kolo-event-" + std::to_string(e.id) + ".ics", {i});
      ImGui::PopID();
    }
    if (past > 0) ImGui::TextDisabled("%s", trf("board.past_events", app.settings().lang, {std::to_string(past)}).c_str());
  }

  void download_ics(App& app, const std::string& name, const std::vector<std::size_t>& events) {
    IcsOptions o;
    const LocalTime local = app.host().local_now();
    o.now_utc = datetime_from_unix(unix_seconds(local));
    o.lang = app.settings().lang;
    o.calendar_name = app.board() ? app.board()->title : "";
    app.host().download(name, "text/calendar", ics_for_events(app.doc(), events, o));
    ics_notice_ = trf("events.exported", app.settings().lang, {name});
  }

  // ---- suggestions ---------------------------------------------------------------------------
  std::string describe_change(App& app, const Board& b, const Suggestion& s) const {
    const Lang lang = app.settings().lang;
    std::string out = T(app, label_key(s.kind).c_str());
    std::string target;
    if (const BoardPartner* p = by_id(b.partners, s.partner_id)) target = p->name;
    if (const BoardService* sv = by_id(b.services, s.service_id)) target = sv->name;
    if (s.kind == SuggestionKind::new_partner) target = s.partner.name;
    if (s.kind == SuggestionKind::new_contact) target += (target.empty() ? "" : ": ") + s.contact.name;
    if (!target.empty()) out += ": " + target;
    if (!s.field.empty()) out += " · " + std::string(T(app, ("suggest_field." + s.field).c_str()));
    if (!s.after.empty()) out += " → " + s.after;
    if (!s.note.empty()) out += " (" + s.note + ")";
    (void)lang;
    return out;
  }

  void draw_suggestions(App& app, const Board& b) {
    const Lang lang = app.settings().lang;
    wrapped_text(T(app, "board.suggestions_intro"));
    labelled_field(app, "board.from_name", "board.from_name", &set_.from_name);
    labelled_field(app, "board.from_contact", "board.from_contact", &set_.from_contact);
    ImGui::Spacing();
    if (set_.changes.empty()) ImGui::TextDisabled("%s", T(app, "board.no_suggestions"));
    for (std::size_t i = 0; i < set_.changes.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      const std::string id = "board.sugg." + std::to_string(i) + ".remove";
      if (ImGui::SmallButton(L(app, "board.remove", id.c_str()).c_str())) {
        set_.changes.erase(set_.changes.begin() + static_cast<std::ptrdiff_t>(i));
        exported_.clear();
        ImGui::PopID();
        break;
      }
      ImGui::SameLine();
      wrapped_text(describe_change(app, b, set_.changes[i]).c_str());
      ImGui::PopID();
    }
    ImGui::Spacing();
    if (set_.changes.empty()) ImGui::BeginDisabled();
    if (ImGui::Button(L(app, "board.export_suggestions", "board.export_suggestions").c_str())) export_suggestions(app, b);
    if (set_.changes.empty()) ImGui::EndDisabled();
    ImGui::SameLine();
    if (!exported_.empty())
      ImGui::TextDisabled("%s", trf("board.exported", lang, {exported_}).c_str());
    else if (!set_.changes.empty())
      ImGui::TextColored(ImVec4(0.7f, 0.35f, 0.0f, 1), "%s", T(app, "board.not_exported"));
  }

  void export_suggestions(App& app, const Board& b) {
    set_.board_id = b.board_id;
    set_.board_revision = b.revision;
    set_.board_made_at = b.made_at;
    set_.board_title = b.title;
    const DateTime now = app.local_now();
    set_.made_at = format_datetime(now).substr(0, 16);
    const std::string name = "kolo-suggestions-" + format_date(now.date) + ".kolo-suggestions.json";
    app.host().download(name, "application/json", suggestions_to_json(set_));
    exported_ = name;
  }

  // ---- the suggestion dialog -------------------------------------------------------------------
  void open_suggest(Suggestion s) {
    draft_ = std::move(s);
    suggest_errors_.clear();
    open_popup_ = true;
  }

  template <std::size_t N>
  void field_combo(App& app, Suggestion& s, const char* const (&fields)[N]) {
    if (std::find_if(std::begin(fields), std::end(fields), [&](const char* f) { return s.field == f; }) == std::end(fields))
      s.field = fields[0];
    form_label(app, "suggest.field_label");
    const std::string preview = T(app, ("suggest_field." + s.field).c_str());
    if (begin_combo("##field###suggest.field", preview.c_str())) {
      for (const char* f : fields) {
        const std::string label = std::string(T(app, (std::string("suggest_field.") + f).c_str())) + "###suggest_field." + f;
        if (ImGui::Selectable(label.c_str(), s.field == f)) s.field = f;
      }
      ImGui::EndCombo();
    }
  }

  void contact_form(App& app, BoardContact& c) {
    labelled_field(app, "suggest.c.name_label", "suggest.c.name", &c.name);
    labelled_field(app, "suggest.c.role_label", "suggest.c.role", &c.role);
    labelled_field(app, "suggest.c.phone_label", "suggest.c.phone", &c.phone);
    labelled_field(app, "suggest.c.email_label", "suggest.c.email", &c.email);
    labelled_field(app, "suggest.c.messenger_label", "suggest.c.messenger", &c.messenger);
  }

  void draw_suggest_dialog(App& app, const Board& b) {
    if (!draft_) return;
    if (open_popup_) {
      ImGui::OpenPopup("###suggest");
      open_popup_ = false;
    }
    ImGui::SetNextWindowSize(ImVec2(620, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(L(app, "suggest.title", "suggest").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
      draft_.reset();  // closed from outside
      return;
    }
    Suggestion& s = *draft_;
    const BoardPartner* partner = by_id(b.partners, s.partner_id);
    if (partner) {
      wrapped_text(partner->name.c_str());
      // The kind of change (a new partner is its own button).
      form_label(app, "suggest.kind_label");
      if (begin_combo("##kind###suggest.kind", T(app, label_key(s.kind).c_str()))) {
        for (SuggestionKind kind : kSuggestionKinds) {
          if (kind == SuggestionKind::new_partner) continue;
          const std::string label = std::string(T(app, label_key(kind).c_str())) + "###suggest_kind." + std::string(kind_name(kind));
          if (ImGui::Selectable(label.c_str(), s.kind == kind)) {
            s.kind = kind;
            s.field.clear();
            s.after.clear();
          }
        }
        ImGui::EndCombo();
      }
    }
    switch (s.kind) {
      case SuggestionKind::partner_field:
        field_combo(app, s, kPartnerFields);
        break;
      case SuggestionKind::service_field: {
        const BoardService* chosen = by_id(b.services, s.service_id);
        if (!chosen || chosen->partner_id != s.partner_id) {
          chosen = nullptr;
          for (const BoardService& sv : b.services)
            if (sv.partner_id == s.partner_id && !chosen) chosen = &sv;
          s.service_id = chosen ? chosen->id : 0;
        }
        form_label(app, "suggest.service_label");
        if (begin_combo("##service###suggest.service", chosen ? chosen->name.c_str() : "")) {
          for (const BoardService& sv : b.services)
            if (sv.partner_id == s.partner_id &&
                ImGui::Selectable((sv.name + "###suggest_service." + std::to_string(sv.id)).c_str(), sv.id == s.service_id))
              s.service_id = sv.id;
          ImGui::EndCombo();
        }
        if (!chosen) ImGui::TextDisabled("%s", T(app, "board.no_services"));
        field_combo(app, s, kServiceFields);
        break;
      }
      case SuggestionKind::contact_field:
      case SuggestionKind::contact_left: {
        const BoardContact* chosen = nullptr;
        if (partner)
          for (const BoardContact& c : partner->contacts)
            if (c.id == s.contact_id || (!chosen && s.contact_id == 0)) chosen = &c;
        s.contact_id = chosen ? chosen->id : 0;
        form_label(app, "suggest.contact_label");
        if (begin_combo("##contact###suggest.contact", chosen ? chosen->name.c_str() : "")) {
          if (partner)
            for (const BoardContact& c : partner->contacts)
              if (ImGui::Selectable((c.name + "###suggest_contact." + std::to_string(c.id)).c_str(), c.id == s.contact_id))
                s.contact_id = c.id;
          ImGui::EndCombo();
        }
        if (!chosen) ImGui::TextDisabled("%s", T(app, "suggest.no_contacts"));
        if (s.kind == SuggestionKind::contact_field) field_combo(app, s, kContactFields);
        break;
      }
      case SuggestionKind::new_contact: contact_form(app, s.contact); break;
      case SuggestionKind::partner_closed: wrapped_text(T(app, "suggest.closed_hint")); break;
      case SuggestionKind::new_partner:
        labelled_field(app, "suggest.p.name_label", "suggest.p.name", &s.partner.name);
        enum_combo(app, "suggest.p.kind_label", "suggest.p.kind", "partner_kind", &s.partner.kind);
        labelled_field(app, "suggest.p.area_label", "suggest.p.area", &s.partner.area);
        labelled_field(app, "suggest.p.address_label", "suggest.p.address", &s.partner.address);
        labelled_field(app, "suggest.p.website_label", "suggest.p.website", &s.partner.website);
        if (s.partner.contacts.empty()) s.partner.contacts.emplace_back();
        contact_form(app, s.partner.contacts.front());
        break;
    }
    s.before = current_value(app.doc(), s);  // as the board shows it, for the owner to see
    const bool field_kind = s.kind == SuggestionKind::partner_field || s.kind == SuggestionKind::service_field ||
                            s.kind == SuggestionKind::contact_field;
    if (field_kind) {
      form_label(app, "suggest.now_label");
      wrapped_text(s.before.empty() ? "—" : s.before.c_str());
      labelled_field(app, "suggest.after_label", "suggest.after", &s.after);
    }
    labelled_field(app, "suggest.note_label", "suggest.note", &s.note);
    for (const std::string& e : suggest_errors_) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", e.c_str());
    bool close = false;
    if (ImGui::Button(L(app, "suggest.ok", "suggest.ok").c_str())) {
      Suggestion clean = s;
      if (clean.kind == SuggestionKind::new_partner && clean.partner.contacts.size() == 1 &&
          clean.partner.contacts[0] == BoardContact{})
        clean.partner.contacts.clear();
      suggest_errors_.clear();
      for (const Error& e : check_suggestion(clean)) suggest_errors_.push_back(describe(e, app.settings().lang));
      if (field_kind && clean.after == clean.before)
        suggest_errors_.push_back(T(app, "suggest.unchanged"));
      if (suggest_errors_.empty()) {
        set_.changes.push_back(std::move(clean));
        exported_.clear();
        close = true;
      }
    }
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.cancel", "suggest.cancel").c_str())) close = true;
    if (close) {
      draft_.reset();
      ImGui::CloseCurrentPopup();
    }
    end_dialog(app, close);
  }

  std::string board_id_;
  struct Kept {
    SuggestionSet set;
    std::string exported;
  };
  std::map<std::string, Kept> kept_;  // by board key: the suggestions of boards closed meanwhile
  int tab_request_ = -1;
  std::string query_, shown_query_;
  std::optional<PartnerKind> kind_, shown_kind_;
  std::string area_, shown_area_;
  std::vector<std::string> areas_;
  bool rows_valid_ = false;
  std::vector<std::size_t> shown_;  // indices into board.partners
  std::unordered_map<Id, std::string> services_text_;
  Id selected_ = 0;
  std::string ics_notice_;
  SuggestionSet set_;
  std::string exported_;  // the file the suggestions were last exported to ("" = not since the last change)
  std::optional<Suggestion> draft_;
  bool open_popup_ = false;
  std::vector<std::string> suggest_errors_;
};

}  // namespace

std::unique_ptr<View> make_board_view() { return std::make_unique<BoardView>(); }

}  // namespace kolo::ui
