// Undo/redo history with merging of rapid edits (see history.hpp).
#include "core/history.hpp"

#include <algorithm>
#include <utility>

#include "core/validate.hpp"

namespace kolo {

Store::Store(Document doc, std::size_t max_steps) : document(std::move(doc)), max_steps(max_steps) {
  sort_by_id(document);
  index_.rebuild(document);
}

void Store::reindex(const Touched& touched) {
  if (touched.whole)
    index_.rebuild(document);
  else
    index_.patch(document, touched.records);
}

// Applies, brings the index up to date and validates what was touched; on an error everything
// is put back as it was.
std::optional<Error> Store::checked(const Command& command, Command* inverse, Touched* touched,
                                    const std::function<bool(RecordRef)>* may_touch) {
  const Id next_before = document.next_id;
  if (std::optional<Error> error = apply_unchecked(document, command, inverse, touched)) return error;
  if (may_touch) {
    bool blocked = touched->whole;
    for (RecordRef r : touched->records) blocked = blocked || !(*may_touch)(r);
    if (blocked) {
      apply_unchecked(document, *inverse, nullptr);
      document.next_id = next_before;
      return Error{"err.external_blocked", "", {}};
    }
  }
  std::vector<Error> errors;
  if (touched->whole) {
    index_.rebuild(document);
    errors = validate(document, index_);
  } else {
    std::vector<std::string> released;
    index_.patch(document, touched->records, &released);
    errors = validate_touched(document, index_, touched->records, released);
  }
  if (errors.empty()) return std::nullopt;
  Touched back;
  apply_unchecked(document, *inverse, nullptr, &back);
  document.next_id = next_before;  // a refused change hands out no ids
  back.add(*touched);
  reindex(back);
  return errors.front();
}

std::optional<Error> Store::apply(Command command, double now_seconds) {
  Command inverse;
  Touched touched;
  if (std::optional<Error> error = checked(command, &inverse, &touched)) return error;
  ++rev;
  changes_.add(touched);
  redo_steps.clear();
  if (merge_open && !command.merge_key.empty() && !undo_steps.empty()) {
    Step& last = undo_steps.back();
    const double gap = now_seconds - last.time;
    // The oldest inverse already takes every record it touched back to before the first edit;
    // a newer edit of the same records needs nothing more, so typing a long note costs one
    // copy of the record, not one per keystroke.
    if (last.merge_key == command.merge_key && gap >= 0 && gap <= kMergeWindowSeconds && last.touched.covers(touched)) {
      last.time = now_seconds;
      return std::nullopt;
    }
  }
  undo_steps.push_back(Step{command.name_key, command.merge_key, std::move(inverse), std::move(touched), now_seconds});
  if (undo_steps.size() > max_steps) undo_steps.pop_front();
  merge_open = true;
  return std::nullopt;
}

// Undo and redo are the same move in opposite directions: take the newest step from one
// stack, apply its command, and keep the inverse on the other stack.
namespace {
// `command` with every exact deletion made an ordinary one (cascading, unlinking, blocked by
// what must not lose its target): for a step whose records others came to depend on outside
// the history.
Command cascading(Command command) {
  if (auto* d = std::get_if<DeleteRecord>(&command.op)) d->exact = false;
  if (auto* b = std::get_if<Batch>(&command.op))
    for (Command& step : b->steps) step = cascading(std::move(step));
  return command;
}
}  // namespace

// Undo and redo are the same move in opposite directions: take the newest step from one
// stack, apply its command, and keep the inverse on the other stack. The result is validated
// like any change: records written outside the history since the step (the map's positions,
// another tab's records) may depend on what it takes away. A position the map kept for a
// partner the step added goes with the partner (and comes back with a redo); anything else
// that depends on it (another tab's service or referral for that partner) refuses the undo,
// which changes nothing.
bool Store::replay(std::deque<Step>& from, std::deque<Step>& to) {
  if (from.empty()) return false;
  refused_ = std::nullopt;
  Step& step = from.back();
  Command opposite;
  Touched touched;
  const Id next = document.next_id;
  if (std::optional<Error> error = checked(step.command, &opposite, &touched)) {
    opposite = Command{};
    touched = Touched{};
    if (std::optional<Error> again = checked(cascading(step.command), &opposite, &touched)) {
      document.next_id = std::max(next, document.next_id);
      refused_ = *again;
      return false;
    }
    // Only the map's kept positions may go along: a record another tab wrote (a service, a
    // logged contact for the partner this step added) is the user's work, never taken
    // silently; the undo is refused instead.
    const bool only_positions = std::all_of(touched.records.begin(), touched.records.end(), [&](RecordRef r) {
      return r.table == Table::map_positions ||
             std::find(step.touched.records.begin(), step.touched.records.end(), r) != step.touched.records.end();
    });
    if (!only_positions || touched.whole) {
      Touched back;
      apply_unchecked(document, opposite, nullptr, &back);
      back.add(touched);
      reindex(back);
      document.next_id = std::max(next, document.next_id);
      refused_ = *error;
      return false;
    }
  }
  document.next_id = std::max(next, document.next_id);  // ids are never handed out twice
  changes_.add(touched);
  Step moved = std::move(step);
  from.pop_back();
  moved.command = std::move(opposite);
  moved.touched = std::move(touched);
  to.push_back(std::move(moved));
  merge_open = false;
  ++rev;
  return true;
}

bool Store::undo() { return replay(undo_steps, redo_steps); }
bool Store::redo() { return replay(redo_steps, undo_steps); }

std::string Store::undo_name() const { return undo_steps.empty() ? "" : undo_steps.back().name_key; }
std::string Store::redo_name() const { return redo_steps.empty() ? "" : redo_steps.back().name_key; }

Id Store::reserve_ids(std::size_t count) {
  const Id first = document.next_id;
  document.next_id += static_cast<Id>(count);
  return first;
}

void Store::raise_next_id(Id next) { document.next_id = std::max(document.next_id, next); }

std::optional<Error> Store::apply_external(const Command& command, const std::function<bool(RecordRef)>& may_touch) {
  Command inverse;
  Touched touched;
  if (std::optional<Error> error = checked(command, &inverse, &touched, &may_touch)) return error;
  ++rev;  // not a change of this tab's: nothing to write back, so not in changes_
  drop_steps_touching(touched, true);
  return std::nullopt;
}

std::optional<Error> Store::apply_quiet(const Command& command) {
  Command inverse;
  Touched touched;
  if (std::optional<Error> error = checked(command, &inverse, &touched, nullptr)) return error;
  ++rev;
  changes_.add(touched);  // this tab's change: written like any other
  // A step that replaced the whole document stays: undoing it puts back a whole document,
  // which is right whatever changed quietly since (the example network's undo drops the
  // positions its partners got on the map).
  drop_steps_touching(touched, false);
  return std::nullopt;
}

// Steps are not independent (an older one may need a newer one undone first), so if any step
// touches what changed outside the history, the whole history goes, rather than a part of it.
// `whole_steps`: a step that replaced the whole document counts as touching everything.
void Store::drop_steps_touching(const Touched& touched, bool whole_steps) {
  auto touches = [&](const Step& s) {
    if (touched.whole || (whole_steps && s.touched.whole)) return true;
    for (RecordRef r : touched.records)
      if (std::find(s.touched.records.begin(), s.touched.records.end(), r) != s.touched.records.end()) return true;
    return false;
  };
  if (std::any_of(undo_steps.begin(), undo_steps.end(), touches) ||
      std::any_of(redo_steps.begin(), redo_steps.end(), touches)) {
    undo_steps.clear();
    redo_steps.clear();
  }
  merge_open = false;
}

namespace {
std::size_t records_in(const Command& c) {
  if (std::holds_alternative<PutRecord>(c.op)) return 1;
  if (const auto* r = std::get_if<ReplaceDocument>(&c.op)) {
    std::size_t n = 0;
    for_each_table(r->doc, [&](const auto& table) { n += table.size(); });
    return n;
  }
  std::size_t n = 0;
  if (const auto* b = std::get_if<Batch>(&c.op))
    for (const Command& step : b->steps) n += records_in(step);
  return n;
}
}  // namespace

std::size_t Store::records_held() const {
  std::size_t n = 0;
  for (const Step& s : undo_steps) n += records_in(s.command);
  for (const Step& s : redo_steps) n += records_in(s.command);
  return n;
}

Touched Store::take_changes() {
  Touched out;
  std::swap(out, changes_);
  return out;
}

}  // namespace kolo
