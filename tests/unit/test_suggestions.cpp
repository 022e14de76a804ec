// Suggested updates (issue 12): a liaison's suggestions made on a board, their file, the
// owner's review against the document as it is now, and the one undoable step that applies
// what the owner accepted.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/commands.hpp"
#include "core/i18n.hpp"
#include "core/suggestions.hpp"
#include "io/kolo_json.hpp"
#include "io/suggestions_json.hpp"
#include "test_support.hpp"

using kolo::test::read_file;

using namespace kolo;
using nlohmann::json;

namespace {

const Date kToday{2025, 5, 20};

Suggestion field_change(SuggestionKind kind, Id partner, Id other, std::string field, std::string before,
                        std::string after) {
  Suggestion s;
  s.kind = kind;
  s.partner_id = kind == SuggestionKind::service_field ? 0 : partner;
  s.service_id = kind == SuggestionKind::service_field ? other : 0;
  s.contact_id = kind == SuggestionKind::contact_field ? other : 0;
  s.field = std::move(field);
  s.before = std::move(before);
  s.after = std::move(after);
  return s;
}

// What a school liaison suggests on a board made from test::sample_document().
SuggestionSet board_set() {
  SuggestionSet set;
  set.board_id = "b-3-6";
  set.board_revision = 2;
  set.board_made_at = "2025-05-01T09:00";
  set.board_title = "Партнери навколо Ліцею №7";
  set.from_name = "Marta";
  set.from_contact = "marta@example.org";
  set.made_at = "2025-05-19T16:45";
  // 0: the shelter's hours changed.
  set.changes.push_back(field_change(SuggestionKind::service_field, 0, 7, "schedule", "пн-пт", "пн-сб, 9:00-18:00"));
  // 1: the school psychologist has a new phone.
  set.changes.push_back(
      field_change(SuggestionKind::contact_field, 3, 4, "phone", "+380 00 000 0000", "+380 44 123 45 67"));
  // 2: a new coordinator at the fund.
  Suggestion c;
  c.kind = SuggestionKind::new_contact;
  c.partner_id = 6;
  c.contact = {0, "Петро Новий", "координатор", "", "petro@example.org", ""};
  set.changes.push_back(c);
  // 3: the deputy head left.
  Suggestion left;
  left.kind = SuggestionKind::contact_left;
  left.partner_id = 3;
  left.contact_id = 5;
  left.before = "Ivan Madeup";
  set.changes.push_back(left);
  // 4: the fund's address.
  set.changes.push_back(field_change(SuggestionKind::partner_field, 6, 0, "address", "", "вул. Нова, 5"));
  // 5: a new youth centre, with its contact.
  Suggestion np;
  np.kind = SuggestionKind::new_partner;
  np.partner = {0, "Центр «Надія»", PartnerKind::ngo_charity, "Оболонь", {"молодь"}, "", "nadiya.example.org",
                {{0, "Оля", "адміністраторка", "067 123 4567", "", ""}}};
  np.note = "opened in April, free groups for teenagers";
  set.changes.push_back(np);
  // 6: the school closed (for the test: a closed school).
  Suggestion closed;
  closed.kind = SuggestionKind::partner_closed;
  closed.partner_id = 3;
  closed.before = "Ліцей №7";
  closed.note = "closed since September";
  set.changes.push_back(closed);
  return set;
}

std::vector<ReviewState> states(const std::vector<ReviewItem>& items) {
  std::vector<ReviewState> out;
  for (const ReviewItem& i : items) out.push_back(i.state);
  return out;
}

const Partner& partner(const Document& d, Id id) {
  const Partner* p = find_record<Partner>(d, id);
  REQUIRE(p != nullptr);
  return *p;
}

const Partner* partner_named(const Document& d, const std::string& name) {
  for (const Partner& p : d.partners)
    if (p.name == name) return &p;
  return nullptr;
}

Error first_error(std::string_view bytes) {
  SuggestionsParse r = parse_suggestions(bytes);
  CHECK_FALSE(r.set.has_value());
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front();
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// making suggestions
// ------------------------------------------------------------------------------------------------

TEST_CASE("suggestions: every kind has its label and its spelling in the file") {
  for (SuggestionKind k : kSuggestionKinds) {
    CAPTURE(kind_name(k));
    CHECK(has_key(label_key(k)));
    SuggestionKind back = SuggestionKind::new_partner;
    CHECK(kind_from_name(kind_name(k), &back));
    CHECK(back == k);
  }
  SuggestionKind untouched = SuggestionKind::partner_field;
  CHECK_FALSE(kind_from_name("partner_deleted", &untouched));
  CHECK(untouched == SuggestionKind::partner_field);
  CHECK(has_key("cmd.accept_suggestions"));
  CHECK(std::string(tr(label_key(SuggestionKind::partner_closed), Lang::uk)) == "Партнер закрився");
}

TEST_CASE("suggestions: the board's suggestions pass the checks, and bad ones say where") {
  for (const Suggestion& s : board_set().changes) CHECK(check_suggestion(s).empty());

  auto first = [](const Suggestion& s) {
    std::vector<Error> e = check_suggestion(s);
    REQUIRE_FALSE(e.empty());
    return e.front();
  };
  // A field a suggestion may not change (notes are the owner's own).
  Error e = first(field_change(SuggestionKind::partner_field, 6, 0, "notes", "", "x"));
  CHECK(e == Error{"err.suggestion_bad_field", "/field", {"notes"}});
  // Forms as the document checks them.
  e = first(field_change(SuggestionKind::contact_field, 3, 4, "phone", "", "call the secretary"));
  CHECK(e.key == "err.bad_phone");
  CHECK(e.path == "/after");
  e = first(field_change(SuggestionKind::partner_field, 6, 0, "website", "", "not a site"));
  CHECK(e.key == "err.bad_url");
  e = first(field_change(SuggestionKind::service_field, 0, 7, "name", "Кризове житло", "  "));
  CHECK(e == Error{"err.required", "/after", {}});  // a service keeps a name
  e = first(field_change(SuggestionKind::service_field, 0, 7, "cost", "", std::string(201, 'x')));
  CHECK(e == Error{"err.too_long", "/after", {"201", "200"}});
  e = first(field_change(SuggestionKind::partner_field, 0, 0, "area", "", "Оболонь"));
  CHECK(e == Error{"err.required", "/partner_id", {}});

  Suggestion c = board_set().changes[2];
  c.contact.email = "petro at example";
  e = first(c);
  CHECK(e == Error{"err.bad_email", "/contact/email", {"petro at example"}});
  c.contact = {};
  CHECK(first(c) == Error{"err.suggestion_empty_contact", "/contact", {}});
  c.contact.phone = "067 000 11 22";  // a phone alone is enough
  CHECK(check_suggestion(c).empty());

  Suggestion np = board_set().changes[5];
  np.partner.name = " ";
  CHECK(first(np) == Error{"err.required", "/partner/name", {}});
  np = board_set().changes[5];
  np.partner.contacts[0].email = "olya@";
  CHECK(first(np).path == "/partner/contacts/0/email");
  np.partner.contacts[0] = {};
  CHECK(first(np) == Error{"err.suggestion_empty_contact", "/partner/contacts/0", {}});
}

TEST_CASE("suggestions file: a set survives a round trip exactly, the same set gives the same bytes") {
  SuggestionSet set = board_set();
  set.changes[4].note = "quotes \" and \\ and a\nline, emoji 🙂";
  const std::string bytes = suggestions_to_json(set);
  CHECK(bytes == suggestions_to_json(set));
  CHECK(bytes.find('\n') == std::string::npos);  // compact
  CHECK(bytes.rfind(R"({"format":"kolo-suggestions","version":1,"suggestions":{"board_id":"b-3-6")", 0) == 0);
  SuggestionsParse r = parse_suggestions(bytes);
  CHECK(r.errors.empty());
  REQUIRE(r.set.has_value());
  CHECK(r.version_found == 1);
  CHECK(*r.set == set);

  SuggestionSet empty;
  SuggestionsParse e = parse_suggestions(suggestions_to_json(empty));
  REQUIRE(e.set.has_value());
  CHECK(*e.set == empty);
}

// ------------------------------------------------------------------------------------------------
// review
// ------------------------------------------------------------------------------------------------

TEST_CASE("suggestions, review: on the document the board was made from, every suggestion applies") {
  const Document doc = test::sample_document();
  std::vector<ReviewItem> items = review(doc, board_set());
  REQUIRE(items.size() == 7);
  CHECK(states(items) == std::vector<ReviewState>(7, ReviewState::applies));
  CHECK(items[0].current == "пн-пт");
  CHECK(items[6].current == "Ліцей №7");
}

TEST_CASE("suggestions, review: what the owner changed since the board shows as conflict, already or cannot") {
  Document doc = test::sample_document();
  Command inverse;
  // The owner changed the shelter's schedule since the board: a conflict, with what it says now.
  Service shelter = *find_record<Service>(doc, 7);
  shelter.schedule = "вт-пт";
  REQUIRE_FALSE(apply_command(doc, put_command(shelter), &inverse));
  // The fund's address is already the one suggested.
  Partner fund = partner(doc, 6);
  fund.address = "вул. Нова, 5";
  REQUIRE_FALSE(apply_command(doc, put_command(fund), &inverse));
  // The new centre is in the network already (found by its name, folded).
  Partner centre;
  centre.name = "центр «надія»";
  REQUIRE_FALSE(apply_command(doc, put_command(centre), &inverse));

  std::vector<ReviewItem> items = review(doc, board_set());
  CHECK(items[0].state == ReviewState::conflict);
  CHECK(items[0].current == "вт-пт");
  CHECK(items[4].state == ReviewState::already);
  CHECK(items[5].state == ReviewState::already);
  CHECK(items[5].current == "центр «надія»");
  CHECK(items[1].state == ReviewState::applies);

  // The school was closed by the owner too, and its deputy head taken off: nothing to do.
  Partner school = partner(doc, 3);
  school.stage = Stage::dormant;
  school.contacts.pop_back();
  REQUIRE_FALSE(apply_command(doc, put_command(school), &inverse));
  items = review(doc, board_set());
  CHECK(items[3].state == ReviewState::already);
  CHECK(items[6].state == ReviewState::already);

  // The owner deleted the school since: what names it cannot apply, and says which record.
  REQUIRE_FALSE(apply_command(doc, delete_command(Table::partners, 3), &inverse));
  items = review(doc, board_set());
  for (std::size_t i : {1u, 3u, 6u}) {
    CAPTURE(i);
    CHECK(items[i].state == ReviewState::cannot);
    CHECK(items[i].why == Error{"err.suggestion_target_gone", "/partner_id", {"3"}});
  }
  CHECK(describe(items[1].why, Lang::en).find("record 3 is no longer in your network") != std::string::npos);

  // A contact the owner deleted: a change to it cannot apply either.
  Document other = test::sample_document();
  Partner s2 = partner(other, 3);
  s2.contacts.erase(s2.contacts.begin());
  REQUIRE_FALSE(apply_command(other, put_command(s2), &inverse));
  items = review(other, board_set());
  CHECK(items[1].state == ReviewState::cannot);
  CHECK(items[1].why == Error{"err.suggestion_target_gone", "/contact_id", {"4"}});

  // An invalid suggestion cannot apply, with its own error.
  SuggestionSet bad;
  bad.changes.push_back(field_change(SuggestionKind::partner_field, 6, 0, "website", "", "no site"));
  items = review(test::sample_document(), bad);
  CHECK(items[0].state == ReviewState::cannot);
  CHECK(items[0].why.key == "err.bad_url");
}

// ------------------------------------------------------------------------------------------------
// accepting
// ------------------------------------------------------------------------------------------------

TEST_CASE("suggestions, accepting: one undoable step applies every accepted change, and undo restores exactly") {
  const Document before = test::sample_document();
  Document doc = before;
  std::vector<ReviewItem> items = review(doc, board_set());
  std::vector<ReviewItem> skipped;
  Command cmd = accept_command(doc, items, "Marta", kToday, Lang::en, &skipped);
  CHECK(skipped.empty());
  CHECK(cmd.name_key == "cmd.accept_suggestions");
  // One put per record: the school (phone, contact left, closed), the fund (contact, address),
  // the shelter, the new centre.
  const Batch& batch = std::get<Batch>(cmd.op);
  REQUIRE(batch.steps.size() == 4);
  std::vector<Id> put_ids;
  for (const Command& step : batch.steps) put_ids.push_back(record_id(std::get<PutRecord>(step.op).record));
  CHECK(put_ids == std::vector<Id>{3, 6, 7, 0});

  Command inverse;
  std::optional<Error> error = apply_command(doc, cmd, &inverse);  // validates the whole result
  REQUIRE_FALSE(error.has_value());

  CHECK(find_record<Service>(doc, 7)->schedule == "пн-сб, 9:00-18:00");
  const Partner& school = partner(doc, 3);
  REQUIRE(school.contacts.size() == 1);  // Ivan left
  CHECK(school.contacts[0].phone == "+380 44 123 45 67");
  CHECK(school.stage == Stage::dormant);
  CHECK(school.stage_history.back() == StageMove{Stage::dormant, "2025-05-20"});
  CHECK(school.notes == "Closed, as Marta reported on 2025-05-20: closed since September");
  const Partner& fund = partner(doc, 6);
  CHECK(fund.address == "вул. Нова, 5");
  REQUIRE(fund.contacts.size() == 1);
  CHECK(fund.contacts[0].name == "Петро Новий");
  CHECK(fund.contacts[0].id >= before.next_id);  // a fresh id
  CHECK(fund.notes == "notes");                   // untouched
  const Partner* centre = partner_named(doc, "Центр «Надія»");
  REQUIRE(centre != nullptr);
  CHECK(centre->id >= before.next_id);
  CHECK(centre->stage == Stage::prospect);
  CHECK(centre->kind == PartnerKind::ngo_charity);
  CHECK(centre->website == "nadiya.example.org");
  REQUIRE(centre->contacts.size() == 1);
  CHECK(centre->contacts[0].id > 0);
  CHECK(centre->contacts[0].id != centre->id);
  CHECK(centre->notes == "Suggested by Marta on 2025-05-20: opened in April, free groups for teenagers");

  // Undo: the document as it was, record for record.
  Command redo;
  REQUIRE_FALSE(apply_command(doc, inverse, &redo));
  CHECK(test::same_tables(doc, before));
}

TEST_CASE("suggestions, accepting: the notes are worded in the owner's language; an edited change applies as edited") {
  Document doc = test::sample_document();
  std::vector<ReviewItem> items = review(doc, board_set());
  std::vector<ReviewItem> accepted = {items[0], items[6]};
  accepted[0].change.after = "пн-пт, 10:00-17:00";  // the owner edited the suggested hours
  accepted[1].change.note = "";
  Command cmd = accept_command(doc, accepted, "", kToday, Lang::uk, nullptr);
  Command inverse;
  REQUIRE_FALSE(apply_command(doc, cmd, &inverse));
  CHECK(find_record<Service>(doc, 7)->schedule == "пн-пт, 10:00-17:00");
  CHECK(partner(doc, 3).notes ==
        trf("suggestion.closed_note", Lang::uk, {tr("suggestion.someone", Lang::uk), "2025-05-20"}));
  CHECK(partner(doc, 3).notes.find("хтось") != std::string::npos);
}

TEST_CASE("suggestions, accepting on a changed document: applies the rest and reports what it could not") {
  // The board was made, then the owner deleted the school and changed the shelter's hours.
  Document doc = test::sample_document();
  Command inverse;
  REQUIRE_FALSE(apply_command(doc, delete_command(Table::partners, 3), &inverse));
  Service shelter = *find_record<Service>(doc, 7);
  shelter.schedule = "вт-пт";
  REQUIRE_FALSE(apply_command(doc, put_command(shelter), &inverse));
  const Document before = doc;

  const std::vector<ReviewItem> items = review(doc, board_set());
  CHECK(states(items) == std::vector<ReviewState>{ReviewState::conflict, ReviewState::cannot, ReviewState::applies,
                                                  ReviewState::cannot, ReviewState::applies, ReviewState::applies,
                                                  ReviewState::cannot});
  // The owner accepts everything (the conflict too): what names the school is skipped.
  std::vector<ReviewItem> skipped;
  Command cmd = accept_command(doc, items, "Marta", kToday, Lang::en, &skipped);
  REQUIRE(skipped.size() == 3);
  for (const ReviewItem& s : skipped) {
    CHECK(s.state == ReviewState::cannot);
    CHECK(s.why == Error{"err.suggestion_target_gone", "/partner_id", {"3"}});
  }
  CHECK(skipped[0].change == board_set().changes[1]);
  REQUIRE_FALSE(apply_command(doc, cmd, &inverse));
  CHECK(find_record<Service>(doc, 7)->schedule == "пн-сб, 9:00-18:00");
  CHECK(partner(doc, 6).contacts.size() == 1);
  CHECK(partner_named(doc, "Центр «Надія»") != nullptr);
  CHECK(find_record<Partner>(doc, 3) == nullptr);  // not brought back

  // An invalid edit is skipped with its error, never put into the document.
  std::vector<ReviewItem> edited = {items[4]};
  edited[0].change.after = std::string(300, 'x');
  skipped.clear();
  Command none = accept_command(before, edited, "Marta", kToday, Lang::en, &skipped);
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].why.key == "err.too_long");
  CHECK(std::get<Batch>(none.op).steps.empty());

