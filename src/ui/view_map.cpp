// Map: the network around the user. "Me" in the centre; a node per partner, coloured by kind
// and sized by how many clients went either way; directed edges for referrals in (partner ->
// me) and out (me -> partner), thicker with more, and light edges between partners who took
// part in one joint event. The layout (core/layout.hpp) runs a few steps a frame until it
// settles, then the page draws nothing more; where the nodes stand is kept in the document
// (MapPosition records: one undoable step "Arrange the map" when a layout settles), so the map
// looks the same after a reload and in an exported file. A node dragged somewhere stays there
// (pinned) until unpinned. The second mode shows the referral-flow charts (flow_charts.hpp).
//
// Input: drag empty space to pan, drag a node to move and pin it, click a node to open the
// partner; the wheel zooms around the pointer; with the map hovered or clicked last, the arrow
// keys pan, + and - zoom (around the pointer when it is over the map) and 0 fits the network.
// Labels: the selected, hovered and found nodes first, then by referral volume, each only
// where it overlaps no label already placed, and only from kLabelZoom on (never a heap).
//
// Widget ids. Bar: map.mode.graph|charts, map.search (highlights the partners it matches and
//   centres the first, most referrals first; Enter: the next), map.filter.kind (choices
//   map_kind.any|<kind>), map.filter.stage (map_stage.any|<stage>), map.filter.tag
//   (map_tag.any|<n>), map.fit, map.zoom_in, map.zoom_out, map.rearrange (a fresh layout for
//   every node not pinned), map.unpin (the selected node, when pinned), map.export_png,
//   map.legend (show the legend).
// Canvas: map.canvas (the whole map area), map.me, map.node.<partner id> (a node whose label is
//   drawn, the selected, hovered and found ones; the rectangle around its circle).
// State: map (add_state; tests/README.md lists every field).
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/flow.hpp"
#include "core/layout.hpp"
#include "core/partners.hpp"
#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/flow_charts.hpp"
#include "ui/item_registry.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

using layout::Vec2;

constexpr std::uint64_t kSeed = 0x6b6f6c6fu;  // "kolo": the same network, the same picture
constexpr float kMinZoom = 0.03f, kMaxZoom = 6.0f;
constexpr double kStepBudget = 0.004;  // seconds of layout per frame while it moves
constexpr float kLabelZoom = 0.45f;    // below this only the selected, hovered and found are named
constexpr int kMaxLabels = 160;
constexpr std::size_t kMaxSmoothEdges = 2000;
constexpr int kMaxLabelTries = 600;  // candidates tried per frame, most referrals first
constexpr std::size_t kMaxReportedNodes = 200;
constexpr float kMeRadius = 14.0f;

// One colour per partner kind (model.hpp order), told apart also by people with the common
// colour-vision deficiencies (Okabe-Ito and Tol's muted palette).
constexpr ImU32 kKindColour[] = {
    IM_COL32(0, 114, 178, 255),   IM_COL32(204, 121, 167, 255), IM_COL32(213, 94, 0, 255),
    IM_COL32(0, 158, 115, 255),   IM_COL32(86, 180, 233, 255),  IM_COL32(117, 112, 179, 255),
    IM_COL32(230, 159, 0, 255),   IM_COL32(136, 34, 85, 255),   IM_COL32(128, 128, 128, 255)};
static_assert(sizeof(kKindColour) / sizeof(kKindColour[0]) == EnumInfo<PartnerKind>::count);
constexpr ImU32 kInColour = IM_COL32(30, 140, 70, 200);    // clients who came to me
constexpr ImU32 kOutColour = IM_COL32(40, 90, 190, 200);   // clients I referred on
constexpr ImU32 kCoHostColour = IM_COL32(150, 150, 150, 110);
constexpr ImU32 kMeColour = IM_COL32(40, 50, 60, 255);
constexpr ImU32 kFoundColour = IM_COL32(240, 130, 0, 255);
constexpr ImU32 kSelectedColour = IM_COL32(20, 20, 20, 255);
constexpr ImU32 kBackground = IM_COL32(252, 252, 250, 255);

float node_radius(const PartnerVolume& v) { return std::min(26.0f, 5.0f + 2.6f * std::sqrt(static_cast<float>(v.in + v.out))); }

enum class EdgeKind : std::uint8_t { in, out, co_host };
struct DrawEdge {
  std::uint32_t from = 0, to = 0;  // node indices: 0 is me, row + 1 a partner
  int count = 0;
  EdgeKind kind = EdgeKind::in;
};

