// The app shell: top bar (navigation, undo/redo, save state, language), banners, the import,
// error and file-drop overlays, the current view (each view draws itself: view_<name>.cpp),
// and the state summary of the testing contract (tests/README.md).
//
// Index: [SECTION] settings  [SECTION] document  [SECTION] files and example  [SECTION] frame
//        [SECTION] top bar and banners  [SECTION] dialogs  [SECTION] state
#include "ui/app.hpp"

#include "core/vcard.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>

#include <nlohmann/json.hpp>

#include "core/letter.hpp"
#include "io/kolo_json.hpp"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

// [SECTION] settings ---------------------------------------------------------------------------

std::string settings_to_json(const Settings& settings) {
  nlohmann::json j = {{"lang", lang_code(settings.lang)},
                      {"lang_chosen", settings.lang_chosen},
                      {"view", settings.view},
                      {"text_scale", settings.text_scale}};
  if (!settings.csv_columns.empty()) j["csv_columns"] = settings.csv_columns;
  return j.dump();
}

Settings settings_from_json(const std::string& text, Lang browser_lang) {
  Settings s;
  s.lang = browser_lang;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return s;
  if (auto it = j.find("lang_chosen"); it != j.end() && it->is_boolean()) s.lang_chosen = it->get<bool>();
  if (auto it = j.find("lang"); s.lang_chosen && it != j.end() && it->is_string()) {
    if (!lang_from_code(it->get<std::string>(), &s.lang)) {
      s.lang = browser_lang;
      s.lang_chosen = false;
    }
  }
  if (auto it = j.find("view"); it != j.end() && it->is_string()) {
    const std::vector<std::string>& codes = view_codes();
    if (std::find(codes.begin(), codes.end(), it->get<std::string>()) != codes.end()) s.view = it->get<std::string>();
  }
  if (auto it = j.find("text_scale"); it != j.end() && it->is_number_integer()) {
    const int v = it->get<int>();
    if (std::find(std::begin(kTextScales), std::end(kTextScales), v) != std::end(kTextScales)) s.text_scale = v;
  }
  if (auto it = j.find("csv_columns"); it != j.end() && it->is_array())
    for (const nlohmann::json& pair : *it)
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string() && s.csv_columns.size() < 64)
        s.csv_columns.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  return s;
}

const char* T(const App& app, const char* key) { return tr(key, app.settings().lang); }

std::string L(const App& app, const char* key, const char* id) {
  std::string s = T(app, key);
  s += "###";
  s += id;
  return s;
}

// [SECTION] document ---------------------------------------------------------------------------

App::App(Settings settings, Host* host) : settings_(std::move(settings)), host_(host), views_(make_views()) {
  while (current_ + 1 < views_.size() && views_[current_]->mode() == View::Mode::board) ++current_;
  for (std::size_t i = 0; i < views_.size(); ++i)
    if (settings_.view == views_[i]->code() && views_[i]->mode() != View::Mode::board) current_ = i;
  settings_.view = views_[current_]->code();
}

View& App::current_view() const { return *views_[current_]; }

void App::open_case(Id case_id, Id referral_id) {
  if (board_) return;  // a board has no cases
  case_request_ = CaseRequest{case_id, referral_id};
  set_view("clients");
}

void App::open_event(Id event_id) {
  if (board_) return;  // a board's events are in the board view
  event_request_ = event_id;
  set_view("events");
}

void App::open_partner(Id id) {
  if (board_) {  // a board's partners are read in the board view, never edited
    board_partner_request_ = id;
    set_view("board");
    return;
  }
  if (const Partner* p = find_record<Partner>(doc(), id)) partner_editor_.open(*p);
}

void App::new_partner(Partner draft) {
  draft.id = 0;
  partner_editor_.open(draft);
}

std::optional<Error> App::apply(Command command) {
  if (board_) {
    error_message_ = T(*this, "err.board_read_only");
    return Error{"err.board_read_only", "", {}};
  }
  // The first frame is drawn before storage answers; a change made then would be replaced
  // by the stored document (or, replaying it, could replace the stored one unseen).
  if (storage_.state == "loading") {
    error_message_ = T(*this, "err.still_opening");
    return Error{"err.still_opening", "", {}};
  }
  std::optional<Error> error = store_.apply(std::move(command), now_);
  if (error) error_message_ = describe(*error, settings_.lang);
  return error;
}

