// The envelope of an encrypted export (encrypted_export.hpp): its name and its checks.
#include "io/encrypted_export.hpp"

#include <nlohmann/json.hpp>

#include "io/json_util.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

namespace {

// The number of bytes strict base64 (RFC 4648, padded, no white space) decodes to, or -1.
long long base64_bytes(const std::string& s) {
  if (s.empty() || s.size() % 4 != 0) return -1;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && i + 2 >= s.size()) {
      ++pad;
    } else if (!letter || pad > 0) {
      return -1;
    }
  }
  return static_cast<long long>(s.size() / 4 * 3 - pad);
}

Error damaged(std::string path) { return Error{"err.encrypted_damaged", std::move(path), {}}; }

// A string member `key` of `obj` equal to `expected`.
bool is_text(const nlohmann::json& obj, const char* key, std::string_view expected) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

// A base64 member of at least `min` bytes (exactly `min` when `exact`).
bool is_bytes(const nlohmann::json& obj, const char* key, long long min, bool exact) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return false;
  const long long n = base64_bytes(it->get_ref<const std::string&>());
  return exact ? n == min : n >= min;
}

}  // namespace

std::string encrypted_export_name(std::string_view date) {
  return "kolo-" + std::string(date) + std::string(kEncryptedSuffix);
}

std::string decrypted_file_name(std::string_view name) {
  if (name.size() > kEncryptedSuffix.size() && name.substr(name.size() - kEncryptedSuffix.size()) == kEncryptedSuffix)
    return std::string(name.substr(0, name.size() - kEncryptedSuffix.size())) + ".json";
  return std::string(name);
}

std::optional<Error> check_envelope(std::string_view bytes) {
  nlohmann::json j;
  if (std::optional<Error> e = parse_json_checked(bytes, kMaxFileBytes, &j)) return e;
  if (!j.is_object() || !is_text(j, "format", kEncryptedFormat)) return damaged("/format");
  const auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer()) return damaged("/version");
  if (version->get<long long>() > kEncryptedVersion)
    return Error{"err.encrypted_newer", "/version", {std::to_string(version->get<long long>())}};
  if (version->get<long long>() < kEncryptedVersion) return damaged("/version");
  const auto kdf = j.find("kdf");
  if (kdf == j.end() || !kdf->is_object()) return damaged("/kdf");
  if (!is_text(*kdf, "name", "PBKDF2")) return damaged("/kdf/name");
  if (!is_text(*kdf, "hash", "SHA-256")) return damaged("/kdf/hash");
  const auto rounds = kdf->find("iterations");
  if (rounds == kdf->end() || !rounds->is_number_integer() || rounds->get<long long>() < kMinIterations ||
      rounds->get<long long>() > kMaxIterations)
    return damaged("/kdf/iterations");
  if (!is_bytes(*kdf, "salt", 16, false)) return damaged("/kdf/salt");
  if (!is_text(j, "cipher", "AES-GCM")) return damaged("/cipher");
  if (!is_bytes(j, "iv", 12, true)) return damaged("/iv");
  if (!is_bytes(j, "ct", 17, false)) return damaged("/ct");  // the 16-byte tag and at least one byte
  return std::nullopt;
}

}  // namespace kolo
