// The app shell: the document (through its Store), the shell around the views (top bar,
// banners, the dialogs every view shares, settings), the frame that draws the dashboard, and
// the summary that tests read. Each view keeps its own state (view.hpp; the list is views.cpp).
// Free of SDL, emscripten and storage code: the platform main (src/platform) feeds it input,
// time and storage status through this interface and serves its requests through Host; the
// native UI tests drive it headless with a fake Host.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/board.hpp"
#include "core/date.hpp"
#include "core/suggestions.hpp"
#include "core/history.hpp"
#include "core/i18n.hpp"
#include "io/hsds.hpp"
#include "io/import.hpp"
#include "io/partners_csv.hpp"
#include "io/tables_csv.hpp"
#include "ui/file_kinds.hpp"
#include "ui/partner_editor.hpp"
#include "ui/privacy.hpp"
#include "ui/view.hpp"

namespace kolo::ui {

// What the user expects to be remembered between visits. Saved beside the document.
struct Settings {
  Lang lang = Lang::en;
  std::string view = "dashboard";  // the code of a view in the list (views.cpp)
  bool lang_chosen = false;  // false: follow the browser's language on each start
  // The spreadsheet columns last picked for each partner field (io/partners_csv.hpp).
  RememberedColumns csv_columns;
  // Text size in percent of the normal size (kTextScales): the interface is drawn that much
  // larger, on top of the browser's own zoom.
  int text_scale = 100;
  bool operator==(const Settings&) const = default;
};
inline constexpr int kTextScales[] = {100, 125, 150, 175, 200};
std::string settings_to_json(const Settings& settings);
// Unknown or malformed input (a view that no longer exists) leaves the defaults in place:
// settings are a convenience, never a reason to refuse to start.
Settings settings_from_json(const std::string& text, Lang browser_lang);

// What the platform does for the app.
class Host {
 public:
  virtual ~Host() = default;
  // Offers `bytes` (any bytes, not only text) as a file of that name and MIME type.
  virtual void download(const std::string& file_name, const std::string& mime, std::string_view bytes) = 0;
  // Opens the system's file picker showing the kinds in `accept` (an HTML accept attribute:
  // ".json,application/json"); answers later through App::open_file.
  virtual void pick_file(const std::string& accept) = 0;
  virtual std::string demo_network() = 0;  // Kolo JSON of the example network
  virtual std::string now_iso() = 0;       // "2026-11-23T08:14:26"
  // The user's wall clock, UTC offset and time zone (the browser's): what "today" means.
  virtual LocalTime local_now() = 0;
  // The user chose for a storage conflict: with keep_mine, this tab's version (or its absence)
  // is written over the stored one; otherwise the app has taken the stored version (or both).
  virtual void conflict_resolved(const std::string& key, bool keep_mine) = 0;
  // Puts text on the system clipboard (a phone number the user copies with one click).
  virtual void copy_text(const std::string& utf8) = 0;
  // Opens the browser's print dialog for a self-contained HTML page (a referral letter).
  virtual void print_html(const std::string& html) = 0;
  // Saves the rectangle (x, y, w, h in ImGui = CSS pixels) of the picture this frame draws as a
  // PNG file of that name, at the device's resolution (the network map for a report).
  virtual void save_png(const std::string& file_name, float x, float y, float w, float h) = 0;
  // Offers a board page (.html) of that name: this app itself (its page, script and wasm, all
  // inlined) with `board_element` (io/board_json.hpp: board_script_element) inside, so that it
  // opens from file:// with no network and shows the board. Assembling it may fail (the app's
  // own files cannot be read back, e.g. when it runs from a board page itself): the platform
  // then calls App::board_page_failed.
  virtual void save_board_page(const std::string& file_name, const std::string& board_element,
                               const std::string& title) = 0;
  // Offers an offline copy (.html): this app as one file that opens from file:// with no
  // network, keeping its data in that page's own storage. `data_json`: Kolo JSON it carries
  // (empty: none). `same_copy`: an updated copy of the offline copy this page is (the
  // single-file way); `file_name` empty then means this page's own file name. Answers
  // App::offline_copy_done.
  virtual void save_offline_copy(const std::string& file_name, const std::string& data_json,
                                 const std::string& title, bool same_copy) = 0;
  // Installing the app (the browser's own question) and reloading the page (a new version).
  virtual void install() = 0;
  virtual void reload() = 0;
  // Team sync (app_sync.cpp, shell/kolo_sync.js): connect with `request_json` (sync_request_json),
  // leave, and a conflict with another device the user settled: `theirs` (or both) is written
  // here by the platform; otherwise mine is pushed based on the server's version. The platform answers through App::set_sync_status.
  virtual void sync_connect(const std::string& request_json) { (void)request_json; }
  virtual void sync_disconnect() {}
  virtual void sync_change_passphrase(const std::string& current, const std::string& next) {
    (void)current;
    (void)next;
  }
  virtual void sync_conflict_resolved(const std::string& key, bool theirs) {
    (void)key;
    (void)theirs;
  }
  // Privacy (app_privacy.cpp, shell/kolo_privacy.js). Encrypts `json` with a key derived from
  // `passphrase` into an encrypted export (io/encrypted_export.hpp) and offers it as
  // `file_name`; answers App::encrypted_export_done.
  virtual void download_encrypted(const std::string& file_name, const std::string& json,
                                  const std::string& passphrase) = 0;
  // Decrypts an encrypted export; answers App::decrypted or App::decrypt_failed.
  virtual void decrypt(const std::string& envelope, const std::string& passphrase) = 0;
  // Removes everything Kolo keeps in this browser (its databases, its localStorage keys, the
  // app's caches and service worker), tells the other tabs, and reloads the page; answers
  // App::forget_failed when something could not be removed.
  virtual void forget_device() = 0;
  // The passphrase lock (app_lock.cpp, shell/kolo_lock.js). The lock screen's passphrase:
  // the data loads, or App::lock_screen says why not.
  virtual void storage_unlock(const std::string& passphrase) { (void)passphrase; }
  // The lock turned on (`current` empty), its passphrase changed (both), or turned off (`next`
  // empty); answers App::lock_done and App::lock_status.
  virtual void lock_set(const std::string& current, const std::string& next) {
    (void)current;
    (void)next;
  }
};

// Team sync as the platform reports it (shell/kolo_sync.js, KoloSync.report).
struct SyncStatus {
  // off, other_tab (another tab of this browser syncs), connecting, syncing, synced, offline,
  // rekeying (the passphrase being changed),
  // error, wrong_passphrase (nothing changed), needs_replace (both sides hold data)
  std::string state = "off";
  std::string why;     // offline: no_network, unreachable; error: auth, not_found, key_changed, other
  std::string detail;  // error other: what the server or the browser said
  std::string notice;  // the last connect's answer while sync goes on: wrong_passphrase, needs_replace
  std::string url;
  std::vector<std::string> tables;  // the tables that sync
  int pending = 0, pushed = 0, pulled = 0;
  int local_records = 0;  // needs_replace: how many records this device holds
  std::string synced_at;  // ISO time of the last "synced"
  std::vector<std::string> unreadable;  // server documents that did not decrypt here (left there)
  double last_ms = 0;     // how long the last round of pushing took
  bool connected() const { return !url.empty(); }
};
SyncStatus sync_status_from_json(const std::string& json);
// The tables a sync of `table` needs too (those its records must refer to; optional links to a
// table that does not sync are kept on the device, storage/records.hpp sync_outgoing), and the closure of a
// choice under that rule; the tables that sync by default (the directory, never client data);
// the tables holding client data (synced only when the user turns them on).
std::vector<Table> tables_referenced_by(Table table);
std::vector<Table> with_referenced_tables(std::vector<Table> chosen);
std::vector<Table> default_sync_tables();
bool is_client_table(Table table);
// What the platform's connect is asked ({url, user, password, passphrase, tables, replace}).
std::string sync_request_json(const std::string& url, const std::string& user, const std::string& password,
                              const std::string& passphrase, const std::vector<Table>& tables, bool replace);

// Where this page came from, which decides where its data is kept (ARCHITECTURE.md, Offline).
enum class PageKind {
  served,  // from a web address: IndexedDB, a service worker keeps the app for offline use
  file,    // a page the browser saved ("Save page as") opened from a file: IndexedDB of file://
  copy,    // an offline copy (.html): its own database, or the data inside the file
  board,   // a board page: no data of the user's at all
};

// Offline use as the platform reports it, and what the user asked for.
struct OfflineStatus {
  PageKind page = PageKind::served;
  std::string copy_made_at;  // an offline copy: when it was made ("2026-11-25T10:00:00Z")
  bool ready = false;        // served: this version is kept for use with the network off
  bool can_install = false;  // the browser offers to install the app
  std::string update;        // a newer version is ready (its build); this tab runs the old one
  bool single_file = false;  // a copy without storage: the data lives inside the file
};

// A record another tab saved while this tab changed it too, or that one tab deleted while the
// other refers to it (storage/records.hpp): both versions, for the user to choose between.
struct StorageConflict {
  std::string key;  // "partners/12"
  Table table = Table::partners;
  Id id = 0;
  std::optional<Record> mine;    // this tab's version; none: this tab deleted it (or never had it)
  std::optional<Record> theirs;  // the stored version; none: the other tab deleted it
  std::string why;               // "changed", "referenced", "missing", "device"
  bool device = false;  // another device changed it too (team sync): settled with the server
};

// Where the document stands in durable storage, as the platform reports it each frame.
struct StorageStatus {
  std::string state = "loading";  // loading, saved, pending, saving, failed, conflict, unavailable
  std::string reason;             // why, for failed / unavailable
  std::uint64_t saved_revision = 0;  // the document revision that is durably stored
  int persisted = -1;  // the browser promised not to clear the data on its own: 1 yes, 0 no, -1 unknown
};

class App {
 public:
  App(Settings settings, Host* host);

