// Partners: the full directory of referral sources and partners.
//
// Widget ids: partners.search, partners.add, partners.vcard (the listed partners' contact persons
// as a .vcf), partners.row.<id> (a click opens the partner
// editor, partner_editor.hpp), the column headers partners.col.name|kind|stage|area|
// last_contact|next_contact|referrals_in|referrals_out (a click sorts by that column, a second
// click reverses), and the filters partners.filter.kind|stage|area|tag|agreement (combos; their
// choices are filter_kind.<value>, filter_stage.<value>, filter_area.<n>, filter_tag.<n> (n: the
// position in the list of areas or tags, alphabetical), filter_agreement.<value>, and
// <prefix>.any for "any"), partners.filter.overdue (a checkbox) and partners.filter.clear.
// State: partner_search (the search text), partners_sort ("name", "-name", "next_contact",
// ...), partners_shown (rows matching the search and filters), partners_filter ({kind, stage,
// area, tag, agreement, overdue}: only the filters that are set).
//
// What the rows show is worked out per revision of the document (core/partners.hpp,
// Directory); a keystroke in the search only filters and sorts precomputed values.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/partners.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

// How long a partner just saved stays highlighted, so the eye finds it in a sorted list.
constexpr double kHighlightSeconds = 1.5;
constexpr int kColumns = 8;

// The colours of keep in touch: amber past the ideal gap, red past the longest.
ImVec4 due_colour(Due level) {
  switch (level) {
    case Due::red: return ImVec4(0.80f, 0.16f, 0.12f, 1.0f);
    case Due::amber: return ImVec4(0.80f, 0.52f, 0.0f, 1.0f);
    case Due::soon: return ImVec4(0.15f, 0.45f, 0.75f, 1.0f);
    default: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
  }
}

class PartnersView final : public View {
 public:
  PartnersView() : View("partners", "view.partners") {}

  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override;
  void on_document_replaced(App&) override {
    directory_.invalidate();
    rows_valid_ = false;
  }

 private:
  void draw_filters(App& app);
  void draw_table(App& app);
  const std::vector<int>& rows(const App& app);

  std::string search_;
  PartnerFilter filter_;  // query unused: search_ is it
  PartnerColumn sort_column_ = PartnerColumn::name;
  bool sort_ascending_ = true;
  Id highlight_id_ = 0;  // the partner just saved
  double highlight_until_ = 0;
  bool scroll_to_highlight_ = false;
  float row_height_ = 0;  // as the list clipper measured it

  Directory directory_;
  std::vector<int> rows_;  // indices into doc().partners: matching, in display order
  PartnerFilter rows_filter_;
  std::uint64_t rows_revision_ = 0;
  PartnerColumn rows_column_ = PartnerColumn::name;
  bool rows_ascending_ = true;
  bool rows_valid_ = false;
};

bool same_filter(const PartnerFilter& a, const PartnerFilter& b) {
  return a.query == b.query && a.kind == b.kind && a.stage == b.stage && a.area == b.area && a.tag == b.tag &&
         a.agreement == b.agreement && a.overdue == b.overdue;
}

void PartnersView::add_state(nlohmann::json& state) const {
  state["partner_search"] = search_;
  state["partners_sort"] =
      std::string(sort_ascending_ ? "" : "-") + kPartnerColumnCodes[static_cast<int>(sort_column_)];
  if (rows_valid_) state["partners_shown"] = rows_.size();
  nlohmann::json f = nlohmann::json::object();
  if (filter_.kind) f["kind"] = to_string(*filter_.kind);
  if (filter_.stage) f["stage"] = to_string(*filter_.stage);
  if (!filter_.area.empty()) f["area"] = filter_.area;
  if (!filter_.tag.empty()) f["tag"] = filter_.tag;
  if (filter_.agreement) f["agreement"] = to_string(*filter_.agreement);
  if (filter_.overdue) f["overdue"] = true;
  state["partners_filter"] = f;
}

