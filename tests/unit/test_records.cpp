// Storage record by record: keys, loading (set-aside of what cannot be read or does not fit),
// saves that write only what changed, and two tabs sharing one store — different records both
// save, the same record is a conflict the user resolves, and nothing is lost either way. The
// store here is MemoryRecordStore, the native twin of the IndexedDB transaction in
// shell/kolo_bridge.js (whose own behaviour the e2e tests check in Chromium).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/history.hpp"
#include "core/validate.hpp"
#include "io/kolo_json.hpp"
#include "storage/records.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {

std::vector<StoredRecord> as_records(const Document& doc) {
  std::vector<StoredRecord> out;
  for_each_table(doc, [&](const auto& table) {
    for (const auto& r : table) out.push_back({record_key(table_of<std::decay_t<decltype(r)>>(), r.id), 1, record_to_json(Record(r))});
  });
  return out;
}

// A browser tab: its Store, what it knows of the stored revisions, and its block of ids.
struct Tab {
  MemoryRecordStore* disk;
  Store store;
  RecordSync sync;
  Id block_end = 0;

  explicit Tab(MemoryRecordStore* d) : disk(d) { load(); }

  void load() {
    LoadedRecords loaded = load_records(disk->meta(), disk->records());
    REQUIRE(loaded.problems.empty());
    store = Store(std::move(loaded.doc));
    const Id block = disk->reserve_block();
    store.raise_next_id(block);
    block_end = block + kIdBlock;
    sync.reset(loaded.revs);
  }
  void edit(const Command& c) {
    auto error = store.apply(c, 0.0);
    REQUIRE_MESSAGE(!error, describe(*error, Lang::en));
  }
  // One autosave: what changed, written in one transaction. Returns the conflicts.
  std::vector<StoredConflict> save(std::size_t* writes = nullptr) {
    sync.note(store.take_changes(), store.doc());
    SaveRequest request = sync.begin(store.doc(), block_end);
    if (writes) *writes = request.writes.size();
    Id block = 0;
    std::vector<StoredConflict> conflicts = disk->write(request, &block);
    if (conflicts.empty()) {
      sync.succeeded();
      if (request.reserve_ids) {
        store.raise_next_id(block);
        block_end = block + kIdBlock;
      }
    } else {
      sync.conflicted(conflicts);
    }
    return conflicts;
  }
};

Document stored_document(const MemoryRecordStore& disk) {
  LoadedRecords loaded = load_records(disk.meta(), disk.records());
  REQUIRE(loaded.problems.empty());
  return loaded.doc;
}

Partner named(Partner p, const std::string& name) {
  p.name = name;
  return p;
}

}  // namespace

TEST_CASE("record keys name a table and an id; references are keys too") {
  CHECK(record_key(Table::partners, 12) == "partners/12");
  Table t{};
  Id id = 0;
  CHECK(parse_record_key("need_tags/3", &t, &id));
  CHECK(t == Table::need_tags);
  CHECK(id == 3);
  for (const char* bad : {"", "partners", "partners/", "partners/x", "partners/-1", "nowhere/3", "partners/3/4"}) {
    INFO(bad);
    CHECK_FALSE(parse_record_key(bad, &t, &id));
  }
  const Document d = test::sample_document();
  CHECK(record_refs(Record(d.referrals[0])) == std::vector<std::string>{"cases/11", "partners/6", "services/7"});
  CHECK(record_refs(Record(d.events[0])) == std::vector<std::string>{"partners/3", "partners/6", "referrals/12"});
  CHECK(record_refs(Record(d.partners[0])).empty());
}

TEST_CASE("records load back into the same document, in id order, whatever order they come in") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const Document d = test::random_document(seed);
    std::vector<StoredRecord> records = as_records(d);
    std::reverse(records.begin(), records.end());
    LoadedRecords loaded = load_records(StoredMeta{kKoloFormatVersion, d.next_id}, records);
    INFO("seed " << seed);
    CHECK(loaded.problems.empty());
    CHECK(loaded.doc == d);
    CHECK(loaded.revs.size() == records.size());
  }
}

TEST_CASE("a phone stored by version 2 that version 3 refuses is kept as text, never set aside") {
  Document d = test::sample_document();
  d.partners[0].contacts[1].phone = "067 Viber";  // Ivan has no messenger
  std::vector<StoredRecord> records = as_records(d);
  LoadedRecords old = load_records(StoredMeta{2, d.next_id}, records);
  CHECK(old.problems.empty());
  REQUIRE(old.doc.partners.size() == 2);
  CHECK(old.doc.partners[0].contacts[1].phone.empty());
  CHECK(old.doc.partners[0].contacts[1].messenger == "067 Viber");
  // The meta may say 3 already (another tab saved since) while this record was never rewritten:
  // it is kept as text all the same.
  LoadedRecords now = load_records(StoredMeta{kKoloFormatVersion, d.next_id}, records);
  CHECK(now.problems.empty());
  CHECK(now.doc == old.doc);
}

