// The network map's force-directed layout (see layout.hpp). One step, in the manner of d3-force:
// every force adds to the nodes' velocities, scaled by alpha; then the velocities lose a share
// to friction and move the free nodes; alpha cools towards 0.
//   springs:   along each edge, towards its rest length (edge weight: shorter and stronger);
//   repulsion: every node pushes every other with charge / distance, fading out to nothing at
//              link_distance * kRangeShare; the far ones summed per cell of a Barnes–Hut
//              quadtree, walked once per group of nearby nodes (O(n log n));
//   gravity:   a pull towards (0, 0) proportional to the distance.
// A step allocates nothing once the scratch (cells_, order_, src_*) has grown to the graph.
#include "core/layout.hpp"

#include <algorithm>
#include <cmath>

namespace kolo::layout {

namespace {

constexpr float kDefaultRadius = 6;
constexpr float kGoldenAngle = 2.39996323f;  // pi * (3 - sqrt 5): the sunflower's turn per seed
constexpr float kTwoPi = 6.28318531f;
// The quadtree stops splitting this deep: nodes closer than size / 2^kMaxDepth share a leaf.
constexpr int kMaxDepth = 40;
constexpr int kStack = 4 * kMaxDepth + 8;  // a walk keeps at most 3 cells a level waiting
// The repulsion is worked out for groups of kGroup nodes next to one another in the tree's
// order (so close together) at a time: they share one walk over the tree.
constexpr std::int32_t kGroup = 16;
constexpr std::size_t kLanes = 8;  // partial sums per node, see repel_group
// Closer than link_distance * kNearShare, the push stops growing (no blow-up at distance 0).
constexpr float kNearShare = 0.1f;
// The push fades out with distance, times (1 - d^2 / range^2)^2, and ends at the range,
// link_distance * kRangeShare. Without an end, a big graph's far nodes add up to a push that
// throws out any node not held by a spring to the centre, and that moves the whole map when
// one node is added.
constexpr float kRangeShare = 6;
// No node moves further than link_distance * kMaxSpeedShare in one step.
constexpr float kMaxSpeedShare = 3;

// A node's charge: a larger node (a partner with more referrals) claims more room.
float charge(float repulsion, float radius) { return repulsion * (1 + radius / 20); }

// The distance between the intervals [a0, a1] and [b0, b1] on a line, 0 when they overlap.
float gap(float a0, float a1, float b0, float b1) { return a0 > b1 ? a0 - b1 : b0 > a1 ? b0 - a1 : 0; }

// splitmix64: small, fast and the same everywhere (std's distributions differ between
// standard libraries).
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Rng {
  std::uint64_t state;
  // Uniform in [0, 1), 24 bits.
  float next() {
    state += 0x9E3779B97F4A7C15ull;
    return static_cast<float>(mix(state) >> 40) * (1.0f / 16777216.0f);
  }
};

}  // namespace

void Layout::reset(std::size_t count) {
  pos_.assign(count, Vec2{});
  vel_.assign(count, Vec2{});
  radius_.assign(count, kDefaultRadius);
  pinned_.assign(count, 0);
  placed_.assign(count, 0);
  next_.assign(count, -1);
  order_.clear();
  order_.reserve(count);
  edges_.clear();
  springs_.clear();
  alpha_ = kAlphaStart;
  last_move_ = 0;
  steps_ = 0;
  settled_ = false;
}

// Springs by weight (the number of referrals an edge stands for):
//   rest length: link_distance / sqrt(weight), between 0.4 and 1.5 times link_distance
//                (weight 4 is half as long; from weight 6.25 on, 0.4);
//   strength:    (1 + ln(weight) / 2), at least 0.5, divided by the smaller degree of the two
//                ends (d3-force's default, so a busy node is not torn about), at most 1;
//   bias:        the share of the pull node b takes, deg(a) / (deg(a) + deg(b)): the end with
//                fewer edges moves more.
// A weight that is not > 0 (or not a number) counts as 1.
void Layout::set_edges(std::vector<Edge> edges) {
  const std::size_t n = size();
  edges.erase(std::remove_if(edges.begin(), edges.end(),
                             [n](const Edge& e) { return e.a >= n || e.b >= n || e.a == e.b; }),
              edges.end());
  std::vector<std::uint32_t> degree(n, 0);
  for (Edge& e : edges) {
    if (!(e.weight > 0) || !std::isfinite(e.weight)) e.weight = 1;
    ++degree[e.a];
    ++degree[e.b];
  }
  springs_.resize(edges.size());
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const Edge& e = edges[k];
    const float da = static_cast<float>(degree[e.a]), db = static_cast<float>(degree[e.b]);
    Spring& s = springs_[k];
    s.rest = std::clamp(1 / std::sqrt(e.weight), 0.4f, 1.5f);
    s.strength = std::min(1.0f, std::max(0.5f, 1 + 0.5f * std::log(e.weight)) / std::min(da, db));
    s.bias = da / (da + db);
  }
  edges_ = std::move(edges);
}

