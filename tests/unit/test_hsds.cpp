// HSDS 3.0 in and out (io/hsds.hpp): the official examples (../shared/peer/hsds-3.0, skipped
// with a message where absent) import in every shape; importing again changes nothing; a
// Kolo directory goes out as files the official schema accepts (python3-jsonschema, through
// tests/hsds/validate_hsds.py) and comes back with what HSDS can hold; bad input is refused
// naming the JSON pointer or the file and row.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/hsds.hpp"
#include "io/import.hpp"
#include "run_command.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {

const std::filesystem::path kHsds = std::filesystem::path(KOLO_PEER_DIR) / "hsds-3.0";

bool have_examples() {
  if (std::filesystem::is_directory(kHsds / "examples")) return true;
  MESSAGE("skipped: " << kHsds.string() << " is absent (the peer material is not checked out)");
  return false;
}

const Partner* partner_named(const Document& d, std::string_view name) {
  for (const Partner& p : d.partners)
    if (p.name == name) return &p;
  return nullptr;
}

const Service* service_named(const Document& d, std::string_view name) {
  for (const Service& s : d.services)
    if (s.name == name) return &s;
  return nullptr;
}

Document applied(const Document& current, const HsdsImport& r) {
  REQUIRE(r.incoming);
  return plan_import(current, *r.incoming, ImportMode::merge).result;
}

// The example organization as every shape of the examples gives it.
void check_example_organization(const Document& d, bool with_address) {
  const Partner* org = partner_named(d, "Example Organization Inc.");
  REQUIRE(org != nullptr);
  CHECK(org->kind == PartnerKind::other);
  CHECK(org->website == "http://example.com");
  CHECK(org->notes.find("HSDS id: d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610") != std::string::npos);
  if (with_address) {
    CHECK(org->address == "1-30 Main Street, MyVillage, MyCity, MyState, ABC 1234, US");
    CHECK(org->area == "MyCity");
  }
}

void check_example_service(const Document& d) {
  const Service* s = service_named(d, "Community Counselling");
  REQUIRE(s != nullptr);
  CHECK(s->partner_id == partner_named(d, "Example Organization Inc.")->id);
  CHECK(s->description.rfind("Counselling Services provided by trained professionals.", 0) == 0);
  CHECK(s->access_rules.find("aged 12 and over") != std::string::npos);
  CHECK(s->age_groups == "12+");
  CHECK(s->languages == std::vector<std::string>{"ur"});
  CHECK(s->cost.rfind("Non-NHS patients are expected to pay", 0) == 0);
  CHECK(s->access_rules.find("Please see our website for up to date prices.") != std::string::npos);  // whole there
}

std::vector<HsdsFile> csv_files(bool singular, std::vector<std::string>* keep) {
  std::vector<HsdsFile> files;
  keep->clear();
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(kHsds / "examples" / "csv")) paths.push_back(e.path());
  keep->reserve(paths.size());
  for (const auto& p : paths) {
    keep->push_back(test::read_file(p));
    std::string name = p.filename().string();
    if (singular && name != "datapackage.json") name = hsds_table_name(name) + ".csv";
    files.push_back({name, keep->back()});
  }
  return files;
}