ImVec2 operator+(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
ImVec2 operator-(ImVec2 a, ImVec2 b) { return ImVec2(a.x - b.x, a.y - b.y); }
ImVec2 operator*(ImVec2 a, float k) { return ImVec2(a.x * k, a.y * k); }

class MapView final : public View {
 public:
  MapView() : View("map", "view.map") {}
  View::Mode mode() const override { return View::Mode::both; }  // a shared board has its map too
  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override;
  void on_document_replaced(App&) override {
    graph_valid_ = false;
    directory_.invalidate();
    charts_.invalidate();
  }

 private:
  void refresh(App& app);
  void rebuild_layout(const App& app, bool fresh);
  void sync_positions(const App& app);
  void run_layout(App& app);
  void save_arrangement(App& app);
  void refilter(const App& app);
  void find(const App& app, bool next);
  void draw_bar(App& app, bool graph);  // graph: there are partners, and refresh() ran
  void draw_canvas(App& app);
  void handle_input(App& app, bool hovered);
  void draw_edges(ImDrawList* draw) const;
  void draw_nodes(App& app, ImDrawList* draw);
  void draw_legend(const App& app, ImDrawList* draw) const;
  void tooltip(const App& app, std::size_t node) const;
  void pin(App& app, std::size_t node, bool pinned);

  ImVec2 to_screen(Vec2 p) const { return centre_ + ImVec2((p.x - pan_.x) * zoom_, (p.y - pan_.y) * zoom_); }
  Vec2 to_map(ImVec2 s) const { return Vec2{pan_.x + (s.x - centre_.x) / zoom_, pan_.y + (s.y - centre_.y) / zoom_}; }
  void zoom_at(float factor, ImVec2 screen);
  void centre_on(std::size_t node);
  void fit();
  int node_at(ImVec2 s) const;
  int node_of(const App& app, Id partner) const;  // -1 when not on the map
  int held_node(const App& app) const { return held_ ? node_of(app, held_) : -1; }
  const Partner& partner(const App& app, std::size_t node) const { return app.doc().partners[node - 1]; }

  enum class Mode { graph, charts } mode_ = Mode::graph;

  // The graph, rebuilt when partners or flows change (not when only positions do).
  std::vector<Id> ids_;  // node i + 1 -> partner id
  std::vector<layout::Edge> layout_edges_;
  std::vector<DrawEdge> edges_;
  std::vector<PartnerVolume> volumes_;  // per partner row
  std::vector<float> radius_;           // per node
  std::vector<std::uint32_t> by_volume_;  // partner nodes, most referrals first: label priority
  std::vector<float> label_width_;      // per node, measured when first needed (-1: not yet)
  float label_font_ = 0;                // the font size they were measured at
  std::array<std::uint8_t, EnumInfo<PartnerKind>::count> kinds_present_{};  // for the legend
  std::uint64_t revision_ = 0;
  bool graph_valid_ = false;
  layout::Layout layout_;
  std::vector<Id> layout_ids_;  // the partner of each layout node (node i + 1), as last built
  // Per partner row: its kept position as last seen (read from the document or saved here).
  struct Seen {
    bool has = false;
    int x = 0, y = 0;
    bool pinned = false;
    static Seen of(const MapPosition* m) { return m ? Seen{true, m->x, m->y, m->pinned} : Seen{}; }
    bool operator==(const Seen&) const = default;
  };
  std::vector<Seen> seen_;
  bool running_ = false;
  double run_ms_ = 0;  // time spent in layout steps since the layout last started

  // What is shown.
  std::vector<std::uint8_t> visible_;  // per node: passes the filters (me always)
  std::vector<std::uint8_t> found_;    // per node: matches the search
  std::vector<std::uint32_t> matches_; // found nodes, in by_volume_ order
  std::size_t match_cursor_ = 0;
  std::string search_, searched_;
  bool rematch_ = true;  // the document or the filters changed: match the search again
  PartnerFilter filter_, filtered_;  // kind, stage, tag
  bool filter_valid_ = false;  // visible_ is for the graph and filters as they are
  Directory directory_;  // the tags in use
  bool legend_ = true;

  // The camera: the map point at the canvas centre, and pixels per map unit.
  Vec2 pan_{};
  float zoom_ = 1.0f;
  bool auto_fit_ = true;  // follow the layout until the user moves the camera
  ImVec2 origin_{}, size_{}, centre_{};

  // Pointer.
  Id selected_ = 0;
  int hovered_ = -1;
  bool pressed_ = false;  // the map is pressed (a node or empty space)
  Id held_ = 0;           // the partner whose node was pressed, 0: empty space (looked up by id:
                          // the rows may change while the button is down, by sync or undo)
  bool dragged_ = false;
  Vec2 grab_{};  // node position minus pointer, in map units, while a node is dragged
  bool keyboard_ = false;  // the map has the keyboard (clicked last)
  bool png_pending_ = false;
  int labels_drawn_ = 0;

  FlowCharts charts_;
};

// ------------------------------------------------------------------------------------------------
// the graph and its layout
// ------------------------------------------------------------------------------------------------

void MapView::refresh(App& app) {
  const std::uint64_t revision = app.store().revision();
  if (graph_valid_ && revision == revision_) return;
  const Document& doc = app.doc();
  const std::size_t n = doc.partners.size();
  std::vector<Id> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = doc.partners[i].id;
  volumes_ = partner_volumes(doc);
  std::vector<layout::Edge> edges;
  std::vector<DrawEdge> draw_edges;
  for (std::size_t i = 0; i < n; ++i) {
    const PartnerVolume v = volumes_[i];
    const auto node = static_cast<std::uint32_t>(i + 1);
    if (v.in > 0) draw_edges.push_back({node, 0, v.in, EdgeKind::in});
    if (v.out > 0) draw_edges.push_back({0, node, v.out, EdgeKind::out});
    if (v.in + v.out > 0) edges.push_back({0, node, static_cast<float>(v.in + v.out)});
  }
  for (const CoHosting& c : co_hosting_pairs(doc)) {
    const auto a = static_cast<std::uint32_t>(c.a + 1), b = static_cast<std::uint32_t>(c.b + 1);
    draw_edges.push_back({a, b, c.events, EdgeKind::co_host});
    edges.push_back({a, b, 0.5f * static_cast<float>(c.events)});
  }
  const bool same_graph = graph_valid_ && ids == ids_ && edges.size() == layout_edges_.size() &&
                          std::equal(edges.begin(), edges.end(), layout_edges_.begin(), [](const layout::Edge& x, const layout::Edge& y) {
                            return x.a == y.a && x.b == y.b && x.weight == y.weight;
                          });
  ids_ = std::move(ids);
  layout_edges_ = std::move(edges);
  edges_ = std::move(draw_edges);
  radius_.assign(n + 1, kMeRadius);
  for (std::size_t i = 0; i < n; ++i) radius_[i + 1] = node_radius(volumes_[i]);
  by_volume_.resize(n);
  for (std::size_t i = 0; i < n; ++i) by_volume_[i] = static_cast<std::uint32_t>(i + 1);
  std::stable_sort(by_volume_.begin(), by_volume_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return volumes_[a - 1].in + volumes_[a - 1].out > volumes_[b - 1].in + volumes_[b - 1].out;
  });
  label_width_.assign(n + 1, -1.0f);
  kinds_present_.fill(0);
  for (const Partner& p : doc.partners) kinds_present_[static_cast<std::size_t>(p.kind)] = 1;
  if (same_graph)
    sync_positions(app);
  else
    rebuild_layout(app, false);
  revision_ = revision;
  graph_valid_ = true;
  filter_valid_ = false;  // names, kinds, stages and tags may have changed
}

