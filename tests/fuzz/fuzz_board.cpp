// libFuzzer target: the board reader (io/board_json.hpp), on a file and inside a page. Whatever
// the bytes, it must not crash, and a board it accepts must write back to bytes it accepts
// again as the same board, and give a viewer document that validates.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/validate.hpp"
#include "io/board_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kolo::BoardParse parsed = kolo::parse_board(bytes);
  (void)kolo::board_json_in_html(bytes);
  if (!parsed.board) return 0;
  kolo::BoardParse again = kolo::parse_board(kolo::board_to_json(*parsed.board));
  if (!again.board || !(*again.board == *parsed.board)) std::abort();
  if (kolo::board_json_in_html(kolo::board_script_element(*parsed.board)) != kolo::board_to_json(*parsed.board))
    std::abort();
  if (!kolo::validate(kolo::board_document(*parsed.board)).empty()) std::abort();
  return 0;
}
