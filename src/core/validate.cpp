// Validation (see validate.hpp). One checker walks a record's description; the index answers
// "does this id exist, and where else", so whole-document and touched-only validation run the
// very same checks on the records they visit. Paths are built only when a rule is broken.
#include "core/validate.hpp"

#include <algorithm>
#include <type_traits>

#include "core/text.hpp"

namespace kolo {

std::optional<Error> text_error(Text kind, std::string_view value, bool required, bool* usable) {
  if (usable) *usable = false;
  auto error = [](const char* key, std::vector<std::string> args = {}) {
    return std::optional<Error>(Error{key, "", std::move(args)});
  };
  if (!is_valid_utf8(value)) return error("err.bad_utf8");
  const std::size_t limit = kind == Text::long_text ? kMaxTextLength : kMaxNameLength;
  const std::size_t n = utf8_length(value);
  if (n > limit) return error("err.too_long", {std::to_string(n), std::to_string(limit)});
  if (required && is_blank(value)) return error("err.required");
  if (value.empty()) return std::nullopt;
  if (usable) *usable = true;
  const std::string text(value);
  switch (kind) {
    case Text::date:
      if (!is_date(value)) return error("err.bad_date", {text});
      break;
    case Text::datetime:
      if (!is_datetime(value)) return error("err.bad_datetime", {text});
      break;
    case Text::email:
      if (!looks_like_email(value)) return error("err.bad_email", {text});
      break;
    case Text::slug:
      if (!is_slug(value)) return error("err.bad_slug", {text});
      break;
    case Text::phone:
      if (!looks_like_phone(value)) return error("err.bad_phone", {text});
      break;
    case Text::url:
      if (!looks_like_url(value)) return error("err.bad_url", {text});
      break;
    case Text::none:
    case Text::name:
    case Text::long_text: break;
  }
  return std::nullopt;
}

namespace {

// A JSON pointer that is written out only when a rule is broken: validating a large network
// checks hundreds of thousands of fields, nearly all fine. Segments chain up the stack, so a
// Path must not outlive the call it was made for.
class Path {
 public:
  Path(const Path& parent, const char* key) : parent_(&parent), key_(key) {}
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index) {}
  explicit Path(const char* root) : key_(root) {}

  std::string str() const {
    std::string out = parent_ ? parent_->str() : std::string();
    if (key_) {
      if (parent_) out += '/';
      out += key_;
    } else {
      out += '/';
      out += std::to_string(index_);
    }
    return out;
  }

 private:
  const Path* parent_ = nullptr;
  const char* key_ = nullptr;  // a field name; the root is written as given ("/partners")
  std::size_t index_ = 0;
};

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };


class Checker {
 public:
  Checker(const Document& doc, const Index& index) : doc(doc), index(index) {}

  std::vector<Error> errors;

  // A file's ids are all below its next_id (a file is one document from one place); in a
  // working document they need not be, since records from other tabs carry ids from those
  // tabs' blocks (storage/records.hpp).
  void ids_below_next() {
    for_each_table(doc, [&](const auto& table) {
      for (std::size_t i = 0; i < table.size(); ++i) {
        std::string base = "/";
        base += EnumInfo<Table>::names[static_cast<std::size_t>(table_of<std::decay_t<decltype(table[i])>>())];
        const Path root(base.c_str());
        const Path at(root, i);
        NextIdCheck check{this, &at};
        describe(table[i], check);
      }
    });
  }

  void document_rules() {
    if (doc.next_id < 1) add("err.bad_id", std::string("/next_id"), {std::to_string(doc.next_id)});
  }

  template <class R> void record(const R& r, std::size_t row) {
    std::string base = "/";
    base += EnumInfo<Table>::names[static_cast<std::size_t>(table_of<R>())];
    const Path table_path(base.c_str());
    const Path at(table_path, row);
    owner_ = Index::Place{table_of<R>(), r.id, false};
    Fields<R> fields{this, &at, &r};
    describe(r, fields);
    cross_rules(r, at);
  }

 private:
  const Document& doc;
  const Index& index;
  Index::Place owner_;

  void add(std::string key, std::string path, std::vector<std::string> args = {}) {
    errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
  }
  void add(std::string key, const Path& path, std::vector<std::string> args = {}) {
    add(std::move(key), path.str(), std::move(args));
  }

