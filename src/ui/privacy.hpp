// What the app keeps for privacy (issue 17; app_privacy.cpp): the encrypted export's form in
// Settings, an encrypted file waiting for its passphrase, and "forget this device".
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace kolo::ui {

// Passphrases shorter than this are refused for an encrypted export.
inline constexpr std::size_t kMinPassphrase = 8;

struct PrivacyState {
  // Settings: export encrypted with a passphrase, typed twice. Cleared once the file is offered.
  bool encrypt = false;
  std::string passphrase, passphrase_again;
  bool export_in_flight = false;
  std::string exported;  // the encrypted file last offered ("" none yet)

  // An encrypted file the user opened: the passphrase dialog, until it opens or she cancels.
  struct Unlock {
    std::string file_name;
    std::string envelope;    // the file as read
    std::string passphrase;  // as typed in the dialog
    bool in_flight = false;  // the browser is deriving the key and decrypting
    bool wrong = false;      // the last passphrase did not open it
    int attempts = 0;
    bool focus = true;       // the field takes the keyboard when the dialog opens
    std::optional<std::string> plain;   // decrypted: opened as a Kolo file in the next frame
    std::optional<std::string> failed;  // could not be decrypted, not for the passphrase: why
  };
  std::optional<Unlock> unlock;

  // Forget this device: the confirmation, then the browser removing everything.
  bool forget_confirm = false;
  bool forget_in_flight = false;
  std::string forget_error;  // why it did not finish (shown in the dialog)
};

}  // namespace kolo::ui
