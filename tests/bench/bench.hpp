// What the benchmark sources share: where they run (printed first on each line) and the
// figures bench_json.cpp's main prints besides its own.
#pragma once

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