  // Submits one frame's widgets; call between ImGui::NewFrame() and ImGui::Render().
  void frame(double now_seconds);

  // ---- the document -----------------------------------------------------------------------
  // While a board is open (viewer mode), the board's document: every view reads it as it reads
  // the user's, and the user's own document stays as it was, untouched and still saved.
  const Document& doc() const { return store().doc(); }
  const Store& store() const { return board_ ? board_->store : store_; }
  // The user's own document, whether or not a board is shown: what storage saves, exports
  // and conflicts are about.
  const Document& own_doc() const { return store_.doc(); }
  const Store& own_store() const { return store_; }
  // The one door for the user's changes: an error is shown to the user and changes nothing.
  std::optional<Error> apply(Command command);
  // A document read from storage at start-up: no undo history.
  void load_document(Document doc);
  void undo();
  void redo();
  // Hands out `count` ids at once (Store::reserve_ids): one batch can then create records that
  // refer to each other (a new partner with its services).
  Id reserve_ids(std::size_t count) { return store_.reserve_ids(count); }
  // For the storage layer (src/platform): what changed since it last asked, ids another tab
  // reserved, and records another tab saved (see Store).
  Touched take_changes() { return store_.take_changes(); }
  void raise_next_id(Id next) { store_.raise_next_id(next); }
  // A change that is no step of the user's (Store::apply_quiet): saved, not undoable, and
  // silent (nothing the user did failed when it fails; the caller tries again later).
  std::optional<Error> apply_quiet(const Command& command);
  std::optional<Error> apply_external(const Command& command, const std::function<bool(RecordRef)>& may_touch) {
    return store_.apply_external(command, may_touch);
  }