Document directory() {
  Document d;
  d.need_tags = {{1, "anxiety", "Anxiety", "Тривога", "Тревога"}, {2, "family", "Family", "Сім'я", "Семья"}};
  Partner centre;
  centre.id = 3;
  centre.name = "Центр «Рівновага» (вигаданий)";
  centre.kind = PartnerKind::ngo_charity;
  centre.area = "Київ";
  centre.address = "вул. Вигадана, 7, Київ";
  centre.website = "rivnovaha.example.org";
  centre.notes = "ПРИВАТНА НОТАТКА про партнера";
  centre.their_needs = "ПОТРЕБИ-ПРИВАТНІ";
  centre.contacts = {{4, "Ірина Вигадана", "координаторка", "+380 44 000 11 22", "iryna@example.org", ""}};
  Partner online;
  online.id = 5;
  online.name = "Online Help \"Line\"";
  online.kind = PartnerKind::colleague_psychologist;
  Partner bare;
  bare.id = 6;
  bare.name = "Prospect with nothing";
  d.partners = {centre, online, bare};
  Service group;
  group.id = 7;
  group.partner_id = 3;
  group.name = "Група для батьків";
  group.description = "Щотижня, 8 зустрічей;\nз психологинею";
  group.need_tags = {"anxiety", "family"};
  group.access_rules = "За направленням школи";
  group.schedule = "Вт 18:00–19:30";
  group.format = ServiceFormat::both;
  group.languages = {"uk", "ru"};
  group.age_groups = "18+";
  group.cost = "безкоштовно";
  group.capacity = 12;
  group.trusted_specialist = "Ірина Вигадана";
  Service chat;
  chat.id = 8;
  chat.partner_id = 5;
  chat.name = "Chat support";
  chat.format = ServiceFormat::online;
  chat.languages = {"en"};
  chat.age_groups = "12-17";
  d.services = {group, chat};
  Case c;
  c.id = 9;
  c.alias = "КЛІЄНТ-ВИГАДАНИЙ";
  c.needs = {"anxiety"};
  d.cases = {c};
  d.next_id = 10;
  return d;
}

int validate_file(const std::string& bytes, std::string* output) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "kolo-hsds-test.json";
  std::ofstream(file, std::ios::binary) << bytes;
  return test::run_command("/usr/bin/python3 " KOLO_SOURCE_DIR "/tests/hsds/validate_hsds.py " + (kHsds / "schema").string() +
                               " " + file.string(),
                           output);
}

}  // namespace

TEST_CASE("hsds: HSDS file names, singular or plural, name their tables") {
  CHECK(hsds_table_name("organizations.csv") == "organization");
  CHECK(hsds_table_name("organization.csv") == "organization");
  CHECK(hsds_table_name("dir/Service_At_Location.CSV") == "service_at_location");
  CHECK(hsds_table_name("service_at_locations.csv") == "service_at_location");
  CHECK(hsds_table_name("addresses.csv") == "address");
  CHECK(hsds_table_name("taxonomies.csv") == "taxonomy");
  CHECK(hsds_table_name("taxonomy_terms.csv") == "taxonomy_term");
  CHECK(hsds_table_name("accessibility.csv") == "accessibility");
  CHECK(hsds_table_name("funding.csv") == "funding");
  CHECK(hsds_table_name("datapackage.json") == "");
  CHECK(hsds_table_name("partners.csv") == "");
}

TEST_CASE("hsds: every official JSON example with an organization imports, with a report of what was not kept") {
  if (!have_examples()) return;
  for (const char* name : {"organization_full.json", "service_full.json", "service_at_location_full.json"}) {
    CAPTURE(name);
    const std::string bytes = test::read_file(kHsds / "examples" / name);
    CHECK(looks_like_hsds_json(bytes));
    const HsdsImport r = hsds_import_json(Document{}, bytes, Lang::en);
    REQUIRE(r.errors.empty());
    CHECK(r.organizations == 1);
    CHECK(r.services == 1);
    const Document d = applied(Document{}, r);
    check_example_organization(d, true);
    check_example_service(d);
    const Partner* org = partner_named(d, "Example Organization Inc.");
    REQUIRE(org->contacts.size() == 1);  // Ann, once, though the example repeats her
    CHECK(org->contacts[0].name == "Ann Persona");
    CHECK(org->contacts[0].role == "Reception Manager, Reception");
    CHECK(org->contacts[0].phone == "+44 1234 234567");
    CHECK(org->contacts[0].email == "email@example.com");
    const Service* s = service_named(d, "Community Counselling");
    REQUIRE(s->need_tags.size() == 1);  // the taxonomy term became a need tag
    CHECK(d.need_tags.size() == 1);
    CHECK(s->schedule.rfind("The service is available from 10 am to 6pm weekdays.", 0) == 0);
    bool funding = false;
    for (const Error& e : r.report) funding = funding || (e.key == "hsds.not_kept" && e.args[0] == "Funding");
    CHECK(funding);
  }
  for (const char* name : {"organization_list.json", "service_list.json", "service_at_location_list.json", "tabular.json"}) {
    CAPTURE(name);
    const HsdsImport r = hsds_import_json(Document{}, test::read_file(kHsds / "examples" / name), Lang::en);
    REQUIRE(r.errors.empty());
    const Document d = applied(Document{}, r);
    check_example_organization(d, std::string(name) == "tabular.json");
    CHECK(d.services.size() == (std::string(name) == "organization_list.json" ? 0u : 1u));
  }
  // Examples of one record of another table hold no organization: a clear refusal.
  for (const char* name : {"location.json", "taxonomy_term.json", "taxonomy.json", "taxonomy_list.json", "taxonomy_term_list.json"}) {
    CAPTURE(name);
    const HsdsImport r = hsds_import_json(Document{}, test::read_file(kHsds / "examples" / name), Lang::en);
    CHECK(!r.incoming);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].key == "err.hsds_empty");
  }
}

