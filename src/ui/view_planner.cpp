// Outreach planner (seed 000): first decide whom you work with and which problems you solve;
// then ask who around such a client notices the problem or hears the complaint, and build
// relationships with those people first, offering the contact person real help.
//
// Left, "My practice": the client groups I work with (the practice profile, its first record;
// created on the first change) and the map of problems: for each, whom it concerns, who
// notices it and in which kinds of partner those people work, and whether it is mine. Until the
// user changes the map, the planner shows the suggested one (suggested_problems, in the
// current language); the first change (marking a problem mine, editing, adding or deleting a
// row) stores the whole map with that change as one undoable step.
// Right, "Whom to approach next": the partner kinds ranked for my problems (rank_kinds), each
// with its reason in words, an idea of help to offer its contact person, and a button that
// creates a prospect of that kind in one click and opens it in the partner editor for
// renaming; then the existing prospects to approach next (rank_prospects, the first 20), each
// with its reason and a button that opens it.
//
// Widget ids: planner.group.<client_group> (checkboxes), planner.problem.<i>.mine (checkbox),
// planner.problem.<i>.edit (opens the row editor; i: the row, from 0), planner.problem.add,
// the map's column headers planner.col.mine|problem|groups|notices|kinds; in the row editor
// planner.edit.name, planner.edit.notices, planner.edit.group.<client_group>,
// planner.edit.kind.<partner_kind>, planner.edit.mine, planner.edit.save, planner.edit.cancel,
// planner.edit.delete; planner.kind.<partner_kind>.add, planner.prospect.<id>.
// State: planner_groups (client group codes of the profile), planner_problems_stored (the map
// is the user's, not the suggested one), planner_mine (names of the problems marked mine, in
// map order), planner_kinds (ranked partner kind codes, as shown), planner_reasons and
// planner_ideas (the reason and the idea shown for each of those kinds, same order),
// planner_prospects (partner ids, as shown), planner_editing (the row in the editor: -1 for a
// new one; absent when closed).
//
// Everything shown is worked out once per revision of the document and language.
#include <imgui.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/i18n.hpp"
#include "core/partners.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

constexpr std::size_t kMaxProspects = 20;
constexpr int kNoEditor = -2;  // edit_index_: the row editor is closed (-1: a new row)

// Enum labels joined for a table cell.
template <KoloEnum E> std::string joined(const App& app, const std::vector<E>& values) {
  std::string out;
  for (E v : values) {
    if (!out.empty()) out += ", ";
    out += enum_label(app, v);
  }
  return out;
}