// The positions kept in the document, by partner row (the first record of a partner counts).
std::vector<const MapPosition*> kept_positions(const Document& doc) {
  std::vector<const MapPosition*> out(doc.partners.size(), nullptr);
  for (const MapPosition& m : doc.map_positions) {
    const std::ptrdiff_t row = index_of(doc.partners, m.partner_id);
    if (row >= 0 && !out[static_cast<std::size_t>(row)]) out[static_cast<std::size_t>(row)] = &m;
  }
  return out;
}

// Node positions come, in this order, from the layout already on screen (the same partner),
// from the document, or from the layout's deterministic start. `fresh`: everything not pinned
// starts again (map.rearrange).
void MapView::rebuild_layout(const App& app, bool fresh) {
  const Document& doc = app.doc();
  const std::vector<const MapPosition*> kept = kept_positions(doc);
  const std::size_t n = ids_.size();
  std::vector<Vec2> old_pos = layout_.positions();
  std::vector<Id> old_ids = std::move(layout_ids_);
  const bool was_running = running_;
  const float old_alpha = layout_.alpha();
  std::vector<std::pair<Id, std::size_t>> old_index;
  for (std::size_t i = 0; i < old_ids.size() && i + 1 < old_pos.size(); ++i) old_index.emplace_back(old_ids[i], i + 1);
  std::sort(old_index.begin(), old_index.end());

  layout_.reset(n + 1);
  seen_.assign(n, Seen{});
  pressed_ = false;  // a node in the hand may be gone: the press ends here
  held_ = 0;
  dragged_ = false;
  layout_.set_edges(layout_edges_);
  layout_.place(0, Vec2{0, 0});
  layout_.pin(0, true);
  layout_.set_radius(0, kMeRadius);
  std::size_t placed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t node = i + 1;
    layout_.set_radius(node, radius_[node]);
    const MapPosition* m = kept[i];
    seen_[i] = Seen::of(m);
    const bool pinned = m && m->pinned;
    layout_.pin(node, pinned);
    auto old = std::lower_bound(old_index.begin(), old_index.end(), std::make_pair(ids_[i], std::size_t{0}));
    const bool on_screen = old != old_index.end() && old->first == ids_[i];
    if (pinned) {
      layout_.place(node, Vec2{static_cast<float>(m->x), static_cast<float>(m->y)});
    } else if (fresh) {
      continue;
    } else if (on_screen) {  // newer than what was kept while the layout moves
      layout_.place(node, old_pos[old->second]);
    } else if (m) {
      layout_.place(node, Vec2{static_cast<float>(m->x), static_cast<float>(m->y)});
    } else {
      continue;
    }
    ++placed;
  }
  layout_ids_ = ids_;
  layout_.place_unplaced(kSeed);
  if (placed == 0 && n > 0) {  // a new map: from scratch, and the camera follows it
    layout_.reheat(layout::kAlphaStart);
    running_ = true;
    auto_fit_ = auto_fit_ || fresh;
  } else if (placed < n) {  // a few new partners: the rest move only a little
    layout_.reheat(fresh ? layout::kAlphaStart : std::max(layout::kWarmAlpha, was_running ? old_alpha : 0.0f));
    running_ = true;
  } else if (was_running) {  // still settling when the graph changed
    layout_.reheat(std::max(layout::kWarmAlpha, old_alpha));
  } else {
    running_ = false;  // everything where it was kept: nothing to do, nothing to draw
  }
}

// Another revision of the same graph: a record that changed since it was last seen (an undo
// or redo of a drop, another tab's arrangement, a file merged in) moves its node there, even
// while the layout runs; the layout's own saves are seen as they are made.
void MapView::sync_positions(const App& app) {
  const std::vector<const MapPosition*> kept = kept_positions(app.doc());
  for (std::size_t i = 0; i < kept.size() && i < seen_.size(); ++i) {
    const Seen now = Seen::of(kept[i]);
    if (now == seen_[i]) continue;
    seen_[i] = now;
    const std::size_t node = i + 1;
    if (dragged_ && held_ == ids_[i]) continue;  // in the user's hand
    layout_.pin(node, now.pinned);
    if (now.has) layout_.move(node, Vec2{static_cast<float>(now.x), static_cast<float>(now.y)});
  }
}

void MapView::run_layout(App& app) {
  if (!running_) return;
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  if (layout_.steps() == 0) run_ms_ = 0;
  const bool in_hand = dragged_ && held_node(app) > 0;
  if (in_hand && layout_.alpha() < 0.1f) layout_.reheat(0.1f);  // the rest follow the hand
  bool more = true;
  do {
    more = layout_.step();
  } while (more && std::chrono::duration<double>(Clock::now() - start).count() < kStepBudget);
  run_ms_ += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!more && !in_hand) {
    running_ = false;
    save_arrangement(app);
  }
  app.request_frames();
}

