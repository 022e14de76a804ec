// Partners from a spreadsheet (io/partners_csv.hpp): columns guessed from headers in three
// languages and remembered; rows matched by id, by name and kind, by phone or e-mail; bad
// rows named with their reason and left out; Kolo's own partners table read back changes
// nothing; empty cells erase nothing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/validate.hpp"
#include "io/partners_csv.hpp"
#include "io/tables_csv.hpp"

using namespace kolo;

namespace {

CsvTable table(const std::string& bytes) {
  CsvRead r = read_csv(bytes);
  REQUIRE(r.table);
  return *r.table;
}

int col(const ColumnMap& map, SheetField f) { return map[static_cast<std::size_t>(f)]; }

Document network() {
  Document d;
  Partner school;
  school.id = 1;
  school.name = "Ліцей «Обрій» (вигаданий)";
  school.kind = PartnerKind::school_kindergarten;
  school.stage = Stage::active;
  school.tags = {"школи"};
  school.notes = "мої нотатки";
  school.contacts = {{2, "Олена Коваль", "психологиня", "+380 67 123 45 67", "o.koval@example.org", ""},
                     {3, "Секретар", "", "", "secretary@example.org", ""}};
  Partner clinic;
  clinic.id = 4;
  clinic.name = "Клініка «Спокій»";
  clinic.kind = PartnerKind::clinic_doctor;
  clinic.website = "spokii.example.org";
  clinic.address = "вул. Вигадана, 1";
  clinic.area = "Київ";
  clinic.their_needs = "супервізія";
  clinic.contacts = {{5, "Реєстратура", "", "+380 44 555 55 55", "", ""}};
  d.partners = {school, clinic};
  d.next_id = 6;
  return d;
}

}  // namespace

TEST_CASE("partners csv: columns guessed from the headers of a spreadsheet, in any of the three languages") {
  const CsvTable t = table("Установа;Вид;Контактна особа;Посада;Телефон;E-mail;Примітки;Щось інше\r\n");
  const ColumnMap map = guess_columns(t, {});
  CHECK(col(map, SheetField::name) == 0);
  CHECK(col(map, SheetField::kind) == 1);
  CHECK(col(map, SheetField::contact_name) == 2);
  CHECK(col(map, SheetField::contact_role) == 3);
  CHECK(col(map, SheetField::phone) == 4);
  CHECK(col(map, SheetField::email) == 5);
  CHECK(col(map, SheetField::notes) == 6);
  CHECK(col(map, SheetField::id) == -1);
  // What the user picked last time wins, by header text.
  const CsvTable other = table("Школа,Номер\r\n");
  CHECK(col(guess_columns(other, {}), SheetField::name) == -1);
  ColumnMap picked = guess_columns(other, {});
  picked[static_cast<std::size_t>(SheetField::name)] = 0;
  picked[static_cast<std::size_t>(SheetField::phone)] = 1;
  const RememberedColumns remembered = remember_columns(other, picked);
  CHECK(remembered == RememberedColumns{{"name", "Школа"}, {"phone", "Номер"}});
  const ColumnMap again = guess_columns(other, remembered);
  CHECK(col(again, SheetField::name) == 0);
  CHECK(col(again, SheetField::phone) == 1);
}

TEST_CASE("partners csv: Kolo's own partners table, in any language, reads back changing nothing") {
  const Document d = network();
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) {
    CAPTURE(lang_code(lang));
    const CsvTable t = table(export_csv(d, CsvExport::partners, lang));
    const ColumnMap map = guess_columns(t, {});
    CHECK(col(map, SheetField::id) == 0);
    CHECK(col(map, SheetField::name) == 1);
    CHECK(col(map, SheetField::kind) == 2);
    CHECK(col(map, SheetField::stage) == 3);
    const PartnerCsvPlan plan = plan_partner_csv(d, t, map, Lang::en);
    CHECK(plan.added == 0);
    CHECK(plan.updated == 0);
    CHECK(plan.unchanged == 2);
    CHECK(plan.bad == 0);
    CHECK(plan.result == d);
  }
}

