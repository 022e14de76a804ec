// Viewer mode and the board and suggestion readers of the App (app.hpp: shared boards).
// A board opens read-only in place of the user's own document, which stays as it was (still
// saved, never shown beside the board): the views read App::doc(), which is the board's
// document meanwhile, and App::apply refuses every change.
#include <imgui.h>

#include "io/board_json.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"
#include "io/suggestions_json.hpp"
#include "ui/app.hpp"

namespace kolo::ui {

void App::show_views_changed() {
  partner_editor_.close();
  for (const std::unique_ptr<View>& view : views_) view->on_document_replaced(*this);
}

void App::open_board(Board board, std::string file_name, bool page) {
  const std::size_t before = board_ ? board_->view_before : current_;
  Store store(board_document(board));
  board_ = BoardSession{std::move(board), std::move(store), std::move(file_name), page, before};
  import_.reset();
  show_views_changed();
  for (std::size_t i = 0; i < views_.size(); ++i)
    if (std::string_view(views_[i]->code()) == "board") current_ = i;
}

void App::close_board() {
  if (!board_ || board_->page) return;  // a board page has nothing to go back to
  current_ = board_->view_before;
  board_.reset();
  show_views_changed();
}

namespace {
// The board inside a board page, or the bytes themselves (a .kolo-board.json).
std::string_view board_bytes(std::string_view bytes) {
  std::string_view in_page = board_json_in_html(bytes);
  return in_page.empty() ? bytes : in_page;
}

}  // namespace

void App::open_board_file(const OpenedFile& file) {
  // An open editor's draft would be lost: the user finishes it first.
  bool drafting = partner_editor_.is_open();
  for (const std::unique_ptr<View>& view : views_) drafting = drafting || view->has_open_draft(*this);
  if (drafting) {
    error_message_ = trf("board.editor_open", settings_.lang, {file.name});
    return;
  }
  if (file.unread()) {
    error_message_ = trf("board.refused", settings_.lang, {file.name, describe(too_large(file), settings_.lang)});
    return;
  }
  BoardParse parsed = parse_board(board_bytes(file.bytes));
  if (!parsed.board) {
    error_message_ = trf("board.refused", settings_.lang,
                         {file.name, parsed.errors.empty() ? "" : describe(parsed.errors.front(), settings_.lang)});
    return;
  }
  open_board(std::move(*parsed.board), file.name, false);
}

void App::open_board_page(const std::string& html_or_json) {
  BoardParse parsed = parse_board(board_bytes(html_or_json));
  if (!parsed.board) {
    // A page whose board cannot be read still opens the app, empty, saying why.
    open_board(Board{}, "", true);
    error_message_ = trf("board.page_refused", settings_.lang,
                         {parsed.errors.empty() ? "" : describe(parsed.errors.front(), settings_.lang)});
    return;
  }
  open_board(std::move(*parsed.board), "", true);
}

void App::open_suggestions_file(const OpenedFile& file) {
  if (board_) {  // suggestions are reviewed against the user's own data, not a board
    error_message_ = trf("suggest.not_in_board", settings_.lang, {file.name});
    return;
  }
  if (file.unread()) {
    error_message_ = trf("suggest.refused", settings_.lang, {file.name, describe(too_large(file), settings_.lang)});
    return;
  }
  SuggestionsParse parsed = parse_suggestions(file.bytes);
  if (!parsed.set) {
    error_message_ = trf("suggest.refused", settings_.lang,
                         {file.name, parsed.errors.empty() ? "" : describe(parsed.errors.front(), settings_.lang)});
    return;
  }
  suggestions_request_ = SuggestionsRequest{file.name, std::move(*parsed.set)};
  set_view("share");
}

bool App::unsaved_work() const {
  if (changes_not_in_file()) return true;
  for (const std::unique_ptr<View>& view : views_)
    if (view->has_unsaved_work()) return true;
  return false;
}

void App::board_page_failed(const std::string& reason) {
  // "file://": this app runs from a page opened as a file (a board page), which cannot read
  // its own parts back; anything else is the browser's reason, quoted.
  error_message_ = reason == "file://" ? std::string(T(*this, "share.page_failed_file"))
                                       : trf("share.page_failed", settings_.lang, {reason});
}

}  // namespace kolo::ui
