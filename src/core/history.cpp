// Undo/redo history with merging of rapid edits (see history.hpp).
#include "core/history.hpp"

#include <utility>

namespace kolo {

Store::Store(Document doc, std::size_t max_steps) : document(std::move(doc)), max_steps(max_steps) {}

std::optional<Error> Store::apply(Command command, double now_seconds) {
  Command inverse;
  if (std::optional<Error> error = apply_command(document, command, &inverse)) return error;
  ++rev;
  redo_steps.clear();
  if (merge_open && !command.merge_key.empty() && !undo_steps.empty()) {
    Step& last = undo_steps.back();
    double gap = now_seconds - last.time;
    if (last.merge_key == command.merge_key && gap >= 0 && gap <= kMergeWindowSeconds) {
      // Undo the newest change first, then the ones before it: back to before the first.
      std::vector<Command> both;
      both.push_back(std::move(inverse));
      both.push_back(std::move(last.command));
      last.command = batch_command(std::move(both), last.name_key);
      last.command.merge_key = last.merge_key;
      last.time = now_seconds;
      return std::nullopt;
    }
  }
  undo_steps.push_back(Step{command.name_key, command.merge_key, std::move(inverse), now_seconds});
  if (undo_steps.size() > max_steps) undo_steps.pop_front();
  merge_open = true;
  return std::nullopt;
}

// Undo and redo are the same move in opposite directions: take the newest step from one
// stack, apply its command, and keep the inverse on the other stack.
bool Store::replay(std::deque<Step>& from, std::deque<Step>& to) {
  if (from.empty()) return false;
  Step step = std::move(from.back());
  from.pop_back();
  Command opposite;
  const Id next = document.next_id;
  apply_unchecked(document, step.command, &opposite);
  document.next_id = std::max(next, document.next_id);  // ids are never handed out twice
  step.command = std::move(opposite);
  to.push_back(std::move(step));
  merge_open = false;
  ++rev;
  return true;
}

bool Store::undo() { return replay(undo_steps, redo_steps); }
bool Store::redo() { return replay(redo_steps, undo_steps); }

std::string Store::undo_name() const { return undo_steps.empty() ? "" : undo_steps.back().name_key; }
std::string Store::redo_name() const { return redo_steps.empty() ? "" : redo_steps.back().name_key; }

}  // namespace kolo
