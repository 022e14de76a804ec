// Settings: language, and the user's data: where it is kept, export, import, the example.
// Widget ids: settings.lang.uk|ru|en, data.export, data.import, demo.load, demo.remove; tables
// for spreadsheets: data.csv.partners|services|events|referral_stats, the directory as Open
// Referral HSDS: data.hsds; keep in
// touch by tag: cadence.tag, cadence.ideal, cadence.max, cadence.add, cadence.<id>.remove;
// offline use: offline.install, offline.with_data, offline.copy, offline.settings_save_copy;
// text size: settings.text_size.100|125|150|175|200 (state text_scale);
// the signature under referral letters: settings.signature, settings.signature.save; what
// happens after a decline: settings.decline_next_steps, settings.decline_next_steps.save.
// team sync: see ui/app_sync.cpp.
// privacy (app_privacy.cpp): privacy.encrypt, privacy.passphrase, privacy.passphrase_again,
// privacy.export beside data.export; privacy.forget at the end.
// State: cadences ([{tag, ideal, max}] as stored), signature, decline_next_steps (as stored).
#include <imgui.h>

#include <memory>
#include <iterator>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "ui/app.hpp"
#include "ui/item_registry.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {
class SettingsView final : public View {
 public:
  SettingsView() : View("settings", "view.settings") {}
  void draw(App& app) override;
  void add_state(nlohmann::json& state) const override {
    state["cadences"] = cadences_;
    state["signature"] = stored_signature_;
    state["decline_next_steps"] = stored_next_steps_;
  }

 private:
  void draw_cadences(App& app);
  void draw_signature(App& app);
  std::string signature_, stored_signature_;
  bool signature_loaded_ = false;
  std::string next_steps_, stored_next_steps_;
  bool next_steps_loaded_ = false;
  // Keep in touch by tag: the form for a new cadence ("schools" every 30 days, at most 45).
  std::string tag_;
  int ideal_ = 30, max_ = 0;
  nlohmann::json cadences_ = nlohmann::json::array();
};
}  // namespace

std::unique_ptr<View> make_settings_view() { return std::make_unique<SettingsView>(); }

void SettingsView::draw(App& app) {
  empty_state(app, "settings.title", "settings.body");
  ImGui::TextUnformatted(T(app, "settings.language"));
  static constexpr struct {
    Lang lang;
    const char* label;
  } kChoices[] = {{Lang::uk, "Українська###settings.lang.uk"},
                  {Lang::ru, "Русский###settings.lang.ru"},
                  {Lang::en, "English###settings.lang.en"}};
  for (const auto& c : kChoices)
    if (radio_button(c.label, app.settings().lang == c.lang)) app.set_language(c.lang);

  // Text size: the whole interface drawn larger (the font atlas rebuilt at that size, so it
  // stays crisp), on top of the browser's zoom.
  ImGui::Spacing();
  ImGui::TextUnformatted(T(app, "settings.text_size"));
  items_text(T(app, "settings.text_size"));
  for (int pct : kTextScales) {
    const std::string label = std::to_string(pct) + " %###settings.text_size." + std::to_string(pct);
    ImGui::SameLine();
    if (radio_button(label.c_str(), app.settings().text_scale == pct)) app.set_text_scale(pct);
  }

  ImGui::Spacing();
  ImGui::Separator();
  draw_cadences(app);

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(T(app, "settings.data"));
  const std::string status_key = "save." + app.storage_status().state;
  ImGui::TextWrapped("%s: %s", T(app, "settings.storage"), T(app, status_key.c_str()));
  if (!app.storage_status().reason.empty()) wrapped_text(app.storage_status().reason.c_str());
  if (app.storage_status().persisted == 1)
    wrapped_text(T(app, "settings.persisted"));
  else if (app.storage_status().persisted == 0)
    wrapped_text(T(app, "settings.not_persisted"));
  wrapped_text(T(app, "settings.export_hint"));
  // Whether the file holds client records, and encrypting it (app_privacy.cpp): chosen, the
  // encrypted export's button stands in for the plain one.
  if (!app.draw_export_choice()) {
    if (ImGui::Button(L(app, "data.export", "data.export").c_str())) app.export_document();
    ImGui::SameLine();
  }
  if (ImGui::Button(L(app, "data.import", "data.import").c_str())) app.request_import();
  // The directory for spreadsheets and other tools: no client data in any of these.
  wrapped_text(T(app, "settings.tables_hint"));
  static constexpr std::pair<const char*, CsvExport> kTables[] = {
      {"data.csv.partners", CsvExport::partners},
      {"data.csv.services", CsvExport::services},
      {"data.csv.events", CsvExport::events},
      {"data.csv.referral_stats", CsvExport::referral_stats},
  };
  bool first = true;
  auto button = [&](const char* id) {  // on one line while they fit
    const std::string label = L(app, id, id);
    if (!first) {
      ImGui::SameLine();
      const float width = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
      if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    }
    first = false;
    return ImGui::Button(label.c_str());
  };
  for (const auto& [id, what] : kTables)
    if (button(id)) app.export_table(what);
  if (button("data.hsds")) app.export_hsds();

  ImGui::Spacing();
  wrapped_text(T(app, "demo.hint"));
  if (app.demo_loaded()) {
    if (ImGui::Button(L(app, "demo.remove", "demo.remove").c_str())) app.remove_demo();
  } else if (ImGui::Button(L(app, "demo.load", "demo.load").c_str())) {
    app.load_demo();
  }

  ImGui::Spacing();
  app.draw_offline_settings();

  ImGui::Spacing();
  app.draw_sync_settings();

  // Last, so what was already here keeps its place on a short screen.
  ImGui::Spacing();
  ImGui::Separator();
  draw_signature(app);

  ImGui::Spacing();
  ImGui::Separator();
  app.draw_lock_settings();

  ImGui::Spacing();
  ImGui::Separator();
  app.draw_forget_device();
}

