// Open formats in the app: the service directory out as HSDS 3.0, HSDS files in (one JSON
// file, or the CSV tables of the tabular form dropped or picked together) through the import
// preview, which lists what the reader did not keep before anything is applied.
#include <imgui.h>

#include <algorithm>

#include "io/hsds.hpp"
#include "io/import.hpp"
#include "io/kolo_json.hpp"
#include "ui/app.hpp"

namespace kolo::ui {

void App::export_hsds() {
  host_->download(hsds_file_name(format_date(today())), "application/json", hsds_export(doc(), settings_.lang));
}

void App::begin_files(std::size_t count) {
  batch_.clear();
  batch_expected_ = count > 1 ? count : 0;
}

void App::finish_batch() {
  std::vector<BatchFile> files = std::move(batch_);
  batch_.clear();
  batch_expected_ = 0;
  std::vector<OpenedFile> opened;
  for (const BatchFile& f : files) opened.push_back({f.name, f.mime, f.bytes, f.total_size});
  const bool tables = std::all_of(opened.begin(), opened.end(), [](const OpenedFile& f) {
    std::string lower;
    for (char c : f.name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return !hsds_table_name(f.name).empty() || lower == "datapackage.json";
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
  if (file.total_size > kMaxFileBytes || !file.read())
    session.errors.push_back({"err.file_too_large", "", {std::to_string(file.total_size / (1024 * 1024)), std::to_string(kMaxFileBytes / (1024 * 1024))}});
  else
    preview_directory(&session, doc(), hsds_import_json(doc(), file.bytes, settings_.lang));
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
    if (f.total_size > kMaxFileBytes || !f.read()) {
      session.errors.push_back({"err.file_too_large", f.name, {std::to_string(f.total_size / (1024 * 1024)), std::to_string(kMaxFileBytes / (1024 * 1024))}});
      continue;
    }
    tables.push_back({f.name, f.bytes});
  }
  if (session.errors.empty()) preview_directory(&session, doc(), hsds_import_tables(doc(), tables, settings_.lang));
  import_ = std::move(session);
}

void App::draw_import_report(const std::vector<Error>& report) {
  if (report.empty()) return;
  ImGui::Spacing();
  ImGui::TextWrapped("%s", trf("import.report", settings_.lang, {std::to_string(report.size())}).c_str());
  const float height = std::min(8.0f, static_cast<float>(report.size())) * ImGui::GetTextLineHeightWithSpacing() * 1.6f;
  ImGui::BeginChild("import.report", ImVec2(0, height), true);
  for (const Error& e : report) ImGui::BulletText("%s", describe(e, settings_.lang).c_str());
  ImGui::EndChild();
}

}  // namespace kolo::ui
