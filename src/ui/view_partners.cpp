// Partners: the directory of referral sources and partners, and their pipeline stage.
// Widget ids: partners.search, partners.add, partners.row.<id>, the column headers
// partners.col.name|kind|stage|area (a click sorts by that column, a second click reverses),
// and in the editor partner.name, partner.kind, partner.stage, partner.area,
// partner.their_needs, partner.save, partner.cancel, partner.delete; the choices of a combo
// are kind.<value> and stage.<value>.
// State: partner_search (the search text), editor_open, partners_sort ("name", "-name", ...),
// partners_shown (rows matching the search).
//
// The rows on screen are worked out only when the search text, the sort or the document's
// revision changes, never per frame: a search looks for the folded query in the index's folded
// text of each partner (its name, area, tags, notes, contact persons and services), and the
// sort keys are made again only for names that changed. Names sort in the alphabet's order.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

// How long a partner just saved stays highlighted, so the eye finds it in a sorted list.
constexpr double kHighlightSeconds = 1.5;

// A combo over every value of a Kolo enum, labelled from the catalog.
template <KoloEnum E>
void enum_combo(App& app, const char* label_key, const char* id, const char* choice_prefix, E* value) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, label_key));
  ImGui::SameLine(140);
  ImGui::SetNextItemWidth(-1);
  const std::string current = T(app, kolo::label_key(*value).c_str());
  if (ImGui::BeginCombo((std::string("##") + id + "###" + id).c_str(), current.c_str())) {
    for (E v : all_values<E>()) {
      const std::string choice = std::string(T(app, kolo::label_key(v).c_str())) + "###" + choice_prefix + "." +
                                 std::string(to_string(v));
      if (ImGui::Selectable(choice.c_str(), v == *value)) *value = v;
    }
    ImGui::EndCombo();
  }
}

// A sort key for folded (lower-case) text in alphabetical order for Ukrainian and Russian:
// code points put ґ, є, і, ї and ё far from their neighbours in the alphabet (г, е, и).
std::u32string collation_key(std::string_view folded) {
  std::u32string key;
  key.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    const unsigned char b = static_cast<unsigned char>(folded[i]);
    const int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + static_cast<std::size_t>(k) < folded.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(folded[i + static_cast<std::size_t>(k)]) & 0x3F);
    i += static_cast<std::size_t>(n);
    // а..я spaced out by 4 so the extra letters fit right after their base letter.
    const auto at = [](char32_t base, char32_t extra) { return 0x10000 + (base - U'а') * 4 + extra; };
    if (cp >= U'а' && cp <= U'я') cp = at(cp, 0);
    else if (cp == U'ґ') cp = at(U'г', 1);
    else if (cp == U'є') cp = at(U'е', 1);
    else if (cp == U'ё') cp = at(U'е', 2);
    else if (cp == U'і') cp = at(U'и', 1);
    else if (cp == U'ї') cp = at(U'и', 2);
    key.push_back(cp);
  }
  return key;
}

enum class Column { name, kind, stage, area };
constexpr const char* kColumnCodes[] = {"name", "kind", "stage", "area"};

class PartnersView final : public View {
 public:
  PartnersView() : View("partners", "view.partners") {}

  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override;
  void on_document_replaced(App&) override {
    folded_.clear();
    folded_valid_ = false;
    rows_valid_ = false;
  }

 private:
  // Per partner, the sort keys of its name and area, made again only when they change.
  // What a search looks in is the index's folded text (core/index.hpp), kept current per
  // revision by the Store.
  struct Folded {
    std::string name_source, area_source;
    std::u32string name, area;  // collation keys
  };

  void draw_editor(App& app);
  void draw_table(App& app);
  const std::vector<int>& rows(const App& app);
  void sort_rows(const App& app);

  std::string search_;
  Column sort_column_ = Column::name;
  bool sort_ascending_ = true;
  std::optional<Partner> editor_;  // the partner being added or edited (a draft)
  Id highlight_id_ = 0;            // the partner just saved
  double highlight_until_ = 0;
  bool scroll_to_highlight_ = false;
  float row_height_ = 0;  // as the list clipper measured it

