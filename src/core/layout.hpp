// The network map's layout: a force-directed placement of nodes (Fruchterman–Reingold-style
// springs on the edges, repulsion between every pair approximated with a Barnes–Hut quadtree,
// O(n log n) per step, fading out beyond a few link distances, and a weak pull towards the
// centre) that cools down and stops.
// No ImGui here: the Map view (ui/view_map.cpp) owns a Layout, steps it within a frame budget
// and draws the positions; tests/unit/test_layout.cpp checks convergence, determinism and pins.
//
// Rules:
// - Deterministic: the same graph, the same starting positions and the same seed give the same
//   positions after the same number of steps, bit for bit on one platform. No clock, no global
//   random state; the only randomness is a small PRNG seeded from `seed`.
// - Pinned nodes never move: their position after any step is exactly the one they were given
//   (0 px drift), while they still push and pull the others.
// - It settles: every step lowers the temperature (alpha) towards 0; once alpha is below
//   kAlphaMin, or no free node moved more than kSettledMove units in a step, settled() is true
//   and step() does nothing more until reheat().
// - A warm start (positions kept from before, one node added) is started with a low alpha
//   (kWarmAlpha), so the others move only a little.
//
// Units: map units (1 unit = 1 px at zoom 1); node 0 is conventionally "me", pinned at (0, 0).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kolo::layout {

struct Vec2 {
  float x = 0, y = 0;
};

struct Edge {
  std::uint32_t a = 0, b = 0;  // node indices; a != b
  float weight = 1;            // > 0: a stronger spring (more referrals) pulls closer and harder
};

inline constexpr float kAlphaStart = 1.0f;   // a layout from scratch
inline constexpr float kWarmAlpha = 0.03f;   // a warm start: positions kept, a node or two new (low: the rest barely drifts)
inline constexpr float kAlphaMin = 0.002f;   // below this the layout is settled
inline constexpr float kSettledMove = 0.05f; // map units: a step that moves no free node more than this settles
inline constexpr float kTheta = 0.9f;        // Barnes–Hut opening criterion (cell size / distance)

struct Params {
  float link_distance = 90;  // the springs' rest length at weight 1
  float repulsion = 900;     // strength of the push between nodes
  float gravity = 0.02f;     // pull towards (0, 0), keeps separate components on screen
  float alpha_decay = 0.0228f;  // d3-force's default: about 300 steps from 1 to kAlphaMin
  float velocity_decay = 0.4f;  // friction per step
};

class Layout {
 public:
  // A fresh graph of `count` nodes with no positions yet and no edges. Every node is free.
  void reset(std::size_t count);
  std::size_t size() const { return pos_.size(); }

  void set_edges(std::vector<Edge> edges);  // edges naming a missing node are ignored
  const std::vector<Edge>& edges() const { return edges_; }

  // A node's starting position (taken as it is; also marks the node as placed).
  void place(std::size_t node, Vec2 p);
  bool placed(std::size_t node) const;
  // Gives every node not placed yet a deterministic start: near the placed nodes it has edges
  // to (their mean, plus a small offset from the PRNG; many newcomers around one node take
  // turns on a sunflower around it), or, with none, on a sunflower spiral around the centre, in
  // node order, jittered by the PRNG. The same seed, the same starts.
  void place_unplaced(std::uint64_t seed);

  void pin(std::size_t node, bool pinned);
  bool pinned(std::size_t node) const;
  // Drag: sets the node's position now (velocity zeroed); a dragged node is usually also pinned.
  void move(std::size_t node, Vec2 p);

  // Nodes with a larger radius push a little harder (and the drawing uses the same radius).
  void set_radius(std::size_t node, float r);

  // One step: forces, velocities, positions; lowers alpha. Returns true if the layout is still
  // moving after it (false once settled()). Cost O(n log n + edges).
  bool step(const Params& params = {});
  bool settled() const { return settled_; }
  float alpha() const { return alpha_; }
  int steps() const { return steps_; }  // steps since the last reset or reheat
  // Starts moving again from `alpha` (kAlphaStart: from scratch, kWarmAlpha: after a small change).
  void reheat(float alpha);

  const std::vector<Vec2>& positions() const { return pos_; }
  Vec2 position(std::size_t node) const { return pos_[node]; }
  // The largest distance any free node moved in the last step (map units).
  float last_move() const { return last_move_; }

 private:
  std::vector<Vec2> pos_, vel_;
  std::vector<float> radius_;
  std::vector<std::uint8_t> pinned_, placed_;
  std::vector<Edge> edges_;
  // Per edge (same order as edges_), worked out by set_edges: the rest length as a share of
  // link_distance, the spring's strength, and the share of the pull taken by node b.
  struct Spring {
    float rest = 1, strength = 1, bias = 0.5f;
  };
  std::vector<Spring> springs_;
  float alpha_ = kAlphaStart;
  float last_move_ = 0;
  int steps_ = 0;
  bool settled_ = false;
  // Scratch of the quadtree, kept between steps so a step allocates nothing once warm.
  struct Cell {
    float cx = 0, cy = 0, mass = 0;    // centre of mass and total weight
    float x0 = 0, y0 = 0, size = 0;    // square bounds
    float lo_x = 0, lo_y = 0, hi_x = 0, hi_y = 0;  // the box around its nodes
    std::int32_t child[4] = {-1, -1, -1, -1};
    std::int32_t body = -1;            // a leaf's first node (more at one spot in next_), -1 when internal
    std::int32_t first = 0, count = 0; // its nodes are order_[first, first + count)
  };
  std::vector<Cell> cells_;
  std::vector<std::int32_t> next_;   // per node: the next node in the same leaf, -1 at the end
  std::vector<std::int32_t> order_;  // the nodes in the quadtree's order (depth first)
  std::vector<float> src_x_, src_y_, src_q_;  // what pushes one group of nearby nodes: cells, nodes
  struct Reach {  // one step's constants of the repulsion
    float alpha = 0, repulsion = 0, near2 = 0, range2 = 0, inv_range2 = 0;
  };
  void build_tree(float repulsion);
  void repel_all(const Reach& reach);
  void repel_group(std::int32_t first, std::int32_t last, const Reach& reach);
};

}  // namespace kolo::layout
