// Pipeline: the partners as cards on a board, one column per stage (prospect -> contacted ->
// met -> agreement -> active -> dormant), each headed by its stage and how many cards it holds.
// A card moves by drag and drop onto another column, or by keyboard: click it to select it,
// then Ctrl+Right / Ctrl+Left (or Alt+Right / Alt+Left) moves it one column on or back. Every
// move is one undoable step ("Move on the pipeline") and is dated in the partner's stage
// history. Enter or a double click opens the selected card in the partner editor.
//
// Widget ids: pipeline.search (filters the cards, matched as in the directory), pipeline.col.
// <stage> (a column's header: "Met (12)"), pipeline.card.<id> (a card; its label is the
// partner's name; a right click or a long press opens its menu: pipeline.ctx.open,
// pipeline.ctx.move.<stage>), demo.load (while there are no partners). State: pipeline_counts ({stage: n}
// for every stage: the cards each column shows), pipeline_selected (the selected card's
// partner id, 0 for none), pipeline_selected_stage (its stage, "" for none), pipeline_search.
// A card picked up by the mouse becomes the selected one.
//
// The cards of each column are worked out once per revision of the document and search text
// (the alphabetical order only when a name changes: a move is a pass over the partners), and
// each column draws only the cards in view (ImGuiListClipper): 10,000 partners draw as fast
// as 100.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/partners.hpp"
#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

constexpr std::size_t kStages = EnumInfo<Stage>::count;
constexpr const char* kPayload = "KOLO_PARTNER";  // a drag's payload: the partner's Id
// Cards span exactly their box (no half spacing around it: nothing is cut at the column's edge).
constexpr ImGuiSelectableFlags kCardFlags =
    static_cast<int>(ImGuiSelectableFlags_AllowDoubleClick) | static_cast<int>(ImGuiSelectableFlags_NoPadWithHalfSpacing);

class PipelineView final : public View {
 public:
  PipelineView() : View("pipeline", "view.pipeline") {}

  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override;
  void on_document_replaced(App&) override { valid_ = false; }

 private:
  void refresh(const App& app);
  void move(App& app, Id id, Stage stage);
  void handle_keys(App& app);
  void draw_column(App& app, std::size_t s, float width, float height);
  const Partner* selected(const App& app) const { return find_record<Partner>(app.doc(), selected_); }

  std::string search_;
  Id selected_ = 0;
  bool scroll_to_selected_ = false;

  // The partners in alphabetical order (indices into doc().partners), kept while no partner
  // is added, removed or renamed: a move only puts the cards into their columns again.
  std::vector<Id> ids_;
  std::vector<std::string> names_;
  std::vector<int> by_name_;
  std::array<std::vector<int>, kStages> columns_;  // the same indices, per stage, by name
  std::uint64_t revision_ = 0;
  std::string columns_search_;
  bool valid_ = false;
  Stage selected_stage_ = Stage::prospect;  // of selected_, as last drawn
  bool has_selected_stage_ = false;
};

void PipelineView::add_state(nlohmann::json& state) const {
  nlohmann::json counts = nlohmann::json::object();
  for (Stage s : all_values<Stage>()) counts[std::string(to_string(s))] = columns_[static_cast<std::size_t>(s)].size();
  state["pipeline_counts"] = counts;
  state["pipeline_selected"] = selected_;
  state["pipeline_selected_stage"] = has_selected_stage_ ? std::string(to_string(selected_stage_)) : std::string();
  state["pipeline_search"] = search_;
}

