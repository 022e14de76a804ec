// Recovery at start-up, autosave timing and state, and the native file backend.
#include "storage/snapshots.hpp"

#include <algorithm>

#include "io/kolo_json.hpp"

namespace kolo {

// ---- recovery ---------------------------------------------------------------------------------

Recovery recover(std::vector<Snapshot> snapshots) {
  std::sort(snapshots.begin(), snapshots.end(), [](const Snapshot& a, const Snapshot& b) { return a.seq > b.seq; });
  Recovery r;
  if (!snapshots.empty()) r.head_seq = snapshots.front().seq;
  for (const Snapshot& s : snapshots) {
    ParseResult parsed = parse_kolo(s.text);
    if (!parsed.errors.empty() && parsed.errors.front().key == "err.newer_version") {
      r.newer_version = true;
      r.problems.push_back(parsed.errors.front());
      return r;
    }
    if (parsed.doc) {
      r.doc = std::move(*parsed.doc);
      r.loaded_seq = s.seq;
      return r;
    }
    r.set_aside.push_back(s.seq);
    r.problems.push_back(parsed.errors.empty() ? Error{"err.not_kolo", "", {}} : parsed.errors.front());
  }
  return r;
}

// ---- autosave ---------------------------------------------------------------------------------

const char* save_state_key(SaveState state) {
  switch (state) {
    case SaveState::saved: return "save.saved";
    case SaveState::pending: return "save.pending";
    case SaveState::saving: return "save.saving";
    case SaveState::failed: return "save.failed";
    case SaveState::conflict: return "save.conflict";
    case SaveState::unavailable: return "save.unavailable";
  }
  return "save.saved";
}

Autosaver::Autosaver(std::uint64_t saved_revision) : saved_revision_(saved_revision), revision_(saved_revision) {}

void Autosaver::note_revision(std::uint64_t revision, double now) {
  if (revision == revision_) return;
  revision_ = revision;
  if (first_change_ < 0) first_change_ = now;
  last_change_ = now;
}

bool Autosaver::due(double now) const {
  if (in_flight_ || conflict_ || unavailable_ || !has_unsaved()) return false;
  if (retry_at_ >= 0 && now < retry_at_ && !flush_) return false;
  if (flush_) return true;
  return now - last_change_ >= kQuietSeconds || now - first_change_ >= kMaxDelaySeconds;
}

double Autosaver::due_at() const {
  if (in_flight_ || conflict_ || unavailable_ || !has_unsaved()) return -1;
  if (flush_) return 0;
  const double debounced = std::min(last_change_ + kQuietSeconds, first_change_ + kMaxDelaySeconds);
  return retry_at_ >= 0 ? std::max(retry_at_, debounced) : debounced;
}

void Autosaver::begin(std::uint64_t revision) {
  in_flight_ = true;
  writing_forced_ = forced_;
  forced_ = false;
  writing_revision_ = revision;
  flush_ = false;
  // Changes made while this write is in flight start a new debounce when it ends.
  first_change_ = last_change_ = -1;
}

void Autosaver::succeeded() {
  in_flight_ = false;
  writing_forced_ = false;
  saved_revision_ = writing_revision_;
  retry_at_ = -1;
  reason_.clear();
  if (has_unsaved()) first_change_ = last_change_ = 0;  // edited meanwhile: write again at once
}

void Autosaver::failed(const std::string& reason, double now) {
  in_flight_ = false;
  forced_ = forced_ || writing_forced_;
  reason_ = reason;
  retry_at_ = now + kRetrySeconds;
  first_change_ = last_change_ = now;
}

void Autosaver::conflicted() {
  in_flight_ = false;
  forced_ = forced_ || writing_forced_;
  conflict_ = true;
}

void Autosaver::set_unavailable(const std::string& reason) {
  unavailable_ = true;
  reason_ = reason;
}

void Autosaver::resolved(double now) {
  conflict_ = false;
  first_change_ = last_change_ = now - kQuietSeconds;  // due at once
}

void Autosaver::reset(std::uint64_t saved_revision) {
  const bool unavailable = unavailable_;
  const std::string reason = reason_;
  *this = Autosaver(saved_revision);
  if (unavailable) set_unavailable(reason);
}

void Autosaver::caught_up(std::uint64_t revision) {
  if (has_unsaved() || in_flight_) return;
  saved_revision_ = revision_ = revision;
}

SaveState Autosaver::state() const {
  if (unavailable_) return SaveState::unavailable;
  if (conflict_) return SaveState::conflict;
  if (in_flight_) return SaveState::saving;
  if (!has_unsaved()) return SaveState::saved;  // e.g. undone back to what is stored
  return reason_.empty() ? SaveState::pending : SaveState::failed;
}

}  // namespace kolo