std::optional<Error> App::apply_quiet(const Command& command) {
  if (board_) return Error{"err.board_read_only", "", {}};  // the map keeps its layout in memory
  if (storage_.state == "loading") return Error{"err.still_opening", "", {}};  // replaced by what storage holds
  return store_.apply_quiet(command);
}

void App::load_document(Document doc) {
  partner_editor_.close();  // its draft and caches belong to the document being replaced
  store_ = Store(std::move(doc));
  for (const std::unique_ptr<View>& view : views_) view->on_document_replaced(*this);
}

// What changed outside the history since a step (another tab's records) may keep it from being
// undone: nothing changes, and the user is told why.
void App::undo() {
  if (storage_.state == "loading" || board_ || store_.undo() || !store_.refused()) return;
  error_message_ = trf("edit.undo_refused", settings_.lang, {describe(*store_.refused(), settings_.lang)});
}

void App::redo() {
  if (storage_.state == "loading" || board_ || store_.redo() || !store_.refused()) return;
  error_message_ = trf("edit.redo_refused", settings_.lang, {describe(*store_.refused(), settings_.lang)});
}

void App::set_storage_status(StorageStatus status) { storage_ = std::move(status); }

void App::add_notice(std::string text) { notices_.push_back(std::move(text)); }

// [SECTION] files and example ------------------------------------------------------------------

void App::export_document() {
  // Named by the local date (the one the user sees on their calendar); the time inside stays UTC.
  const std::string now = host_->now_iso();
  host_->download("kolo-" + format_date(today()) + ".json", "application/json", to_json(own_doc(), now));
}

void App::export_vcards(std::span<const Id> partners, const Document* from) {
  const Document& d = from ? *from : doc();
  if (vcard_count(d, partners) == 0) {
    error_message_ = T(*this, "vcard.none");
    return;
  }
  const LocalTime local = host_->local_now();
  host_->download(vcard_file_name(d, partners, today()), "text/vcard",
                  contacts_vcard(d, partners, settings_.lang, datetime_from_unix(unix_seconds(local))));
}

void App::export_table(CsvExport what) {
  host_->download(csv_file_name(what, format_date(today())), "text/csv", kolo::export_csv(doc(), what, settings_.lang));
}

void App::request_import() { host_->pick_file(accept_attribute()); }

void App::open_file(const OpenedFile& file) {
  file_hover_ = false;
  if (batch_expected_ > 0) {  // one of several that came together: read once all are here
    batch_.push_back({file.name, file.mime, std::string(file.bytes), file.total_size});
    if (batch_.size() >= batch_expected_) finish_batch();
    return;
  }
  if (const FileKind* kind = detect_kind(file)) {
    kind->open(*this, file);
    return;
  }
  error_message_ = trf("file.unknown_kind", settings_.lang, {file.name, kinds_for_people(settings_.lang)});
}

void App::file_unreadable(const std::string& name, const std::string& reason) {
  file_hover_ = false;
  if (batch_expected_ > 0) {  // one of several: said once all have arrived, none of them read
    if (batch_unreadable_.empty()) batch_unreadable_ = trf("file.unreadable", settings_.lang, {name, reason});
    batch_.push_back({name, "", "", 0});
    if (batch_.size() >= batch_expected_) finish_batch();
    return;
  }
  error_message_ = trf("file.unreadable", settings_.lang, {name, reason});
}

void App::preview_import(const OpenedFile& file) {
  if (board_) {  // an import goes into the user's own data, which a board hides meanwhile
    error_message_ = trf("board.close_first", settings_.lang, {file.name});
    return;
  }
  ImportSession session;
  session.file_name = file.name;
  if (file.unread()) {
    session.errors.push_back(too_large(file));  // not read at all: how large, and the limit
  } else {
    ParseResult parsed = parse_kolo(file.bytes);
    session.errors = std::move(parsed.errors);
    if (parsed.doc) {
      session.merge = plan_import(doc(), *parsed.doc, ImportMode::merge).counts;
      session.replace = plan_import(doc(), *parsed.doc, ImportMode::replace).counts;
      session.incoming = std::move(parsed.doc);
    }
  }
  import_ = std::move(session);
}

