// The passphrase lock for this device's data (issue 17, item 4; app.hpp "lock"). While it is
// on, the browser keeps every record's text only encrypted (shell/kolo_lock.js) and the app
// starts on the lock screen: nothing of the data is read, shown or written until the
// passphrase opens it. A forgotten passphrase leaves one way out, "Forget this device".
// Settings turns the lock on, changes its passphrase (nothing re-encrypted: the data key is
// wrapped anew) or turns it off, and "Lock now" closes the data (the page starts again, once
// everything is saved).
// Widget ids: lockscreen.passphrase, lockscreen.open, lockscreen.forget (the lock screen);
// lock.passphrase, lock.passphrase_again, lock.on, lock.current, lock.change, lock.off,
// lock.now (Settings). State: lock {screen, in_flight, wrong, attempts, failed, on, busy,
// wrong_current, done, error}.
#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

const ImVec4 kRefused(0.7f, 0.1f, 0.1f, 1.0f);

void refused_text(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kRefused);
  wrapped_text(text);
  ImGui::PopStyleColor();
}

// Why the new passphrase, typed twice, cannot be used yet (a catalog key), or nullptr.
const char* new_passphrase_problem(const LockState& l) {
  if (l.next.size() < kMinPassphrase) return "privacy.passphrase_short";
  if (l.next != l.next_again) return "privacy.passphrase_differ";
  return nullptr;
}

}  // namespace

// [SECTION] the platform's answers -----------------------------------------------------------------

void App::lock_screen(int state, const std::string& why) {
  LockState& l = lock_;
  l.screen = true;
  l.in_flight = false;
  l.focus = true;
  l.passphrase.clear();
  if (state == 1) {
    l.wrong = true;
    ++l.attempts;
  } else if (state == 2) {
    l.failed = why;
  }
}

void App::lock_status(bool on) {
  lock_.on = on;
  lock_.screen = false;  // (sent as the data loads: it is open)
  lock_.passphrase.clear();
  lock_.in_flight = false;
}

void App::lock_done(int code, const std::string& why) {
  LockState& l = lock_;
  l.busy = false;
  l.current.clear();  // typed again for another change: never kept longer than needed
  if (code == 1) {
    l.wrong_current = true;
    return;
  }
  if (code == 2 || code == 3) {  // 3: the lock is on, but not every record is sealed yet
    l.error = why;
    l.partial = code == 3;
    return;
  }
  l.done = l.op;
  l.next.clear();
  l.next_again.clear();
}

// [SECTION] the lock screen --------------------------------------------------------------------

void App::draw_lock_screen() {
  LockState& l = lock_;
  const float width = std::min(560.0f, ImGui::GetContentRegionAvail().x);
  ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 2));
  heading_text(T(*this, "lock.screen_title"));
  wrapped_text(T(*this, "lock.screen_body"));
  if (l.wrong) refused_text(T(*this, "lock.wrong"));
  if (!l.failed.empty()) refused_text(trf("lock.failed", settings_.lang, {l.failed}).c_str());
  form_label(*this, "privacy.passphrase");
  if (l.focus) {
    ImGui::SetKeyboardFocusHere();
    l.focus = false;
  }
  ImGui::BeginDisabled(l.in_flight);
  const bool enter = input_string(*this, "lockscreen.passphrase", &l.passphrase, width,
                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::BeginDisabled(l.passphrase.empty());
  if ((ImGui::Button(L(*this, "lock.open", "lockscreen.open").c_str()) || enter) && !l.passphrase.empty()) {
    l.in_flight = true;
    l.wrong = false;
    l.failed.clear();
    host_->storage_unlock(l.passphrase);
  }
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  if (l.in_flight) wrapped_text(T(*this, "lock.opening"));
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
  ImGui::Separator();
  wrapped_text(T(*this, "lock.forgotten"));
  if (ImGui::Button(L(*this, "privacy.forget", "lockscreen.forget").c_str())) {
    privacy_.forget_confirm = true;
    privacy_.forget_error.clear();
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  draw_privacy_dialogs();  // the forget confirmation (with nothing loaded to export)
}

// [SECTION] Settings ---------------------------------------------------------------------------------

void App::draw_lock_settings() {
  if (offline_.page == PageKind::board || storage_.state == "in_file" || storage_.state == "unavailable") return;
  LockState& l = lock_;
  ImGui::TextUnformatted(T(*this, "lock.title"));
  wrapped_text(T(*this, l.on ? "lock.on_hint" : "lock.off_hint"));
  const float column = label_column(*this, {"lock.current", "lock.new", "privacy.passphrase_again"});
  if (l.on) {
    row_label(*this, "lock.current", column);
    input_string(*this, "lock.current", &l.current, 280.0f, ImGuiInputTextFlags_Password);
  }
  row_label(*this, l.on ? "lock.new" : "privacy.passphrase", column);
  input_string(*this, "lock.passphrase", &l.next, 280.0f, ImGuiInputTextFlags_Password);
  row_label(*this, "privacy.passphrase_again", column);
  input_string(*this, "lock.passphrase_again", &l.next_again, 280.0f, ImGuiInputTextFlags_Password);
  const char* problem = new_passphrase_problem(l);
  if (problem && !l.next.empty()) wrapped_text(T(*this, problem));
  auto start = [&](const std::string& current, const std::string& next) {
    l.busy = true;
    l.op = current.empty() ? "lock.turned_on" : next.empty() ? "lock.turned_off" : "lock.changed";
    l.done.clear();
    l.error.clear();
    l.partial = false;
    l.wrong_current = false;
    host_->lock_set(current, next);
  };
  ImGui::BeginDisabled(l.busy);
  if (!l.on) {
    ImGui::BeginDisabled(problem != nullptr);
    if (ImGui::Button(L(*this, "lock.turn_on", "lock.on").c_str())) start("", l.next);
    ImGui::EndDisabled();
  } else {
    ImGui::BeginDisabled(problem != nullptr || l.current.empty());
    if (ImGui::Button(L(*this, "lock.change", "lock.change").c_str())) start(l.current, l.next);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(l.current.empty());
    if (ImGui::Button(L(*this, "lock.turn_off", "lock.off").c_str())) {
      l.next.clear();
      l.next_again.clear();
      start(l.current, "");
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "lock.now", "lock.now").c_str())) reload_requested_ = true;
  }
  ImGui::EndDisabled();
  if (l.busy) wrapped_text(T(*this, "lock.working"));
  if (l.wrong_current) refused_text(T(*this, "lock.wrong_current"));
  if (!l.error.empty())
    refused_text(trf(l.partial ? "lock.on_incomplete" : "lock.change_failed", settings_.lang, {l.error}).c_str());
  if (!l.done.empty()) wrapped_text(T(*this, l.done.c_str()));
}

// [SECTION] state ------------------------------------------------------------------------------------

void App::add_lock_state(nlohmann::json& j) const {
  const LockState& l = lock_;
  j["lock"] = {{"screen", l.screen},   {"in_flight", l.in_flight},         {"wrong", l.wrong},
               {"attempts", l.attempts}, {"failed", l.failed},             {"on", l.on},
               {"busy", l.busy},         {"wrong_current", l.wrong_current}, {"done", l.done},
               {"error", l.error}};
}

}  // namespace kolo::ui
