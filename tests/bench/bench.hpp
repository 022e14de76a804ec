// What the benchmark sources share: where they run (printed first on each line) and the
// figures bench_json.cpp's main prints besides its own.
#pragma once
#include <cstdint>

#include "core/model.hpp"

#ifdef __EMSCRIPTEN__
inline constexpr const char* kWhere = "wasm";
#else
inline constexpr const char* kWhere = "native";
#endif

// bench_matching.cpp: prints the matching figure; false when the ranking looks wrong.
bool run_matching_bench();
// bench_layout.cpp: prints the map layout's figures; false when it did not settle.
bool run_layout_bench();

// bench_map.cpp: writes the network of the map's browser figures (`partners` partners and
// `edges` edges: referrals to and from "me" and co-hosted events) as a Kolo file.
bool write_map_network(const char* path, int partners, int edges);

// network.cpp: a synthetic network of `partners` partners, the same for the same seed on every
// machine: every partner kind and stage, 1-3 contact persons, 1-5 services (3 a partner on
// average), agreements from the agreement stage on, 5-15 logged contacts each (10 on average), a case for
// every tenth partner with two referrals in every status, and an event for every fifth; text
// in Ukrainian and Russian. Made up: no real person or organization.
kolo::Document synthetic_network(int partners, std::uint64_t seed);