const Document* App::demo() const {
  if (!demo_parsed_) {
    demo_parsed_ = true;
    demo_ = parse_kolo(host_->demo_network()).doc;
  }
  return demo_ ? &*demo_ : nullptr;
}

void App::load_demo() {
  const Document* example = demo();
  if (!example) {
    error_message_ = T(*this, "demo.missing");
    return;
  }
  // Into an empty document the example keeps its ids, which is how it can be removed again.
  if (doc().partners.empty() && doc().cases.empty() && doc().events.empty())
    apply(replace_command(*example, "cmd.load_demo"));
  else
    apply(plan_import(doc(), *example, ImportMode::merge).command);
}

void App::remove_demo() {
  if (const Document* example = demo()) apply(removal_command(doc(), *example));
}

bool App::demo_loaded() const {
  // Loaded into an empty document, the example keeps its ids: one of its partners still
  // there under its id and name means it is (at least partly) loaded.
  const Document* example = demo();
  if (!example) return false;
  for (const Partner& p : example->partners)
    if (const Partner* mine = find_record<Partner>(doc(), p.id); mine && mine->name == p.name) return true;
  return false;
}

// [SECTION] frame ------------------------------------------------------------------------------

void App::set_language(Lang lang) {
  if (settings_.lang == lang && settings_.lang_chosen) return;
  settings_.lang = lang;
  settings_.lang_chosen = true;
  settings_changed_ = true;
}

bool App::offered(const View& view) const {
  return view.mode() == View::Mode::both || (view.mode() == View::Mode::board) == board_.has_value();
}

void App::set_view(const std::string& code) {
  for (std::size_t i = 0; i < views_.size(); ++i) {
    if (code != views_[i]->code() || i == current_ || !offered(*views_[i])) continue;
    current_ = i;
    if (board_) continue;  // a board's views are not remembered as the user's last view
    settings_.view = code;
    settings_changed_ = true;
  }
}

void App::set_text_scale(int percent) {
  if (percent == settings_.text_scale ||
      std::find(std::begin(kTextScales), std::end(kTextScales), percent) == std::end(kTextScales))
    return;
  settings_.text_scale = percent;
  settings_changed_ = true;
}

// [SECTION] addresses --------------------------------------------------------------------------

std::string App::route() const {
  const std::string base = std::string("/") + current_view().code();
  if (partner_editor_.is_open() && partner_editor_.open_id() != 0) {
    const std::string id = std::to_string(partner_editor_.open_id());
    return current_view().code() == std::string("partners") ? base + "/" + id : base + "/partner/" + id;
  }
  if (const Id id = current_view().open_record()) return base + "/" + std::to_string(id);
  return base;
}

std::string App::page_title() const {
  std::string title;
  if (partner_editor_.is_open() && partner_editor_.open_id() != 0) {
    if (const Partner* p = find_record<Partner>(doc(), partner_editor_.open_id())) title = p->name + " · ";
  } else if (std::string name = current_view().open_record_title(*this); !name.empty()) {
    title = name + " · ";
  }
  title += T(*this, current_view().title_key());
  title += " · ";
  title += T(*this, "app.page_title");
  return title;
}

bool App::navigate(const std::string& route) {
  if (storage_.state == "loading" && !board_) {
    pending_route_ = route;
    return true;
  }
  // "/<view>[/<id>]" or "/<view>/partner/<id>"; anything else shows the view it names, if any.
  std::vector<std::string> parts;
  for (std::size_t at = 0; at <= route.size();) {
    const std::size_t slash = std::min(route.find('/', at), route.size());
    if (slash > at) parts.push_back(route.substr(at, slash - at));
    at = slash + 1;
  }
  if (parts.empty()) return true;
  auto number = [](const std::string& s) -> Id {
    if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) return 0;
    return static_cast<Id>(std::stoll(s));
  };
  Id partner = 0, record = 0;
  if (parts.size() >= 3 && parts[1] == "partner") partner = number(parts[2]);
  else if (parts.size() >= 2) (parts[0] == "partners" ? partner : record) = number(parts[1]);
  // Leaving what is open: never at the cost of changes not saved.
  if (partner_editor_.is_open() && partner_editor_.open_id() != partner) {
    if (partner_editor_.dirty()) {
      add_notice(T(*this, "route.finish_first"));
      return false;
    }
    partner_editor_.close();
  }
  View& before = current_view();
  if (before.open_record() != 0 && (before.code() != parts[0] || before.open_record() != record)) {
    if (!before.close_record(*this)) {
      add_notice(T(*this, "route.finish_first"));
      return false;
    }
  }
  set_view(parts[0]);
  const std::string view = current_view().code();
  if (record != 0 && view == parts[0] && current_view().open_record() != record) {
    if (view == "clients") open_case(record);
    else if (view == "events") open_event(record);
    else if (view == "board") open_partner(record);
  }
  if (partner != 0 && partner_editor_.open_id() != partner) open_partner(partner);
  return true;
}