TEST_CASE("a record that cannot be read, or that points at nothing, is set aside and the rest loads") {
  const Document d = test::sample_document();
  std::vector<StoredRecord> records = as_records(d);
  SUBCASE("torn text") {
    std::string torn;
    for (StoredRecord& r : records)
      if (r.key == "events/13") torn = r.text = r.text.substr(0, 20);
    LoadedRecords loaded = load_records(StoredMeta{2, d.next_id}, records);
    CHECK(loaded.set_aside == std::vector<std::string>{"events/13"});
    // What it was read as goes with it: storage moves it only while it still holds this text.
    CHECK(loaded.unread_text == std::map<std::string, std::string>{{"events/13", torn}});
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].key == "err.not_json");
    CHECK(loaded.problems[0].path.rfind("/events/13", 0) == 0);
    CHECK(loaded.doc.events.empty());
    CHECK(loaded.doc.partners == d.partners);
    CHECK(validate(loaded.doc).empty());
  }
  SUBCASE("a service whose partner is gone: the service leaves, and so does the referral naming it") {
    records.erase(std::remove_if(records.begin(), records.end(), [](const StoredRecord& r) { return r.key == "partners/6"; }),
                  records.end());
    LoadedRecords loaded = load_records(StoredMeta{2, d.next_id}, records);
    CHECK(std::count(loaded.set_aside.begin(), loaded.set_aside.end(), "services/7") == 1);
    CHECK(std::count(loaded.set_aside.begin(), loaded.set_aside.end(), "referrals/12") == 1);
    CHECK(loaded.unread_text.empty());  // they read; they leave whatever they hold
    CHECK(validate(loaded.doc).empty());
    CHECK(loaded.doc.partners.size() == 1);
  }
  SUBCASE("a key that does not match the record's own id") {
    for (StoredRecord& r : records)
      if (r.key == "partners/3") r.key = "partners/4000";
    LoadedRecords loaded = load_records(StoredMeta{2, d.next_id}, records);
    CHECK(std::count(loaded.set_aside.begin(), loaded.set_aside.end(), "partners/4000") == 1);
  }
  SUBCASE("stored by a newer Kolo: nothing is loaded") {
    LoadedRecords loaded = load_records(StoredMeta{kKoloFormatVersion + 1, d.next_id}, records);
    CHECK(loaded.newer_version);
    CHECK(loaded.doc.partners.empty());
    CHECK(loaded.set_aside.empty());
  }
}

TEST_CASE("a save writes only the records a change touched") {
  MemoryRecordStore disk;
  Tab tab(&disk);
  tab.edit(replace_command(test::sample_document(), "cmd.load_demo"));
  std::size_t writes = 0;
  REQUIRE(tab.save(&writes).empty());
  CHECK(writes == as_records(test::sample_document()).size());
  tab.edit(put_command(named(tab.store.doc().partners[0], "Ліцей №8"), "partner:3:name"));
  REQUIRE(tab.save(&writes).empty());
  CHECK(writes == 1);
  CHECK(disk.entries.at("partners/3").rev == 2);
  CHECK(disk.entries.at("partners/6").rev == 1);
  // A deletion writes the records it took along and the event it unlinked.
  tab.edit(delete_command(Table::partners, 3));
  REQUIRE(tab.save(&writes).empty());
  CHECK(writes == 5);  // the school, its service, its agreement, the event that listed it and the case it declined
  CHECK(test::same_tables(stored_document(disk), tab.store.doc()));  // next_id: blocks reserved
  // Undo is a change like any other.
  REQUIRE(tab.store.undo());
  REQUIRE(tab.save().empty());
  CHECK(test::same_tables(stored_document(disk), tab.store.doc()));  // next_id: blocks reserved
}