int clamp_coordinate(float v) {
  const float lim = static_cast<float>(kMaxMapCoordinate);
  return static_cast<int>(std::lround(std::clamp(v, -lim, lim)));
}

// One undoable step for every position that changed since it was kept.
void MapView::save_arrangement(App& app) {
  const Document& doc = app.doc();
  const std::vector<const MapPosition*> kept = kept_positions(doc);
  std::vector<Command> steps;
  for (std::size_t i = 0; i < ids_.size() && i < kept.size(); ++i) {
    const Vec2 p = layout_.position(i + 1);
    MapPosition m = kept[i] ? *kept[i] : MapPosition{};
    const int x = clamp_coordinate(p.x), y = clamp_coordinate(p.y);
    const bool pinned = layout_.pinned(i + 1);
    if (kept[i] && m.x == x && m.y == y && m.pinned == pinned) continue;
    m.partner_id = ids_[i];
    m.x = x;
    m.y = y;
    m.pinned = pinned;
    seen_[i] = Seen::of(&m);
    steps.push_back(put_command(m));
  }
  if (steps.empty()) return;
  // Kept, but no step of the user's: Undo takes back what she did, not where nodes settled.
  app.apply_quiet(batch_command(std::move(steps), "cmd.batch"));
}

void MapView::pin(App& app, std::size_t node, bool pinned) {
  if (node == 0 || node > ids_.size()) return;
  const Vec2 p = layout_.position(node);
  const std::vector<const MapPosition*> kept = kept_positions(app.doc());
  MapPosition m = kept[node - 1] ? *kept[node - 1] : MapPosition{};
  m.partner_id = ids_[node - 1];
  m.x = clamp_coordinate(p.x);
  m.y = clamp_coordinate(p.y);
  m.pinned = pinned;
  layout_.pin(node, pinned);
  seen_[node - 1] = Seen::of(&m);
  Command command = put_command(m);
  command.name_key = pinned ? "cmd.pin_on_map" : "cmd.unpin_on_map";
  // A shared board is read-only: there the arrangement lasts as long as the page.
  if (!app.viewing_board()) app.apply(std::move(command));
  if (!pinned) {  // free again: it finds its place among the others
    layout_.reheat(std::max(layout_.alpha(), layout::kWarmAlpha));
    running_ = true;
  }
}

// ------------------------------------------------------------------------------------------------
// filters and search
// ------------------------------------------------------------------------------------------------

void MapView::refilter(const App& app) {
  const bool same_filter = filtered_.kind == filter_.kind && filtered_.stage == filter_.stage && filtered_.tag == filter_.tag;
  if (filter_valid_ && same_filter) return;
  const Document& doc = app.doc();
  const std::string tag = fold_name(filter_.tag);
  visible_.assign(ids_.size() + 1, 1);
  for (std::size_t i = 0; i < doc.partners.size() && i < ids_.size(); ++i) {
    const Partner& p = doc.partners[i];
    bool ok = (!filter_.kind || p.kind == *filter_.kind) && (!filter_.stage || p.stage == *filter_.stage);
    if (ok && !tag.empty())
      ok = std::any_of(p.tags.begin(), p.tags.end(), [&](const std::string& t) { return fold_name(t) == tag; });
    visible_[i + 1] = ok;
  }
  filtered_ = filter_;
  filter_valid_ = true;
  rematch_ = true;  // the same search over what is shown now; the camera stays
}

// The found nodes for the search text, most referrals first; `next`: centre on the next one.
void MapView::find(const App& app, bool next) {
  const bool new_text = searched_ != search_;
  if (new_text || rematch_) {
    searched_ = search_;
    rematch_ = false;
    found_.assign(ids_.size() + 1, 0);
    matches_.clear();
    const std::string query = fold_name(search_);
    if (!query.empty())
      for (std::uint32_t node : by_volume_) {
        if (!visible_[node]) continue;
        if (app.store().index().search_text(ids_[node - 1]).find(query) == std::string::npos) continue;
        found_[node] = 1;
        matches_.push_back(node);
      }
    if (new_text) {  // centre the first match
      next = !matches_.empty();
      match_cursor_ = matches_.empty() ? 0 : matches_.size() - 1;  // so that "next" lands on the first
    } else if (match_cursor_ >= matches_.size()) {
      match_cursor_ = 0;
    }
  }
  if (!next || matches_.empty()) return;
  match_cursor_ = (match_cursor_ + 1) % matches_.size();
  const std::uint32_t node = matches_[match_cursor_];
  selected_ = ids_[node - 1];
  centre_on(node);
}

// ------------------------------------------------------------------------------------------------
// the camera
// ------------------------------------------------------------------------------------------------

void MapView::zoom_at(float factor, ImVec2 screen) {
  const Vec2 anchor = to_map(screen);
  zoom_ = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
  pan_ = Vec2{anchor.x - (screen.x - centre_.x) / zoom_, anchor.y - (screen.y - centre_.y) / zoom_};
  auto_fit_ = false;
}

void MapView::centre_on(std::size_t node) {
  pan_ = layout_.position(node);
  zoom_ = std::max(zoom_, 1.0f);
  auto_fit_ = false;
}

