// Import planning (see import.hpp for the matching rules).
#include "io/import.hpp"

#include <set>

#include <string>
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

std::string join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts) {
    out += p;
    out += '\x1f';  // unit separator: cannot occur in a folded name by accident of spacing
  }
  return out;
}

std::string key_of(const Partner& r) { return join({fold_name(r.name), std::string(to_string(r.kind))}); }
std::string key_of(const Service& r) { return join({std::to_string(r.partner_id), fold_name(r.name)}); }
std::string key_of(const Agreement& r) { return join({std::to_string(r.partner_id), r.start_date}); }
std::string key_of(const Interaction& r) {
  return join({std::to_string(r.partner_id), r.date, std::string(to_string(r.channel)), fold_name(r.summary)});
}
std::string key_of(const Event& r) { return join({fold_name(r.title), r.starts_at}); }
std::string key_of(const Case& r) { return fold_name(r.alias); }
std::string key_of(const Referral& r) {
  return join({std::string(to_string(r.direction)), std::to_string(r.case_id), std::to_string(r.partner_id),
               std::to_string(r.service_id), fold_name(r.reason)});
}
std::string key_of(const NeedTag& r) { return r.key; }

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
  Merger(const Document& current, std::array<TableCounts, 8>& counts) : out(current), counts(counts) {}

  Document run(const Document& in) {
    merge(in.need_tags, [](NeedTag&) {}, nullptr);
    merge(in.partners, [](Partner&) {}, &partners);
    merge(in.services, [&](Service& r) { r.partner_id = mapped(partners, r.partner_id); }, &services);
    merge(in.agreements, [&](Agreement& r) { r.partner_id = mapped(partners, r.partner_id); }, nullptr);
    merge(in.interactions, [&](Interaction& r) { r.partner_id = mapped(partners, r.partner_id); }, nullptr);
    merge(in.cases, [](Case&) {}, &cases);
    merge(in.referrals,
          [&](Referral& r) {
            r.case_id = mapped(cases, r.case_id);
            r.partner_id = mapped(partners, r.partner_id);
            r.service_id = mapped(services, r.service_id);
          },
          &referrals);
    merge(in.events,
          [&](Event& r) {
            for (Id& id : r.partner_ids) id = mapped(partners, id);
            for (Id& id : r.referral_ids) id = mapped(referrals, id);
          },
          nullptr);
    return std::move(out);
  }

 private:
  Document out;
  std::array<TableCounts, 8>& counts;
  IdMap partners, services, cases, referrals;

  template <class R, class Remap> void merge(const std::vector<R>& incoming, Remap remap, IdMap* ids) {
    std::vector<R>& target = rows<R>(out);
    TableCounts& count = counts[static_cast<std::size_t>(table_of(Record(R{})))];
    Matcher<R> matcher(target);
    for (const R& original : incoming) {
      R r = original;
      remap(r);
      std::ptrdiff_t at = matcher.match(r.id, key_of(r));
      if (at >= 0) {
        R& existing = target[static_cast<std::size_t>(at)];
        r.id = existing.id;
        if constexpr (std::is_same_v<R, Partner>) r.contacts = merge_contacts(existing.contacts, r.contacts);
        if (!(r == existing)) {
          existing = std::move(r);
          ++count.changed;
        }
        if (ids) (*ids)[original.id] = existing.id;
      } else {
        r.id = out.next_id++;
        if constexpr (std::is_same_v<R, Partner>)
          for (ContactPerson& c : r.contacts) c.id = out.next_id++;
        if (ids) (*ids)[original.id] = r.id;
        target.push_back(std::move(r));
        ++count.added;
      }
    }
  }

  // The existing contacts, updated where the file has them, plus the file's new ones.
  std::vector<ContactPerson> merge_contacts(const std::vector<ContactPerson>& existing,
                                            const std::vector<ContactPerson>& incoming) {
    std::vector<ContactPerson> result = existing;
    std::unordered_set<std::size_t> taken;
    for (ContactPerson c : incoming) {
      std::string key = fold_name(c.name);
      std::ptrdiff_t at = -1;
      for (std::size_t i = 0; i < result.size() && at < 0; ++i)
        if (i < existing.size() && !taken.count(i) && result[i].id == c.id && fold_name(result[i].name) == key)
          at = static_cast<std::ptrdiff_t>(i);
      for (std::size_t i = 0; i < existing.size() && at < 0; ++i)
        if (!taken.count(i) && fold_name(result[i].name) == key) at = static_cast<std::ptrdiff_t>(i);
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
    auto& c = plan.counts;
    count_replace(current.partners, incoming.partners, c[static_cast<std::size_t>(Table::partners)]);
    count_replace(current.services, incoming.services, c[static_cast<std::size_t>(Table::services)]);
    count_replace(current.agreements, incoming.agreements, c[static_cast<std::size_t>(Table::agreements)]);
    count_replace(current.interactions, incoming.interactions, c[static_cast<std::size_t>(Table::interactions)]);
    count_replace(current.events, incoming.events, c[static_cast<std::size_t>(Table::events)]);
    count_replace(current.cases, incoming.cases, c[static_cast<std::size_t>(Table::cases)]);
    count_replace(current.referrals, incoming.referrals, c[static_cast<std::size_t>(Table::referrals)]);
    count_replace(current.need_tags, incoming.need_tags, c[static_cast<std::size_t>(Table::need_tags)]);
    plan.result = incoming;
    plan.result.next_id = std::max(current.next_id, incoming.next_id);
    plan.command = replace_command(plan.result, "cmd.import_replace");
  } else {
    plan.result = Merger(current, plan.counts).run(incoming);
    plan.command = replace_command(plan.result, "cmd.import_merge");
  }
  return plan;
}