  // The pointer of an id's first place ("/partners/0/contacts/1/id").
  std::string place_path(const Index::Place& p, Id id) const {
    return with_table_type(p.table, [&](auto tag) {
      using R = decltype(tag);
      const std::vector<R>& rows_of = rows<R>(doc);
      std::ptrdiff_t row = index_of(rows_of, p.record);
      std::string out = "/";
      out += EnumInfo<Table>::names[static_cast<std::size_t>(p.table)];
      out += '/';
      out += std::to_string(row);
      if constexpr (std::is_same_v<R, Partner>) {
        if (p.contact && row >= 0) {
          const auto& contacts = rows_of[static_cast<std::size_t>(row)].contacts;
          for (std::size_t c = 0; c < contacts.size(); ++c)
            if (contacts[c].id == id) {
              out += "/contacts/";
              out += std::to_string(c);
              break;
            }
        }
      }
      out += "/id";
      return out;
    });
  }

  void id(Id value, const Path& path, bool nested) {
    if (value <= 0) {
      add("err.bad_id", path, {std::to_string(value)});
      return;
    }
    if (index.uses(value) > 1) {
      const Index::Place* first = index.place(value);
      const Index::Place here{owner_.table, owner_.record, nested};
      if (first && !(*first == here)) add("err.duplicate_id", path, {std::to_string(value), place_path(*first, value)});
    }
  }

  bool exists(Table table, Id id) const {
    return with_table_type(table, [&](auto tag) { return find_record<decltype(tag)>(doc, id) != nullptr; });
  }

  void ref(const Spec& s, Id value, const Path& path, bool required) {
    if (value == 0) {
      if (required) add("err.required", path);
    } else if (!exists(s.target, value)) {
      add("err.missing_ref", path, {std::to_string(value)});
    }
  }

  // A text field (text_error); returns whether it was usable.
  bool text(const Spec& s, const std::string& value, const Path& path, bool required) {
    bool usable = false;
    if (std::optional<Error> e = text_error(s.text, value, required, &usable)) {
      e->path = path.str();
      errors.push_back(std::move(*e));
    }
    return usable;
  }

  // A unique text (a need tag's key): the first record of the table with the value keeps it.
  template <class R> void unique(const R& r, const Spec& s, const std::string& value, const Path& path) {
    if constexpr (std::is_same_v<R, NeedTag>) {
      if (index.tag_definitions(value) < 2) return;
      for (const NeedTag& t : doc.need_tags)
        if (t.key == value) {
          if (t.id != r.id) add("err.duplicate_key", path, {value});
          return;
        }
    } else {
      (void)r, (void)s, (void)value, (void)path;
    }
  }

  template <class R> struct Fields {
    Checker* c;
    const Path* at;
    const R* record;
    bool nested = false;

    template <class T> void operator()(const Spec& s, const T& value) {
      const Path path(*at, s.name);
      if constexpr (std::is_same_v<T, std::string>) {
        if (c->text(s, value, path, s.required) && s.unique) c->unique(*record, s, value, path);
      } else if constexpr (std::is_same_v<T, int>) {
        if (value < s.lo || value > s.hi)
          c->add("err.out_of_range", path, {std::to_string(value), std::to_string(s.lo), std::to_string(s.hi)});
      } else if constexpr (std::is_same_v<T, Id>) {
        if (s.is_id) c->id(value, path, nested);
        if (s.is_ref) c->ref(s, value, path, s.required);
      } else if constexpr (IsVector<T>::value) {
        using Item = typename IsVector<T>::item;
        for (std::size_t i = 0; i < value.size(); ++i) {
          const Path item(path, i);
          if constexpr (std::is_same_v<Item, std::string>) {
            if (c->text(s, value[i], item, s.required) && s.taxonomy && c->index.tag_definitions(value[i]) == 0)
              c->add("err.unknown_need_tag", item, {value[i]});
          } else if constexpr (std::is_same_v<Item, Id>) {
            if (s.is_ref) c->ref(s, value[i], item, true);
          } else if constexpr (kDescribed<Item>) {
            Fields<Item> inner{c, &item, &value[i], true};
            describe(value[i], inner);
          }
        }
      }
    }
  };

