// Shared boards (see board.hpp): choosing what to share, making the board, and the document a
// viewer reads it as.
//
// Index: [SECTION] choosing what to share  [SECTION] making the board  [SECTION] the viewer's document
#include "core/board.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/text.hpp"

namespace kolo {

namespace {

void sort_unique(std::vector<Id>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

bool contains(const std::vector<Id>& sorted, Id id) { return std::binary_search(sorted.begin(), sorted.end(), id); }

bool involves_any(const Event& e, const std::vector<Id>& sorted_partners) {
  for (const std::vector<Id>* list : role_lists(e))
    for (Id id : *list)
      if (contains(sorted_partners, id)) return true;
  return false;
}

// Not cancelled or done, and dated today or later, or not dated yet but planned or announced.
bool is_coming(const Event& e, Date today) {
  if (e.status == EventStatus::cancelled || e.status == EventStatus::done) return false;
  std::optional<Date> day = e.starts_at.size() >= 10 ? parse_date(std::string_view(e.starts_at).substr(0, 10)) : std::nullopt;
  if (!day) return e.status == EventStatus::planned || e.status == EventStatus::announced;
  return *day >= today;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] choosing what to share
// ------------------------------------------------------------------------------------------------

BoardSelection select_for_board(const Document& doc, BoardScope scope, Id partner, const std::string& text,
                                Date today) {
  BoardSelection out;
  std::vector<Id>& partners = out.partner_ids;
  switch (scope) {
    case BoardScope::hand_picked: return out;
    case BoardScope::everything:
      for (const Partner& p : doc.partners) partners.push_back(p.id);
      break;
    case BoardScope::area:
      if (is_blank(text)) return out;
      for (const Partner& p : doc.partners)
        if (fold_equal(p.area, text)) partners.push_back(p.id);
      break;
    case BoardScope::tag:
      if (is_blank(text)) return out;
      for (const Partner& p : doc.partners)
        if (std::any_of(p.tags.begin(), p.tags.end(), [&](const std::string& t) { return fold_equal(t, text); }))
          partners.push_back(p.id);
      break;
    case BoardScope::around_partner: {
      const Partner* centre = find_record<Partner>(doc, partner);
      if (!centre) return out;
      partners.push_back(centre->id);
      if (!is_blank(centre->area))
        for (const Partner& p : doc.partners)
          if (fold_equal(p.area, centre->area)) partners.push_back(p.id);
      for (const Event& e : doc.events) {
        const std::vector<Id> involved = event_partner_ids(e);
        if (std::find(involved.begin(), involved.end(), centre->id) == involved.end()) continue;
        for (Id id : involved)
          if (find_record<Partner>(doc, id)) partners.push_back(id);
      }
      break;
    }
  }
  sort_unique(partners);
  for (const Service& s : doc.services)
    if (contains(partners, s.partner_id)) out.service_ids.push_back(s.id);
  for (const Event& e : doc.events)
    if (is_coming(e, today) && (scope == BoardScope::everything || involves_any(e, partners))) out.event_ids.push_back(e.id);
  sort_unique(out.service_ids);
  sort_unique(out.event_ids);
  return out;
}

void tidy_selection(const Document& doc, BoardSelection& selection) {
  auto keep_existing = [&](std::vector<Id>& ids, auto exists) {
    sort_unique(ids);
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](Id id) { return !exists(id); }), ids.end());
  };
  keep_existing(selection.partner_ids, [&](Id id) { return find_record<Partner>(doc, id) != nullptr; });
  keep_existing(selection.service_ids, [&](Id id) {
    const Service* s = find_record<Service>(doc, id);
    return s && contains(selection.partner_ids, s->partner_id);
  });
  keep_existing(selection.event_ids, [&](Id id) { return find_record<Event>(doc, id) != nullptr; });
}

// ------------------------------------------------------------------------------------------------
// [SECTION] making the board: field by field, never a whole record
// ------------------------------------------------------------------------------------------------

