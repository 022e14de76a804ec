// Import planning (see import.hpp for the matching rules).
#include "io/import.hpp"

#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"

namespace kolo {

namespace {

using IdMap = std::unordered_map<Id, Id>;

Id mapped(const IdMap& map, Id id) {
  if (id == 0) return 0;
  auto it = map.find(id);
  return it == map.end() ? id : it->second;
}

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };
template <class T> concept HasId = requires(T t) { t.id; };

// The natural key of a record: the fields its description marks as key parts, joined.
template <class R> std::string key_of(const R& r) {
  std::string out;
  describe(r, [&](const Spec& s, const auto& value) {
    using T = std::decay_t<decltype(value)>;
    if (s.key == KeyPart::no) return;
    if constexpr (std::is_same_v<T, std::string>)
      out += s.key == KeyPart::folded ? fold_name(value) : value;
    else if constexpr (std::is_same_v<T, Id> || std::is_same_v<T, int>)
      out += std::to_string(value);
    else if constexpr (KoloEnum<T>)
      out += to_string(value);
    out += '\x1f';  // unit separator: cannot occur in a folded name by accident of spacing
  });
  return out;
}

// Finds, for each incoming record, the existing record it updates (or none).
template <class R> class Matcher {
 public:
  explicit Matcher(const std::vector<R>& target) {
    for (std::size_t i = 0; i < target.size(); ++i) {
      by_id.emplace(target[i].id, i);
      by_key[key_of(target[i])].push_back(i);
    }
    keys.reserve(target.size());
    for (const R& r : target) keys.push_back(key_of(r));
  }
  // Index of the match in the target table, or -1. Each existing record matches at most once.
  std::ptrdiff_t match(Id incoming_id, const std::string& key) {
    if (auto it = by_id.find(incoming_id); it != by_id.end() && keys[it->second] == key && take(it->second))
      return static_cast<std::ptrdiff_t>(it->second);
    if (auto it = by_key.find(key); it != by_key.end())
      for (std::size_t i : it->second)
        if (take(i)) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }

 private:
  std::unordered_map<Id, std::size_t> by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key;
  std::vector<std::string> keys;
  std::unordered_set<std::size_t> taken;
  bool take(std::size_t i) { return taken.insert(i).second; }
};

class Merger {
 public:
  Merger(const Document& current, std::array<TableCounts, kTableCount>& counts) : out(current), counts(counts) {}

  Document run(const Document& in) {
    // In the order of dependence, so every reference is remapped to its final id.
    for_each_table(in, [&](const auto& table) { merge(table); });
    return std::move(out);
  }

 private:
  Document out;
  std::array<TableCounts, kTableCount>& counts;
  IdMap ids[kTableCount];  // the file's id -> the id in the result, per table

  template <class R> void remap(R& r) {
    describe(r, [&](const Spec& s, auto& value) {
      using T = std::decay_t<decltype(value)>;
      if constexpr (std::is_same_v<T, Id>) {
        if (s.is_ref) value = mapped(ids[static_cast<std::size_t>(s.target)], value);
      } else if constexpr (std::is_same_v<T, std::vector<Id>>) {
        if (s.is_ref)
          for (Id& id : value) id = mapped(ids[static_cast<std::size_t>(s.target)], id);
      }
    });
  }

  template <class R> void merge(const std::vector<R>& incoming) {
    std::vector<R>& target = rows<R>(out);
    const std::size_t t = static_cast<std::size_t>(table_of<R>());
    TableCounts& count = counts[t];
    Matcher<R> matcher(target);
    std::vector<R> added;
    for (const R& original : incoming) {
      R r = original;
      remap(r);
      std::ptrdiff_t at = matcher.match(r.id, key_of(r));
      if (at >= 0) {
        R& existing = target[static_cast<std::size_t>(at)];
        r.id = existing.id;
        merge_nested(existing, r);
        if (!(r == existing)) {
          existing = std::move(r);
          ++count.changed;
        }
        ids[t][original.id] = existing.id;
      } else {
        r.id = out.next_id++;
        fresh_nested(r);
        ids[t][original.id] = r.id;
        added.push_back(std::move(r));
        ++count.added;
      }
    }
    // Fresh ids are the largest: appended, the table stays in id order.
    for (R& r : added) target.push_back(std::move(r));
  }

  // Nested records with ids (contact persons) get fresh ids in the result's id space.
  template <class R> void fresh_nested(R& r) {
    describe(r, [&](const Spec&, auto& value) {
      using T = std::decay_t<decltype(value)>;
      if constexpr (IsVector<T>::value) {
        using Item = typename IsVector<T>::item;
        if constexpr (kDescribed<Item> && HasId<Item>)
          for (Item& item : value) item.id = out.next_id++;
      }
    });
  }