TEST_CASE("hsds: the official CSV tables import, with plural and with singular file names") {
  if (!have_examples()) return;
  for (bool singular : {false, true}) {
    CAPTURE(singular);
    std::vector<std::string> keep;
    const HsdsImport r = hsds_import_tables(Document{}, csv_files(singular, &keep), Lang::uk);
    REQUIRE(r.errors.empty());
    const Document d = applied(Document{}, r);
    check_example_organization(d, true);
    check_example_service(d);
    // The example's datapackage.json is a link in its repository, not a package: said so.
    bool package = false;
    for (const Error& e : r.report) package = package || e.key == "hsds.bad_package";
    CHECK(package);
  }
}

TEST_CASE("hsds: importing the same file again updates instead of duplicating, and keeps what the user added") {
  if (!have_examples()) return;
  const std::string bytes = test::read_file(kHsds / "examples" / "organization_full.json");
  Document d = applied(Document{}, hsds_import_json(Document{}, bytes, Lang::en));
  REQUIRE(d.partners.size() == 1);
  // Again: nothing to change.
  HsdsImport again = hsds_import_json(d, bytes, Lang::en);
  REQUIRE(again.incoming);
  CHECK_FALSE(plan_import(d, *again.incoming, ImportMode::merge).changes_anything());
  // The user sorts the partner, renames it and edits the service; the directory changes.
  d.partners[0].kind = PartnerKind::clinic_doctor;
  d.partners[0].stage = Stage::active;
  d.partners[0].trust = 4;
  d.partners[0].name = "Counselling centre (Example Org)";
  d.services[0].capacity = 3;
  std::string changed = bytes;
  const std::string old_site = "\"website\": \"http://example.com\"";
  REQUIRE(changed.find(old_site) != std::string::npos);
  changed.replace(changed.find(old_site), old_site.size(), "\"website\": \"https://example.org/new\"");
  again = hsds_import_json(d, changed, Lang::en);
  REQUIRE(again.incoming);
  const Document after = plan_import(d, *again.incoming, ImportMode::merge).result;
  REQUIRE(after.partners.size() == 1);  // matched by the HSDS id in its notes, not by name
  CHECK(after.services.size() == 1);
  CHECK(after.partners[0].website == "https://example.org/new");
  CHECK(after.partners[0].kind == PartnerKind::clinic_doctor);
  CHECK(after.partners[0].stage == Stage::active);
  CHECK(after.partners[0].trust == 4);
  CHECK(after.partners[0].name == "Counselling centre (Example Org)");
  CHECK(after.services[0].capacity == 3);
  // A partner of the same name the user keeps already is matched too (any kind).
  Document mine;
  Partner p;
  p.id = 1;
  p.name = "example organization inc.";
  p.kind = PartnerKind::ngo_charity;
  p.notes = "мої нотатки";
  mine.partners = {p};
  mine.next_id = 2;
  const Document merged = applied(mine, hsds_import_json(mine, bytes, Lang::en));
  REQUIRE(merged.partners.size() == 1);
  CHECK(merged.partners[0].kind == PartnerKind::ngo_charity);
  CHECK(merged.partners[0].notes.rfind("мої нотатки\nHSDS id: ", 0) == 0);
  CHECK(merged.services.size() == 1);
}

