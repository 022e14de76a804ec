// Import: replace is one undo step; merge matches by id+name or name, adds new records with fresh
// ids and remapped references, never removes, and is idempotent.
#include <doctest/doctest.h>

#include "core/history.hpp"
#include "core/validate.hpp"
#include "io/import.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {
// The same network as another device would export it: other ids, other spelling of names.
Document foreign_copy() {
  Document d;
  d.need_tags = {{101, "housing", "Housing", "Житло", "Жильё"}, {102, "legal_aid", "Legal aid", "Правова допомога", "Правовая помощь"}};
  Partner ngo{103, "  FUND \"warm   home\" ", PartnerKind::ngo_charity, "Київ", {}, {}, Stage::active, 4, 0, "", "", "notes", "", "", 0, "", {}, 0};
  Partner lawyers{104, "Юридична клініка", PartnerKind::university, "", {}, {{105, "Anna", "", "", "", ""}},
                  Stage::contacted, 2, 0, "", "", "", "", "", 0, "", {}, 0};
  d.partners = {ngo, lawyers};
  d.services = {{106, 103, "КРИЗОВЕ  житло", "до 3 місяців", {"housing"}, "", "", ServiceFormat::in_person, {}, "", "", 4, ""},
                {107, 104, "Консультація", "", {"legal_aid"}, "", "", ServiceFormat::online, {}, "", "", 0, ""}};
  d.cases = {test::make_case(108, "Клієнт Б", {"legal_aid"})};
  Referral r;
  r.id = 109;
  r.case_id = 108;
  r.partner_id = 104;
  r.service_id = 107;
  r.status = ReferralStatus::sent;
  d.referrals = {r};
  Event round_table;
  round_table.id = 110;
  round_table.title = "Круглий стіл";
  round_table.kind = EventKind::working_meeting;
  round_table.starts_at = "2025-06-01T10:00";
  round_table.co_host_ids = {103, 104};
  round_table.referral_ids = {109};
  d.events = {round_table};
  d.next_id = 111;
  return d;
}
}  // namespace

TEST_CASE("merge import adds the new, updates the matched, removes nothing, and remaps references") {
  const Document current = test::sample_document();
  const Document incoming = foreign_copy();
  REQUIRE(validate(incoming).empty());
  ImportPlan plan = plan_import(current, incoming, ImportMode::merge);
  const Document& out = plan.result;
  REQUIRE(validate(out).empty());
  CHECK(plan.of(Table::partners) == TableCounts{1, 1, 0});  // the fund matched by folded name
  CHECK(plan.of(Table::services) == TableCounts{1, 1, 0});  // shelter matched by folded name, updated
  CHECK(plan.of(Table::need_tags) == TableCounts{1, 0, 0});
  CHECK(plan.of(Table::cases) == TableCounts{1, 0, 0});
  CHECK(plan.of(Table::referrals) == TableCounts{1, 0, 0});
  CHECK(plan.of(Table::events) == TableCounts{1, 0, 0});
  CHECK(plan.changes_anything());
  CHECK(out.partners.size() == 3);
  CHECK(out.partners[1].id == 6);  // kept its id
  CHECK(out.partners[1].trust == 4);
  CHECK(out.services[0].id == 7);
  CHECK(out.services[0].name == "КРИЗОВЕ  житло");
  const Partner& lawyers = out.partners[2];
  CHECK(lawyers.id >= current.next_id);
  CHECK(lawyers.contacts[0].id >= current.next_id);
  const Referral& r = out.referrals.back();
  CHECK(r.partner_id == lawyers.id);
  CHECK(r.case_id == out.cases.back().id);
  CHECK(r.service_id == out.services.back().id);
  CHECK(out.events.back().co_host_ids == std::vector<Id>{6, lawyers.id});
  CHECK(out.events.back().referral_ids == std::vector<Id>{r.id});
}

TEST_CASE("importing the same file twice changes nothing the second time") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    Store store(test::random_document(seed));
    const Document incoming = seed % 2 ? foreign_copy() : test::random_document(seed + 1000);
    ImportPlan first = plan_import(store.doc(), incoming, ImportMode::merge);
    std::optional<Error> error = store.apply(first.command, 0);
    REQUIRE_MESSAGE(!error, (error ? describe(*error, Lang::en) : ""));
    const Document after_first = store.doc();
    ImportPlan second = plan_import(store.doc(), incoming, ImportMode::merge);
    CHECK_FALSE(second.changes_anything());
    CHECK(second.result == after_first);
  }
}