  // ---- storage and files ------------------------------------------------------------------
  void set_storage_status(StorageStatus status);
  const StorageStatus& storage_status() const { return storage_; }
  // Records to choose between; the dialog shows them one at a time until all are resolved.
  void show_conflicts(std::vector<StorageConflict> conflicts);
  // A message shown in a banner until dismissed (e.g. what start-up recovered from).
  void add_notice(std::string text);
  // A file the user picked or dropped onto the page: it goes to the reader for its kind
  // (file_kinds.hpp); a file of no known kind gets a message naming it and what Kolo opens.
  // `bytes` is empty when the platform did not read a file that is over kMaxFileBytes.
  void open_file(const OpenedFile& file);
  // The next `count` files come together (one drop or one pick of several): they are read
  // as one once all have arrived (app_formats.cpp): an HSDS directory's CSV tables, or else a
  // message that Kolo opens one file at a time.
  void begin_files(std::size_t count);
  // The reader of Kolo JSON: shows what importing the file would do (or why it cannot).
  void preview_import(const OpenedFile& file);
  // A file the browser could not read at all (removed meanwhile, no permission).
  void file_unreadable(const std::string& name, const std::string& reason);
  // A file is being dragged over the page: show where it would go.
  void set_file_hover(bool hovering) { file_hover_ = hovering; }
  void export_document();
  // The contact persons of these partners (empty: all) as a vCard file for a phone
  // (core/vcard.hpp); from `doc`, the document shown unless given (an editor's draft).
  void export_vcards(std::span<const Id> partners, const Document* from = nullptr);
  // One table of the directory for spreadsheets (io/tables_csv.hpp), in the user's language.
  void export_table(CsvExport what);
  // The service directory as Open Referral HSDS 3.0 JSON (io/hsds.hpp).
  void export_hsds();
  // HSDS readers (file_kinds.cpp): preview what importing would add and change, with the
  // report of what is not kept, before anything is applied (app_formats.cpp).
  void open_hsds_json(const OpenedFile& file);
  void open_hsds_tables(const std::vector<OpenedFile>& files);
  // A spreadsheet of partners (any CSV that is not an HSDS table): the dialog where the user
  // picks the columns, sees what would be added and changed, and imports (app_formats.cpp).
  void open_partner_csv(const OpenedFile& file);
  void request_import();
  // ---- privacy (app_privacy.cpp) --------------------------------------------------------------
  // The user's own data holds client records (cases, referrals, declines): an export says so.
  bool holds_client_data() const;
  // Settings, before the export button: what the file holds, and the choice to encrypt it with
  // a passphrase. True when it drew the encrypted export's button in place of data.export.
  bool draw_export_choice();
  void export_encrypted();  // with the passphrase typed in Settings
  void encrypted_export_done(bool ok, const std::string& file_name_or_reason);
  // The reader of an encrypted export (file_kinds.cpp): a damaged one is refused with a
  // message; otherwise the passphrase dialog opens.
  void open_encrypted_file(const OpenedFile& file);
  // The platform's answers: the decrypted Kolo JSON (opened as that file would be), or why not
  // (wrong_passphrase: the key did not open it; the dialog stays for another try).
  void decrypted(std::string plain);
  void decrypt_failed(bool wrong_passphrase, const std::string& reason);
  void draw_forget_device();  // Settings: "Forget this device"
  // The passphrase lock (app_lock.cpp). The platform's answers: the data is locked and the
  // screen asks for the passphrase (state 0), the passphrase did not open it (1), it failed
  // (2, why); the lock is on or off; a change in Settings was made (0), refused for the
  // current passphrase (1), or failed (2, why).
  void lock_screen(int state, const std::string& why);
  void lock_status(bool on);
  void lock_done(int code, const std::string& why);
  bool locked() const { return lock_.screen; }
  void draw_lock_settings();  // Settings, beside the encrypted export
  void forget_failed(const std::string& reason);
  void load_demo();
  void remove_demo();
  bool demo_loaded() const;

