// Referral flow: the figures behind the Map view's charts, its graph and their tables (see
// flow.hpp).
#include "core/flow.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <utility>

#include "core/decline.hpp"
#include "core/referrals.hpp"

namespace kolo {

namespace {

// The date a referral left draft, as a view of its history ("" when it has not).
std::string_view date_of(const Referral& r) {
  for (const StatusChange& c : r.history)
    if (c.status != ReferralStatus::draft) return c.date;
  return {};
}

// Calls f(referral, partner row, date) for every referral of a partner that still exists whose
// date is in `range` (any date when `range` is null). Every figure below starts here.
template <class F> void for_each_counted(const Document& doc, const DateRange* range, F&& f) {
  for (const Referral& r : doc.referrals) {
    const std::string_view date = date_of(r);
    if (date.empty() || (range && !range->contains(date))) continue;
    const std::ptrdiff_t row = index_of(doc.partners, r.partner_id);
    if (row < 0) continue;
    f(r, static_cast<std::size_t>(row), date);
  }
}

// In and out per partner row.
std::vector<PartnerVolume> volumes(const Document& doc, const DateRange* range) {
  std::vector<PartnerVolume> out(doc.partners.size());
  for_each_counted(doc, range, [&](const Referral& r, std::size_t row, std::string_view) {
    ++(r.direction == Direction::in ? out[row].in : out[row].out);
  });
  return out;
}

// The order partners are listed in when nothing else decides: name as stored, then id.
bool by_name(const Partner& a, const Partner& b) { return a.name != b.name ? a.name < b.name : a.id < b.id; }

// Partners with `count` > 0 in the range, most first, at most `limit`.
std::vector<PartnerFlow> top_by(const Document& doc, const DateRange& range, std::size_t limit,
                                int PartnerFlow::*count) {
  const std::vector<PartnerVolume> v = volumes(doc, &range);
  std::vector<std::pair<PartnerFlow, const Partner*>> found;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const PartnerFlow f{doc.partners[i].id, v[i].in, v[i].out};
    if (f.*count > 0) found.emplace_back(f, &doc.partners[i]);
  }
  const auto most_first = [&](const auto& a, const auto& b) {
    if (a.first.*count != b.first.*count) return a.first.*count > b.first.*count;
    return by_name(*a.second, *b.second);
  };
  if (found.size() > limit) {
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(), most_first);
    found.resize(limit);
  } else {
    std::sort(found.begin(), found.end(), most_first);
  }
  std::vector<PartnerFlow> out;
  out.reserve(found.size());
  for (const auto& f : found) out.push_back(f.first);
  return out;
}

// How far an outgoing referral got on the way to closed: 0 sent, 1 accepted, 2 first
// appointment, 3 in service, 4 closed; -1 for any other status.
int progress(ReferralStatus s) {
  switch (s) {
    case ReferralStatus::sent: return 0;
    case ReferralStatus::accepted: return 1;
    case ReferralStatus::first_appointment: return 2;
    case ReferralStatus::in_service: return 3;
    case ReferralStatus::closed: return 4;
    default: return -1;
  }
}

// The furthest `r` got, by its history and its status now.
int furthest(const Referral& r) {
  int best = progress(r.status);
  for (const StatusChange& c : r.history) best = std::max(best, progress(c.status));
  return best;
}

// Per case row: whether the case has a decline that protects the statistics.
std::vector<bool> protected_cases(const Document& doc) {
  std::vector<bool> out(doc.cases.size(), false);
  for (const Decline& d : doc.declines) {
    const std::ptrdiff_t row = index_of(doc.cases, d.case_id);
    if (row >= 0 && protects_statistics(doc, d)) out[static_cast<std::size_t>(row)] = true;
  }
  return out;
}

// A table cell: tabs and line breaks would split the row, so they become spaces.
void append_cell(std::string* out, std::string_view text) {
  for (char c : text) *out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

void append_row(std::string* out, std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view cell : cells) {
    if (!first) *out += '\t';
    first = false;
    append_cell(out, cell);
  }
  *out += '\n';
}

// A row of a chart: its label (a month, a kind, a partner), then in and out.
void append_counts_row(std::string* out, std::string_view label, int in, int out_count) {
  append_row(out, {label, std::to_string(in), std::to_string(out_count)});
}

std::string counts_header(const char* first_column_key, Lang lang) {
  std::string out;
  append_row(&out, {tr(first_column_key, lang), tr("flow.col.in", lang), tr("flow.col.out", lang)});
  return out;
}

std::string two_digits(int n) {
  std::string out(n < 10 ? "0" : "");  // appended, not "0" + ...: GCC 12 -O3 warns falsely on that (-Wrestrict)
  out += std::to_string(n);
  return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] dates
// ------------------------------------------------------------------------------------------------

std::string referral_date(const Referral& r) { return std::string(date_of(r)); }

DateRange last_months(Date today, int months) {
  const Date first = start_of_month(add_months(today, -(std::max(months, 1) - 1)));
  return DateRange{format_date(first), format_date(today)};
}

