// Recovery at start-up, autosave timing and state, and the native file backend.
#include "storage/snapshots.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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

Autosaver::Autosaver(std::uint64_t base_seq, std::uint64_t saved_revision)
    : base_seq_(base_seq), saved_revision_(saved_revision), revision_(saved_revision) {}

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
  writing_revision_ = revision;
  flush_ = false;
  // Changes made while this write is in flight start a new debounce when it ends.
  first_change_ = last_change_ = -1;
}

void Autosaver::succeeded(std::uint64_t new_seq) {
  in_flight_ = false;
  base_seq_ = new_seq;
  saved_revision_ = writing_revision_;
  retry_at_ = -1;
  reason_.clear();
  if (has_unsaved()) first_change_ = last_change_ = 0;  // edited meanwhile: write again at once
}

void Autosaver::failed(const std::string& reason, double now) {
  in_flight_ = false;
  reason_ = reason;
  retry_at_ = now + kRetrySeconds;
  first_change_ = last_change_ = now;
}

void Autosaver::conflicted() {
  in_flight_ = false;
  conflict_ = true;
}

void Autosaver::set_unavailable(const std::string& reason) {
  unavailable_ = true;
  reason_ = reason;
}

void Autosaver::reset(std::uint64_t base_seq, std::uint64_t saved_revision) {
  *this = Autosaver(base_seq, saved_revision);
}

SaveState Autosaver::state() const {
  if (unavailable_) return SaveState::unavailable;
  if (conflict_) return SaveState::conflict;
  if (in_flight_) return SaveState::saving;
  if (!has_unsaved()) return SaveState::saved;  // e.g. undone back to what is stored
  return reason_.empty() ? SaveState::pending : SaveState::failed;
}

// ---- files ------------------------------------------------------------------------------------

namespace fs = std::filesystem;

namespace {
constexpr const char* kPrefix = "snap-";
constexpr const char* kSuffix = ".json";

bool parse_seq(const std::string& name, std::uint64_t* seq) {
  const std::size_t p = std::strlen(kPrefix), s = std::strlen(kSuffix);
  if (name.size() <= p + s || name.compare(0, p, kPrefix) != 0 || name.compare(name.size() - s, s, kSuffix) != 0)
    return false;
  std::uint64_t v = 0;
  for (std::size_t i = p; i < name.size() - s; ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(name[i] - '0');
  }
  *seq = v;
  return true;
}

std::string snap_name(std::uint64_t seq) { return kPrefix + std::to_string(seq) + kSuffix; }
}  // namespace

FileSnapshotStore::FileSnapshotStore(std::string folder) : folder_(std::move(folder)) {
  std::error_code ec;
  fs::create_directories(folder_, ec);
}

std::vector<Snapshot> FileSnapshotStore::read_all() const {
  std::vector<Snapshot> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    std::uint64_t seq = 0;
    if (!entry.is_regular_file() || !parse_seq(entry.path().filename().string(), &seq)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    out.push_back({seq, buf.str()});
  }
  return out;
}

std::uint64_t FileSnapshotStore::head_seq() const {
  std::uint64_t head = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    std::uint64_t seq = 0;
    if (parse_seq(entry.path().filename().string(), &seq)) head = std::max(head, seq);
  }
  return head;
}

FileSnapshotStore::WriteResult FileSnapshotStore::write(std::uint64_t base_seq, const std::string& text,
                                                        std::uint64_t* new_seq, std::string* reason) {
  if (head_seq() != base_seq) return WriteResult::conflict;
  const std::uint64_t seq = base_seq + 1;
  const std::string tmp = folder_ + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(seq);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    *reason = std::strerror(errno);
    return WriteResult::failed;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      *reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return WriteResult::failed;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    *reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return WriteResult::failed;
  }
  const std::string final_name = folder_ + "/" + snap_name(seq);
  if (::link(tmp.c_str(), final_name.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    if (err == EEXIST) return WriteResult::conflict;  // another writer took this seq first
    *reason = std::strerror(err);
    return WriteResult::failed;
  }
  ::unlink(tmp.c_str());
  *new_seq = seq;
  // Keep the newest few; older ones are no longer needed for recovery.
  for (const Snapshot& s : read_all())
    if (s.seq + kKeptSnapshots <= seq) fs::remove(folder_ + "/" + snap_name(s.seq));
  return WriteResult::ok;
}

bool FileSnapshotStore::set_aside(std::uint64_t seq) {
  std::error_code ec;
  fs::create_directories(folder_ + "/set-aside", ec);
  fs::copy_file(folder_ + "/" + snap_name(seq), folder_ + "/set-aside/" + snap_name(seq),
                fs::copy_options::overwrite_existing, ec);
  return !ec;
}

}  // namespace kolo