void Layout::place(std::size_t node, Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) p = Vec2{};  // NaN or inf would spread to every node
  pos_[node] = p;
  placed_[node] = 1;
}

bool Layout::placed(std::size_t node) const { return placed_[node] != 0; }

// Without the step's Params at hand, distances here are those of the default link_distance.
// Nodes are taken in order, and one placed earlier in the same call counts as placed. Around
// one placed neighbour (the lowest-numbered, "the anchor") the newcomers take turns on a
// sunflower of their own, so a hundred nodes tied to one do not land on one spot.
void Layout::place_unplaced(std::uint64_t seed) {
  const std::size_t n = size();
  const float ld = Params{}.link_distance;
  // The neighbours of each node (compressed rows).
  std::vector<std::uint32_t> start(n + 1, 0), adj(edges_.size() * 2);
  for (const Edge& e : edges_) ++start[e.a + 1], ++start[e.b + 1];
  for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
  for (const Edge& e : edges_) adj[fill[e.a]++] = e.b, adj[fill[e.b]++] = e.a;

  std::vector<std::uint32_t> around(n, 0);  // newcomers put around each anchor so far
  Rng rng{mix(seed)};
  std::uint32_t spiral = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (placed_[i]) continue;
    float sx = 0, sy = 0;
    std::uint32_t count = 0, anchor = static_cast<std::uint32_t>(n);
    for (std::uint32_t k = start[i]; k < start[i + 1]; ++k) {
      const std::uint32_t j = adj[k];
      if (!placed_[j]) continue;
      sx += pos_[j].x, sy += pos_[j].y, ++count;
      anchor = std::min(anchor, j);
    }
    const float u = rng.next(), v = rng.next();
    Vec2 p;
    if (count > 0) {
      const std::uint32_t turn = around[anchor]++;
      const float base = kTwoPi * Rng{seed ^ mix(anchor)}.next();  // each anchor's sunflower turned its own way
      const float angle = base + static_cast<float>(turn) * kGoldenAngle + (u - 0.5f) * 0.6f;
      const float r = ld / 3 * std::sqrt(static_cast<float>(turn) + 1) * (0.85f + 0.3f * v);
      p = {sx / static_cast<float>(count) + r * std::cos(angle), sy / static_cast<float>(count) + r * std::sin(angle)};
    } else {
      const float s = static_cast<float>(spiral++);
      const float r = ld * 0.6f * std::sqrt(s + 0.5f), angle = s * kGoldenAngle;
      p = {r * std::cos(angle) + (u - 0.5f) * ld * 0.1f, r * std::sin(angle) + (v - 0.5f) * ld * 0.1f};
    }
    pos_[i] = p;
    vel_[i] = Vec2{};
    placed_[i] = 1;
  }
}

void Layout::pin(std::size_t node, bool pinned) {
  pinned_[node] = pinned ? 1 : 0;
  vel_[node] = Vec2{};
}

bool Layout::pinned(std::size_t node) const { return pinned_[node] != 0; }

void Layout::move(std::size_t node, Vec2 p) {
  place(node, p);
  vel_[node] = Vec2{};
}

void Layout::set_radius(std::size_t node, float r) { radius_[node] = std::isfinite(r) && r > 0 ? r : kDefaultRadius; }

void Layout::reheat(float alpha) {
  alpha_ = alpha;
  steps_ = 0;
  settled_ = false;
}