// Who signs referral letters (the practice profile, one record: the planner keeps its client
// groups there too).
void SettingsView::draw_signature(App& app) {
  const Document& d = app.doc();
  const std::string stored = d.profiles.empty() ? "" : d.profiles.front().signature;
  if (!signature_loaded_ || (stored != stored_signature_ && signature_ == stored_signature_)) signature_ = stored;
  stored_signature_ = stored;
  signature_loaded_ = true;
  ImGui::TextUnformatted(T(app, "field.signature"));
  wrapped_text(T(app, "settings.signature_hint"));
  input_multiline(app, "settings.signature", &signature_, ImGui::GetTextLineHeight() * 3 + 8);
  ImGui::BeginDisabled(signature_ == stored);
  if (ImGui::Button(L(app, "dialog.save", "settings.signature.save").c_str())) {
    Profile profile = d.profiles.empty() ? Profile{} : d.profiles.front();
    profile.signature = signature_;
    app.apply(put_command(profile));  // a refusal is shown by the app; the text stays
  }
  ImGui::EndDisabled();

  // What happens after a decline, in the practice's own words (the decline protocol's message
  // to the client uses it instead of a platform's text).
  const std::string steps = d.profiles.empty() ? "" : d.profiles.front().decline_next_steps;
  if (!next_steps_loaded_ || (steps != stored_next_steps_ && next_steps_ == stored_next_steps_)) next_steps_ = steps;
  stored_next_steps_ = steps;
  next_steps_loaded_ = true;
  ImGui::Spacing();
  ImGui::TextUnformatted(T(app, "field.decline_next_steps"));
  wrapped_text(T(app, "settings.next_steps_hint"));
  input_multiline(app, "settings.decline_next_steps", &next_steps_, ImGui::GetTextLineHeight() * 3 + 8);
  ImGui::BeginDisabled(next_steps_ == steps);
  if (ImGui::Button(L(app, "dialog.save", "settings.decline_next_steps.save").c_str())) {
    Profile profile = app.doc().profiles.empty() ? Profile{} : app.doc().profiles.front();
    profile.decline_next_steps = next_steps_;
    app.apply(put_command(profile));
  }
  ImGui::EndDisabled();
}

void SettingsView::draw_cadences(App& app) {
  ImGui::TextUnformatted(T(app, "table.cadences"));
  wrapped_text(T(app, "settings.cadence_hint"));
  cadences_ = nlohmann::json::array();
  for (const Cadence& c : app.doc().cadences) {
    const std::string line = trf("settings.cadence_line", app.settings().lang,
                                 {c.tag, std::to_string(c.ideal_days),
                                  std::to_string(c.max_days > 0 ? c.max_days : (c.ideal_days * 3 + 1) / 2)});
    ImGui::BulletText("%s", line.c_str());
    ImGui::SameLine();
    const std::string remove = std::string(T(app, "dialog.delete")) + "###cadence." + std::to_string(c.id) + ".remove";
    Id gone = 0;
    if (ImGui::SmallButton(remove.c_str())) gone = c.id;
    cadences_.push_back({{"tag", c.tag}, {"ideal", c.ideal_days}, {"max", c.max_days}});
    if (gone != 0) {
      app.apply(delete_command(Table::cadences, gone));
      break;  // the list changed under the loop
    }
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, "field.tag"));
  ImGui::SameLine();
  input_string(app, "cadence.tag", &tag_, 160.0f);
  ImGui::SameLine();
  ImGui::TextUnformatted(T(app, "field.ideal_days"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##ideal###cadence.ideal", &ideal_);
  ImGui::SameLine();
  ImGui::TextUnformatted(T(app, "field.max_days"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##max###cadence.max", &max_);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "settings.cadence_add", "cadence.add").c_str())) {
    Cadence c;
    c.tag = tag_;
    c.ideal_days = ideal_;
    c.max_days = max_;
    if (!app.apply(put_command(c)).has_value()) tag_.clear();  // a refusal shows why, the form stays
  }
}

}  // namespace kolo::ui
