// Durable storage: the rules every backend follows.
//
// The document is stored as a series of whole snapshots numbered 1, 2, 3, ... (`seq`). A write
// names the seq it was based on and succeeds only if that is still the newest one: a
// compare-and-swap, so that two tabs (or two processes) can never overwrite each other's
// edits unseen; the loser learns of the conflict and the user decides. The newest
// kKeptSnapshots are kept so that a corrupt one can be set aside and an older good one loaded.
//
// Backends: the browser's IndexedDB (shell/kolo_bridge.js: one readwrite transaction does the
// compare and the write), and FileSnapshotStore below (native: tests and tools).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

inline constexpr int kKeptSnapshots = 5;

struct Snapshot {
  std::uint64_t seq = 0;
  std::string text;  // Kolo JSON (io/kolo_json.hpp)
};

// What start-up makes of the stored snapshots.
struct Recovery {
  Document doc;                        // the newest snapshot that reads cleanly (empty if none)
  std::uint64_t loaded_seq = 0;        // its seq, 0 when nothing could be loaded
  // The newest seq stored, readable or not: the base of the next write. Unreadable snapshots
  // stay in place (a copy is set aside), so no seq is ever handed out twice and a tab still
  // based on one of them meets a conflict instead of overwriting newer work.
  std::uint64_t head_seq = 0;
  std::vector<std::uint64_t> set_aside;  // unreadable snapshots newer than the loaded one
  std::vector<Error> problems;         // why each was set aside (first error of each)
  // The newest snapshot was written by a newer Kolo: nothing is loaded or set aside, and this
  // app must not write (it would bury the newer data); the user is asked to reload.
  bool newer_version = false;
};
// `snapshots` in any order.
Recovery recover(std::vector<Snapshot> snapshots);

// When to write, and what the user is told about it. Pure logic, driven by the platform:
// it reports the document's revision each frame and the outcome of every write.
enum class SaveState {
  saved,        // everything shown has been written
  pending,      // a change waits for the debounce
  saving,       // a write is in flight
  failed,       // the last write failed (reason()); retried, and the user is offered an export
  conflict,     // another tab saved first: this tab is read-only until it reloads
  unavailable,  // no durable storage at all: work continues in memory
};
const char* save_state_key(SaveState state);  // catalog key: "save.saved", ...

class Autosaver {
 public:
  // A quiet moment this long after the last change starts a write...
  static constexpr double kQuietSeconds = 0.25;
  // ...but no change waits longer than this for its write to start.
  static constexpr double kMaxDelaySeconds = 1.0;
  static constexpr double kRetrySeconds = 5.0;

  Autosaver(std::uint64_t base_seq, std::uint64_t saved_revision);

  void note_revision(std::uint64_t revision, double now);
  // True when a write should start now. The caller then serializes and calls begin().
  bool due(double now) const;
  // When due() will turn true if nothing else happens (seconds, as `now`); -1 if it will not
  // by waiting alone (nothing unsaved, a write in flight, a conflict, no storage). Lets the
  // platform sleep until then instead of polling.
  double due_at() const;
  void flush() { flush_ = true; }  // the page is being hidden or closed: write without waiting
  void begin(std::uint64_t revision);
  void succeeded(std::uint64_t new_seq);
  void failed(const std::string& reason, double now);
  void conflicted();
  void set_unavailable(const std::string& reason);
  // The document was replaced by a newer one from storage (another tab's).
  void reset(std::uint64_t base_seq, std::uint64_t saved_revision);

  SaveState state() const;
  const std::string& reason() const { return reason_; }
  std::uint64_t base_seq() const { return base_seq_; }
  bool has_unsaved() const { return revision_ != saved_revision_; }
  std::uint64_t saved_revision() const { return saved_revision_; }
  bool in_flight() const { return in_flight_; }

 private:
  std::uint64_t base_seq_;
  std::uint64_t saved_revision_;
  std::uint64_t revision_;
  std::uint64_t writing_revision_ = 0;
  double first_change_ = -1;
  double last_change_ = -1;
  double retry_at_ = -1;
  bool in_flight_ = false;
  bool flush_ = false;
  bool conflict_ = false;
  bool unavailable_ = false;
  std::string reason_;
};

// Snapshots as files in a folder: snap-<seq>.json, written to a temporary file, flushed, then
// hard-linked into place (link() fails if the name exists: the compare-and-swap), so a reader
// never sees a torn file and a second writer never overwrites the first.
class FileSnapshotStore {
 public:
  explicit FileSnapshotStore(std::string folder);
  std::vector<Snapshot> read_all() const;
  enum class WriteResult { ok, conflict, failed };
  WriteResult write(std::uint64_t base_seq, const std::string& text, std::uint64_t* new_seq,
                    std::string* reason);
  // Keeps a copy of an unreadable snapshot in set-aside/ for inspection; the snapshot stays
  // (see Recovery::head_seq) until it drops out of the newest few.
  bool set_aside(std::uint64_t seq);
  std::uint64_t head_seq() const;

 private:
  std::string folder_;
};

}  // namespace kolo
