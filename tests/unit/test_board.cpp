// Shared boards (issue 12): what each rule picks, the board's file and page element, its
// refusals, and THE property: no client or internal text ever reaches a board.
//
// Index: [SECTION] a small network  [SECTION] choosing  [SECTION] making and round trips
//        [SECTION] no private text on a board  [SECTION] refusals  [SECTION] the board page
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/board.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "io/board_json.hpp"
#include "io/kolo_json.hpp"
#include "test_support.hpp"

using kolo::test::read_file;

using namespace kolo;
using nlohmann::json;

namespace {

// ------------------------------------------------------------------------------------------------
// [SECTION] a small network
// ------------------------------------------------------------------------------------------------
// A school (10) and a clinic (12) in the same area, an NGO (13) that co-hosts an event with the
// school, an unrelated company (14). Today is 2025-06-01.

constexpr Date kToday{2025, 6, 1};

Partner partner(Id id, std::string name, PartnerKind kind, std::string area, std::vector<std::string> tags) {
  Partner p;
  p.id = id;
  p.name = std::move(name);
  p.kind = kind;
  p.area = std::move(area);
  p.tags = std::move(tags);
  return p;
}

Service service(Id id, Id partner_id, std::string name, std::vector<std::string> needs) {
  Service s;
  s.id = id;
  s.partner_id = partner_id;
  s.name = std::move(name);
  s.need_tags = std::move(needs);
  return s;
}

Event event(Id id, std::string title, std::string starts_at, EventStatus status, std::vector<Id> hosts,
            std::vector<Id> co_hosts = {}) {
  Event e;
  e.id = id;
  e.title = std::move(title);
  e.starts_at = std::move(starts_at);
  e.status = status;
  e.host_ids = std::move(hosts);
  e.co_host_ids = std::move(co_hosts);
  e.uid = "kolo-event-" + std::to_string(id);
  return e;
}

Document network() {
  Document d;
  d.need_tags = {{1, "housing", "Housing", "Житло", "Жильё"},
                 {2, "anxiety", "Anxiety", "Тривога", "Тревога"},
                 {3, "unused", "Unused", "Не вжито", "Не использовано"}};
  Partner school = partner(10, "School No. 5", PartnerKind::school_kindergarten, "Podil", {"schools"});
  school.contacts = {{11, "Olena Madeup", "school psychologist", "+380 00 000 0000", "olena@example.org", "@olena"}};
  school.notes = "private: the head teacher is difficult";
  school.their_needs = "private: seminars";
  d.partners = {school, partner(12, "Clinic Nova", PartnerKind::clinic_doctor, "  podil ", {"clinics"}),
                partner(13, "Fund Warm Home", PartnerKind::ngo_charity, "Obolon", {"ngo", "Schools"}),
                partner(14, "Acme Ltd", PartnerKind::company, "Troieshchyna", {"companies"})};
  d.services = {service(20, 10, "Support group", {"anxiety"}), service(21, 12, "Consultation", {"anxiety"}),
                service(22, 13, "Crisis housing", {"housing"}), service(23, 14, "EAP", {"anxiety"})};
  d.events = {event(30, "Seminar for teachers", "2025-06-10T15:00", EventStatus::planned, {10}, {13}),
              event(31, "Past workshop", "2025-05-01T10:00", EventStatus::done, {10}),
              event(32, "Cancelled webinar", "2025-07-01T10:00", EventStatus::cancelled, {12}),
              event(33, "Company day", "2025-06-20T10:00", EventStatus::announced, {14}),
              event(34, "Fundraiser", "", EventStatus::planned, {13}),
              event(35, "Just an idea", "", EventStatus::idea, {12}),
              event(36, "Today's meeting", "2025-06-01T18:00", EventStatus::planned, {12})};
  d.events[0].notes = "private: bring the referral forms";
  d.next_id = 40;
  return d;
}

Board sample_board() {
  Document d = network();
  BoardOptions options;
  options.title = "Partners around School No. 5";
  options.owner = {"Oksana Madeup", "oksana@example.org"};
  options.made_at = "2025-06-01T09:30";
  return make_board(d, select_for_board(d, BoardScope::around_partner, 10, "", kToday), options);
}

// The only error of refusing `bytes`.
Error board_error(std::string_view bytes) {
  BoardParse r = parse_board(bytes);
  CHECK_FALSE(r.board.has_value());
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front();
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] choosing
// ------------------------------------------------------------------------------------------------

TEST_CASE("board: around a school picks its area, its event partners, their services and coming events") {
  const Document d = network();
  BoardSelection s = select_for_board(d, BoardScope::around_partner, 10, "", kToday);
  CHECK(s.partner_ids == std::vector<Id>{10, 12, 13});  // the clinic by area (folded), the NGO by the event
  CHECK(s.service_ids == std::vector<Id>{20, 21, 22});
  // 30 coming, 34 undated but planned, 36 today; not 31 (past), 32 (cancelled), 35 (an idea), 33 (unrelated).
  CHECK(s.event_ids == std::vector<Id>{30, 34, 36});
  CHECK(select_for_board(d, BoardScope::around_partner, 999, "", kToday) == BoardSelection{});
}

TEST_CASE("board: area, tag, everything and hand-picked scopes") {
  const Document d = network();
  BoardSelection area = select_for_board(d, BoardScope::area, 0, "PODIL", kToday);
  CHECK(area.partner_ids == std::vector<Id>{10, 12});
  CHECK(area.service_ids == std::vector<Id>{20, 21});
  CHECK(area.event_ids == std::vector<Id>{30, 36});

  BoardSelection tag = select_for_board(d, BoardScope::tag, 0, " schools", kToday);
  CHECK(tag.partner_ids == std::vector<Id>{10, 13});
  CHECK(tag.service_ids == std::vector<Id>{20, 22});
  CHECK(tag.event_ids == std::vector<Id>{30, 34});

  BoardSelection all = select_for_board(d, BoardScope::everything, 0, "", kToday);
  CHECK(all.partner_ids == std::vector<Id>{10, 12, 13, 14});
  CHECK(all.service_ids == std::vector<Id>{20, 21, 22, 23});
  CHECK(all.event_ids == std::vector<Id>{30, 33, 34, 36});

  CHECK(select_for_board(d, BoardScope::hand_picked, 10, "Podil", kToday) == BoardSelection{});
  CHECK(select_for_board(d, BoardScope::area, 0, "  ", kToday) == BoardSelection{});
  // A day later, today's meeting is past.
  CHECK(select_for_board(d, BoardScope::area, 0, "podil", Date{2025, 6, 2}).event_ids == std::vector<Id>{30});
}

TEST_CASE("board: tidying a hand-edited selection drops orphans and unknown ids, keeps events") {
  const Document d = network();
  BoardSelection s{{13, 10, 10, 999}, {23, 20, 22, 998}, {33, 997}};
  tidy_selection(d, s);
  CHECK(s.partner_ids == std::vector<Id>{10, 13});
  CHECK(s.service_ids == std::vector<Id>{20, 22});  // 23's partner is not selected
  CHECK(s.event_ids == std::vector<Id>{33});        // shown even with none of the board's partners
}

// ------------------------------------------------------------------------------------------------
// [SECTION] making and round trips
// ------------------------------------------------------------------------------------------------

TEST_CASE("board: make_board copies the shared fields, sorts, filters event partners and need tags") {
  const Document d = network();
  BoardOptions options;
  options.title = "Podil";
  BoardSelection s = select_for_board(d, BoardScope::area, 0, "Podil", kToday);
  s.event_ids.push_back(34);  // the NGO's fundraiser, hand-picked: undated, so last
  Board b = make_board(d, s, options);
  REQUIRE(b.partners.size() == 2);
  CHECK(b.partners[0].name == "School No. 5");
  CHECK(b.partners[0].contacts == std::vector<BoardContact>{{11, "Olena Madeup", "school psychologist", "+380 00 000 0000",
                                                             "olena@example.org", "@olena"}});
  REQUIRE(b.events.size() == 3);
  CHECK(b.events[0].id == 36);  // 2025-06-01
  CHECK(b.events[1].id == 30);  // 2025-06-10
  CHECK(b.events[2].id == 34);  // undated
  CHECK(b.events[1].host_ids == std::vector<Id>{10});
  CHECK(b.events[1].co_host_ids.empty());  // the NGO is not on this board
  CHECK(b.events[2].host_ids.empty());
  REQUIRE(b.need_tags.size() == 1);
  CHECK(b.need_tags[0] == BoardNeedTag{"anxiety", "Anxiety", "Тривога", "Тревога"});

  options.contacts = false;
  CHECK(make_board(d, s, options).partners[0].contacts.empty());

  const Board around = sample_board();
  CHECK(around.need_tags.size() == 2);
  CHECK(around.need_tags[0].key == "anxiety");  // key order
  CHECK(around.need_tags[1].key == "housing");
}

TEST_CASE("board: the board id depends only on the selection's partners") {
  const Document d = network();
  BoardSelection a = select_for_board(d, BoardScope::around_partner, 10, "", kToday);
  BoardSelection b = a;
  b.event_ids.clear();
  b.partner_ids = {13, 12, 10, 10};
  const std::string id = make_board(d, a, {}).board_id;
  CHECK(id.size() == 18);
  CHECK(id.rfind("b-", 0) == 0);
  CHECK(is_slug(id));
  CHECK(make_board(d, b, {}).board_id == id);
  CHECK(make_board(d, select_for_board(d, BoardScope::area, 0, "Podil", kToday), {}).board_id != id);
}

TEST_CASE("board: file round trip, and the viewer's document validates and shows the same records") {
  Board b = sample_board();
  BoardParse r = parse_board(board_to_json(b));
  INFO(board_to_json(b));
  REQUIRE(r.errors.empty());
  REQUIRE(r.board.has_value());
  CHECK(r.version_found == kBoardFormatVersion);
  CHECK(*r.board == b);
  CHECK(board_to_json(*r.board) == board_to_json(b));

  Document viewer = board_document(*r.board);
  CHECK(validate_file(viewer).empty());
  REQUIRE(viewer.partners.size() == 3);
  CHECK(viewer.partners[0].name == "School No. 5");
  CHECK(viewer.partners[0].stage == Stage::active);
  CHECK(viewer.partners[0].notes.empty());
  CHECK(viewer.partners[0].contacts[0].id == 11);
  CHECK(viewer.services.size() == 3);
  REQUIRE(viewer.events.size() == 3);
  CHECK(viewer.events[0].id == 30);
  CHECK(viewer.events[0].co_host_ids == std::vector<Id>{13});
  CHECK(viewer.events[0].notes.empty());
  CHECK(viewer.events[0].uid == "kolo-event-30");
  CHECK(viewer.need_tags.size() == 2);
  CHECK(viewer.next_id > 36);

  const std::string text = board_to_json(b);
  CHECK(text.find("private") == std::string::npos);
  CHECK(text.rfind("{\"format\":\"kolo-board\",\"version\":1,\"board\":{\"board_id\":", 0) == 0);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] no private text on a board
// ------------------------------------------------------------------------------------------------

namespace {

// Text fields a board may carry, by record type (contact persons: see Marker).
template <class R> bool shared_field(std::string_view f) {
  if constexpr (std::is_same_v<R, Partner>)
    return f == "name" || f == "area" || f == "tags" || f == "address" || f == "website";
  else if constexpr (std::is_same_v<R, Service>)
    return f == "name" || f == "description" || f == "need_tags" || f == "access_rules" || f == "schedule" ||
           f == "languages" || f == "age_groups" || f == "cost" || f == "trusted_specialist";
  else if constexpr (std::is_same_v<R, Event>)
    return f == "title" || f == "starts_at" || f == "time_zone" || f == "place_or_link" || f == "audience" || f == "uid";
  else if constexpr (std::is_same_v<R, NeedTag>)
    return true;
  else if constexpr (std::is_same_v<R, ContactPerson>)
    return f == "phone" || f == "email";
  else
    return false;
}

// Puts a marker into every text field a board must not carry, read from the descriptions: a
// field added to any record later is marked too. A contact person's name, role and messenger
// get "CONTACT-" (shared only with contacts on); everything else private gets "SECRET-".
struct Marker {
  std::mt19937& rng;
  int count = 0;

