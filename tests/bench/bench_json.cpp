// Serialization and parsing speed of a large network (10,000 partners, each with 2 contacts, 3
// services and 2 logged contacts), then the matching figure (bench_matching.cpp) and the map
// layout's (bench_layout.cpp). Prints timings against budgets; it does not fail on them (machines differ).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "bench.hpp"
#include "core/date.hpp"
#include "core/events.hpp"
#include "core/history.hpp"
#include "core/validate.hpp"
#include "io/kolo_json.hpp"

#include <nlohmann/json.hpp>

using namespace kolo;

namespace {

Document big_network(int partners) {
  Document d;
  d.need_tags = {{d.next_id++, "anxiety", "Anxiety", "Тривога", "Тревога"},
                 {d.next_id++, "housing", "Housing", "Житло", "Жильё"}};
  for (int i = 0; i < partners; ++i) {
    Partner p;
    p.id = d.next_id++;
    p.name = "Партнер №" + std::to_string(i) + " «Коло»";
    p.kind = static_cast<PartnerKind>(i % EnumInfo<PartnerKind>::count);
    static const char* const kAreas[] = {"Подільський р-н", "Оболонський р-н", "Шевченківський р-н", "Печерський р-н",
                                         "Дарницький р-н", "Деснянський р-н", "Голосіївський р-н", "Солом'янський р-н"};
    p.area = std::string("Київ, ") + kAreas[i % 8];
    p.tags = {i % 3 == 0 ? "школа" : i % 3 == 1 ? "лікарі" : "ГО", "батьки"};
    for (int c = 0; c < 2; ++c)
      p.contacts.push_back({d.next_id++, "Контакт " + std::to_string(c), "психолог", "+380 00 000 00 00",
                            "person" + std::to_string(i) + "@example.org", "@handle"});
    p.stage = Stage::active;
    p.trust = i % 6;
    p.follow_up_days = 30;
    p.next_follow_up = "2025-04-01";
    p.their_needs = "Семінари для вчителів про тривожність у підлітків.";
    p.notes = "Made-up partner for the benchmark.";
    for (int s = 0; s < 3; ++s) {
      Service svc;
      svc.id = d.next_id++;
      svc.partner_id = p.id;
      svc.name = "Послуга " + std::to_string(s);
      svc.description = "Групова підтримка, до 10 учасників, щотижня.";
      svc.need_tags = {s == 1 ? "housing" : "anxiety"};
      svc.access_rules = "Дзвінок координатору, направлення листом.";
      svc.schedule = "пн-пт 10:00-18:00";
      svc.languages = {"uk", "ru"};
      svc.capacity = 10;
      d.services.push_back(std::move(svc));
    }
    for (int k = 0; k < 2; ++k) {  // two logged contacts each: last contact and keep in touch
      Interaction in;
      in.id = d.next_id++;
      in.partner_id = p.id;
      in.date = "2025-" + std::string(k == 0 ? "01-" : "03-") + std::to_string(10 + i % 18);
      in.channel = k == 0 ? Channel::meeting : Channel::call;
      in.who = "Контакт 0";
      in.summary = "Обговорили спільний семінар для вчителів.";
      d.interactions.push_back(std::move(in));
    }
    d.partners.push_back(std::move(p));
  }
  // A joint event for every fifth partner (2,000 at 10,000 partners), two or three a day over
  // 2026 and 2027: the Events view's month grid is full whatever month "today" falls in.
  for (int i = 0; i < partners / 5; ++i) {
    Event e;
    e.id = d.next_id++;
    e.title = "Семінар для вчителів №" + std::to_string(i);
    e.kind = static_cast<EventKind>(i % EnumInfo<EventKind>::count);
    e.starts_at = format_date(add_days(Date{2026, 1, 1}, (i * 730) / std::max(1, partners / 5))) + "T" +
                  (i % 2 ? "10:00" : "15:30");
    e.place_or_link = "Ліцей №" + std::to_string(i % 100);
    e.status = static_cast<EventStatus>(i % EnumInfo<EventStatus>::count);
    const Id partner = d.partners[static_cast<std::size_t>(i) * 5].id;
    e.co_host_ids = {partner};
    e.venue_ids = {partner};
    e.checklist = {{"Узгодити дату", true}, {"Роздруківки", i % 3 == 0}, {"Форма зворотного зв'язку", false}};
    e.attendance = 20 + i % 15;
    e.leads = i % 4;
    e.contacts_met = i % 3;
    e.uid = "kolo-bench-" + std::to_string(i);
    d.events.push_back(std::move(e));
  }
  return d;
}

template <class F> double best_ms(F&& run) {
  double best = 1e30;
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace

// kolo_bench              print the timings
// kolo_bench --write F    also write the 10,000-partner document to F (for the browser benchmark)
// kolo_bench --write-map M  also write the map's network (2,000 partners, 10,000 edges) to M
// kolo_bench --write-synthetic N:SEED:F  also write the synthetic network (bench.hpp) of N
//                                       partners from SEED to F (the page benchmark's)
// kolo_bench --generate N:SEED:F ...   only write synthetic networks (the soak, fuzz seeds)
namespace {
// N:SEED:FILE -> the synthetic network written to FILE; false on a bad spec or a failed write.
bool write_synthetic(const std::string& spec) {
  const std::size_t a = spec.find(':'), b = spec.find(':', a == std::string::npos ? a : a + 1);
  if (a == std::string::npos || b == std::string::npos) return false;
  const std::string text = to_json(synthetic_network(std::stoi(spec.substr(0, a)), std::stoull(spec.substr(a + 1, b - a - 1))));
  std::FILE* f = std::fopen(spec.substr(b + 1).c_str(), "wb");
  const bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f) std::fclose(f);
  return ok;
}
}  // namespace

int main(int argc, char** argv) {
  // --generate N:SEED:FILE ...: only write synthetic networks (the soak's imports, fuzz seeds).
  if (argc > 1 && std::string(argv[1]) == "--generate") {
    bool ok = argc > 2;
    for (int i = 2; i < argc; ++i) ok = write_synthetic(argv[i]) && ok;
    if (!ok) std::printf("ERROR: kolo_bench --generate N:SEED:FILE ...\n");
    return ok ? 0 : 1;
  }
  const int kPartners = 10000;
  Document doc = big_network(kPartners);
  std::string bytes;
  double serialize = best_ms([&] { bytes = to_json(doc, "2025-03-01T10:00"); });
  bool ok = true;
  double parse = best_ms([&] {
    ParseResult r = parse_kolo(bytes);
    ok = ok && r.doc.has_value() && *r.doc == doc;
  });
  // One edit of one field on a big network: what a keystroke in a form costs.
  Store store(doc);
  Partner edited = doc.partners[5000];
  int n = 0;
  double edit = best_ms([&] {
    edited.notes = "edit " + std::to_string(n++);
    ok = ok && !store.apply(put_command(edited, "partner:notes"), static_cast<double>(n) * 2.0).has_value();
  });
  std::printf("[%s] serialize %d partners: %.1f ms (budget 300 ms)\n", kWhere, kPartners, serialize);
  std::printf("[%s] parse %d partners: %.1f ms (budget 600 ms)\n", kWhere, kPartners, parse);
  std::printf("[%s] one edit on %d partners (validate what it touched + index + undo step): %.3f ms (budget 1 ms)\n", kWhere,
              kPartners, edit);
  std::printf("[%s] file size: %.2f MiB (%zu bytes)\n", kWhere, static_cast<double>(bytes.size()) / (1024.0 * 1024.0), bytes.size());
  // The Events view's work per revision: a month grid's events by day, and what events brought.
  std::size_t listed = 0;
  double month = best_ms([&] {
    const std::vector<Date> grid = month_grid(Date{2026, 11, 25}, Lang::uk);
    listed = 0;
    for (const auto& day : events_by_day(doc, grid.front(), static_cast<int>(grid.size()))) listed += day.size();
  });
  Effectiveness eff;
  double brought = best_ms([&] { eff = effectiveness(doc); });
  ok = ok && listed > 0 && eff.total.events > 0;
  std::printf("[%s] Events view, %zu events: a month's events by day (%zu listed): %.3f ms; what events brought, per kind and "
              "per partner: %.3f ms (per revision; budget 16 ms for both)\n",
              kWhere, doc.events.size(), listed, month, brought);
  ok = run_matching_bench() && ok;
  ok = run_layout_bench() && ok;
  // Export and import of the synthetic network (bench.hpp) at three sizes, side by side with
  // nlohmann's DOM parse of the same bytes (the peer: Kolo's import is that parse plus reading
  // every field with its pointer and validating).
  for (const int n : {1000, 10000, 50000}) {
    const Document net = synthetic_network(n, 1);
    if (const std::vector<Error> errors = validate(net); !errors.empty()) {
      std::printf("ERROR: the synthetic network of %d partners does not validate: %s at %s\n", n, errors[0].key.c_str(),
                  errors[0].path.c_str());
      ok = false;
      continue;
    }
    std::string out;
    const double exported = best_ms([&] { out = to_json(net, "2026-11-26T10:00"); });
    const double mib = static_cast<double>(out.size()) / (1024.0 * 1024.0);
    bool same = true;
    const double imported = best_ms([&] {
      ParseResult r = parse_kolo(out);
      same = same && r.doc.has_value() && *r.doc == net;
    });
    bool parsed = true;
    double dom = 0;
    // In wasm (2 GiB of memory at most) a DOM of a file over the limit is not tried.
    if (kWhere[0] == 'n' || out.size() <= kMaxFileBytes)
      dom = best_ms([&] { parsed = parsed && !nlohmann::json::parse(out).is_null(); });
    ok = ok && parsed;
    std::printf("[%s] Kolo JSON export, synthetic network of %d partners (%zu services, %zu logged contacts, %.1f MiB): %.1f ms "
                "(budget %s)\n",
                kWhere, n, net.services.size(), net.interactions.size(), mib, exported, n == 10000 ? "150 ms in wasm" : "none");
    if (out.size() > kMaxFileBytes) {
      // Kolo refuses files over its limit (io/kolo_json.hpp): this export cannot be imported.
      std::printf("[%s] Kolo JSON import, synthetic network of %d partners; nlohmann's DOM parse of the same bytes: refused (%.1f "
                  "MiB is over the %zu MiB a file may be); %s (budget %s)\n",
                  kWhere, n, mib, kMaxFileBytes >> 20, dom > 0 ? (std::to_string(static_cast<int>(dom)) + " ms").c_str() : "not tried",
                  n == 10000 ? "300 ms in wasm" : "none");
      continue;
    }
    ok = ok && same;
    std::printf("[%s] Kolo JSON import, synthetic network of %d partners; nlohmann's DOM parse of the same bytes; ratio: %.1f ms; "
                "%.1f ms; %.2f (budget %s)\n",
                kWhere, n, imported, dom, imported / dom, n == 10000 ? "300 ms in wasm" : "none");
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--write") {
      std::FILE* f = std::fopen(argv[i + 1], "wb");
      if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) ok = false;
      if (f) std::fclose(f);
    } else if (flag == "--write-synthetic") {  // --write-synthetic N:SEED:FILE
      ok = write_synthetic(argv[i + 1]) && ok;
    } else if (flag == "--write-map") {
      ok = write_map_network(argv[i + 1], 2000, 10000) && ok;
    }
  }
  if (!ok) {
    std::printf("ERROR: the parsed document differs from the original, an edit failed, the file was not written, "
                "the matching ranked wrongly, or the map layout did not settle\n");
    return 1;
  }
  return 0;
}