DateRange this_year(Date today) { return DateRange{format_date(Date{today.year, 1, 1}), format_date(today)}; }

// ------------------------------------------------------------------------------------------------
// [SECTION] charts
// ------------------------------------------------------------------------------------------------

std::vector<MonthFlow> flow_by_month(const Document& doc, const DateRange& range) {
  const std::optional<Date> from = parse_date(range.from), to = parse_date(range.to);
  if (!from || !to || *to < *from) return {};
  const auto month_number = [](int year, int month) { return year * 12 + (month - 1); };
  const int first = month_number(from->year, from->month);
  std::vector<MonthFlow> out(static_cast<std::size_t>(month_number(to->year, to->month) - first + 1));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int n = first + static_cast<int>(i);
    out[i].year = n / 12;
    out[i].month = n % 12 + 1;
  }
  for_each_counted(doc, &range, [&](const Referral& r, std::size_t, std::string_view date) {
    const std::optional<Date> day = parse_date(date);
    if (!day) return;
    const int i = month_number(day->year, day->month) - first;
    if (i < 0 || i >= static_cast<int>(out.size())) return;
    ++(r.direction == Direction::in ? out[static_cast<std::size_t>(i)].in : out[static_cast<std::size_t>(i)].out);
  });
  return out;
}

std::vector<KindFlow> flow_by_kind(const Document& doc, const DateRange& range) {
  std::vector<KindFlow> out;
  for (PartnerKind k : all_values<PartnerKind>()) out.push_back(KindFlow{k, 0, 0});
  for_each_counted(doc, &range, [&](const Referral& r, std::size_t row, std::string_view) {
    const auto k = static_cast<std::size_t>(doc.partners[row].kind);
    if (k >= out.size()) return;
    ++(r.direction == Direction::in ? out[k].in : out[k].out);
  });
  return out;
}

std::vector<PartnerFlow> top_sources(const Document& doc, const DateRange& range, std::size_t limit) {
  return top_by(doc, range, limit, &PartnerFlow::in);
}

std::vector<PartnerFlow> top_destinations(const Document& doc, const DateRange& range, std::size_t limit) {
  return top_by(doc, range, limit, &PartnerFlow::out);
}

Funnel outcome_funnel(const Document& doc, const DateRange& range) {
  const std::vector<bool> protected_case = protected_cases(doc);
  Funnel f;
  for_each_counted(doc, &range, [&](const Referral& r, std::size_t, std::string_view) {
    if (r.direction != Direction::out) return;
    ++f.sent;
    const int got = furthest(r);
    f.accepted += got >= progress(ReferralStatus::accepted);
    f.first_appointment += got >= progress(ReferralStatus::first_appointment);
    switch (r.status) {
      case ReferralStatus::closed: ++f.closed; break;
      case ReferralStatus::declined: ++f.declined; break;
      case ReferralStatus::no_show: ++f.no_show; break;
      case ReferralStatus::client_refused: ++f.client_refused; break;
      case ReferralStatus::no_capacity: ++f.no_capacity; break;
      case ReferralStatus::not_eligible: ++f.not_eligible; break;
      case ReferralStatus::could_not_contact: ++f.could_not_contact; break;
      case ReferralStatus::re_routed: ++f.re_routed; break;
      case ReferralStatus::draft:  // back in draft after leaving it (a hand-edited file): still under way
      case ReferralStatus::sent:
      case ReferralStatus::accepted:
      case ReferralStatus::first_appointment:
      case ReferralStatus::in_service: ++f.open; break;
    }
    if (!client_ending(r.status)) return;
    const std::ptrdiff_t c = index_of(doc.cases, r.case_id);
    if (c >= 0 && protected_case[static_cast<std::size_t>(c)]) ++f.protected_endings;
    else ++f.lost;
  });
  return f;
}

OneWay one_way_partners(const Document& doc, const DateRange& range) {
  const std::vector<PartnerVolume> v = volumes(doc, &range);
  std::vector<const Partner*> send, receive;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].in > 0 && v[i].out == 0) send.push_back(&doc.partners[i]);
    if (v[i].out > 0 && v[i].in == 0) receive.push_back(&doc.partners[i]);
  }
  const auto ids_by_name = [](std::vector<const Partner*> partners) {
    std::sort(partners.begin(), partners.end(), [](const Partner* a, const Partner* b) { return by_name(*a, *b); });
    std::vector<Id> ids;
    ids.reserve(partners.size());
    for (const Partner* p : partners) ids.push_back(p->id);
    return ids;
  };
  return OneWay{ids_by_name(std::move(send)), ids_by_name(std::move(receive))};
}

std::vector<Waiting> waiting_partners(const Document& doc, Date today) {
  std::vector<Waiting> out;
  std::map<Id, std::size_t> at;  // partner -> its entry in out
  for (const Silence& s : referrals_without_news(doc, today)) {
    const Referral& r = doc.referrals[s.referral];
    if (r.direction != Direction::out) continue;
    const auto [it, added] = at.try_emplace(r.partner_id, out.size());
    if (added) {
      out.push_back({r.partner_id, 1, s.business_days});
    } else {
      Waiting& w = out[it->second];
      ++w.referrals;
      w.longest_days = std::max(w.longest_days, s.business_days);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Waiting& a, const Waiting& b) { return a.longest_days > b.longest_days; });
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] the map's graph
// ------------------------------------------------------------------------------------------------

