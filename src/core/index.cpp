// The per-revision index (see index.hpp). Each record's contribution (ids it owns, ids it refers
// to, taxonomy keys it uses or defines) is remembered, so a changed record is taken out by what
// it contributed and put back by what it contributes now, without knowing its old value.
#include "core/index.hpp"

#include <algorithm>
#include <type_traits>

#include "core/text.hpp"

namespace kolo {

namespace {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };

// Collects what a record contributes: references, nested ids, taxonomy keys.
struct Collect {
  std::vector<Id>* out;
  std::vector<Id>* nested_ids;
  std::vector<std::string>* tag_uses;
  bool nested = false;

  template <class T> void operator()(const Spec& s, const T& value) {
    if constexpr (std::is_same_v<T, Id>) {
      if (s.is_ref && value != 0) out->push_back(value);
      if (s.is_id && nested) nested_ids->push_back(value);
    } else if constexpr (IsVector<T>::value) {
      using Item = typename IsVector<T>::item;
      if constexpr (std::is_same_v<Item, Id>) {
        if (s.is_ref)
          for (Id id : value)
            if (id != 0) out->push_back(id);
      } else if constexpr (std::is_same_v<Item, std::string>) {
        if (s.taxonomy) tag_uses->insert(tag_uses->end(), value.begin(), value.end());
      } else if constexpr (kDescribed<Item>) {
        Collect inner{out, nested_ids, tag_uses, true};
        for (const Item& item : value) describe(item, inner);
      }
    }
  }
};

void append_folded(std::string& out, const std::string& text) {
  if (text.empty()) return;
  out += fold_name(text);
  out += '\x1f';  // a separator no query contains, so a match never spans two fields
}

}  // namespace

void Index::add_owner(Id id, Place place) {
  auto [it, fresh] = owner_.emplace(id, place);
  if (!fresh) extra_owners_.emplace(id, place);
}

void Index::remove_owner(Id id, Place place) {
  auto range = extra_owners_.equal_range(id);
  for (auto it = range.first; it != range.second; ++it)
    if (it->second == place) {
      extra_owners_.erase(it);
      return;
    }
  auto it = owner_.find(id);
  if (it == owner_.end() || !(it->second == place)) return;
  if (range.first != range.second) {  // another record still has this id: it is the owner now
    it->second = range.first->second;
    extra_owners_.erase(range.first);
  } else {
    owner_.erase(it);
  }
}

void Index::remove(RecordRef r, std::vector<Id>* restyle, std::vector<std::string>* released) {
  auto it = derived_.find(key(r));
  if (it == derived_.end()) return;
  const Derived& d = it->second;
  remove_owner(r.id, Place{r.table, r.id, false});
  for (Id c : d.contacts) remove_owner(c, Place{r.table, r.id, true});
  for (Id target : d.out) {
    auto in = incoming_.find(target);
    if (in == incoming_.end()) continue;
    auto& list = in->second;
    auto pos = std::find(list.begin(), list.end(), r);
    if (pos != list.end()) list.erase(pos);
    if (list.empty()) incoming_.erase(in);
  }
  for (const std::string& k : d.tag_uses)
    if (--tag_uses_[k] == 0) tag_uses_.erase(k);
  if (r.table == Table::need_tags) {
    if (--tag_definitions_[d.tag_key] == 0) tag_definitions_.erase(d.tag_key);
    if (released) released->push_back(d.tag_key);
  }
  if (r.table == Table::services)
    for (Id target : d.out) restyle->push_back(target);  // its partner's text names it
  if (r.table == Table::partners) search_.erase(r.id);
  derived_.erase(it);
}

void Index::add(const Document& doc, RecordRef r, std::vector<Id>* restyle) {
  with_table_type(r.table, [&](auto tag) {
    using R = decltype(tag);
    const R* record = find_record<R>(doc, r.id);
    if (!record) return;
    Derived d;
    Collect collect{&d.out, &d.contacts, &d.tag_uses};
    describe(*record, collect);
    if constexpr (std::is_same_v<R, NeedTag>) d.tag_key = record->key;
    add_owner(r.id, Place{r.table, r.id, false});
    for (Id c : d.contacts) add_owner(c, Place{r.table, r.id, true});
    for (Id target : d.out) {
      auto& list = incoming_[target];
      if (std::find(list.begin(), list.end(), r) == list.end()) list.push_back(r);
    }
    for (const std::string& k : d.tag_uses) ++tag_uses_[k];
    if constexpr (std::is_same_v<R, NeedTag>) ++tag_definitions_[d.tag_key];
    if constexpr (std::is_same_v<R, Service>) restyle->insert(restyle->end(), d.out.begin(), d.out.end());
    if constexpr (std::is_same_v<R, Partner>) restyle->push_back(r.id);
    derived_[key(r)] = std::move(d);
  });
}

