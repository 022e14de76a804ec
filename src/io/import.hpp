// Import: turning a parsed file into one undoable change, with a preview of what it will do.
//   replace: the file becomes the document.
//   merge:   records are matched to existing ones, new ones are added with fresh ids (and every
//            reference to them remapped), matched ones are updated, nothing is removed.
// Matching, per table: the same id AND the same natural key, else the same natural key:
//   partner: folded name + kind     service: partner + folded name   case: folded alias
//   event: folded title + starts_at  need tag: key                    contact: folded name
//   agreement: partner + start date   interaction: partner + date + channel + folded summary
//   referral: direction + case + partner + service + folded reason
// An id alone is not trusted: ids from another device's file name unrelated records, and
// trusting them would overwrite the user's partners with strangers. Folding lower-cases Latin
// and Cyrillic, trims, and collapses inner whitespace. Importing the same file twice changes
// nothing the second time.
#pragma once
#include <array>
#include <cstddef>

#include "core/commands.hpp"
#include "core/model.hpp"

namespace kolo {

enum class ImportMode { replace, merge };

struct TableCounts {
  std::size_t added = 0, changed = 0, removed = 0;
  bool operator==(const TableCounts&) const = default;
};

struct ImportPlan {
  std::array<TableCounts, EnumInfo<Table>::count> counts{};  // indexed by Table
  Command command;  // one ReplaceDocument step: cmd.import_replace or cmd.import_merge
  Document result;  // what the document will be (for the preview)

  const TableCounts& of(Table t) const { return counts[static_cast<std::size_t>(t)]; }
  bool changes_anything() const;
};

ImportPlan plan_import(const Document& current, const Document& incoming, ImportMode mode);

// One undoable step removing from `current` the records of `subset` (the example network the
// user loaded) that are still exactly as the example left them, in an order the deletion
// rules accept. What the user added or changed stays, and so does any example record that a
// staying record depends on (an example partner the user logged a call with, say).
Command removal_command(const Document& current, const Document& subset);

}  // namespace kolo
