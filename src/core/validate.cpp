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

class Checker {
 public:
  explicit Checker(const Document& doc) : doc(doc) {}

  std::vector<Error> run() {
    collect_ids();
    for (std::size_t i = 0; i < doc.need_tags.size(); ++i) check(doc.need_tags[i], "/need_tags/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.partners.size(); ++i) check(doc.partners[i], "/partners/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.services.size(); ++i) check(doc.services[i], "/services/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.agreements.size(); ++i)
      check(doc.agreements[i], "/agreements/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.interactions.size(); ++i)
      check(doc.interactions[i], "/interactions/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.events.size(); ++i) check(doc.events[i], "/events/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.cases.size(); ++i) check(doc.cases[i], "/cases/" + std::to_string(i));
    for (std::size_t i = 0; i < doc.referrals.size(); ++i) check(doc.referrals[i], "/referrals/" + std::to_string(i));
    return std::move(errors);
  }

 private:
  const Document& doc;
  std::vector<Error> errors;
  std::unordered_map<Id, std::string> id_paths;  // first place each id was seen
  std::unordered_set<Id> partner_ids, service_ids, case_ids, referral_ids;
  std::unordered_map<Id, Id> service_partner;
  std::unordered_set<std::string> tag_keys;
  std::unordered_set<std::string> seen_keys;  // need-tag keys met so far, for duplicates

  void add(std::string key, std::string path, std::vector<std::string> args = {}) {
    errors.push_back(Error{std::move(key), std::move(path), std::move(args)});
  }

  void id(Id value, const std::string& path) {
    std::string at = path + "/id";
    if (value <= 0) {
      add("err.bad_id", at, {std::to_string(value)});
      return;
    }
    if (value >= doc.next_id) add("err.id_not_below_next", at, {std::to_string(value), std::to_string(doc.next_id)});
    auto [it, fresh] = id_paths.emplace(value, at);
    if (!fresh) add("err.duplicate_id", at, {std::to_string(value), it->second});
  }

  template <class R>
  void collect(const std::vector<R>& table, const char* name, std::unordered_set<Id>* into) {
    for (std::size_t i = 0; i < table.size(); ++i) {
      std::string path = std::string("/") + name + "/" + std::to_string(i);
      id(table[i].id, path);
      if (into) into->insert(table[i].id);
      if constexpr (std::is_same_v<R, Partner>) {
        for (std::size_t c = 0; c < table[i].contacts.size(); ++c)
          id(table[i].contacts[c].id, path + "/contacts/" + std::to_string(c));
      }
    }
  }

  void collect_ids() {
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
  bool text(const std::string& value, const std::string& path, std::size_t limit, bool required = false) {
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
  void name(const std::string& v, const std::string& path, bool required = false) {
    text(v, path, kMaxNameLength, required);
  }
  void long_text(const std::string& v, const std::string& path) { text(v, path, kMaxTextLength); }
  void date(const std::string& v, const std::string& path, bool required = false) {
    if (text(v, path, kMaxNameLength, required) && !is_date(v)) add("err.bad_date", path, {v});
  }
  void datetime(const std::string& v, const std::string& path) {
    if (text(v, path, kMaxNameLength) && !is_datetime(v)) add("err.bad_datetime", path, {v});
  }
  void range(int v, int lo, int hi, const std::string& path) {
    if (v < lo || v > hi) add("err.out_of_range", path, {std::to_string(v), std::to_string(lo), std::to_string(hi)});
  }
  void ref(Id v, const std::unordered_set<Id>& ids, const std::string& path) {
    if (v == 0)
      add("err.required", path);
    else if (!ids.count(v))
      add("err.missing_ref", path, {std::to_string(v)});
  }
  void tags(const std::vector<std::string>& v, const std::string& path, bool taxonomy) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string at = path + "/" + std::to_string(i);
      if (!text(v[i], at, kMaxNameLength, true)) continue;
      if (taxonomy && !tag_keys.count(v[i])) add("err.unknown_need_tag", at, {v[i]});
    }
  }

  void check(const NeedTag& t, const std::string& p) {
    if (text(t.key, p + "/key", kMaxNameLength, true) && !is_slug(t.key)) add("err.bad_slug", p + "/key", {t.key});
    name(t.label_en, p + "/label_en");
    name(t.label_uk, p + "/label_uk");
    name(t.label_ru, p + "/label_ru");
    if (!seen_keys.insert(t.key).second) add("err.duplicate_key", p + "/key", {t.key});
  }

  void check(const Partner& r, const std::string& p) {
    name(r.name, p + "/name", true);
    name(r.area, p + "/area");
    tags(r.tags, p + "/tags", false);
    for (std::size_t i = 0; i < r.contacts.size(); ++i) {
      const ContactPerson& c = r.contacts[i];
      std::string cp = p + "/contacts/" + std::to_string(i);
      name(c.name, cp + "/name");
      name(c.role, cp + "/role");
      name(c.phone, cp + "/phone");
      if (text(c.email, cp + "/email", kMaxNameLength) && !looks_like_email(c.email))
        add("err.bad_email", cp + "/email", {c.email});
      name(c.messenger, cp + "/messenger");
    }
    range(r.trust, 0, kMaxTrust, p + "/trust");
    range(r.follow_up_days, 0, kMaxFollowUpDays, p + "/follow_up_days");
    date(r.next_follow_up, p + "/next_follow_up");
    long_text(r.their_needs, p + "/their_needs");
    long_text(r.notes, p + "/notes");
  }

  void check(const Service& r, const std::string& p) {
    ref(r.partner_id, partner_ids, p + "/partner_id");
    name(r.name, p + "/name", true);
    long_text(r.description, p + "/description");
    tags(r.need_tags, p + "/need_tags", true);
    long_text(r.access_rules, p + "/access_rules");
    long_text(r.schedule, p + "/schedule");
    tags(r.languages, p + "/languages", false);
    name(r.age_groups, p + "/age_groups");
    name(r.cost, p + "/cost");
    range(r.capacity, 0, kMaxCount, p + "/capacity");
    name(r.trusted_specialist, p + "/trusted_specialist");
  }

  void check(const Agreement& r, const std::string& p) {
    ref(r.partner_id, partner_ids, p + "/partner_id");
    date(r.start_date, p + "/start_date");
    date(r.end_date, p + "/end_date");
    long_text(r.terms, p + "/terms");
    long_text(r.handoff_procedure, p + "/handoff_procedure");
    long_text(r.report_forms, p + "/report_forms");
  }

  void check(const Interaction& r, const std::string& p) {
    ref(r.partner_id, partner_ids, p + "/partner_id");
    date(r.date, p + "/date", true);
    name(r.who, p + "/who");
    long_text(r.summary, p + "/summary");
    long_text(r.next_step, p + "/next_step");
  }

  void check(const Event& r, const std::string& p) {
    name(r.title, p + "/title", true);
    datetime(r.starts_at, p + "/starts_at");
    name(r.place_or_link, p + "/place_or_link");
    for (std::size_t i = 0; i < r.partner_ids.size(); ++i)
      ref(r.partner_ids[i], partner_ids, p + "/partner_ids/" + std::to_string(i));
    name(r.audience, p + "/audience");
    range(r.attendance, 0, kMaxCount, p + "/attendance");
    for (std::size_t i = 0; i < r.checklist.size(); ++i)
      name(r.checklist[i].text, p + "/checklist/" + std::to_string(i) + "/text", true);
    range(r.leads, 0, kMaxCount, p + "/leads");
    for (std::size_t i = 0; i < r.referral_ids.size(); ++i)
      ref(r.referral_ids[i], referral_ids, p + "/referral_ids/" + std::to_string(i));
    long_text(r.notes, p + "/notes");
  }

  void check(const Case& r, const std::string& p) {
    name(r.alias, p + "/alias", true);
    tags(r.needs, p + "/needs", true);
    long_text(r.priority_tasks, p + "/priority_tasks");
    date(r.opened, p + "/opened");
    long_text(r.notes, p + "/notes");
  }

  void check(const Referral& r, const std::string& p) {
    ref(r.case_id, case_ids, p + "/case_id");
    ref(r.partner_id, partner_ids, p + "/partner_id");
    if (r.service_id != 0) {
      auto it = service_partner.find(r.service_id);
      if (it == service_partner.end())
        add("err.missing_ref", p + "/service_id", {std::to_string(r.service_id)});
      else if (it->second != r.partner_id)
        add("err.service_not_of_partner", p + "/service_id", {std::to_string(r.service_id), std::to_string(r.partner_id)});
    }
    long_text(r.reason, p + "/reason");
    long_text(r.letter_problem, p + "/letter_problem");
    long_text(r.letter_recommendations, p + "/letter_recommendations");
    date(r.warm_handoff_date, p + "/warm_handoff_date");
    long_text(r.outcome, p + "/outcome");
    for (std::size_t i = 0; i < r.history.size(); ++i)
      date(r.history[i].date, p + "/history/" + std::to_string(i) + "/date", true);
  }
};

}  // namespace

std::vector<Error> validate(const Document& doc) { return Checker(doc).run(); }

}  // namespace kolo
