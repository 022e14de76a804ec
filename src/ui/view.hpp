// A view of the dashboard (Partners, Map, ...): an object that keeps everything only it needs,
// such as its search text, sort order, selection, open editors and the rows it computed for
// the current revision of the document. The App keeps only the shell (top bar, banners,
// dialogs every view shares, settings) and loops over the one list of views (views.cpp).
//
// A view reads the document through App::doc() / App::store() and changes it only through
// App::apply(command). Adding a view: see views.cpp.
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/model.hpp"

namespace kolo::ui {

class App;

class View {
 public:
  // `code`: the stable, language-independent name ("partners"): the tab's id `nav.<code>`,
  // the remembered last view in the settings, `state().view`. `title_key`: the catalog key of
  // the tab's name.
  View(const char* code, const char* title_key) : code_(code), title_key_(title_key) {}
  virtual ~View() = default;
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  const char* code() const { return code_; }
  const char* title_key() const { return title_key_; }

  // Submits the view's widgets inside the app's main area, once per frame while it is shown.
  virtual void draw(App& app) = 0;

  // Adds what this view shows to window.kolo.state() (the testing contract, tests/README.md).
  // Called for every view, shown or not, so a test can read a field it filled before leaving.
  virtual void add_state(nlohmann::json& /*state*/) const {}

  // The whole document was replaced by one read from storage (start-up, another tab's newer
  // save): its revision counter starts again, so rows cached by revision must be dropped.
  virtual void on_document_replaced(App& /*app*/) {}

  // Where the view is offered: with the user's own data, in viewer mode (a shared board, read
  // only: App::viewing_board), or both (the map).
  enum class Mode { own, board, both };
  virtual Mode mode() const { return Mode::own; }

  // Work the user did here that nothing keeps yet (a liaison's suggestions not exported): the
  // page then asks before it is closed (App::unsaved_work).
  virtual bool has_unsaved_work() const { return false; }
  // An editor open on a record with changes not saved yet (or a new record): opening a board
  // would replace the document it edits, so the app asks the user to finish first.
  virtual bool has_open_draft(const App& /*app*/) const { return false; }

  // The record the view has open, part of the page's address (App::route): a case, an event,
  // a board's partner; 0 none. close_record closes it (the back button) and returns false,
  // keeping it open, when it holds changes not saved.
  virtual Id open_record() const { return 0; }
  virtual bool close_record(App& /*app*/) { return true; }
  // The open record's name for the page title ("" none, and always for a client's case).
  virtual std::string open_record_title(const App& /*app*/) const { return ""; }

 private:
  const char* code_;
  const char* title_key_;
};

}  // namespace kolo::ui
