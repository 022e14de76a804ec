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

// The passphrase lock for this device's data (app_lock.cpp, shell/kolo_lock.js).
struct LockState {
  // The lock screen: at start, while the data is locked, until the passphrase opens it.
  bool screen = false;
  std::string passphrase;
  bool in_flight = false;  // the browser is deriving the key
  bool wrong = false;      // the last passphrase did not open it
  int attempts = 0;
  std::string failed;      // it could not be opened, not for the passphrase: why
  bool focus = true;
  // Settings: turning the lock on, changing its passphrase, turning it off.
  bool on = false;  // this device's data is locked (as storage reported at load)
  std::string current, next, next_again;
  bool busy = false;         // the browser is sealing or opening every record
  std::string op;            // what is being done: the catalog key said when it is done
  bool wrong_current = false;
  std::string done;          // catalog key of the change last made ("" none)
  std::string error;         // why the last change failed
  bool partial = false;      // ...after the lock was turned on (not every record sealed yet)
};

}  // namespace kolo::ui