TEST_CASE("two tabs that edit different records both save, and each sees the other's work after a reload") {
  MemoryRecordStore disk;
  {
    Tab first(&disk);
    first.edit(replace_command(test::sample_document(), "cmd.load_demo"));
    REQUIRE(first.save().empty());
  }
  Tab a(&disk), b(&disk);
  a.edit(put_command(named(a.store.doc().partners[0], "Ліцей №7 (A)")));
  b.edit(put_command(named(b.store.doc().partners[1], "Fund (B)")));
  // Both add a partner at the same moment: their blocks of ids keep them apart.
  Partner pa, pb;
  pa.name = "Нова школа A";
  pb.name = "Нова школа B";
  a.edit(put_command(pa));
  b.edit(put_command(pb));
  CHECK(a.store.doc().partners.back().id != b.store.doc().partners.back().id);
  CHECK(a.save().empty());
  CHECK(b.save().empty());
  const Document stored = stored_document(disk);
  CHECK(stored.partners.size() == 4);
  CHECK(find_record<Partner>(stored, 3)->name == "Ліцей №7 (A)");
  CHECK(find_record<Partner>(stored, 6)->name == "Fund (B)");
}

TEST_CASE("the same record changed in two tabs is a conflict; keep mine, keep theirs or both lose nothing") {
  MemoryRecordStore disk;
  {
    Tab first(&disk);
    first.edit(replace_command(test::sample_document(), "cmd.load_demo"));
    REQUIRE(first.save().empty());
  }
  Tab a(&disk), b(&disk);
  a.edit(put_command(named(a.store.doc().partners[0], "Version A")));
  b.edit(put_command(named(b.store.doc().partners[0], "Version B")));
  REQUIRE(a.save().empty());
  std::vector<StoredConflict> conflicts = b.save();
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].key == "partners/3");
  CHECK(conflicts[0].why == "changed");
  REQUIRE(conflicts[0].text.has_value());
  CHECK(conflicts[0].text->find("Version A") != std::string::npos);  // theirs, to show beside mine
  CHECK(find_record<Partner>(stored_document(disk), 3)->name == "Version A");  // nothing overwritten
  SUBCASE("keep mine") {
    b.sync.resolved("partners/3", true);
    REQUIRE(b.save().empty());
    CHECK(find_record<Partner>(stored_document(disk), 3)->name == "Version B");
  }
  SUBCASE("keep theirs") {
    std::optional<Record> theirs = parse_record(Table::partners, *conflicts[0].text, nullptr);
    REQUIRE(theirs);
    b.sync.resolved("partners/3", false);
    b.edit(put_command(*theirs));
    REQUIRE(b.save().empty());
    CHECK(find_record<Partner>(stored_document(disk), 3)->name == "Version A");
    CHECK(test::same_tables(b.store.doc(), stored_document(disk)));
  }
  SUBCASE("keep both: theirs under the id, mine as a new partner") {
    std::optional<Record> theirs = parse_record(Table::partners, *conflicts[0].text, nullptr);
    Partner mine = *find_record<Partner>(b.store.doc(), 3);
    mine.id = 0;
    for (ContactPerson& c : mine.contacts) c.id = 0;
    b.sync.resolved("partners/3", false);
    b.edit(batch_command({put_command(*theirs), put_command(mine)}));
    REQUIRE(b.save().empty());
    const Document stored = stored_document(disk);
    CHECK(find_record<Partner>(stored, 3)->name == "Version A");
    CHECK(std::count_if(stored.partners.begin(), stored.partners.end(), [](const Partner& p) { return p.name == "Version B"; }) == 1);
  }
}

TEST_CASE("a record deleted in one tab while the other refers to it: a conflict, never a dangling reference") {
  MemoryRecordStore disk;
  {
    Tab first(&disk);
    first.edit(replace_command(test::sample_document(), "cmd.load_demo"));
    REQUIRE(first.save().empty());
  }
  Tab a(&disk), b(&disk);
  Service extra;
  extra.partner_id = 3;
  extra.name = "Консультація для батьків";
  SUBCASE("the reference is saved first: the deletion is refused") {
    b.edit(put_command(extra));
    REQUIRE(b.save().empty());
    a.edit(delete_command(Table::partners, 3));
    std::vector<StoredConflict> conflicts = a.save();
    REQUIRE_FALSE(conflicts.empty());
    CHECK(conflicts[0].why == "referenced");
    CHECK(conflicts[0].key.rfind("services/", 0) == 0);
  }
  SUBCASE("the deletion is saved first: the new reference is refused") {
    a.edit(delete_command(Table::partners, 3));
    REQUIRE(a.save().empty());
    b.edit(put_command(extra));
    std::vector<StoredConflict> conflicts = b.save();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].why == "missing");
    CHECK(conflicts[0].key == "partners/3");
    CHECK_FALSE(conflicts[0].text.has_value());
    // Keep mine: the partner is written back with the service; nothing points at nothing.
    b.sync.resolved("partners/3", true);
    REQUIRE(b.save().empty());
    const Document stored = stored_document(disk);
    CHECK(validate(stored).empty());
    CHECK(find_record<Partner>(stored, 3) != nullptr);
  }
  CHECK(validate(stored_document(disk)).empty());
}