  // For each list of nested records with ids: the existing ones, updated where the file has
  // them (matched by id and key, else by key), plus the file's new ones with fresh ids.
  template <class R> void merge_nested(const R& existing, R& incoming) {
    std::vector<const void*> before;
    describe(existing, [&](const Spec&, const auto& value) { before.push_back(&value); });
    std::size_t field = 0;
    describe(incoming, [&](const Spec&, auto& value) {
      using T = std::decay_t<decltype(value)>;
      const void* old = before[field++];
      if constexpr (IsVector<T>::value) {
        using Item = typename IsVector<T>::item;
        if constexpr (kDescribed<Item> && HasId<Item>) value = merge_list(*static_cast<const T*>(old), value);
      }
    });
  }

  template <class Item> std::vector<Item> merge_list(const std::vector<Item>& existing, const std::vector<Item>& incoming) {
    std::vector<Item> result = existing;
    std::unordered_set<std::size_t> taken;
    for (Item c : incoming) {
      const std::string key = key_of(c);
      std::ptrdiff_t at = -1;
      for (std::size_t i = 0; i < existing.size() && at < 0; ++i)
        if (!taken.count(i) && result[i].id == c.id && key_of(result[i]) == key) at = static_cast<std::ptrdiff_t>(i);
      for (std::size_t i = 0; i < existing.size() && at < 0; ++i)
        if (!taken.count(i) && key_of(result[i]) == key) at = static_cast<std::ptrdiff_t>(i);
      if (at >= 0) {
        taken.insert(static_cast<std::size_t>(at));
        c.id = result[static_cast<std::size_t>(at)].id;
        result[static_cast<std::size_t>(at)] = std::move(c);
      } else {
        c.id = out.next_id++;
        result.push_back(std::move(c));
      }
    }
    return result;
  }
};

template <class R> void count_replace(const std::vector<R>& before, const std::vector<R>& after, TableCounts& count) {
  std::unordered_map<Id, const R*> old;
  for (const R& r : before) old.emplace(r.id, &r);
  for (const R& r : after) {
    auto it = old.find(r.id);
    if (it == old.end()) {
      ++count.added;
    } else {
      if (!(*it->second == r)) ++count.changed;
      old.erase(it);
    }
  }
  count.removed += old.size();
}

}  // namespace

bool ImportPlan::changes_anything() const {
  for (const TableCounts& c : counts)
    if (c.added || c.changed || c.removed) return true;
  return false;
}

ImportPlan plan_import(const Document& current, const Document& incoming, ImportMode mode) {
  ImportPlan plan;
  if (mode == ImportMode::replace) {
    plan.result = incoming;
    sort_by_id(plan.result);
    plan.result.next_id = std::max(current.next_id, incoming.next_id);
    for_each_table(plan.result, [&](const auto& after) {
      using R = typename std::decay_t<decltype(after)>::value_type;
      count_replace(rows<R>(current), after, plan.counts[static_cast<std::size_t>(table_of<R>())]);
    });
    plan.command = replace_command(plan.result, "cmd.import_replace");
  } else {
    plan.result = Merger(current, plan.counts).run(incoming);
    plan.command = replace_command(plan.result, "cmd.import_merge");
  }
  return plan;
}

Command removal_command(const Document& current, const Document& subset) {
  // Only what is still exactly as the example left it goes, and never a record that something
  // staying refers to (deleting it would take the user's record along, or be refused).
  std::set<Id> going[kTableCount];
  for_each_table(subset, [&](const auto& table) {
    using R = typename std::decay_t<decltype(table)>::value_type;
    for (const R& r : table)
      if (const R* mine = find_record<R>(current, r.id); mine && *mine == r)
        going[static_cast<std::size_t>(table_of<R>())].insert(r.id);
  });
  // What stays keeps what it refers to, and so on, until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for_each_table(current, [&](const auto& table) {
      using R = typename std::decay_t<decltype(table)>::value_type;
      const std::set<Id>& gone = going[static_cast<std::size_t>(table_of<R>())];
      for (const R& r : table) {
        if (gone.count(r.id)) continue;
        describe(r, [&](const Spec& s, const auto& value) {
          using T = std::decay_t<decltype(value)>;
          std::set<Id>& targets = going[static_cast<std::size_t>(s.target)];
          if constexpr (std::is_same_v<T, Id>) {
            if (s.is_ref && targets.erase(value)) changed = true;
          } else if constexpr (std::is_same_v<T, std::vector<Id>>) {
            if (s.is_ref)
              for (Id id : value) changed = targets.erase(id) > 0 || changed;
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            if (s.taxonomy)
              for (const std::string& key : value)
                for (const NeedTag& tag : current.need_tags)
                  if (tag.key == key) changed = going[static_cast<std::size_t>(Table::need_tags)].erase(tag.id) > 0 || changed;
          }
        });
      }
    });
  }
  // Dependents first, so no deletion cascades into or is blocked by another.
  std::vector<Command> steps;
  for (std::size_t t = kTableCount; t-- > 0;)
    for (Id id : going[t]) steps.push_back(delete_command(static_cast<Table>(t), id));
  return batch_command(std::move(steps), "cmd.remove_demo");
}

}  // namespace kolo