void App::request_frame_at(double t) {
  if (frame_at_ < 0 || t < frame_at_) frame_at_ = t;
}

bool App::take_settings_changed() {
  bool changed = settings_changed_;
  settings_changed_ = false;
  return changed;
}

void App::paste_text(const std::string& utf8) {
  // Not through ImGui's character queue: InputText ignores characters while Ctrl is held,
  // and Ctrl is held during Ctrl+V.
  if (ImGui::GetIO().WantTextInput) pending_paste_ = utf8;
}

void App::copy_text(const std::string& utf8) {
  host_->copy_text(utf8);
  copied_ = utf8;
  copied_at_ = now_;
}

void App::add_gesture(Gesture g) {
  if (gesture_) {  // two before a frame: one movement
    g.scale *= gesture_->scale;
    g.dx += gesture_->dx;
    g.dy += gesture_->dy;
  }
  gesture_ = g;
}

std::optional<App::Gesture> App::take_gesture(float x, float y, float w, float h) {
  if (!gesture_ || gesture_->x < x || gesture_->y < y || gesture_->x >= x + w || gesture_->y >= y + h) return std::nullopt;
  return std::exchange(gesture_, std::nullopt);
}

std::string App::take_pending_paste() {
  std::string s;
  s.swap(pending_paste_);
  return s;
}

void App::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !io.KeyCtrl) return;  // a text field has its own undo
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;  // a dialog works on what it showed
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) {
    if (io.KeyShift)
      redo();
    else
      undo();
  } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) {
    redo();
  }
}

void App::frame(double now_seconds) {
  now_ = now_seconds;
  ++frame_count_;
  frames_requested_ = false;  // asked for again by whatever still moves in this frame
  frame_at_ = -1;
  shared_dialogs_drawn_ = false;
  if (pending_route_ && (storage_.state != "loading" || board_)) navigate(*std::exchange(pending_route_, std::nullopt));
  if (!lock_.screen) handle_shortcuts();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Kolo###main", nullptr, flags);
  ImGui::PopStyleVar();
  if (lock_.screen) {  // the data is locked: nothing else until the passphrase opens it
    draw_lock_screen();
    ImGui::End();
    return;
  }
  draw_top_bar();
  ImGui::Separator();
  draw_banners();
  ImGui::BeginChild("view###view", ImVec2(0, 0), false);
  current_view().draw(*this);
  ImGui::EndChild();
  // The view is one item of the main window for keyboard navigation (Space enters it, Escape
  // leaves it): named after the view in the mirror.
  items_identify(ImGui::GetItemID(), "view", T(*this, current_view().title_key()), "group");
  partner_editor_.draw(*this);
  draw_shared_dialogs();  // unless a view's open dialog drew them on top of itself
  ImGui::End();
  draw_file_hover();
  pending_paste_.clear();  // no field took it this frame: drop it
  gesture_.reset();        // nor a view this gesture
}

// [SECTION] top bar and banners ----------------------------------------------------------------

namespace {
// Lays buttons out left to right and starts a new row when the next one would not fit, so
// the bar works in a narrow window too.
bool flow_button(const char* label, bool current, bool enabled = true) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
  if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  if (current) ImGui::PopStyleColor();
  return pressed;
}

const ImVec4 kDanger(0.98f, 0.85f, 0.84f, 1.0f);
const ImVec4 kInfo(0.86f, 0.93f, 0.97f, 1.0f);

// A full-width coloured strip holding a message and its actions.
bool begin_banner(const char* id, const ImVec4& colour, int lines = 1) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, colour);
  const float height = ImGui::GetFrameHeightWithSpacing() * static_cast<float>(lines) + ImGui::GetStyle().WindowPadding.y;
  return ImGui::BeginChild(id, ImVec2(0, height), false, ImGuiWindowFlags_NoScrollbar);
}
void end_banner() {
  ImGui::EndChild();
  ImGui::PopStyleColor();
}
}  // namespace

