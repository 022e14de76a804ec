// Store: the Document, its index, and its undo/redo history with a revision counter. The UI
// owns one Store, reads store.doc() and store.index(), and changes data only through
// store.apply(command, now).
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "core/commands.hpp"
#include "core/index.hpp"

namespace kolo {

inline constexpr std::size_t kMaxUndoSteps = 200;
// Applies with the same merge_key within this many seconds of the previous one are one step
// (typing in a field, dragging a slider).
inline constexpr double kMergeWindowSeconds = 1.0;

class Store {
 public:
  explicit Store(Document doc = {}, std::size_t max_steps = kMaxUndoSteps);

  const Document& doc() const { return document; }
  // Current for doc() at every revision.
  const Index& index() const { return index_; }

  // Applies and validates what the command touched; on error nothing changes (not the
  // document, the index, the history or the revision). A successful apply clears redo.
  std::optional<Error> apply(Command command, double now_seconds);
  // Undo/redo restore the document exactly, except that next_id is never lowered. A record
  // written outside the history since (core: apply_quiet, apply_external) that depends on what
  // the step takes away goes with it when it may (a map position with its partner; a redo
  // brings both back); when it may not, nothing changes, the step stays, and refused() says why.
  bool undo();
  bool redo();
  const std::optional<Error>& refused() const { return refused_; }
  bool can_undo() const { return !undo_steps.empty(); }
  bool can_redo() const { return !redo_steps.empty(); }
  std::string undo_name() const;  // catalog key of the step undo would revert, "" if none
  std::string redo_name() const;
  // +1 on every successful apply, undo and redo: views and autosave compare it cheaply.
  std::uint64_t revision() const { return rev; }
  std::size_t undo_depth() const { return undo_steps.size(); }
  // How many records the history keeps copies of (what undo and redo cost in memory).
  std::size_t records_held() const;

  // Hands out `count` ids at once (the first is returned), so that one batch can create
  // records that refer to each other: a partner with its services and agreement as one step.
  Id reserve_ids(std::size_t count);
  // next_id becomes at least `next` (ids handed out by another tab): never lowered.
  void raise_next_id(Id next);

  // Changes that came from elsewhere (another tab's saved records): applied and validated like
  // any change, but not undoable; undo steps that touch the same records are dropped, since
  // undoing them would silently overwrite the other tab's work.
  // `may_touch` says which records it may change (not those with unsaved edits here): a
  // command that would touch others changes nothing and returns err.external_blocked.
  std::optional<Error> apply_external(const Command& command, const std::function<bool(RecordRef)>& may_touch);

  // A change of this tab's that is no step of the user's (the map's layout keeping where it
  // settled): applied, validated and written like any change, but not undoable; like an
  // external change, it drops the history if a step touches the same records.
  std::optional<Error> apply_quiet(const Command& command);

  // What changed since the last call (for the storage layer: the records to write).
  Touched take_changes();

 private:
  void drop_steps_touching(const Touched& touched, bool whole_steps);
  struct Step {
    std::string name_key;
    std::string merge_key;
    Command command;  // on the undo stack: the inverse; on the redo stack: the forward command
    Touched touched;
    double time = 0;
  };
  std::optional<Error> checked(const Command& command, Command* inverse, Touched* touched,
                               const std::function<bool(RecordRef)>* may_touch = nullptr);
  void reindex(const Touched& touched);
  bool replay(std::deque<Step>& from, std::deque<Step>& to);

  Document document;
  Index index_;
  std::deque<Step> undo_steps;
  std::deque<Step> redo_steps;
  std::size_t max_steps;
  std::uint64_t rev = 0;
  std::optional<Error> refused_;  // why the last undo or redo changed nothing
  bool merge_open = false;  // false after undo/redo: never merge into a step the user went back to
  Touched changes_;
};

}  // namespace kolo
