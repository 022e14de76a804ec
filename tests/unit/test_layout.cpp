// The network map's layout (core/layout.hpp): the same start gives the same positions bit for
// bit, the starting positions of unplaced nodes, settling and staying settled, pinned nodes that
// never move (and still push), springs and repulsion (rest length, weight, no overlaps, nodes at
// one spot), a warm start that moves the others only a little, and 2,000 nodes with 10,000 edges.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/layout.hpp"

using namespace kolo;
using layout::Edge;
using layout::Layout;
using layout::Vec2;

namespace {

const float kLink = layout::Params{}.link_distance;

// Node 0 ("me") with an edge to every other node (weights 1 to 5), plus `extra` edges between
// random pairs of the others. The generator only builds the graph.
std::vector<Edge> star_graph(std::uint32_t nodes, std::size_t extra, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Edge> edges;
  for (std::uint32_t i = 1; i < nodes; ++i) edges.push_back({0, i, static_cast<float>(1 + rng() % 5)});
  for (std::size_t k = 0; k < extra;) {
    const std::uint32_t a = 1 + rng() % (nodes - 1), b = 1 + rng() % (nodes - 1);
    if (a == b) continue;
    edges.push_back({a, b, 1});
    ++k;
  }
  return edges;
}

// The usual start: me pinned at the centre, everyone else placed from `seed`.
Layout started(std::uint32_t nodes, const std::vector<Edge>& edges, std::uint64_t seed) {
  Layout l;
  l.reset(nodes);
  l.set_edges(edges);
  l.place(0, {0, 0});
  l.pin(0, true);
  l.place_unplaced(seed);
  return l;
}

// Steps until settled or `cap` steps; returns how many calls of step() that took.
int settle(Layout& l, int cap) {
  int calls = 0;
  while (calls < cap) {
    ++calls;
    if (!l.step()) break;
  }
  return calls;
}

float distance(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }
bool same(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }
bool same(const std::vector<Vec2>& a, const std::vector<Vec2>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](Vec2 x, Vec2 y) { return same(x, y); });
}
bool all_finite(const std::vector<Vec2>& ps) {
  return std::all_of(ps.begin(), ps.end(), [](Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); });
}
float min_pair_distance(const std::vector<Vec2>& ps) {
  float best = INFINITY;
  for (std::size_t i = 0; i < ps.size(); ++i)
    for (std::size_t j = i + 1; j < ps.size(); ++j) best = std::min(best, distance(ps[i], ps[j]));
  return best;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] determinism and starting positions
// ------------------------------------------------------------------------------------------------

TEST_CASE("the same graph and seed give the same positions bit for bit; another seed, other ones") {
  const std::vector<Edge> edges = star_graph(120, 80, 11);
  Layout a = started(120, edges, 7), b = started(120, edges, 7), c = started(120, edges, 8);
  CHECK(same(a.positions(), b.positions()));
  CHECK_FALSE(same(a.positions(), c.positions()));
  for (int i = 0; i < 150; ++i) {
    a.step();
    b.step();
    c.step();
  }
  CHECK(same(a.positions(), b.positions()));
  CHECK(a.alpha() == b.alpha());
  CHECK(a.last_move() == b.last_move());
  CHECK_FALSE(same(a.positions(), c.positions()));
  // Settled, the two are still one.
  settle(a, 1000);
  settle(b, 1000);
  CHECK(a.steps() == b.steps());
  CHECK(same(a.positions(), b.positions()));
}

TEST_CASE("place_unplaced keeps placed nodes, puts a node near its placed neighbours and the rest on a spiral") {
  Layout l;
  l.reset(6);
  l.set_edges({{0, 1, 1}, {0, 2, 3}, {1, 5, 1}, {2, 5, 1}});
  l.place(0, {400, -300});
  CHECK(l.placed(0));
  CHECK_FALSE(l.placed(1));
  l.place_unplaced(42);
  for (std::size_t i = 0; i < l.size(); ++i) CHECK(l.placed(i));
  CHECK(same(l.position(0), {400, -300}));
  // 1 and 2 hang off node 0; 5 off 1 and 2 (placed just before it, in node order).
  CHECK(distance(l.position(1), l.position(0)) < kLink * 0.8f);
  CHECK(distance(l.position(2), l.position(0)) < kLink * 0.8f);
  CHECK(distance(l.position(1), l.position(2)) > 1.0f);  // not on one spot
  const Vec2 mid{(l.position(1).x + l.position(2).x) / 2, (l.position(1).y + l.position(2).y) / 2};
  CHECK(distance(l.position(5), mid) < kLink * 0.8f);
  // 3 and 4 have no edges: near the centre, not on one spot.
  CHECK(distance(l.position(3), {0, 0}) < kLink * 1.5f);
  CHECK(distance(l.position(4), {0, 0}) < kLink * 1.5f);
  CHECK(distance(l.position(3), l.position(4)) > kLink * 0.3f);
  // Called again, nothing is unplaced: nothing changes.
  const std::vector<Vec2> before = l.positions();
  l.place_unplaced(43);
  CHECK(same(l.positions(), before));
}

