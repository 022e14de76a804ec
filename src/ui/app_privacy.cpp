// Privacy a psychologist can show her clients (issue 17; app.hpp, "privacy"): an export that
// holds client records says so and can be encrypted with a passphrase; an encrypted export
// opens after its passphrase is given (then the usual import dialog); "Forget this device"
// removes everything Kolo keeps in this browser. The cryptography and the removal run in the
// browser (shell/kolo_privacy.js), which answers through src/platform/web_main.cpp.
// Widget ids: privacy.encrypt, privacy.passphrase, privacy.passphrase_again, privacy.export
// (Settings, beside data.export); unlock.passphrase, unlock.open, unlock.cancel (the
// passphrase dialog); privacy.forget (Settings), forget.export, forget.confirm, forget.cancel
// (its confirmation). State: privacy {client_data, encrypt, passphrase_ok, export_in_flight,
// exported, unlock: null | {file, in_flight, wrong, attempts}, forget: {confirm, in_flight, error}}.
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "io/encrypted_export.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

// Why the typed passphrases cannot be used yet (a catalog key), or nullptr.
const char* passphrase_problem(const PrivacyState& p) {
  if (p.passphrase.size() < kMinPassphrase) return "privacy.passphrase_short";
  if (p.passphrase != p.passphrase_again) return "privacy.passphrase_differ";
  return nullptr;
}

const ImVec4 kWarning(0.62f, 0.22f, 0.0f, 1.0f);
const ImVec4 kRefused(0.7f, 0.1f, 0.1f, 1.0f);

void coloured_text(const ImVec4& colour, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  wrapped_text(text);
  ImGui::PopStyleColor();
}

}  // namespace

bool App::holds_client_data() const {
  const Document& d = own_doc();
  return !d.cases.empty() || !d.referrals.empty() || !d.declines.empty();
}

// [SECTION] encrypted export ---------------------------------------------------------------------

bool App::draw_export_choice() {
  PrivacyState& p = privacy_;
  if (holds_client_data()) coloured_text(kWarning, T(*this, "privacy.contains_clients"));
  ImGui::Checkbox(L(*this, "privacy.encrypt", "privacy.encrypt").c_str(), &p.encrypt);
  if (!p.encrypt) {  // a passphrase typed and then not used is not kept either
    p.passphrase.clear();
    p.passphrase_again.clear();
    return false;
  }
  wrapped_text(T(*this, "privacy.encrypt_hint"));
  const float column = label_column(*this, {"privacy.passphrase", "privacy.passphrase_again"});
  row_label(*this, "privacy.passphrase", column);
  input_string(*this, "privacy.passphrase", &p.passphrase, 280.0f, ImGuiInputTextFlags_Password);
  row_label(*this, "privacy.passphrase_again", column);
  input_string(*this, "privacy.passphrase_again", &p.passphrase_again, 280.0f, ImGuiInputTextFlags_Password);
  const char* problem = passphrase_problem(p);
  if (problem && !p.passphrase.empty()) wrapped_text(T(*this, problem));
  ImGui::BeginDisabled(problem != nullptr || p.export_in_flight);
  if (ImGui::Button(L(*this, "privacy.export", "privacy.export").c_str())) export_encrypted();
  ImGui::EndDisabled();
  if (p.export_in_flight)
    wrapped_text(T(*this, "privacy.encrypting"));
  else if (!p.exported.empty())
    wrapped_text(trf("privacy.exported", settings_.lang, {p.exported}));
  return true;
}

void App::export_encrypted() {
  PrivacyState& p = privacy_;
  if (p.export_in_flight || passphrase_problem(p)) return;
  p.export_in_flight = true;
  p.exported.clear();
  host_->download_encrypted(encrypted_export_name(format_date(today())), to_json(own_doc(), host_->now_iso()),
                            p.passphrase);
}

void App::encrypted_export_done(bool ok, const std::string& file_name_or_reason) {
  PrivacyState& p = privacy_;
  p.export_in_flight = false;
  if (!ok) {  // the passphrase stays typed, for another try
    error_message_ = trf("privacy.export_failed", settings_.lang, {file_name_or_reason});
    return;
  }
  p.exported = file_name_or_reason;
  p.passphrase.clear();  // not kept a moment longer than needed
  p.passphrase_again.clear();
}

// [SECTION] encrypted import ---------------------------------------------------------------------

void App::open_encrypted_file(const OpenedFile& file) {
  if (board_) {  // an import goes into the user's own data, which a board hides meanwhile
    error_message_ = trf("board.close_first", settings_.lang, {file.name});
    return;
  }
  if (privacy_.unlock && privacy_.unlock->in_flight) {  // its answer would go to this one
    error_message_ = T(*this, "privacy.unlock_busy");
    return;
  }
  std::optional<Error> problem = file.unread() ? std::optional<Error>(too_large(file)) : check_envelope(file.bytes);
  if (problem) {
    error_message_ = trf("privacy.damaged", settings_.lang, {file.name, describe(*problem, settings_.lang)});
    return;
  }
  PrivacyState::Unlock unlock;
  unlock.file_name = file.name;
  unlock.envelope = std::string(file.bytes);
  privacy_.unlock = std::move(unlock);
}

void App::decrypted(std::string plain) {
  if (!privacy_.unlock) return;  // cancelled meanwhile
  privacy_.unlock->in_flight = false;
  privacy_.unlock->plain = std::move(plain);
}