const std::vector<int>& PartnersView::rows(const App& app) {
  const std::uint64_t revision = app.store().revision();
  directory_.refresh(app.doc(), app.store().index(), revision, app.today());
  PartnerFilter wanted = filter_;
  wanted.query = search_;
  if (rows_valid_ && rows_revision_ == revision && same_filter(rows_filter_, wanted) && rows_column_ == sort_column_ &&
      rows_ascending_ == sort_ascending_)
    return rows_;
  rows_ = directory_.rows(app.doc(), app.store().index(), wanted, sort_column_, sort_ascending_);
  rows_filter_ = wanted;
  rows_revision_ = revision;
  rows_column_ = sort_column_;
  rows_ascending_ = sort_ascending_;
  rows_valid_ = true;
  return rows_;
}

void PartnersView::draw(App& app) {
  const Document& doc = app.doc();
  text_field(app, "partners.search", "partners.search", &search_, 320.0f);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "partners.add", "partners.add").c_str())) app.new_partner();
  if (!doc.partners.empty()) {
    // The contact persons of the partners listed (after search and filters) for a phone.
    ImGui::SameLine();
    if (ImGui::Button(L(app, "partners.vcard", "partners.vcard").c_str())) {
      std::vector<Id> ids;
      for (int i : rows(app)) ids.push_back(doc.partners[static_cast<std::size_t>(i)].id);
      if (!ids.empty()) app.export_vcards(ids);
    }
  }

  const PartnerEditor& editor = app.partner_editor();
  if (editor.last_saved() != 0 && editor.saved_at() >= 0 && editor.last_saved() != highlight_id_ &&
      editor.saved_at() + kHighlightSeconds > app.now()) {
    highlight_id_ = editor.last_saved();
    highlight_until_ = editor.saved_at() + kHighlightSeconds;
    scroll_to_highlight_ = true;
  }

  if (doc.partners.empty()) {
    empty_state(app, "partners.empty.title", "partners.empty.body");
    if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
  } else {
    draw_filters(app);
    draw_table(app);
  }
  if (highlight_id_ != 0 && app.now() < highlight_until_) app.request_frames();  // the highlight fades
}

void PartnersView::draw_filters(App& app) {
  directory_.refresh(app.doc(), app.store().index(), app.store().revision(), app.today());
  const float w = 150.0f;
  optional_filter(app, "partners.filter.kind", "filter_kind", "filter.any_kind", &filter_.kind, w);
  ImGui::SameLine();
  optional_filter(app, "partners.filter.stage", "filter_stage", "filter.any_stage", &filter_.stage, w);
  ImGui::SameLine();
  text_filter(app, "partners.filter.area", "filter_area", "filter.any_area", directory_.areas(), &filter_.area, w);
  ImGui::SameLine();
  text_filter(app, "partners.filter.tag", "filter_tag", "filter.any_tag", directory_.tags(), &filter_.tag, w);
  ImGui::SameLine();
  optional_filter(app, "partners.filter.agreement", "filter_agreement", "filter.any_agreement", &filter_.agreement, w);
  ImGui::SameLine();
  ImGui::Checkbox(L(app, "filter.overdue", "partners.filter.overdue").c_str(), &filter_.overdue);
  if (filter_.any()) {
    ImGui::SameLine();
    if (ImGui::SmallButton(L(app, "filter.clear", "partners.filter.clear").c_str())) filter_ = PartnerFilter{};
  }
}

