// Open formats in the app: the service directory out as HSDS 3.0, HSDS files in (one JSON
// file, or the CSV tables of the tabular form dropped or picked together) through the import
// preview, which lists what the reader did not keep before anything is applied; partners
// from a spreadsheet through a dialog of its own (columns, preview, bad rows).
// Widget ids of the spreadsheet dialog: csv.map.<field> (a combo per field: id, name, kind,
// stage, area, tags, contact_name, contact_role, phone, email, address, website, their_needs,
// notes), its choices csv.map.<field>.none and csv.map.<field>.<column index>; csv.skip_bad,
// csv.import, csv.cancel. State `partner_csv` (while open): {file, rows, headers, map: {field:
// header}, added, updated, unchanged, bad: [{row, field, key, args}], skip_bad}.
#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "io/hsds.hpp"
#include "io/import.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

void App::export_hsds() {
  host_->download(hsds_file_name(format_date(today())), "application/json", hsds_export(doc(), settings_.lang));
}

void App::begin_files(std::size_t count) {
  batch_.clear();
  batch_unreadable_.clear();
  batch_expected_ = count > 1 ? count : 0;
}

void App::finish_batch() {
  std::vector<BatchFile> files = std::move(batch_);
  batch_.clear();
  batch_expected_ = 0;
  if (!batch_unreadable_.empty()) {  // one could not be read: the others are not read without it
    error_message_ = std::move(batch_unreadable_);
    batch_unreadable_.clear();
    return;
  }
  std::vector<OpenedFile> opened;
  for (const BatchFile& f : files) opened.push_back({f.name, f.mime, f.bytes, f.total_size});
  const bool tables = std::all_of(opened.begin(), opened.end(), [](const OpenedFile& f) {
    std::string lower;
    for (char c : f.name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return looks_like_hsds_table(f.name, f.bytes) || lower == "datapackage.json";
  });
  if (tables) return open_hsds_tables(opened);
  std::string names;
  for (const OpenedFile& f : opened) names += (names.empty() ? "" : ", ") + f.name;
  error_message_ = trf("file.one_at_a_time", settings_.lang, {names});
}

// The preview of an HSDS import: what merging would add and change.
void App::preview_directory(ImportSession* session, const Document& current, HsdsImport result) {
  session->merge_only = true;
  session->report = std::move(result.report);
  session->errors = std::move(result.errors);
  if (result.incoming) {
    session->merge = plan_import(current, *result.incoming, ImportMode::merge).counts;
    session->incoming = std::move(result.incoming);
  }
}

void App::open_hsds_json(const OpenedFile& file) {
  if (board_) {
    error_message_ = trf("board.close_first", settings_.lang, {file.name});
    return;
  }
  ImportSession session;
  session.file_name = file.name;
  if (file.unread())
    session.errors.push_back(too_large(file));
  else
    preview_directory(&session, doc(), hsds_import_json(doc(), file.bytes, settings_.lang));
  session.directory_files = {{file.name, std::string(file.bytes)}};
  session.directory_json = true;
  import_ = std::move(session);
}

void App::open_hsds_tables(const std::vector<OpenedFile>& files) {
  std::string names;
  for (const OpenedFile& f : files) names += (names.empty() ? "" : ", ") + f.name;
  if (board_) {
    error_message_ = trf("board.close_first", settings_.lang, {names});
    return;
  }
  ImportSession session;
  session.file_name = names;
  std::vector<HsdsFile> tables;
  for (const OpenedFile& f : files) {
    if (f.unread()) {
      session.errors.push_back(too_large(f, f.name));
      continue;
    }
    tables.push_back({f.name, f.bytes});
  }
  if (session.errors.empty()) preview_directory(&session, doc(), hsds_import_tables(doc(), tables, settings_.lang));
  for (const HsdsFile& t : tables) session.directory_files.emplace_back(t.name, std::string(t.bytes));
  import_ = std::move(session);
}

HsdsImport App::read_directory_again(const ImportSession& session) const {
  if (session.directory_json && !session.directory_files.empty())
    return hsds_import_json(doc(), session.directory_files.front().second, settings_.lang);
  std::vector<HsdsFile> tables;
  for (const auto& [name, bytes] : session.directory_files) tables.push_back({name, bytes});
  return hsds_import_tables(doc(), tables, settings_.lang);
}

void App::draw_import_report(const std::vector<Error>& report) {
  if (report.empty()) return;
  ImGui::Spacing();
  wrapped_text(trf("import.report", settings_.lang, {std::to_string(report.size())}).c_str());
  const float height = std::min(8.0f, static_cast<float>(report.size())) * ImGui::GetTextLineHeightWithSpacing() * 1.6f;
  ImGui::BeginChild("import.report", ImVec2(0, height), true);
  for (const Error& e : report) ImGui::BulletText("%s", describe(e, settings_.lang).c_str());
  ImGui::EndChild();
}

void App::open_partner_csv(const OpenedFile& file) {
  if (board_) {
    error_message_ = trf("board.close_first", settings_.lang, {file.name});
    return;
  }
  if (file.unread()) {
    error_message_ = file.name + ": " + describe(too_large(file), settings_.lang);
    return;
  }
  CsvRead read = read_csv(file.bytes);
  if (!read.table) {
    error_message_ = file.name + ": " + describe(*read.error, settings_.lang);
    return;
  }
  PartnerCsvSession session;
  session.file_name = file.name;
  session.table = std::move(*read.table);
  session.map = guess_columns(session.table, settings_.csv_columns);
  partner_csv_ = std::move(session);
}

namespace {
const char* outcome_key(PartnerRow::Outcome o) {
  switch (o) {
    case PartnerRow::Outcome::added: return "partners_csv.added";
    case PartnerRow::Outcome::updated: return "partners_csv.updated";
    case PartnerRow::Outcome::unchanged: return "partners_csv.unchanged";
    default: return "partners_csv.bad";
  }
}
}  // namespace

bool App::draw_partner_csv_dialog() {
  if (!partner_csv_) return false;
  if (!ImGui::IsPopupOpen("###partner_csv")) ImGui::OpenPopup("###partner_csv");
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(860.0f, viewport->WorkSize.x - 20), 0));
  if (!ImGui::BeginPopupModal(L(*this, "partners_csv.title", "partner_csv").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
    return false;
  PartnerCsvSession& s = *partner_csv_;
  const Lang lang = settings_.lang;
  if (s.planned_at != store_.revision()) {  // the document changed (or the map): plan again
    s.plan = plan_partner_csv(doc(), s.table, s.map, lang);
    s.planned_at = store_.revision();
  }
  wrapped_text(trf("partners_csv.file", lang, {s.file_name, std::to_string(s.table.rows.size())}).c_str());
  wrapped_text(T(*this, "partners_csv.columns_hint"));
  bool remap = false;
  // Two fields a row, so that the preview and the buttons fit a laptop's screen.
  if (ImGui::BeginTable("columns", 4, ImGuiTableFlags_SizingStretchProp)) {
    for (int c = 0; c < 4; ++c)
      ImGui::TableSetupColumn(c % 2 ? "combo" : "field", c % 2 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed);
    for (std::size_t f = 0; f < kSheetFields; ++f) {
      const SheetField field = static_cast<SheetField>(f);
      const std::string id = "csv.map." + std::string(field_id(field));
      if (f % 2 == 0) ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(T(*this, field_label_key(field)));
      ImGui::TableNextColumn();
      const int chosen = s.map[f];
      const std::string none = T(*this, "partners_csv.not_imported");
      const std::string preview = chosen >= 0 ? s.table.header[static_cast<std::size_t>(chosen)] : none;
      ImGui::SetNextItemWidth(-1);
      if (begin_combo(("##" + id + "###" + id).c_str(), preview.c_str())) {
        if (ImGui::Selectable((none + "###" + id + ".none").c_str(), chosen < 0)) {
          s.map[f] = -1;
          remap = true;
        }
        for (std::size_t c = 0; c < s.table.header.size(); ++c) {
          const std::string header = s.table.header[c].empty() ? trf("partners_csv.column_n", lang, {std::to_string(c + 1)}) : s.table.header[c];
          if (ImGui::Selectable((header + "###" + id + "." + std::to_string(c)).c_str(), chosen == static_cast<int>(c))) {
            for (int& other : s.map)
              if (other == static_cast<int>(c)) other = -1;  // a column feeds one field
            s.map[f] = static_cast<int>(c);
            remap = true;
          }
        }
        ImGui::EndCombo();
      }
    }
    ImGui::EndTable();
  }
  if (remap) {
    s.plan = plan_partner_csv(doc(), s.table, s.map, lang);
    s.planned_at = store_.revision();
  }
  const PartnerCsvPlan& plan = s.plan;
  ImGui::Separator();
  if (s.map[static_cast<std::size_t>(SheetField::name)] < 0)
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", T(*this, "partners_csv.choose_name"));
  wrapped_text(trf("partners_csv.summary", lang, {std::to_string(plan.added), std::to_string(plan.updated),
                                                             std::to_string(plan.unchanged), std::to_string(plan.bad)}).c_str());
  // The rows as they will be: the first ones, the bad ones with their reasons.
  if (ImGui::BeginTable("preview", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY,
                        ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(T(*this, "partners_csv.col.row"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(T(*this, "field.name"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(T(*this, "partners_csv.col.what"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableHeadersRow();
    std::size_t shown = 0;
    for (const PartnerRow& row : plan.rows) {
      if (row.outcome != PartnerRow::Outcome::bad && shown >= 50) continue;
      ++shown;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", row.row);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.name.c_str());
      ImGui::TableNextColumn();
      if (row.outcome == PartnerRow::Outcome::bad) {
        const std::string why = std::string(T(*this, row.reason.path.c_str())) + ": " + describe({row.reason.key, "", row.reason.args}, lang);
        ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", why.c_str());
      } else {
        std::string what = T(*this, outcome_key(row.outcome));
        for (std::size_t i = 0; i < row.changed.size(); ++i)
          what += (i ? ", " : ": ") + std::string(T(*this, row.changed[i].c_str()));
        wrapped_text(what.c_str());
      }
    }
    ImGui::EndTable();
  }
  if (plan.bad > 0) {
    // The light style's white box would not show on the dialog's white.
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.88f, 0.91f, 1));
    ImGui::Checkbox(trf("partners_csv.skip_bad", lang, {std::to_string(plan.bad)}).append("###csv.skip_bad").c_str(), &s.skip_bad);
    ImGui::PopStyleColor();
  }
  const bool can = (plan.added + plan.updated > 0) && (plan.bad == 0 || s.skip_bad);
  bool close = false;
  if (!can) ImGui::BeginDisabled();
  if (ImGui::Button(L(*this, "partners_csv.import", "csv.import").c_str())) {
    PartnerCsvPlan now = plan_partner_csv(doc(), s.table, s.map, lang);  // as the document is now
    if (!apply(now.command()).has_value()) {
      settings_.csv_columns = remember_columns(s.table, s.map);
      settings_changed_ = true;
      close = true;
    }
  }
  if (!can) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(L(*this, "dialog.cancel", "csv.cancel").c_str())) close = true;
  if (close) {
    partner_csv_.reset();
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return false;
  }
  draw_error_dialog();
  ImGui::EndPopup();
  return true;
}

void App::add_partner_csv_state(nlohmann::json& j) const {
  if (!partner_csv_) return;
  const PartnerCsvSession& s = *partner_csv_;
  nlohmann::json map = nlohmann::json::object();
  for (std::size_t f = 0; f < kSheetFields; ++f)
    map[std::string(field_id(static_cast<SheetField>(f)))] =
        s.map[f] >= 0 ? nlohmann::json(s.table.header[static_cast<std::size_t>(s.map[f])]) : nlohmann::json();
  nlohmann::json bad = nlohmann::json::array();
  for (const PartnerRow& row : s.plan.rows)
    if (row.outcome == PartnerRow::Outcome::bad)
      bad.push_back({{"row", row.row}, {"field", row.reason.path}, {"key", row.reason.key}, {"args", row.reason.args}});
  j["partner_csv"] = {{"file", s.file_name}, {"rows", s.table.rows.size()}, {"headers", s.table.header}, {"map", map},
                      {"added", s.plan.added}, {"updated", s.plan.updated}, {"unchanged", s.plan.unchanged},
                      {"bad", bad}, {"skip_bad", s.skip_bad}};
}

}  // namespace kolo::ui