  std::string marker(const char* prefix) {
    static const char* kTails[] = {"Клієнтка Анна", "діагноз?", "</script>", "<b>", "x", "Ёж", "\"q\"", ""};
    return prefix + std::to_string(++count) + "-" + kTails[rng() % 8] + kTails[rng() % 8];
  }
  template <class R> void record(R& r) {
    describe(r, [&](const Spec& s, auto& member) { field<R>(s, member); });
  }
  template <class R, class T> void field(const Spec& s, T& m) {
    const char* prefix = std::is_same_v<R, ContactPerson> ? "CONTACT-" : "SECRET-";
    if constexpr (std::is_same_v<T, std::string>) {
      if (!shared_field<R>(s.name)) m = marker(prefix);
    } else if constexpr (test::IsVectorT<T>::value) {
      using Item = typename test::IsVectorT<T>::item;
      if constexpr (std::is_same_v<Item, std::string>) {
        if (shared_field<R>(s.name)) return;
        if (m.empty()) m.emplace_back();
        for (std::string& x : m) x = marker(prefix);
      } else if constexpr (kDescribed<Item>) {
        if constexpr (!requires(Item i) { i.id; })
          if (m.empty()) m.emplace_back();  // a checklist item, a history note ...: always something to leak
        for (Item& x : m) record(x);
      }
    }
  }
};

// A random valid network, plus a case, a referral, an interaction, an agreement, a decline and
// the profile about its partners, with every private text marked.
Document marked_document(unsigned seed, std::mt19937& rng, Marker& marker) {
  Document d = test::random_document(seed);
  if (!d.partners.empty()) {
    const Id p = d.partners[rng() % d.partners.size()].id;
    Case c;
    c.id = d.next_id++;
    d.cases.push_back(c);
    Referral r;
    r.id = d.next_id++;
    r.case_id = c.id;
    r.partner_id = p;
    d.referrals.push_back(r);
    d.interactions.push_back({d.next_id++, p, "", Channel::call, "", "", ""});
    d.agreements.push_back({d.next_id++, p, AgreementStatus::signed_, "", "", "", "", ""});
    Decline decline;
    decline.id = d.next_id++;
    decline.case_id = c.id;
    d.declines.push_back(decline);
    Event e = event(d.next_id++, "Joint seminar", "2025-06-0" + std::to_string(1 + rng() % 9) + "T10:00",
                    EventStatus::planned, {p});
    e.referral_ids = {r.id};
    d.events.push_back(e);
  }
  Profile profile;
  profile.id = d.next_id++;
  d.profiles.push_back(profile);
  for_each_table(d, [&](auto& table) {
    for (auto& r : table) marker.record(r);
  });
  return d;
}

}  // namespace

TEST_CASE("board: no private text reaches a board, over thousands of random marked documents") {
  constexpr unsigned kDocuments = 2000;
  std::mt19937 rng(20250601);
  Marker marker{rng};
  std::size_t boards = 0, parsed = 0, partners_shared = 0, events_shared = 0, contacts_shared = 0;
  for (unsigned seed = 1; seed <= kDocuments; ++seed) {
    Document d = marked_document(seed, rng, marker);
    if (seed <= 100) REQUIRE(to_json(d).find("SECRET-") != std::string::npos);  // the markers are there to leak
    const Date today{2025, 1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28)};
    const Id centre = d.partners.empty() ? 0 : d.partners[rng() % d.partners.size()].id;
    const Partner* some = d.partners.empty() ? nullptr : &d.partners[rng() % d.partners.size()];
    const std::string area = some ? some->area : "";
    const std::string tag = some && !some->tags.empty() ? some->tags[0] : "";

    std::vector<BoardSelection> selections = {select_for_board(d, BoardScope::everything, 0, "", today),
                                              select_for_board(d, BoardScope::around_partner, centre, "", today),
                                              select_for_board(d, BoardScope::area, 0, area, today),
                                              select_for_board(d, BoardScope::tag, 0, tag, today),
                                              select_for_board(d, BoardScope::hand_picked, 0, "", today)};
    BoardSelection& picked = selections.back();  // ticked by hand, anything at all
    for (const Partner& p : d.partners)
      if (rng() % 2) picked.partner_ids.push_back(p.id);
    for (const Service& s : d.services)
      if (rng() % 2) picked.service_ids.push_back(s.id);
    for (const Event& e : d.events)
      if (rng() % 2) picked.event_ids.push_back(e.id);
    picked.partner_ids.push_back(d.next_id + 5);  // not in the document: skipped
    if (rng() % 2) tidy_selection(d, picked);

    for (const BoardSelection& s : selections) {
      BoardOptions options;
      options.title = test::random_text(rng);
      options.contacts = rng() % 2;
      options.made_at = "2025-06-01T10:00";
      const Board b = make_board(d, s, options);
      const std::string text = board_to_json(b);
      const std::string element = board_script_element(b);
      INFO("seed " << seed << ": " << text);
      REQUIRE(text.find("SECRET-") == std::string::npos);
      REQUIRE(element.find("SECRET-") == std::string::npos);
      if (!options.contacts) REQUIRE(text.find("CONTACT-") == std::string::npos);
      // What a valid document shares is a valid board (parse_board also validates the
      // viewer's document); one board in four, to keep the test quick under the sanitizers.
      if (rng() % 4 == 0) {
        BoardParse back = parse_board(text);
        REQUIRE(back.errors.empty());
        REQUIRE(*back.board == b);
        ++parsed;
      }
      ++boards;
      partners_shared += b.partners.size();
      events_shared += b.events.size();
      for (const BoardPartner& p : b.partners) contacts_shared += p.contacts.size();
    }
  }
  MESSAGE(boards << " boards (" << parsed << " read back), " << partners_shared << " partners, " << events_shared << " events, " << contacts_shared
                 << " contacts shared");
  CHECK(partners_shared > kDocuments * 2);  // the boards were not empty
  CHECK(events_shared > kDocuments / 2);
  CHECK(contacts_shared > kDocuments / 4);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] refusals