TEST_CASE("edges naming a missing node or a node itself are left out; a weight not above 0 counts as 1") {
  Layout l;
  l.reset(3);
  l.set_edges({{0, 1, 2}, {1, 3, 1}, {2, 2, 1}, {1, 2, 0}, {0, 2, NAN}});
  REQUIRE(l.edges().size() == 3);
  CHECK(l.edges()[0].weight == 2);
  CHECK(l.edges()[1].weight == 1);
  CHECK(l.edges()[2].weight == 1);
  l.reset(2);  // a fresh graph: no edges, nothing placed or pinned
  CHECK(l.edges().empty());
  CHECK_FALSE(l.placed(0));
  CHECK_FALSE(l.pinned(0));
}

// ------------------------------------------------------------------------------------------------
// [SECTION] settling
// ------------------------------------------------------------------------------------------------

TEST_CASE("a 200-node graph settles within 600 steps, and then stays exactly where it is") {
  Layout l = started(200, star_graph(200, 150, 3), 1);
  const std::vector<Vec2> start = l.positions();
  const int calls = settle(l, 600);
  REQUIRE(l.settled());
  CHECK(calls < 600);
  CHECK(l.steps() == calls);
  CHECK((l.alpha() < layout::kAlphaMin || l.last_move() <= layout::kSettledMove));
  CHECK(distance(l.position(1), start[1]) > 1.0f);  // it did move
  CHECK(all_finite(l.positions()));

  const std::vector<Vec2> settled = l.positions();
  const float alpha = l.alpha();
  for (int i = 0; i < 20; ++i) CHECK_FALSE(l.step());
  CHECK(same(l.positions(), settled));
  CHECK(l.alpha() == alpha);
  CHECK(l.steps() == calls);

  // Reheated, it moves again and counts from 0.
  l.reheat(layout::kAlphaStart);
  CHECK_FALSE(l.settled());
  CHECK(l.steps() == 0);
  CHECK(l.step());
  CHECK(l.steps() == 1);
}

TEST_CASE("empty and one-node layouts settle at once and stay finite") {
  Layout empty;
  empty.reset(0);
  CHECK_FALSE(empty.step());
  CHECK(empty.settled());

  Layout one;
  one.reset(1);
  one.place(0, {50, 0});
  settle(one, 600);
  CHECK(one.settled());
  CHECK(all_finite(one.positions()));
  CHECK(one.position(0).x < 50);  // gravity pulls it towards the centre
}

// ------------------------------------------------------------------------------------------------
// [SECTION] pins and drags
// ------------------------------------------------------------------------------------------------

TEST_CASE("a pinned node never moves while the others do; unpinned, it moves") {
  Layout l = started(60, star_graph(60, 40, 5), 2);
  l.move(5, {300, -200});
  l.pin(5, true);
  CHECK(l.pinned(5));
  CHECK(same(l.position(5), {300, -200}));
  const Vec2 free_start = l.position(7);
  int calls = 0;
  while (calls < 600) {
    ++calls;
    const bool moving = l.step();
    REQUIRE(same(l.position(0), {0, 0}));  // exactly: 0 drift, every step
    REQUIRE(same(l.position(5), {300, -200}));
    if (!moving) break;
  }
  CHECK(l.settled());
  CHECK(distance(l.position(7), free_start) > 1.0f);

  l.pin(5, false);
  CHECK_FALSE(l.pinned(5));
  l.reheat(layout::kAlphaStart);
  for (int i = 0; i < 5; ++i) l.step();
  CHECK_FALSE(same(l.position(5), {300, -200}));
  CHECK(same(l.position(0), {0, 0}));
}

TEST_CASE("a pinned node still pushes and pulls the free ones") {
  // Pushes: a free node next to a pinned one, no edge, is pushed away.
  Layout push;
  push.reset(2);
  push.place(0, {0, 0});
  push.pin(0, true);
  push.place(1, {10, 0});
  for (int i = 0; i < 30; ++i) push.step();
  CHECK(push.position(1).x > 10 + kLink * 0.5f);
  CHECK(same(push.position(0), {0, 0}));

  // Pulls: a free node far out on an edge to a pinned one comes in.
  Layout pull;
  pull.reset(2);
  pull.set_edges({{0, 1, 1}});
  pull.place(0, {0, 0});
  pull.pin(0, true);
  pull.place(1, {1000, 0});
  settle(pull, 600);
  CHECK(pull.position(1).x < kLink * 1.5f);
  CHECK(same(pull.position(0), {0, 0}));
}

TEST_CASE("a drag sets the node's position at once") {
  Layout l = started(10, star_graph(10, 0, 1), 1);
  for (int i = 0; i < 20; ++i) l.step();
  l.move(3, {-77.5f, 12.25f});
  CHECK(same(l.position(3), {-77.5f, 12.25f}));
  l.pin(3, true);
  l.step();
  CHECK(same(l.position(3), {-77.5f, 12.25f}));
}

