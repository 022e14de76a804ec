// Applying commands and building their inverses (see commands.hpp for the deletion rules).
#include "core/commands.hpp"

#include <algorithm>
#include <utility>

#include "core/validate.hpp"

namespace kolo {

namespace {

Error structural(std::string key, Table table, std::ptrdiff_t index, std::vector<std::string> args) {
  // Appended piecewise: GCC 12 at -O3 raises a false -Wrestrict on `"/" + std::string(...)`.
  std::string path(1, '/');
  path += to_string(table);
  if (index >= 0) {
    path += '/';
    path += std::to_string(index);
  }
  return Error{std::move(key), std::move(path), std::move(args)};
}

template <class R>
std::optional<Error> put(Document& doc, R record, std::ptrdiff_t index, Command* inverse) {
  std::vector<R>& table = rows<R>(doc);
  const Table t = table_of(Record(R{}));
  if (record.id != 0) {
    std::ptrdiff_t at = index_of(table, record.id);
    if (at >= 0) {
      R& slot = table[static_cast<std::size_t>(at)];
      if (inverse) *inverse = put_command(Record(slot));
      slot = std::move(record);
      return std::nullopt;
    }
  } else {
    record.id = doc.next_id++;
  }
  // Contact persons share the document's id space: fresh ones get ids here too.
  if constexpr (std::is_same_v<R, Partner>) {
    for (ContactPerson& c : record.contacts)
      if (c.id == 0) c.id = doc.next_id++;
  }
  std::size_t at = (index < 0 || static_cast<std::size_t>(index) > table.size()) ? table.size()
                                                                               : static_cast<std::size_t>(index);
  if (inverse) *inverse = delete_command(t, record.id);
  table.insert(table.begin() + static_cast<std::ptrdiff_t>(at), std::move(record));
  return std::nullopt;
}

// Removes every record of `table` matching `pred`, appending "put it back at index i" commands
// (ascending index, so replaying them in order restores the original order).
template <class R, class Pred>
void remove_where(std::vector<R>& table, Pred pred, std::vector<Command>& restore) {
  std::vector<R> kept;
  kept.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (pred(table[i]))
      restore.push_back(Command{"", "", PutRecord{Record(std::move(table[i])), static_cast<std::ptrdiff_t>(i)}});
    else
      kept.push_back(std::move(table[i]));
  }
  table = std::move(kept);
}

// Removes `id` from an id list of every event, remembering the events as they were.
void unlink_from_events(Document& doc, Id id, std::vector<Id> Event::*list, std::vector<Command>& restore) {
  for (Event& e : doc.events) {
    std::vector<Id>& ids = e.*list;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    restore.push_back(put_command(Record(e)));
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  }
}

std::optional<Error> remove(Document& doc, Table table, Id id, Command* inverse) {
  // Restores run in this order on undo: events first get their links back only after the
  // records they link to are back (the inverse is unchecked, but keep it readable anyway).
  std::vector<Command> restore_records, restore_events;
  auto blocked = [&](std::ptrdiff_t at, std::size_t count) {
    return structural("err.delete_blocked", table, at, {std::to_string(count)});
  };
  auto missing = [&]() { return structural("err.not_found", table, -1, {std::to_string(id)}); };
  auto by_id = [id](const auto& r) { return r.id == id; };

  switch (table) {
    case Table::partners: {
      std::ptrdiff_t at = index_of(doc.partners, id);
      if (at < 0) return missing();
      std::size_t refs = 0;
      for (const Referral& r : doc.referrals) {
        bool to_service = false;
        if (r.service_id != 0)
          if (const Service* s = find_record<Service>(doc, r.service_id)) to_service = s->partner_id == id;
        if (r.partner_id == id || to_service) ++refs;
      }
      if (refs > 0) return blocked(at, refs);
      auto of_partner = [id](const auto& r) { return r.partner_id == id; };
      remove_where(doc.partners, by_id, restore_records);
      remove_where(doc.services, of_partner, restore_records);
      remove_where(doc.agreements, of_partner, restore_records);
      remove_where(doc.interactions, of_partner, restore_records);
      unlink_from_events(doc, id, &Event::partner_ids, restore_events);
      break;
    }
    case Table::services: {
      std::ptrdiff_t at = index_of(doc.services, id);
      if (at < 0) return missing();
      std::size_t refs = static_cast<std::size_t>(
          std::count_if(doc.referrals.begin(), doc.referrals.end(), [id](const Referral& r) { return r.service_id == id; }));
      if (refs > 0) return blocked(at, refs);
      remove_where(doc.services, by_id, restore_records);
      break;
    }
    case Table::cases: {
      if (index_of(doc.cases, id) < 0) return missing();
      remove_where(doc.cases, by_id, restore_records);
      std::vector<Id> gone;
      for (const Referral& r : doc.referrals)
        if (r.case_id == id) gone.push_back(r.id);
      remove_where(doc.referrals, [id](const Referral& r) { return r.case_id == id; }, restore_records);
      for (Id r : gone) unlink_from_events(doc, r, &Event::referral_ids, restore_events);
      break;
    }
    case Table::referrals:
      if (index_of(doc.referrals, id) < 0) return missing();
      remove_where(doc.referrals, by_id, restore_records);
      unlink_from_events(doc, id, &Event::referral_ids, restore_events);
      break;
    case Table::need_tags: {
      std::ptrdiff_t at = index_of(doc.need_tags, id);
      if (at < 0) return missing();
      const std::string& key = doc.need_tags[static_cast<std::size_t>(at)].key;
      std::size_t uses = 0;
      for (const Service& s : doc.services) uses += static_cast<std::size_t>(std::count(s.need_tags.begin(), s.need_tags.end(), key));
      for (const Case& c : doc.cases) uses += static_cast<std::size_t>(std::count(c.needs.begin(), c.needs.end(), key));
      if (uses > 0) return blocked(at, uses);
      remove_where(doc.need_tags, by_id, restore_records);
      break;
    }
    case Table::agreements:
      if (index_of(doc.agreements, id) < 0) return missing();
      remove_where(doc.agreements, by_id, restore_records);
      break;
    case Table::interactions:
      if (index_of(doc.interactions, id) < 0) return missing();
      remove_where(doc.interactions, by_id, restore_records);
      break;
    case Table::events:
      if (index_of(doc.events, id) < 0) return missing();
      remove_where(doc.events, by_id, restore_records);
      break;
  }
  if (inverse) {
    for (Command& c : restore_events) restore_records.push_back(std::move(c));
    *inverse = batch_command(std::move(restore_records));
  }
  return std::nullopt;
}

}  // namespace