TEST_CASE("hsds: the export validates against the official schema; the validator does refuse a broken file") {
  if (!have_examples()) return;
  const std::string bytes = hsds_export(directory(), Lang::uk);
  std::string output;
  INFO(output);
  REQUIRE(validate_file(bytes, &output) == 0);
  CHECK(output.find("ok: 2 organizations, 2 services") != std::string::npos);
  // No client data and none of the user's private notes about partners.
  CHECK(bytes.find("КЛІЄНТ-ВИГАДАНИЙ") == std::string::npos);
  CHECK(bytes.find("ПРИВАТНА НОТАТКА") == std::string::npos);
  CHECK(bytes.find("ПОТРЕБИ-ПРИВАТНІ") == std::string::npos);
  // The same directory gives the same ids.
  CHECK(hsds_export(directory(), Lang::uk) == bytes);
  // Broken on purpose: a service without its name, an id that is not a UUID.
  nlohmann::json page = nlohmann::json::parse(bytes);
  page["contents"][0]["services"][0].erase("name");
  page["contents"][1]["contacts"] = {{{"id", "not-a-uuid"}}};
  output.clear();
  CHECK(validate_file(page.dump(), &output) == 1);
  CHECK(output.find("'name' is a required property") != std::string::npos);
  CHECK(output.find("not-a-uuid") != std::string::npos);
}

TEST_CASE("hsds: Kolo -> HSDS -> Kolo keeps what HSDS can hold") {
  const Document original = directory();
  const HsdsImport r = hsds_import_json(Document{}, hsds_export(original, Lang::uk), Lang::uk);
  REQUIRE(r.errors.empty());
  const Document back = applied(Document{}, r);
  REQUIRE(back.partners.size() == 2);  // the partner with nothing to list is not in a directory
  const Partner* centre = partner_named(back, "Центр «Рівновага» (вигаданий)");
  REQUIRE(centre != nullptr);
  CHECK(centre->website == "https://rivnovaha.example.org");
  CHECK(centre->address == "вул. Вигадана, 7, Київ, Київ");  // the area went out as the city
  CHECK(centre->area == "Київ");
  REQUIRE(centre->contacts.size() == 1);
  CHECK(centre->contacts[0].name == "Ірина Вигадана");
  CHECK(centre->contacts[0].role == "координаторка");
  CHECK(centre->contacts[0].phone == "+380 44 000 11 22");
  CHECK(centre->contacts[0].email == "iryna@example.org");
  const Service* group = service_named(back, "Група для батьків");
  REQUIRE(group != nullptr);
  CHECK(group->partner_id == centre->id);
  CHECK(group->description == "Щотижня, 8 зустрічей;\nз психологинею");
  CHECK(group->access_rules == "За направленням школи");
  CHECK(group->schedule == "Вт 18:00–19:30");
  CHECK(group->format == ServiceFormat::both);
  CHECK(group->languages == std::vector<std::string>{"uk", "ru"});
  CHECK(group->age_groups == "18+");
  CHECK(group->cost == "безкоштовно");
  CHECK(group->trusted_specialist == "Ірина Вигадана");
  CHECK(group->need_tags == std::vector<std::string>{"anxiety", "family"});
  CHECK(group->capacity == 0);  // HSDS has no place for it
  const Service* chat = service_named(back, "Chat support");
  REQUIRE(chat != nullptr);
  CHECK(chat->format == ServiceFormat::online);
  CHECK(chat->age_groups == "12-17");
  CHECK(partner_named(back, "Online Help \"Line\"") != nullptr);
  // Into the document it came from: the tags are the user's own, nothing duplicated.
  const HsdsImport home = hsds_import_json(original, hsds_export(original, Lang::en), Lang::en);
  REQUIRE(home.incoming);
  const Document merged = plan_import(original, *home.incoming, ImportMode::merge).result;
  CHECK(merged.partners.size() == original.partners.size());
  CHECK(merged.services.size() == original.services.size());
  CHECK(merged.need_tags == original.need_tags);
}