  // ---- shared boards (core/board.hpp, view_share.cpp, view_board.cpp) ------------------------
  // Viewer mode: a board someone shared, shown read-only in place of the user's own data (which
  // is neither shown nor changed meanwhile). `page`: opened from a board page (.html), where
  // there is no own data and nothing to go back to.
  bool viewing_board() const { return board_.has_value(); }
  const Board* board() const { return board_ ? &board_->board : nullptr; }
  bool board_page() const { return board_ && board_->page; }
  void open_board(Board board, std::string file_name, bool page);
  void close_board();
  // Readers (file_kinds.cpp): a board file or page opens in viewer mode; a suggestions file
  // goes to the Share view for review. Bad input gets a clear message and changes nothing.
  void open_board_file(const OpenedFile& file);
  void open_board_page(const std::string& html_or_json);  // the platform, on a board page
  void open_suggestions_file(const OpenedFile& file);
  struct SuggestionsRequest {
    std::string file_name;
    SuggestionSet set;
  };
  std::optional<SuggestionsRequest> take_suggestions_request() { return std::exchange(suggestions_request_, std::nullopt); }
  // The platform could not assemble a board page (Host::save_board_page).
  void board_page_failed(const std::string& reason);
  // In viewer mode: show this partner in the board view (the map's "open" leads there).
  Id take_board_partner_request() { return std::exchange(board_partner_request_, 0); }

