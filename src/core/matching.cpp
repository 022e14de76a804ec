// Matching a case's needs to partner services (see matching.hpp).
//
// match_services works in passes over the tables, each O(n), then one loop over the services
// that allocates nothing but the result: the case's needs are mapped to bit indices once; each
// partner's facts (excluded, current agreement signed, earlier referrals) and each service's
// open referrals are counted before the loop; the area is compared once per partner, when its
// first service covers a need. Words are made only by explain_match, on demand.
//
// Index: [SECTION] small rules  [SECTION] ages and costs  [SECTION] ranking
//        [SECTION] combinations  [SECTION] explanations
#include "core/matching.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

#include "core/referrals.hpp"
#include "core/text.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] small rules
// ------------------------------------------------------------------------------------------------

namespace {

// How much each fact moves a service, among those covering as many needs. A mismatch weighs
// more than a match: one that fails the client (wrong format, language, age, a cost they cannot
// pay) should sink below one that says nothing either way.
constexpr int kFormatFits = 4, kFormatWrong = -8;
constexpr int kLanguageFits = 4, kLanguageMissing = -8;
constexpr int kAgeFits = 3, kAgeOutside = -8;
constexpr int kSameArea = 2;
constexpr int kFree = 3, kNotFree = -6;
constexpr int kHasRoom = 2, kFull = -5;
constexpr int kAgreementSigned = 3;
// Earlier referrals: one point per referral that closed well, minus one per other ending, at
// most this many either way (4 of 5 closed well: +3; 1 of 1: +1; 0 of 2: -2).
constexpr int kHistoryCap = 3;

// An earlier referral's ending as the partner's record: closed well, or the partner did not
// take the client (declined, no capacity, not eligible). The client's own endings (refused, did
// not come, could not be reached) and a re-route say nothing about the partner.
bool partners_ending(ReferralStatus s) {
  return s == ReferralStatus::closed || s == ReferralStatus::declined || s == ReferralStatus::no_capacity ||
         s == ReferralStatus::not_eligible;
}

// The ending that says the partner will not take this client (the issue: "a partner that
// declined this case is not offered again"). No capacity or not eligible may change, or apply
// to one service only: those partners are still offered, the earlier ending counting in fit.
bool turned_away(ReferralStatus s) { return s == ReferralStatus::declined; }

bool same_ascii_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// Rows of a table by id, for the passes that look up thousands of ids: a flat array over the
// table's id range when that is not much larger than the table (the usual case: one id space,
// given in order), else a binary search over a compact copy of the ids. Either is several
// times faster than index_of's search over whole records, which misses the cache at each step.
class IdRows {
 public:
  template <class R> explicit IdRows(const std::vector<R>& table) {
    if (table.empty()) return;
    Id hi = lo_ = table.front().id;
    for (const R& r : table) lo_ = std::min(lo_, r.id), hi = std::max(hi, r.id);
    const Id span = hi - lo_ + 1;
    if (span > 0 && span <= static_cast<Id>(table.size()) * 16 + 65536) {
      flat_.assign(static_cast<std::size_t>(span), -1);
      for (std::size_t i = 0; i < table.size(); ++i) {
        const Id off = table[i].id - lo_;
        if (off >= 0 && off < span) flat_[static_cast<std::size_t>(off)] = static_cast<std::int32_t>(i);
      }
    } else {
      ids_.reserve(table.size());  // sorted by id, as index_of relies on
      for (const R& r : table) ids_.push_back(r.id);
    }
  }
  // The row of `id`, or -1.
  std::ptrdiff_t operator()(Id id) const {
    if (!flat_.empty()) {
      const Id off = id - lo_;
      return off >= 0 && off < static_cast<Id>(flat_.size()) ? flat_[static_cast<std::size_t>(off)] : -1;
    }
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    return it != ids_.end() && *it == id ? it - ids_.begin() : -1;
  }