const char* table_noun(Table table) {
  static constexpr const char* kNouns[] = {"partner", "service", "agreement", "interaction",
                                           "event",   "case",    "referral",  "need_tag"};
  return kNouns[static_cast<std::size_t>(table)];
}

Command put_command(Record record, std::string merge_key) {
  std::string name = std::string(record_id(record) == 0 ? "cmd.add_" : "cmd.edit_") + table_noun(table_of(record));
  return Command{std::move(name), std::move(merge_key), PutRecord{std::move(record), -1}};
}

Command delete_command(Table table, Id id) {
  return Command{std::string("cmd.delete_") + table_noun(table), "", DeleteRecord{table, id}};
}

Command replace_command(Document doc, std::string name_key) {
  return Command{std::move(name_key), "", ReplaceDocument{std::move(doc)}};
}

Command batch_command(std::vector<Command> steps, std::string name_key) {
  return Command{std::move(name_key), "", Batch{std::move(steps)}};
}

std::optional<Error> apply_unchecked(Document& doc, const Command& command, Command* inverse) {
  std::optional<Error> error;
  Command inv;
  if (const auto* p = std::get_if<PutRecord>(&command.op)) {
    error = std::visit([&](const auto& r) { return put(doc, r, p->index, &inv); }, p->record);
  } else if (const auto* d = std::get_if<DeleteRecord>(&command.op)) {
    error = remove(doc, d->table, d->id, &inv);
  } else if (const auto* r = std::get_if<ReplaceDocument>(&command.op)) {
    Id next = std::max(doc.next_id, r->doc.next_id);
    inv = replace_command(std::move(doc), command.name_key);
    doc = r->doc;
    doc.next_id = next;
  } else if (const auto* b = std::get_if<Batch>(&command.op)) {
    std::vector<Command> undo_steps;
    undo_steps.reserve(b->steps.size());
    for (const Command& step : b->steps) {
      Command step_inverse;
      error = apply_unchecked(doc, step, &step_inverse);
      if (error) break;
      undo_steps.push_back(std::move(step_inverse));
    }
    std::reverse(undo_steps.begin(), undo_steps.end());
    if (error) {  // all or nothing: take back the steps already done
      for (const Command& u : undo_steps) apply_unchecked(doc, u, nullptr);
      return error;
    }
    inv = batch_command(std::move(undo_steps), command.name_key);
  }
  if (error) return error;
  inv.name_key = command.name_key;
  inv.merge_key = command.merge_key;
  if (inverse) *inverse = std::move(inv);
  return std::nullopt;
}

std::optional<Error> apply_command(Document& doc, const Command& command, Command* inverse) {
  const Id next_before = doc.next_id;
  Command inv;
  if (std::optional<Error> error = apply_unchecked(doc, command, &inv)) return error;
  std::vector<Error> errors = validate(doc);
  if (!errors.empty()) {
    apply_unchecked(doc, inv, nullptr);
    doc.next_id = next_before;  // a refused change hands out no ids
    return errors.front();
  }
  if (inverse) *inverse = std::move(inv);
  return std::nullopt;
}

}  // namespace kolo