// ------------------------------------------------------------------------------------------------
// [SECTION] springs and repulsion
// ------------------------------------------------------------------------------------------------

TEST_CASE("two connected nodes end about link_distance apart") {
  Layout l;
  l.reset(2);
  l.set_edges({{0, 1, 1}});
  l.place(0, {-300, 40});
  l.place(1, {250, -10});
  settle(l, 600);
  REQUIRE(l.settled());
  // The push between them stretches the spring a little past its rest length.
  const float d = distance(l.position(0), l.position(1));
  CHECK(d > kLink * 0.9f);
  CHECK(d < kLink * 1.3f);
}

TEST_CASE("a heavier edge ends shorter than a light one") {
  Layout l;
  l.reset(3);
  l.set_edges({{0, 1, 1}, {0, 2, 6}});
  l.place(0, {0, 0});
  l.pin(0, true);
  l.place_unplaced(9);
  settle(l, 600);
  REQUIRE(l.settled());
  const float light = distance(l.position(0), l.position(1)), heavy = distance(l.position(0), l.position(2));
  CHECK(heavy < light * 0.8f);
  CHECK(heavy > kLink * 0.3f);  // still apart: the push keeps them from overlapping
}

TEST_CASE("unconnected nodes do not overlap") {
  Layout l;
  l.reset(40);
  l.place_unplaced(4);
  settle(l, 600);
  REQUIRE(l.settled());
  CHECK(min_pair_distance(l.positions()) > kLink);
}

TEST_CASE("nodes started at one spot part, and nothing becomes NaN") {
  Layout l;
  l.reset(12);
  l.set_edges({{0, 1, 1}, {1, 2, 1}, {3, 4, 2}});
  for (std::size_t i = 0; i < 12; ++i) l.place(i, {5, 5});  // every node on one spot
  l.step();
  CHECK(all_finite(l.positions()));
  CHECK(min_pair_distance(l.positions()) > 0);
  settle(l, 600);
  CHECK(l.settled());
  CHECK(all_finite(l.positions()));
  CHECK(min_pair_distance(l.positions()) > kLink * 0.3f);
}

TEST_CASE("a larger node pushes harder") {
  // Where one step takes a free node next to a pinned one of the given radius.
  const auto pushed = [](float radius) {
    Layout l;
    l.reset(2);
    l.place(0, {0, 0});
    l.pin(0, true);
    l.set_radius(0, radius);
    l.place(1, {60, 0});
    l.step();
    return l.position(1).x;
  };
  CHECK(pushed(20) > pushed(6));
  CHECK(pushed(6) > 60);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] warm start
// ------------------------------------------------------------------------------------------------

TEST_CASE("warm start: a node added to a settled 300-node graph moves the others only a little") {
  std::vector<Edge> edges = star_graph(300, 150, 21);
  Layout before = started(300, edges, 5);
  settle(before, 1000);
  REQUIRE(before.settled());

  edges.push_back({300, 5, 1});
  edges.push_back({300, 17, 1});
  Layout after;
  after.reset(301);
  after.set_edges(edges);
  for (std::size_t i = 0; i < 300; ++i) after.place(i, before.position(i));
  after.pin(0, true);
  after.place_unplaced(6);
  const Vec2 mid{(before.position(5).x + before.position(17).x) / 2, (before.position(5).y + before.position(17).y) / 2};
  CHECK(distance(after.position(300), mid) < kLink);  // starts near its neighbours
  after.reheat(layout::kWarmAlpha);
  const int calls = settle(after, 1000);
  REQUIRE(after.settled());
  CHECK(calls < 300);
  CHECK(all_finite(after.positions()));

  float sum = 0, most = 0;
  for (std::size_t i = 0; i < 300; ++i) {
    const float d = distance(after.position(i), before.position(i));
    sum += d;
    most = std::max(most, d);
  }
  CHECK(sum / 300 < kLink * 0.1f);
  CHECK(most < kLink * 1.5f);  // the new node's two neighbours move the most
}

// ------------------------------------------------------------------------------------------------
// [SECTION] a big graph
// ------------------------------------------------------------------------------------------------

TEST_CASE("2,000 nodes and 10,000 edges: a step works, and it settles within 700 steps") {
  const std::vector<Edge> edges = star_graph(2000, 10000 - 1999, 2000);
  REQUIRE(edges.size() == 10000);
  Layout l = started(2000, edges, 1);
  const std::vector<Vec2> start = l.positions();
  CHECK(l.step());
  CHECK(all_finite(l.positions()));
  CHECK_FALSE(same(l.positions(), start));
  const int calls = 1 + settle(l, 699);
  CHECK(l.settled());
  CHECK(calls < 700);
  CHECK(all_finite(l.positions()));
  CHECK(same(l.position(0), {0, 0}));
  CHECK(min_pair_distance(l.positions()) > 1.0f);
}
