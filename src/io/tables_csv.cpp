#include "io/tables_csv.hpp"

#include <array>
#include <unordered_map>

#include "core/flow.hpp"
#include "io/csv.hpp"

namespace kolo {

namespace {

using Row = std::vector<std::string>;

struct Writer {
  const Document& doc;
  Lang lang;
  std::string out = std::string(kUtf8Bom);
  std::unordered_map<Id, const Partner*> partners;

  Writer(const Document& d, Lang l) : doc(d), lang(l) {
    for (const Partner& p : doc.partners) partners[p.id] = &p;
  }
  void row(const Row& r) { append_csv_row(out, r); }
  std::string t(const char* key) const { return tr(key, lang); }
  template <KoloEnum E> std::string label(E v) const { return tr(label_key(v), lang); }
  static std::string num(long long v) { return std::to_string(v); }
  static std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const std::string& i : items) s += (s.empty() ? "" : "; ") + i;
    return s;
  }
  std::string partner_name(Id id) const {
    auto it = partners.find(id);
    return it == partners.end() ? std::string() : it->second->name;
  }
  std::string partner_names(const std::vector<Id>& ids) const {
    std::vector<std::string> names;
    for (Id id : ids)
      if (std::string n = partner_name(id); !n.empty()) names.push_back(n);
    return joined(names);
  }
  std::string need_labels(const std::vector<std::string>& keys) const {
    std::vector<std::string> labels;
    for (const std::string& key : keys) labels.push_back(need_label(doc, key, lang));
    return joined(labels);
  }

  void partners_table() {
    row({t("field.id"), t("field.name"), t("field.kind"), t("field.stage"), t("field.area"), t("field.tags"),
         t("field.trust"), t("field.phone"), t("field.email"), t("field.contacts"), t("field.address"),
         t("field.website"), t("field.next_follow_up"), t("field.their_needs"), t("field.notes")});
    for (const Partner& p : doc.partners) {
      // The phone and e-mail of one person (the first with either), so that a spreadsheet
      // read back (io/partners_csv.hpp) finds that person again.
      std::string phone, email;
      std::vector<std::string> people;
      for (const ContactPerson& c : p.contacts) {
        if (phone.empty() && email.empty()) {
          phone = c.phone;
          email = c.email;
        }
        std::string person = c.name;
        if (!c.role.empty()) person += " (" + c.role + ")";
        for (const std::string* v : {&c.phone, &c.email, &c.messenger})
          if (!v->empty()) person += (person.empty() ? "" : ", ") + *v;
        people.push_back(person);
      }
      row({num(p.id), p.name, label(p.kind), label(p.stage), p.area, joined(p.tags), num(p.trust), phone, email,
           joined(people), p.address, p.website, p.next_follow_up, p.their_needs, p.notes});
    }
  }

  void services_table() {
    row({t("field.id"), t("field.partner_id"), t("field.kind"), t("field.name"), t("field.description"),
         t("field.need_tags"), t("field.format"), t("field.languages"), t("field.age_groups"), t("field.cost"),
         t("field.capacity"), t("field.schedule"), t("field.access_rules"), t("field.trusted_specialist")});
    for (const Service& s : doc.services) {
      auto it = partners.find(s.partner_id);
      row({num(s.id), partner_name(s.partner_id), it == partners.end() ? std::string() : label(it->second->kind),
           s.name, s.description, need_labels(s.need_tags), label(s.format), joined(s.languages), s.age_groups,
           s.cost, s.capacity ? num(s.capacity) : "", s.schedule, s.access_rules, s.trusted_specialist});
    }
  }

  void events_table() {
    row({t("field.id"), t("field.title"), t("field.kind"), t("field.status"), t("field.starts_at"),
         t("csv.duration_minutes"), t("csv.time_zone"), t("field.place_or_link"), t("field.audience"),
         t("event_role.host"), t("event_role.co_host"), t("event_role.venue"), t("event_role.audience"),
         t("csv.expected_attendance"), t("field.attendance"), t("csv.contacts_met"), t("field.leads"),
         t("csv.referrals_attributed"), t("csv.prep_minutes"), t("field.notes")});
    for (const Event& e : doc.events) {
      std::string starts = e.starts_at;
      if (starts.size() > 10 && starts[10] == 'T') starts[10] = ' ';  // spreadsheets read "2026-11-25 18:00"
      row({num(e.id), e.title, label(e.kind), label(e.status), starts, num(e.duration_minutes), e.time_zone,
           e.place_or_link, e.audience, partner_names(e.host_ids), partner_names(e.co_host_ids),
           partner_names(e.venue_ids), partner_names(e.audience_ids), num(e.expected_attendance), num(e.attendance),
           num(e.contacts_met), num(e.leads), num(static_cast<long long>(e.referral_ids.size())), num(e.prep_minutes),
           e.notes});
    }
  }

  // Per partner with any referral out of draft: how many came in, went out, and how the
  // outgoing ones stand now.
  void referral_stats_table() {
    row({t("field.id"), t("field.partner_id"), t("field.kind"), t("csv.referrals_in"), t("csv.referrals_out"),
         t("csv.out_open"), t("csv.out_closed"), t("csv.out_not_taken"), t("csv.out_client_side"),
         t("csv.out_re_routed"), t("csv.last_referral")});
    struct Stats {
      int in = 0, out = 0, open = 0, closed = 0, not_taken = 0, client_side = 0, re_routed = 0;
      std::string last;
    };
    std::unordered_map<Id, Stats> by_partner;
    for (const Referral& r : doc.referrals) {
      const std::string day = referral_date(r);
      if (day.empty()) continue;  // a draft never left
      Stats& s = by_partner[r.partner_id];
      if (day > s.last) s.last = day;
      if (r.direction == Direction::in) {
        ++s.in;
        continue;
      }
      ++s.out;
      switch (r.status) {
        case ReferralStatus::closed: ++s.closed; break;
        case ReferralStatus::declined: case ReferralStatus::no_capacity: case ReferralStatus::not_eligible:
          ++s.not_taken; break;
        case ReferralStatus::no_show: case ReferralStatus::client_refused: case ReferralStatus::could_not_contact:
          ++s.client_side; break;
        case ReferralStatus::re_routed: ++s.re_routed; break;
        default: ++s.open; break;
      }
    }
    for (const Partner& p : doc.partners) {
      auto it = by_partner.find(p.id);
      if (it == by_partner.end()) continue;
      const Stats& s = it->second;
      row({num(p.id), p.name, label(p.kind), num(s.in), num(s.out), num(s.open), num(s.closed), num(s.not_taken),
           num(s.client_side), num(s.re_routed), s.last});
    }
  }
};

}  // namespace

std::string export_csv(const Document& doc, CsvExport what, Lang lang) {
  Writer w(doc, lang);
  switch (what) {
    case CsvExport::partners: w.partners_table(); break;
    case CsvExport::services: w.services_table(); break;
    case CsvExport::events: w.events_table(); break;
    case CsvExport::referral_stats: w.referral_stats_table(); break;
  }
  return std::move(w.out);
}

std::string csv_file_name(CsvExport what, std::string_view today) {
  static constexpr std::array<const char*, 4> names = {"partners", "services", "events", "referral-stats"};
  return "kolo-" + std::string(names[static_cast<std::size_t>(what)]) + "-" + std::string(today) + ".csv";
}

}  // namespace kolo