namespace {
// The records of `subset` that are still in `current` exactly as the example left them.
template <class R>
std::set<Id> unchanged(const Document& current, const Document& subset) {
  std::set<Id> ids;
  for (const R& r : rows<R>(subset))
    if (const R* mine = find_record<R>(current, r.id); mine && *mine == r) ids.insert(r.id);
  return ids;
}

template <class R>
void delete_all(Table table, const std::set<Id>& ids, std::vector<Command>* steps) {
  for (Id id : ids) steps->push_back(delete_command(table, id));
}
}  // namespace

Command removal_command(const Document& current, const Document& subset) {
  // Only what is still exactly as the example left it goes, and never a record that something
  // the user added or changed depends on (deleting it would take the user's record along).
  std::set<Id> referrals = unchanged<Referral>(current, subset);
  std::set<Id> cases = unchanged<Case>(current, subset);
  std::set<Id> events = unchanged<Event>(current, subset);
  std::set<Id> interactions = unchanged<Interaction>(current, subset);
  std::set<Id> agreements = unchanged<Agreement>(current, subset);
  std::set<Id> services = unchanged<Service>(current, subset);
  std::set<Id> partners = unchanged<Partner>(current, subset);
  for (const Referral& r : current.referrals) {
    if (referrals.count(r.id)) continue;  // goes too
    cases.erase(r.case_id);
    partners.erase(r.partner_id);
    services.erase(r.service_id);
  }
  for (const Event& e : current.events)
    if (!events.count(e.id))
      for (Id p : e.partner_ids) partners.erase(p);
  for (const Interaction& i : current.interactions)
    if (!interactions.count(i.id)) partners.erase(i.partner_id);
  for (const Agreement& a : current.agreements)
    if (!agreements.count(a.id)) partners.erase(a.partner_id);
  for (const Service& svc : current.services)
    if (!services.count(svc.id)) partners.erase(svc.partner_id);

  std::vector<Command> steps;
  delete_all<Referral>(Table::referrals, referrals, &steps);
  delete_all<Case>(Table::cases, cases, &steps);
  delete_all<Event>(Table::events, events, &steps);
  delete_all<Interaction>(Table::interactions, interactions, &steps);
  delete_all<Agreement>(Table::agreements, agreements, &steps);
  delete_all<Service>(Table::services, services, &steps);
  delete_all<Partner>(Table::partners, partners, &steps);
  // A need tag stays while anything that stays uses it.
  std::set<std::string> kept_tags;
  for (const Service& svc : current.services)
    if (!services.count(svc.id)) kept_tags.insert(svc.need_tags.begin(), svc.need_tags.end());
  for (const Case& c : current.cases)
    if (!cases.count(c.id)) kept_tags.insert(c.needs.begin(), c.needs.end());
  for (const NeedTag& tag : subset.need_tags)
    if (const NeedTag* mine = find_record<NeedTag>(current, tag.id); mine && *mine == tag && !kept_tags.count(tag.key))
      steps.push_back(delete_command(Table::need_tags, tag.id));
  return batch_command(std::move(steps), "cmd.remove_demo");
}

}  // namespace kolo
