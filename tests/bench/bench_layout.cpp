// The network map's layout speed (core/layout.hpp): a made-up map of 2,000 nodes and 10,000
// edges, generated from a fixed seed: node 0 is "me", pinned at the centre, with an edge to
// each of the 1,999 partners weighted by their referrals, and 8,001 edges between random pairs
// of partners. From a fresh start, the first 50 steps are timed one by one (the median and the
// slowest, against the budget of 4 ms a step in the browser), then it runs until settled: how
// many steps that took. Called from bench_json.cpp's main. Prints; does not fail on the budget.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "bench.hpp"
#include "core/layout.hpp"

namespace {

constexpr std::uint32_t kNodes = 2000;
constexpr std::size_t kEdges = 10000;
constexpr int kTimedSteps = 50;
constexpr int kMostSteps = 2000;

std::vector<kolo::layout::Edge> map_graph(unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<kolo::layout::Edge> edges;
  edges.reserve(kEdges);
  for (std::uint32_t partner = 1; partner < kNodes; ++partner) {
    // Referrals per partner: most have a few, some many (1 to 40).
    const unsigned referrals = 1 + (rng() % 4 == 0 ? rng() % 40 : rng() % 4);
    edges.push_back({0, partner, static_cast<float>(referrals)});
  }
  while (edges.size() < kEdges) {
    const std::uint32_t a = 1 + rng() % (kNodes - 1), b = 1 + rng() % (kNodes - 1);
    if (a != b) edges.push_back({a, b, static_cast<float>(1 + rng() % 3)});
  }
  return edges;
}

}  // namespace

// False when the layout did not settle, or a position is not a number.
bool run_layout_bench() {
  kolo::layout::Layout map;
  map.reset(kNodes);
  map.set_edges(map_graph(20250301));
  map.place(0, {0, 0});
  map.pin(0, true);
  map.place_unplaced(1);

  std::vector<double> ms;
  double total = 0;
  while (map.steps() < kMostSteps) {
    const auto start = std::chrono::steady_clock::now();
    const bool moving = map.step();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    total += took.count();
    if (map.steps() <= kTimedSteps) ms.push_back(took.count());
    if (!moving) break;
  }
  const bool finite = std::all_of(map.positions().begin(), map.positions().end(),
                                  [](kolo::layout::Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); });
  const double first = ms.front();  // the first step also sizes the scratch (allocates)
  std::sort(ms.begin(), ms.end());
  std::printf("[%s] Map layout: one step at 2,000 nodes and 10,000 edges: %.3f ms median, %.3f ms max of the first %zu "
              "steps from a fresh start, the very first %.3f ms (budget 4 ms)\n",
              kWhere, ms[ms.size() / 2], ms.back(), ms.size(), first);
  std::printf("[%s] Map layout: steps until settled at 2,000 nodes and 10,000 edges: %d (%.0f ms in all)\n", kWhere,
              map.steps(), total);
  return map.settled() && finite;
}