void PipelineView::refresh(const App& app) {
  const std::uint64_t revision = app.store().revision();
  if (valid_ && revision_ == revision && columns_search_ == search_) return;
  const std::vector<Partner>& partners = app.doc().partners;
  bool same = partners.size() == ids_.size();
  for (std::size_t i = 0; same && i < partners.size(); ++i) same = partners[i].id == ids_[i] && partners[i].name == names_[i];
  if (!same) {  // names sort in the alphabet's order for uk/ru too, as in the directory
    ids_.resize(partners.size());
    names_.resize(partners.size());
    std::vector<std::u32string> keys(partners.size());
    by_name_.resize(partners.size());
    for (std::size_t i = 0; i < partners.size(); ++i) {
      ids_[i] = partners[i].id;
      names_[i] = partners[i].name;
      keys[i] = collation_key(fold_name(partners[i].name));
      by_name_[i] = static_cast<int>(i);
    }
    std::stable_sort(by_name_.begin(), by_name_.end(), [&](int a, int b) {
      return keys[static_cast<std::size_t>(a)] < keys[static_cast<std::size_t>(b)];
    });
  }
  const std::string query = fold_name(search_);
  for (std::vector<int>& c : columns_) c.clear();
  for (int row : by_name_) {
    const Partner& p = partners[static_cast<std::size_t>(row)];
    if (!query.empty() && app.store().index().search_text(p.id).find(query) == std::string::npos) continue;
    columns_[static_cast<std::size_t>(p.stage)].push_back(row);
  }
  revision_ = revision;
  columns_search_ = search_;
  valid_ = true;
}

void PipelineView::move(App& app, Id id, Stage stage) {
  const Partner* p = find_record<Partner>(app.doc(), id);
  if (!p || p->stage == stage) return;
  Command command = put_command(moved_to_stage(*p, stage, app.today()));
  command.name_key = "cmd.move_stage";
  app.apply(std::move(command));
  app.request_frames();  // the columns show the move in the next frame
  selected_ = id;
  scroll_to_selected_ = true;
}

void PipelineView::handle_keys(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  const Partner* p = selected(app);
  if (!p) return;
  if (io.KeyCtrl || io.KeyAlt) {
    int step = 0;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) step = 1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) step = -1;
    if (step != 0) move(app, p->id, next_stage(p->stage, step));
  } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
             ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false)) {
    app.open_partner(p->id);
  }
}

