// Queries over the partner network (see partners.hpp).
#include "core/partners.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] keep in touch
// ------------------------------------------------------------------------------------------------

namespace {

Gap complete(Gap g) {
  if (g.ideal <= 0) return Gap{};
  if (g.max < g.ideal) g.max = g.max > 0 ? g.ideal : (g.ideal * 3 + 1) / 2;
  return g;
}

std::string later_of(const std::string& a, const std::string& b) { return a < b ? b : a; }

}  // namespace

Gap gap_for(const Partner& p, const std::vector<Cadence>& cadences) {
  if (p.follow_up_days > 0) return complete(Gap{p.follow_up_days, p.follow_up_max_days});
  Gap best;
  if (p.tags.empty() || cadences.empty()) return best;
  for (const std::string& tag : p.tags) {
    const std::string folded = fold_name(tag);
    for (const Cadence& c : cadences)
      if (c.ideal_days > 0 && (best.ideal == 0 || c.ideal_days < best.ideal) && fold_name(c.tag) == folded)
        best = complete(Gap{c.ideal_days, c.max_days});
  }
  return best;
}

TouchStatus keep_in_touch(const Partner& p, const std::string& last_contact, Gap gap, Date today) {
  TouchStatus t;
  if (p.stage == Stage::dormant) return t;
  const std::optional<Date> last = parse_date(last_contact);
  const std::optional<Date> agreed = parse_date(p.next_follow_up);
  std::optional<Date> due, red;
  bool never = false;
  if (agreed && (!last || *agreed > *last)) {
    due = agreed;
    red = add_days(*agreed, gap.ideal > 0 ? gap.max - gap.ideal : kAgreedDateGraceDays);
    t.agreed = true;
  } else if (gap.ideal > 0 && last) {
    due = add_days(*last, gap.ideal);
    red = add_days(*last, gap.max);
  } else if (gap.ideal > 0) {
    never = true;  // a cadence asks, and there has been no contact yet
  } else {
    return t;
  }
  if (std::optional<Date> snooze = parse_date(p.snoozed_until); snooze && *snooze > today) {
    t.snoozed = true;
    const int spread = due && red ? static_cast<int>(days_between(*due, *red)) : std::max(0, gap.max - gap.ideal);
    if (!due || *snooze > *due) due = snooze;
    if (!red || add_days(*snooze, spread) > *red) red = add_days(*snooze, spread);
    never = false;
  }
  if (never) {
    t.level = Due::amber;
    return t;
  }
  t.due = format_date(*due);
  t.red_from = format_date(*red);
  if (today >= *red) t.level = Due::red;
  else if (today >= *due) t.level = Due::amber;
  else if (days_between(today, *due) <= kDueSoonDays) t.level = Due::soon;
  else t.level = Due::later;
  return t;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] facts and the directory
// ------------------------------------------------------------------------------------------------