  // Something the user did is kept nowhere yet (a view's has_unsaved_work, or changes not in
  // a single-file copy): the platform asks before the page is closed or reloaded.
  bool unsaved_work() const;

  // ---- offline (app_offline.cpp) ---------------------------------------------------------------
  const OfflineStatus& offline() const { return offline_; }
  void set_page(PageKind kind, std::string copy_made_at);
  // True when the change shows (a banner, or the Settings view is open): worth a frame.
  bool set_offline(bool ready, bool can_install, std::string update);
  // The offline copy this page is has no storage here: its data is the data inside the file,
  // loaded by the platform; the user saves by downloading an updated copy of the whole file.
  void set_single_file();
  // Storage answered after all (late), before any change: the copy keeps its data there again.
  void leave_single_file() { offline_.single_file = false; }
  // Changes not yet in a downloaded copy of the file (single-file way).
  bool changes_not_in_file() const { return offline_.single_file && own_store().revision() != file_revision_; }
  // Downloads an offline copy of the app, with the user's data or without.
  void save_offline_copy(bool with_data);
  // Single-file way: downloads this file again with the data as it is now.
  void save_updated_copy();
  void offline_copy_done(bool ok, const std::string& reason);
  // The user asked to reload into the new version; the platform does once all is saved
  // (reloading), or says why it cannot (reload_blocked: changes that cannot be saved now).
  bool reload_requested() const { return reload_requested_; }
  // The user asked, on the "not saved" banner, to write again now rather than at the next retry.
  bool take_save_retry() { return std::exchange(save_retry_, false); }
  void reloading() { reload_requested_ = false; }
  void reload_blocked(const std::string& reason);
  // An offline copy carries data different from what this browser keeps for it (an updated
  // copy saved elsewhere): the import dialog shows it, to add, replace with, or leave.
  void offer_carried_data(const std::string& json, const std::string& saved_at);
  // Told once per place: an offline copy or a saved page keeps its data in this browser, tied
  // to where the file is (some browsers), so moving it may leave the data behind.
  void show_file_notice() { file_notice_ = true; }
  void draw_offline_settings();  // the Settings view's section

  // ---- team sync (app_sync.cpp) ----------------------------------------------------------------
  void set_sync_status(SyncStatus status);
  const SyncStatus& sync_status() const { return sync_; }
  void draw_sync_settings();  // the Settings view's section

  // ---- settings -----------------------------------------------------------------------------
  const Settings& settings() const { return settings_; }
  void set_language(Lang lang);
  void set_view(const std::string& code);  // unknown codes are ignored
  void set_text_scale(int percent);        // one of kTextScales; others are ignored
  // True once after each settings change, so the platform can persist them.
  bool take_settings_changed();

  // Text pasted from the system clipboard (the browser's paste event). It goes into the
  // focused text field in the next frame, replacing its selection; without a focused field
  // it is dropped, so it can never land in a field focused later.
  void paste_text(const std::string& utf8);
  // For text_field(): the paste waiting for the focused field (cleared once taken).
  std::string take_pending_paste();
  // Copies to the system clipboard through the host, and remembers what and when (state():
  // `copied`), so the widget can say "Copied" for a moment.
  void copy_text(const std::string& utf8);
  const std::string& copied() const { return copied_; }
  double copied_at() const { return copied_at_; }

  // Two fingers on a touch screen (app.js): spread by `scale` and moved by (dx, dy) CSS pixels
  // about (x, y). The view under them takes it in the next frame (the map zooms and pans);
  // a gesture no view takes is dropped.
  struct Gesture {
    float x = 0, y = 0, scale = 1, dx = 0, dy = 0;
  };
  void add_gesture(Gesture g);
  // The gesture waiting, if it happened inside the rectangle (and it is then taken).
  std::optional<Gesture> take_gesture(float x, float y, float w, float h);