void MapView::fit() {
  if (size_.x <= 0 || size_.y <= 0 || layout_.size() == 0) return;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // me is always in the picture
  for (std::size_t node = 1; node < layout_.size(); ++node) {
    if (!visible_.empty() && !visible_[node]) continue;
    const Vec2 p = layout_.position(node);
    x0 = std::min(x0, p.x - radius_[node]);
    y0 = std::min(y0, p.y - radius_[node]);
    x1 = std::max(x1, p.x + radius_[node]);
    y1 = std::max(y1, p.y + radius_[node]);
  }
  const float margin = 40.0f;
  zoom_ = std::clamp(std::min((size_.x - 2 * margin) / std::max(1.0f, x1 - x0), (size_.y - 2 * margin) / std::max(1.0f, y1 - y0)),
                     kMinZoom, 2.0f);
  pan_ = Vec2{(x0 + x1) / 2, (y0 + y1) / 2};
}

int MapView::node_of(const App& app, Id partner) const {
  const std::ptrdiff_t row = index_of(app.doc().partners, partner);
  if (row < 0 || static_cast<std::size_t>(row) >= ids_.size() || ids_[static_cast<std::size_t>(row)] != partner) return -1;
  return static_cast<int>(row) + 1;
}

// The topmost node under a screen point (nodes are drawn in order: the last wins), -1 for none.
int MapView::node_at(ImVec2 s) const {
  for (std::size_t node = layout_.size(); node-- > 0;) {
    if (!visible_[node]) continue;
    const ImVec2 c = to_screen(layout_.position(node));
    const float r = std::max(radius_[node] * zoom_, 4.0f) + 2.0f;
    const float dx = s.x - c.x, dy = s.y - c.y;
    if (dx * dx + dy * dy <= r * r) return static_cast<int>(node);
  }
  return -1;
}

// ------------------------------------------------------------------------------------------------
// drawing
// ------------------------------------------------------------------------------------------------

void MapView::draw_bar(App& app, bool graph) {
  if (radio_button(L(app, "map.mode.graph", "map.mode.graph").c_str(), mode_ == Mode::graph)) mode_ = Mode::graph;
  ImGui::SameLine();
  if (radio_button(L(app, "map.mode.charts", "map.mode.charts").c_str(), mode_ == Mode::charts)) mode_ = Mode::charts;
  if (mode_ != Mode::graph || !graph) return;
  ImGui::SameLine(0, 24);
  const bool entered = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
  text_field(app, "map.search", "map.search", &search_, 220.0f);
  // Enter ends the field's editing (ImGui deactivates it): the next match, and the field
  // keeps the keyboard for another Enter.
  const bool enter_here = entered && ImGui::IsItemDeactivated();
  if (enter_here) ImGui::SetKeyboardFocusHere(-1);
  ImGui::SameLine();
  const float w = 150.0f;
  optional_filter(app, "map.filter.kind", "map_kind", "filter.any_kind", &filter_.kind, w);
  ImGui::SameLine();
  optional_filter(app, "map.filter.stage", "map_stage", "filter.any_stage", &filter_.stage, w);
  ImGui::SameLine();
  directory_.refresh(app.doc(), app.store().index(), app.store().revision(), app.today());
  text_filter(app, "map.filter.tag", "map_tag", "filter.any_tag", directory_.tags(), &filter_.tag, w);
  refilter(app);
  find(app, enter_here);

  if (ImGui::Button(L(app, "map.fit", "map.fit").c_str())) {
    fit();
    auto_fit_ = false;
  }
  ImGui::SameLine();
  if (ImGui::Button(L(app, "map.zoom_in", "map.zoom_in").c_str())) zoom_at(1.25f, centre_);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "map.zoom_out", "map.zoom_out").c_str())) zoom_at(0.8f, centre_);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "map.rearrange", "map.rearrange").c_str())) {
    rebuild_layout(app, true);
    auto_fit_ = true;
  }
  const std::ptrdiff_t row = index_of(app.doc().partners, selected_);
  if (row >= 0 && layout_.pinned(static_cast<std::size_t>(row) + 1)) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "map.unpin", "map.unpin").c_str())) pin(app, static_cast<std::size_t>(row) + 1, false);
  }
  ImGui::SameLine();
  if (ImGui::Button(L(app, "map.export_png", "map.export_png").c_str())) {
    png_pending_ = true;
    app.request_frames();
  }
  ImGui::SameLine();
  ImGui::Checkbox(L(app, "map.legend", "map.legend").c_str(), &legend_);
  if (!search_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", trf("map.found", app.settings().lang, {std::to_string(matches_.size())}).c_str());
  }
}

