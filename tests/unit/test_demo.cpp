// The shipped Ukrainian demo network (assets/demo/demo-uk.json): it loads without errors, covers
// every partner kind, stage, many event kinds and referral statuses, uses only invented contact
// details (+380 00 … phones, example.org / example.com e-mails), keeps cases free of contact
// details, and survives a round trip.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/kolo_json.hpp"

using namespace kolo;

namespace {

const char* const kDemoPath = KOLO_SOURCE_DIR "/assets/demo/demo-uk.json";

std::string read_demo() {
  std::ifstream in(kDemoPath, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << kDemoPath);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The demo document; the test stops with the first parse error if it does not load.
Document load_demo() {
  ParseResult r = parse_kolo(read_demo());
  REQUIRE_MESSAGE(r.errors.empty(),
                  "demo-uk.json does not load: " << (r.errors.empty() ? "" : describe(r.errors[0], Lang::en)));
  REQUIRE(r.doc.has_value());
  return *r.doc;
}

bool email_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%';
}

// Every e-mail-like token (something@domain.tld) in `text`. A messenger handle such as
// "@olena" has no local part and is not an e-mail.
std::vector<std::string> emails_in(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at, end = at + 1;
    while (begin > 0 && email_char(text[begin - 1])) --begin;
    while (end < text.size() && email_char(text[end])) ++end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    if (begin < at && domain.find('.') != std::string_view::npos) out.emplace_back(text.substr(begin, end - begin));
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// A run of digits (separated only by spaces, '-', '(', ')' or '+') holding 10 or more digits:
// what a phone number looks like. Dates ("2026-10-01") have 8.
bool has_phone_like(std::string_view text) {
  int digits = 0;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '+')
      continue;
    else
      digits = 0;
    if (digits >= 10) return true;
  }
  return false;
}