  // ---- views -------------------------------------------------------------------------------
  const std::vector<std::unique_ptr<View>>& views() const { return views_; }
  View& current_view() const;
  // The partner editor every view shares (partner_editor.hpp): edit an existing partner (an id
  // not in the document is ignored), or a new one from a draft (kind, stage, tags preset).
  void open_partner(Id id);
  void new_partner(Partner draft = Partner{});
  const PartnerEditor& partner_editor() const { return partner_editor_; }
  // Shows the Clients view with a case open (and one of its referrals, when given): the
  // Dashboard's "no news" list leads there. The view takes the request in its next frame.
  struct CaseRequest {
    Id case_id = 0, referral_id = 0;
  };
  void open_case(Id case_id, Id referral_id = 0);
  std::optional<CaseRequest> take_case_request() { return std::exchange(case_request_, std::nullopt); }
  // Shows the Events view with an event open (the Dashboard's coming events, a partner's
  // events). The view takes the request in its next frame.
  void open_event(Id event_id);
  Id take_event_request() { return std::exchange(event_request_, 0); }

  // ---- addresses: the page's URL (#/partners/12), the back button, the page title ------------
  // Where the user is: "/<view>"; "/<view>/<id>" with a record of that view open (a partner in
  // the editor over the directory, a case, an event, a shared board's partner); and
  // "/<view>/partner/<id>" with the partner editor open over another view.
  std::string route() const;
  // The page's title for it: the open record's name (never a client's), the view, Kolo.
  std::string page_title() const;
  // Goes where an address says (back and forward, a link, a bookmark). False when it cannot:
  // an editor holds changes not saved (a notice says so, nothing is lost). An address met
  // before the data is loaded is followed once it is.
  bool navigate(const std::string& route);
  bool route_pending() const { return pending_route_.has_value(); }

  // ---- frames on request --------------------------------------------------------------------
  // The page draws only when something changed. A view whose picture moves by itself (a
  // layout settling, an animation) calls request_frames() in each frame it draws while it
  // moves; once a frame passes without the call, the page goes back to drawing nothing.
  // request_frame_at(t) asks for one frame at time t (seconds, as frame()'s now).
  void request_frames() { frames_requested_ = true; }
  void request_frame_at(double t);
  // What the last frame asked for (read by the platform after each frame).
  bool frames_requested() const { return frames_requested_; }
  double frame_requested_at() const { return frame_at_; }  // -1: none

  // ---- the dialogs every view shares (import preview, error message) -------------------------
  void show_error(std::string message) { error_message_ = std::move(message); }
  const std::string& error_message() const { return error_message_; }
  const std::vector<std::string>& notices() const { return notices_; }
  // Draws them, once per frame. A view's own modal dialog calls this just before its
  // ImGui::EndPopup() (widgets.hpp: end_dialog), so a message or an import that arrives while
  // it is open shows on top of it; otherwise the App draws them after the view.
  void draw_shared_dialogs();

  std::string state_json() const;
  std::uint64_t frame_count() const { return frame_count_; }
  Host& host() { return *host_; }
  double now() const { return now_; }
  // The user's local date: the day a psychologist in Kyiv calls today, also after 22:00.
  Date today() const { return host_->local_now().local.date; }
  // The user's wall clock and time zone ("" when the platform did not say).
  DateTime local_now() const { return host_->local_now().local; }
  std::string local_zone() const { return host_->local_now().zone; }

 private:
  struct ImportSession {
    std::string file_name;
    std::vector<Error> errors;          // the file was refused: why
    std::optional<Document> incoming;   // the file was read: what it holds
    // The preview's counts only: the plans themselves are made again when the user chooses
    // (the document may have changed meanwhile), so whole planned documents are not kept.
    std::array<TableCounts, EnumInfo<Table>::count> merge{}, replace{};
    // Another format than Kolo's own (HSDS): merged only (it holds a directory, not the
    // user's whole data), with what the reader did not keep, shown before anything is applied.
    bool merge_only = false;
    std::vector<Error> report;
    // The directory's files, read again against the document as it is when the user merges
    // (its matched partners are copies of the user's records at preview time).
    std::vector<std::pair<std::string, std::string>> directory_files;
    bool directory_json = false;
  };