void Directory::refresh(const Document& doc, const Index& index, std::uint64_t revision, Date today) {
  (void)index;
  if (valid_ && revision_ == revision && today_ == today && facts_.size() == doc.partners.size()) return;
  const std::size_t n = doc.partners.size();
  facts_.assign(n, PartnerFacts{});
  const auto row_of = [&](Id partner) { return index_of(doc.partners, partner); };
  for (const Interaction& i : doc.interactions)
    if (std::ptrdiff_t r = row_of(i.partner_id); r >= 0) {
      std::string& last = facts_[static_cast<std::size_t>(r)].last_contact;
      if (i.date > last) last = i.date;
    }
  for (const Referral& ref : doc.referrals)
    if (std::ptrdiff_t r = row_of(ref.partner_id); r >= 0)
      ++(ref.direction == Direction::in ? facts_[static_cast<std::size_t>(r)].referrals_in
                                        : facts_[static_cast<std::size_t>(r)].referrals_out);
  for (const Agreement& a : doc.agreements)
    if (std::ptrdiff_t r = row_of(a.partner_id); r >= 0) {
      PartnerFacts& f = facts_[static_cast<std::size_t>(r)];
      if (f.agreement == 0 || a.start_date >= f.agreement_start) {  // ids ascend: ties go to the later
        f.agreement = a.id;
        f.agreement_status = a.status;
        f.agreement_start = a.start_date;
        f.agreement_end = a.end_date;
      }
    }
  keys_.resize(n);
  std::set<std::string> areas, tags;
  for (std::size_t i = 0; i < n; ++i) {
    const Partner& p = doc.partners[i];
    facts_[i].touch = keep_in_touch(p, facts_[i].last_contact, gap_for(p, doc.cadences), today);
    Keys& k = keys_[i];
    if (k.name_source != p.name || k.name.empty() != p.name.empty()) {
      k.name_source = p.name;
      k.name = collation_key(fold_name(p.name));
    }
    if (k.area_source != p.area) {
      k.area_source = p.area;
      k.area = collation_key(fold_name(p.area));
    }
    if (!p.area.empty()) areas.insert(p.area);
    for (const std::string& t : p.tags) tags.insert(t);
  }
  const auto alphabetical = [](const std::set<std::string>& in) {
    std::vector<std::string> out(in.begin(), in.end());
    std::vector<std::u32string> keys;
    std::vector<std::size_t> order(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      keys.push_back(collation_key(fold_name(out[i])));
      order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<std::string> sorted;  // one entry per folded spelling
    for (std::size_t i : order) {
      if (!sorted.empty() && keys[i] == collation_key(fold_name(sorted.back()))) continue;
      sorted.push_back(out[i]);
    }
    return sorted;
  };
  areas_ = alphabetical(areas);
  tags_ = alphabetical(tags);
  revision_ = revision;
  today_ = today;
  valid_ = true;
}

std::vector<int> Directory::rows(const Document& doc, const Index& index, const PartnerFilter& f, PartnerColumn column,
                                 bool ascending) const {
  std::vector<int> out;
  const std::string query = fold_name(f.query);
  const std::string area = fold_name(f.area), tag = fold_name(f.tag);
  const std::size_t n = std::min(doc.partners.size(), facts_.size());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Partner& p = doc.partners[i];
    const PartnerFacts& facts = facts_[i];
    if (f.kind && p.kind != *f.kind) continue;
    if (f.stage && p.stage != *f.stage) continue;
    if (!area.empty() && fold_name(p.area) != area) continue;
    if (!tag.empty() && std::none_of(p.tags.begin(), p.tags.end(), [&](const std::string& t) { return fold_name(t) == tag; }))
      continue;
    if (f.agreement) {
      if (facts.agreement_status != *f.agreement) continue;
    }
    if (f.overdue && facts.touch.level != Due::amber && facts.touch.level != Due::red) continue;
    if (!query.empty() && index.search_text(p.id).find(query) == std::string::npos) continue;
    out.push_back(static_cast<int>(i));
  }
  // -1, 0, 1: how a compares with b in the column (before the tie-breakers).
  const auto compare = [&](std::size_t a, std::size_t b) -> int {
    const Partner& pa = doc.partners[a];
    const Partner& pb = doc.partners[b];
    const PartnerFacts& fa = facts_[a];
    const PartnerFacts& fb = facts_[b];
    const auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (column) {
      case PartnerColumn::name: return 0;
      case PartnerColumn::kind: return cmp(pa.kind, pb.kind);
      case PartnerColumn::stage: return cmp(pa.stage, pb.stage);
      case PartnerColumn::area:
        // Partners with no area go last either way: an empty cell says nothing to sort by.
        if (keys_[a].area.empty() != keys_[b].area.empty()) return keys_[a].area.empty() ? 2 : -2;
        return cmp(keys_[a].area, keys_[b].area);
      case PartnerColumn::last_contact:
        if (fa.last_contact.empty() != fb.last_contact.empty()) return fa.last_contact.empty() ? 2 : -2;
        return cmp(fa.last_contact, fb.last_contact);
      case PartnerColumn::next_contact: {
        // Soonest due first; "never contacted" (due now) before dated ones; nothing due last.
        const auto rank = [](const TouchStatus& t) { return t.level == Due::none ? 2 : t.due.empty() ? 0 : 1; };
        const int ra = rank(fa.touch), rb = rank(fb.touch);
        if (ra != rb) return ra == 2 || rb == 2 ? (ra == 2 ? 2 : -2) : cmp(ra, rb);
        return cmp(fa.touch.due, fb.touch.due);
      }
      case PartnerColumn::referrals_in: return cmp(fa.referrals_in, fb.referrals_in);
      case PartnerColumn::referrals_out: return cmp(fa.referrals_out, fb.referrals_out);
    }
    return 0;
  };
  std::stable_sort(out.begin(), out.end(), [&](int ia, int ib) {
    const std::size_t a = static_cast<std::size_t>(ia), b = static_cast<std::size_t>(ib);
    const int c = compare(a, b);
    if (c == 2 || c == -2) return c < 0;  // empty cells last in both directions
    if (c != 0) return ascending ? c < 0 : c > 0;
    const std::u32string& na = keys_[a].name;
    const std::u32string& nb = keys_[b].name;
    if (na != nb) return column == PartnerColumn::name && !ascending ? na > nb : na < nb;
    return false;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] duplicates and merge
// ------------------------------------------------------------------------------------------------

std::string duplicate_name_key(std::string_view name) {
  const std::string folded = fold_name(name);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (std::size_t i = 0; i < folded.size();) {
    const unsigned char b = static_cast<unsigned char>(folded[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    n = std::min(n, folded.size() - i);
    const std::string_view ch(folded.data() + i, n);
    i += n;
    static constexpr std::string_view kDropped[] = {"\"", "'", "`", "«", "»", "„", "“", "”", "‘", "’", "‚", "№",
                                                    "#",  ".", ",", ";", ":", "!", "?", "(", ")", "-", "–", "—"};
    const bool dropped = std::find(std::begin(kDropped), std::end(kDropped), ch) != std::end(kDropped);
    if (dropped || ch == " ") {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

std::vector<DuplicateHit> find_duplicates(const Document& doc, const Partner& draft) {
  std::vector<DuplicateHit> hits;
  const std::string name = duplicate_name_key(draft.name);
  std::vector<std::string> phones, emails;
  for (const ContactPerson& c : draft.contacts) {
    if (std::string k = phone_key(c.phone); k.size() >= 5) phones.push_back(std::move(k));
    if (!c.email.empty()) emails.push_back(fold_name(c.email));
  }
  for (const Partner& p : doc.partners) {
    if (p.id == draft.id && draft.id != 0) continue;
    DuplicateHit hit{p.id};
    hit.same_name = !name.empty() && duplicate_name_key(p.name) == name;
    for (const ContactPerson& c : p.contacts) {
      if (!phones.empty() && !c.phone.empty() &&
          std::find(phones.begin(), phones.end(), phone_key(c.phone)) != phones.end())
        hit.same_phone = true;
      if (!emails.empty() && !c.email.empty() && std::find(emails.begin(), emails.end(), fold_name(c.email)) != emails.end())
        hit.same_email = true;
    }
    if (hit.same_name || hit.same_phone || hit.same_email) hits.push_back(hit);
  }
  return hits;
}

namespace {

void join_text(std::string& into, const std::string& other) {
  if (other.empty() || into == other) return;
  if (!into.empty()) into += "\n\n";
  into += other;
}

}  // namespace

std::optional<Error> merge_command(const Document& doc, Id keep_id, Id drop_id, Date today, Command* out) {
  const Partner* keep = find_record<Partner>(doc, keep_id);
  const Partner* drop = find_record<Partner>(doc, drop_id);
  if (!keep || !drop || keep_id == drop_id)
    return Error{"err.missing_ref", "", {std::to_string(keep && keep_id != drop_id ? drop_id : keep_id)}};
  Partner merged = *keep;
  if (merged.area.empty()) merged.area = drop->area;
  if (merged.address.empty()) merged.address = drop->address;
  if (merged.website.empty()) merged.website = drop->website;
  for (const std::string& t : drop->tags) {
    const std::string folded = fold_name(t);
    if (std::none_of(merged.tags.begin(), merged.tags.end(), [&](const std::string& m) { return fold_name(m) == folded; }))
      merged.tags.push_back(t);
  }
  for (const ContactPerson& c : drop->contacts) {
    const bool there = std::any_of(merged.contacts.begin(), merged.contacts.end(), [&](const ContactPerson& m) {
      return fold_name(m.name) == fold_name(c.name) && phone_key(m.phone) == phone_key(c.phone) &&
             fold_name(m.email) == fold_name(c.email);
    });
    if (!there) merged.contacts.push_back(c);  // ids are unique in the document: they move as they are
  }
  // The partner who went further on the pipeline (a dormant one counts as least advanced).
  const auto progress = [](Stage s) { return s == Stage::dormant ? -1 : static_cast<int>(s); };
  const bool advanced = progress(drop->stage) > progress(merged.stage);
  merged.trust = std::max(merged.trust, drop->trust);
  if (merged.follow_up_days == 0) {
    merged.follow_up_days = drop->follow_up_days;
    merged.follow_up_max_days = drop->follow_up_max_days;
  }
  if (merged.next_follow_up.empty() || (!drop->next_follow_up.empty() && drop->next_follow_up < merged.next_follow_up))
    merged.next_follow_up = drop->next_follow_up;
  merged.snoozed_until = later_of(merged.snoozed_until, drop->snoozed_until);
  join_text(merged.their_needs, drop->their_needs);
  join_text(merged.notes, drop->notes);
  merged.stage_history.insert(merged.stage_history.end(), drop->stage_history.begin(), drop->stage_history.end());
  std::stable_sort(merged.stage_history.begin(), merged.stage_history.end(),
                   [](const StageMove& a, const StageMove& b) { return a.date < b.date; });
  if (advanced) merged = moved_to_stage(std::move(merged), drop->stage, today);

  std::vector<Command> steps;
  steps.push_back(put_command(merged));
  const auto move = [&](const auto& table) {
    for (auto r : table)
      if (r.partner_id == drop_id) {
        r.partner_id = keep_id;
        steps.push_back(put_command(r));
      }
  };
  move(doc.services);
  move(doc.agreements);
  move(doc.interactions);
  move(doc.referrals);
  for (Event e : doc.events) {
    bool listed = false;
    for (std::vector<Id>* list : role_lists(e)) {
      if (std::find(list->begin(), list->end(), drop_id) == list->end()) continue;
      listed = true;
      std::vector<Id> ids;
      for (Id id : *list) {
        const Id now = id == drop_id ? keep_id : id;
        if (std::find(ids.begin(), ids.end(), now) == ids.end()) ids.push_back(now);
      }
      *list = std::move(ids);
    }
    if (listed) steps.push_back(put_command(e));
  }
  // Nothing refers to it any more; its contact persons live on in `merged`.
  steps.push_back(Command{"", "", DeleteRecord{Table::partners, drop_id, false, true}});
  *out = batch_command(std::move(steps), "cmd.merge_partners");
  return std::nullopt;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] pipeline
// ------------------------------------------------------------------------------------------------

Partner moved_to_stage(Partner p, Stage stage, Date today) {
  if (p.stage == stage) return p;
  p.stage = stage;
  p.stage_history.push_back(StageMove{stage, format_date(today)});
  return p;
}

Stage next_stage(Stage stage, int step) {
  const int i = std::clamp(static_cast<int>(stage) + step, 0, static_cast<int>(EnumInfo<Stage>::count) - 1);
  return static_cast<Stage>(i);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] outreach planner
// ------------------------------------------------------------------------------------------------

namespace {

using G = ClientGroup;
using K = PartnerKind;
struct SeedProblem {
  const char* key;
  std::vector<ClientGroup> groups;
  std::vector<PartnerKind> kinds;
};
// From seed 000 ("who around the client notices the problem or hears the complaint"); the
// texts are the catalog's planner.problem.<key> and planner.notices.<key>.
const std::vector<SeedProblem>& seed_problems() {
  static const std::vector<SeedProblem> list = {
      {"somatic", {G::children, G::teenagers, G::adults}, {K::clinic_doctor}},
      {"learning", {G::children, G::teenagers, G::parents}, {K::school_kindergarten}},
      {"school_behaviour", {G::children, G::teenagers, G::parents}, {K::school_kindergarten, K::state_social_service}},
      {"teen_anxiety", {G::teenagers, G::parents}, {K::school_kindergarten, K::clinic_doctor, K::colleague_psychologist}},
      {"exam_stress", {G::students, G::teenagers}, {K::university, K::school_kindergarten}},
      {"burnout", {G::employees, G::adults}, {K::company}},
      {"team", {G::employees}, {K::company}},
      {"crisis", {G::adults, G::older_adults, G::couples_families, G::parents}, {K::ngo_charity, K::state_social_service}},
      {"family", {G::couples_families, G::parents}, {K::colleague_psychologist, K::state_social_service, K::ngo_charity}},
      {"sleep_mood", {G::adults, G::older_adults}, {K::clinic_doctor, K::psychiatrist}},
      {"beyond", {}, {K::colleague_psychologist, K::psychiatrist}},
  };
  return list;
}

bool for_my_groups(const Problem& p, const Profile* profile) {
  if (!profile || profile->client_groups.empty() || p.groups.empty()) return true;
  for (ClientGroup g : p.groups)
    if (std::find(profile->client_groups.begin(), profile->client_groups.end(), g) != profile->client_groups.end())
      return true;
  return false;
}

}  // namespace

std::vector<Problem> suggested_problems(Lang lang) {
  std::vector<Problem> out;
  for (const SeedProblem& s : seed_problems()) {
    Problem p;
    p.name = tr(std::string("planner.problem.") + s.key, lang);
    p.who_notices = tr(std::string("planner.notices.") + s.key, lang);
    p.groups = s.groups;
    p.kinds = s.kinds;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<KindRank> rank_kinds(const Document& doc, const std::vector<Problem>& problems, const Profile* profile) {
  std::vector<KindRank> out;
  for (PartnerKind k : all_values<PartnerKind>()) {
    KindRank r;
    r.kind = k;
    out.push_back(r);
  }
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const Problem& p = problems[i];
    if (!p.mine || !for_my_groups(p, profile)) continue;
    for (PartnerKind k : p.kinds) {
      KindRank& r = out[static_cast<std::size_t>(k)];
      if (std::find(r.problems.begin(), r.problems.end(), i) != r.problems.end()) continue;
      ++r.score;
      r.problems.push_back(i);
    }
  }
  for (const Partner& p : doc.partners) {
    KindRank& r = out[static_cast<std::size_t>(p.kind)];
    if (p.stage == Stage::agreement || p.stage == Stage::active) ++r.active;
    if (p.stage == Stage::prospect || p.stage == Stage::contacted) ++r.prospects;
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const KindRank& r) { return r.score == 0; }), out.end());
  std::stable_sort(out.begin(), out.end(), [](const KindRank& a, const KindRank& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.active < b.active;  // a gap in the network first
  });
  return out;
}

std::vector<ProspectRank> rank_prospects(const Document& doc, const Directory& directory,
                                         const std::vector<Problem>& problems, const Profile* profile) {
  std::vector<KindRank> kinds = rank_kinds(doc, problems, profile);
  std::vector<ProspectRank> out;
  for (std::size_t i = 0; i < doc.partners.size(); ++i) {
    const Partner& p = doc.partners[i];
    if (p.stage != Stage::prospect && p.stage != Stage::contacted) continue;
    auto k = std::find_if(kinds.begin(), kinds.end(), [&](const KindRank& r) { return r.kind == p.kind; });
    if (k == kinds.end()) continue;
    out.push_back(ProspectRank{i, k->score, !p.contacts.empty(), k->problems});
  }
  std::stable_sort(out.begin(), out.end(), [&](const ProspectRank& a, const ProspectRank& b) {
    if (a.score != b.score) return a.score > b.score;
    const Partner& pa = doc.partners[a.partner];
    const Partner& pb = doc.partners[b.partner];
    if (pa.trust != pb.trust) return pa.trust > pb.trust;
    if (a.has_contact != b.has_contact) return a.has_contact;
    return directory.facts(a.partner).last_contact < directory.facts(b.partner).last_contact;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] today
// ------------------------------------------------------------------------------------------------

std::vector<TodayItem> today_items(const Document& doc, const Directory& directory, Date today) {
  std::vector<TodayItem> overdue, soon, agreements;
  for (std::size_t i = 0; i < doc.partners.size(); ++i) {
    const TouchStatus& t = directory.facts(i).touch;
    const Id id = doc.partners[i].id;
    if (t.level == Due::amber || t.level == Due::red)
      overdue.push_back(TodayItem{TodayItem::What::overdue, i, id, t.due, t.level});
    else if (t.level == Due::soon)
      soon.push_back(TodayItem{TodayItem::What::due_soon, i, id, t.due, t.level});
  }
  const std::string from = format_date(add_days(today, -kAgreementWarningDays));
  const std::string to = format_date(add_days(today, kAgreementWarningDays));
  for (const Agreement& a : doc.agreements) {
    if (a.status != AgreementStatus::signed_ || a.end_date.empty() || a.end_date < from || a.end_date > to) continue;
    const std::ptrdiff_t row = index_of(doc.partners, a.partner_id);
    if (row >= 0 && directory.facts(static_cast<std::size_t>(row)).agreement == a.id)
      agreements.push_back(TodayItem{TodayItem::What::agreement_expiring, static_cast<std::size_t>(row), a.id, a.end_date});
  }
  // Red before amber; then the longest overdue (never contacted, with no date, first).
  std::stable_sort(overdue.begin(), overdue.end(), [](const TodayItem& a, const TodayItem& b) {
    if (a.level != b.level) return a.level == Due::red;
    return a.date < b.date;
  });
  const auto by_date = [](const TodayItem& a, const TodayItem& b) { return a.date < b.date; };
  std::stable_sort(soon.begin(), soon.end(), by_date);
  std::stable_sort(agreements.begin(), agreements.end(), by_date);
  std::vector<TodayItem> out = std::move(overdue);
  for (auto* list : {&soon, &agreements}) out.insert(out.end(), list->begin(), list->end());
  return out;
}

}  // namespace kolo