TEST_CASE("a file of one's own merges onto itself without change") {
  Document d = test::sample_document();
  ImportPlan plan = plan_import(d, d, ImportMode::merge);
  CHECK_FALSE(plan.changes_anything());
  CHECK(plan.result == d);
}

TEST_CASE("replace import counts the difference and is one undo step") {
  Store store(test::sample_document());
  const Document before = store.doc();
  Document incoming = test::sample_document();
  incoming.partners[0].trust = 1;       // changed
  incoming.interactions.clear();        // removed
  incoming.cases.push_back(test::make_case(16, "Новий", {}));  // added
  incoming.next_id = 17;
  ImportPlan plan = plan_import(store.doc(), incoming, ImportMode::replace);
  CHECK(plan.of(Table::partners) == TableCounts{0, 1, 0});
  CHECK(plan.of(Table::interactions) == TableCounts{0, 0, 1});
  CHECK(plan.of(Table::cases) == TableCounts{1, 0, 0});
  REQUIRE_FALSE(store.apply(plan.command, 0));
  CHECK(store.doc() == incoming);
  CHECK(store.undo_depth() == 1);
  CHECK(store.undo_name() == "cmd.import_replace");
  store.undo();
  CHECK(test::same_tables(store.doc(), before));
  CHECK(store.doc().next_id == 17);  // ids handed out stay handed out
  CHECK_FALSE(store.can_undo());
}

TEST_CASE("removing the example keeps what the user added, changed, or attached to it") {
  Document example;
  NeedTag tag{example.next_id++, "grief", "Grief", "Втрата", "Утрата"};
  example.need_tags.push_back(tag);
  Partner school;
  school.id = example.next_id++;
  school.name = "Школа (вигадана)";
  Partner clinic;
  clinic.id = example.next_id++;
  clinic.name = "Клініка (вигадана)";
  Partner ngo;
  ngo.id = example.next_id++;
  ngo.name = "Фонд (вигаданий)";
  example.partners = {school, clinic, ngo};
  Case client;
  client.id = example.next_id++;
  client.alias = "Клієнтка А.";
  client.opened = "2026-10-01";
  example.cases = {client};

  Store store(example);
  // The user logs a call with the example clinic, renames the example NGO, and adds a
  // partner of their own with a referral for the example client.
  Interaction call;
  call.partner_id = clinic.id;
  call.date = "2026-11-20";
  call.summary = "Домовилися про зустріч";
  REQUIRE_FALSE(store.apply(put_command(call), 1.0).has_value());
  Partner renamed = ngo;
  renamed.name = "Фонд «Світанок»";
  REQUIRE_FALSE(store.apply(put_command(renamed), 2.0).has_value());
  Partner mine;
  mine.name = "Мій колега";
  REQUIRE_FALSE(store.apply(put_command(mine), 3.0).has_value());
  const Id mine_id = store.doc().partners.back().id;
  Referral ref;
  ref.direction = Direction::out;
  ref.case_id = client.id;
  ref.partner_id = mine_id;
  ref.reason = "Потрібен супровід";
  REQUIRE_FALSE(store.apply(put_command(ref), 4.0).has_value());

  REQUIRE_FALSE(store.apply(removal_command(store.doc(), example), 5.0).has_value());
  const Document& d = store.doc();
  CHECK(find_record<Partner>(d, school.id) == nullptr);  // untouched example: gone
  CHECK(find_record<Partner>(d, clinic.id) != nullptr);  // the user's call depends on it
  CHECK(find_record<Partner>(d, ngo.id) != nullptr);     // changed by the user
  CHECK(find_record<Partner>(d, mine_id) != nullptr);
  CHECK(find_record<Case>(d, client.id) != nullptr);     // the user's referral names it
  CHECK(d.interactions.size() == 1);
  CHECK(d.referrals.size() == 1);
  CHECK(d.need_tags.empty());  // nothing staying uses it
}
