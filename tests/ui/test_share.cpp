// Shared boards through the UI (view_share.cpp, view_board.cpp, app_board.cpp): the owner makes
// a board around one school of the example network and saves it as a file and as a page; a
// liaison opens it read-only, finds a partner, suggests a change and exports it; the owner
// reviews the suggestion, accepts it as one step and undoes it. Bad files change nothing.
#include <doctest/doctest.h>

#include <string>

#include "headless.hpp"
#include "io/board_json.hpp"
#include "io/kolo_json.hpp"
#include "io/suggestions_json.hpp"

using kolo::test::Headless;
using kolo::test::fill_field;

namespace {

constexpr kolo::Id kLyceum = 71;  // Ліцей «Обрій» (вигаданий) in the example network

void choose(Headless& ui, const std::string& combo, const std::string& choice) {
  REQUIRE_MESSAGE(ui.click(combo), combo);
  REQUIRE_MESSAGE(ui.click(choice), choice);
}

// The owner's app with the example network, a board around the lyceum filled in.
void make_board_around_lyceum(Headless& ui) {
  ui.app.load_demo();
  ui.frame();
  REQUIRE(ui.click("nav.share"));
  choose(ui, "share.partner", "share_partner." + std::to_string(kLyceum));
  REQUIRE(ui.click("share.apply_rule"));
  ui.frame();
}

std::string last_download(Headless& ui, const std::string& suffix) {
  REQUIRE_FALSE(ui.host.downloads.empty());
  const auto& d = ui.host.downloads.back();
  REQUIRE_MESSAGE(d.name.size() > suffix.size(), d.name);
  CHECK(d.name.substr(d.name.size() - suffix.size()) == suffix);
  return d.bytes;
}

}  // namespace

TEST_CASE("the owner makes a board around one school, previews it and saves it as a file and a page") {
  Headless ui;
  make_board_around_lyceum(ui);
  nlohmann::json s = ui.state()["share"];
  CHECK(s["scope"] == "around_partner");
  CHECK(s["board_partners"].get<int>() >= 2);  // the lyceum and its neighbours
  CHECK(ui.find("share.p." + std::to_string(kLyceum)) != nullptr);

  REQUIRE(ui.click("share.save_json"));
  const std::string bytes = last_download(ui, ".kolo-board.json");
  kolo::BoardParse parsed = kolo::parse_board(bytes);
  REQUIRE(parsed.board.has_value());
  CHECK(parsed.board->partners.size() == s["board_partners"].get<std::size_t>());
  // No client of the example network is on it, by alias or by case notes.
  for (const kolo::Case& c : ui.app.doc().cases) {
    CHECK(bytes.find(c.alias) == std::string::npos);
    if (!c.notes.empty()) CHECK(bytes.find(c.notes) == std::string::npos);
  }
  for (const kolo::Referral& r : ui.app.doc().referrals)
    if (!r.letter_problem.empty()) CHECK(bytes.find(r.letter_problem) == std::string::npos);

  // Unticking a partner in the preview takes it (and its services) off the board.
  const int before = ui.state()["share"]["board_partners"].get<int>();
  const kolo::Id other = parsed.board->partners[0].id == kLyceum ? parsed.board->partners[1].id
                                                                  : parsed.board->partners[0].id;
  REQUIRE(ui.click("share.p." + std::to_string(other)));
  ui.frame();
  CHECK(ui.state()["share"]["board_partners"].get<int>() == before - 1);

  REQUIRE(ui.click("share.save_html"));
  REQUIRE(ui.host.board_pages.size() == 1);
  const auto& page = ui.host.board_pages.back();
  CHECK(page.name.find(".kolo-board.html") != std::string::npos);
  kolo::BoardParse in_page = kolo::parse_board(kolo::board_json_in_html(page.element));
  REQUIRE(in_page.board.has_value());
  CHECK(in_page.board->partners.size() == static_cast<std::size_t>(before - 1));
}