void App::draw_top_bar() {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(*this, "app.title"));
  ImGui::SameLine(0, 24);
  ImGui::Dummy(ImVec2(0, 0));
  for (const std::unique_ptr<View>& view : views_) {
    if (!offered(*view)) continue;
    const std::string id = std::string("nav.") + view->code();
    if (flow_button(L(*this, view->title_key(), id.c_str()).c_str(), view.get() == &current_view())) set_view(view->code());
    if (view.get() == &current_view()) items_mark_selected();
  }
  ImGui::SameLine(0, 20);
  ImGui::Dummy(ImVec2(0, 0));
  const bool can_undo = store_.can_undo() && !board_, can_redo = store_.can_redo() && !board_;
  if (flow_button(L(*this, "edit.undo", "edit.undo").c_str(), false, can_undo)) undo();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && can_undo)
    ImGui::SetTooltip("%s", T(*this, store_.undo_name().c_str()));
  if (flow_button(L(*this, "edit.redo", "edit.redo").c_str(), false, can_redo)) redo();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && can_redo)
    ImGui::SetTooltip("%s", T(*this, store_.redo_name().c_str()));

  // Right-aligned: where the data stands, then the language switch. The language names are
  // written in their own language, so a user who cannot read the current one finds theirs.
  static constexpr struct {
    Lang lang;
    const char* label;
  } kLangButtons[] = {{Lang::uk, "Українська###lang.uk"}, {Lang::ru, "Русский###lang.ru"}, {Lang::en, "English###lang.en"}};
  const std::string status_key = board_                ? std::string("save.board")
                                 : offline_.single_file ? std::string(changes_not_in_file() ? "save.not_in_file" : "save.in_file")
                                                        : "save." + storage_.state;
  const char* status = T(*this, status_key.c_str());
  const ImGuiStyle& style = ImGui::GetStyle();
  float width = ImGui::CalcTextSize(status).x;
  for (const auto& b : kLangButtons)
    width += ImGui::CalcTextSize(b.label, nullptr, true).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  const float right = ImGui::GetWindowContentRegionMax().x - width;
  ImGui::SameLine();
  if (right < ImGui::GetCursorPosX()) ImGui::NewLine();  // no room left on the tabs' row
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right));
  ImGui::AlignTextToFramePadding();
  const bool trouble = storage_.state == "failed" || storage_.state == "conflict" || storage_.state == "unavailable" ||
                       changes_not_in_file();
  ImGui::TextColored(trouble ? ImVec4(0.7f, 0.1f, 0.1f, 1) : ImVec4(0.35f, 0.4f, 0.45f, 1), "%s", status);
  for (const auto& b : kLangButtons) {
    ImGui::SameLine();
    const bool current = settings_.lang == b.lang;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(b.label)) set_language(b.lang);
    if (current) ImGui::PopStyleColor();
  }
}

void App::draw_banners() {
  draw_board_banner();
  draw_offline_banners();
  for (std::size_t i = 0; i < notices_.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (begin_banner("notice", kInfo, 2)) {
      wrapped_text(notices_[i]);
      if (ImGui::Button(L(*this, "banner.dismiss", "notice.dismiss").c_str())) {
        notices_.erase(notices_.begin() + static_cast<std::ptrdiff_t>(i));
        end_banner();
        ImGui::PopID();
        break;
      }
    }
    end_banner();
    ImGui::PopID();
  }
  if (storage_.state == "unavailable" || storage_.state == "failed") {
    if (begin_banner("storage_banner", kDanger, 2)) {
      const std::string key = "banner." + storage_.state;
      const std::string message = trf(key, settings_.lang, {storage_.reason});
      wrapped_text(message);
      if (ImGui::Button(L(*this, "banner.export", "banner.export").c_str())) export_document();
      if (storage_.state == "failed") {
        ImGui::SameLine();
        if (ImGui::Button(L(*this, "banner.retry", "banner.retry").c_str())) save_retry_ = true;
      }
    }
    end_banner();
  }
}