void PartnersView::draw_table(App& app) {
  const Document& doc = app.doc();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Sortable;
  // ImGui brings a scrolled list back within its new length one frame late: after the list
  // shrank (a narrower search, the example removed while another view was shown) that frame
  // would show no rows at all. So the scroll is brought back before the table begins.
  if (const ImGuiTable* last = ImGui::TableFindByID(ImGui::GetID("partners")); last && last->InnerWindow && row_height_ > 0) {
    const float content = static_cast<float>(rows(app).size() + 1) * row_height_;  // + the header row
    const float max_scroll = std::max(0.0f, content - last->InnerWindow->InnerRect.GetHeight());
    if (last->InnerWindow->Scroll.y > max_scroll) ImGui::SetNextWindowScroll(ImVec2(-1.0f, max_scroll));
  }
  const std::vector<int>& visible = rows(app);
  if (visible.empty()) ImGui::TextDisabled("%s", T(app, "partners.none_match"));
  if (!ImGui::BeginTable("partners", kColumns, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  static constexpr const char* kLabels[kColumns] = {"field.name",            "field.kind",
                                                     "field.stage",           "field.area",
                                                     "partners.last_contact", "partners.next_contact",
                                                     "partners.referrals_in", "partners.referrals_out"};
  static constexpr float kWeights[kColumns] = {3.0f, 1.8f, 1.3f, 1.5f, 1.2f, 1.2f, 0.7f, 0.7f};
  for (int c = 0; c < kColumns; ++c) {
    const std::string id = std::string("partners.col.") + kPartnerColumnCodes[c];
    ImGui::TableSetupColumn(L(app, kLabels[c], id.c_str()).c_str(), c == 0 ? ImGuiTableColumnFlags_DefaultSort : 0,
                            kWeights[c]);
  }
  table_headers_row();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      sort_column_ = static_cast<PartnerColumn>(specs->Specs[0].ColumnIndex);
      sort_ascending_ = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
  }

  if (app.now() >= highlight_until_) scroll_to_highlight_ = false;
  int highlight_row = -1;
  if (scroll_to_highlight_)
    for (std::size_t r = 0; r < visible.size(); ++r)
      if (doc.partners[static_cast<std::size_t>(visible[r])].id == highlight_id_) highlight_row = static_cast<int>(r);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(visible.size()));
  if (highlight_row >= 0) clipper.ForceDisplayRangeByIndices(highlight_row, highlight_row + 1);
  char number[16];
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t at = static_cast<std::size_t>(visible[static_cast<std::size_t>(row)]);
      const Partner& p = doc.partners[at];
      const PartnerFacts& facts = directory_.facts(at);
      ImGui::TableNextRow();
      if (p.id == highlight_id_ && app.now() < highlight_until_) {
        const float left = static_cast<float>((highlight_until_ - app.now()) / kHighlightSeconds);
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.99f, 0.86f, 0.45f, 0.85f * left)));
      }
      ImGui::TableNextColumn();
      const std::string label = p.name + "###partners.row." + std::to_string(p.id);
      // A finger gets a row as tall as a button.
      const ImVec2 size(0, touch_mode() ? ImGui::GetFrameHeight() : 0.0f);
      if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, size)) app.open_partner(p.id);
      if (row == highlight_row) {  // into view, unless it is in view already
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        if (!ImGui::IsRectVisible(min, ImVec2(min.x + 1, min.y + 1)) || !ImGui::IsRectVisible(ImVec2(max.x - 1, max.y - 1), max))
          ImGui::SetScrollHereY(0.5f);
        scroll_to_highlight_ = false;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(enum_label(app, p.kind));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(enum_label(app, p.stage));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p.area.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(facts.last_contact.c_str());
      ImGui::TableNextColumn();
      const TouchStatus& touch = facts.touch;
      if (touch.level != Due::none) {
        ImGui::PushStyleColor(ImGuiCol_Text, due_colour(touch.level));
        ImGui::TextUnformatted(touch.due.empty() ? T(app, "touch.never") : touch.due.c_str());
        ImGui::PopStyleColor();
      }
      ImGui::TableNextColumn();
      if (facts.referrals_in > 0) {
        std::snprintf(number, sizeof number, "%d", facts.referrals_in);
        ImGui::TextUnformatted(number);
      }
      ImGui::TableNextColumn();
      if (facts.referrals_out > 0) {
        std::snprintf(number, sizeof number, "%d", facts.referrals_out);
        ImGui::TextUnformatted(number);
      }
    }
  }
  if (clipper.ItemsHeight > 0) row_height_ = clipper.ItemsHeight;
  ImGui::EndTable();
}

}  // namespace

std::unique_ptr<View> make_partners_view() { return std::make_unique<PartnersView>(); }

}  // namespace kolo::ui
