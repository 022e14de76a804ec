// The network the map's browser figures are taken on (tests/bench/page.mjs --map): 2,000
// partners and 10,000 edges. Each partner but every fourth sent clients (an edge in), each but
// every fourth other received some (an edge out): 3,000 edges to and from "me"; the other
// 7,000 are pairs of partners that took part in one of the joint events together, five
// partners an event, picked by a fixed sequence. Made-up names; the same file every run.
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <utility>

#include "bench.hpp"
#include "core/model.hpp"
#include "io/kolo_json.hpp"

using namespace kolo;

namespace {

Document map_network(int partners, int edges) {
  Document d;
  std::uint64_t state = 0x2545F4914F6CDD1Dull;
  const auto next = [&]() {  // xorshift64: the same picks on every machine
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < partners; ++i) {
    Partner p;
    p.id = d.next_id++;
    p.name = std::string("Партнер мапи №") + std::to_string(i);
    p.kind = static_cast<PartnerKind>(i % EnumInfo<PartnerKind>::count);
    p.stage = static_cast<Stage>(i % EnumInfo<Stage>::count);
    p.tags = {i % 2 ? "школа" : "лікарі"};
    d.partners.push_back(std::move(p));
  }
  Case c;
  c.id = d.next_id++;
  c.alias = "Клієнт (вигаданий)";
  c.opened = "2026-01-10";
  d.cases.push_back(c);
  int drawn = 0;
  for (int i = 0; i < partners; ++i) {
    for (Direction dir : {Direction::in, Direction::out}) {
      if ((dir == Direction::in && i % 4 == 3) || (dir == Direction::out && i % 4 == 0)) continue;
      ++drawn;
      const int count = 1 + (i % 3);
      for (int k = 0; k < count; ++k) {
        Referral r;
        r.id = d.next_id++;
        r.direction = dir;
        r.case_id = c.id;
        r.partner_id = d.partners[static_cast<std::size_t>(i)].id;
        r.status = ReferralStatus::accepted;
        char date[16];
        std::snprintf(date, sizeof date, "2026-%02d-%02d", 1 + (i + k) % 11, 1 + (i * 7 + k) % 28);
        r.history = {{ReferralStatus::sent, date, ""}, {ReferralStatus::accepted, date, ""}};
        d.referrals.push_back(std::move(r));
      }
    }
  }
  std::set<std::pair<int, int>> pairs;
  for (int e = 0; drawn + static_cast<int>(pairs.size()) < edges; ++e) {
    Event ev;
    ev.id = d.next_id++;
    ev.title = std::string("Спільний семінар №") + std::to_string(e);
    ev.starts_at = "2026-05-14T15:00";
    ev.status = EventStatus::done;
    ev.uid = std::string("kolo-bench-map-") + std::to_string(e);
    std::set<int> members;
    while (members.size() < 5) members.insert(static_cast<int>(next() % static_cast<std::uint64_t>(partners)));
    for (int a : members) {
      ev.co_host_ids.push_back(d.partners[static_cast<std::size_t>(a)].id);
      for (int b : members)
        if (a < b && drawn + static_cast<int>(pairs.size()) < edges) pairs.insert({a, b});
    }
    d.events.push_back(std::move(ev));
  }
  return d;
}

}  // namespace

bool write_map_network(const char* path, int partners, int edges) {
  const std::string bytes = to_json(map_network(partners, edges), "2026-11-25T10:00");
  std::FILE* f = std::fopen(path, "wb");
  const bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (f) std::fclose(f);
  std::printf("[%s] map network: %d partners, %d edges written to %s (%zu bytes)\n", kWhere, partners, edges, path, bytes.size());
  return ok;
}
