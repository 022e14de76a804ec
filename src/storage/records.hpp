// Durable storage, record by record: the rules every backend follows.
//
// Each record is stored on its own under a key "<table>/<id>" ("partners/12") with a revision
// (1, 2, 3 ... per record) and the ids it refers to; one meta entry holds the format version and
// the highest id handed out. A save writes only the records a change touched, in one
// transaction that first checks, for each record, that the stored revision is still the one
// this tab read (a compare-and-swap per record), that nothing stored still refers to a record
// it deletes, and that what its records refer to still exists. So two tabs that edit different
// records both save; the same record edited in both, or a record one tab deleted while the
// other referred to it, is a conflict the user resolves (keep mine, keep theirs, keep both),
// and nothing is lost in between.
//
// Ids: a tab reserves a block of ids (kIdBlock) when it loads and whenever its block runs low,
// so records two tabs create at the same moment never share an id.
//
// Backends: the browser's IndexedDB (shell/kolo_bridge.js does the transaction) and
// MemoryRecordStore below (the same rules natively, for the tests).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.hpp"
#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

inline constexpr Id kIdBlock = 1000;
inline constexpr Id kIdBlockLow = 100;  // fewer ids left than this: the next save reserves more

std::string record_key(Table table, Id id);
bool parse_record_key(std::string_view key, Table* table, Id* id);
// The keys of the records `record` refers to (each once).
std::vector<std::string> record_refs(const Record& record);

// A record as stored.
struct StoredRecord {
  std::string key;
  std::uint64_t rev = 0;
  std::string text;  // the record's Kolo JSON (io/kolo_json.hpp, record_to_json)
};

// The meta entry: {"format":"kolo","version":N,"next_id":N}.
struct StoredMeta {
  int version = 0;
  Id next_id = 1;
  bool records_written = false;  // false: nothing was ever saved here (a new database)
  bool claimed = false;  // another tab loaded this database before (shell/kolo_bridge.js, load)
};
std::string meta_to_json(const StoredMeta& meta);
std::optional<StoredMeta> parse_meta(std::string_view text);

// What start-up makes of the stored records.
struct LoadedRecords {
  Document doc;
  std::map<std::string, std::uint64_t> revs;  // key -> stored revision, for every record in doc
  // Records that could not be read, or that contradict the rest (a reference to a record that
  // is not there): the user is told, a copy is kept aside, and they leave the working set.
  std::vector<std::string> set_aside;
  std::vector<Error> problems;  // why (the first problem of each, with its key in front)
  // The text each unreadable record was read as, by key: storage sets a record aside only if
  // it still holds that text, so a read that came back corrupt once (and another tab's newer
  // version) never moves a sound record out of the data.
  std::map<std::string, std::string> unread_text;
  // Stored by a newer Kolo: nothing is loaded, and this tab must not write.
  bool newer_version = false;
};
LoadedRecords load_records(const std::optional<StoredMeta>& meta, std::vector<StoredRecord> records);

// One record of a save: its new text (none: delete it), the revision it was based on and the
// keys it refers to.
struct RecordWrite {
  std::string key;
  std::uint64_t base = 0;  // 0: not stored yet
  std::optional<std::string> text;
  std::vector<std::string> refs;
};
struct SaveRequest {
  std::vector<RecordWrite> writes;
  Id next_id = 1;           // the document's; the stored meta keeps the highest seen
  bool reserve_ids = false; // hand this tab a new block of ids
};
std::string save_request_to_json(const SaveRequest& request);

// Why a save could not be made as asked, per record.
struct StoredConflict {
  std::string key;
  std::uint64_t rev = 0;            // the stored revision now (0: not stored)
  std::optional<std::string> text;  // the stored record now
  std::string why;                  // "changed", "referenced" (by another record), "missing" (a record it refers to)
};
std::vector<StoredConflict> parse_conflicts(std::string_view json);

// Team sync with only some tables (shell/kolo_sync.js; the choice keeps every table a record
// needs together, ui/app_sync.cpp): a record leaves for the server with its optional links to
// records of tables that do not sync cleared, and one that comes from the server gets this
// device's own such links back from `local` (its version here), so a link another device
// cannot see is never lost by that device's edit. Both answer {"t": text, "r": refs}, or
// nothing when `text` does not read.
std::optional<std::string> sync_outgoing(Table table, std::string_view text, const std::set<Table>& synced);
std::optional<std::string> sync_incoming(Table table, std::string_view text, std::optional<std::string_view> local,
                                         const std::set<Table>& synced);

// Which records this tab must write, and the revision each is based on.
class RecordSync {
 public:
  void reset(const std::map<std::string, std::uint64_t>& revs);
  // Notes what a change touched (from Store::take_changes); `doc` is the document after it.
  void note(const Touched& touched, const Document& doc);
  bool has_unsaved() const { return !dirty_.empty(); }
  bool is_unsaved(const std::string& key) const { return dirty_.count(key) || writing_.count(key); }
  // The writes for the records changed since the last save; they are "in flight" until one of
  // the three outcomes below.
  SaveRequest begin(const Document& doc, Id id_block_end);
  void succeeded();
  void failed();  // nothing was written: the records are unsaved again
  void conflicted(const std::vector<StoredConflict>& conflicts);
  // The user chose for `key`: the next write of it is based on the stored revision, and with
  // `keep_mine` this tab's version (or its absence) is written over the stored one.
  void resolved(const std::string& key, bool keep_mine);
  const std::map<std::string, StoredConflict>& conflicts() const { return conflicts_; }
  // Another tab saved `key` at `rev` and this tab took its version.
  void took(const std::string& key, std::uint64_t rev, bool deleted);
  std::uint64_t rev(const std::string& key) const;

 private:
  std::map<std::string, std::uint64_t> revs_;
  std::set<std::string> dirty_, writing_;
  std::map<std::string, std::uint64_t> writing_base_;
  std::map<std::string, bool> writing_deleted_;
  std::map<std::string, StoredConflict> conflicts_;
};

// The rules of the IndexedDB transaction (shell/kolo_bridge.js), natively: for the tests of
// RecordSync and of two tabs sharing one store.
class MemoryRecordStore {
 public:
  struct Entry {
    std::uint64_t rev = 0;
    std::string text;
    std::vector<std::string> refs;
  };
  // ok, or the conflicts (nothing written). *block_start gets a new id block when asked for.
  std::vector<StoredConflict> write(const SaveRequest& request, Id* block_start);
  Id reserve_block();  // at load
  std::vector<StoredRecord> records() const;
  StoredMeta meta() const { return meta_; }
  std::map<std::string, Entry> entries;

 private:
  StoredMeta meta_{2, 1};
};

}  // namespace kolo