template <class E, class Range, class Get>
std::vector<std::string> missing_values(const Range& rows, Get get) {
  std::set<E> seen;
  for (const auto& r : rows) seen.insert(get(r));
  std::vector<std::string> missing;
  for (E e : all_values<E>())
    if (!seen.count(e)) missing.emplace_back(to_string(e));
  return missing;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

TEST_CASE("demo: the Ukrainian demo network loads without errors") {
  Document d = load_demo();
  CHECK_MESSAGE(d.partners.size() >= 40, "only " << d.partners.size() << " partners");
  CHECK_MESSAGE(d.need_tags.size() >= 12, "only " << d.need_tags.size() << " need tags");
  CHECK_MESSAGE(d.agreements.size() >= 6, "only " << d.agreements.size() << " agreements");
  CHECK_MESSAGE(d.interactions.size() >= 12, "only " << d.interactions.size() << " interactions");
  CHECK_MESSAGE(d.cases.size() >= 5, "only " << d.cases.size() << " cases");
  CHECK_MESSAGE(d.referrals.size() >= 8, "only " << d.referrals.size() << " referrals");
}

TEST_CASE("demo: every partner kind and every stage appears") {
  Document d = load_demo();
  std::vector<std::string> kinds = missing_values<PartnerKind>(d.partners, [](const Partner& p) { return p.kind; });
  CHECK_MESSAGE(kinds.empty(), "partner kinds missing from the demo: " << join(kinds));
  std::vector<std::string> stages = missing_values<Stage>(d.partners, [](const Partner& p) { return p.stage; });
  CHECK_MESSAGE(stages.empty(), "stages missing from the demo: " << join(stages));
}

TEST_CASE("demo: every partner has a contact person") {
  Document d = load_demo();
  for (const Partner& p : d.partners) CHECK_MESSAGE(!p.contacts.empty(), "partner " << p.id << " \"" << p.name << "\" has no contact");
}

TEST_CASE("demo: services are many and tagged from the taxonomy") {
  Document d = load_demo();
  CHECK_MESSAGE(d.services.size() >= 30, "only " << d.services.size() << " services");
  std::set<std::string> keys;
  for (const NeedTag& t : d.need_tags) keys.insert(t.key);
  for (const Service& s : d.services) {
    CHECK_MESSAGE(!s.need_tags.empty(), "service " << s.id << " \"" << s.name << "\" has no need tags");
    for (const std::string& tag : s.need_tags)
      CHECK_MESSAGE(keys.count(tag), "service " << s.id << " uses need tag \"" << tag << "\" not in the taxonomy");
  }
  for (const Case& c : d.cases)
    for (const std::string& tag : c.needs)
      CHECK_MESSAGE(keys.count(tag), "case " << c.id << " uses need tag \"" << tag << "\" not in the taxonomy");
}

TEST_CASE("demo: cases hold no contact details") {
  Document d = load_demo();
  for (const Case& c : d.cases) {
    for (const std::string* field : {&c.alias, &c.priority_tasks, &c.notes}) {
      CHECK_MESSAGE(emails_in(*field).empty(), "case " << c.id << " holds an e-mail: " << *field);
      CHECK_MESSAGE(!has_phone_like(*field), "case " << c.id << " holds something like a phone number: " << *field);
    }
  }
}

TEST_CASE("demo: phones and e-mails are invented") {
  Document d = load_demo();
  for (const Partner& p : d.partners)
    for (const ContactPerson& c : p.contacts) {
      CHECK_MESSAGE((c.phone.empty() || c.phone.rfind("+380 00", 0) == 0),
                    "contact " << c.id << " (" << c.name << ") has a phone outside +380 00: " << c.phone);
      CHECK_MESSAGE((c.email.empty() || ends_with(c.email, "@example.org") || ends_with(c.email, "@example.com")),
                    "contact " << c.id << " (" << c.name << ") has a real-looking e-mail: " << c.email);
    }
  // And anywhere else in the file (notes, letters, links): no other number or address slipped in.
  std::string bytes = read_demo();
  for (std::size_t at = bytes.find("+380"); at != std::string::npos; at = bytes.find("+380", at + 1))
    CHECK_MESSAGE(bytes.compare(at, 7, "+380 00") == 0, "a phone outside +380 00: " << bytes.substr(at, 20));
  for (const std::string& e : emails_in(bytes))
    CHECK_MESSAGE((ends_with(e, "@example.org") || ends_with(e, "@example.com")), "a real-looking e-mail: " << e);
}

TEST_CASE("demo: events and referrals are varied") {
  Document d = load_demo();
  std::set<EventKind> kinds;
  for (const Event& e : d.events) kinds.insert(e.kind);
  CHECK_MESSAGE(kinds.size() >= 5, "events of only " << kinds.size() << " kinds");
  std::set<EventStatus> event_statuses;
  for (const Event& e : d.events) event_statuses.insert(e.status);
  CHECK_MESSAGE(event_statuses.count(EventStatus::done), "no event is done");
  std::set<ReferralStatus> statuses;
  std::set<Direction> directions;
  for (const Referral& r : d.referrals) {
    statuses.insert(r.status);
    directions.insert(r.direction);
    CHECK_MESSAGE(!r.history.empty(), "referral " << r.id << " has no history");
    if (!r.history.empty())
      CHECK_MESSAGE(r.history.back().status == r.status, "referral " << r.id << ": last history entry is not its status");
  }
  CHECK_MESSAGE(statuses.size() >= 6, "referrals cover only " << statuses.size() << " statuses");
  CHECK_MESSAGE(directions.size() == 2, "referrals go only one way");
}

TEST_CASE("demo: round trip gives the same document") {
  Document d = load_demo();
  std::string bytes = to_json(d, "2026-10-20T18:00");
  ParseResult again = parse_kolo(bytes);
  REQUIRE_MESSAGE(again.errors.empty(), "written demo does not load back: " << (again.errors.empty() ? "" : describe(again.errors[0], Lang::en)));
  REQUIRE(again.doc.has_value());
  CHECK_MESSAGE(*again.doc == d, "demo changed in a round trip");
}