template <class T> bool contains(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Adds `value` to `list` when `on`, removes it otherwise, keeping the enum's order.
template <KoloEnum E> void set_member(std::vector<E>* list, E value, bool on) {
  std::erase(*list, value);
  if (on) list->push_back(value);
  std::sort(list->begin(), list->end());
}

void heading(const App& app, const char* key) { heading_text(T(app, key)); }

// Checkboxes over every value of an enum, laid out left to right, wrapping; ids <prefix_id>.<value>.
template <KoloEnum E> bool enum_checkboxes(const App& app, const std::string& prefix_id, std::vector<E>* values) {
  bool changed = false;
  bool first = true;
  for (E v : all_values<E>()) {
    const std::string label = std::string(enum_label(app, v)) + "###" + prefix_id + "." + std::string(to_string(v));
    const float width = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetFrameHeight() +
                        ImGui::GetStyle().ItemInnerSpacing.x;
    if (!first) {
      ImGui::SameLine();
      if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    }
    first = false;
    bool on = contains(*values, v);
    if (ImGui::Checkbox(label.c_str(), &on)) {
      set_member(values, v, on);
      changed = true;
    }
  }
  return changed;
}

class PlannerView final : public View {
 public:
  PlannerView() : View("planner", "view.planner") {}

  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override;
  void on_document_replaced(App&) override {
    directory_.invalidate();
    valid_ = false;
  }

 private:
  struct KindRow {
    PartnerKind kind{};
    std::string reason, idea;
  };
  struct ProspectRow {
    Id id = 0;
    std::string name, reason;
  };

  void refresh(const App& app);
  // The map with row `index` replaced by `row` (index -1: `row` added; row null: the row
  // deleted), as one undoable step; the suggested map is stored with it the first time.
  bool change_map(App& app, int index, const Problem* row, const char* name_key);
  void add_prospect(App& app, PartnerKind kind);
  void draw_practice(App& app);
  void draw_map(App& app);
  void draw_editor(App& app);
  void draw_advice(App& app);
  std::string notices_sentence(const App& app, const std::vector<std::size_t>& problems) const;

  // Worked out per revision and language.
  Directory directory_;
  std::uint64_t revision_ = 0;
  Lang lang_ = Lang::en;
  bool valid_ = false;
  std::vector<Problem> problems_;  // the map shown: the user's, or the suggested one
  bool stored_ = false;
  std::vector<ClientGroup> groups_;
  std::vector<KindRow> kinds_;
  std::vector<ProspectRow> prospects_;

  int edit_index_ = kNoEditor;
  bool open_editor_ = false;  // open the popup in this frame
  Problem draft_;
};

void PlannerView::add_state(nlohmann::json& state) const {
  nlohmann::json groups = nlohmann::json::array(), mine = nlohmann::json::array(), kinds = nlohmann::json::array(),
                 reasons = nlohmann::json::array(), ideas = nlohmann::json::array(),
                 prospects = nlohmann::json::array();
  for (ClientGroup g : groups_) groups.push_back(to_string(g));
  for (const Problem& p : problems_)
    if (p.mine) mine.push_back(p.name);
  for (const KindRow& k : kinds_) {
    kinds.push_back(to_string(k.kind));
    reasons.push_back(k.reason);
    ideas.push_back(k.idea);
  }
  for (const ProspectRow& p : prospects_) prospects.push_back(p.id);
  state["planner_groups"] = groups;
  state["planner_problems_stored"] = stored_;
  state["planner_mine"] = mine;
  state["planner_kinds"] = kinds;
  state["planner_reasons"] = reasons;
  state["planner_ideas"] = ideas;
  state["planner_prospects"] = prospects;
  if (edit_index_ != kNoEditor) state["planner_editing"] = edit_index_;
}

std::string PlannerView::notices_sentence(const App& app, const std::vector<std::size_t>& problems) const {
  std::string names;
  for (std::size_t i : problems) {
    if (!names.empty()) names += "; ";
    names += problems_[i].name;
  }
  return trf("planner.reason.notices", app.settings().lang, {std::to_string(problems.size()), names});
}

void PlannerView::refresh(const App& app) {
  const std::uint64_t revision = app.store().revision();
  const Lang lang = app.settings().lang;
  if (valid_ && revision == revision_ && lang == lang_) return;
  const Document& doc = app.doc();
  directory_.refresh(doc, app.store().index(), revision, app.today());
  stored_ = !doc.problems.empty();
  problems_ = stored_ ? doc.problems : suggested_problems(lang);
  const Profile* profile = doc.profiles.empty() ? nullptr : &doc.profiles.front();
  groups_ = profile ? profile->client_groups : std::vector<ClientGroup>{};

  kinds_.clear();
  for (const KindRank& r : rank_kinds(doc, problems_, profile)) {
    KindRow row;
    row.kind = r.kind;
    row.reason = notices_sentence(app, r.problems);
    row.reason += ' ';
    row.reason += r.active == 0 ? T(app, "planner.reason.no_active")
                                : trf("planner.reason.active", lang, {std::to_string(r.active)});
    if (r.prospects > 0) row.reason += ' ' + trf("planner.reason.prospects", lang, {std::to_string(r.prospects)});
    row.idea = T(app, ("planner.idea." + std::string(to_string(r.kind))).c_str());
    kinds_.push_back(std::move(row));
  }

  prospects_.clear();
  for (const ProspectRank& r : rank_prospects(doc, directory_, problems_, profile)) {
    if (prospects_.size() == kMaxProspects) break;
    const Partner& p = doc.partners[r.partner];
    ProspectRow row;
    row.id = p.id;
    row.name = p.name;
    row.reason = std::string(enum_label(app, p.kind)) + ". " + notices_sentence(app, r.problems) + ' ' +
                 T(app, r.has_contact ? "planner.reason.contact" : "planner.reason.no_contact");
    const std::string& last = directory_.facts(r.partner).last_contact;
    row.reason += ' ';
    row.reason += last.empty() ? T(app, "planner.reason.never_contacted")
                               : trf("planner.reason.last_contact", lang, {last});
    prospects_.push_back(std::move(row));
  }
  revision_ = revision;
  lang_ = lang;
  valid_ = true;
}

bool PlannerView::change_map(App& app, int index, const Problem* row, const char* name_key) {
  Command command;
  if (stored_) {
    if (row) {
      Problem put = *row;
      if (index < 0) put.id = 0;
      command = put_command(put);
    } else {
      command = delete_command(Table::problems, problems_[static_cast<std::size_t>(index)].id);
    }
  } else {
    std::vector<Command> steps;
    for (std::size_t i = 0; i < problems_.size(); ++i) {
      if (static_cast<int>(i) != index) steps.push_back(put_command(problems_[i]));
      else if (row) steps.push_back(put_command(*row));
    }
    if (index < 0 && row) steps.push_back(put_command(*row));  // the suggested rows have no ids yet: all are added
    command = batch_command(std::move(steps), name_key);
  }
  return !app.apply(std::move(command)).has_value();
}

void PlannerView::add_prospect(App& app, PartnerKind kind) {
  const Document& doc = app.doc();
  Partner p;
  p.kind = kind;
  p.stage = Stage::prospect;
  p.name = T(app, ("planner.new." + std::string(to_string(kind))).c_str());
  p.stage_history.push_back(StageMove{Stage::prospect, format_date(app.today())});
  // The new partner gets the first free id from next_id on; ids of another tab's block may
  // already sit above it, so it is told apart from those.
  const Id from = doc.next_id;
  std::vector<Id> above;
  for (const Partner& q : doc.partners)
    if (q.id >= from) above.push_back(q.id);
  if (app.apply(put_command(p))) return;
  for (const Partner& q : app.doc().partners)
    if (q.id >= from && !contains(above, q.id)) {
      app.open_partner(q.id);
      return;
    }
}

void PlannerView::draw_practice(App& app) {
  heading(app, "planner.practice");
  wrapped_text(T(app, "planner.practice.hint"));
  ImGui::Spacing();
  ImGui::TextUnformatted(T(app, "field.client_groups"));
  std::vector<ClientGroup> groups = groups_;
  if (enum_checkboxes(app, "planner.group", &groups)) {
    const Document& doc = app.doc();
    Profile profile = doc.profiles.empty() ? Profile{} : doc.profiles.front();
    profile.client_groups = groups;
    app.apply(put_command(profile));
  }
}

void PlannerView::draw_map(App& app) {
  ImGui::Spacing();
  heading(app, "planner.map");
  wrapped_text(T(app, stored_ ? "planner.map.hint" : "planner.map.suggested"));
  if (ImGui::Button(L(app, "planner.add_problem", "planner.problem.add").c_str())) {  // above the rows: always in reach
    edit_index_ = -1;
    draft_ = Problem{};
    draft_.mine = true;
    open_editor_ = true;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("planner.map", 6, flags)) {
    ImGui::TableSetupColumn(L(app, "planner.col.mine", "planner.col.mine").c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(L(app, "planner.col.problem", "planner.col.problem").c_str(), 0, 2.2f);
    ImGui::TableSetupColumn(L(app, "field.groups", "planner.col.groups").c_str(), 0, 1.4f);
    ImGui::TableSetupColumn(L(app, "planner.col.notices", "planner.col.notices").c_str(), 0, 1.8f);
    ImGui::TableSetupColumn(L(app, "field.kinds", "planner.col.kinds").c_str(), 0, 1.4f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    table_headers_row();
    const std::string edit = T(app, "planner.edit");
    for (std::size_t i = 0; i < problems_.size(); ++i) {
      const Problem& p = problems_[i];
      const std::string row = "planner.problem." + std::to_string(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      bool mine = p.mine;
      if (ImGui::Checkbox(("###" + row + ".mine").c_str(), &mine)) {
        Problem changed = p;
        changed.mine = mine;
        change_map(app, static_cast<int>(i), &changed, "cmd.edit_problem");
      }
      ImGui::TableNextColumn();
      wrapped_text(p.name.c_str());
      ImGui::TableNextColumn();
      wrapped_text(joined(app, p.groups).c_str());
      ImGui::TableNextColumn();
      wrapped_text(p.who_notices.c_str());
      ImGui::TableNextColumn();
      wrapped_text(joined(app, p.kinds).c_str());
      ImGui::TableNextColumn();
      if (ImGui::SmallButton((edit + "###" + row + ".edit").c_str())) {
        edit_index_ = static_cast<int>(i);
        draft_ = p;
        open_editor_ = true;
      }
    }
    ImGui::EndTable();
  }
}

void PlannerView::draw_editor(App& app) {
  if (open_editor_) {
    ImGui::OpenPopup("###planner.editor");
    open_editor_ = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(720.0f, viewport->WorkSize.x - 40), 0));
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  const std::string title = L(app, edit_index_ < 0 ? "planner.editor.new" : "planner.editor.edit", "planner.editor");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (!ImGui::IsPopupOpen(title.c_str())) edit_index_ = kNoEditor;
    return;
  }
  labelled_field(app, "planner.col.problem", "planner.edit.name", &draft_.name);
  labelled_field(app, "planner.col.notices", "planner.edit.notices", &draft_.who_notices);
  ImGui::TextUnformatted(T(app, "field.groups"));
  enum_checkboxes(app, "planner.edit.group", &draft_.groups);
  ImGui::TextUnformatted(T(app, "field.kinds"));
  enum_checkboxes(app, "planner.edit.kind", &draft_.kinds);
  ImGui::Spacing();
  ImGui::Checkbox(L(app, "field.mine", "planner.edit.mine").c_str(), &draft_.mine);
  ImGui::Separator();
  bool closing = false;
  if (ImGui::Button(L(app, "planner.save", "planner.edit.save").c_str()) &&
      change_map(app, edit_index_, &draft_, edit_index_ < 0 ? "cmd.add_problem" : "cmd.edit_problem"))
    closing = true;
  ImGui::SameLine();
  if (ImGui::Button(L(app, "planner.cancel", "planner.edit.cancel").c_str())) closing = true;
  if (edit_index_ >= 0) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "planner.delete", "planner.edit.delete").c_str()) &&
        change_map(app, edit_index_, nullptr, "cmd.delete_problem"))
      closing = true;
  }
  if (closing) {
    ImGui::CloseCurrentPopup();
    edit_index_ = kNoEditor;
  }
  end_dialog(app, closing);
}