  REQUIRE_FALSE(apply_command(doc, inverse, nullptr));
  CHECK(test::same_tables(doc, before));
}

// ------------------------------------------------------------------------------------------------
// refusing files
// ------------------------------------------------------------------------------------------------

TEST_CASE("suggestions file: refused with a clear error and a pointer") {
  const json good = json::parse(suggestions_to_json(board_set()));
  auto with = [&](auto&& edit) {
    json j = good;
    edit(j);
    return j.dump();
  };

  CHECK(first_error("not json at all").key == "err.not_json");
  CHECK(first_error("[1,2]").key == "err.not_suggestions");
  CHECK(first_error(with([](json& j) { j["format"] = "kolo"; })) == Error{"err.not_suggestions", "/format", {}});
  CHECK(first_error(with([](json& j) { j.erase("format"); })).key == "err.not_suggestions");
  CHECK(first_error(with([](json& j) { j["version"] = 2; })) == Error{"err.suggestions_too_new", "/version", {"2", "1"}});
  CHECK(first_error(with([](json& j) { j["version"] = 18446744073709551615ull; })).key == "err.suggestions_too_new");
  CHECK(first_error(with([](json& j) { j["version"] = 0; })) == Error{"err.unknown_version", "/version", {"0"}});
  CHECK(first_error(with([](json& j) { j["version"] = "1"; })).key == "err.wrong_type");
  CHECK(first_error(with([](json& j) { j.erase("suggestions"); })) ==
        Error{"err.missing_field", "/suggestions", {"suggestions"}});

  // A change of a kind this version does not know.
  Error e = first_error(with([](json& j) { j["suggestions"]["changes"][3]["kind"] = "partner_exploded"; }));
  CHECK(e.key == "err.bad_enum");
  CHECK(e.path == "/suggestions/changes/3/kind");
  CHECK(e.args.at(0) == "partner_exploded");
  // Wrong types and missing fields, each at its pointer.
  e = first_error(with([](json& j) { j["suggestions"]["changes"][0]["after"] = 5; }));
  CHECK(e == Error{"err.wrong_type", "/suggestions/changes/0/after", {"string", "number"}});
  e = first_error(with([](json& j) { j["suggestions"]["changes"][1].erase("contact_id"); }));
  CHECK(e == Error{"err.missing_field", "/suggestions/changes/1/contact_id", {"contact_id"}});
  e = first_error(with([](json& j) { j["suggestions"]["changes"][4]["partner_id"] = -4; }));
  CHECK(e.key == "err.out_of_range");
  CHECK(e.path == "/suggestions/changes/4/partner_id");
  e = first_error(with([](json& j) { j["suggestions"]["changes"] = json::object(); }));
  CHECK(e == Error{"err.wrong_type", "/suggestions/changes", {"array", "object"}});
  // A bad e-mail in a new contact: the pointer leads to it.
  e = first_error(with([](json& j) { j["suggestions"]["changes"][2]["contact"]["email"] = "petro(at)example"; }));
  CHECK(e == Error{"err.bad_email", "/suggestions/changes/2/contact/email", {"petro(at)example"}});
  e = first_error(with([](json& j) { j["suggestions"]["changes"][5]["partner"]["kind"] = "bank"; }));
  CHECK(e.path == "/suggestions/changes/5/partner/kind");
  e = first_error(with([](json& j) { j["suggestions"]["made_at"] = "yesterday"; }));
  CHECK(e == Error{"err.bad_datetime", "/suggestions/made_at", {"yesterday"}});

  // Unknown fields are ignored (a newer Kolo of the same version may add some).
  SuggestionsParse ok = parse_suggestions(with([](json& j) {
    j["extra"] = {1, 2};
    j["suggestions"]["changes"][0]["colour"] = "red";
  }));
  REQUIRE(ok.set.has_value());
  CHECK(*ok.set == board_set());

  // Too many changes for one small file.
  e = first_error(with([](json& j) {
    json& changes = j["suggestions"]["changes"];
    const json one = changes[0];
    while (changes.size() <= kMaxSuggestions) changes.push_back(one);
  }));
  CHECK(e == Error{"err.too_many_suggestions", "/suggestions/changes", {"1001", "1000"}});

  // Hostile nesting never reaches the parser's recursion.
  std::string deep = R"({"format":"kolo-suggestions","version":1,"suggestions":{"changes":[)";
  deep += std::string(100000, '[') + std::string(100000, ']') + "]}}";
  CHECK(first_error(deep).key == "err.too_deep");

  // Many broken changes: the report stops at its cap.
  SuggestionsParse many = parse_suggestions(with([](json& j) {
    json& changes = j["suggestions"]["changes"];
    for (json& c : changes) c["kind"] = "?";
    while (changes.size() < 500) changes.push_back(changes[0]);
  }));
  CHECK_FALSE(many.set.has_value());
  CHECK(many.errors.size() == kMaxReportedErrors);
}

TEST_CASE("suggestions file: every JSONTestSuite case is read without a crash, every n_ file refused") {
  const std::filesystem::path dir = std::filesystem::path(KOLO_PEER_DIR) / "JSONTestSuite" / "test_parsing";
  if (!std::filesystem::is_directory(dir)) {
    MESSAGE("skipped: " << dir.string() << " is absent (the peer corpus is not checked out)");
    return;
  }
  int files = 0, n_files = 0, refused_n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    SuggestionsParse r = parse_suggestions(read_file(entry.path()));
    ++files;
    CHECK((r.set.has_value() != !r.errors.empty()));
    if (name.rfind("n_", 0) == 0) {
      ++n_files;
      if (!r.set) ++refused_n;
    }
  }
  CHECK(files > 300);
  CHECK(refused_n == n_files);
}
