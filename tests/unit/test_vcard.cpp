// Contact persons as vCard 4.0 (core/vcard.hpp): what a card holds, phone numbers as tel: URIs
// or kept as text, escaping and folding, stable UIDs, the choice of partners; and every file
// read back by an independent parser (Debian's python3-vobject, tests/vcard/check_vcard.py).
#include <doctest/doctest.h>

#include "run_command.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/vcard.hpp"

using namespace kolo;

namespace {

Document contacts_document() {
  Document d;
  Partner school;
  school.id = 12;
  school.name = "Ліцей «Обрій» (вигаданий)";
  school.kind = PartnerKind::school_kindergarten;
  school.tags = {"батьки", "Київ; лівий берег"};
  school.address = "вул. Січових Стрільців, 5, Київ";
  school.website = "obrii.example.org";
  school.contacts = {
      {3, "Олена Коваль", "шкільна психологиня", "+380 (67) 123-45-67", "o.koval@example.org", "Telegram @okoval"},
      {4, "Петро", "", "ask the secretary, ext. 12", "", ""},
      {5, "   ", "no name", "+380671112233", "", ""},  // no name: no card
  };
  Partner clinic;
  clinic.id = 20;
  clinic.name = "Clinic, \"Calm\"; day care";
  clinic.kind = PartnerKind::clinic_doctor;
  clinic.contacts = {{1, std::string(60, 'A') + " Дуже-довге-ім'я-що-перевищує-сімдесят-п'ять-октетів", "doctor\nsecond line",
                      "", "", ""}};
  Partner empty;
  empty.id = 30;
  empty.name = "No contacts";
  d.partners = {school, clinic, empty};
  d.next_id = 31;
  return d;
}

const DateTime kNow{{2026, 11, 25}, 9, 30, 0};

int run(const std::string& command, std::string* output) { return test::run_command(command, output); }

}  // namespace

TEST_CASE("vcard: a phone is a tel: URI when it is a number, else it stays as the user wrote it") {
  CHECK(tel_uri("+380 (67) 123-45-67") == "tel:+380671234567");
  CHECK(tel_uri("067.123.45.67") == "tel:0671234567");
  CHECK(tel_uri("ask the secretary") == "");
  CHECK(tel_uri("067 123 45 67 Viber") == "");
  CHECK(tel_uri("12") == "");                       // too short for a number
  CHECK(tel_uri("+1234567890123456") == "");        // over E.164's 15 digits
  CHECK(tel_uri("38+067") == "");                   // a plus only in front
}

TEST_CASE("vcard: one card per named contact person, with the partner, escaped and folded") {
  const Document d = contacts_document();
  const std::string folded = contacts_vcard(d, {}, Lang::en, kNow);
  std::string v;  // unfolded: a CRLF followed by a space joins two physical lines
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 3, "\r\n ") == 0) i += 2;
    else v += folded[i];
  }
  CHECK(vcard_count(d, {}) == 3);
  std::size_t cards = 0;
  for (std::size_t at = 0; (at = v.find("BEGIN:VCARD\r\n", at)) != std::string::npos; ++at) ++cards;
  CHECK(cards == 3);
  CHECK(v.find("UID;VALUE=text:kolo-contact-12-3\r\n") != std::string::npos);
  CHECK(v.find("TEL;VALUE=uri;TYPE=\"work,voice\":tel:+380671234567\r\n") != std::string::npos);
  CHECK(v.find("TEL;VALUE=text;TYPE=\"work,voice\":ask the secretary\\, ext. 12\r\n") != std::string::npos);
  CHECK(v.find("ORG:Clinic\\, \"Calm\"\\; day care\r\n") != std::string::npos);
  CHECK(v.find("TITLE:doctor\\nsecond line\r\n") != std::string::npos);
  CHECK(v.find("CATEGORIES:School / kindergarten,батьки,Київ\\; лівий берег\r\n") != std::string::npos);
  CHECK(v.find("URL:https://obrii.example.org\r\n") != std::string::npos);
  CHECK(v.find("REV:20261125T093000Z\r\n") != std::string::npos);
  CHECK(v.find("no name") == std::string::npos);  // a contact without a name has no card
  // Every physical line at most 75 octets, and CRLF only; the long name was folded.
  CHECK(folded.size() > v.size());
  std::size_t start = 0;
  for (std::size_t end; (end = folded.find("\r\n", start)) != std::string::npos; start = end + 2) CHECK(end - start <= 75);
  CHECK(start == folded.size());
}

TEST_CASE("vcard: the partners chosen, in their order; file names") {
  const Document d = contacts_document();
  const std::vector<Id> clinic_first = {20, 12};
  const std::string v = contacts_vcard(d, clinic_first, Lang::uk, kNow);
  CHECK(v.find("kolo-contact-20-1") < v.find("kolo-contact-12-3"));
  CHECK(v.find("CATEGORIES:Школа / садочок") != std::string::npos);
  const std::vector<Id> none = {30, 99};  // no contacts, and an id not in the document
  CHECK(vcard_count(d, none) == 0);
  CHECK(contacts_vcard(d, none, Lang::en, kNow).empty());
  const std::vector<Id> school = {12};
  CHECK(vcard_file_name(d, school, Date{2026, 11, 25}) == "kolo-litsei-obrii-vyhadanyi.vcf");
  CHECK(vcard_file_name(d, {}, Date{2026, 11, 25}) == "kolo-contacts-2026-11-25.vcf");
}

TEST_CASE("vcard: every file reads back right in python3-vobject (tests/vcard/check_vcard.py)") {
  std::string probe;
  if (run("/usr/bin/python3 -c 'import vobject'", &probe) != 0) {
    FAIL_CHECK("Debian's /usr/bin/python3 lacks vobject (" << probe
                                                           << "): run `python3 tests/run.py`, which installs python3-vobject");
    return;
  }
  const Document d = contacts_document();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kolo-vcard-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "all.vcf", std::ios::binary) << contacts_vcard(d, {}, Lang::en, kNow);
  }
  const nlohmann::json expect = {
      {"count", 3},
      {"cards",
       {{"kolo-contact-12-3",
         {{"FN", "Олена Коваль"},
          {"ORG", "Ліцей «Обрій» (вигаданий)"},
          {"TITLE", "шкільна психологиня"},
          {"TEL", "tel:+380671234567"},
          {"TEL_VALUE", "uri"},
          {"EMAIL", "o.koval@example.org"},
          {"ADR_STREET", "вул. Січових Стрільців, 5, Київ"},
          {"URL", "https://obrii.example.org"},
          {"NOTE", "Messenger: Telegram @okoval"},
          {"CATEGORIES", {"School / kindergarten", "батьки", "Київ; лівий берег"}}}},
        {"kolo-contact-12-4", {{"FN", "Петро"}, {"TEL", "ask the secretary, ext. 12"}, {"TEL_VALUE", "text"}, {"TITLE", nullptr}}},
        {"kolo-contact-20-1",
         {{"FN", d.partners[1].contacts[0].name}, {"ORG", "Clinic, \"Calm\"; day care"}, {"TITLE", "doctor\nsecond line"}}}}}};
  {
    std::ofstream(dir / "all.json", std::ios::binary) << expect.dump();
  }
  std::string output;
  const int status = run("/usr/bin/python3 " KOLO_SOURCE_DIR "/tests/vcard/check_vcard.py " + (dir / "all.vcf").string() + " " +
                             (dir / "all.json").string(),
                         &output);
  CHECK_MESSAGE(status == 0, output);
  std::filesystem::remove_all(dir);
}