// ------------------------------------------------------------------------------------------------

TEST_CASE("board: parse_board refuses what is not a sound board, with the key and path") {
  const json good = json::parse(board_to_json(sample_board()));
  auto with = [&](auto change) {
    json j = good;
    change(j);
    return j.dump();
  };

  CHECK(board_error("{not json").key == "err.not_json");
  CHECK(board_error("[1,2]").key == "err.not_board");
  Error format = board_error(with([](json& j) { j["format"] = "kolo"; }));
  CHECK(format.key == "err.not_board");
  CHECK(format.path == "/format");
  Error newer = board_error(with([](json& j) { j["version"] = 2; }));
  CHECK(newer == Error{"err.board_too_new", "/version", {"2", "1"}});
  CHECK(board_error(with([](json& j) { j["version"] = 18446744073709551615ULL; })).key == "err.board_too_new");
  CHECK(board_error(with([](json& j) { j["version"] = 0; })).key == "err.unknown_version");
  CHECK(board_error(with([](json& j) { j["version"] = "1"; })).key == "err.wrong_type");
  CHECK(board_error(with([](json& j) { j.erase("board"); })) == Error{"err.missing_field", "/board", {"board"}});

  Error orphan = board_error(with([](json& j) { j["board"]["services"][1]["partner_id"] = 14; }));
  CHECK(orphan == Error{"err.missing_ref", "/board/services/1/partner_id", {"14"}});
  Error role = board_error(with([](json& j) { j["board"]["events"][0]["venue_ids"] = {10, 99}; }));
  CHECK(role == Error{"err.missing_ref", "/board/events/0/venue_ids/1", {"99"}});
  Error long_name = board_error(with([](json& j) { j["board"]["partners"][2]["name"] = std::string(201, 'x'); }));
  CHECK(long_name == Error{"err.too_long", "/board/partners/2/name", {"201", "200"}});
  Error email = board_error(with([](json& j) { j["board"]["partners"][0]["contacts"][0]["email"] = "nope"; }));
  CHECK(email == Error{"err.bad_email", "/board/partners/0/contacts/0/email", {"nope"}});
  CHECK(board_error(with([](json& j) { j["board"]["partners"][0]["website"] = "not a site"; })).key == "err.bad_url");
  CHECK(board_error(with([](json& j) { j["board"]["events"][0]["starts_at"] = "2025-02-30T10:00"; })).key ==
        "err.bad_datetime");
  CHECK(board_error(with([](json& j) { j["board"]["partners"][1]["kind"] = "school"; })).key == "err.bad_enum");
  CHECK(board_error(with([](json& j) { j["board"]["partners"][1]["name"] = 5; })) ==
        Error{"err.wrong_type", "/board/partners/1/name", {"string", "number"}});
  CHECK(board_error(with([](json& j) { j["board"]["partners"][1]["id"] = 0; })).key == "err.bad_id");
  CHECK(board_error(with([](json& j) { j["board"]["partners"][1].erase("id"); })).key == "err.missing_field");
  Error twice = board_error(with([](json& j) { j["board"]["services"][0]["id"] = 10; }));
  CHECK(twice == Error{"err.duplicate_id", "/board/services/0/id", {"10", "/board/partners/0/id"}});
  CHECK(board_error(with([](json& j) { j["board"]["need_tags"][0]["key"] = "Not A Slug"; })).key == "err.bad_slug");
  CHECK(board_error(with([](json& j) { j["board"]["services"][0]["need_tags"] = {"nowhere"}; })).key ==
        "err.unknown_need_tag");
  CHECK(board_error(with([](json& j) { j["board"]["board_id"] = std::string(65, 'b'); })).key == "err.too_long");

  json many = good;
  many["board"]["partners"] = json::array();
  for (std::size_t i = 0; i <= kMaxBoardPartners; ++i) many["board"]["partners"].push_back(json::object());
  CHECK(board_error(many.dump()) == Error{"err.too_many_partners", "/board/partners", {"20001", "20000"}});

  CHECK(board_error(std::string(100000, '[') + std::string(100000, ']')).key == "err.too_deep");
  const std::string whole = board_to_json(sample_board());
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, whole.size() / 3, whole.size() / 2, whole.size() - 1})
    CHECK(board_error(whole.substr(0, cut)).key == "err.not_json");

  // A thousand broken fields: the report stops at kMaxReportedErrors.
  json broken = good;
  broken["board"]["partners"] = json::array();
  for (int i = 0; i < 1000; ++i) broken["board"]["partners"].push_back({{"id", i + 1}, {"name", 1}, {"kind", "x"}});
  CHECK(parse_board(broken.dump()).errors.size() == kMaxReportedErrors);
}