// Offline: a new version waiting; the single-file way of a copy without storage; once, where
// an offline copy or a saved page keeps its data.
void App::draw_offline_banners() {
  if (!offline_.update.empty()) {
    if (begin_banner("update_banner", kInfo, 2)) {
      wrapped_text(T(*this, reload_requested_ ? "offline.reloading" : "offline.update"));
      if (!reload_requested_ && ImGui::Button(L(*this, "offline.reload", "offline.reload").c_str())) {
        // A draft in an editor lives in no storage: the user finishes or cancels it first.
        bool drafting = partner_editor_.is_open();
        for (const std::unique_ptr<View>& view : views_) drafting = drafting || view->has_open_draft(*this);
        if (drafting) error_message_ = T(*this, "offline.reload_draft");
        else reload_requested_ = true;
      }
    }
    end_banner();
  }
  if (offline_.single_file && !board_) {
    const bool unsaved = changes_not_in_file();
    if (begin_banner("single_file_banner", unsaved ? kDanger : kInfo, 3)) {
      wrapped_text(T(*this, "offline.single_file"));
      ImGui::BeginDisabled(copy_in_flight_);
      if (ImGui::Button(L(*this, "offline.save_copy", "offline.save_copy").c_str())) save_updated_copy();
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(T(*this, unsaved ? "offline.not_in_file" : "offline.in_file"));
    }
    end_banner();
  }
  if (file_notice_ && !board_) {
    if (begin_banner("file_notice", kInfo, 3)) {
      wrapped_text(T(*this, offline_.page == PageKind::copy ? "offline.copy_notice" : "offline.saved_page_notice"));
      if (ImGui::Button(L(*this, "banner.export", "offline.export").c_str())) export_document();
      ImGui::SameLine();
      if (ImGui::Button(L(*this, "banner.dismiss", "offline.dismiss").c_str())) file_notice_ = false;
    }
    end_banner();
  }
}