void PlannerView::draw_advice(App& app) {
  heading(app, "planner.approach");
  if (kinds_.empty()) wrapped_text(T(app, "planner.kinds.none"));
  const std::string add = T(app, "planner.add_prospect");
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    const KindRow& k = kinds_[i];
    ImGui::Spacing();
    ImGui::Text("%zu. %s", i + 1, enum_label(app, k.kind));
    wrapped_text(k.reason.c_str());
    ImGui::TextDisabled("%s", T(app, "planner.offer"));
    ImGui::SameLine();
    wrapped_text(k.idea.c_str());
    if (ImGui::Button((add + "###planner.kind." + std::string(to_string(k.kind)) + ".add").c_str()))
      add_prospect(app, k.kind);
  }
  ImGui::Spacing();
  ImGui::Separator();
  heading(app, "planner.prospects");
  if (prospects_.empty()) wrapped_text(T(app, "planner.prospects.none"));
  const std::string open = T(app, "planner.open");
  for (const ProspectRow& p : prospects_) {
    ImGui::Spacing();
    ImGui::TextUnformatted(p.name.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton((open + "###planner.prospect." + std::to_string(p.id)).c_str())) app.open_partner(p.id);
    wrapped_text(p.reason.c_str());
  }
}

void PlannerView::draw(App& app) {
  refresh(app);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("planner.left", ImVec2(avail.x * 0.56f, 0), false);
  draw_practice(app);
  draw_map(app);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("planner.right", ImVec2(0, 0), true);
  draw_advice(app);
  ImGui::EndChild();
  draw_editor(app);
}

}  // namespace

std::unique_ptr<View> make_planner_view() { return std::make_unique<PlannerView>(); }

}  // namespace kolo::ui
