// Applying commands and building their inverses (see commands.hpp for the deletion rules).
#include "core/commands.hpp"

#include <algorithm>
#include <set>
#include <type_traits>
#include <utility>

#include "core/validate.hpp"

namespace kolo {

namespace {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };

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

// Whether `id` is taken by a record or a contact person. Records from another tab's block of
// ids may sit above next_id (storage/records.hpp), so a fresh id steps over them.
bool id_in_use(const Document& doc, Id id) {
  bool used = false;
  for_each_table(doc, [&](const auto& table) { used = used || index_of(table, id) >= 0; });
  if (used) return true;
  for (const Partner& p : doc.partners)
    for (const ContactPerson& c : p.contacts)
      if (c.id == id) return true;
  return false;
}

Id fresh_id(Document& doc) {
  while (id_in_use(doc, doc.next_id)) ++doc.next_id;
  return doc.next_id++;
}

// Gives nested records (contact persons) with id 0 a fresh id: they share the id space.
struct FreshNestedIds {
  Document* doc;
  template <class T> void operator()(const Spec&, T& value) {
    if constexpr (IsVector<T>::value) {
      using Item = typename IsVector<T>::item;
      if constexpr (kDescribed<Item>) {
        for (Item& item : value) {
          NestedId set{doc};
          describe(item, set);
        }
      }
    }
  }
  struct NestedId {
    Document* doc;
    template <class T> void operator()(const Spec& s, T& value) {
      if constexpr (std::is_same_v<T, Id>)
        if (s.is_id && value == 0) value = fresh_id(*doc);
    }
  };
};

template <class R> void put(Document& doc, R record, Command* inverse, Touched* touched) {
  std::vector<R>& table = rows<R>(doc);
  if (record.id == 0) {
    record.id = fresh_id(doc);
  } else if (std::ptrdiff_t at = index_of(table, record.id); at >= 0) {
    R& slot = table[static_cast<std::size_t>(at)];
    FreshNestedIds fresh{&doc};
    describe(record, fresh);
    if (inverse) *inverse = put_command(Record(std::move(slot)));
    slot = std::move(record);
    if (touched) touched->records.push_back({table_of<R>(), slot.id});
    return;
  }
  FreshNestedIds fresh{&doc};
  describe(record, fresh);
  if (inverse) {
    *inverse = delete_command(table_of<R>(), record.id);
    std::get<DeleteRecord>(inverse->op).exact = true;
  }
  if (touched) touched->records.push_back({table_of<R>(), record.id});
  auto at = std::upper_bound(table.begin(), table.end(), record.id, [](Id v, const R& r) { return v < r.id; });
  table.insert(at, std::move(record));
}

// Calls f(spec, id) for every reference a record holds (fields and lists).
template <class R, class F> void for_each_ref(const R& record, F&& f) {
  auto visit = [&](const Spec& s, const auto& value) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, Id>) {
      if (s.is_ref && value != 0) f(s, value);
    } else if constexpr (std::is_same_v<T, std::vector<Id>>) {
      if (s.is_ref)
        for (Id id : value) f(s, id);
    }
  };
  describe(record, visit);
}

// Takes `ids` out of the reference lists of `record` that point into `table`; true if any.
template <class R> bool unlink(R& record, Table table, const std::set<Id>& ids) {
  bool changed = false;
  auto visit = [&](const Spec& s, auto& value) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, std::vector<Id>>) {
      if (!s.is_ref || s.target != table || s.on_delete != OnDelete::unlink) return;
      auto end = std::remove_if(value.begin(), value.end(), [&](Id id) { return ids.count(id) > 0; });
      changed = changed || end != value.end();
      value.erase(end, value.end());
    } else if constexpr (std::is_same_v<T, Id>) {  // a single optional reference becomes none
      if (!s.is_ref || s.is_id || s.target != table || s.on_delete != OnDelete::unlink) return;
      if (value != 0 && ids.count(value)) {
        value = 0;
        changed = true;
      }
    }
  };
  describe(record, visit);
  return changed;
}

bool uses_tag(const Service& s, const std::string& key) {
  return std::find(s.need_tags.begin(), s.need_tags.end(), key) != s.need_tags.end();
}
bool uses_tag(const Case& c, const std::string& key) {
  return std::find(c.needs.begin(), c.needs.end(), key) != c.needs.end();
}
template <class R> bool uses_tag(const R&, const std::string&) { return false; }