TEST_CASE("board: fields a board does not have (cases, notes) are never read") {
  json j = json::parse(board_to_json(sample_board()));
  j["board"]["cases"] = json::array({{{"alias", "SECRET-client"}, {"notes", "SECRET-notes"}}});
  j["board"]["partners"][0]["notes"] = "SECRET-partner-notes";
  j["board"]["events"][0]["checklist"] = json::array({{{"text", "SECRET-item"}}});
  j["board"]["referrals"] = "not even an array";
  BoardParse r = parse_board(j.dump());
  REQUIRE(r.errors.empty());
  REQUIRE(r.board.has_value());
  CHECK(*r.board == sample_board());
  CHECK(board_to_json(*r.board).find("SECRET") == std::string::npos);
  CHECK(to_json(board_document(*r.board)).find("SECRET") == std::string::npos);
}

TEST_CASE("board: every JSONTestSuite parsing case is refused without a crash") {
  const std::filesystem::path dir = std::filesystem::path(KOLO_PEER_DIR) / "JSONTestSuite" / "test_parsing";
  if (!std::filesystem::is_directory(dir)) {
    MESSAGE("skipped: " << dir.string() << " is absent (the peer corpus is not checked out)");
    return;
  }
  int files = 0, n_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    BoardParse r = parse_board(read_file(entry.path()));
    ++files;
    CHECK((r.board.has_value() != !r.errors.empty()));
    CHECK_FALSE(r.board.has_value());  // none of them is a board, the y_ files included
    if (name.rfind("n_", 0) == 0) ++n_files;
  }
  CHECK(files > 300);
  CHECK(n_files > 150);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] the board page