namespace {

// splitmix64 over the sorted partner ids: the same selection gives the same board id.
std::string board_id_of(const std::vector<Id>& partner_ids) {
  std::uint64_t h = 0x6b6f6c6f2d626f61ULL;  // "kolo-boa"
  auto mix = [&](std::uint64_t v) {
    h += v + 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = h;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    h = z ^ (z >> 31);
  };
  mix(partner_ids.size());
  for (Id id : partner_ids) mix(static_cast<std::uint64_t>(id));
  char buf[24];
  std::snprintf(buf, sizeof buf, "b-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

BoardContact board_contact(const ContactPerson& c) {
  BoardContact out;
  out.id = c.id;
  out.name = c.name;
  out.role = c.role;
  out.phone = c.phone;
  out.email = c.email;
  out.messenger = c.messenger;
  return out;
}

BoardPartner board_partner(const Partner& p, bool with_contacts) {
  BoardPartner out;
  out.id = p.id;
  out.name = p.name;
  out.kind = p.kind;
  out.area = p.area;
  out.tags = p.tags;
  out.address = p.address;
  out.website = p.website;
  if (with_contacts)
    for (const ContactPerson& c : p.contacts) out.contacts.push_back(board_contact(c));
  return out;
}

BoardService board_service(const Service& s, const std::set<std::string>& taxonomy) {
  BoardService out;
  out.id = s.id;
  out.partner_id = s.partner_id;
  out.name = s.name;
  out.description = s.description;
  for (const std::string& key : s.need_tags)
    if (taxonomy.count(key) && std::find(out.need_tags.begin(), out.need_tags.end(), key) == out.need_tags.end())
      out.need_tags.push_back(key);
  out.access_rules = s.access_rules;
  out.schedule = s.schedule;
  out.format = s.format;
  out.languages = s.languages;
  out.age_groups = s.age_groups;
  out.cost = s.cost;
  out.trusted_specialist = s.trusted_specialist;
  return out;
}

BoardEvent board_event(const Event& e, const std::vector<Id>& board_partners) {
  BoardEvent out;
  out.id = e.id;
  out.title = e.title;
  out.kind = e.kind;
  out.starts_at = e.starts_at;
  out.duration_minutes = e.duration_minutes;
  out.time_zone = e.time_zone;
  out.place_or_link = e.place_or_link;
  out.audience = e.audience;
  out.status = e.status;
  auto keep = [&](const std::vector<Id>& from, std::vector<Id>& to) {
    for (Id id : from)
      if (contains(board_partners, id) && std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
  };
  keep(e.host_ids, out.host_ids);
  keep(e.co_host_ids, out.co_host_ids);
  keep(e.venue_ids, out.venue_ids);
  keep(e.audience_ids, out.audience_ids);
  out.uid = e.uid;
  return out;
}

}  // namespace

Board make_board(const Document& doc, const BoardSelection& selection, const BoardOptions& options) {
  Board board;
  board.title = options.title;
  board.owner.name = options.owner.name;
  board.owner.contact = options.owner.contact;
  board.made_at = options.made_at;
  board.revision = options.revision;

  std::vector<Id> partner_ids;
  for (Id id : selection.partner_ids)
    if (find_record<Partner>(doc, id)) partner_ids.push_back(id);
  sort_unique(partner_ids);
  board.board_id = board_id_of(partner_ids);
  for (Id id : partner_ids) board.partners.push_back(board_partner(*find_record<Partner>(doc, id), options.contacts));

  std::set<std::string> taxonomy;
  for (const NeedTag& t : doc.need_tags) taxonomy.insert(t.key);
  std::vector<Id> service_ids = selection.service_ids;
  sort_unique(service_ids);
  std::set<std::string> used;
  for (Id id : service_ids) {
    const Service* s = find_record<Service>(doc, id);
    if (!s || !contains(partner_ids, s->partner_id)) continue;  // a service shows with its partner
    board.services.push_back(board_service(*s, taxonomy));
    used.insert(board.services.back().need_tags.begin(), board.services.back().need_tags.end());
  }

  std::vector<Id> event_ids = selection.event_ids;
  sort_unique(event_ids);
  for (Id id : event_ids)
    if (const Event* e = find_record<Event>(doc, id)) board.events.push_back(board_event(*e, partner_ids));
  std::stable_sort(board.events.begin(), board.events.end(), [](const BoardEvent& a, const BoardEvent& b) {
    if (a.starts_at.empty() != b.starts_at.empty()) return b.starts_at.empty();  // undated last
    if (a.starts_at != b.starts_at) return a.starts_at < b.starts_at;
    return a.id < b.id;
  });

  for (const std::string& key : used) {  // std::set: key order
    auto it = std::find_if(doc.need_tags.begin(), doc.need_tags.end(), [&](const NeedTag& t) { return t.key == key; });
    board.need_tags.push_back(BoardNeedTag{it->key, it->label_en, it->label_uk, it->label_ru});
  }
  return board;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] the viewer's document
// ------------------------------------------------------------------------------------------------

Document board_document(const Board& board) {
  Document doc;
  std::set<Id> used;
  for (const BoardPartner& p : board.partners) {
    used.insert(p.id);
    for (const BoardContact& c : p.contacts) used.insert(c.id);
  }
  for (const BoardService& s : board.services) used.insert(s.id);
  for (const BoardEvent& e : board.events) used.insert(e.id);

  Id next_tag_id = 1;  // the need tags take the smallest ids the board does not use
  for (const BoardNeedTag& t : board.need_tags) {
    while (used.count(next_tag_id)) ++next_tag_id;
    used.insert(next_tag_id);
    doc.need_tags.push_back(NeedTag{next_tag_id, t.key, t.label_en, t.label_uk, t.label_ru});
  }
  for (const BoardPartner& bp : board.partners) {
    Partner p = partner_from_board(bp);
    p.stage = Stage::active;
    doc.partners.push_back(std::move(p));
  }
  for (const BoardService& bs : board.services) {
    Service s;
    s.id = bs.id;
    s.partner_id = bs.partner_id;
    s.name = bs.name;
    s.description = bs.description;
    s.need_tags = bs.need_tags;
    s.access_rules = bs.access_rules;
    s.schedule = bs.schedule;
    s.format = bs.format;
    s.languages = bs.languages;
    s.age_groups = bs.age_groups;
    s.cost = bs.cost;
    s.trusted_specialist = bs.trusted_specialist;
    doc.services.push_back(std::move(s));
  }
  for (const BoardEvent& be : board.events) {
    Event e;
    e.id = be.id;
    e.title = be.title;
    e.kind = be.kind;
    e.starts_at = be.starts_at;
    e.duration_minutes = be.duration_minutes;
    e.time_zone = be.time_zone;
    e.place_or_link = be.place_or_link;
    e.audience = be.audience;
    e.status = be.status;
    e.host_ids = be.host_ids;
    e.co_host_ids = be.co_host_ids;
    e.venue_ids = be.venue_ids;
    e.audience_ids = be.audience_ids;
    e.uid = be.uid;
    doc.events.push_back(std::move(e));
  }
  doc.next_id = used.empty() ? 1 : *used.rbegin() + 1;
  sort_by_id(doc);
  return doc;
}

ContactPerson contact_from_board(const BoardContact& c) {
  return ContactPerson{c.id, c.name, c.role, c.phone, c.email, c.messenger};
}

Partner partner_from_board(const BoardPartner& b) {
  Partner p;
  p.id = b.id;
  p.name = b.name;
  p.kind = b.kind;
  p.area = b.area;
  p.tags = b.tags;
  p.address = b.address;
  p.website = b.website;
  for (const BoardContact& c : b.contacts) p.contacts.push_back(contact_from_board(c));
  return p;
}

}  // namespace kolo