TEST_CASE("hsds: malformed or hostile files are refused naming the JSON pointer or the file and row") {
  struct Bad {
    const char* json;
    const char* key;
    const char* path;
  } cases[] = {
      {"{\"contents\": [{\"id\": \"a\", \"name\": \"ok\"}, ", "err.not_json", ""},
      {"{\"contents\": [{\"id\": \"a\", \"name\": 5, \"description\": \"x\"}]}", "err.wrong_type", "/contents/0/name"},
      {"{\"contents\": [{\"id\": \"a\", \"name\": \"x\", \"services\": {\"id\": \"s\"}}]}", "err.wrong_type", "/contents/0/services"},
      {"{\"contents\": [{\"id\": 7, \"name\": \"x\"}]}", "err.wrong_type", "/contents/0/id"},
      {"{\"contents\": [{\"id\": \"a\", \"name\": \"  \", \"description\": \"x\"}]}", "err.required", "/contents/0/name"},
      {"{\"contents\": [\"just text\"]}", "err.wrong_type", "/contents/0"},
      {"{\"contents\": {\"id\": \"a\"}}", "err.wrong_type", "/contents"},
      {"[{\"id\": \"a\", \"name\": \"x\", \"description\": \"d\", \"services\": [{\"id\": \"s\", \"status\": \"active\", "
       "\"name\": [\"x\"]}]}]",
       "err.wrong_type", "/0/services/0/name"},
      {"42", "err.wrong_type", ""},
  };
  Document mine;
  Partner own;
  own.id = 1;
  own.name = "Мій партнер";
  mine.partners = {own};
  mine.next_id = 2;
  for (const Bad& b : cases) {
    CAPTURE(std::string(b.json));
    const HsdsImport r = hsds_import_json(mine, b.json, Lang::en);
    CHECK(!r.incoming);
    REQUIRE(!r.errors.empty());
    CHECK(r.errors[0].key == b.key);
    CHECK(r.errors[0].path == b.path);
  }
  // The tabular form: the file and the row.
  const std::string orgs = "id,name,description\na,Good,x\n\"b,Broken,x\n";
  const HsdsImport csv = hsds_import_tables(mine, {{"organizations.csv", orgs}}, Lang::en);
  CHECK(!csv.incoming);
  REQUIRE(csv.errors.size() == 1);
  CHECK(describe(csv.errors[0], Lang::en) == "organizations.csv: " + describe({"err.csv_malformed", "", {"3"}}, Lang::en));
  const HsdsImport unnamed = hsds_import_tables(mine, {{"organization.csv", std::string("id,name\na,\n")}}, Lang::en);
  REQUIRE(unnamed.errors.size() == 1);
  CHECK(unnamed.errors[0].path == "organization.csv, row 2, name");
  // A name too long, a bad e-mail and a bad website are cut or left out, and said so.
  const std::string long_name(300, 'x');
  const HsdsImport odd = hsds_import_json(
      mine, "{\"id\": \"a\", \"name\": \"" + long_name + "\", \"email\": \"not mail\", \"website\": \"no such thing\"}", Lang::en);
  REQUIRE(odd.incoming);
  CHECK(odd.incoming->partners[0].name.size() == kMaxNameLength);
  std::vector<std::string> keys;
  for (const Error& e : odd.report) keys.push_back(e.key);
  CHECK(keys == std::vector<std::string>{"hsds.clipped", "hsds.bad_value", "hsds.bad_value"});
  // A service without its organization is not imported, and the report says why.
  const HsdsImport orphan = hsds_import_json(
      mine, "[{\"id\": \"o\", \"name\": \"Org\", \"description\": \"d\"}, {\"id\": \"s\", \"name\": \"Lost\", \"status\": \"active\"}]",
      Lang::en);
  REQUIRE(orphan.incoming);
  CHECK(orphan.incoming->services.empty());
  REQUIRE(!orphan.report.empty());
  CHECK(orphan.report[0].key == "hsds.no_organization");
}