void MapView::handle_input(App& app, bool hovered) {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 mouse = io.MousePos;
  if (ImGui::IsItemActivated()) {
    const int node = node_at(mouse);
    pressed_ = true;
    held_ = node > 0 ? ids_[static_cast<std::size_t>(node) - 1] : 0;
    dragged_ = false;
    keyboard_ = true;
    if (node > 0) {
      const Vec2 p = layout_.position(static_cast<std::size_t>(node));
      const Vec2 m = to_map(mouse);
      grab_ = Vec2{p.x - m.x, p.y - m.y};
    }
  } else if (ImGui::IsMouseClicked(0) && !hovered) {
    keyboard_ = false;
  }
  const int held = held_node(app);
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(0, 3.0f)) {
    dragged_ = true;
    if (held > 0) {  // a node in the hand: pinned where it is, the others make room
      const Vec2 m = to_map(mouse);
      layout_.pin(static_cast<std::size_t>(held), true);
      layout_.move(static_cast<std::size_t>(held), Vec2{m.x + grab_.x, m.y + grab_.y});
      if (!running_) {
        layout_.reheat(0.1f);
        running_ = true;
      }
      selected_ = held_;
    } else if (!held_) {
      pan_.x -= io.MouseDelta.x / zoom_;
      pan_.y -= io.MouseDelta.y / zoom_;
      auto_fit_ = false;
    }
    app.request_frames();
  }
  if (ImGui::IsItemDeactivated() && pressed_) {
    if (held > 0 && dragged_) {
      pin(app, static_cast<std::size_t>(held), true);
    } else if (held > 0) {
      selected_ = held_;
      app.open_partner(selected_);
    } else if (!dragged_ && !held_) {
      selected_ = 0;
    }
    pressed_ = false;
    held_ = 0;
    dragged_ = false;
  }
  if (hovered && io.MouseWheel != 0.0f) zoom_at(std::pow(1.15f, io.MouseWheel), mouse);
  // Two fingers: pinch zooms about where they are, and moving them pans.
  if (std::optional<App::Gesture> g = app.take_gesture(origin_.x, origin_.y, size_.x, size_.y)) {
    pan_.x -= g->dx / zoom_;
    pan_.y -= g->dy / zoom_;
    if (g->scale > 0 && g->scale != 1.0f) zoom_at(g->scale, ImVec2(g->x, g->y));
    auto_fit_ = false;
  }

  if (!keyboard_ && !hovered) return;
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  const float step = 80.0f / zoom_;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) pan_.x -= step, auto_fit_ = false;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) pan_.x += step, auto_fit_ = false;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) pan_.y -= step, auto_fit_ = false;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) pan_.y += step, auto_fit_ = false;
  const ImVec2 at = hovered ? mouse : centre_;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c == '+' || c == '=') zoom_at(1.25f, at);
    if (c == '-' || c == '_') zoom_at(0.8f, at);
    if (c == '0') fit();
  }
}

void MapView::draw_edges(ImDrawList* draw) const {
  const ImVec2 lo = origin_, hi = origin_ + size_;
  const bool searching = !matches_.empty();
  const bool arrows = zoom_ >= 0.4f;
  // Thousands of edges: plain lines, a third of the vertices of anti-aliased ones (what the
  // GPU, or a software renderer, has to fill each frame).
  const ImDrawListFlags flags = draw->Flags;
  if (edges_.size() > kMaxSmoothEdges) draw->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  for (const DrawEdge& e : edges_) {
    if (!visible_[e.from] || !visible_[e.to]) continue;
    ImVec2 a = to_screen(layout_.position(e.from)), b = to_screen(layout_.position(e.to));
    if (std::max(a.x, b.x) < lo.x || std::min(a.x, b.x) > hi.x || std::max(a.y, b.y) < lo.y || std::min(a.y, b.y) > hi.y)
      continue;
    ImU32 colour = e.kind == EdgeKind::in ? kInColour : e.kind == EdgeKind::out ? kOutColour : kCoHostColour;
    if (searching && !found_[e.from] && !found_[e.to]) colour = (colour & 0x00FFFFFFu) | (0x30u << IM_COL32_A_SHIFT);
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f) continue;
    const ImVec2 u(dx / len, dy / len), side(-u.y, u.x);
    float thickness = 1.0f;
    if (e.kind != EdgeKind::co_host) {  // in and out between the same two run side by side
      thickness = std::min(5.0f, 1.0f + std::log2(static_cast<float>(e.count)));
      a = a + side * 2.5f;
      b = b + side * 2.5f;
    }
    const float end_gap = std::max(radius_[e.to] * zoom_, 3.0f) + 1.0f;
    const ImVec2 tip = b - u * end_gap;
    draw->AddLine(a, tip, colour, thickness);
    if (arrows && e.kind != EdgeKind::co_host && len > end_gap + 12.0f) {
      const float head = 5.0f + thickness;
      draw->AddTriangleFilled(tip, tip - u * head + side * (head * 0.5f), tip - u * head - side * (head * 0.5f), colour);
    }
  }
  draw->Flags = flags;
}