// The quadtree over every node (pinned ones push too). A cell's cx, cy are first the sums of
// charge * position, then, once all nodes are in, the centre of charge. Nodes at one spot, or
// closer than the deepest cell, share a leaf as a list (next_). Then the nodes are listed in
// the tree's order, so that each cell's nodes are a run of order_.
void Layout::build_tree(float repulsion) {
  const std::size_t n = size();
  const Vec2* p = pos_.data();
  float x0 = p[0].x, y0 = p[0].y, x1 = x0, y1 = y0;
  for (std::size_t i = 1; i < n; ++i) {
    x0 = std::min(x0, p[i].x), x1 = std::max(x1, p[i].x);
    y0 = std::min(y0, p[i].y), y1 = std::max(y1, p[i].y);
  }
  cells_.clear();
  Cell root;
  root.x0 = x0, root.y0 = y0, root.size = std::max({x1 - x0, y1 - y0, 1.0f}) * 1.0001f;
  cells_.push_back(root);
  // A new cell in quarter k of `parent` (bit 0: right half, bit 1: lower half).
  const auto quarter = [this](std::size_t parent, int k) {
    const Cell& up = cells_[parent];
    Cell cell;
    const float half = up.size / 2;
    cell.x0 = up.x0 + (k & 1 ? half : 0), cell.y0 = up.y0 + (k & 2 ? half : 0), cell.size = half;
    cells_[parent].child[k] = static_cast<std::int32_t>(cells_.size());
    cells_.push_back(cell);
    return &cells_.back();
  };
  // Adds a node of charge q at x, y to a cell's sums and box.
  const auto take = [](Cell& cell, float x, float y, float q) {
    if (cell.count == 0) cell.lo_x = cell.hi_x = x, cell.lo_y = cell.hi_y = y;
    cell.lo_x = x < cell.lo_x ? x : cell.lo_x, cell.hi_x = x > cell.hi_x ? x : cell.hi_x;
    cell.lo_y = y < cell.lo_y ? y : cell.lo_y, cell.hi_y = y > cell.hi_y ? y : cell.hi_y;
    cell.mass += q, cell.cx += q * x, cell.cy += q * y, ++cell.count;
  };
  const auto which = [](const Cell& cell, float x, float y) {
    const float half = cell.size / 2;
    return (x >= cell.x0 + half ? 1 : 0) + (y >= cell.y0 + half ? 2 : 0);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const float x = p[i].x, y = p[i].y, q = charge(repulsion, radius_[i]);
    const auto body = static_cast<std::int32_t>(i);
    next_[i] = -1;
    std::size_t c = 0;
    for (int depth = 0;; ++depth) {
      Cell* cell = &cells_[c];
      if (cell->body >= 0 || cells_.size() == 1) {  // a leaf (or the empty root)
        const std::int32_t other = cell->body;
        if (other < 0 || (p[other].x == x && p[other].y == y) || depth >= kMaxDepth) {
          next_[i] = other;  // the first node of an empty root, or one more at this spot
          cell->body = body;
          take(*cell, x, y, q);
          break;
        }
        // Split: the nodes already here go down one level, into the quarter of the first.
        Cell was = *cell;
        Cell* down = quarter(c, which(was, p[other].x, p[other].y));
        was.x0 = down->x0, was.y0 = down->y0, was.size = down->size;
        *down = was;  // the same nodes, sums and box, in a quarter of the square
        cell = &cells_[c];  // quarter() may have moved the cells
        cell->body = -1;
      }
      take(*cell, x, y, q);
      const int k = which(*cell, x, y);
      if (cell->child[k] < 0) {
        Cell* leaf = quarter(c, k);
        leaf->body = body;
        take(*leaf, x, y, q);
        break;
      }
      c = static_cast<std::size_t>(cell->child[k]);
    }
  }
  for (Cell& cell : cells_) {
    if (cell.mass > 0) cell.cx /= cell.mass, cell.cy /= cell.mass;
  }
  order_.clear();
  std::int32_t stack[kStack];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    Cell& cell = cells_[static_cast<std::size_t>(stack[--top])];
    cell.first = static_cast<std::int32_t>(order_.size());
    for (std::int32_t j = cell.body; j >= 0; j = next_[j]) order_.push_back(j);
    for (int k = 3; k >= 0; --k)
      if (cell.child[k] >= 0) stack[top++] = cell.child[k];
  }
}