TEST_CASE("the meta entry says whether a database is new: nothing written, and no tab loaded it before") {
  const std::optional<kolo::StoredMeta> fresh = kolo::parse_meta(R"({"k":"doc","version":5,"next_id":1001})");
  REQUIRE(fresh.has_value());
  CHECK_FALSE(fresh->records_written);
  CHECK_FALSE(fresh->claimed);
  const std::optional<kolo::StoredMeta> loaded =
      kolo::parse_meta(R"({"k":"doc","version":5,"next_id":2001,"records_written":false,"claimed":true})");
  REQUIRE(loaded.has_value());
  CHECK(loaded->claimed);
  CHECK(loaded->next_id == 2001);
  // Anything but true is not a claim (a hand-edited or foreign entry).
  CHECK_FALSE(kolo::parse_meta(R"({"version":5,"next_id":1,"claimed":"yes","records_written":1})")->claimed);
  CHECK_FALSE(kolo::parse_meta(R"({"version":5,"next_id":1,"claimed":"yes","records_written":1})")->records_written);
}

TEST_CASE("the document's digest: stored as records and loaded back it is the same; any change to the data shows") {
  const Document d = test::sample_document();
  const LoadedRecords loaded = load_records(StoredMeta{kKoloFormatVersion, d.next_id + 500}, as_records(d));
  REQUIRE(loaded.set_aside.empty());
  CHECK(loaded.doc.next_id != d.next_id);  // a reserved block of ids is not data...
  CHECK(document_digest(loaded.doc) == document_digest(d));  // ...so the digest leaves it out
  Document renamed = d;
  renamed.partners[0].name += "а";
  CHECK(document_digest(renamed) != document_digest(d));
  Document fewer = d;
  fewer.interactions.pop_back();
  CHECK(document_digest(fewer) != document_digest(d));
}

TEST_CASE("team sync without referrals: an event leaves without its referral links and keeps them when it comes back") {
  const std::set<kolo::Table> synced = {kolo::Table::need_tags, kolo::Table::partners, kolo::Table::events};
  kolo::Event event;
  event.id = 40;
  event.title = "Seminar";
  event.referral_ids = {7, 9};
  const std::string here = kolo::record_to_json(kolo::Record(event));
  // Out: no link to a referral the server's other devices cannot have.
  const std::optional<std::string> out = kolo::sync_outgoing(kolo::Table::events, here, synced);
  REQUIRE(out);
  const nlohmann::json sent = nlohmann::json::parse(*out);
  std::optional<kolo::Record> left = kolo::parse_record(kolo::Table::events, sent["t"].get<std::string>(), nullptr);
  REQUIRE(left);
  CHECK(std::get<kolo::Event>(*left).referral_ids.empty());
  CHECK(std::get<kolo::Event>(*left).title == "Seminar");
  CHECK(sent["r"].empty());
  // Back, edited on another device: the new title, and this device's links again.
  kolo::Event edited = std::get<kolo::Event>(*left);
  edited.title = "Seminar for teachers";
  const std::optional<std::string> in =
      kolo::sync_incoming(kolo::Table::events, kolo::record_to_json(kolo::Record(edited)), here, synced);
  REQUIRE(in);
  const nlohmann::json got = nlohmann::json::parse(*in);
  std::optional<kolo::Record> back = kolo::parse_record(kolo::Table::events, got["t"].get<std::string>(), nullptr);
  REQUIRE(back);
  CHECK(std::get<kolo::Event>(*back).title == "Seminar for teachers");
  CHECK(std::get<kolo::Event>(*back).referral_ids == std::vector<kolo::Id>{7, 9});
  CHECK(got["r"] == nlohmann::json::array({"referrals/7", "referrals/9"}));
  // New here from a device that syncs referrals: links to records this device cannot have are
  // not taken.
  const nlohmann::json fresh = nlohmann::json::parse(*kolo::sync_incoming(kolo::Table::events, here, std::nullopt, synced));
  CHECK(std::get<kolo::Event>(*kolo::parse_record(kolo::Table::events, fresh["t"].get<std::string>(), nullptr)).referral_ids.empty());
  CHECK(fresh["r"].empty());
  // With referrals syncing, the links go along as they are.
  std::set<kolo::Table> all = synced;
  all.insert(kolo::Table::referrals);
  all.insert(kolo::Table::cases);
  const nlohmann::json whole = nlohmann::json::parse(*kolo::sync_outgoing(kolo::Table::events, here, all));
  CHECK(whole["r"].size() == 2);
  CHECK_FALSE(kolo::sync_outgoing(kolo::Table::events, "{not json", synced));
}