TEST_CASE("hsds: Kolo files, boards and other JSON are not taken for HSDS") {
  CHECK_FALSE(looks_like_hsds_json("{\"format\": \"kolo\", \"version\": 5, \"document\": {}}"));
  CHECK_FALSE(looks_like_hsds_json("[1, 2, 3]"));
  CHECK_FALSE(looks_like_hsds_json("not json"));
  CHECK(looks_like_hsds_json("[{\"id\": \"x\", \"name\": \"Org\", \"description\": \"\"}]"));
}

TEST_CASE("hsds: ids are trusted only where they can be: none made up, short ones with the name") {
  // Records without ids: the reader's made-up ids are never kept, so two files never match.
  const Document a = applied(Document{}, hsds_import_json(Document{}, "{\"name\": \"Перша\", \"description\": \"\"}", Lang::en));
  REQUIRE(a.partners.size() == 1);
  CHECK(a.partners[0].notes.find("HSDS id") == std::string::npos);
  const Document b = applied(a, hsds_import_json(a, "{\"name\": \"Друга\", \"description\": \"\"}", Lang::en));
  CHECK(b.partners.size() == 2);
  // A short id another directory may reuse: matched only when the name agrees.
  const Document one = applied(Document{}, hsds_import_json(Document{}, "{\"id\": \"1\", \"name\": \"X\", \"description\": \"\"}", Lang::en));
  const Document two = applied(one, hsds_import_json(one, "{\"id\": \"1\", \"name\": \"Y\", \"description\": \"\", \"website\": \"https://y.example.org\"}", Lang::en));
  REQUIRE(two.partners.size() == 2);
  CHECK(two.partners[0].website.empty());
  // A UUID is matched whatever the name.
  const std::string uuid = "0b7e1c52-0000-4000-8000-00000000abcd";
  const Document u1 = applied(Document{}, hsds_import_json(Document{}, "{\"id\": \"" + uuid + "\", \"name\": \"Old\", \"description\": \"\"}", Lang::en));
  const Document u2 = applied(u1, hsds_import_json(u1, "{\"id\": \"" + uuid + "\", \"name\": \"New\", \"description\": \"\"}", Lang::en));
  CHECK(u2.partners.size() == 1);
}

TEST_CASE("hsds: phones of services and places, with no person, become contacts without a name") {
  const std::string file = R"({"id": "o", "name": "Org", "description": "",
    "phones": [{"id": "p0", "number": "+380 44 000 00 01"}],
    "services": [{"id": "s", "name": "Help line", "status": "active",
      "phones": [{"id": "p1", "number": "+380 44 000 00 02", "type": "hotline"}, {"id": "p2", "number": "+380440000001"}]}]})";
  const HsdsImport r = hsds_import_json(Document{}, file, Lang::en);
  REQUIRE(r.incoming);
  REQUIRE(r.incoming->partners.size() == 1);
  const std::vector<ContactPerson>& c = r.incoming->partners[0].contacts;
  REQUIRE(c.size() == 2);  // the organization's number, and the hot line; the same number once
  CHECK(c[0].phone == "+380 44 000 00 01");
  CHECK(c[1].phone == "+380 44 000 00 02");
  CHECK(c[1].role == "hotline");
}

TEST_CASE("hsds: a CSV named like an HSDS table is one only with an id column") {
  CHECK(looks_like_hsds_table("organizations.csv", "id,name,description\r\n"));
  CHECK(looks_like_hsds_table("Contacts.csv", "\xEF\xBB\xBF\"id\",\"name\"\r\n"));
  CHECK_FALSE(looks_like_hsds_table("contacts.csv", "Name,Phone\r\n"));
  CHECK_FALSE(looks_like_hsds_table("my partners.csv", "id,name\r\n"));
}
