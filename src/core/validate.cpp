// Document validation (see validate.hpp). One pass collects the ids of every table, a second
// checks each record's fields and references; paths are built only when a rule is broken.
#include "core/validate.hpp"

#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"

namespace kolo {

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
      out += key_;
    } else {
      out += '/';
      out += std::to_string(index_);
    }
    return out;
  }

 private:
  const Path* parent_ = nullptr;
  const char* key_ = nullptr;  // "/name"; null for an array index
  std::size_t index_ = 0;
};

class Checker {
 public:
  explicit Checker(const Document& doc) : doc(doc) {}

  std::vector<Error> run() {
    collect_ids();
    {
      const Path table("/need_tags");
      for (std::size_t i = 0; i < doc.need_tags.size(); ++i) check(doc.need_tags[i], Path(table, i));
    }
    {
      const Path table("/partners");
      for (std::size_t i = 0; i < doc.partners.size(); ++i) check(doc.partners[i], Path(table, i));
    }
    {
      const Path table("/services");
      for (std::size_t i = 0; i < doc.services.size(); ++i) check(doc.services[i], Path(table, i));
    }
    {
      const Path table("/agreements");
      for (std::size_t i = 0; i < doc.agreements.size(); ++i) check(doc.agreements[i], Path(table, i));
    }
    {
      const Path table("/interactions");
      for (std::size_t i = 0; i < doc.interactions.size(); ++i) check(doc.interactions[i], Path(table, i));
    }
    {
      const Path table("/events");
      for (std::size_t i = 0; i < doc.events.size(); ++i) check(doc.events[i], Path(table, i));
    }
    {
      const Path table("/cases");
      for (std::size_t i = 0; i < doc.cases.size(); ++i) check(doc.cases[i], Path(table, i));
    }
    {
      const Path table("/referrals");
      for (std::size_t i = 0; i < doc.referrals.size(); ++i) check(doc.referrals[i], Path(table, i));
    }
    return std::move(errors);
  }

 private:
  const Document& doc;
  std::vector<Error> errors;
  // Where each id was first seen, as (table, row, contact or -1): the path string is built
  // only when a duplicate is found.
  struct Place {
    const char* table;
    std::size_t row;
    std::ptrdiff_t contact;
  };
  std::unordered_map<Id, Place> id_places;

  static std::string place_path(const Place& p) {
    std::string out = "/";
    out += p.table;
    out += '/';
    out += std::to_string(p.row);
    if (p.contact >= 0) {
      out += "/contacts/";
      out += std::to_string(p.contact);
    }
    out += "/id";
    return out;
  }
  std::unordered_set<Id> partner_ids, service_ids, case_ids, referral_ids;
  std::unordered_map<Id, Id> service_partner;
  std::unordered_set<std::string> tag_keys;
  std::unordered_set<std::string> seen_keys;  // need-tag keys met so far, for duplicates

  void add(std::string key, std::string path, std::vector<std::string> args = {}) {
    errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
  }
  void add(std::string key, const Path& path, std::vector<std::string> args = {}) {
    add(std::move(key), path.str(), std::move(args));
  }

  void id(Id value, const Place& place) {
    if (value <= 0) {
      add("err.bad_id", place_path(place), {std::to_string(value)});
      return;
    }
    if (value >= doc.next_id)
      add("err.id_not_below_next", place_path(place), {std::to_string(value), std::to_string(doc.next_id)});
    auto [it, fresh] = id_places.emplace(value, place);
    if (!fresh) add("err.duplicate_id", place_path(place), {std::to_string(value), place_path(it->second)});
  }

  template <class R>
  void collect(const std::vector<R>& table, const char* name, std::unordered_set<Id>* into) {
    if (into) into->reserve(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
      id(table[i].id, Place{name, i, -1});
      if (into) into->insert(table[i].id);
      if constexpr (std::is_same_v<R, Partner>) {
        for (std::size_t c = 0; c < table[i].contacts.size(); ++c)
          id(table[i].contacts[c].id, Place{name, i, static_cast<std::ptrdiff_t>(c)});
      }
    }
  }