  std::vector<Folded> folded_;  // by index into doc().partners, valid for folded_revision_
  std::uint64_t folded_revision_ = 0;
  bool folded_valid_ = false;
  std::vector<int> rows_;  // indices into doc().partners: matching, in display order
  std::string rows_search_;
  Column rows_column_ = Column::name;
  bool rows_ascending_ = true;
  bool rows_valid_ = false;
};

void PartnersView::add_state(nlohmann::json& state) const {
  state["partner_search"] = search_;
  state["editor_open"] = editor_.has_value();
  state["partners_sort"] = std::string(sort_ascending_ ? "" : "-") + kColumnCodes[static_cast<int>(sort_column_)];
  if (rows_valid_) state["partners_shown"] = rows_.size();
}

const std::vector<int>& PartnersView::rows(const App& app) {
  const std::uint64_t revision = app.store().revision();
  const bool fresh_text = !folded_valid_ || folded_revision_ != revision;
  if (fresh_text) {
    const std::vector<Partner>& partners = app.doc().partners;
    folded_.resize(partners.size());
    for (std::size_t i = 0; i < partners.size(); ++i) {
      const Partner& p = partners[i];
      Folded& f = folded_[i];
      if (f.name_source != p.name || f.name.empty() != p.name.empty()) {
        f.name_source = p.name;
        f.name = collation_key(fold_name(p.name));
      }
      if (f.area_source != p.area) {
        f.area_source = p.area;
        f.area = collation_key(fold_name(p.area));
      }
    }
    folded_revision_ = revision;
    folded_valid_ = true;
  }
  if (!fresh_text && rows_valid_ && rows_search_ == search_ && rows_column_ == sort_column_ &&
      rows_ascending_ == sort_ascending_)
    return rows_;
  const std::string query = fold_name(search_);
  const std::vector<Partner>& partners = app.doc().partners;
  const Index& index = app.store().index();
  rows_.clear();
  for (int i = 0; i < static_cast<int>(partners.size()); ++i)
    if (query.empty() || index.search_text(partners[static_cast<std::size_t>(i)].id).find(query) != std::string::npos)
      rows_.push_back(i);
  sort_rows(app);
  rows_search_ = search_;
  rows_column_ = sort_column_;
  rows_ascending_ = sort_ascending_;
  rows_valid_ = true;
  return rows_;
}

void PartnersView::sort_rows(const App& app) {
  const std::vector<Partner>& partners = app.doc().partners;
  const auto key_less = [&](int a, int b) {
    const std::size_t ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
    switch (sort_column_) {
      case Column::kind:
        if (partners[ia].kind != partners[ib].kind) return partners[ia].kind < partners[ib].kind;
        break;
      case Column::stage:
        if (partners[ia].stage != partners[ib].stage) return partners[ia].stage < partners[ib].stage;
        break;
      case Column::area:
        if (folded_[ia].area != folded_[ib].area) return folded_[ia].area < folded_[ib].area;
        break;
      case Column::name: break;
    }
    return false;
  };
  // Ties fall back to the name, then to the order of entry, in either direction of the sort.
  std::stable_sort(rows_.begin(), rows_.end(), [&](int a, int b) {
    if (key_less(a, b)) return sort_ascending_;
    if (key_less(b, a)) return !sort_ascending_;
    const std::u32string& na = folded_[static_cast<std::size_t>(a)].name;
    const std::u32string& nb = folded_[static_cast<std::size_t>(b)].name;
    if (na != nb) return sort_column_ == Column::name && !sort_ascending_ ? na > nb : na < nb;
    return false;
  });
}

