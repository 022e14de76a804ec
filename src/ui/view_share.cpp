// Share (the user's own data): make a read-only board for a school liaison, and review the
// updates she suggests back.
//
// Making a board: start from a rule (everything around one partner, an area, a tag,
// everything, nothing), then untick or add single partners, services and events in the
// preview, which lists exactly what the board file will hold (it is drawn from the Board that
// make_board() returns, core/board.hpp). Save it as a file (.kolo-board.json) or as a page
// (.kolo-board.html) that opens from file:// with no network (Host::save_board_page).
//
// Reviewing: a suggestions file opened here (the picker or a drop, file_kinds.cpp) lists each
// change with what the board showed, what the document holds now and what is suggested; the
// owner accepts (the value may be edited first) or rejects each, and the accepted ones apply as
// one undoable step (core/suggestions.hpp: accept_command).
//
// Widget ids: share.tab.make|review; share.scope (choices share_scope.<scope>),
// share.partner (a filterable combo; choices share_partner.<id>), share.area (share_area.<n>,
// share_area.any), share.tag (share_tag.<n>), share.apply_rule; share.title,
// share.owner_name, share.owner_contact, share.contacts (a checkbox); share.p.<id>,
// share.s.<id>, share.e.<id> (checkboxes of the preview), share.find (a search for partners to
// add) and share.add.<id>; share.save_json, share.save_html. Review: share.open_suggestions,
// review.<n>.accept, review.<n>.reject, review.<n>.after (the value to apply), review.<n>.name
// (a new partner's name), review.accept_all, review.apply, review.close.
// State: share {scope, partners, services, events (the selection's sizes), board_partners,
// board_services, board_events (what the board holds), saved (the last file name), review:
// {file, items: [{kind, state, decision}], applied, skipped}}.
#include <imgui.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/letter.hpp"
#include "core/text.hpp"
#include "io/board_json.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

const char* const kScopes[] = {"around_partner", "area", "tag", "everything", "hand_picked"};

bool contains(const std::vector<Id>& ids, Id id) { return std::binary_search(ids.begin(), ids.end(), id); }
void toggle(std::vector<Id>& ids, Id id, bool on) {
  auto it = std::lower_bound(ids.begin(), ids.end(), id);
  if (on && (it == ids.end() || *it != id)) ids.insert(it, id);
  if (!on && it != ids.end() && *it == id) ids.erase(it);
}

// An ascii name for files: the title's ascii letters and digits, else "kolo-board-<date>".
std::string file_stem(const std::string& title, Date today) {
  std::string out;
  for (char c : title) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 40) out.resize(40);
  return out.empty() ? "kolo-board-" + format_date(today) : out;
}

class ShareView final : public View {
 public:
  ShareView() : View("share", "view.share") {}

  void on_document_replaced(App&) override {
    board_valid_ = false;
    values_revision_ = ~std::uint64_t{0};
    // A document read again from storage starts its revisions afresh: a review's states
    // are worked out again whatever the number says.
    if (review_) review_->revision = ~std::uint64_t{0};
  }

