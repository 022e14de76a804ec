// The board file (.kolo-board.json), and the board inside a board page (.html).
//   {"format":"kolo-board","version":1,"board":{"board_id":...,"title":...,"owner":{...},
//    "made_at":...,"revision":1,"partners":[...],"services":[...],"events":[...],
//    "need_tags":[...]}}
// Reading never throws and never crashes on hostile bytes: the same pre-checks as Kolo JSON
// (size, UTF-8, nesting depth, then nlohmann), every field read with its JSON pointer, texts
// checked as the document's are (lengths, dates, e-mails, phones, web addresses), references
// inside the board checked (a service's partner, an event's partners). Unknown fields are
// ignored; a file of a newer version is refused (err.board_too_new). Fields that the board's
// types do not have (a "cases" table, a partner's "notes") are ignored, never read.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/board.hpp"
#include "core/error.hpp"

namespace kolo {

inline constexpr int kBoardFormatVersion = 1;
inline constexpr std::size_t kMaxBoardPartners = 20000;  // a board is a part of a network

// Compact JSON, keys in a fixed order. Every '<' inside strings is written as \u003c, so the
// text can sit inside an HTML <script> element as it is.
std::string board_to_json(const Board& board);

struct BoardParse {
  std::optional<Board> board;  // set only when there are no errors
  std::vector<Error> errors;   // paths point into the file ("/board/partners/3/name")
  int version_found = 0;
};
BoardParse parse_board(std::string_view bytes);

// The board page: the board's JSON sits in <script type="application/json" id="kolo-board">.
// Returns the text of that element ("" when there is none: not a board page). Looks only for
// the element's exact opening tag as Kolo writes it, and its closing tag.
std::string_view board_json_in_html(std::string_view html);
// The element itself, as the page writer puts it before </body>.
std::string board_script_element(const Board& board);

}  // namespace kolo
