// Commands and the undo history: every change can be undone exactly, redone, merged when rapid,
// and refused without a trace when invalid.
#include <doctest/doctest.h>

#include "core/history.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {
// Applies `command` through a Store, then checks undo gives back the exact tables and redo the
// changed document, twice over.
void check_undo_redo(const Command& command) {
  Store store(test::sample_document());
  const Document before = store.doc();
  REQUIRE_FALSE(store.apply(command, 0.0).has_value());
  const Document after = store.doc();
  CHECK_FALSE(after == before);
  for (int round = 0; round < 2; ++round) {
    REQUIRE(store.undo());
    CHECK(test::same_tables(store.doc(), before));
    CHECK(store.doc().next_id >= after.next_id);  // never lowered
    REQUIRE(store.redo());
    CHECK(test::same_tables(store.doc(), after));
  }
}
}  // namespace

TEST_CASE("every command's undo restores the exact prior document and redo re-does it") {
  Document d = test::sample_document();
  SUBCASE("add a partner gets the next id, contacts too") {
    Partner p;
    p.name = "Центр «Опора»";
    p.kind = PartnerKind::state_social_service;
    p.contacts = {{0, "Petro", "", "", "", ""}};
    Store store(d);
    REQUIRE_FALSE(store.apply(put_command(p), 0).has_value());
    CHECK(store.doc().partners.back().id == 16);
    CHECK(store.doc().partners.back().contacts[0].id == 17);
    CHECK(store.doc().next_id == 18);
    CHECK(store.undo_name() == "cmd.add_partner");
    check_undo_redo(put_command(p));
  }
  SUBCASE("edit a service in place") {
    Service s = d.services[0];
    s.capacity = 1;
    check_undo_redo(put_command(s));
  }
  SUBCASE("delete a partner with its services, agreements, interactions and event links") {
    Store store(d);
    // The partner with a referral is blocked; the school (no referrals) can go.
    REQUIRE_FALSE(store.apply(delete_command(Table::partners, 3), 0).has_value());
    CHECK(store.doc().partners.size() == 1);
    CHECK(store.doc().services.size() == 1);
    CHECK(store.doc().agreements.empty());
    CHECK(store.doc().events[0].co_host_ids == std::vector<Id>{6});
    CHECK(store.doc().events[0].venue_ids.empty());
    CHECK(store.doc().cases[0].declined_by.empty());  // the case no longer names it as declining
    CHECK(store.undo_name() == "cmd.delete_partner");
    check_undo_redo(delete_command(Table::partners, 3));
  }
  SUBCASE("delete a case takes its referrals and their event links") {
    Store store(d);
    REQUIRE_FALSE(store.apply(delete_command(Table::cases, 11), 0).has_value());
    CHECK(store.doc().referrals.empty());
    CHECK(store.doc().events[0].referral_ids.empty());
    check_undo_redo(delete_command(Table::cases, 11));
  }
  SUBCASE("deleting a re-routed referral leaves the referral that replaced it, unlinked") {
    Document two = d;
    Referral next = two.referrals[0];
    next.id = two.next_id++;
    next.rerouted_from = 12;
    two.referrals[0].status = ReferralStatus::re_routed;
    two.referrals.push_back(next);
    Store store(two);
    REQUIRE_FALSE(store.apply(delete_command(Table::referrals, 12), 0).has_value());
    REQUIRE(store.doc().referrals.size() == 1);
    CHECK(store.doc().referrals[0].id == next.id);
    CHECK(store.doc().referrals[0].rerouted_from == 0);
    REQUIRE(store.undo());
    CHECK(test::same_tables(store.doc(), two));
  }
  SUBCASE("delete a referral, an event, an interaction, an agreement") {
    check_undo_redo(delete_command(Table::referrals, 12));
    check_undo_redo(delete_command(Table::events, 13));
    check_undo_redo(delete_command(Table::interactions, 10));
    check_undo_redo(delete_command(Table::agreements, 9));
  }
  SUBCASE("delete a record in the middle keeps the order on undo") {
    Document many = d;
    for (int i = 0; i < 3; ++i) many.interactions.push_back({many.next_id++, 3, "2025-01-01", Channel::email, "", "", ""});
    Store store(many);
    REQUIRE_FALSE(store.apply(delete_command(Table::interactions, many.interactions[1].id), 0));
    REQUIRE(store.undo());
    CHECK(store.doc() == many);
  }
  SUBCASE("replace the whole document") {
    Document other = test::random_document(7);
    check_undo_redo(replace_command(other, "cmd.load_demo"));
  }
  SUBCASE("a batch is one step") {
    Partner p;
    p.name = "New";
    Store store(d);
    std::vector<Command> steps = {put_command(p), delete_command(Table::events, 13)};
    REQUIRE_FALSE(store.apply(batch_command(steps), 0).has_value());
    CHECK(store.undo_depth() == 1);
    check_undo_redo(batch_command(steps));
  }
}

