// Validation: what a user is told about a broken record, and where.
#include <doctest/doctest.h>

#include "core/text.hpp"
#include "core/validate.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {
bool has_error(const std::vector<Error>& errors, const std::string& key, const std::string& path) {
  for (const Error& e : errors)
    if (e.key == key && e.path == path) return true;
  return false;
}
}  // namespace

TEST_CASE("the sample and random documents are valid") {
  CHECK(validate(test::sample_document()).empty());
  for (unsigned seed = 1; seed <= 50; ++seed) {
    INFO("seed " << seed);
    CHECK(validate(test::random_document(seed)).empty());
  }
}

TEST_CASE("each rule names the field at fault") {
  Document d = test::sample_document();
  SUBCASE("empty partner name") {
    d.partners[1].name = "   ";
    CHECK(has_error(validate(d), "err.required", "/partners/1/name"));
  }
  SUBCASE("name length is counted in code points, not bytes") {
    d.partners[0].name = std::string();
    for (int i = 0; i < 200; ++i) d.partners[0].name += "ж";  // 400 bytes, 200 characters
    CHECK(validate(d).empty());
    d.partners[0].name += "ж";
    auto errors = validate(d);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == Error{"err.too_long", "/partners/0/name", {"201", "200"}});
  }
  SUBCASE("bad e-mail of a contact") {
    d.partners[0].contacts[0].email = "olena at example";
    CHECK(has_error(validate(d), "err.bad_email", "/partners/0/contacts/0/email"));
  }
  SUBCASE("dates that are not dates") {
    d.partners[0].next_follow_up = "2025-02-29";
    d.agreements[0].end_date = "31.12.2025";
    d.events[0].starts_at = "2025-03-15T24:00";
    auto errors = validate(d);
    CHECK(has_error(errors, "err.bad_date", "/partners/0/next_follow_up"));
    CHECK(has_error(errors, "err.bad_date", "/agreements/0/end_date"));
    CHECK(has_error(errors, "err.bad_datetime", "/events/0/starts_at"));
    d.partners[0].next_follow_up = "2024-02-29";  // a leap day is a day
    CHECK_FALSE(has_error(validate(d), "err.bad_date", "/partners/0/next_follow_up"));
  }
  SUBCASE("trust out of range") {
    d.partners[1].trust = 6;
    CHECK(has_error(validate(d), "err.out_of_range", "/partners/1/trust"));
  }
  SUBCASE("duplicate ids across tables, contacts included") {
    d.services[0].id = 4;  // a contact person's id
    auto errors = validate(d);
    REQUIRE(has_error(errors, "err.duplicate_id", "/services/0/id"));
    CHECK(errors[0].args == std::vector<std::string>{"4", "/partners/0/contacts/0/id"});
  }
  SUBCASE("a file's ids at or above its next_id (a working document may hold other tabs' ids)") {
    d.next_id = 13;
    CHECK(validate(d).empty());
    CHECK(has_error(validate_file(d), "err.id_not_below_next", "/events/0/id"));
    d.next_id = 5;
    CHECK(has_error(validate_file(d), "err.id_not_below_next", "/partners/0/contacts/1/id"));
  }
  SUBCASE("dangling references") {
    d.services[0].partner_id = 999;
    d.referrals[0].case_id = 999;
    d.events[0].co_host_ids.push_back(998);
    auto errors = validate(d);
    CHECK(has_error(errors, "err.missing_ref", "/services/0/partner_id"));
    CHECK(has_error(errors, "err.missing_ref", "/referrals/0/case_id"));
    CHECK(has_error(errors, "err.missing_ref", "/events/0/co_host_ids/2"));
  }
  SUBCASE("a referral's service belongs to its partner") {
    d.referrals[0].service_id = 8;
    CHECK(has_error(validate(d), "err.service_not_of_partner", "/referrals/0/service_id"));
  }
  SUBCASE("need tags come from the taxonomy") {
    d.cases[0].needs.push_back("unicorns");
    CHECK(has_error(validate(d), "err.unknown_need_tag", "/cases/0/needs/2"));
  }
  SUBCASE("invalid UTF-8 anywhere") {
    d.referrals[0].outcome = "ok\xC3";
    CHECK(has_error(validate(d), "err.bad_utf8", "/referrals/0/outcome"));
  }
  SUBCASE("an event needs a title, a service a name") {
    d.events[0].title.clear();
    d.services[1].name.clear();
    auto errors = validate(d);
    CHECK(has_error(errors, "err.required", "/events/0/title"));
    CHECK(has_error(errors, "err.required", "/services/1/name"));
  }
}

TEST_CASE("errors read in the user's language with their path") {
  Error e{"err.too_long", "/partners/3/name", {"201", "200"}};
  CHECK(describe(e, Lang::en) == "/partners/3/name: is too long: 201 characters, at most 200");
  CHECK(describe(e, Lang::uk) == "/partners/3/name: задовге: 201 символів, максимум 200");
  CHECK(describe(Error{"err.not_kolo", "", {}}, Lang::ru) == "это не файл Kolo");
  CHECK(pointer_token("a/b~c") == "a~1b~0c");
}

TEST_CASE("names fold alike across case, Cyrillic and spacing") {
  CHECK(fold_name("  ШКОЛА   №5 ") == "школа №5");
  CHECK(fold_name("Ґанок ЇЖАК Єнот Ё") == "ґанок їжак єнот ё");
  CHECK(fold_name("Fund \"Warm\"\tHome") == "fund \"warm\" home");
  CHECK(utf8_length("😀ж") == 2);
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate encoded in UTF-8
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // an overlong '/'
}

TEST_CASE("every enum value has a JSON spelling and a label in all three languages") {
  auto check_enum = [](auto values) {
    for (auto v : values) {
      INFO(label_key(v));
      decltype(v) back{};
      CHECK(from_string(to_string(v), &back));
      CHECK(back == v);
      CHECK(has_key(label_key(v)));
    }
  };
  check_enum(all_values<PartnerKind>());
  check_enum(all_values<Stage>());
  check_enum(all_values<ServiceFormat>());
  check_enum(all_values<AgreementStatus>());
  check_enum(all_values<Channel>());
  check_enum(all_values<EventKind>());
  check_enum(all_values<EventStatus>());
  check_enum(all_values<Barrier>());
  check_enum(all_values<OnlineLimit>());
  check_enum(all_values<Direction>());
  check_enum(all_values<ReferralStatus>());
  check_enum(all_values<DeclineReason>());
  check_enum(all_values<SelfCheckAnswer>());
  check_enum(all_values<Table>());
  CHECK(to_string(AgreementStatus::signed_) == "signed");
  PartnerKind k = PartnerKind::other;
  CHECK_FALSE(from_string("school", &k));
  CHECK(k == PartnerKind::other);
}