// The push on the free nodes order_[first, last) (a group of nodes close together) from all
// the nodes, added to their velocities. The walk over the tree is shared by the group: a cell
// far enough from the group's box (the size of the box around its nodes, over the distance
// from its centre of charge to the group's box, below kTheta) pushes as one body at its centre
// of charge, one out of range not at all, a leaf node by node. Then each node of the group
// sums those sources (itself among them, at distance 0, pushes nothing).
void Layout::repel_group(std::int32_t first, std::int32_t last, const Reach& reach) {
  const Cell* cells = cells_.data();
  const Vec2* p = pos_.data();
  const std::int32_t* next = next_.data();
  const std::int32_t* order = order_.data();
  float gx0 = p[order[first]].x, gy0 = p[order[first]].y, gx1 = gx0, gy1 = gy0;
  for (std::int32_t k = first + 1; k < last; ++k) {
    const Vec2 q = p[order[k]];
    gx0 = std::min(gx0, q.x), gx1 = std::max(gx1, q.x), gy0 = std::min(gy0, q.y), gy1 = std::max(gy1, q.y);
  }
  const float theta2 = kTheta * kTheta;
  float* sx = src_x_.data();  // room for every cell and node (step() sized them)
  float* sy = src_y_.data();
  float* sq = src_q_.data();
  std::size_t m = 0;
  const auto add = [&](float x, float y, float q) { sx[m] = x, sy[m] = y, sq[m] = q, ++m; };
  std::int32_t stack[kStack];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Cell& cell = cells[stack[--top]];
    // Out of range: none of its nodes can reach the group's.
    const float gap_x = gap(cell.lo_x, cell.hi_x, gx0, gx1), gap_y = gap(cell.lo_y, cell.hi_y, gy0, gy1);
    if (gap_x * gap_x + gap_y * gap_y >= reach.range2) continue;
    if (cell.body >= 0) {
      for (std::int32_t j = cell.body; j >= 0; j = next[j]) {
        const float ex = gap(p[j].x, p[j].x, gx0, gx1), ey = gap(p[j].y, p[j].y, gy0, gy1);
        if (ex * ex + ey * ey < reach.range2) add(p[j].x, p[j].y, charge(reach.repulsion, radius_[j]));
      }
      continue;
    }
    const bool holds_group_node = cell.first < last && first < cell.first + cell.count;
    if (!holds_group_node) {
      const float ex = gap(cell.cx, cell.cx, gx0, gx1), ey = gap(cell.cy, cell.cy, gy0, gy1);
      const float e2 = ex * ex + ey * ey, extent = std::max(cell.hi_x - cell.lo_x, cell.hi_y - cell.lo_y);
      if (extent * extent < theta2 * e2) {
        if (e2 < reach.range2) add(cell.cx, cell.cy, cell.mass);
        continue;
      }
    }
    for (const std::int32_t k : cell.child)
      if (k >= 0) stack[top++] = k;
  }

  // Padding up to a whole number of lanes: sources of no charge.
  for (; m % kLanes != 0; ++m) sx[m] = sy[m] = sq[m] = 0;

  // Each node's sum over the sources, in kLanes interleaved partial sums (the same order every
  // time, and a loop the compiler can vectorise). Plain arithmetic, no calls: this loop is
  // most of a step, also in a debug build.
  const float inv_range2 = reach.inv_range2, near2 = reach.near2;
  for (std::int32_t k = first; k < last; ++k) {
    const auto i = static_cast<std::size_t>(order[k]);
    if (pinned_[i]) continue;
    const float x = p[i].x, y = p[i].y;
    float ax[kLanes] = {}, ay[kLanes] = {};
    for (std::size_t s = 0; s < m; s += kLanes) {
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        const float dx = sx[s + lane] - x, dy = sy[s + lane] - y, d2 = dx * dx + dy * dy;
        const float fade = 1 - d2 * inv_range2, t = fade > 0 ? fade : 0;
        const float w = sq[s + lane] * t * t / (d2 > near2 ? d2 : near2);
        ax[lane] -= dx * w, ay[lane] -= dy * w;
      }
    }
    float fx = 0, fy = 0;
    for (std::size_t lane = 0; lane < kLanes; ++lane) fx += ax[lane], fy += ay[lane];
    vel_[i].x += fx * reach.alpha, vel_[i].y += fy * reach.alpha;
  }
}

// Every free node's push, group by group. A group is a run of sibling cells of at most kGroup
// nodes together (a cell's nodes are a run of order_, and siblings' runs follow one another),
// so it lies within their parent's square.
void Layout::repel_all(const Reach& reach) {
  const Cell& root = cells_[0];
  if (root.count <= kGroup || root.body >= 0) {
    repel_group(0, root.count, reach);
    return;
  }
  std::int32_t stack[kStack];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Cell& cell = cells_[static_cast<std::size_t>(stack[--top])];
    std::int32_t first = 0, last = 0;  // the run gathered so far
    for (const std::int32_t k : cell.child) {
      if (k < 0) continue;
      const Cell& child = cells_[static_cast<std::size_t>(k)];
      if (child.count > kGroup && child.body < 0) {
        stack[top++] = k;
        continue;
      }
      if (last > first && (last - first + child.count > kGroup || child.first != last)) {
        repel_group(first, last, reach);
        first = last;
      }
      if (last == first) first = child.first;
      last = child.first + child.count;
    }
    if (last > first) repel_group(first, last, reach);
  }
}