void PipelineView::draw_column(App& app, std::size_t s, float width, float height) {
  const Document& doc = app.doc();
  const Stage stage = static_cast<Stage>(s);
  const std::vector<int>& cards = columns_[s];
  const std::string code(to_string(stage));
  char label[96];

  ImGui::BeginGroup();
  std::snprintf(label, sizeof label, "%s (%zu)###pipeline.col.%s", enum_label(app, stage), cards.size(), code.c_str());
  ImGui::Selectable(label, true, ImGuiSelectableFlags_NoPadWithHalfSpacing, ImVec2(width, 0));
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const float card_height = line * 3.3f;
  ImGui::BeginChild((std::string("pipeline.list.") + code).c_str(), ImVec2(width, height), true);

  int scroll_row = -1;
  if (scroll_to_selected_ && has_selected_stage_ && selected_stage_ == stage)
    for (std::size_t r = 0; r < cards.size(); ++r)
      if (doc.partners[static_cast<std::size_t>(cards[r])].id == selected_) scroll_row = static_cast<int>(r);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(cards.size()), card_height + style.ItemSpacing.y);
  if (scroll_row >= 0) clipper.ForceDisplayRangeByIndices(scroll_row, scroll_row + 1);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 frame = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 accent = ImGui::GetColorU32(ImGuiCol_CheckMark);
  const float pad = style.FramePadding.x;
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const Partner& p = doc.partners[static_cast<std::size_t>(cards[static_cast<std::size_t>(r)])];
      const std::string card = p.name + "###pipeline.card." + std::to_string(p.id);
      // A card: a framed box as wide as the column; the name (the Selectable's own label, cut
      // at its edge) and, dimmed, the kind and the area.
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      const ImRect box(pos, ImVec2(pos.x + ImGui::GetContentRegionAvail().x, pos.y + card_height));
      ImDrawList* draw = ImGui::GetWindowDrawList();
      draw->AddRectFilled(box.Min, box.Max, frame, style.FrameRounding);
      ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, pos.y));
      if (ImGui::Selectable(card.c_str(), p.id == selected_, kCardFlags, ImVec2(box.GetWidth() - pad * 2, card_height))) {
        selected_ = p.id;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) app.open_partner(p.id);
      }
      items_mark_draggable();  // a finger drags the card to another column
      // A right click, or a long press on a touch screen: open it, or move it to a column
      // without dragging it there.
      if (ImGui::BeginPopupContextItem()) {
        selected_ = p.id;
        if (ImGui::Selectable(L(app, "pipeline.ctx.open", "pipeline.ctx.open").c_str())) app.open_partner(p.id);
        for (std::size_t to = 0; to < kStages; ++to) {
          const Stage target = static_cast<Stage>(to);
          if (target == p.stage) continue;
          const std::string item = trf("pipeline.ctx.move", app.settings().lang, {enum_label(app, target)}) +
                                   "###pipeline.ctx.move." + std::string(to_string(target));
          if (ImGui::Selectable(item.c_str())) move(app, p.id, target);
        }
        ImGui::EndPopup();
      }
      if (ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload(kPayload, &p.id, sizeof p.id);
        ImGui::TextUnformatted(p.name.c_str());
        ImGui::EndDragDropSource();
        selected_ = p.id;
      }
      if (p.id == selected_) draw->AddRect(box.Min, box.Max, accent, style.FrameRounding, 0, 2.0f);
      const ImVec4 clip(box.Min.x, box.Min.y, box.Max.x - pad, box.Max.y);
      const float x = box.Min.x + pad;
      draw->AddText(nullptr, 0, ImVec2(x, box.Min.y + line * 1.1f), dim, enum_label(app, p.kind), nullptr, 0, &clip);
      if (!p.area.empty())
        draw->AddText(nullptr, 0, ImVec2(x, box.Min.y + line * 2.2f), dim, p.area.c_str(), nullptr, 0, &clip);
      if (r == scroll_row) {
        if (!ImGui::IsRectVisible(box.Min, ImVec2(box.Min.x + 1, box.Min.y + 1)) ||
            !ImGui::IsRectVisible(ImVec2(box.Max.x - 1, box.Max.y - 1), box.Max))
          ImGui::SetScrollHereY(0.5f);
        scroll_to_selected_ = false;
      }
    }
  }
  ImGui::EndChild();
  ImGui::EndGroup();

  // The whole column (header and cards) takes a dropped card.
  const ImRect column(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::BeginDragDropTargetCustom(column, ImGui::GetID((std::string("pipeline.drop.") + code).c_str()))) {
    if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kPayload)) {
      Id id = 0;
      std::memcpy(&id, payload->Data, sizeof id);
      move(app, id, stage);
    }
    ImGui::EndDragDropTarget();
  }
}

void PipelineView::draw(App& app) {
  refresh(app);
  if (app.doc().partners.empty()) {
    empty_state(app, "pipeline.empty.title", "pipeline.empty.body");
    if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
    has_selected_stage_ = false;
    return;
  }
  text_field(app, "pipeline.search", "pipeline.search", &search_, 320.0f);
  handle_keys(app);
  refresh(app);  // a new search, a move by keyboard: shown in this frame
  const Partner* p = selected(app);
  if (!p) selected_ = 0;
  has_selected_stage_ = p != nullptr;
  if (p) selected_stage_ = p->stage;
  if (!p) scroll_to_selected_ = false;

  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float width = (avail.x - style.ItemSpacing.x * static_cast<float>(kStages - 1)) / static_cast<float>(kStages);
  const float height = avail.y - ImGui::GetTextLineHeight() - style.FramePadding.y * 2 - style.ItemSpacing.y;
  for (std::size_t s = 0; s < kStages; ++s) {
    if (s > 0) ImGui::SameLine();
    draw_column(app, s, width, height);
  }
}

}  // namespace

std::unique_ptr<View> make_pipeline_view() { return std::make_unique<PipelineView>(); }

}  // namespace kolo::ui
