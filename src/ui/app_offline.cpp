// Offline use (app.hpp, "offline"; ARCHITECTURE.md, Offline): where this page came from, the
// offline copy the user downloads, the single-file way of a copy that has no storage, a new
// version waiting, and the Settings section that explains all of it.
#include <imgui.h>

#include "core/date.hpp"
#include "core/letter.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

void App::set_page(PageKind kind, std::string copy_made_at) {
  offline_.page = kind;
  offline_.copy_made_at = std::move(copy_made_at);
}

bool App::set_offline(bool ready, bool can_install, std::string update) {
  const bool banner = update != offline_.update;
  const bool settings = ready != offline_.ready || can_install != offline_.can_install;
  offline_.ready = ready;
  offline_.can_install = can_install;
  offline_.update = std::move(update);
  return banner || (settings && std::string_view(current_view().code()) == "settings");
}

void App::reload_blocked(const std::string& reason) {
  reload_requested_ = false;
  error_message_ = trf("offline.reload_unsaved", settings_.lang, {reason});
}

void App::offer_carried_data(const std::string& json, const std::string& saved_at) {
  OpenedFile file;
  file.name = T(*this, "offline.carried_name");
  file.mime = "application/json";
  file.bytes = json;
  file.total_size = json.size();
  const std::string when = saved_at.size() >= 10 ? long_date(std::string_view(saved_at).substr(0, 10), settings_.lang) : "?";
  notices_.push_back(trf("offline.carried_differs", settings_.lang, {when}));
  preview_import(file);
}

void App::set_single_file() {
  offline_.single_file = true;
  file_revision_ = store_.revision();  // what the file holds is what was loaded from it
}

void App::save_offline_copy(bool with_data) {
  if (copy_in_flight_) return;
  copy_in_flight_ = true;
  copy_same_ = false;
  copy_revision_ = store_.revision();
  const std::string data = with_data ? to_json(own_doc(), host_->now_iso()) : std::string();
  host_->save_offline_copy("kolo-offline-" + format_date(today()) + ".html", data, T(*this, "app.page_title"), false);
}

void App::save_updated_copy() {
  if (copy_in_flight_ || !offline_.single_file) return;
  copy_in_flight_ = true;
  copy_same_ = true;
  copy_revision_ = store_.revision();
  host_->save_offline_copy("", to_json(own_doc(), host_->now_iso()), T(*this, "app.page_title"), true);
}

void App::offline_copy_done(bool ok, const std::string& reason) {
  copy_in_flight_ = false;
  if (!ok) {
    // "file://": a page the browser saved cannot read its own files back.
    error_message_ = reason == "file://" ? std::string(T(*this, "offline.copy_failed_file"))
                                         : trf("offline.copy_failed", settings_.lang, {reason});
    return;
  }
  if (copy_same_) file_revision_ = copy_revision_;
}

void App::draw_offline_settings() {
  ImGui::TextUnformatted(T(*this, "offline.title"));
  switch (offline_.page) {
    case PageKind::served:
      wrapped_text(T(*this, offline_.ready ? "offline.ready" : "offline.not_ready"));
      break;
    case PageKind::file:
      wrapped_text(T(*this, "offline.is_saved_page"));
      break;
    case PageKind::copy: {
      const std::string made = offline_.copy_made_at.size() >= 10
                                   ? long_date(std::string_view(offline_.copy_made_at).substr(0, 10), settings_.lang)
                                   : std::string("?");
      wrapped_text(trf("offline.is_copy", settings_.lang, {made}).c_str());
      if (offline_.single_file) wrapped_text(T(*this, "offline.single_file_short"));
      break;
    }
    case PageKind::board:
      break;
  }
  if (offline_.can_install) {
    wrapped_text(T(*this, "offline.install_hint"));
    if (ImGui::Button(L(*this, "offline.install", "offline.install").c_str())) host_->install();
  }
  wrapped_text(T(*this, "offline.copy_hint"));
  ImGui::Checkbox(L(*this, "offline.with_data", "offline.with_data").c_str(), &copy_with_data_);
  ImGui::BeginDisabled(copy_in_flight_);
  if (ImGui::Button(L(*this, "offline.copy", "offline.copy").c_str())) save_offline_copy(copy_with_data_);
  if (offline_.single_file) {
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "offline.save_copy", "offline.settings_save_copy").c_str())) save_updated_copy();
  }
  ImGui::EndDisabled();
  if (copy_in_flight_) wrapped_text(T(*this, "offline.copy_making"));
}

}  // namespace kolo::ui