  void draw(App& app) override {
    if (std::optional<App::SuggestionsRequest> r = app.take_suggestions_request()) start_review(app, std::move(*r));
    if (ImGui::BeginTabBar("share_tabs")) {
      if (tab_item(L(app, "share.tab.make", "share.tab.make"), tab_request_ == 0)) {
        draw_make(app);
        ImGui::EndTabItem();
      }
      if (tab_item(L(app, "share.tab.review", "share.tab.review"), tab_request_ == 1)) {
        draw_review(app);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    tab_request_ = -1;
  }

  void add_state(nlohmann::json& state) const override {
    nlohmann::json j = {{"scope", kScopes[static_cast<int>(scope_)]},
                        {"partners", selection_.partner_ids.size()},
                        {"services", selection_.service_ids.size()},
                        {"events", selection_.event_ids.size()},
                        {"board_partners", board_.partners.size()},
                        {"board_services", board_.services.size()},
                        {"board_events", board_.events.size()},
                        {"saved", saved_}};
    if (review_) {
      nlohmann::json items = nlohmann::json::array();
      for (std::size_t i = 0; i < review_->items.size(); ++i) {
        const ReviewItem& it = review_->items[i];
        static const char* const kStates[] = {"applies", "conflict", "already", "cannot"};
        static const char* const kDecisions[] = {"undecided", "accept", "reject"};
        items.push_back({{"kind", std::string(kind_name(it.change.kind))},
                         {"state", kStates[static_cast<int>(it.state)]},
                         {"decision", kDecisions[review_->decisions[i]]}});
      }
      j["review"] = {{"file", review_->file_name}, {"items", items}};
    }
    j["review_result"] = result_;
    state["share"] = j;
  }

 private:
  // ---- making a board --------------------------------------------------------------------------
  BoardOptions options(App& app) const {
    BoardOptions o = options_;
    o.made_at = format_datetime(app.local_now()).substr(0, 16);
    if (o.title.empty()) o.title = T(app, "share.default_title");
    return o;
  }

  void refresh_board(App& app) {
    if (board_valid_ && board_revision_ == app.store().revision() && board_selection_ == selection_ &&
        board_options_ == std::make_pair(options_.title, options_.contacts))
      return;
    board_valid_ = true;
    board_revision_ = app.store().revision();
    tidy_selection(app.doc(), selection_);
    board_selection_ = selection_;
    board_options_ = {options_.title, options_.contacts};
    board_ = make_board(app.doc(), selection_, options(app));
    // The preview's lines: each partner, its services on the board, its services left off,
    // its contact persons (when shared).
    const Document& d = app.doc();
    std::unordered_map<Id, std::vector<std::size_t>> on, off;
    for (std::size_t i = 0; i < board_.services.size(); ++i) on[board_.services[i].partner_id].push_back(i);
    for (std::size_t i = 0; i < d.services.size(); ++i)
      if (!contains(selection_.service_ids, d.services[i].id)) off[d.services[i].partner_id].push_back(i);
    rows_.clear();
    for (std::size_t p = 0; p < board_.partners.size(); ++p) {
      const Id id = board_.partners[p].id;
      rows_.push_back({PreviewRow::partner, p, 0});
      for (std::size_t i : on[id]) rows_.push_back({PreviewRow::service, i, 0});
      for (std::size_t i : off[id]) rows_.push_back({PreviewRow::service_off, i, 0});
      for (std::size_t c = 0; c < board_.partners[p].contacts.size(); ++c) rows_.push_back({PreviewRow::contact, p, c});
    }
    coming_ = select_for_board(d, BoardScope::everything, 0, "", app.today()).event_ids;
  }

  void apply_rule(App& app) {
    std::string text = scope_ == BoardScope::area ? area_ : scope_ == BoardScope::tag ? tag_ : "";
    selection_ = select_for_board(app.doc(), scope_, scope_partner_, text, app.today());
    // A title that says what the board is about, unless the user wrote one.
    if (auto_title_ || options_.title.empty()) {
      auto_title_ = true;
      const Lang lang = app.settings().lang;
      if (scope_ == BoardScope::around_partner) {
        if (const Partner* p = find_record<Partner>(app.doc(), scope_partner_))
          options_.title = trf("share.title_around", lang, {p->name});
      } else if (scope_ == BoardScope::area && !area_.empty()) {
        options_.title = trf("share.title_area", lang, {area_});
      } else if (scope_ == BoardScope::tag && !tag_.empty()) {
        options_.title = trf("share.title_tag", lang, {tag_});
      } else {
        options_.title = T(app, "share.default_title");
      }
    }
    board_valid_ = false;
  }

  void draw_rule(App& app) {
    const Document& d = app.doc();
    form_label(app, "share.scope_label");
    const std::string scope_key = std::string("share_scope.") + kScopes[static_cast<int>(scope_)];
    ImGui::SetNextItemWidth(260);
    if (begin_combo("##scope###share.scope", T(app, scope_key.c_str()))) {
      for (std::size_t i = 0; i < std::size(kScopes); ++i) {
        const std::string key = std::string("share_scope.") + kScopes[i];
        if (ImGui::Selectable(L(app, key.c_str(), key.c_str()).c_str(), static_cast<std::size_t>(scope_) == i))
          scope_ = static_cast<BoardScope>(i);
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (scope_ == BoardScope::around_partner) {
      const Partner* chosen = find_record<Partner>(d, scope_partner_);
      ImGui::SetNextItemWidth(320);
      if (begin_combo("##partner###share.partner", chosen ? chosen->name.c_str() : T(app, "share.pick_partner"))) {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        input_string(app, "share.partner_find", &partner_find_, -1);
        const std::string folded = fold_name(partner_find_);
        // Schools and kindergartens first: a board is most often made for one.
        int shown = 0;
        for (int pass = 0; pass < 2; ++pass)
          for (const Partner& p : d.partners) {
            if ((p.kind == PartnerKind::school_kindergarten) != (pass == 0)) continue;
            if (!folded.empty() && app.store().index().search_text(p.id).find(folded) == std::string::npos) continue;
            if (++shown > 200) break;
            const std::string label = p.name + "  ·  " + enum_label(app, p.kind) + "###share_partner." + std::to_string(p.id);
            if (ImGui::Selectable(label.c_str(), p.id == scope_partner_)) scope_partner_ = p.id;
          }
        ImGui::EndCombo();
      }
    } else if (scope_ == BoardScope::area || scope_ == BoardScope::tag) {
      // The areas or tags to choose from, gathered once per revision (not per frame).
      if (values_revision_ != app.store().revision() || values_scope_ != scope_) {
        values_revision_ = app.store().revision();
        values_scope_ = scope_;
        values_.clear();
        for (const Partner& p : d.partners) {
          if (scope_ == BoardScope::area && !p.area.empty()) values_.push_back(p.area);
          if (scope_ == BoardScope::tag) values_.insert(values_.end(), p.tags.begin(), p.tags.end());
        }
        std::sort(values_.begin(), values_.end());
        values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
      }
      const std::vector<std::string>& values = values_;
      if (scope_ == BoardScope::area)
        text_filter(app, "share.area", "share_area", "share.pick_area", values, &area_, 260);
      else
        text_filter(app, "share.tag", "share_tag", "share.pick_tag", values, &tag_, 260);
    }
    ImGui::SameLine();
    const bool ready = scope_ != BoardScope::around_partner || find_record<Partner>(d, scope_partner_);
    if (!ready) ImGui::BeginDisabled();
    if (ImGui::Button(L(app, "share.apply_rule", "share.apply_rule").c_str())) apply_rule(app);
    if (!ready) ImGui::EndDisabled();
  }

  void draw_make(App& app) {
    const Lang lang = app.settings().lang;
    const Document& d = app.doc();
    wrapped_text(T(app, "share.intro"));
    draw_rule(app);
    if (labelled_field(app, "share.title_label", "share.title", &options_.title)) auto_title_ = false;
    labelled_field(app, "share.owner_name_label", "share.owner_name", &options_.owner.name);
    labelled_field(app, "share.owner_contact_label", "share.owner_contact", &options_.owner.contact);
    ImGui::Checkbox(L(app, "share.contacts", "share.contacts").c_str(), &options_.contacts);
    refresh_board(app);

    ImGui::Separator();
    wrapped_text(trf("share.holds", lang,
                                 {std::to_string(board_.partners.size()), std::to_string(board_.services.size()),
                                  std::to_string(board_.events.size())})
                                 .c_str());
    ImGui::TextColored(ImVec4(0.2f, 0.45f, 0.3f, 1), "%s", T(app, "share.never_holds"));
    const bool empty = board_.partners.empty() && board_.events.empty();
    if (empty) ImGui::BeginDisabled();
    if (ImGui::Button(L(app, "share.save_json", "share.save_json").c_str())) {
      const std::string name = file_stem(board_.title, app.today()) + ".kolo-board.json";
      Board b = make_board(d, selection_, options(app));
      app.host().download(name, "application/json", board_to_json(b));
      saved_ = name;
    }
    ImGui::SameLine();
    if (ImGui::Button(L(app, "share.save_html", "share.save_html").c_str())) {
      const std::string name = file_stem(board_.title, app.today()) + ".kolo-board.html";
      Board b = make_board(d, selection_, options(app));
      app.host().save_board_page(name, board_script_element(b), b.title);
      saved_ = name;
    }
    if (empty) ImGui::EndDisabled();
    if (!saved_.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", trf("share.saved", lang, {saved_}).c_str());
    }

    // The preview: exactly what the board holds, each line a checkbox that takes it out (or,
    // greyed, a service of a partner on the board that is not, to put back). One line per row,
    // clipped: "everything" at 10,000 partners is 40,000 lines.
    ImGui::BeginChild("share_preview", ImVec2(ImGui::GetContentRegionAvail().x * 0.62f, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()), ImGui::GetFrameHeightWithSpacing());
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const PreviewRow& row = rows_[static_cast<std::size_t>(r)];
        if (row.kind != PreviewRow::partner) ImGui::Indent();
        switch (row.kind) {
          case PreviewRow::partner: {
            const BoardPartner& p = board_.partners[row.index];
            bool on = true;
            const std::string label = p.name + "  ·  " + enum_label(app, p.kind) + (p.area.empty() ? "" : "  ·  " + p.area) +
                                      "###share.p." + std::to_string(p.id);
            if (ImGui::Checkbox(label.c_str(), &on)) {
              toggle(selection_.partner_ids, p.id, false);
              board_valid_ = false;
            }
            break;
          }
          case PreviewRow::service: {
            const BoardService& sv = board_.services[row.index];
            bool on = true;
            std::string label = sv.name;
            if (!sv.schedule.empty()) label += "  ·  " + sv.schedule;
            label += "###share.s." + std::to_string(sv.id);
            if (ImGui::Checkbox(label.c_str(), &on)) {
              toggle(selection_.service_ids, sv.id, false);
              board_valid_ = false;
            }
            break;
          }
          case PreviewRow::service_off: {
            const Service& sv = d.services[row.index];
            bool on = false;
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            if (ImGui::Checkbox((sv.name + "###share.s." + std::to_string(sv.id)).c_str(), &on)) {
              toggle(selection_.service_ids, sv.id, true);
              board_valid_ = false;
            }
            ImGui::PopStyleColor();
            break;
          }
          case PreviewRow::contact: {
            const BoardContact& c = board_.partners[row.index].contacts[row.sub];
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("%s  %s  %s", c.name.c_str(), c.phone.c_str(), c.email.c_str());
            break;
          }
        }
        if (row.kind != PreviewRow::partner) ImGui::Unindent();
      }
    }
    if (board_.partners.empty()) wrapped_text(T(app, "share.empty"));
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("share_side", ImVec2(0, 0), true);
    // Events: the coming ones, ticked when on the board.
    ImGui::TextUnformatted(T(app, "share.events"));
    for (Id id : coming_) {
      const Event* e = find_record<Event>(d, id);
      if (!e) continue;
      bool on = contains(selection_.event_ids, id);
      const std::string label = e->title + "  ·  " + std::string(e->starts_at.substr(0, std::min<std::size_t>(10, e->starts_at.size()))) +
                                "###share.e." + std::to_string(id);
      if (ImGui::Checkbox(label.c_str(), &on)) {
        toggle(selection_.event_ids, id, on);
        board_valid_ = false;
      }
    }
    if (coming_.empty()) ImGui::TextDisabled("%s", T(app, "share.no_events"));
    ImGui::Separator();
    // Partners to add by hand.
    ImGui::TextUnformatted(T(app, "share.add_partners"));
    input_string(app, "share.find", &find_, -1);
    const std::string folded = fold_name(trim_space(find_));
    if (!folded.empty()) {
      int shown = 0;
      for (const Partner& p : d.partners) {
        if (contains(selection_.partner_ids, p.id)) continue;
        if (app.store().index().search_text(p.id).find(folded) == std::string::npos) continue;
        if (++shown > 30) break;
        const std::string label = "+ " + p.name + "###share.add." + std::to_string(p.id);
        if (ImGui::Selectable(label.c_str())) {
          toggle(selection_.partner_ids, p.id, true);
          for (const Service& s : d.services)
            if (s.partner_id == p.id) toggle(selection_.service_ids, s.id, true);
          board_valid_ = false;
        }
      }
    }
    ImGui::EndChild();
  }

  // ---- reviewing suggested updates -------------------------------------------------------------
  struct Review {
    std::string file_name;
    SuggestionSet set;
    std::vector<ReviewItem> items;
    std::vector<int> decisions;  // 0 undecided, 1 accept, 2 reject
    std::uint64_t revision = 0;  // of the document the states were worked out against
    bool stale = false;  // states changed since the owner last pressed Apply
  };

  // The document changed under the review (an edit, an undo, another tab's save): each item's
  // state is worked out again against it, keeping the owner's decisions and edited values.
  // True when an accepted item no longer applies as it did.
  bool refresh_review(App& app) {
    Review& r = *review_;
    if (r.revision == app.store().revision()) return false;
    r.revision = app.store().revision();
    SuggestionSet edited = r.set;
    for (std::size_t i = 0; i < r.items.size(); ++i) edited.changes[i] = r.items[i].change;
    std::vector<ReviewItem> fresh = review(app.doc(), edited);
    bool moved = false;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      if (r.decisions[i] == 1 && (fresh[i].state != r.items[i].state || fresh[i].current != r.items[i].current))
        moved = true;
      if (fresh[i].state == ReviewState::cannot || fresh[i].state == ReviewState::already) r.decisions[i] = 0;
    }
    r.items = std::move(fresh);
    return moved;
  }

  void start_review(App& app, App::SuggestionsRequest request) {
    Review r;
    r.file_name = std::move(request.file_name);
    r.set = std::move(request.set);
    r.items = review(app.doc(), r.set);
    r.decisions.assign(r.items.size(), 0);
    r.revision = app.store().revision();
    review_ = std::move(r);
    result_.clear();
    tab_request_ = 1;
  }

  // A change's target as the document names it now (or as the suggestion does).
  std::string target(App& app, const ReviewItem& it) const {
    const Document& d = app.doc();
    const Suggestion& s = it.change;
    if (s.kind == SuggestionKind::new_partner) return s.partner.name;
    std::string out;
    if (const Partner* p = find_record<Partner>(d, s.partner_id)) out = p->name;
    if (const Service* sv = find_record<Service>(d, s.service_id)) {
      if (const Partner* p = find_record<Partner>(d, sv->partner_id)) out = p->name;
      out += (out.empty() ? "" : " / ") + sv->name;
    }
    if (out.empty()) out = s.before;
    if (s.kind == SuggestionKind::new_contact) out += ": " + s.contact.name;
    if (!s.field.empty()) out += " · " + std::string(T(app, ("suggest_field." + s.field).c_str()));
    return out;
  }

  void draw_review(App& app) {
    const Lang lang = app.settings().lang;
    if (!result_.empty()) ImGui::TextColored(ImVec4(0.15f, 0.45f, 0.25f, 1), "%s", result_.c_str());
    if (!review_) {
      wrapped_text(T(app, "share.review_intro"));
      if (ImGui::Button(L(app, "share.open_suggestions", "share.open_suggestions").c_str())) app.request_import();
      return;
    }
    // Changed under the review: the next press of Apply was aimed at the old states, so it
    // only shows the fresh ones (review.changed_meanwhile says so); the one after applies.
    if (refresh_review(app)) {
      result_ = T(app, "review.changed_meanwhile");
      review_->stale = true;
    }
    Review& r = *review_;
    std::string from = r.set.from_name.empty() ? std::string(T(app, "board.owner_unknown")) : r.set.from_name;
    if (!r.set.from_contact.empty()) from += " (" + r.set.from_contact + ")";
    wrapped_text(trf("review.header", lang,
                                 {r.file_name, from, r.set.board_title,
                                  long_date(std::string_view(r.set.board_made_at).substr(0, std::min<std::size_t>(10, r.set.board_made_at.size())), lang)})
                                 .c_str());
    if (ImGui::Button(L(app, "review.accept_all", "review.accept_all").c_str()))
      for (std::size_t i = 0; i < r.items.size(); ++i)
        if (r.items[i].state == ReviewState::applies) r.decisions[i] = 1;
    ImGui::Separator();
    ImGui::BeginChild("review_list", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f), false);
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      ReviewItem& it = r.items[i];
      const std::string n = std::to_string(i);
      ImGui::PushID(static_cast<int>(i));
      ImGui::TextUnformatted((std::string(T(app, label_key(it.change.kind).c_str())) + ": " + target(app, it)).c_str());
      switch (it.state) {
        case ReviewState::applies: ImGui::TextDisabled("%s", T(app, "review.applies")); break;
        case ReviewState::already: ImGui::TextDisabled("%s", T(app, "review.already")); break;
        case ReviewState::conflict:
          ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.0f, 1), "%s",
                             trf("review.conflict", lang, {it.change.before, it.current}).c_str());
          break;
        case ReviewState::cannot:
          ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s",
                             trf("review.cannot", lang, {describe(it.why, lang)}).c_str());
          break;
      }
      const Suggestion& s = it.change;
      if (!s.before.empty() && s.kind != SuggestionKind::partner_closed && s.kind != SuggestionKind::contact_left)
        ImGui::TextWrapped("%s: %s", T(app, "review.was"), s.before.c_str());
      const bool field_kind = s.kind == SuggestionKind::partner_field || s.kind == SuggestionKind::service_field ||
                              s.kind == SuggestionKind::contact_field;
      const bool can = it.state != ReviewState::cannot && it.state != ReviewState::already;
      if (field_kind && can) {
        form_label(app, "review.after_label");
        input_string(app, ("review." + n + ".after").c_str(), &it.change.after);
      } else if (s.kind == SuggestionKind::new_partner && can) {
        form_label(app, "review.name_label");
        input_string(app, ("review." + n + ".name").c_str(), &it.change.partner.name);
        std::string details = enum_label(app, s.partner.kind);
        for (const std::string* t : {&s.partner.area, &s.partner.address, &s.partner.website})
          if (!t->empty()) details += "  ·  " + *t;
        for (const BoardContact& c : s.partner.contacts) details += "  ·  " + c.name + " " + c.phone + " " + c.email;
        ImGui::TextDisabled("%s", details.c_str());
      } else if (s.kind == SuggestionKind::new_contact) {
        ImGui::TextDisabled("%s %s %s %s", s.contact.role.c_str(), s.contact.phone.c_str(), s.contact.email.c_str(),
                            s.contact.messenger.c_str());
      }
      if (!s.note.empty()) ImGui::TextWrapped("%s: %s", T(app, "review.note"), s.note.c_str());
      if (can) {
        int& d = r.decisions[i];
        if (radio_button(L(app, "review.accept", ("review." + n + ".accept").c_str()).c_str(), d == 1)) d = 1;
        ImGui::SameLine();
        if (radio_button(L(app, "review.reject", ("review." + n + ".reject").c_str()).c_str(), d == 2)) d = 2;
      }
      ImGui::Separator();
      ImGui::PopID();
    }
    ImGui::EndChild();
    std::size_t accepted = 0;
    for (int d : r.decisions) accepted += d == 1;
    if (accepted == 0) ImGui::BeginDisabled();
    if (ImGui::Button(trf("review.apply", lang, {std::to_string(accepted)}).append("###review.apply").c_str()))
      apply_review(app);
    if (accepted == 0) ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(L(app, "review.close", "review.close").c_str())) review_.reset();
  }

  void apply_review(App& app) {
    if (refresh_review(app) || review_->stale) {  // applied to what the owner has not seen: show it first
      result_ = T(app, "review.changed_meanwhile");
      review_->stale = false;
      return;
    }
    Review& r = *review_;
    std::vector<ReviewItem> accepted;
    for (std::size_t i = 0; i < r.items.size(); ++i)
      if (r.decisions[i] == 1) accepted.push_back(r.items[i]);
    std::vector<ReviewItem> skipped;
    std::string from = r.set.from_name.empty() ? r.file_name : r.set.from_name;
    Command command = accept_command(app.doc(), accepted, from, app.today(), app.settings().lang, &skipped);
    const Lang lang = app.settings().lang;
    if (skipped.size() == accepted.size()) {  // an empty step would be an Undo that does nothing
      result_ = trf("review.nothing_applied", lang, {skipped.empty() ? "" : target(app, skipped.front()) + ": " + describe(skipped.front().why, lang)});
      return;
    }
    if (app.apply(std::move(command))) return;  // the error dialog says why; the review stays
    result_ = trf("review.applied", lang, {std::to_string(accepted.size() - skipped.size())});
    for (const ReviewItem& it : skipped)
      result_ += "\n" + trf("review.skipped", lang, {target(app, it) + ": " + describe(it.why, lang)});
    review_.reset();
  }

  int tab_request_ = -1;
  BoardScope scope_ = BoardScope::around_partner;
  Id scope_partner_ = 0;
  std::string area_, tag_, partner_find_, find_;
  BoardOptions options_;
  bool auto_title_ = true;
  BoardSelection selection_;
  Board board_;
  bool board_valid_ = false;
  std::uint64_t board_revision_ = 0;
  BoardSelection board_selection_;
  std::pair<std::string, bool> board_options_;
  struct PreviewRow {
    enum Kind { partner, service, service_off, contact } kind;
    std::size_t index;  // into board_.partners, board_.services or doc().services
    std::size_t sub;    // a contact's place in its partner's list
  };
  std::vector<PreviewRow> rows_;
  std::vector<Id> coming_;  // the coming events of the document, to tick
  std::vector<std::string> values_;  // the areas or tags the rule offers
  std::uint64_t values_revision_ = ~std::uint64_t{0};
  BoardScope values_scope_ = BoardScope::everything;
  std::string saved_;
  std::optional<Review> review_;
  std::string result_;
};

}  // namespace

std::unique_ptr<View> make_share_view() { return std::make_unique<ShareView>(); }

}  // namespace kolo::ui