void PartnersView::draw(App& app) {
  const Document& doc = app.doc();
  text_field(app, "partners.search", "partners.search", &search_, 320.0f);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "partners.add", "partners.add").c_str())) editor_ = Partner{};

  if (doc.partners.empty()) {
    empty_state(app, "partners.empty.title", "partners.empty.body");
    if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
  } else {
    draw_table(app);
  }
  draw_editor(app);
  if (highlight_id_ != 0 && app.now() < highlight_until_) app.request_frames();  // the highlight fades
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
  if (!ImGui::BeginTable("partners", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(L(app, "field.name", "partners.col.name").c_str(), ImGuiTableColumnFlags_DefaultSort, 3.0f);
  ImGui::TableSetupColumn(L(app, "field.kind", "partners.col.kind").c_str(), 0, 2.0f);
  ImGui::TableSetupColumn(L(app, "field.stage", "partners.col.stage").c_str(), 0, 1.2f);
  ImGui::TableSetupColumn(L(app, "field.area", "partners.col.area").c_str(), 0, 2.0f);
  table_headers_row();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      sort_column_ = static_cast<Column>(specs->Specs[0].ColumnIndex);
      sort_ascending_ = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
  }

  const std::vector<int>& visible = rows(app);
  if (app.now() >= highlight_until_) scroll_to_highlight_ = false;
  int highlight_row = -1;
  if (scroll_to_highlight_)
    for (std::size_t r = 0; r < visible.size(); ++r)
      if (doc.partners[static_cast<std::size_t>(visible[r])].id == highlight_id_) highlight_row = static_cast<int>(r);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(visible.size()));
  if (highlight_row >= 0) clipper.ForceDisplayRangeByIndices(highlight_row, highlight_row + 1);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const Partner& p = doc.partners[static_cast<std::size_t>(visible[static_cast<std::size_t>(row)])];
      ImGui::TableNextRow();
      if (p.id == highlight_id_ && app.now() < highlight_until_) {
        const float left = static_cast<float>((highlight_until_ - app.now()) / kHighlightSeconds);
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.99f, 0.86f, 0.45f, 0.85f * left)));
      }
      ImGui::TableNextColumn();
      const std::string label = p.name + "###partners.row." + std::to_string(p.id);
      if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) editor_ = p;
      if (row == highlight_row) {  // into view, unless it is in view already
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        if (!ImGui::IsRectVisible(min, ImVec2(min.x + 1, min.y + 1)) || !ImGui::IsRectVisible(ImVec2(max.x - 1, max.y - 1), max))
          ImGui::SetScrollHereY(0.5f);
        scroll_to_highlight_ = false;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(T(app, label_key(p.kind).c_str()));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(T(app, label_key(p.stage).c_str()));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p.area.c_str());
    }
  }
  if (clipper.ItemsHeight > 0) row_height_ = clipper.ItemsHeight;
  ImGui::EndTable();
}

void PartnersView::draw_editor(App& app) {
  if (!editor_) return;
  if (!ImGui::IsPopupOpen("###partner_editor")) ImGui::OpenPopup("###partner_editor");
  ImGui::SetNextWindowSize(ImVec2(560, 0));
  const bool is_new = editor_->id == 0;
  const std::string title = L(app, is_new ? "partner.new" : "partner.edit", "partner_editor");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  Partner& p = *editor_;
  labelled_field(app, "field.name", "partner.name", &p.name);
  enum_combo(app, "field.kind", "partner.kind", "kind", &p.kind);
  enum_combo(app, "field.stage", "partner.stage", "stage", &p.stage);
  labelled_field(app, "field.area", "partner.area", &p.area);
  labelled_field(app, "field.their_needs", "partner.their_needs", &p.their_needs);
  ImGui::Spacing();
  bool close = false;
  if (ImGui::Button(L(app, "dialog.save", "partner.save").c_str())) {
    const Id id = is_new ? app.doc().next_id : p.id;  // a new partner gets the next free id
    close = !app.apply(put_command(p)).has_value();  // on error the dialog stays, with the message
    if (close) {
      highlight_id_ = id;
      highlight_until_ = app.now() + kHighlightSeconds;
      scroll_to_highlight_ = true;
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(L(app, "dialog.cancel", "partner.cancel").c_str())) close = true;
  if (!is_new) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.delete", "partner.delete").c_str()))
      close = !app.apply(delete_command(Table::partners, p.id)).has_value();
  }
  if (close) {
    editor_.reset();
    ImGui::CloseCurrentPopup();
  }
  end_dialog(app, close);
}

}  // namespace

std::unique_ptr<View> make_partners_view() { return std::make_unique<PartnersView>(); }

}  // namespace kolo::ui
