// Team sync (app.hpp, "team sync"; ARCHITECTURE.md, Team sync): the Settings section where the
// user names a CouchDB database, a passphrase and what syncs; the state the platform reports
// (shell/kolo_sync.js); conflicts with another device, shown in the storage-conflict dialog.
// Widget ids: sync.url, sync.user, sync.password, sync.passphrase, sync.table.<table> (a
// checkbox each), sync.connect, sync.disconnect; once connected, a new passphrase:
// sync.new_passphrase, sync.change_passphrase (with the current one in sync.passphrase); when both this device and the
// server hold data: sync.replace_export, sync.replace, sync.replace_cancel.
// State: sync {state, why, pending, pushed, pulled, tables, conflicts_device}.
#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

SyncStatus sync_status_from_json(const std::string& text) {
  SyncStatus s;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  auto num = [&](const char* k) { return j.contains(k) && j[k].is_number() ? j[k].get<double>() : 0.0; };
  s.state = str("state");
  if (s.state.empty()) s.state = "off";
  s.why = str("why");
  s.detail = str("detail");
  s.notice = str("notice");
  s.url = str("url");
  s.synced_at = str("synced_at");
  s.pending = static_cast<int>(num("pending"));
  s.pushed = static_cast<int>(num("pushed"));
  s.pulled = static_cast<int>(num("pulled"));
  s.local_records = static_cast<int>(num("local"));
  s.last_ms = num("last_ms");
  if (j.contains("tables") && j["tables"].is_array())
    for (const nlohmann::json& t : j["tables"])
      if (t.is_string()) s.tables.push_back(t.get<std::string>());
  if (j.contains("unreadable") && j["unreadable"].is_array())
    for (const nlohmann::json& k : j["unreadable"])
      if (k.is_string()) s.unreadable.push_back(k.get<std::string>());
  return s;
}

std::vector<Table> tables_referenced_by(Table table) {
  std::vector<Table> out;
  with_table_type(table, [&](auto tag) {
    using R = decltype(tag);
    R record{};
    describe(record, [&](const Spec& s, const auto&) {
      if (s.is_ref && s.required && s.target != table && std::find(out.begin(), out.end(), s.target) == out.end())
        out.push_back(s.target);
    });
    return 0;
  });
  return out;
}