std::optional<Error> remove(Document& doc, const DeleteRecord& d, Command* inverse, Touched* touched) {
  const Table table = d.table;
  const Id id = d.id;
  const std::ptrdiff_t at = with_table_type(table, [&](auto tag) { return index_of(rows<decltype(tag)>(doc), id); });
  if (at < 0 && d.if_present) {
    if (inverse) *inverse = batch_command({});
    return std::nullopt;
  }
  if (at < 0) return structural("err.not_found", table, -1, {std::to_string(id)});
  if (d.exact) {
    with_table_type(table, [&](auto tag) {
      auto& rows_of = rows<decltype(tag)>(doc);
      if (inverse) *inverse = put_command(Record(std::move(rows_of[static_cast<std::size_t>(at)])));
      rows_of.erase(rows_of.begin() + at);
    });
    if (touched) touched->records.push_back({table, id});
    return std::nullopt;
  }

  // The records that go (the target and what cascades from it), by table, and those that block.
  std::set<Id> going[kTableCount];
  going[static_cast<std::size_t>(table)].insert(id);
  std::set<std::pair<Table, Id>> blockers;
  std::vector<std::pair<Table, Id>> frontier{{table, id}};
  std::vector<std::string> tag_keys;
  if (table == Table::need_tags) tag_keys.push_back(doc.need_tags[static_cast<std::size_t>(at)].key);
  while (!frontier.empty()) {
    std::vector<std::pair<Table, Id>> next;
    std::set<Id> targets[kTableCount];
    for (auto [t, x] : frontier) targets[static_cast<std::size_t>(t)].insert(x);
    for_each_table(doc, [&](const auto& rows_of) {
      using R = typename std::decay_t<decltype(rows_of)>::value_type;
      constexpr Table from = table_of<R>();
      for (const R& r : rows_of) {
        if (going[static_cast<std::size_t>(from)].count(r.id)) continue;
        for_each_ref(r, [&](const Spec& s, Id target) {
          if (!targets[static_cast<std::size_t>(s.target)].count(target)) return;
          if (s.on_delete == OnDelete::cascade) {
            if (going[static_cast<std::size_t>(from)].insert(r.id).second) next.push_back({from, r.id});
          } else if (s.on_delete == OnDelete::block) {
            blockers.insert({from, r.id});
          }
        });
        for (const std::string& key : tag_keys)
          if (uses_tag(r, key)) blockers.insert({from, r.id});
      }
    });
    tag_keys.clear();
    frontier = std::move(next);
  }
  std::size_t blocking = 0;
  for (auto [t, x] : blockers)
    if (!going[static_cast<std::size_t>(t)].count(x)) ++blocking;
  if (blocking > 0) return structural("err.delete_blocked", table, at, {std::to_string(blocking)});

  // Remove them (keeping copies to put back), then unlink what lists them.
  std::vector<Command> restore;
  for_each_table(doc, [&](auto& rows_of) {
    using R = typename std::decay_t<decltype(rows_of)>::value_type;
    const std::set<Id>& ids = going[static_cast<std::size_t>(table_of<R>())];
    if (ids.empty()) return;
    std::vector<R> kept;
    kept.reserve(rows_of.size());
    for (R& r : rows_of) {
      if (ids.count(r.id)) {
        if (touched) touched->records.push_back({table_of<R>(), r.id});
        restore.push_back(Command{"", "", PutRecord{Record(std::move(r))}});
      } else {
        kept.push_back(std::move(r));
      }
    }
    rows_of = std::move(kept);
  });
  for_each_table(doc, [&](auto& rows_of) {
    using R = typename std::decay_t<decltype(rows_of)>::value_type;
    for (R& r : rows_of) {
      R before = r;
      bool changed = false;
      for (std::size_t t = 0; t < kTableCount; ++t)
        if (!going[t].empty()) changed = unlink(r, static_cast<Table>(t), going[t]) || changed;
      if (!changed) continue;
      if (touched) touched->records.push_back({table_of<R>(), r.id});
      restore.push_back(put_command(Record(std::move(before))));
    }
  });
  if (inverse) *inverse = batch_command(std::move(restore));
  return std::nullopt;
}

}  // namespace

void Touched::add(const Touched& other) {
  whole = whole || other.whole;
  records.insert(records.end(), other.records.begin(), other.records.end());
}

bool Touched::covers(const Touched& other) const {
  if (whole) return true;
  if (other.whole) return false;
  for (RecordRef r : other.records)
    if (std::find(records.begin(), records.end(), r) == records.end()) return false;
  return true;
}

Command put_command(Record record, std::string merge_key) {
  std::string name = std::string(record_id(record) == 0 ? "cmd.add_" : "cmd.edit_") + table_noun(table_of(record));
  return Command{std::move(name), std::move(merge_key), PutRecord{std::move(record)}};
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

std::optional<Error> apply_unchecked(Document& doc, const Command& command, Command* inverse, Touched* touched) {
  std::optional<Error> error;
  Command inv;
  if (const auto* p = std::get_if<PutRecord>(&command.op)) {
    std::visit([&](const auto& r) { put(doc, r, &inv, touched); }, p->record);
  } else if (const auto* d = std::get_if<DeleteRecord>(&command.op)) {
    error = remove(doc, *d, &inv, touched);
  } else if (const auto* r = std::get_if<ReplaceDocument>(&command.op)) {
    Id next = std::max(doc.next_id, r->doc.next_id);
    inv = replace_command(std::move(doc), command.name_key);
    doc = r->doc;
    sort_by_id(doc);
    doc.next_id = next;
    if (touched) touched->whole = true;
  } else if (const auto* b = std::get_if<Batch>(&command.op)) {
    const Id next_before = doc.next_id;
    std::vector<Command> undo_steps;
    undo_steps.reserve(b->steps.size());
    Touched steps_touched;
    for (const Command& step : b->steps) {
      Command step_inverse;
      error = apply_unchecked(doc, step, &step_inverse, &steps_touched);
      if (error) break;
      undo_steps.push_back(std::move(step_inverse));
    }
    std::reverse(undo_steps.begin(), undo_steps.end());
    if (error) {  // all or nothing: take back the steps already done
      for (const Command& u : undo_steps) apply_unchecked(doc, u, nullptr);
      doc.next_id = next_before;
      return error;
    }
    if (touched) touched->add(steps_touched);
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
