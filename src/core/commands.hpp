// Commands: the one door through which the Document changes. A Command is a plain value (put a
// record, delete a record, replace the document, or a batch of these) with a catalog name key
// for the Edit menu. Applying one validates the result, changes nothing on error, and yields the
// inverse command that undoes it exactly.
//
// Deletion rules (chosen so that deleting never leaves a dangling reference and never silently
// throws away the history of a person's referral):
//   partner     -> its services, agreements and interactions go too; it is unlinked from events.
//                  Referrals to it (or to its services) BLOCK the deletion (err.delete_blocked):
//                  they are a client's history and must be closed or reassigned first.
//   service     -> blocked while a referral names it.
//   case        -> its referrals go too (they are about that client) and are unlinked from events.
//   referral    -> unlinked from events.
//   need tag    -> blocked while a service or case uses it.
//   others      -> just removed.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/model.hpp"

namespace kolo {

// Add (id == 0: a fresh id from next_id; an id not in the table: inserted with that id) or
// replace the record with the same id in place. `index` places an inserted record (undo uses it
// to restore a deleted record at its old position); -1 appends.
struct PutRecord {
  Record record;
  std::ptrdiff_t index = -1;
};
struct DeleteRecord {
  Table table = Table::partners;
  Id id = 0;
};
// Import (replace), load demo, or undo of those. next_id becomes max(current, new): ids handed
// out in this session are never handed out again.
struct ReplaceDocument {
  Document doc;
};
struct Command;
// Several commands as one undo step, applied in order; all or nothing.
struct Batch {
  std::vector<Command> steps;
};

struct Command {
  std::string name_key;   // catalog key shown in Undo/Redo ("cmd.edit_partner")
  std::string merge_key;  // e.g. "partner:12:name"; rapid applies with the same key merge
  std::variant<PutRecord, DeleteRecord, ReplaceDocument, Batch> op;
};

// Builders with the conventional name keys: cmd.add_<x> / cmd.edit_<x> / cmd.delete_<x>, where
// <x> is partner, service, agreement, interaction, event, case, referral, need_tag.
Command put_command(Record record, std::string merge_key = "");
Command delete_command(Table table, Id id);
Command replace_command(Document doc, std::string name_key = "cmd.replace_document");
Command batch_command(std::vector<Command> steps, std::string name_key = "cmd.batch");

// The singular noun of a table as used in name keys ("partner", "need_tag").
const char* table_noun(Table table);

// Applies `command` to `doc`, validates the result and, if anything is wrong, restores `doc`
// exactly (next_id included) and returns the first error. On success, *inverse (if given) is
// the command that undoes this one; applying the inverse yields the (resolved) command again,
// which is how redo works.
std::optional<Error> apply_command(Document& doc, const Command& command, Command* inverse);

// As apply_command but without validating the result: for replaying inverses, whose result is a
// document that was already valid.
std::optional<Error> apply_unchecked(Document& doc, const Command& command, Command* inverse);

}  // namespace kolo