 private:
  Id lo_ = 0;
  std::vector<std::int32_t> flat_;
  std::vector<Id> ids_;
};

// The case's distinct needs, in its order (blank ones left out).
std::vector<std::string_view> distinct_needs(const Case& c) {
  std::vector<std::string_view> out;
  for (const std::string& n : c.needs)
    if (!is_blank(n) && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

// Which of `needs` the tags cover: bit j of *low for needs[j], j < 64; returns how many.
int coverage(const std::vector<std::string>& tags, const std::vector<std::string_view>& needs, std::uint64_t* low) {
  std::uint64_t bits = 0;
  int high = 0;  // needs past the 64th (a tag listed twice counts once)
  for (std::size_t k = 0; k < tags.size(); ++k) {
    const std::string& tag = tags[k];
    for (std::size_t j = 0; j < needs.size(); ++j) {
      if (tag != needs[j]) continue;
      if (j < 64) bits |= std::uint64_t{1} << j;
      else if (std::find(tags.begin(), tags.begin() + static_cast<std::ptrdiff_t>(k), tag) == tags.begin() + static_cast<std::ptrdiff_t>(k))
        ++high;
      break;
    }
  }
  *low = bits;
  return std::popcount(bits) + high;
}

// The indices into `needs` that `tags` cover.
std::vector<std::size_t> covered_needs(const std::vector<std::string>& tags, const std::vector<std::string_view>& needs) {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < needs.size(); ++j)
    if (std::find(tags.begin(), tags.end(), needs[j]) != tags.end()) out.push_back(j);
  return out;
}

}  // namespace

namespace {

// Whether `r` is a referral of case `c` that the partner turned away.
bool turns_away(const Referral& r, const Case& c) {
  return c.id != 0 && r.case_id == c.id && r.direction == Direction::out && turned_away(r.status) && r.partner_id != 0;
}

void sort_unique(std::vector<Id>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

std::vector<Id> declined(const Case& c) {
  std::vector<Id> out;
  for (Id id : c.declined_by)
    if (id != 0) out.push_back(id);
  return out;
}

}  // namespace

std::vector<Id> excluded_partners(const Document& doc, const Case& c) {
  std::vector<Id> out = declined(c);
  for (const Referral& r : doc.referrals)
    if (turns_away(r, c)) out.push_back(r.partner_id);
  sort_unique(out);
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] ages and costs
// ------------------------------------------------------------------------------------------------

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number at t[*i] (digits; capped, so "99999" stays an int), moving *i past it.
int read_number(std::string_view t, std::size_t* i) {
  int v = 0;
  for (; *i < t.size() && is_digit(t[*i]); ++*i) v = std::min(v * 10 + (t[*i] - '0'), 999);
  return v;
}

// The length of a dash at t[i] ("-", "–", "—", "−"), or 0.
std::size_t dash_at(std::string_view t, std::size_t i) {
  if (t.substr(i, 1) == "-") return 1;
  for (std::string_view d : {"–", "—", "−"})
    if (t.substr(i, d.size()) == d) return d.size();
  return 0;
}

void skip_spaces(std::string_view t, std::size_t* i) {
  while (*i < t.size() && (t[*i] == ' ' || t[*i] == '\t')) ++*i;
}

// The age groups a service lists ("12-17, 18+"): whether `lo..hi` overlaps one of them; nullopt
// when that cannot be told (nothing listed, or a group with no numbers, such as "дорослі").
std::optional<bool> ages_overlap(std::string_view groups, int lo, int hi) {
  bool any = false, unknown = false;
  while (!groups.empty()) {
    const std::size_t cut = groups.find_first_of(",;/");
    const std::string_view piece = groups.substr(0, cut);
    groups = cut == std::string_view::npos ? std::string_view() : groups.substr(cut + 1);
    if (is_blank(piece)) continue;
    int a, b;
    if (!parse_age_range(piece, &a, &b)) unknown = true;
    else if (a <= hi && lo <= b) return true;
    else any = true;
  }
  if (unknown || !any) return std::nullopt;
  return false;
}

}  // namespace

bool parse_age_range(std::string_view text, int* lo, int* hi) {
  std::size_t i = 0;
  while (i < text.size() && !is_digit(text[i])) ++i;
  if (i == text.size()) return false;
  int a = read_number(text, &i), b = a;
  skip_spaces(text, &i);
  if (i < text.size() && text[i] == '+') {
    b = kOpenAgeLimit;
  } else if (const std::size_t dash = dash_at(text, i); dash > 0) {
    i += dash;
    skip_spaces(text, &i);
    if (i < text.size() && is_digit(text[i])) b = read_number(text, &i);
  }
  if (a > b) std::swap(a, b);
  *lo = a;
  *hi = b;
  return true;
}

bool is_free_cost(std::string_view cost) {
  std::size_t i = 0;
  skip_spaces(cost, &i);
  if (i == cost.size()) return false;
  // Most costs are ruled out by their first byte, before any folding: another ASCII letter or
  // sign than a digit, f or g; or a Cyrillic letter from р on (UTF-8 lead bytes D1..D4).
  const char first = cost[i];
  const unsigned char b = static_cast<unsigned char>(first);
  const bool may = b >= 0x80 ? !(b >= 0xD1 && b <= 0xD4) : b <= ' ' || is_digit(first) || (b | 0x20) == 'f' || (b | 0x20) == 'g';
  if (!may) return false;
  // Words that say free, as a cost starts: "Безкоштовно", "бесплатно для ВПО", "Free".
  static constexpr std::string_view kFreeWords[] = {"free", "gratis", "безкоштовн", "безоплатн", "безплатн", "бесплатн"};
  for (std::string_view w : kFreeWords)
    if (fold_starts_with(cost, w)) return true;
  // A zero amount: "0", "0 грн", "0,00 ₴"; not "0-500 грн".
  if (!is_digit(first)) return false;
  for (; i < cost.size() && (is_digit(cost[i]) || cost[i] == '.' || cost[i] == ','); ++i)
    if (is_digit(cost[i]) && cost[i] != '0') return false;
  return std::none_of(cost.begin() + static_cast<std::ptrdiff_t>(i), cost.end(), is_digit);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] ranking
// ------------------------------------------------------------------------------------------------

namespace {

// What is known of a partner before the services are looked at.
struct PartnerFacts {
  bool excluded = false;
  std::int8_t same_area = -1;  // -1: not compared yet
  Id agreement = 0;            // the current agreement (latest start date, then highest id)
  const std::string* agreement_start = nullptr;
  bool signed_ = false;
  int well = 0, ended = 0;  // earlier referrals out to it: closed well / ended at all
  int name_key = -1;        // where its place in the alphabet is kept by sort_ranked (-1: not yet)
};

// What fits the client, read once from the case.
struct Wants {
  ServiceFormat format = ServiceFormat::both;
  std::string_view language, area;
  bool age_known = false;
  int age_lo = 0, age_hi = 0;
  bool free_only = false;
};

void add(Match& m, MatchReason r, int weight) {
  m.reasons |= static_cast<std::uint32_t>(r);
  m.fit += weight;
}

// Fills m.reasons and m.fit for service `s` of the partner `p` (facts `f`).
void score(const Service& s, const Partner& p, PartnerFacts& f, const Wants& w, Match& m) {
  if (w.format != ServiceFormat::both) {
    if (s.format == ServiceFormat::both || s.format == w.format) add(m, MatchReason::format_fits, kFormatFits);
    else add(m, MatchReason::format_wrong, kFormatWrong);
  }
  if (!w.language.empty() && !s.languages.empty()) {
    const bool speaks = std::any_of(s.languages.begin(), s.languages.end(),
                                    [&](const std::string& l) { return same_ascii_nocase(l, w.language); });
    if (speaks) add(m, MatchReason::language_fits, kLanguageFits);
    else add(m, MatchReason::language_missing, kLanguageMissing);
  }
  if (w.age_known && !s.age_groups.empty()) {
    if (const std::optional<bool> overlap = ages_overlap(s.age_groups, w.age_lo, w.age_hi)) {
      if (*overlap) add(m, MatchReason::age_fits, kAgeFits);
      else add(m, MatchReason::age_outside, kAgeOutside);
    }
  }
  if (!w.area.empty()) {
    if (f.same_area < 0) f.same_area = !p.area.empty() && fold_equal(p.area, w.area);
    if (f.same_area > 0) add(m, MatchReason::same_area, kSameArea);
  }
  if (w.free_only && !is_blank(s.cost)) {
    if (is_free_cost(s.cost)) add(m, MatchReason::free, kFree);
    else add(m, MatchReason::not_free, kNotFree);
  }
  if (s.capacity > 0) {
    if (m.open_here >= s.capacity) add(m, MatchReason::full, kFull);
    else add(m, MatchReason::has_room, kHasRoom);
  }
  if (f.signed_) add(m, MatchReason::agreement_signed, kAgreementSigned);
  m.earlier_well = f.well;
  m.earlier_ended = f.ended;
  m.fit += std::clamp(f.well - (f.ended - f.well), -kHistoryCap, kHistoryCap);
}

// -1, 0 or 1 as byte string a compares with b, 8 bytes at a time: sort keys share long
// prefixes ("центр «коло» №"), and wasm's memcmp goes byte by byte.
int compare_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x == y) continue;
    if constexpr (std::endian::native == std::endian::little) {
      x = __builtin_bswap64(x);
      y = __builtin_bswap64(y);
    }
    return x < y ? -1 : 1;
  }
  for (; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

// The places in the alphabet (uk/ru order; namesakes share one) of the partners `partners`
// (indices into doc.partners), in that order. Each gets one sort key (append_sort_key), all in
// one buffer, sorted once (the first 8 bytes as a number first).
std::vector<std::uint32_t> name_places(const Document& doc, const std::vector<std::size_t>& partners) {
  std::string names;                   // the partners' sort keys, one after the other
  std::vector<std::uint32_t> name_at;  // per key: where it starts; and one past the last
  names.reserve(partners.size() * 48);
  for (std::size_t p : partners) {
    name_at.push_back(static_cast<std::uint32_t>(names.size()));
    append_sort_key(doc.partners[p].name, &names);
  }
  const std::size_t count = partners.size();
  name_at.push_back(static_cast<std::uint32_t>(names.size()));
  const auto name = [&](std::uint32_t k) { return std::string_view(names).substr(name_at[k], name_at[k + 1] - name_at[k]); };
  struct Name {
    std::uint64_t prefix;
    std::uint32_t key;
  };
  std::vector<Name> by_name(count);
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::string_view n = name(k);
    std::uint64_t prefix = 0;
    for (std::size_t b = 0; b < 8; ++b) prefix = prefix << 8 | (b < n.size() ? static_cast<unsigned char>(n[b]) : 0u);
    by_name[k] = Name{prefix, k};
  }
  const auto name_less = [&](const Name& a, const Name& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return compare_bytes(name(a.key), name(b.key)) < 0;
  };
  std::sort(by_name.begin(), by_name.end(), name_less);
  std::vector<std::uint32_t> place(count);
  for (std::size_t i = 0, at = 0; i < count; ++i) {
    if (i > 0 && name_less(by_name[i - 1], by_name[i])) ++at;
    place[by_name[i].key] = static_cast<std::uint32_t>(at);
  }
  return place;
}