std::vector<PartnerVolume> partner_volumes(const Document& doc) { return volumes(doc, nullptr); }

std::vector<CoHosting> co_hosting_pairs(const Document& doc) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<std::pair<std::size_t, std::size_t>> seen;  // (row, position in role order)
  std::vector<std::size_t> rows;
  for (const Event& e : doc.events) {
    // The event's distinct partners that still exist, in role order (hosts first), at most
    // kMaxCoHostingPartners of them.
    seen.clear();
    std::size_t position = 0;
    for (const std::vector<Id>* list : role_lists(e))
      for (Id id : *list)
        if (const std::ptrdiff_t row = index_of(doc.partners, id); row >= 0)
          seen.emplace_back(static_cast<std::size_t>(row), position++);
    std::sort(seen.begin(), seen.end());  // by row, each row's first position first
    seen.erase(std::unique(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
               seen.end());
    if (seen.size() > kMaxCoHostingPartners) {
      std::sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      seen.resize(kMaxCoHostingPartners);
      std::sort(seen.begin(), seen.end());
    }
    rows.clear();
    for (const auto& s : seen) rows.push_back(s.first);
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (std::size_t j = i + 1; j < rows.size(); ++j) pairs.emplace_back(rows[i], rows[j]);
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<CoHosting> out;
  for (const auto& [a, b] : pairs) {
    if (!out.empty() && out.back().a == a && out.back().b == b) ++out.back().events;
    else out.push_back(CoHosting{a, b, 1});
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] tables
// ------------------------------------------------------------------------------------------------

std::string months_table(const std::vector<MonthFlow>& rows, Lang lang) {
  std::string out = counts_header("flow.col.month", lang);
  for (const MonthFlow& m : rows)
    append_counts_row(&out, std::to_string(m.year) + "-" + two_digits(m.month), m.in, m.out);
  return out;
}

std::string kinds_table(const std::vector<KindFlow>& rows, Lang lang) {
  std::string out = counts_header("flow.col.kind", lang);
  for (const KindFlow& k : rows) append_counts_row(&out, tr(label_key(k.kind), lang), k.in, k.out);
  return out;
}

std::string partners_table(const Document& doc, const std::vector<PartnerFlow>& rows, Lang lang) {
  std::string out = counts_header("flow.col.partner", lang);
  for (const PartnerFlow& f : rows)
    if (const Partner* p = find_record<Partner>(doc, f.partner)) append_counts_row(&out, p->name, f.in, f.out);
  return out;
}

std::string funnel_table(const Funnel& f, Lang lang) {
  std::string out;
  append_row(&out, {tr("flow.col.stage", lang), tr("flow.col.referrals", lang)});
  const auto row = [&](const std::string& key, int n) { append_row(&out, {tr(key, lang), std::to_string(n)}); };
  row(label_key(ReferralStatus::sent), f.sent);
  row(label_key(ReferralStatus::accepted), f.accepted);
  row(label_key(ReferralStatus::first_appointment), f.first_appointment);
  row(label_key(ReferralStatus::closed), f.closed);
  row(label_key(ReferralStatus::declined), f.declined);
  row(label_key(ReferralStatus::no_show), f.no_show);
  row(label_key(ReferralStatus::client_refused), f.client_refused);
  row(label_key(ReferralStatus::no_capacity), f.no_capacity);
  row(label_key(ReferralStatus::not_eligible), f.not_eligible);
  row(label_key(ReferralStatus::could_not_contact), f.could_not_contact);
  row(label_key(ReferralStatus::re_routed), f.re_routed);
  row("flow.funnel.open", f.open);
  row("flow.funnel.protected", f.protected_endings);
  row("flow.funnel.lost", f.lost);
  return out;
}

std::string waiting_table(const Document& doc, const std::vector<Waiting>& rows, Lang lang) {
  std::string out;
  append_row(&out, {tr("flow.col.partner", lang), tr("flow.col.referrals", lang), tr("flow.col.days", lang)});
  for (const Waiting& w : rows)
    if (const Partner* p = find_record<Partner>(doc, w.partner))
      append_row(&out, {p->name, std::to_string(w.referrals), std::to_string(w.longest_days)});
  return out;
}

std::string one_way_table(const Document& doc, const OneWay& w, Lang lang) {
  std::string out;
  append_row(&out, {tr("flow.col.partner", lang), tr("flow.col.one_way", lang)});
  const auto rows = [&](const std::vector<Id>& ids, const char* key) {
    for (Id id : ids)
      if (const Partner* p = find_record<Partner>(doc, id)) append_row(&out, {p->name, tr(key, lang)});
  };
  rows(w.send_only, "flow.one_way.send_only");
  rows(w.receive_only, "flow.one_way.receive_only");
  return out;
}

}  // namespace kolo