void App::decrypt_failed(bool wrong_passphrase, const std::string& reason) {
  if (!privacy_.unlock) return;
  PrivacyState::Unlock& u = *privacy_.unlock;
  u.in_flight = false;
  if (wrong_passphrase) {
    u.wrong = true;
    ++u.attempts;
    u.passphrase.clear();
    u.focus = true;
  } else {
    u.failed = reason;
  }
}

// [SECTION] forget this device -------------------------------------------------------------------

void App::draw_forget_device() {
  if (offline_.page == PageKind::board) return;  // a board page keeps nothing
  ImGui::TextUnformatted(T(*this, "privacy.forget_title"));
  wrapped_text(T(*this, "privacy.forget_hint"));
  if (ImGui::Button(L(*this, "privacy.forget", "privacy.forget").c_str())) {
    privacy_.forget_confirm = true;
    privacy_.forget_error.clear();
  }
}

void App::forget_failed(const std::string& reason) {
  privacy_.forget_in_flight = false;
  privacy_.forget_error = reason == "blocked" ? std::string(T(*this, "privacy.forget_blocked"))
                                              : trf("privacy.forget_failed", settings_.lang, {reason});
}

// [SECTION] dialogs --------------------------------------------------------------------------------

bool App::draw_privacy_dialogs() {
  PrivacyState& p = privacy_;
  const char* popup = p.unlock ? "###unlock" : p.forget_confirm ? "###forget" : nullptr;
  if (!popup) return false;
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  ImGui::SetNextWindowSize(ImVec2(540, 0));
  const std::string title = p.unlock ? L(*this, "privacy.unlock_title", "unlock") : L(*this, "privacy.forget_dialog_title", "forget");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return false;
  bool close = false;
  if (p.unlock) {
    PrivacyState::Unlock& u = *p.unlock;
    close = u.plain.has_value() || u.failed.has_value();
    wrapped_text(trf("privacy.unlock_body", settings_.lang, {u.file_name}));
    if (u.wrong) coloured_text(kRefused, T(*this, "privacy.unlock_wrong"));
    form_label(*this, "privacy.passphrase");
    if (u.focus) {
      ImGui::SetKeyboardFocusHere();
      u.focus = false;
    }
    ImGui::BeginDisabled(u.in_flight);
    const bool enter = input_string(*this, "unlock.passphrase", &u.passphrase, -1.0f,
                                    ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::BeginDisabled(u.passphrase.empty());
    if ((ImGui::Button(L(*this, "privacy.unlock_open", "unlock.open").c_str()) || enter) && !u.passphrase.empty()) {
      u.in_flight = true;
      host_->decrypt(u.envelope, u.passphrase);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "dialog.cancel", "unlock.cancel").c_str())) close = true;
    ImGui::EndDisabled();
    if (u.in_flight) wrapped_text(T(*this, "privacy.decrypting"));
  } else {
    wrapped_text(T(*this, "privacy.forget_body"));
    if (holds_client_data()) coloured_text(kWarning, T(*this, "privacy.forget_clients"));
    if (locked()) coloured_text(kWarning, T(*this, "lock.forget_locked"));
    if (!p.forget_error.empty()) coloured_text(kRefused, p.forget_error.c_str());
    ImGui::BeginDisabled(p.forget_in_flight);
    if (!locked()) {  // (locked: nothing was read that could be exported)
      if (ImGui::Button(L(*this, "privacy.forget_export", "forget.export").c_str())) export_document();
      ImGui::SameLine();
    }
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.22f, 0.2f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(L(*this, "privacy.forget_confirm", "forget.confirm").c_str())) {
      p.forget_in_flight = true;
      p.forget_error.clear();
      host_->forget_device();
    }
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "dialog.cancel", "forget.cancel").c_str())) close = true;
    ImGui::EndDisabled();
    if (p.forget_in_flight) wrapped_text(T(*this, "privacy.forgetting"));
  }
  if (close) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    p.forget_confirm = false;
    if (std::optional<PrivacyState::Unlock> u = std::exchange(p.unlock, std::nullopt); u && u->plain) {
      // As if the decrypted Kolo file had been opened: the import dialog follows.
      OpenedFile file;
      file.name = decrypted_file_name(u->file_name);
      file.mime = "application/json";
      file.bytes = *u->plain;
      file.total_size = u->plain->size();
      open_file(file);
    } else if (u && u->failed) {
      error_message_ = trf("privacy.decrypt_failed", settings_.lang, {u->file_name, *u->failed});
    }
    return false;
  }
  draw_error_dialog();
  ImGui::EndPopup();
  return true;
}

// [SECTION] state ----------------------------------------------------------------------------------

void App::add_privacy_state(nlohmann::json& j) const {
  const PrivacyState& p = privacy_;
  nlohmann::json unlock = nullptr;
  if (p.unlock)
    unlock = {{"file", p.unlock->file_name}, {"in_flight", p.unlock->in_flight}, {"wrong", p.unlock->wrong},
              {"attempts", p.unlock->attempts}};
  j["privacy"] = {{"client_data", holds_client_data()},
                  {"encrypt", p.encrypt},
                  {"passphrase_ok", passphrase_problem(p) == nullptr},
                  {"export_in_flight", p.export_in_flight},
                  {"exported", p.exported},
                  {"unlock", unlock},
                  {"forget", {{"confirm", p.forget_confirm}, {"in_flight", p.forget_in_flight}, {"error", p.forget_error}}}};
}

}  // namespace kolo::ui