void MapView::draw_nodes(App& app, ImDrawList* draw) {
  const ImVec2 lo = origin_, hi = origin_ + size_;
  const bool searching = !matches_.empty();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const std::ptrdiff_t selected_row = index_of(app.doc().partners, selected_);
  const int selected_node = selected_row >= 0 ? static_cast<int>(selected_row) + 1 : -1;
  for (std::size_t node = 1; node < layout_.size(); ++node) {
    if (!visible_[node]) continue;
    const ImVec2 c = to_screen(layout_.position(node));
    const float r = std::max(radius_[node] * zoom_, 2.5f);
    if (c.x + r < lo.x || c.x - r > hi.x || c.y + r < lo.y || c.y - r > hi.y) continue;
    ImU32 colour = kKindColour[static_cast<std::size_t>(partner(app, node).kind)];
    if (searching && !found_[node]) colour = (colour & 0x00FFFFFFu) | (0x50u << IM_COL32_A_SHIFT);
    const int segments = r > 10 ? 24 : r > 4 ? 12 : 6;
    draw->AddCircleFilled(c, r, colour, segments);
    if (layout_.pinned(node)) draw->AddCircle(c, r + 1.5f, kMeColour, segments, 1.5f);
    if (found_[node]) draw->AddCircle(c, r + 4.0f, kFoundColour, 24, 2.5f);
    if (static_cast<int>(node) == selected_node) draw->AddCircle(c, r + 7.0f, kSelectedColour, 24, 2.0f);
  }
  // Me, over everything.
  const ImVec2 me = to_screen(Vec2{0, 0});
  const float me_r = std::max(kMeRadius * zoom_, 7.0f);
  draw->AddCircleFilled(me, me_r, kMeColour, 24);
  const char* me_label = T(app, "map.me");
  const ImVec2 me_size = ImGui::CalcTextSize(me_label);
  draw->AddText(ImVec2(me.x - me_size.x / 2, me.y + me_r + 2), text, me_label);
  items_add("map.me", me_label, me.x - me_r, me.y - me_r, 2 * me_r, 2 * me_r);

  // Labels: by priority, each where it overlaps none placed before.
  std::vector<ImVec4> placed;  // x0, y0, x1, y1
  placed.push_back(ImVec4(me.x - me_size.x / 2, me.y + me_r + 2, me.x + me_size.x / 2, me.y + me_r + 2 + me_size.y));
  std::size_t reported = 0;
  labels_drawn_ = 0;
  const float line = ImGui::GetTextLineHeight();
  if (ImGui::GetFontSize() != label_font_) {  // another text size: measure again
    label_font_ = ImGui::GetFontSize();
    std::fill(label_width_.begin(), label_width_.end(), -1.0f);
  }
  int tried = 0;  // bounds the overlap tests per frame: kMaxLabelTries x kMaxLabels
  auto try_label = [&](std::size_t node, bool must) {
    if (!visible_[node]) return;
    const ImVec2 c = to_screen(layout_.position(node));
    const float r = std::max(radius_[node] * zoom_, 2.5f);
    if (c.x + r < lo.x || c.x - r > hi.x || c.y + r < lo.y || c.y - r > hi.y) return;
    const std::string& name = partner(app, node).name;
    if (label_width_[node] < 0) label_width_[node] = ImGui::CalcTextSize(name.c_str()).x;
    const ImVec4 box(c.x - label_width_[node] / 2, c.y + r + 2, c.x + label_width_[node] / 2, c.y + r + 2 + line);
    for (const ImVec4& o : placed)
      if (box.x < o.z && o.x < box.z && box.y < o.w && o.y < box.w) {
        if (!must) return;
        break;
      }
    for (const ImVec4& o : placed)  // already named (a node both found and selected)
      if (o.x == box.x && o.y == box.y) return;
    placed.push_back(box);
    draw->AddRectFilled(ImVec2(box.x - 2, box.y), ImVec2(box.z + 2, box.w), IM_COL32(252, 252, 250, 200), 3.0f);
    draw->AddText(ImVec2(box.x, box.y), text, name.c_str());
    ++labels_drawn_;
    if (reported++ < kMaxReportedNodes) {
      items_add("map.node." + std::to_string(ids_[node - 1]), name, c.x - r, c.y - r, 2 * r, 2 * r);
      items_mark_draggable();
    }
  };
  if (selected_node > 0) try_label(static_cast<std::size_t>(selected_node), true);
  if (hovered_ > 0) try_label(static_cast<std::size_t>(hovered_), true);
  for (std::size_t i = 0; i < matches_.size() && i < 20; ++i) try_label(matches_[i], true);
  if (zoom_ >= kLabelZoom)
    for (std::size_t i = 0; i < by_volume_.size() && labels_drawn_ < kMaxLabels && tried < kMaxLabelTries; ++i) {
      if (!visible_[by_volume_[i]]) continue;
      ++tried;
      try_label(by_volume_[i], false);
    }
}

void MapView::draw_legend(const App& app, ImDrawList* draw) const {
  if (!legend_) return;
  const Lang lang = app.settings().lang;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  std::vector<std::pair<ImU32, std::string>> kinds;
  for (PartnerKind k : all_values<PartnerKind>())
    if (kinds_present_[static_cast<std::size_t>(k)]) kinds.emplace_back(kKindColour[static_cast<std::size_t>(k)], enum_label(app, k));
  const std::pair<ImU32, const char*> edges[] = {
      {kInColour, "map.legend.in"}, {kOutColour, "map.legend.out"}, {kCoHostColour, "map.legend.co_host"}};
  const std::pair<ImU32, const char*> rings[] = {
      {kMeColour, "map.legend.pinned"}, {kFoundColour, "map.legend.found"}, {kSelectedColour, "map.legend.selected"}};
  float width = ImGui::CalcTextSize(tr("map.legend.size", lang)).x;
  for (const auto& k : kinds) width = std::max(width, ImGui::CalcTextSize(k.second.c_str()).x + 22);
  for (const auto& e : edges) width = std::max(width, ImGui::CalcTextSize(tr(e.second, lang)).x + 30);
  for (const auto& r : rings) width = std::max(width, ImGui::CalcTextSize(tr(r.second, lang)).x + 22);
  const float height = line * static_cast<float>(kinds.size() + 7) + 12;
  const ImVec2 min(origin_.x + 10, origin_.y + size_.y - height - 10);
  draw->AddRectFilled(min, ImVec2(min.x + width + 20, min.y + height), IM_COL32(255, 255, 255, 225), 6.0f);
  draw->AddRect(min, ImVec2(min.x + width + 20, min.y + height), IM_COL32(200, 200, 200, 255), 6.0f);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  float y = min.y + 6;
  for (const auto& k : kinds) {
    draw->AddCircleFilled(ImVec2(min.x + 16, y + line / 2), 6, k.first, 12);
    draw->AddText(ImVec2(min.x + 30, y), text, k.second.c_str());
    y += line;
  }
  for (const auto& e : edges) {
    draw->AddLine(ImVec2(min.x + 8, y + line / 2), ImVec2(min.x + 30, y + line / 2), e.first, 2.5f);
    draw->AddText(ImVec2(min.x + 38, y), text, tr(e.second, lang));
    y += line;
  }
  for (const auto& r : rings) {
    draw->AddCircle(ImVec2(min.x + 16, y + line / 2), 6, r.first, 12, 2.0f);
    draw->AddText(ImVec2(min.x + 30, y), text, tr(r.second, lang));
    y += line;
  }
  draw->AddText(ImVec2(min.x + 10, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), tr("map.legend.size", lang));
}

