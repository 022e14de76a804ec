// Encrypted exports (issue 17, src/io/encrypted_export.hpp): the file's name, and the checks
// that tell a well-formed envelope from a damaged one before a passphrase is asked for. The
// cryptography itself runs in the browser (shell/kolo_privacy.js): tests/e2e/privacy.test.mjs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "io/encrypted_export.hpp"

using namespace kolo;
using nlohmann::json;

namespace {

// An envelope as shell/kolo_privacy.js writes it (16-byte salt, 12-byte IV, 33 bytes of
// ciphertext and tag).
json envelope() {
  return {{"format", "kolo-encrypted"},
          {"version", 1},
          {"kdf", {{"name", "PBKDF2"}, {"hash", "SHA-256"}, {"iterations", 600000}, {"salt", "AAECAwQFBgcICQoLDA0ODw=="}}},
          {"cipher", "AES-GCM"},
          {"iv", "AAECAwQFBgcICQoL"},
          {"ct", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"}};
}

std::string path_of(const json& j) {
  const std::optional<Error> e = check_envelope(j.dump());
  return e ? e->key + " " + e->path : "ok";
}

}  // namespace

TEST_CASE("an encrypted export is named by its date and opens as the Kolo file it holds") {
  CHECK(encrypted_export_name("2026-11-23") == "kolo-2026-11-23.kolo-encrypted.json");
  CHECK(decrypted_file_name("kolo-2026-11-23.kolo-encrypted.json") == "kolo-2026-11-23.json");
  CHECK(decrypted_file_name("from-a-colleague.json") == "from-a-colleague.json");
  CHECK(decrypted_file_name(".kolo-encrypted.json") == ".kolo-encrypted.json");
}

TEST_CASE("a well-formed envelope passes its checks") {
  CHECK(path_of(envelope()) == "ok");
  json more = envelope();
  more["kdf"]["salt"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";  // a longer salt is fine
  CHECK(path_of(more) == "ok");
}

TEST_CASE("a damaged envelope names the part that is wrong") {
  const struct {
    const char* pointer;
    json value;
    const char* expected;
  } cases[] = {
      {"/format", "kolo", "err.encrypted_damaged /format"},
      {"/version", "1", "err.encrypted_damaged /version"},
      {"/version", 0, "err.encrypted_damaged /version"},
      {"/kdf", "PBKDF2", "err.encrypted_damaged /kdf"},
      {"/kdf/name", "scrypt", "err.encrypted_damaged /kdf/name"},
      {"/kdf/hash", "SHA-1", "err.encrypted_damaged /kdf/hash"},
      {"/kdf/iterations", 1000, "err.encrypted_damaged /kdf/iterations"},           // no protection
      {"/kdf/iterations", 2000000000LL, "err.encrypted_damaged /kdf/iterations"},   // minutes of work
      {"/kdf/iterations", 600000.5, "err.encrypted_damaged /kdf/iterations"},
      {"/kdf/salt", "AAECAwQFBgcICQoL", "err.encrypted_damaged /kdf/salt"},        // 12 bytes: too short
      {"/kdf/salt", "not base64!", "err.encrypted_damaged /kdf/salt"},
      {"/cipher", "AES-CBC", "err.encrypted_damaged /cipher"},
      {"/iv", "AAECAwQFBgcICQoLDA0ODw==", "err.encrypted_damaged /iv"},           // 16 bytes, not 12
      {"/iv", "AAEC=wQFBgcICQoL", "err.encrypted_damaged /iv"},                    // padding inside
      {"/ct", "AAECAwQFBgcICQoLDA0ODw==", "err.encrypted_damaged /ct"},           // the tag alone
      {"/ct", 42, "err.encrypted_damaged /ct"},
  };
  for (const auto& c : cases) {
    json j = envelope();
    j[json::json_pointer(c.pointer)] = c.value;
    CHECK_MESSAGE(path_of(j) == c.expected, c.pointer, " = ", c.value.dump());
  }
  json missing = envelope();
  missing.erase("iv");
  CHECK(path_of(missing) == "err.encrypted_damaged /iv");
}

TEST_CASE("a newer envelope asks for a newer Kolo; what is not JSON says so") {
  json newer = envelope();
  newer["version"] = 2;
  const std::optional<Error> e = check_envelope(newer.dump());
  REQUIRE(e);
  CHECK(e->key == "err.encrypted_newer");
  CHECK(e->args == std::vector<std::string>{"2"});
  const std::optional<Error> broken = check_envelope("{\"format\": \"kolo-encrypted\", \"version\": 1, ");
  REQUIRE(broken);
  CHECK(broken->key == "err.not_json");
  CHECK(path_of(json::array()) == "err.encrypted_damaged /format");
}
