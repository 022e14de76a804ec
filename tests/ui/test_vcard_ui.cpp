// Contact persons to a phone from the UI (view_partners.cpp, partner_editor.cpp): the partners
// listed, after a search, or one partner as its editor holds it (core/vcard.hpp writes them;
// tests/unit/test_vcard.cpp reads them back with an independent parser).
#include <doctest/doctest.h>

#include <string>

#include "core/vcard.hpp"
#include "headless.hpp"

using kolo::test::Headless;

namespace {
std::size_t cards(const std::string& vcf) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = vcf.find("BEGIN:VCARD\r\n", at)) != std::string::npos; ++at) ++n;
  return n;
}
}  // namespace

TEST_CASE("Partners saves the contact persons of the partners listed; the editor, one partner's as edited") {
  Headless ui;
  ui.app.load_demo();
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.vcard"));
  REQUIRE(ui.host.downloads.size() == 1);
  const auto& all = ui.host.downloads.back();
  CHECK(all.mime == "text/vcard");
  CHECK(all.name == "kolo-contacts-2026-11-23.vcf");
  CHECK(cards(all.bytes) == kolo::vcard_count(ui.app.doc(), {}));

  // The lyceum alone, by a search; then its editor, with a contact person added and unsaved.
  kolo::test::fill_field(ui, "partners.search", "Обрій");
  ui.frame();
  REQUIRE(ui.click("partners.vcard"));
  REQUIRE(ui.host.downloads.size() == 2);
  const kolo::Partner* lyceum = kolo::find_record<kolo::Partner>(ui.app.doc(), 71);
  REQUIRE(lyceum != nullptr);
  CHECK(cards(ui.host.downloads.back().bytes) == lyceum->contacts.size());
  CHECK(ui.host.downloads.back().name == "kolo-litsei-obrii-vyhadanyi.vcf");

  ui.app.open_partner(71);
  ui.frame();
  ui.frame();  // the dialog's tabs are announced from its second frame on
  REQUIRE(ui.click("partner.tab.contacts"));
  REQUIRE(ui.click("partner.contact.add"));
  const std::string field = "partner.contact." + std::to_string(lyceum->contacts.size()) + ".name";
  kolo::test::fill_field(ui, field, "Нова Вигадана");
  REQUIRE(ui.click("partner.vcard"));
  REQUIRE(ui.host.downloads.size() == 3);
  CHECK(cards(ui.host.downloads.back().bytes) == lyceum->contacts.size() + 1);
  CHECK(ui.host.downloads.back().bytes.find("FN:Нова Вигадана") != std::string::npos);
  CHECK(ui.host.downloads.back().name == "kolo-litsei-obrii-vyhadanyi.vcf");
}

TEST_CASE("partners without a named contact person: a clear message, no file") {
  Headless ui;
  kolo::Partner p;
  p.name = "Без контактів";
  ui.app.apply(kolo::put_command(p));
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.vcard"));
  CHECK(ui.host.downloads.empty());
  CHECK(ui.app.error_message() == kolo::tr("vcard.none", kolo::Lang::en));
}