TEST_CASE("a liaison opens a board read-only, finds a partner, suggests a change; the owner accepts it and undoes") {
  Headless owner;
  make_board_around_lyceum(owner);
  REQUIRE(owner.click("share.save_json"));
  const std::string board_file = last_download(owner, ".kolo-board.json");
  const kolo::Partner lyceum = *kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum);

  Headless liaison;
  liaison.open("obrii.kolo-board.json", board_file);
  nlohmann::json st = liaison.state();
  REQUIRE(st.contains("board"));
  CHECK(st["view"] == "board");
  CHECK(st["views"] == nlohmann::json::array({"board", "map"}));
  CHECK(liaison.find("nav.dashboard") == nullptr);
  CHECK(liaison.find("nav.clients") == nullptr);
  CHECK(st["counts"]["cases"] == 0);
  CHECK(st["counts"]["referrals"] == 0);
  CHECK(st["counts"]["interactions"] == 0);

  // Search finds the lyceum by part of its name.
  fill_field(liaison, "board.search", "Обрій");
  CHECK(liaison.state()["board_view"]["shown"] == 1);
  REQUIRE(liaison.click("board.p." + std::to_string(kLyceum)));
  CHECK(liaison.state()["board_view"]["selected"] == kLyceum);

  // A change to the board itself is refused (there is no way to make one; the door says no too).
  CHECK(liaison.app.apply(kolo::put_command(lyceum)).has_value());
  liaison.app.show_error("");

  // Suggest a new address.
  REQUIRE(liaison.click("board.suggest"));
  CHECK(liaison.state()["board_view"]["suggest_open"] == true);
  fill_field(liaison, "suggest.after", "вул. Нова, 5");
  fill_field(liaison, "suggest.note", "переїхали у вересні");
  REQUIRE(liaison.click("suggest.ok"));
  CHECK(liaison.state()["board_view"]["suggestions"] == 1);
  CHECK(liaison.app.unsaved_work());  // closing the page now would ask first
  REQUIRE(liaison.click("board.tab.suggestions"));
  fill_field(liaison, "board.from_name", "Соціальна педагогиня");
  REQUIRE(liaison.click("board.export_suggestions"));
  const std::string suggestions = last_download(liaison, ".kolo-suggestions.json");
  CHECK_FALSE(liaison.app.unsaved_work());
  CHECK(liaison.state()["board_view"]["exported"] != "");

  // The owner opens it, accepts, applies: one undoable step.
  const std::uint64_t rev = owner.app.store().revision();
  owner.open("from-school.kolo-suggestions.json", suggestions);
  nlohmann::json sh = owner.state()["share"];
  REQUIRE(sh.contains("review"));
  REQUIRE(sh["review"]["items"].size() == 1);
  CHECK(sh["review"]["items"][0]["state"] == "applies");
  REQUIRE(owner.click("review.0.accept"));
  REQUIRE(owner.click("review.apply"));
  CHECK(owner.app.store().revision() == rev + 1);
  CHECK(kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum)->address == "вул. Нова, 5");
  REQUIRE(owner.click("edit.undo"));
  CHECK(kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum)->address == lyceum.address);
}

TEST_CASE("closing a board gives back the user's own data, as it was") {
  Headless owner;
  make_board_around_lyceum(owner);
  REQUIRE(owner.click("share.save_json"));
  const std::string board_file = last_download(owner, ".kolo-board.json");
  const std::uint64_t rev = owner.app.store().revision();
  const std::size_t cases = owner.app.doc().cases.size();
  owner.open("b.kolo-board.json", board_file);
  CHECK(owner.state()["counts"]["cases"] == 0);
  CHECK(owner.find("nav.share") == nullptr);
  CHECK_FALSE(owner.state()["can_undo"].get<bool>());
  // A Kolo file dropped meanwhile would go into the hidden own data: refused, with a reason.
  owner.open("mine.json", kolo::to_json(owner.app.own_doc(), "2026-11-23T09:00:00"));
  CHECK_FALSE(owner.state()["error"].get<std::string>().empty());
  CHECK_FALSE(owner.state().contains("import"));
  REQUIRE(owner.click("error.ok"));
  REQUIRE(owner.click("board.close"));
  CHECK_FALSE(owner.state().contains("board"));
  CHECK(owner.app.doc().cases.size() == cases);
  CHECK(owner.app.store().revision() == rev);
  CHECK(owner.state()["view"] == "share");
}

TEST_CASE("a broken, too new or hostile board or suggestions file gets a clear message and changes nothing") {
  Headless ui;
  ui.app.load_demo();
  ui.frame();
  const std::uint64_t rev = ui.app.store().revision();
  const char* bad[] = {
      "{\"format\":\"kolo-board\",\"version\":99,\"board\":{}}",
      "{\"format\":\"kolo-board\",\"version\":1,\"board\":{\"partners\":[{\"id\":\"x\"}]}}",
      "{\"format\":\"kolo-board\",\"version\":1,\"board\":",
  };
  for (const char* b : bad) {
    ui.open("x.kolo-board.json", b);
    const nlohmann::json st = ui.state();
    CHECK_MESSAGE(!st["error"].get<std::string>().empty(), b);
    CHECK_FALSE(st.contains("board"));
    ui.app.show_error("");
  }
  ui.open("deep.kolo-board.json", std::string(100000, '['));
  CHECK_FALSE(ui.state()["error"].get<std::string>().empty());
  ui.app.show_error("");
  ui.open("s.kolo-suggestions.json", "{\"format\":\"kolo-suggestions\",\"version\":7,\"suggestions\":{}}");
  CHECK_FALSE(ui.state()["error"].get<std::string>().empty());
  CHECK_FALSE(ui.state()["share"].contains("review"));
  CHECK(ui.app.store().revision() == rev);
}