  void draw_top_bar();
  void draw_banners();
  void draw_board_banner();  // app_board.cpp
  void draw_offline_banners();  // app_offline.cpp
  bool offered(const View& view) const;  // in the navigation now (own data or a board)
  bool draw_import_dialog();  // true when it drew the error dialog inside itself
  void draw_import_report(const std::vector<Error>& report);  // app_formats.cpp
  void draw_error_dialog();
  bool draw_privacy_dialogs();  // app_privacy.cpp; true when it drew the error dialog inside itself
  void add_privacy_state(nlohmann::json& j) const;
  void draw_lock_screen();  // app_lock.cpp: instead of everything while the data is locked
  void add_lock_state(nlohmann::json& j) const;
  bool draw_conflict_dialog();  // conflicts.cpp; true when it drew the error dialog inside itself
  void resolve_conflict(int choice);
  void draw_file_hover();
  void handle_shortcuts();
  const Document* demo() const;  // the example network, parsed once

  Settings settings_;
  Host* host_;
  std::vector<std::unique_ptr<View>> views_;
  std::size_t current_ = 0;  // index into views_
  PartnerEditor partner_editor_;
  std::optional<CaseRequest> case_request_;
  Id event_request_ = 0;
  Store store_;
  struct BoardSession {
    Board board;
    Store store;  // board_document(board): read, never changed
    std::string file_name;
    bool page = false;
    std::size_t view_before = 0;  // the view shown before the board opened
  };
  std::optional<BoardSession> board_;
  OfflineStatus offline_;
  // Team sync: what the platform reports, and the Settings form (the passphrase and password
  // are kept only while typed: cleared once handed to the platform).
  SyncStatus sync_;
  struct SyncForm {
    std::string url, user, password, passphrase, new_passphrase;
    std::vector<Table> tables = default_sync_tables();
    bool loaded = false;  // filled from the status once connected
  } sync_form_;
  std::uint64_t file_revision_ = 0;     // single-file way: the revision in the last copy offered
  std::uint64_t copy_revision_ = 0;     // ...and in the copy being made
  bool copy_in_flight_ = false;
  bool copy_same_ = false;
  bool copy_with_data_ = true;          // the Settings choice
  bool save_retry_ = false;
  bool reload_requested_ = false;
  bool file_notice_ = false;
  std::optional<SuggestionsRequest> suggestions_request_;
  Id board_partner_request_ = 0;
  std::optional<std::string> pending_route_;  // navigate() before the data was loaded
  void show_views_changed();  // the document the views read was swapped
  StorageStatus storage_;
  std::vector<std::string> notices_;
  std::optional<ImportSession> import_;
  // Files arriving together (begin_files): how many are still to come, and those read.
  std::size_t batch_expected_ = 0;
  struct BatchFile {
    std::string name, mime, bytes;
    std::size_t total_size = 0;
  };
  std::vector<BatchFile> batch_;
  std::string batch_unreadable_;  // the message for the first of them the browser could not read
  void finish_batch();
  struct PartnerCsvSession {
    std::string file_name;
    CsvTable table;
    ColumnMap map{};
    bool skip_bad = false;
    PartnerCsvPlan plan;            // made again when the map or the document changes
    std::uint64_t planned_at = ~0ull;  // the document revision it was made at
  };
  std::optional<PartnerCsvSession> partner_csv_;
  bool draw_partner_csv_dialog();  // true when it drew the error dialog inside itself
  void add_partner_csv_state(nlohmann::json& j) const;
  static void preview_directory(ImportSession* session, const Document& current, HsdsImport result);
  HsdsImport read_directory_again(const ImportSession& session) const;
  std::vector<StorageConflict> conflicts_;
  PrivacyState privacy_;
  LockState lock_;
  bool settings_changed_ = false;
  std::string pending_paste_;
  std::optional<Gesture> gesture_;
  std::string copied_;
  double copied_at_ = -1;
  std::string error_message_;  // the last refused change or file, shown until dismissed
  bool file_hover_ = false;
  bool shared_dialogs_drawn_ = false;  // this frame
  bool frames_requested_ = false;
  double frame_at_ = -1;
  std::uint64_t frame_count_ = 0;
  double now_ = 0;
  mutable bool demo_parsed_ = false;
  mutable std::optional<Document> demo_;
};

// Shorthands for the views: the current language's text, and a label carrying a stable,
// language-independent id (ImGui's "label###id"), which the e2e tests look widgets up by.
const char* T(const App& app, const char* key);
std::string L(const App& app, const char* key, const char* id);

}  // namespace kolo::ui
