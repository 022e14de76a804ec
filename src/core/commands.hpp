// Commands: the one door through which the Document changes. A Command is a plain value (put a
// record, delete a record, replace the document, or a batch of these) with a catalog name key
// for the Edit menu. Applying one yields the inverse command that undoes it exactly, and the
// list of records it touched (what validation re-checks, the index re-reads and storage writes).
//
// Deletion follows the reference fields' descriptions (model.hpp, OnDelete):
//   cascade  the referring record goes too (a partner's services, agreements, interactions;
//            a case's referrals), and so on down;
//   unlink   the id is taken out of the referring list (an event's partners and referrals);
//   block    the deletion is refused (err.delete_blocked with how many records block it):
//            a referral is a client's history and must be closed or reassigned first, and a
//            need tag stays while a service or case uses its key.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/index.hpp"
#include "core/model.hpp"

namespace kolo {

// Add or replace. id == 0: a fresh id from next_id (and fresh ids for its nested contact
// persons with id 0); an id in the table: replaced in place; an id not in the table: inserted
// with that id at its place in id order (undo of a delete; a batch whose ids were reserved up
// front with Store::reserve_ids, so its records can refer to each other).
struct PutRecord {
  Record record;
};
struct DeleteRecord {
  Table table = Table::partners;
  Id id = 0;
  bool if_present = false;  // a record that is not there is nothing to do, not an error
  // Just this record, with no rule applied: no cascade, no unlinking, never blocked. The
  // inverse of adding a record is this, so undoing (or refusing) a change always takes back
  // exactly what it added, even from a document that is invalid for a moment.
  bool exact = false;
};
// Import (replace), load demo, or undo of those. next_id becomes max(current, new): ids handed
// out in this session are never handed out again. Tables are sorted by id on the way in.
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

// What a command changed: the records it put, deleted or unlinked, or the whole document.
struct Touched {
  std::vector<RecordRef> records;
  bool whole = false;
  void add(const Touched& other);
  bool covers(const Touched& other) const;  // every record of `other` is among these
};

// Builders with the conventional name keys: cmd.add_<x> / cmd.edit_<x> / cmd.delete_<x>, where
// <x> is the table's noun (partner, service, ..., need_tag).
Command put_command(Record record, std::string merge_key = "");
Command delete_command(Table table, Id id);
Command replace_command(Document doc, std::string name_key = "cmd.replace_document");
Command batch_command(std::vector<Command> steps, std::string name_key = "cmd.batch");

// Applies `command` to `doc` without validating the result. On success, *inverse (if given) is
// the command that undoes it (applying the inverse yields the resolved command again: redo),
// and *touched (if given) gains what it changed. On a structural error (a record to delete is
// missing or blocked, a step of a batch failed) `doc` is left exactly as it was.
std::optional<Error> apply_unchecked(Document& doc, const Command& command, Command* inverse,
                                     Touched* touched = nullptr);

// apply_unchecked, then validation of the whole result; on an error `doc` is restored exactly
// (next_id included) and the first error returned. Store::apply does the same but validates
// only what the command touched.
std::optional<Error> apply_command(Document& doc, const Command& command, Command* inverse);

}  // namespace kolo