TEST_CASE("an invalid change changes nothing: not the document, the history or the revision") {
  Store store(test::sample_document());
  REQUIRE_FALSE(store.apply(delete_command(Table::events, 13), 0).has_value());
  const Document before = store.doc();
  const auto revision = store.revision();
  auto refused = [&](const Command& c, const std::string& key, const std::string& path) {
    std::optional<Error> error = store.apply(c, 1);
    REQUIRE(error.has_value());
    CHECK(error->key == key);
    CHECK(error->path == path);
    CHECK(store.doc() == before);  // next_id included: a refused add hands out no id
    CHECK(store.revision() == revision);
    CHECK(store.undo_depth() == 1);
    CHECK(store.can_undo());
  };
  Partner nameless;
  refused(put_command(nameless), "err.required", "/partners/2/name");
  Service orphan;
  orphan.name = "x";
  orphan.partner_id = 4242;
  refused(put_command(orphan), "err.missing_ref", "/services/2/partner_id");
  refused(delete_command(Table::partners, 6), "err.delete_blocked", "/partners/1");  // a referral names it
  refused(delete_command(Table::services, 7), "err.delete_blocked", "/services/0");
  refused(delete_command(Table::need_tags, 1), "err.delete_blocked", "/need_tags/0");
  refused(delete_command(Table::events, 13), "err.not_found", "/events");
  Partner fine;
  fine.name = "fine";
  refused(batch_command({put_command(fine), put_command(nameless)}), "err.required", "/partners/3/name");
}

TEST_CASE("revision counts applies, undos and redos; a new apply clears redo") {
  Store store(test::sample_document());
  CHECK(store.revision() == 0);
  CHECK_FALSE(store.undo());
  Partner p = store.doc().partners[0];
  p.trust = 1;
  REQUIRE_FALSE(store.apply(put_command(p), 0));
  CHECK(store.revision() == 1);
  store.undo();
  CHECK(store.revision() == 2);
  CHECK(store.redo_name() == "cmd.edit_partner");
  store.redo();
  CHECK(store.revision() == 3);
  store.undo();
  p.trust = 2;
  REQUIRE_FALSE(store.apply(put_command(p), 10));
  CHECK_FALSE(store.can_redo());
  CHECK(store.redo_name().empty());
}

TEST_CASE("rapid edits of one field merge into one undo step, slower ones do not") {
  const Document start = test::sample_document();
  auto edit = [](Store& s, const std::string& name, double t) {
    Partner p = s.doc().partners[0];
    p.name = name;
    REQUIRE_FALSE(s.apply(put_command(p, "partner:3:name"), t).has_value());
  };
  SUBCASE("within 1 s of each other: one step, undo goes back to before the first") {
    Store store(start);
    edit(store, "Л", 10.0);
    edit(store, "Лі", 10.4);
    edit(store, "Ліц", 11.3);  // 0.9 s after the previous one
    CHECK(store.undo_depth() == 1);
    CHECK(store.revision() == 3);
    store.undo();
    CHECK(store.doc() == start);
    store.redo();
    CHECK(store.doc().partners[0].name == "Ліц");
  }
  SUBCASE("more than 1 s apart: separate steps") {
    Store store(start);
    edit(store, "A", 10.0);
    edit(store, "AB", 11.5);
    CHECK(store.undo_depth() == 2);
    store.undo();
    CHECK(store.doc().partners[0].name == "A");
  }
  SUBCASE("a different field, or an undo in between, starts a new step") {
    Store store(start);
    edit(store, "A", 10.0);
    Partner p = store.doc().partners[0];
    p.notes = "n";
    REQUIRE_FALSE(store.apply(put_command(p, "partner:3:notes"), 10.1));
    CHECK(store.undo_depth() == 2);
    store.undo();
    edit(store, "AB", 10.2);
    CHECK(store.undo_depth() == 2);
  }
}

TEST_CASE("history is capped") {
  Store store(test::sample_document(), 5);
  for (int i = 0; i < 8; ++i) {
    Partner p = store.doc().partners[0];
    p.trust = i % 5;
    p.notes = std::to_string(i);
    REQUIRE_FALSE(store.apply(put_command(p), i * 10.0));
  }
  CHECK(store.undo_depth() == 5);
  int undone = 0;
  while (store.undo()) ++undone;
  CHECK(undone == 5);
  CHECK(store.doc().partners[0].notes == "2");
}