TEST_CASE("a review made stale by an edit is worked out again before anything applies; a liaison's suggestions outlive closing the board") {
  Headless owner;
  make_board_around_lyceum(owner);
  REQUIRE(owner.click("share.save_json"));
  const std::string board_file = last_download(owner, ".kolo-board.json");

  Headless liaison;
  liaison.open("b.kolo-board.json", board_file);
  REQUIRE(liaison.click("board.p." + std::to_string(kLyceum)));
  REQUIRE(liaison.click("board.suggest"));
  fill_field(liaison, "suggest.after", "вул. Нова, 5");
  REQUIRE(liaison.click("suggest.ok"));
  // Closed by mistake and opened again: the suggestion is still there.
  REQUIRE(liaison.click("board.close"));
  liaison.open("b.kolo-board.json", board_file);
  CHECK(liaison.state()["board_view"]["suggestions"] == 1);
  REQUIRE(liaison.click("board.tab.suggestions"));
  REQUIRE(liaison.click("board.export_suggestions"));
  const std::string suggestions = last_download(liaison, ".kolo-suggestions.json");

  owner.open("s.kolo-suggestions.json", suggestions);
  REQUIRE(owner.click("review.0.accept"));
  // Meanwhile the owner changes the address herself (another tab, an edit, an undo).
  kolo::Partner p = *kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum);
  p.address = "пров. Тихий, 2";
  REQUIRE_FALSE(owner.app.apply(kolo::put_command(p)).has_value());
  const std::uint64_t rev = owner.app.store().revision();
  REQUIRE(owner.click("review.apply"));
  CHECK(owner.app.store().revision() == rev);  // nothing applied unseen
  CHECK(owner.state()["share"]["review"]["items"][0]["state"] == "conflict");
  CHECK(kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum)->address == "пров. Тихий, 2");
  // Seen now: applying again overwrites, as the owner decided.
  REQUIRE(owner.click("review.apply"));
  CHECK(owner.app.store().revision() == rev + 1);
  CHECK(kolo::find_record<kolo::Partner>(owner.app.doc(), kLyceum)->address == "вул. Нова, 5");
}

TEST_CASE("on a board, changed hours of a service and a new partner are suggested through the dialog; the map shows the board's partners; the owner accepts all that apply") {
  Headless owner;
  make_board_around_lyceum(owner);
  REQUIRE(owner.click("share.save_json"));
  const std::string board_file = last_download(owner, ".kolo-board.json");
  const kolo::BoardParse board = kolo::parse_board(board_file);
  REQUIRE(board.board.has_value());

  Headless liaison;
  liaison.open("b.kolo-board.json", board_file);
  // The map is the board's.
  REQUIRE(liaison.click("nav.map"));
  CHECK(liaison.state()["map"]["nodes"] == board.board->partners.size());
  REQUIRE(liaison.click("nav.board"));

  // The lyceum's school service works other hours now.
  REQUIRE(liaison.click("board.p." + std::to_string(kLyceum)));
  REQUIRE(liaison.click("board.suggest"));
  choose(liaison, "suggest.kind", "suggest_kind.service_field");
  choose(liaison, "suggest.service", "suggest_service.75");  // Шкільна психологічна служба
  choose(liaison, "suggest.field", "suggest_field.schedule");
  fill_field(liaison, "suggest.after", "пн–пт 8:30–15:00");
  REQUIRE(liaison.click("suggest.ok"));
  // A new NGO opened; an e-mail that is not one is refused in the dialog, with a reason.
  REQUIRE(liaison.click("board.suggest_new"));
  fill_field(liaison, "suggest.p.name", "ГО «Нова опора» (вигадана)");
  fill_field(liaison, "suggest.c.name", "Марта (вигадана)");
  fill_field(liaison, "suggest.c.email", "not-an-email");
  REQUIRE(liaison.click("suggest.ok"));
  CHECK_FALSE(liaison.state()["board_view"]["suggest_errors"].empty());
  CHECK(liaison.state()["board_view"]["suggestions"] == 1);
  kolo::test::replace(liaison, "suggest.c.email", "marta@example.org");
  REQUIRE(liaison.click("suggest.ok"));
  CHECK(liaison.state()["board_view"]["suggestions"] == 2);
  REQUIRE(liaison.click("board.tab.suggestions"));
  REQUIRE(liaison.click("board.export_suggestions"));
  const std::string suggestions = last_download(liaison, ".kolo-suggestions.json");

  const std::size_t partners = owner.app.doc().partners.size();
  owner.open("s.kolo-suggestions.json", suggestions);
  REQUIRE(owner.click("review.accept_all"));
  REQUIRE(owner.click("review.apply"));
  CHECK(owner.app.doc().partners.size() == partners + 1);
  CHECK(kolo::find_record<kolo::Service>(owner.app.doc(), 75)->schedule == "пн–пт 8:30–15:00");
  const kolo::Partner& added = owner.app.doc().partners.back();
  CHECK(added.name == "ГО «Нова опора» (вигадана)");
  REQUIRE(added.contacts.size() == 1);
  CHECK(added.contacts[0].email == "marta@example.org");
  CHECK(owner.app.store().can_undo());
}