// Viewer mode: whose board this is and from when, on every view, and the way back.
void App::draw_board_banner() {
  if (!board_) return;
  const Board& b = board_->board;
  if (begin_banner("board_banner", kInfo, 2)) {
    std::string from = b.owner.name.empty() ? std::string(T(*this, "board.owner_unknown")) : b.owner.name;
    if (!b.owner.contact.empty()) from += " (" + b.owner.contact + ")";
    const std::string made = long_date(std::string_view(b.made_at).substr(0, 10), settings_.lang);
    wrapped_text(trf("board.banner", settings_.lang, {b.title, from, made}).c_str());
    if (!board_->page) {
      if (ImGui::Button(L(*this, "board.close", "board.close").c_str())) {
        end_banner();
        close_board();
        return;
      }
      ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", T(*this, board_->page ? "board.page_note" : "board.own_data_note"));
  }
  end_banner();
}

// [SECTION] dialogs ----------------------------------------------------------------------------

void App::draw_error_dialog() {
  if (error_message_.empty()) return;
  if (!ImGui::IsPopupOpen("###error")) ImGui::OpenPopup("###error");
  ImGui::SetNextWindowSize(ImVec2(480, 0));
  if (ImGui::BeginPopupModal(L(*this, "error.title", "error").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    wrapped_text(error_message_.c_str());
    if (ImGui::Button(L(*this, "dialog.ok", "error.ok").c_str())) {
      error_message_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

// ImGui keeps one modal per level of nesting: a dialog opened beside an open one (rather than
// inside it) would close it, and the two would take turns each frame, neither ever shown. So
// the shared dialogs are drawn inside the innermost open one: the view's (end_dialog), else
// the import dialog for the error message.
void App::draw_shared_dialogs() {
  if (shared_dialogs_drawn_) return;
  shared_dialogs_drawn_ = true;
  // The error dialog opens on top of whichever modal is open (a refused choice in either).
  if (!draw_import_dialog() && !draw_partner_csv_dialog() && !draw_conflict_dialog() && !draw_privacy_dialogs())
    draw_error_dialog();
}

bool App::draw_import_dialog() {
  if (!import_) return false;
  if (!ImGui::IsPopupOpen("###import")) ImGui::OpenPopup("###import");
  ImGui::SetNextWindowSize(ImVec2(620, 0));
  if (!ImGui::BeginPopupModal(L(*this, "import.title", "import").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
    return false;
  ImportSession& s = *import_;
  bool close = false;
  wrapped_text(trf("import.file", settings_.lang, {s.file_name}).c_str());
  if (!s.incoming) {
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", T(*this, "import.refused"));
    const std::size_t shown = std::min<std::size_t>(s.errors.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) ImGui::BulletText("%s", describe(s.errors[i], settings_.lang).c_str());
    if (s.errors.size() > shown)
      ImGui::TextUnformatted(trf("import.more_errors", settings_.lang, {std::to_string(s.errors.size() - shown)}).c_str());
    if (ImGui::Button(L(*this, "dialog.ok", "import.close").c_str())) close = true;
  } else {
    wrapped_text(T(*this, s.merge_only ? "import.preview_directory" : "import.preview"));
    const int columns = s.merge_only ? 3 : 4;
    if (ImGui::BeginTable("counts", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn(T(*this, "import.col.table"));
      ImGui::TableSetupColumn(T(*this, "import.col.now"));
      ImGui::TableSetupColumn(T(*this, "import.col.merge"));
      if (!s.merge_only) ImGui::TableSetupColumn(T(*this, "import.col.replace"));
      ImGui::TableHeadersRow();
      for (Table t : all_values<Table>()) {
        const TableCounts& m = s.merge[static_cast<std::size_t>(t)];
        const TableCounts& r = s.replace[static_cast<std::size_t>(t)];
        if (s.merge_only && m.added == 0 && m.changed == 0) continue;  // a directory touches few tables
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(T(*this, label_key(t).c_str()));
        ImGui::TableNextColumn();
        ImGui::Text("%zu", table_size(doc(), t));
        ImGui::TableNextColumn();
        ImGui::Text("+%zu  ~%zu", m.added, m.changed);
        if (s.merge_only) continue;
        ImGui::TableNextColumn();
        ImGui::Text("+%zu  ~%zu  -%zu", r.added, r.changed, r.removed);
      }
      ImGui::EndTable();
    }
    wrapped_text(T(*this, s.merge_only ? "import.legend_directory" : "import.legend"));
    draw_import_report(s.report);
    // Planned again now: the document may have changed since the preview (another tab's
    // save, an undo), and a plan is a whole-document step.
    if (ImGui::Button(L(*this, "import.do_merge", "import.merge").c_str())) {
      if (!s.merge_only) {
        close = !apply(plan_import(doc(), *s.incoming, ImportMode::merge).command).has_value();
      } else if (HsdsImport again = read_directory_again(s); again.incoming) {
        close = !apply(plan_import(doc(), *again.incoming, ImportMode::merge).command).has_value();
      } else if (!again.errors.empty()) {  // the document changed so that the file no longer fits
        error_message_ = describe(again.errors.front(), settings_.lang);
      }
    }
    if (!s.merge_only) {
      ImGui::SameLine();
      if (ImGui::Button(L(*this, "import.do_replace", "import.replace").c_str()))
        close = !apply(plan_import(doc(), *s.incoming, ImportMode::replace).command).has_value();
    }
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "dialog.cancel", "import.cancel").c_str())) close = true;
  }
  if (close) {
    import_.reset();
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return false;
  }
  draw_error_dialog();  // a refused import says why on top of the preview
  ImGui::EndPopup();
  return true;
}

// While a file is dragged over the page: the whole window is the drop target; say so, and say
// what Kolo opens. Drawn over everything, taking no input (the drop itself goes to the page).
void App::draw_file_hover() {
  if (!file_hover_) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImVec2 min = viewport->Pos;
  const ImVec2 max(min.x + viewport->Size.x, min.y + viewport->Size.y);
  draw->AddRectFilled(min, max, IM_COL32(240, 247, 252, 225));
  draw->AddRect(ImVec2(min.x + 12, min.y + 12), ImVec2(max.x - 12, max.y - 12), IM_COL32(70, 130, 170, 255), 8.0f, 0, 3.0f);
  const std::string title = T(*this, "file.drop_here");
  const std::string kinds = trf("file.kinds", settings_.lang, {kinds_for_people(settings_.lang)});
  ImFont* big = heading_font() ? heading_font() : ImGui::GetFont();
  const float big_size = big->FontSize * ImGui::GetIO().FontGlobalScale;
  const ImVec2 title_size = big->CalcTextSizeA(big_size, FLT_MAX, 0.0f, title.c_str());
  const ImVec2 kinds_size = ImGui::CalcTextSize(kinds.c_str());
  const float cx = (min.x + max.x) / 2, cy = (min.y + max.y) / 2;
  draw->AddText(big, big_size, ImVec2(cx - title_size.x / 2, cy - title_size.y - 4), IM_COL32(30, 60, 80, 255), title.c_str());
  draw->AddText(ImVec2(cx - kinds_size.x / 2, cy + 4), IM_COL32(60, 80, 95, 255), kinds.c_str());
}

// [SECTION] state ------------------------------------------------------------------------------

std::string App::state_json() const {
  const Document& d = doc();
  nlohmann::json counts = nlohmann::json::object();
  for (Table t : all_values<Table>()) counts[std::string(to_string(t))] = table_size(d, t);
  nlohmann::json views = nlohmann::json::array();
  for (const std::unique_ptr<View>& view : views_)
    if (offered(*view)) views.push_back(view->code());
  nlohmann::json j = {
      {"view", current_view().code()},
      {"views", views},
      {"lang", lang_code(settings_.lang)},
      {"frame", frame_count_},
      {"revision", store_.revision()},
      {"save", storage_.state},
      {"save_reason", storage_.reason},
      {"saved_revision", storage_.saved_revision},
      {"persisted", storage_.persisted},
      {"can_undo", store_.can_undo() && !board_},
      {"can_redo", store_.can_redo() && !board_},
      {"counts", counts},
      {"notices", notices_},
      {"error", error_message_},
      {"demo_loaded", demo_loaded()},
      {"conflicts", conflicts_.size()},
      {"file_hover", file_hover_},
      {"frames_requested", frames_requested_},
      {"copied", copied_},
      {"route", route()},
      {"title", page_title()},
      {"text_scale", settings_.text_scale},
  };
  {
    nlohmann::json tables = sync_.tables;
    std::size_t device = 0;
    for (const StorageConflict& c : conflicts_) device += c.device ? 1 : 0;
    j["sync"] = {{"state", sync_.state}, {"why", sync_.why},       {"pending", sync_.pending},
                 {"pushed", sync_.pushed}, {"pulled", sync_.pulled}, {"tables", tables},
                 {"last_ms", sync_.last_ms}, {"conflicts_device", device},
                 {"unreadable", sync_.unreadable}};
  }
  static constexpr const char* kPageKinds[] = {"served", "file", "copy", "board"};
  j["offline"] = {{"page", kPageKinds[static_cast<int>(offline_.page)]},
                  {"ready", offline_.ready},
                  {"can_install", offline_.can_install},
                  {"update", offline_.update},
                  {"single_file", offline_.single_file},
                  {"not_in_file", changes_not_in_file()},
                  {"copy_in_flight", copy_in_flight_},
                  {"reload_requested", reload_requested_},
                  {"file_notice", file_notice_}};
  const LocalTime local = host_->local_now();
  j["today"] = format_date(local.local.date);
  j["time_zone"] = local.zone;
  if (board_) {
    const Board& b = board_->board;
    j["board"] = {{"title", b.title}, {"owner", b.owner.name}, {"owner_contact", b.owner.contact},
                  {"made_at", b.made_at}, {"page", board_->page}, {"file", board_->file_name}};
  }
  for (const std::unique_ptr<View>& view : views_) view->add_state(j);
  partner_editor_.add_state(j);
  add_partner_csv_state(j);
  add_privacy_state(j);
  add_lock_state(j);
  if (import_) {
    nlohmann::json errors = nlohmann::json::array();
    for (const Error& e : import_->errors) errors.push_back({{"key", e.key}, {"path", e.path}});
    nlohmann::json report = nlohmann::json::array();
    for (const Error& e : import_->report) report.push_back({{"key", e.key}, {"path", e.path}, {"args", e.args}});
    nlohmann::json adds = nlohmann::json::object();
    for (Table t : all_values<Table>())
      if (const TableCounts& m = import_->merge[static_cast<std::size_t>(t)]; m.added || m.changed)
        adds[std::string(to_string(t))] = {{"added", m.added}, {"changed", m.changed}};
    j["import"] = {{"file", import_->file_name}, {"errors", errors}, {"readable", import_->incoming.has_value()},
                   {"merge_only", import_->merge_only}, {"report", report}, {"merge", adds}};
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kolo::ui