void Index::restyle_partner(const Document& doc, Id partner) {
  const Partner* p = find_record<Partner>(doc, partner);
  if (!p) return;
  std::string text;
  append_folded(text, p->name);
  append_folded(text, p->area);
  for (const std::string& t : p->tags) append_folded(text, t);
  append_folded(text, p->notes);
  for (const ContactPerson& c : p->contacts) {
    append_folded(text, c.name);
    append_folded(text, c.role);
    append_folded(text, c.phone);
    append_folded(text, c.email);
    append_folded(text, c.messenger);
  }
  for (Id s : referring(partner, Table::services))
    if (const Service* svc = find_record<Service>(doc, s)) append_folded(text, svc->name);
  search_[partner] = std::move(text);
}

void Index::rebuild(const Document& doc, bool with_search) {
  owner_.clear();
  extra_owners_.clear();
  incoming_.clear();
  tag_definitions_.clear();
  tag_uses_.clear();
  derived_.clear();
  search_.clear();
  std::size_t records = 0;
  for_each_table(doc, [&](const auto& table) { records += table.size(); });
  derived_.reserve(records);
  owner_.reserve(records + doc.partners.size() * 2);
  std::vector<Id> restyle;
  for_each_table(doc, [&](const auto& table) {
    for (const auto& r : table) add(doc, RecordRef{table_of<std::decay_t<decltype(r)>>(), r.id}, &restyle);
  });
  if (with_search)
    for (const Partner& p : doc.partners) restyle_partner(doc, p.id);
}

void Index::patch(const Document& doc, const std::vector<RecordRef>& touched, std::vector<std::string>* released) {
  std::vector<RecordRef> once;
  once.reserve(touched.size());
  for (RecordRef r : touched)
    if (std::find(once.begin(), once.end(), r) == once.end()) once.push_back(r);
  std::vector<Id> restyle;
  for (RecordRef r : once) remove(r, &restyle, released);
  for (RecordRef r : once) add(doc, r, &restyle);
  std::sort(restyle.begin(), restyle.end());
  restyle.erase(std::unique(restyle.begin(), restyle.end()), restyle.end());
  for (Id p : restyle) restyle_partner(doc, p);
}

const Index::Place* Index::place(Id id) const {
  auto it = owner_.find(id);
  return it == owner_.end() ? nullptr : &it->second;
}

int Index::uses(Id id) const {
  if (!owner_.count(id)) return 0;
  return 1 + static_cast<int>(extra_owners_.count(id));
}

const std::vector<RecordRef>& Index::referrers(Id target) const {
  static const std::vector<RecordRef> kNone;
  auto it = incoming_.find(target);
  return it == incoming_.end() ? kNone : it->second;
}

std::vector<Id> Index::referring(Id target, Table from) const {
  std::vector<Id> out;
  for (RecordRef r : referrers(target))
    if (r.table == from) out.push_back(r.id);
  std::sort(out.begin(), out.end());
  return out;
}

int Index::tag_definitions(const std::string& k) const {
  auto it = tag_definitions_.find(k);
  return it == tag_definitions_.end() ? 0 : it->second;
}

int Index::tag_uses(const std::string& k) const {
  auto it = tag_uses_.find(k);
  return it == tag_uses_.end() ? 0 : it->second;
}

const std::string& Index::search_text(Id partner) const {
  static const std::string kEmpty;
  auto it = search_.find(partner);
  return it == search_.end() ? kEmpty : it->second;
}

bool Index::operator==(const Index& o) const {
  auto same_incoming = [&] {
    if (incoming_.size() != o.incoming_.size()) return false;
    for (const auto& [target, list] : incoming_) {
      auto it = o.incoming_.find(target);
      if (it == o.incoming_.end() || it->second.size() != list.size()) return false;
      for (RecordRef r : list)
        if (std::find(it->second.begin(), it->second.end(), r) == it->second.end()) return false;
    }
    return true;
  };
  return owner_ == o.owner_ && extra_owners_.size() == o.extra_owners_.size() && same_incoming() &&
         tag_definitions_ == o.tag_definitions_ && tag_uses_ == o.tag_uses_ && derived_ == o.derived_ &&
         search_ == o.search_;
}

}  // namespace kolo
