// Files the user gives the app, picked or dropped: each goes to the reader for its kind, told
// by its bytes before its name; a file of no known kind gets a message naming it and what Kolo
// opens, and changes nothing. Downloads carry their bytes and MIME type as they are.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "headless.hpp"
#include "io/kolo_json.hpp"
#include "ui/file_kinds.hpp"

using kolo::test::Headless;
using kolo::ui::OpenedFile;
using kolo::ui::Sniff;

namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(KOLO_SOURCE_DIR "/tests/fixtures/") + name, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

const char* kind_of(const std::string& name, const std::string& bytes, const std::string& mime = "") {
  OpenedFile f;
  f.name = name;
  f.mime = mime;
  f.bytes = bytes;
  f.total_size = bytes.size();
  const kolo::ui::FileKind* kind = kolo::ui::detect_kind(f);
  return kind ? kind->id : "unknown";
}

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20);

}  // namespace

TEST_CASE("a file's kind is told by its bytes first, then by its name or MIME type") {
  const std::string kolo = kolo::to_json(kolo::Document{}, "2026-11-23T09:00:00");
  CHECK(std::string(kind_of("kolo-2026-11-23.json", kolo)) == "kolo_json");
  CHECK(std::string(kind_of("export (1)", kolo)) == "kolo_json");            // no extension
  CHECK(std::string(kind_of("backup.txt", kolo)) == "kolo_json");            // renamed
  CHECK(std::string(kind_of("v2.txt", fixture("kolo-v2.json"))) == "kolo_json");  // "format" after "document"
  CHECK(std::string(kind_of("bom.dat", "\xEF\xBB\xBF  {\"format\" : \"kolo\", \"version\": 2}")) == "kolo_json");
  // A .json that is not (yet) right still goes to the Kolo reader, which says what is wrong.
  CHECK(std::string(kind_of("broken.JSON", "this is not JSON {")) == "kolo_json");
  CHECK(std::string(kind_of("other.json", "{\"hello\":\"world\"}")) == "kolo_json");
  CHECK(std::string(kind_of("from-mail", "{\"a\":1}", "application/json")) == "kolo_json");
  // Not Kolo's.
  CHECK(std::string(kind_of("photo.png", kPng, "image/png")) == "unknown");
  CHECK(std::string(kind_of("photo.json", kPng)) == "unknown");  // a picture, whatever its name says
  CHECK(std::string(kind_of("notes.txt", "Call the school on Monday", "text/plain")) == "unknown");
  CHECK(std::string(kind_of("other.txt", "{\"hello\":\"world\"}")) == "unknown");
  CHECK(std::string(kind_of("empty.txt", "")) == "unknown");

  CHECK(kolo::ui::sniff_kolo_json(kPng) == Sniff::no);
  CHECK(kolo::ui::sniff_kolo_json("{\"format\":\"kolo\"}") == Sniff::yes);
  CHECK(kolo::ui::sniff_kolo_json("{\"format\":\"other\"}") == Sniff::maybe);
}

TEST_CASE("the picker is offered every kind Kolo opens") {
  Headless ui;
  CHECK(kolo::ui::accept_attribute().find(".json") != std::string::npos);
  CHECK(kolo::ui::accept_attribute().find("application/json") != std::string::npos);
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("data.import"));
  CHECK(ui.host.file_picks == 1);
  CHECK(ui.host.last_accept == kolo::ui::accept_attribute());
}

TEST_CASE("a Kolo file, whatever its name, opens the import preview; nothing changes until the user chooses") {
  Headless ui;
  kolo::Document d;
  kolo::Partner p;
  p.id = d.next_id++;
  p.name = "Ліцей №2";
  d.partners.push_back(p);
  ui.open("backup.txt", kolo::to_json(d, "2026-11-23T09:00:00"));
  const nlohmann::json s = ui.state();
  REQUIRE(s.contains("import"));
  CHECK(s["import"]["file"] == "backup.txt");
  CHECK(s["import"]["readable"] == true);
  CHECK(ui.find("import.merge") != nullptr);
  CHECK(ui.app.store().revision() == 0);
  REQUIRE(ui.click("import.merge"));
  CHECK(ui.app.doc().partners.size() == 1);
}

TEST_CASE("a file of no known kind gets a message naming it and what Kolo opens, in the user's language, and changes nothing") {
  for (kolo::Lang lang : {kolo::Lang::en, kolo::Lang::uk, kolo::Lang::ru}) {
    kolo::ui::Settings settings;
    settings.lang = lang;
    Headless ui(settings);
    ui.open("photo.png", kPng, "image/png");
    const nlohmann::json s = ui.state();
    const std::string message = s["error"];
    CAPTURE(message);
    CHECK(message.find("photo.png") != std::string::npos);
    CHECK(message.find(kolo::tr("filekind.kolo_json", lang)) != std::string::npos);
    CHECK(message == kolo::trf("file.unknown_kind", lang, {"photo.png", kolo::ui::kinds_for_people(lang)}));
    CHECK_FALSE(s.contains("import"));
    CHECK(ui.app.store().revision() == 0);
    CHECK(ui.find("error.ok") != nullptr);  // shown, and dismissed with one click
    REQUIRE(ui.click("error.ok"));
    CHECK(ui.state()["error"] == "");
  }
}

TEST_CASE("a broken .json says what is wrong with it in the import dialog, and changes nothing") {
  Headless ui;
  ui.open("broken.json", "this is not JSON {");
  const nlohmann::json s = ui.state();
  REQUIRE(s.contains("import"));
  CHECK(s["import"]["readable"] == false);
  CHECK(s["import"]["errors"][0]["key"] == "err.not_json");
  CHECK(ui.app.store().revision() == 0);
}

TEST_CASE("a file that arrives while the partner editor is open shows on top of it; the draft survives") {
  Headless ui;
  REQUIRE(ui.click("nav.partners"));
  REQUIRE(ui.click("partners.add"));
  ui.frame();
  REQUIRE(ui.click("partner.name"));
  ui.type("Чернетка");
  ui.open("photo.png", kPng);
  ui.frame();
  CHECK(ui.find("error.ok") != nullptr);
  REQUIRE(ui.click("error.ok"));
  ui.frame();
  REQUIRE(ui.find("partner.save") != nullptr);
  REQUIRE(ui.click("partner.save"));
  REQUIRE(ui.app.doc().partners.size() == 1);
  CHECK(ui.app.doc().partners[0].name == "Чернетка");
}

TEST_CASE("while a file is dragged over the page the app says where it goes; the drop ends that") {
  Headless ui;
  ui.app.set_file_hover(true);
  ui.frame();
  CHECK(ui.state()["file_hover"] == true);
  ui.open("photo.png", kPng);
  CHECK(ui.state()["file_hover"] == false);
}

TEST_CASE("export offers the document as Kolo JSON with its MIME type, byte for byte") {
  Headless ui;
  kolo::Partner p;
  p.name = "Фонд «Тепло» 🙂";
  REQUIRE_FALSE(ui.app.apply(kolo::put_command(p)).has_value());
  ui.frame();
  REQUIRE(ui.click("nav.settings"));
  REQUIRE(ui.click("data.export"));
  REQUIRE(ui.host.downloads.size() == 1);
  const auto& download = ui.host.downloads[0];
  CHECK(download.name == "kolo-2026-11-23.json");
  CHECK(download.mime == "application/json");
  CHECK(download.bytes == kolo::to_json(ui.app.doc(), "2026-11-23T09:00:00"));
}