// Sorts `ranked` best first: more needs covered, then a higher fit, then the partner's name and
// the service's name in the alphabet's order for uk/ru, then document order. The partners'
// places in the alphabet come from `order` (partner_name_order, kept by the caller per
// revision) or are worked out here for the partners with a ranked service; they are packed with
// coverage and fit into one number per service, so the sort of the services compares integers.
void sort_ranked(const Document& doc, std::vector<PartnerFacts>& facts, std::vector<Match>& ranked,
                 const std::vector<std::uint32_t>* order) {
  std::vector<std::uint32_t> place;
  if (order && order->size() == doc.partners.size()) {
    for (const Match& m : ranked) facts[m.partner].name_key = static_cast<int>(m.partner);
    place = *order;
  } else {
    std::vector<std::size_t> partners;
    for (const Match& m : ranked) {
      PartnerFacts& f = facts[m.partner];
      if (f.name_key >= 0) continue;
      f.name_key = static_cast<int>(partners.size());
      partners.push_back(m.partner);
    }
    place = name_places(doc, partners);
  }

  struct Key {
    std::uint64_t key;
    std::uint32_t at;
  };
  std::vector<Key> keys(ranked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const Match& m = ranked[i];
    const std::uint64_t covered = 0xFFFF - static_cast<std::uint64_t>(std::min(m.covered, 0xFFFF));
    const std::uint64_t fit = 0x8000 - static_cast<std::uint64_t>(std::clamp(m.fit, -0x7FFF, 0x7FFF));
    keys[i] = Key{covered << 48 | fit << 32 | place[static_cast<std::size_t>(facts[m.partner].name_key)],
                  static_cast<std::uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.key != b.key) return a.key < b.key;
    const Match& ma = ranked[a.at];
    const Match& mb = ranked[b.at];
    const std::string& na = doc.services[ma.service].name;
    const std::string& nb = doc.services[mb.service].name;
    if (na != nb)  // a rare tie: services of one partner (or of namesakes), as good as each other
      if (const int order = collation_compare(na, nb); order != 0) return order < 0;
    return ma.service < mb.service;
  });
  std::vector<Match> sorted;
  sorted.reserve(ranked.size());
  for (const Key& k : keys) sorted.push_back(ranked[k.at]);
  ranked = std::move(sorted);
}

