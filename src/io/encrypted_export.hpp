// Encrypted Kolo exports (issue 17): a Kolo JSON export sealed with a passphrase, so a file
// holding client cases and referrals can be carried and kept without being readable. The
// encryption itself runs in the browser (shell/kolo_privacy.js, WebCrypto, the one scheme of
// shell/kolo_crypto.js: PBKDF2-SHA-256 -> AES-GCM 256, associated data "kolo-export"); here is
// what the file looks like, so the app can tell one when it is opened and refuse a damaged one
// before asking for its passphrase:
//   {"format": "kolo-encrypted", "version": 1,
//    "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "<base64, 16 bytes>"},
//    "cipher": "AES-GCM", "iv": "<base64, 12 bytes>", "ct": "<base64: the Kolo JSON and the 16-byte tag>"}
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace kolo {

inline constexpr std::string_view kEncryptedFormat = "kolo-encrypted";
inline constexpr int kEncryptedVersion = 1;
inline constexpr std::string_view kEncryptedSuffix = ".kolo-encrypted.json";
// Key derivation rounds a file may ask for: fewer is no protection worth the name, more would
// keep the browser busy for minutes (a hostile file).
inline constexpr long long kMinIterations = 100000, kMaxIterations = 10000000;

// "kolo-2026-11-23.kolo-encrypted.json" for the export of that (local) date.
std::string encrypted_export_name(std::string_view date);
// The name the decrypted content goes by: "kolo-2026-11-23.json" (other names are kept).
std::string decrypted_file_name(std::string_view name);

// Nothing when `bytes` is a well-formed envelope; otherwise what is wrong with it:
// err.encrypted_damaged with the path of the field at fault ("/kdf/salt"), err.encrypted_newer
// (a version this Kolo does not know), or the JSON reader's own errors (err.not_json, ...).
std::optional<Error> check_envelope(std::string_view bytes);

}  // namespace kolo