  struct NextIdCheck {
    Checker* c;
    const Path* at;
    template <class T> void operator()(const Spec& s, const T& value) {
      const Path path(*at, s.name);
      if constexpr (std::is_same_v<T, Id>) {
        if (s.is_id && value >= c->doc.next_id)
          c->add("err.id_not_below_next", path, {std::to_string(value), std::to_string(c->doc.next_id)});
      } else if constexpr (IsVector<T>::value) {
        using Item = typename IsVector<T>::item;
        if constexpr (kDescribed<Item>)
          for (std::size_t i = 0; i < value.size(); ++i) {
            const Path item(path, i);
            NextIdCheck inner{c, &item};
            describe(value[i], inner);
          }
      }
    }
  };

  template <class R> void cross_rules(const R& r, const Path& at) {
    if constexpr (std::is_same_v<R, Referral>) {
      if (r.service_id == 0) return;
      const Service* s = find_record<Service>(doc, r.service_id);
      if (s && s->partner_id != r.partner_id)
        add("err.service_not_of_partner", Path(at, "service_id"),
            {std::to_string(r.service_id), std::to_string(r.partner_id)});
    } else if constexpr (std::is_same_v<R, Decline>) {
      if (r.self_check.size() > kSelfCheckQuestions)
        add("err.too_many_answers", Path(at, "self_check"),
            {std::to_string(r.self_check.size()), std::to_string(kSelfCheckQuestions)});
    } else {
      (void)r, (void)at;
    }
  }
};

// Checks one record by reference, wherever it is now (nothing if it is gone).
void check_ref(Checker& checker, const Document& doc, RecordRef r) {
  with_table_type(r.table, [&](auto tag) {
    using R = decltype(tag);
    const std::vector<R>& table = rows<R>(doc);
    std::ptrdiff_t row = index_of(table, r.id);
    if (row >= 0) checker.record(table[static_cast<std::size_t>(row)], static_cast<std::size_t>(row));
  });
}

}  // namespace

std::vector<Error> validate(const Document& doc, const Index& index) {
  Checker checker(doc, index);
  checker.document_rules();
  for_each_table(doc, [&](const auto& table) {
    for (std::size_t i = 0; i < table.size(); ++i) checker.record(table[i], i);
  });
  return std::move(checker.errors);
}

std::vector<Error> validate(const Document& doc) {
  Index index;
  index.rebuild(doc, /*with_search=*/false);
  return validate(doc, index);
}

std::vector<Error> validate_file(const Document& doc) {
  std::vector<Error> errors = validate(doc);
  Index index;  // unused by this rule, which reads only the document
  Checker checker(doc, index);
  checker.ids_below_next();
  errors.insert(errors.end(), checker.errors.begin(), checker.errors.end());
  return errors;
}

std::vector<Error> validate_touched(const Document& doc, const Index& index, const std::vector<RecordRef>& touched,
                                    const std::vector<std::string>& released) {
  std::vector<RecordRef> visit;
  visit.reserve(touched.size() * 2);
  for (RecordRef r : touched) {
    visit.push_back(r);
    for (RecordRef from : index.referrers(r.id)) visit.push_back(from);
    // A key now used twice is reported at the later tag, which may be one not touched.
    if (r.table != Table::need_tags) continue;
    if (const NeedTag* tag = find_record<NeedTag>(doc, r.id); tag && index.tag_definitions(tag->key) > 1)
      for (const NeedTag& t : doc.need_tags)
        if (t.key == tag->key) visit.push_back({Table::need_tags, t.id});
  }
  // A need-tag key that lost its definition: whatever still uses it is now wrong.
  for (const std::string& key : released) {
    if (index.tag_definitions(key) > 0 || index.tag_uses(key) == 0) continue;
    for (const Service& s : doc.services)
      if (std::find(s.need_tags.begin(), s.need_tags.end(), key) != s.need_tags.end()) visit.push_back({Table::services, s.id});
    for (const Case& c : doc.cases)
      if (std::find(c.needs.begin(), c.needs.end(), key) != c.needs.end()) visit.push_back({Table::cases, c.id});
  }
  std::sort(visit.begin(), visit.end(), [](RecordRef a, RecordRef b) {
    return a.table != b.table ? a.table < b.table : a.id < b.id;
  });
  visit.erase(std::unique(visit.begin(), visit.end()), visit.end());
  Checker checker(doc, index);
  checker.document_rules();
  for (RecordRef r : visit) check_ref(checker, doc, r);
  return std::move(checker.errors);
}

}  // namespace kolo
