// Recovery of the version-1 storage (whole snapshots, which Kolo kept before it stored records
// one by one: see records.hpp), and when to write and what the user is told about it.
//
// Version 1 stored the document as whole snapshots numbered 1, 2, 3 ... (`seq`); recover()
// reads the newest that is readable, once, when a profile is opened by this version, which
// then stores it record by record.
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
  conflict,     // another tab changed the same records: the user chooses, then writing goes on
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

  explicit Autosaver(std::uint64_t saved_revision);

  void note_revision(std::uint64_t revision, double now);
  // True when a write should start now. The caller then serializes and calls begin().
  bool due(double now) const;
  // When due() will turn true if nothing else happens (seconds, as `now`); -1 if it will not
  // by waiting alone (nothing unsaved, a write in flight, a conflict, no storage). Lets the
  // platform sleep until then instead of polling.
  double due_at() const;
  void flush() { flush_ = true; }  // the page is being hidden or closed: write without waiting
  void begin(std::uint64_t revision);
  void succeeded();
  void failed(const std::string& reason, double now);
  // Another tab changed what this one is writing: no writes until the user has chosen.
  void conflicted();
  void resolved(double now);  // ...and has: write what is unsaved now
  void set_unavailable(const std::string& reason);
  // A document was loaded from storage: it is what is stored.
  void reset(std::uint64_t saved_revision);
  // Everything must be written although nothing changed (a profile upgraded from version 1).
  void must_write() { forced_ = true; flush_ = true; }
  // Another tab's records were taken in while nothing here was unsaved: still all saved.
  void caught_up(std::uint64_t revision);

  SaveState state() const;
  const std::string& reason() const { return reason_; }
  bool has_unsaved() const { return revision_ != saved_revision_ || forced_; }
  std::uint64_t saved_revision() const { return saved_revision_; }
  bool in_flight() const { return in_flight_; }

 private:
  std::uint64_t saved_revision_;
  std::uint64_t revision_;
  std::uint64_t writing_revision_ = 0;
  double first_change_ = -1;
  double last_change_ = -1;
  double retry_at_ = -1;
  bool in_flight_ = false;
  bool flush_ = false;
  bool forced_ = false;
  bool writing_forced_ = false;
  bool conflict_ = false;
  bool unavailable_ = false;
  std::string reason_;
};

}  // namespace kolo