bool Layout::step(const Params& params) {
  if (settled_) return false;
  const std::size_t n = size();
  alpha_ += (0 - alpha_) * params.alpha_decay;
  ++steps_;
  const float alpha = alpha_;
  Vec2* p = pos_.data();
  Vec2* v = vel_.data();
  const std::uint8_t* pinned = pinned_.data();

  // Springs, on where the ends are heading (position + velocity), as d3-force does.
  for (std::size_t k = 0; k < edges_.size(); ++k) {
    const Edge& e = edges_[k];
    const Spring& s = springs_[k];
    if (pinned[e.a] && pinned[e.b]) continue;
    float dx = p[e.b].x + v[e.b].x - p[e.a].x - v[e.a].x;
    float dy = p[e.b].y + v[e.b].y - p[e.a].y - v[e.a].y;
    const float d = std::sqrt(dx * dx + dy * dy);
    if (d == 0) continue;  // no direction: the repulsion parts them first
    const float l = (d - params.link_distance * s.rest) / d * alpha * s.strength;
    dx *= l, dy *= l;
    const float bias = pinned[e.a] ? 1 : pinned[e.b] ? 0 : s.bias;
    v[e.b].x -= dx * bias, v[e.b].y -= dy * bias;
    v[e.a].x += dx * (1 - bias), v[e.a].y += dy * (1 - bias);
  }

  // Repulsion, group by group, and gravity on the free nodes.
  if (n > 0) {
    build_tree(params.repulsion);
    Reach reach;
    reach.alpha = alpha;
    reach.repulsion = params.repulsion;
    const float near = params.link_distance * kNearShare, range = params.link_distance * kRangeShare;
    reach.near2 = std::max(near * near, 1e-6f);
    reach.range2 = std::max(range * range, reach.near2);
    reach.inv_range2 = 1 / reach.range2;
    // No group has more sources than cells and nodes (and the padding to whole lanes).
    if (const std::size_t most = cells_.size() + n + kLanes; src_x_.size() < most) {
      src_x_.resize(most), src_y_.resize(most), src_q_.resize(most);
    }
    repel_all(reach);
    // Nodes at one spot push one another nowhere (no direction): each gets a small push of
    // its own direction instead, so they part.
    for (const Cell& cell : cells_) {
      if (cell.body < 0 || next_[cell.body] < 0) continue;
      for (std::int32_t i = cell.body; i >= 0; i = next_[i]) {
        if (pinned[i]) continue;
        const float a = static_cast<float>(i) * kGoldenAngle;
        for (std::int32_t j = cell.body; j >= 0; j = next_[j]) {
          if (j == i || p[j].x != p[i].x || p[j].y != p[i].y) continue;
          const float w = charge(params.repulsion, radius_[j]) * alpha / reach.near2;
          v[i].x += std::cos(a) * w, v[i].y += std::sin(a) * w;
        }
      }
    }
    const float pull = params.gravity * alpha;
    for (std::size_t i = 0; i < n; ++i) {
      if (pinned[i]) continue;
      v[i].x -= p[i].x * pull;
      v[i].y -= p[i].y * pull;
    }
  }

  // Friction, then the move.
  const float keep = 1 - params.velocity_decay;
  const float max_speed = params.link_distance * kMaxSpeedShare, max_speed2 = max_speed * max_speed;
  float moved2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (pinned[i]) {
      v[i] = Vec2{};
      continue;
    }
    float vx = v[i].x * keep, vy = v[i].y * keep;
    float s2 = vx * vx + vy * vy;
    if (s2 > max_speed2) {
      const float f = max_speed / std::sqrt(s2);
      vx *= f, vy *= f, s2 = max_speed2;
    }
    if (!std::isfinite(s2)) vx = vy = s2 = 0;  // never let a NaN in
    v[i] = {vx, vy};
    p[i].x += vx, p[i].y += vy;
    moved2 = std::max(moved2, s2);
  }
  last_move_ = std::sqrt(moved2);
  settled_ = alpha_ < kAlphaMin || last_move_ <= kSettledMove;
  return !settled_;
}

}  // namespace kolo::layout