void MapView::tooltip(const App& app, std::size_t node) const {
  const Lang lang = app.settings().lang;
  ImGui::BeginTooltip();
  if (node == 0) {
    int in = 0, out = 0;
    for (const PartnerVolume& v : volumes_) in += v.in, out += v.out;
    ImGui::TextUnformatted(tr("map.me", lang));
    ImGui::TextUnformatted(trf("map.tip.flows", lang, {std::to_string(in), std::to_string(out)}).c_str());
  } else {
    const Partner& p = partner(app, node);
    const PartnerVolume v = volumes_[node - 1];
    ImGui::TextUnformatted(p.name.c_str());
    ImGui::TextDisabled("%s · %s", enum_label(app, p.kind), enum_label(app, p.stage));
    ImGui::TextUnformatted(trf("map.tip.flows", lang, {std::to_string(v.in), std::to_string(v.out)}).c_str());
    if (layout_.pinned(node)) ImGui::TextDisabled("%s", tr("map.tip.pinned", lang));
  }
  ImGui::EndTooltip();
}

void MapView::draw_canvas(App& app) {
  origin_ = ImGui::GetCursorScreenPos();
  size_ = ImGui::GetContentRegionAvail();
  size_.x = std::max(size_.x, 50.0f);
  size_.y = std::max(size_.y, 50.0f);
  centre_ = origin_ + size_ * 0.5f;
  if (auto_fit_) fit();
  ImGui::InvisibleButton("###map.canvas", size_);
  items_add("map.canvas", "", origin_.x, origin_.y, size_.x, size_.y);  // ImGui 1.86 does not announce it
  items_mark_draggable();  // a finger on it pans the map (or drags a node), never scrolls the page
  const bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  handle_input(app, hovered);
  hovered_ = hovered && !pressed_ && !png_pending_ ? node_at(ImGui::GetIO().MousePos) : -1;
  run_layout(app);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(origin_, origin_ + size_, true);
  draw->AddRectFilled(origin_, origin_ + size_, kBackground);
  draw_edges(draw);
  draw_nodes(app, draw);
  draw_legend(app, draw);
  draw->PopClipRect();
  if (hovered_ >= 0 && !ImGui::IsItemActive()) tooltip(app, static_cast<std::size_t>(hovered_));
  if (png_pending_) {  // this frame's picture, without the pointer's tooltip
    char name[64];
    const Date today = app.today();
    std::snprintf(name, sizeof name, "kolo-map-%s.png", format_date(today).c_str());
    app.host().save_png(name, origin_.x, origin_.y, size_.x, size_.y);
    png_pending_ = false;
  }
}

void MapView::draw(App& app) {
  const bool any = !app.doc().partners.empty();
  if (any) refresh(app);  // before the bar: its buttons act on this revision's graph
  draw_bar(app, any);
  if (mode_ == Mode::charts) {
    charts_.draw(app);
    return;
  }
  if (!any) {
    empty_state(app, "map.empty.title", "map.empty.body");
    if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) app.load_demo();
    return;
  }
  refilter(app);
  find(app, false);
  draw_canvas(app);
}

void MapView::add_state(nlohmann::json& state) const {
  std::size_t pinned = 0, shown = 0;
  for (std::size_t node = 1; node < layout_.size(); ++node) {
    pinned += layout_.pinned(node);
    shown += node < visible_.size() && visible_[node];
  }
  nlohmann::json map = {{"mode", mode_ == Mode::graph ? "graph" : "charts"},
                        {"zoom", zoom_},
                        {"pan", {pan_.x, pan_.y}},
                        {"selected", selected_},
                        {"hovered", hovered_ > 0 && static_cast<std::size_t>(hovered_) <= ids_.size() ? ids_[static_cast<std::size_t>(hovered_) - 1] : 0},
                        {"settled", !running_},
                        {"steps", layout_.steps()},
                        {"step_ms", layout_.steps() > 0 ? run_ms_ / layout_.steps() : 0.0},
                        {"nodes", shown},
                        {"edges", edges_.size()},
                        {"pinned", pinned},
                        {"found", matches_.size()},
                        {"labels", labels_drawn_},
                        {"search", search_}};
  nlohmann::json filter = nlohmann::json::object();
  if (filter_.kind) filter["kind"] = to_string(*filter_.kind);
  if (filter_.stage) filter["stage"] = to_string(*filter_.stage);
  if (!filter_.tag.empty()) filter["tag"] = filter_.tag;
  map["filter"] = filter;
  // Where each node stands, for the tests that drag one and reload: only the selected one.
  const std::ptrdiff_t row = std::find(ids_.begin(), ids_.end(), selected_) - ids_.begin();
  if (selected_ != 0 && static_cast<std::size_t>(row) < ids_.size()) {
    const Vec2 p = layout_.position(static_cast<std::size_t>(row) + 1);
    map["selected_at"] = {p.x, p.y};
    map["selected_pinned"] = layout_.pinned(static_cast<std::size_t>(row) + 1);
  }
  state["map"] = map;
  charts_.add_state(state);
}

}  // namespace

std::unique_ptr<View> make_map_view() { return std::make_unique<MapView>(); }

}  // namespace kolo::ui
