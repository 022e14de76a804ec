// The index: facts derived from a Document that views, validation and deletion look up instead
// of scanning — which table an id belongs to, which records refer to a record, which need-tag
// keys are defined and used, and each partner's folded search text. The Store owns one, builds
// it when a document is loaded and patches it with the records each change touched, so it is
// current at every revision and is never rebuilt per frame.
//
// Everything is derived from the records' descriptions (model.hpp): a new table or reference
// field is indexed without touching this file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model.hpp"

namespace kolo {

// A record by table and id.
struct RecordRef {
  Table table = Table::partners;
  Id id = 0;
  bool operator==(const RecordRef&) const = default;
};

class Index {
 public:
  // Where an id lives: the record that has it, or (contact) the partner whose contact person
  // has it.
  struct Place {
    Table table = Table::partners;
    Id record = 0;
    bool contact = false;
    bool operator==(const Place&) const = default;
  };

  // `with_search`: also fold the partners' search text (whole-document validation needs only
  // the rest).
  void rebuild(const Document& doc, bool with_search = true);
  // Brings the index up to date after the records in `touched` were added, changed or removed
  // (duplicates allowed). Appends to *released the need-tag keys whose definition went away or
  // changed, which validation must check are no longer used.
  void patch(const Document& doc, const std::vector<RecordRef>& touched, std::vector<std::string>* released = nullptr);

  // The first place `id` was seen, or null; uses(id) counts every place (more than 1 only in a
  // document that validation is about to refuse).
  const Place* place(Id id) const;
  int uses(Id id) const;
  // Records whose reference fields or lists name `target`, in no particular order.
  const std::vector<RecordRef>& referrers(Id target) const;
  // The ids of the records of table `from` that refer to `target` (services of a partner,
  // referrals of a case ...), ascending.
  std::vector<Id> referring(Id target, Table from) const;
  int tag_definitions(const std::string& key) const;  // need tags with this key
  int tag_uses(const std::string& key) const;         // services and cases using it
  // A partner's text as searches match it: name, area, tags, notes, contact persons (name,
  // role, phone, e-mail, messenger) and the names of its services, folded (fold_name) and
  // joined by a separator no query holds.
  const std::string& search_text(Id partner) const;

  bool operator==(const Index& other) const;  // for tests: patched equals rebuilt

 private:
  struct Derived {
    std::vector<Id> out;                // ids this record refers to (duplicates kept)
    std::vector<Id> contacts;           // ids of nested contact persons
    std::vector<std::string> tag_uses;  // taxonomy keys used
    std::string tag_key;                // a need tag's own key
    bool operator==(const Derived&) const = default;
  };
  static std::uint64_t key(RecordRef r) {
    return (static_cast<std::uint64_t>(r.table) << 56) | static_cast<std::uint64_t>(r.id & 0x00FFFFFFFFFFFFFF);
  }
  void add_owner(Id id, Place place);
  void remove_owner(Id id, Place place);
  void remove(RecordRef r, std::vector<Id>* restyle, std::vector<std::string>* released);
  void add(const Document& doc, RecordRef r, std::vector<Id>* restyle);
  void restyle_partner(const Document& doc, Id partner);

  std::unordered_map<Id, Place> owner_;
  std::unordered_multimap<Id, Place> extra_owners_;  // duplicates (transient)
  std::unordered_map<Id, std::vector<RecordRef>> incoming_;
  std::unordered_map<std::string, int> tag_definitions_, tag_uses_;
  std::unordered_map<std::uint64_t, Derived> derived_;
  std::unordered_map<Id, std::string> search_;
};

}  // namespace kolo