std::vector<Table> with_referenced_tables(std::vector<Table> chosen) {
  for (std::size_t i = 0; i < chosen.size(); ++i)
    for (Table t : tables_referenced_by(chosen[i]))
      if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

bool is_client_table(Table table) {
  return table == Table::cases || table == Table::referrals || table == Table::declines;
}

std::vector<Table> default_sync_tables() {
  std::vector<Table> out;
  for (Table t : all_values<Table>())
    if (!is_client_table(t) && t != Table::profiles) out.push_back(t);  // the practice's own profile stays too
  return with_referenced_tables(out);
}

std::string sync_request_json(const std::string& url, const std::string& user, const std::string& password,
                              const std::string& passphrase, const std::vector<Table>& tables, bool replace) {
  nlohmann::json names = nlohmann::json::array();
  for (Table t : with_referenced_tables(tables)) names.push_back(std::string(to_string(t)));
  return nlohmann::json{{"url", url},         {"user", user},     {"password", password},
                        {"passphrase", passphrase}, {"tables", names}, {"replace", replace}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void App::set_sync_status(SyncStatus status) {
  sync_ = std::move(status);
  if (sync_.connected() && !sync_form_.loaded) {  // the form shows what syncs now
    sync_form_.loaded = true;
    sync_form_.url = sync_.url;
    sync_form_.tables.clear();
    for (const std::string& name : sync_.tables)
      if (Table t{}; from_string(name, &t)) sync_form_.tables.push_back(t);
  }
}

void App::draw_sync_settings() {
  ImGui::Separator();
  section_title(T(*this, "sync.title"));
  wrapped_text(T(*this, "sync.hint"));
  const SyncStatus& s = sync_;
  // Where it stands, in words.
  std::string line = std::string(T(*this, "sync.state")) + ": " + T(*this, ("sync.state." + s.state).c_str());
  if (s.state == "synced" && !s.synced_at.empty()) line += " (" + s.synced_at.substr(0, 16) + ")";
  if (s.pending > 0) line += " · " + trf("sync.pending", settings_.lang, {std::to_string(s.pending)});
  wrapped_text(line);
  if (!s.why.empty()) wrapped_text(T(*this, ("sync.why." + s.why).c_str()));
  if (!s.detail.empty()) wrapped_text(s.detail);
  if (s.state == "wrong_passphrase" || s.notice == "wrong_passphrase") wrapped_text(T(*this, "sync.wrong_passphrase"));
  if (!s.unreadable.empty())
    wrapped_text(trf("sync.unreadable", settings_.lang, {std::to_string(s.unreadable.size()), s.unreadable.front()}));

  SyncForm& f = sync_form_;
  const float column =
      label_column(*this, {"sync.url", "sync.user", "sync.password", "sync.passphrase", "sync.new_passphrase"});
  row_label(*this, "sync.url", column);
  input_string(*this, "sync.url", &f.url);
  row_label(*this, "sync.user", column);
  input_string(*this, "sync.user", &f.user);
  row_label(*this, "sync.password", column);
  input_secret(*this, "sync.password", &f.password);
  row_label(*this, "sync.passphrase", column);
  input_secret(*this, "sync.passphrase", &f.passphrase);
  wrapped_text(T(*this, "sync.passphrase_hint"));

  ImGui::TextUnformatted(T(*this, "sync.tables"));
  bool client = false;
  for (Table t : all_values<Table>()) {
    const bool was = std::find(f.tables.begin(), f.tables.end(), t) != f.tables.end();
    bool on = was;
    const std::string label = std::string(T(*this, label_key(t).c_str())) + "###sync.table." + std::string(to_string(t));
    if (ImGui::Checkbox(label.c_str(), &on) && on != was) {
      if (on) {
        f.tables.push_back(t);
        f.tables = with_referenced_tables(f.tables);
      } else {  // what refers to it cannot sync without it
        std::erase(f.tables, t);
        for (bool again = true; again;) {
          again = false;
          for (Table u : f.tables) {
            const std::vector<Table> needs = tables_referenced_by(u);
            if (std::find(needs.begin(), needs.end(), t) != needs.end() ||
                std::any_of(needs.begin(), needs.end(), [&](Table n) {
                  return std::find(f.tables.begin(), f.tables.end(), n) == f.tables.end();
                })) {
              std::erase(f.tables, u);
              again = true;
              break;
            }
          }
        }
      }
    }
    if (on && is_client_table(t)) client = true;
  }
  if (client) wrapped_text(T(*this, "sync.client_warning"));

  const bool busy = s.state == "connecting";
  ImGui::BeginDisabled(busy || f.url.empty() || f.passphrase.empty());
  if (ImGui::Button(L(*this, s.connected() ? "sync.apply" : "sync.connect", "sync.connect").c_str())) {
    host_->sync_connect(sync_request_json(f.url, f.user, f.password, f.passphrase, f.tables, false));
  }
  ImGui::EndDisabled();
  if (s.connected()) {
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "sync.disconnect", "sync.disconnect").c_str())) host_->sync_disconnect();
  }

  // A new passphrase: everything on the server encrypted again; the other devices ask for it.
  if (s.connected()) {
    ImGui::Spacing();
    wrapped_text(T(*this, "sync.change_hint"));
    row_label(*this, "sync.new_passphrase", column);
    input_secret(*this, "sync.new_passphrase", &f.new_passphrase);
    ImGui::BeginDisabled(busy || s.state == "rekeying" || f.passphrase.empty() || f.new_passphrase.empty());
    if (ImGui::Button(L(*this, "sync.change_passphrase", "sync.change_passphrase").c_str())) {
      host_->sync_change_passphrase(f.passphrase, f.new_passphrase);
      f.passphrase.clear();
      f.new_passphrase.clear();
    }
    ImGui::EndDisabled();
  }

  // Both hold data: joining takes the team's in place of this device's, after an export.
  if (s.state == "needs_replace" || s.notice == "needs_replace") {
    ImGui::Spacing();
    wrapped_text(trf("sync.needs_replace", settings_.lang, {std::to_string(s.local_records)}));
    if (ImGui::Button(L(*this, "data.export", "sync.replace_export").c_str())) export_document();
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "sync.replace", "sync.replace").c_str()))
      host_->sync_connect(sync_request_json(f.url, f.user, f.password, f.passphrase, f.tables, true));
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "dialog.cancel", "sync.replace_cancel").c_str())) {
      if (sync_.state == "needs_replace") sync_.state = "off";
      sync_.notice.clear();
    }
  }
}

}  // namespace kolo::ui