// ------------------------------------------------------------------------------------------------

TEST_CASE("board: the page element holds the JSON, and a </script> in a name cannot end it early") {
  Document d = network();
  d.partners[0].name = "</script><script>alert(1)</script> School";
  d.services[0].description = "<!-- --> </SCRIPT> <script";
  Board b = make_board(d, select_for_board(d, BoardScope::everything, 0, "", kToday), {});
  const std::string element = board_script_element(b);
  CHECK(element.rfind("<script type=\"application/json\" id=\"kolo-board\">", 0) == 0);
  CHECK(element.find("</script>") == element.size() - 9);  // only the closing tag
  CHECK(element.find('<', 1) == element.size() - 9);       // no '<' at all inside

  const std::string page = "<!doctype html><html><head><script>var x = 1;</script></head><body><h1>Board</h1>" +
                           element + "<script src=\"viewer.js\"></script></body></html>";
  const std::string_view found = board_json_in_html(page);
  CHECK(found == board_to_json(b));
  BoardParse r = parse_board(found);
  REQUIRE(r.board.has_value());
  CHECK(*r.board == b);
  CHECK(r.board->partners[0].name == "</script><script>alert(1)</script> School");

  CHECK(board_json_in_html("<html><body>no board</body></html>").empty());
  CHECK(board_json_in_html("<script type=\"application/json\" id=\"kolo-board\">{\"unclosed\"").empty());
  CHECK(board_json_in_html("").empty());
}