std::vector<std::size_t> smallest_cover(const Document& doc, const std::vector<std::string_view>& needs,
                                        const std::vector<Match>& ranked);

}  // namespace

std::vector<std::uint32_t> partner_name_order(const Document& doc) {
  std::vector<std::size_t> all(doc.partners.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return name_places(doc, all);
}

MatchResult match_services(const Document& doc, const Case& c, const std::vector<std::uint32_t>* name_order) {
  MatchResult result;
  const std::vector<std::string_view> needs = distinct_needs(c);
  result.needs = static_cast<int>(needs.size());

  // Per partner: excluded, the current agreement, earlier referrals. Per service: open referrals.
  // (The exclusions are excluded_partners', found in the same pass over the referrals.)
  const IdRows partner_row(doc.partners), service_row(doc.services);
  std::vector<PartnerFacts> facts(doc.partners.size());
  for (const Agreement& a : doc.agreements) {
    const std::ptrdiff_t row = partner_row(a.partner_id);
    if (row < 0) continue;
    PartnerFacts& f = facts[static_cast<std::size_t>(row)];
    if (f.agreement == 0 || a.start_date > *f.agreement_start || (a.start_date == *f.agreement_start && a.id > f.agreement)) {
      f.agreement = a.id;
      f.agreement_start = &a.start_date;
      f.signed_ = a.status == AgreementStatus::signed_;
    }
  }
  std::vector<int> open(doc.services.size(), 0);
  result.excluded = declined(c);
  for (const Referral& r : doc.referrals) {
    if (r.direction != Direction::out) continue;
    if (turns_away(r, c)) result.excluded.push_back(r.partner_id);
    if (is_ending(r.status)) {
      if (!partners_ending(r.status)) continue;
      if (const std::ptrdiff_t row = partner_row(r.partner_id); row >= 0) {
        PartnerFacts& f = facts[static_cast<std::size_t>(row)];
        ++f.ended;
        if (r.status == ReferralStatus::closed) ++f.well;
      }
    } else if (r.service_id != 0) {
      if (const std::ptrdiff_t row = service_row(r.service_id); row >= 0) ++open[static_cast<std::size_t>(row)];
    }
  }
  sort_unique(result.excluded);
  for (Id id : result.excluded)
    if (const std::ptrdiff_t row = partner_row(id); row >= 0) facts[static_cast<std::size_t>(row)].excluded = true;

  Wants w;
  w.format = c.format;
  w.language = is_blank(c.language) ? std::string_view() : std::string_view(c.language);
  w.area = is_blank(c.area) ? std::string_view() : std::string_view(c.area);
  w.age_known = parse_age_range(c.age_group, &w.age_lo, &w.age_hi);
  w.free_only = c.free_only;

  // The hot loop: nothing is allocated here but the result.
  std::uint64_t reachable = 0;
  for (std::size_t i = 0; i < doc.services.size(); ++i) {
    const Service& s = doc.services[i];
    const std::ptrdiff_t row = partner_row(s.partner_id);
    if (row < 0) continue;
    PartnerFacts& f = facts[static_cast<std::size_t>(row)];
    if (f.excluded) continue;
    std::uint64_t bits;
    const int covered = coverage(s.need_tags, needs, &bits);
    if (covered == 0) continue;
    reachable |= bits;
    Match m;
    m.service = i;
    m.partner = static_cast<std::size_t>(row);
    m.covered = covered;
    m.covered_mask = static_cast<std::uint32_t>(bits);
    m.open_here = open[i];
    score(s, doc.partners[m.partner], f, w, m);
    result.ranked.push_back(m);
  }

  sort_ranked(doc, facts, result.ranked, name_order);

  result.single_covers_all = !needs.empty() && !result.ranked.empty() && result.ranked.front().covered == result.needs;
  if (!result.single_covers_all && !result.ranked.empty()) result.combination = smallest_cover(doc, needs, result.ranked);
  for (std::size_t j = 0; j < needs.size(); ++j) {
    bool covered = j < 64 ? (reachable >> j) & 1 : false;
    if (j >= 64)  // past the bits: asked of the ranked services' tags
      covered = std::any_of(result.ranked.begin(), result.ranked.end(), [&](const Match& m) {
        const std::vector<std::string>& tags = doc.services[m.service].need_tags;
        return std::find(tags.begin(), tags.end(), needs[j]) != tags.end();
      });
    if (!covered) result.uncovered.emplace_back(needs[j]);
  }
  return result;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] combinations
// ------------------------------------------------------------------------------------------------
// The smallest set of services that together cover every need any service covers; among sets of
// that size, the best total fit. Exact for up to kExactNeeds needs: a set never needs two
// services with the same coverage, so each distinct coverage mask keeps its best service (the
// first in ranked order); a mask is dropped when a wider one fits at least as well (swapping it
// in loses nothing); then a dynamic programme over the 2^n masks keeps, per union, the fewest
// services and, among those, the best total fit. Its work is 2^n times the masks kept; beyond
// kExactWork, or past kExactNeeds needs, a greedy cover (most new needs first, the better
// service on ties) is proposed instead: small, but not always the smallest.

namespace {

constexpr std::size_t kExactNeeds = 16;
constexpr std::size_t kExactWork = std::size_t{1} << 24;

std::vector<std::size_t> greedy_cover(const Document& doc, const std::vector<std::string_view>& needs,
                                      const std::vector<Match>& ranked) {
  std::vector<std::vector<std::size_t>> covers(ranked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) covers[i] = covered_needs(doc.services[ranked[i].service].need_tags, needs);
  std::vector<char> done(needs.size(), 0);
  std::vector<std::size_t> picked;
  for (;;) {
    std::size_t best = ranked.size(), best_new = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      std::size_t fresh = 0;
      for (std::size_t j : covers[i]) fresh += !done[j];
      if (fresh > best_new) best = i, best_new = fresh;
    }
    if (best == ranked.size()) break;
    for (std::size_t j : covers[best]) done[j] = 1;
    picked.push_back(best);
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

std::vector<std::size_t> smallest_cover(const Document& doc, const std::vector<std::string_view>& needs,
                                        const std::vector<Match>& ranked) {
  const std::size_t n = needs.size();
  if (n > kExactNeeds) return greedy_cover(doc, needs, ranked);
  const std::size_t states = std::size_t{1} << n;
  constexpr int kNone = std::numeric_limits<int>::min();
  std::vector<int> best(states, -1);  // per mask: its best service (index into ranked)
  std::vector<int> widest(states, kNone);  // per mask: the best fit among it and its supersets
  std::uint32_t target = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const std::uint32_t m = ranked[i].covered_mask;
    target |= m;
    if (best[m] < 0) {
      best[m] = static_cast<int>(i);
      widest[m] = ranked[i].fit;
    }
  }
  for (std::size_t bit = 1; bit < states; bit <<= 1)
    for (std::size_t m = 0; m < states; ++m)
      if (!(m & bit)) widest[m] = std::max(widest[m], widest[m | bit]);
  std::vector<std::uint32_t> masks;
  for (std::size_t m = 1; m < states; ++m) {
    if (best[m] < 0) continue;
    const int fit = ranked[static_cast<std::size_t>(best[m])].fit;
    bool dominated = false;
    for (std::size_t bit = 1; bit < states && !dominated; bit <<= 1)
      dominated = !(m & bit) && widest[m | bit] >= fit;
    if (!dominated) masks.push_back(static_cast<std::uint32_t>(m));
  }
  if (states * masks.size() > kExactWork) return greedy_cover(doc, needs, ranked);

  // A union is reached only from smaller masks, so ascending order visits each after its sources.
  struct Step {
    int size = -1;  // -1: not reached
    long long fit = 0;
    std::uint32_t from = 0, mask = 0;
  };
  std::vector<Step> dp(states);
  dp[0].size = 0;
  for (std::size_t m = 0; m < states; ++m) {
    if (dp[m].size < 0) continue;
    for (std::uint32_t add : masks) {
      const std::size_t to = m | add;
      if (to == m) continue;
      const int size = dp[m].size + 1;
      const long long fit = dp[m].fit + ranked[static_cast<std::size_t>(best[add])].fit;
      Step& s = dp[to];
      if (s.size < 0 || size < s.size || (size == s.size && fit > s.fit))
        s = Step{size, fit, static_cast<std::uint32_t>(m), add};
    }
  }
  std::vector<std::size_t> picked;
  for (std::uint32_t m = target; m != 0; m = dp[m].from) picked.push_back(static_cast<std::size_t>(best[dp[m].mask]));
  std::sort(picked.begin(), picked.end());
  return picked;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] explanations
// ------------------------------------------------------------------------------------------------

namespace {

const char* format_key(ServiceFormat f) {
  switch (f) {
    case ServiceFormat::in_person: return "match.format.in_person";
    case ServiceFormat::online: return "match.format.online";
    case ServiceFormat::both: return "match.format.both";
  }
  return "match.format.both";
}

// "in Ukrainian" for "uk" (the codes of Service::languages); another code as it is written.
std::string language_words(std::string_view code, Lang lang) {
  if (same_ascii_nocase(code, "uk")) return tr("match.lang.uk", lang);
  if (same_ascii_nocase(code, "ru")) return tr("match.lang.ru", lang);
  if (same_ascii_nocase(code, "en")) return tr("match.lang.en", lang);
  return trf("match.lang.other", lang, {std::string(code)});
}


}  // namespace

std::string explain_match(const Document& doc, const Case& c, const Match& m, Lang lang) {
  if (m.service >= doc.services.size()) return "";
  const Service& s = doc.services[m.service];
  const std::vector<std::string_view> needs = distinct_needs(c);
  std::vector<std::string> parts;
  const auto has = [&](MatchReason r) { return (m.reasons & static_cast<std::uint32_t>(r)) != 0; };
  const std::string total = std::to_string(needs.size());
  if (m.covered >= static_cast<int>(needs.size()) && needs.size() == 1) {
    parts.push_back(tr("match.covers_the_need", lang));
  } else if (m.covered >= static_cast<int>(needs.size())) {
    parts.push_back(trf("match.covers_all", lang, {total}));
  } else {
    std::string labels;
    for (std::size_t j : covered_needs(s.need_tags, needs)) {
      if (!labels.empty()) labels += ", ";
      labels += need_label(doc, needs[j], lang);
    }
    parts.push_back(trf("match.covers_some", lang, {std::to_string(m.covered), total, labels}));
  }
  if (has(MatchReason::format_fits)) parts.push_back(tr(format_key(s.format), lang));
  if (has(MatchReason::format_wrong))
    parts.push_back(tr(s.format == ServiceFormat::online ? "match.format.online_only" : "match.format.in_person_only", lang));
  if (has(MatchReason::language_fits)) parts.push_back(language_words(c.language, lang));
  if (has(MatchReason::language_missing))
    parts.push_back(trf("match.language_missing", lang, {language_words(c.language, lang)}));
  if (has(MatchReason::age_fits)) parts.push_back(trf("match.age_fits", lang, {s.age_groups}));
  if (has(MatchReason::age_outside)) parts.push_back(trf("match.age_outside", lang, {s.age_groups}));
  if (has(MatchReason::same_area)) parts.push_back(tr("match.same_area", lang));
  if (has(MatchReason::free)) parts.push_back(tr("match.free", lang));
  if (has(MatchReason::not_free)) parts.push_back(trf("match.not_free", lang, {s.cost}));
  if (has(MatchReason::has_room))
    parts.push_back(trf("match.has_room", lang, {std::to_string(s.capacity - m.open_here), std::to_string(s.capacity)}));
  if (has(MatchReason::full))
    parts.push_back(trf("match.full", lang, {std::to_string(s.capacity), std::to_string(m.open_here)}));
  if (has(MatchReason::agreement_signed)) parts.push_back(tr("match.agreement_signed", lang));
  if (m.earlier_ended > 0)
    parts.push_back(trf("match.earlier", lang, {std::to_string(m.earlier_well), std::to_string(m.earlier_ended)}));
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

}  // namespace kolo