  void collect_ids() {
    id_places.reserve(doc.partners.size() * 4 + doc.services.size() + doc.referrals.size() + 64);
    if (doc.next_id < 1) add("err.bad_id", "/next_id", {std::to_string(doc.next_id)});
    collect(doc.need_tags, "need_tags", nullptr);
    collect(doc.partners, "partners", &partner_ids);
    collect(doc.services, "services", &service_ids);
    collect(doc.agreements, "agreements", nullptr);
    collect(doc.interactions, "interactions", nullptr);
    collect(doc.events, "events", nullptr);
    collect(doc.cases, "cases", &case_ids);
    collect(doc.referrals, "referrals", &referral_ids);
    for (const Service& s : doc.services) service_partner.emplace(s.id, s.partner_id);
    for (const NeedTag& t : doc.need_tags) tag_keys.insert(t.key);
  }

  // A string field: valid UTF-8, within `limit` code points, non-empty when `required`.
  // Returns whether the text is usable for further checks (dates, e-mail).
  bool text(const std::string& value, const Path& path, std::size_t limit, bool required = false) {
    if (!is_valid_utf8(value)) {
      add("err.bad_utf8", path);
      return false;
    }
    std::size_t n = utf8_length(value);
    if (n > limit) {
      add("err.too_long", path, {std::to_string(n), std::to_string(limit)});
      return false;
    }
    bool blank = value.find_first_not_of(" \t\r\n") == std::string::npos;
    if (required && blank) {
      add("err.required", path);
      return false;
    }
    return !value.empty();
  }
  void name(const std::string& v, const Path& path, bool required = false) {
    text(v, path, kMaxNameLength, required);
  }
  void long_text(const std::string& v, const Path& path) { text(v, path, kMaxTextLength); }
  void date(const std::string& v, const Path& path, bool required = false) {
    if (text(v, path, kMaxNameLength, required) && !is_date(v)) add("err.bad_date", path, {v});
  }
  void datetime(const std::string& v, const Path& path) {
    if (text(v, path, kMaxNameLength) && !is_datetime(v)) add("err.bad_datetime", path, {v});
  }
  void range(int v, int lo, int hi, const Path& path) {
    if (v < lo || v > hi) add("err.out_of_range", path, {std::to_string(v), std::to_string(lo), std::to_string(hi)});
  }
  void ref(Id v, const std::unordered_set<Id>& ids, const Path& path) {
    if (v == 0)
      add("err.required", path);
    else if (!ids.count(v))
      add("err.missing_ref", path, {std::to_string(v)});
  }
  void tags(const std::vector<std::string>& v, const Path& path, bool taxonomy) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Path at(path, i);
      if (!text(v[i], at, kMaxNameLength, true)) continue;
      if (taxonomy && !tag_keys.count(v[i])) add("err.unknown_need_tag", at, {v[i]});
    }
  }

  void check(const NeedTag& t, const Path& p) {
    if (text(t.key, Path(p, "/key"), kMaxNameLength, true) && !is_slug(t.key)) add("err.bad_slug", Path(p, "/key"), {t.key});
    name(t.label_en, Path(p, "/label_en"));
    name(t.label_uk, Path(p, "/label_uk"));
    name(t.label_ru, Path(p, "/label_ru"));
    if (!seen_keys.insert(t.key).second) add("err.duplicate_key", Path(p, "/key"), {t.key});
  }

  void check(const Partner& r, const Path& p) {
    name(r.name, Path(p, "/name"), true);
    name(r.area, Path(p, "/area"));
    tags(r.tags, Path(p, "/tags"), false);
    for (std::size_t i = 0; i < r.contacts.size(); ++i) {
      const ContactPerson& c = r.contacts[i];
      const Path contacts(p, "/contacts");
      const Path cp(contacts, i);
      name(c.name, Path(cp, "/name"));
      name(c.role, Path(cp, "/role"));
      name(c.phone, Path(cp, "/phone"));
      if (text(c.email, Path(cp, "/email"), kMaxNameLength) && !looks_like_email(c.email))
        add("err.bad_email", Path(cp, "/email"), {c.email});
      name(c.messenger, Path(cp, "/messenger"));
    }
    range(r.trust, 0, kMaxTrust, Path(p, "/trust"));
    range(r.follow_up_days, 0, kMaxFollowUpDays, Path(p, "/follow_up_days"));
    date(r.next_follow_up, Path(p, "/next_follow_up"));
    long_text(r.their_needs, Path(p, "/their_needs"));
    long_text(r.notes, Path(p, "/notes"));
  }

  void check(const Service& r, const Path& p) {
    ref(r.partner_id, partner_ids, Path(p, "/partner_id"));
    name(r.name, Path(p, "/name"), true);
    long_text(r.description, Path(p, "/description"));
    tags(r.need_tags, Path(p, "/need_tags"), true);
    long_text(r.access_rules, Path(p, "/access_rules"));
    long_text(r.schedule, Path(p, "/schedule"));
    tags(r.languages, Path(p, "/languages"), false);
    name(r.age_groups, Path(p, "/age_groups"));
    name(r.cost, Path(p, "/cost"));
    range(r.capacity, 0, kMaxCount, Path(p, "/capacity"));
    name(r.trusted_specialist, Path(p, "/trusted_specialist"));
  }

  void check(const Agreement& r, const Path& p) {
    ref(r.partner_id, partner_ids, Path(p, "/partner_id"));
    date(r.start_date, Path(p, "/start_date"));
    date(r.end_date, Path(p, "/end_date"));
    long_text(r.terms, Path(p, "/terms"));
    long_text(r.handoff_procedure, Path(p, "/handoff_procedure"));
    long_text(r.report_forms, Path(p, "/report_forms"));
  }

  void check(const Interaction& r, const Path& p) {
    ref(r.partner_id, partner_ids, Path(p, "/partner_id"));
    date(r.date, Path(p, "/date"), true);
    name(r.who, Path(p, "/who"));
    long_text(r.summary, Path(p, "/summary"));
    long_text(r.next_step, Path(p, "/next_step"));
  }

  void check(const Event& r, const Path& p) {
    name(r.title, Path(p, "/title"), true);
    datetime(r.starts_at, Path(p, "/starts_at"));
    name(r.place_or_link, Path(p, "/place_or_link"));
    for (std::size_t i = 0; i < r.partner_ids.size(); ++i)
      ref(r.partner_ids[i], partner_ids, Path(Path(p, "/partner_ids"), i));
    name(r.audience, Path(p, "/audience"));
    range(r.attendance, 0, kMaxCount, Path(p, "/attendance"));
    for (std::size_t i = 0; i < r.checklist.size(); ++i)
      name(r.checklist[i].text, Path(Path(Path(p, "/checklist"), i), "/text"), true);
    range(r.leads, 0, kMaxCount, Path(p, "/leads"));
    for (std::size_t i = 0; i < r.referral_ids.size(); ++i)
      ref(r.referral_ids[i], referral_ids, Path(Path(p, "/referral_ids"), i));
    long_text(r.notes, Path(p, "/notes"));
  }

  void check(const Case& r, const Path& p) {
    name(r.alias, Path(p, "/alias"), true);
    tags(r.needs, Path(p, "/needs"), true);
    long_text(r.priority_tasks, Path(p, "/priority_tasks"));
    date(r.opened, Path(p, "/opened"));
    long_text(r.notes, Path(p, "/notes"));
  }

  void check(const Referral& r, const Path& p) {
    ref(r.case_id, case_ids, Path(p, "/case_id"));
    ref(r.partner_id, partner_ids, Path(p, "/partner_id"));
    if (r.service_id != 0) {
      auto it = service_partner.find(r.service_id);
      if (it == service_partner.end())
        add("err.missing_ref", Path(p, "/service_id"), {std::to_string(r.service_id)});
      else if (it->second != r.partner_id)
        add("err.service_not_of_partner", Path(p, "/service_id"), {std::to_string(r.service_id), std::to_string(r.partner_id)});
    }
    long_text(r.reason, Path(p, "/reason"));
    long_text(r.letter_problem, Path(p, "/letter_problem"));
    long_text(r.letter_recommendations, Path(p, "/letter_recommendations"));
    date(r.warm_handoff_date, Path(p, "/warm_handoff_date"));
    long_text(r.outcome, Path(p, "/outcome"));
    for (std::size_t i = 0; i < r.history.size(); ++i)
      date(r.history[i].date, Path(Path(Path(p, "/history"), i), "/date"), true);
  }
};

}  // namespace

std::vector<Error> validate(const Document& doc) { return Checker(doc).run(); }

}  // namespace kolo
