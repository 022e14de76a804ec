// Storage rules: recovery of version-1 snapshots (read once, when a profile is upgraded), and
// when autosave writes and what it tells the user.
#include <doctest/doctest.h>

#include "core/history.hpp"
#include "io/kolo_json.hpp"
#include "storage/snapshots.hpp"

using namespace kolo;

namespace {

Document doc_with(const std::string& partner_name) {
  Store store;
  Partner p;
  p.name = partner_name;
  REQUIRE_FALSE(store.apply(put_command(p), 0.0).has_value());
  return store.doc();
}


}  // namespace

TEST_CASE("recovery loads the newest snapshot that reads, and names the ones set aside") {
  const std::string good = to_json(doc_with("Школа №5"));
  const std::string newer = to_json(doc_with("Ліцей №2"));
  SUBCASE("all good: the newest wins") {
    Recovery r = recover({{1, good}, {2, newer}});
    CHECK(r.loaded_seq == 2);
    CHECK(r.doc.partners.at(0).name == "Ліцей №2");
    CHECK(r.set_aside.empty());
  }
  SUBCASE("the newest is torn: the one before is loaded, the torn one set aside with its reason") {
    Recovery r = recover({{1, good}, {2, newer.substr(0, newer.size() / 2)}});
    CHECK(r.loaded_seq == 1);
    CHECK(r.head_seq == 2);
    CHECK(r.doc.partners.at(0).name == "Школа №5");
    REQUIRE(r.set_aside == std::vector<std::uint64_t>{2});
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].key.rfind("err.", 0) == 0);
  }
  SUBCASE("nothing readable: an empty document, every snapshot set aside") {
    Recovery r = recover({{3, "garbage"}, {4, "{\"format\":\"kolo\"}"}});
    CHECK(r.loaded_seq == 0);
    CHECK(r.doc.partners.empty());
    CHECK(r.set_aside.size() == 2);
  }
  SUBCASE("first start") {
    Recovery r = recover({});
    CHECK(r.loaded_seq == 0);
    CHECK(r.set_aside.empty());
  }
}

TEST_CASE("autosave: debounced, never more than a second late, one write in flight") {
  Autosaver saver(/*saved_revision=*/0);
  CHECK(saver.state() == SaveState::saved);
  CHECK_FALSE(saver.due(10.0));

  saver.note_revision(1, 10.0);
  CHECK(saver.state() == SaveState::pending);
  CHECK_FALSE(saver.due(10.1));
  CHECK(saver.due(10.0 + Autosaver::kQuietSeconds));

  SUBCASE("steady typing still saves within a second of the first change") {
    for (int i = 2; i < 10; ++i) saver.note_revision(static_cast<std::uint64_t>(i), 10.0 + 0.12 * i);
    CHECK_FALSE(saver.due(10.99));
    CHECK(saver.due(11.0));
  }
  SUBCASE("a write in flight blocks another; changes made meanwhile are written after it") {
    saver.begin(1);
    CHECK(saver.state() == SaveState::saving);
    saver.note_revision(2, 10.3);
    CHECK_FALSE(saver.due(12.0));
    saver.succeeded();
    CHECK(saver.state() == SaveState::pending);
    CHECK(saver.due(12.0));
    saver.begin(2);
    saver.succeeded();
    CHECK(saver.state() == SaveState::saved);
  }
  SUBCASE("a failure is shown with its reason and retried later") {
    saver.begin(1);
    saver.failed("QuotaExceededError", 10.5);
    CHECK(saver.state() == SaveState::failed);
    CHECK(saver.reason() == "QuotaExceededError");
    CHECK_FALSE(saver.due(11.0));
    CHECK(saver.due(10.5 + Autosaver::kRetrySeconds));
    saver.begin(1);
    saver.succeeded();
    CHECK(saver.state() == SaveState::saved);
  }
  SUBCASE("leaving the page writes at once") {
    saver.note_revision(2, 10.01);
    saver.flush();
    CHECK(saver.due(10.02));
  }
  SUBCASE("a conflict stops all writes until the user has chosen") {
    saver.begin(1);
    saver.conflicted();
    CHECK(saver.state() == SaveState::conflict);
    saver.note_revision(2, 11.0);
    CHECK_FALSE(saver.due(20.0));
    saver.resolved(21.0);
    CHECK(saver.state() == SaveState::pending);
    CHECK(saver.due(21.0));
  }
  SUBCASE("no storage at all") {
    saver.set_unavailable("IndexedDB is not available");
    CHECK(saver.state() == SaveState::unavailable);
    CHECK_FALSE(saver.due(20.0));
  }
}

TEST_CASE("a snapshot from a newer Kolo is neither loaded nor set aside: the app must not write over it") {
  const std::string good = to_json(doc_with("Старий"));
  std::string newer = to_json(doc_with("Новий"));
  const std::string version = "\"version\":" + std::to_string(kKoloFormatVersion);
  REQUIRE(newer.find(version) != std::string::npos);
  newer.replace(newer.find(version), version.size(), "\"version\":" + std::to_string(kKoloFormatVersion + 1));
  Recovery r = recover({{1, good}, {2, newer}});
  CHECK(r.newer_version);
  CHECK(r.set_aside.empty());
  CHECK(r.loaded_seq == 0);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].key == "err.newer_version");
}

TEST_CASE("autosave: a failure stops mattering once the user is back at what is stored") {
  Autosaver saver(10);
  saver.note_revision(11, 1.0);
  saver.begin(11);
  saver.failed("QuotaExceededError", 1.5);
  CHECK(saver.state() == SaveState::failed);
  saver.note_revision(10, 2.0);  // undone back to the saved revision
  CHECK(saver.state() == SaveState::saved);
  CHECK_FALSE(saver.due(100.0));
}

TEST_CASE("autosave tells when it will be due, so the app can sleep until then instead of polling") {
  Autosaver saver(0);
  CHECK(saver.due_at() < 0);  // nothing unsaved: nothing to wake for
  saver.note_revision(1, 10.0);
  CHECK(saver.due_at() == doctest::Approx(10.0 + Autosaver::kQuietSeconds));
  CHECK_FALSE(saver.due(saver.due_at() - 0.01));
  CHECK(saver.due(saver.due_at()));
  for (int i = 2; i < 20; ++i) saver.note_revision(static_cast<std::uint64_t>(i), 10.0 + 0.1 * i);
  CHECK(saver.due_at() == doctest::Approx(10.0 + Autosaver::kMaxDelaySeconds));  // never more than 1 s late
  saver.begin(19);
  CHECK(saver.due_at() < 0);  // in flight: its result wakes the app
  saver.failed("QuotaExceededError", 12.0);
  CHECK(saver.due_at() == doctest::Approx(12.0 + Autosaver::kRetrySeconds));
  CHECK(saver.due(saver.due_at()));
  saver.flush();
  CHECK(saver.due_at() == 0);
  saver.conflicted();
  CHECK(saver.due_at() < 0);
}