TEST_CASE("partners csv: matched by id, by name and kind, by phone or e-mail; one partner for two rows of a new one") {
  const Document d = network();
  const CsvTable t = table(
      "id;Назва;Вид;Телефон;E-mail;Теги;Примітки;Місто\r\n"
      "4;Клініка Спокій (нова назва);;+380445555555;;;;\r\n"                   // by id, a phone agreeing: renamed
      "1;Чужий партнер з іншого пристрою;;;;;;\r\n"                             // an id alone: not trusted
      ";ліцей «обрій» (вигаданий);Школа/садочок;;;батьки, школи;;\r\n"          // by name and kind
      ";Обрій, секретаріат;;+380671234567;;;нова примітка;\r\n"                 // by phone (digits)
      ";Хтось інший;;;SECRETARY@example.org;;нова примітка;\r\n"                // by e-mail; the note once
      "\r\n"                                                                     // a blank row, counted
      ";Центр «Нова»;ГО / благодійна організація;;;;\"перший рядок\nдругий, з комою\";Львів\r\n"
      ";центр «нова»;;+380 50 000 00 00;;;;\r\n");                              // the same new one again
  ColumnMap map = guess_columns(t, {});
  const PartnerCsvPlan plan = plan_partner_csv(d, t, map, Lang::en);
  REQUIRE(plan.rows.size() == 7);
  CHECK(plan.bad == 0);
  CHECK(plan.added == 2);
  CHECK(plan.updated == 3);  // rows, not partners: two rows update the lyceum
  CHECK(plan.unchanged == 1);  // the e-mail row brings nothing new: its note is there already
  CHECK(plan.rows[0].partner == 4);
  CHECK(plan.rows[0].changed == std::vector<std::string>{"field.name"});
  CHECK(plan.rows[1].outcome == PartnerRow::Outcome::added);
  CHECK(plan.rows[2].partner == 1);
  CHECK(plan.rows[2].changed == std::vector<std::string>{"field.tags"});
  CHECK(plan.rows[3].partner == 1);
  CHECK(plan.rows[4].partner == 1);
  CHECK(plan.rows[4].outcome == PartnerRow::Outcome::unchanged);
  CHECK(plan.rows[5].row == 8);  // as the spreadsheet numbers it: the blank row 7 counts
  CHECK(plan.rows[5].outcome == PartnerRow::Outcome::added);
  CHECK(plan.rows[6].partner == plan.rows[5].partner);
  const Document& r = plan.result;
  REQUIRE(r.partners.size() == 4);
  CHECK(r.partners[1].name == "Клініка Спокій (нова назва)");
  CHECK(r.partners[1].website == "spokii.example.org");  // an empty cell erases nothing
  CHECK(r.partners[1].their_needs == "супервізія");
  CHECK(r.partners[2].name == "Чужий партнер з іншого пристрою");
  CHECK(r.partners[0].name == "Ліцей «Обрій» (вигаданий)");  // matched by name or contact: not renamed
  CHECK(r.partners[0].tags == std::vector<std::string>{"школи", "батьки"});
  CHECK(r.partners[0].notes == "мої нотатки\nнова примітка");  // added to, once
  CHECK(r.partners[0].contacts.size() == 2);
  const Partner& added = r.partners[3];
  CHECK(added.kind == PartnerKind::ngo_charity);
  CHECK(added.notes == "перший рядок\nдругий, з комою");
  CHECK(added.area == "Львів");
  REQUIRE(added.contacts.size() == 1);
  CHECK(added.contacts[0].phone == "+380 50 000 00 00");
  CHECK(validate(r).empty());
  CHECK(r.next_id > d.next_id);
}

TEST_CASE("partners csv: bad rows are named with the row and the reason, and left out of the result") {
  const Document d = network();
  const CsvTable t = table(
      "Name,Kind,Stage,Phone,Email,Website\r\n"
      ",School,,,,\r\n"
      "A,spaceship,,,,\r\n"
      "B,,someday,,,\r\n"
      "C,,,call me,,\r\n"
      "D,,,,not-mail,\r\n"
      "E,,,,,no such site\r\n"
      "Good one,Clinic / doctor,Met,,,\r\n"
      ",,,,,\r\n");  // an empty row is no row
  const PartnerCsvPlan plan = plan_partner_csv(d, t, guess_columns(t, {}), Lang::en);
  REQUIRE(plan.rows.size() == 7);
  CHECK(plan.bad == 6);
  CHECK(plan.added == 1);
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {2, "err.required"}, {3, "err.bad_enum"}, {4, "err.bad_enum"}, {5, "partners_csv.bad_phone"},
      {6, "err.bad_email"}, {7, "partners_csv.bad_website"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(plan.rows[i].outcome == PartnerRow::Outcome::bad);
    CHECK(plan.rows[i].row == expected[i].first);
    CHECK(plan.rows[i].reason.key == expected[i].second);
  }
  CHECK(plan.rows[0].reason.path == "field.name");
  CHECK(plan.rows[1].reason.path == "field.kind");
  CHECK(plan.rows[1].reason.args[0] == "spaceship");
  REQUIRE(plan.result.partners.size() == 3);
  CHECK(plan.result.partners[2].name == "Good one");
  CHECK(plan.result.partners[2].kind == PartnerKind::clinic_doctor);
  CHECK(plan.result.partners[2].stage == Stage::met);
  const std::string long_name(kMaxNameLength + 1, 'x');
  const PartnerCsvPlan too_long = plan_partner_csv(d, table("name\r\n" + long_name + "\r\n"), guess_columns(table("name\r\n"), {}), Lang::en);
  REQUIRE(too_long.rows.size() == 1);
  CHECK(too_long.rows[0].reason.key == "err.too_long");
  // Found by fuzzing: an e-mail that looks like one but is longer than a field holds.
  const std::string long_mail = std::string(300, 'a') + "@example.org";
  const CsvTable mail = table("name,email\r\nX," + long_mail + "\r\n");
  const PartnerCsvPlan mail_plan = plan_partner_csv(d, mail, guess_columns(mail, {}), Lang::en);
  REQUIRE(mail_plan.rows.size() == 1);
  CHECK(mail_plan.rows[0].reason.key == "err.too_long");
  CHECK(mail_plan.rows[0].reason.path == "field.email");
  CHECK(validate(mail_plan.result).empty());
}
