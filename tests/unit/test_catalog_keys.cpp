// Every catalog key the code uses is in the catalog. A missing key is not a crash: tr() shows
// the key itself, so nothing else notices. Two halves:
//   - keys written in src/ as string literals, found by reading every source file under src/
//     (wherever code moves, the scan follows it);
//   - keys the code builds at run time (enum labels, undo step names, save states, banners),
//     asked of the same functions the app calls.
//
// Index: [SECTION] reading the source  [SECTION] literal keys  [SECTION] built keys
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/commands.hpp"
#include "core/decline.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"
#include "storage/snapshots.hpp"

using namespace kolo;

namespace {

// ------------------------------------------------------------------------------------------------
// [SECTION] reading the source
// ------------------------------------------------------------------------------------------------

struct Token {
  enum Kind { ident, literal, punct } kind;
  std::string text;  // the identifier, the punctuation ("::" is one token), or a literal's content
  const std::string* file;
  int line;
};

// Just enough of C++ to find identifiers, string literals and brackets: comments and
// preprocessor lines (with their continuations) are dropped, character and number literals
// skipped, raw strings read whole.
std::vector<Token> lex(const std::string& src, const std::string* file) {
  std::vector<Token> out;
  int line = 1;
  bool line_start = true;
  std::size_t i = 0;
  const std::size_t n = src.size();
  auto is_ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  auto skip_quoted = [&](char quote) {  // i at the opening quote; returns the content
    std::string text;
    for (++i; i < n && src[i] != quote; ++i) {
      if (src[i] == '\\' && i + 1 < n) text += src[i++];
      if (src[i] == '\n') ++line;
      text += src[i];
    }
    ++i;
    return text;
  };
  while (i < n) {
    const char c = src[i];
    if (c == '\n') {
      ++line;
      ++i;
      line_start = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#' && line_start) {  // a preprocessor line, continued by a trailing backslash
      while (i < n && !(src[i] == '\n' && src[i - 1] != '\\')) {
        if (src[i] == '\n') ++line;
        ++i;
      }
      continue;
    }
    line_start = false;
    if (c == '/' && i + 1 < n && src[i + 1] == '/') {
      while (i < n && src[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && src[i + 1] == '*') {
      for (i += 2; i + 1 < n && !(src[i] == '*' && src[i + 1] == '/'); ++i)
        if (src[i] == '\n') ++line;
      i += 2;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {  // 1'000, 0x1F, 1e-5f
      while (i < n && (is_ident(src[i]) || src[i] == '.' || src[i] == '\'' ||
                       ((src[i] == '-' || src[i] == '+') && (src[i - 1] == 'e' || src[i - 1] == 'E'))))
        ++i;
      continue;
    }
    if (is_ident(c)) {
      std::size_t start = i;
      while (i < n && is_ident(src[i])) ++i;
      std::string word = src.substr(start, i - start);
      if (i < n && src[i] == '"' && !word.empty() && word.back() == 'R' &&
          (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")) {
        const int at = line;
        const std::size_t open = src.find('(', i);
        const std::string close = ")" + src.substr(i + 1, open - i - 1) + "\"";
        const std::size_t end = src.find(close, open);
        std::string text = src.substr(open + 1, end - open - 1);
        for (char ch : text) line += ch == '\n';
        i = end + close.size();
        out.push_back({Token::literal, std::move(text), file, at});
      } else if (i < n && src[i] == '"' && (word == "u8" || word == "u" || word == "U" || word == "L")) {
        const int at = line;
        out.push_back({Token::literal, skip_quoted('"'), file, at});
      } else {
        out.push_back({Token::ident, std::move(word), file, line});
      }
      continue;
    }
    if (c == '"') {
      const int at = line;
      out.push_back({Token::literal, skip_quoted('"'), file, at});
      continue;
    }
    if (c == '\'') {
      skip_quoted('\'');
      continue;
    }
    if (c == ':' && i + 1 < n && src[i + 1] == ':') {
      out.push_back({Token::punct, "::", file, line});
      i += 2;
      continue;
    }
    out.push_back({Token::punct, std::string(1, c), file, line});
    ++i;
  }
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every C++ file under src/, read once for all the tests below.
struct Source {
  std::vector<std::string> files;  // paths relative to the source dir
  std::vector<Token> tokens;       // all files, one after the other
};

const Source& source() {
  static const Source s = [] {
    Source out;
    const std::filesystem::path root(KOLO_SOURCE_DIR);
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / "src")) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".inl")) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    out.files.reserve(paths.size());  // tokens point at these names
    for (const auto& p : paths) out.files.push_back(std::filesystem::relative(p, root).generic_string());
    for (std::size_t f = 0; f < paths.size(); ++f) {
      std::vector<Token> t = lex(read_file(paths[f]), &out.files[f]);
      out.tokens.insert(out.tokens.end(), t.begin(), t.end());
    }
    return out;
  }();
  return s;
}

// imgui.h, when the build knows where it is: only its declarations are read (which of its
// parameters are string ids).
const std::vector<Token>& imgui_header() {
  static const std::string name = "imgui.h";
  static const std::vector<Token> t =
      std::string(KOLO_IMGUI_DIR).empty() ? std::vector<Token>{}
                                          : lex(read_file(std::filesystem::path(KOLO_IMGUI_DIR) / "imgui.h"), &name);
  return t;
}

bool is(const Token& t, const char* text) { return t.kind != Token::literal && t.text == text; }

// The index of the bracket closing the one at `open`, or tokens.size().
std::size_t closing(const std::vector<Token>& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (is(t[i], "(") || is(t[i], "[") || is(t[i], "{")) ++depth;
    if (is(t[i], ")") || is(t[i], "]") || is(t[i], "}"))
      if (--depth == 0) return i;
  }
  return t.size();
}

// The arguments between the brackets at `open` and `close`, as token index ranges, split at
// commas outside nested brackets (and, with `angles`, outside template angle brackets).
std::vector<std::pair<std::size_t, std::size_t>> split_args(const std::vector<Token>& t, std::size_t open,
                                                             std::size_t close, bool angles) {
  std::vector<std::pair<std::size_t, std::size_t>> args;
  if (close == open + 1) return args;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (is(t[i], "(") || is(t[i], "[") || is(t[i], "{") || (angles && is(t[i], "<"))) ++depth;
    if (is(t[i], ")") || is(t[i], "]") || is(t[i], "}") || (angles && is(t[i], ">"))) --depth;
    if (depth == 0 && is(t[i], ",")) {
      args.emplace_back(start, i);
      start = i + 1;
    }
  }
  args.emplace_back(start, close);
  return args;
}

// The parameter names when `open`..`close` reads as a parameter list (`const App& app,
// const char* key = "x"`), else nothing. A call's arguments never read so: they hold a
// single name, a literal, an operator or a member access.
std::optional<std::vector<std::string>> parameter_names(const std::vector<Token>& t, std::size_t open,
                                                        std::size_t close) {
  std::vector<std::string> names;
  for (auto [from, to] : split_args(t, open, close, true)) {
    std::size_t end = from;
    while (end < to && !is(t[end], "=")) ++end;  // a default argument follows '='
    int words = 0;
    for (std::size_t i = from; i < end; ++i) {
      if (t[i].kind == Token::ident) {
        ++words;
      } else if (t[i].kind == Token::literal ||
                 !(is(t[i], "::") || is(t[i], "*") || is(t[i], "&") || is(t[i], "<") || is(t[i], ">") || is(t[i], ","))) {
        return std::nullopt;
      }
    }
    if (words < 2 || t[end - 1].kind != Token::ident) return std::nullopt;
    names.push_back(t[end - 1].text);
  }
  return names;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] literal keys
// ------------------------------------------------------------------------------------------------


struct Use {
  const Token* at;
  std::string why;  // how the scan knew it is a key
};

struct KeyScan {
  std::map<std::string, std::set<std::size_t>> key_params;  // function -> argument positions of catalog keys
  std::vector<Use> uses;
  std::size_t via_calls = 0;  // uses found as an argument of a key-taking function
};

bool is_id_name(const std::string& name) {
  return name == "id" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0);
}

// Which functions take a catalog key, and where: tr() and trf() take one first, and so does
// every function of ours that hands one of its parameters on, unchanged, to such a position
// (T, L, empty_state, text_field ...), found by reading their bodies. Widget ids are the
// parameters named `id` or `..._id` (ImGui's `str_id`), in our code or in imgui.h.
KeyScan scan_keys(const std::vector<Token>& t, const std::vector<Token>& library_header) {
  KeyScan scan;
  scan.key_params = {{"tr", {0}}, {"trf", {0}}};
  std::map<std::string, std::set<std::size_t>> id_params;
  struct Definition {
    std::string name;
    std::vector<std::string> params;
    std::size_t body_open, body_close;
  };
  std::vector<Definition> definitions;
  const std::set<std::string> keywords = {"if", "for", "while", "switch", "catch", "return", "sizeof",
                                          "decltype", "alignof", "noexcept", "static_assert", "requires"};
  auto read_signatures = [&](const std::vector<Token>& tokens, bool ours) {
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i].kind != Token::ident || !is(tokens[i + 1], "(") || keywords.count(tokens[i].text)) continue;
      const std::size_t close = closing(tokens, i + 1);
      auto params = parameter_names(tokens, i + 1, close);
      if (!params) continue;
      for (std::size_t p = 0; p < params->size(); ++p)
        if (is_id_name((*params)[p])) id_params[tokens[i].text].insert(p);
      std::size_t after = close + 1;
      while (after < tokens.size() && (is(tokens[after], "const") || is(tokens[after], "noexcept") ||
                                       is(tokens[after], "override") || is(tokens[after], "final")))
        ++after;
      if (ours && after < tokens.size() && is(tokens[after], "{"))
        definitions.push_back({tokens[i].text, *params, after, closing(tokens, after)});
    }
  };
  read_signatures(t, true);
  read_signatures(library_header, false);
  // The name an argument consists of (`key` or `key.c_str()`), else "".
  auto plain_name = [&](std::pair<std::size_t, std::size_t> arg) -> std::string {
    auto [from, to] = arg;
    if (to - from == 5 && is(t[from + 1], ".") && is(t[from + 2], "c_str")) to = from + 1;
    return to - from == 1 && t[from].kind == Token::ident ? t[from].text : "";
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (const Definition& d : definitions)
      for (std::size_t i = d.body_open; i + 1 < d.body_close; ++i) {
        auto callee = scan.key_params.find(t[i].text);
        if (t[i].kind != Token::ident || !is(t[i + 1], "(") || callee == scan.key_params.end()) continue;
        const auto args = split_args(t, i + 1, closing(t, i + 1), false);
        for (std::size_t p : std::set<std::size_t>(callee->second)) {
          if (p >= args.size()) continue;
          const std::string name = plain_name(args[p]);
          for (std::size_t k = 0; k < d.params.size(); ++k)
            if (!name.empty() && d.params[k] == name && scan.key_params[d.name].insert(k).second) grew = true;
        }
      }
  }

  // Literals in a key position of a call; those in an id position are ids, not keys.
  std::set<std::size_t> ids, seen;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].kind != Token::ident || !is(t[i + 1], "(")) continue;
    const auto args = split_args(t, i + 1, closing(t, i + 1), false);
    if (auto it = id_params.find(t[i].text); it != id_params.end())
      for (std::size_t p : it->second)
        if (p < args.size())
          for (std::size_t k = args[p].first; k < args[p].second; ++k) ids.insert(k);
    auto it = scan.key_params.find(t[i].text);
    if (it == scan.key_params.end()) continue;
    for (std::size_t p : it->second) {
      if (p >= args.size()) continue;
      bool built = false;  // "save." + state: checked with the built keys below
      for (std::size_t k = args[p].first; k < args[p].second; ++k) built = built || is(t[k], "+");
      for (std::size_t k = args[p].first; k < args[p].second && !built; ++k)
        if (t[k].kind == Token::literal && !t[k].text.empty() && seen.insert(k).second) {
          scan.uses.push_back({&t[k], "an argument that takes a catalog key"});
          ++scan.via_calls;
        }
    }
  }
  // Anywhere else: a literal shaped like a key whose first part is one the catalog uses
  // ("err.", "cmd.", "view.", ...) is a key: in a table, a return, an Error{...}.
  std::set<std::string> prefixes;
  for (std::size_t r = 0; r < i18n::kCatalogSize; ++r) {
    const std::string key = i18n::kCatalog[r].key;
    prefixes.insert(key.substr(0, key.find('.')));
  }
  for (std::size_t k = 0; k < t.size(); ++k) {
    const std::string& s = t[k].text;
    if (t[k].kind != Token::literal || ids.count(k) || seen.count(k) || !looks_like_key(s)) continue;
    if (s.back() == '_' || !prefixes.count(s.substr(0, s.find('.')))) continue;
    if ((k > 0 && is(t[k - 1], "+")) || (k + 1 < t.size() && is(t[k + 1], "+"))) continue;  // part of a built key
    scan.uses.push_back({&t[k], "a literal shaped like a catalog key"});
  }
  return scan;
}

}  // namespace

TEST_CASE("every catalog key written in the source is in the catalog") {
  const Source& src = source();
  REQUIRE(src.files.size() >= 10);  // the scan is reading the source tree
  const KeyScan scan = scan_keys(src.tokens, imgui_header());
  // Today the scan finds about 140 literal keys, some 80 of them as arguments of T, L, tr,
  // trf and the widgets built on them; far fewer would mean it no longer sees the code.
  CHECK(scan.uses.size() >= 100);
  CHECK(scan.via_calls >= 50);
  CHECK(scan.key_params.size() >= 4);  // tr, trf and the helpers that pass a key on to them
  for (const Use& u : scan.uses)
    if (!has_key(u.at->text))
      FAIL_CHECK(*u.at->file << ":" << u.at->line << ": \"" << u.at->text << "\" (" << u.why
                             << ") is not in assets/i18n/*.tsv");
}

TEST_CASE("every catalog key has the shape the scan and the UI tests look for") {
  for (std::size_t r = 0; r < i18n::kCatalogSize; ++r) {
    const std::string key = i18n::kCatalog[r].key;
    CAPTURE(key);
    CHECK(looks_like_key(key));
  }
  CHECK_FALSE(looks_like_key("partners"));
  CHECK_FALSE(looks_like_key("Partners.x"));
  CHECK_FALSE(looks_like_key("a..b"));
  CHECK_FALSE(looks_like_key("view."));
  CHECK_FALSE(looks_like_key("/partners/0/name"));
}

TEST_CASE("the key scan reads literals, not comments or preprocessor lines") {
  const std::string file = "example.cpp";
  const std::vector<Token> t = lex("// \"in.comment\"\n#define X \"in.macro\" \\\n \"still.macro\"\n"
                                   "f(R\"x(raw \"q\")x\", 'a', 1'000, \"a\\\"b\");\n/* \"c.d\" */ g(\"e.f\");",
                                   &file);
  std::string literals;  // text@line
  for (const Token& k : t)
    if (k.kind == Token::literal) literals += k.text + "@" + std::to_string(k.line) + " ";
  CHECK(literals == "raw \"q\"@4 a\\\"b@4 e.f@5 ");
}

TEST_CASE("the key scan finds keys through helpers and tells them from widget ids") {
  const std::string file = "example.cpp", header = "library.h";
  const std::vector<Token> code = lex(R"(
    const char* T(const App& app, const char* key) const { return tr(key, app.lang()); }
    std::string L(const App& app, const char* key, const char* id) { return T(app, key) + "###" + id; }
    void draw(App& app) {
      L(app, "view.nope", "partners.nope");
      T(app, "Plain text");
      BeginChild("settings.child");
      add(Error{"err.nope", "/partners/0"});
      T(app, ("save." + state).c_str());
      tr("edit.undo", lang);
    })", &file);
  const std::vector<Token> library = lex("bool BeginChild(const char* str_id, int flags = 0);", &header);
  const KeyScan scan = scan_keys(code, library);
  std::string found;  // text@line, in the order found: key arguments first, then the rest
  for (const Use& u : scan.uses) found += u.at->text + "@" + std::to_string(u.at->line) + " ";
  CHECK(found == "view.nope@5 Plain text@6 edit.undo@10 err.nope@8 ");
  CHECK(scan.key_params.at("L") == std::set<std::size_t>{1});
}

// ------------------------------------------------------------------------------------------------
// [SECTION] built keys
// ------------------------------------------------------------------------------------------------

namespace {

template <KoloEnum E> std::vector<std::string> label_keys() {
  std::vector<std::string> out;
  for (E v : all_values<E>()) out.push_back(label_key(v));
  return out;
}

// The enums whose names source() finds with an EnumInfo (KOLO_ENUM_INFO(Name, ...) or
// `struct EnumInfo<Name>`).
std::set<std::string> enums_with_info() {
  const std::vector<Token>& t = source().tokens;
  std::set<std::string> out;
  for (std::size_t i = 0; i + 3 < t.size(); ++i) {
    if (is(t[i], "KOLO_ENUM_INFO") && is(t[i + 1], "(") && t[i + 2].kind == Token::ident) out.insert(t[i + 2].text);
    if (is(t[i], "struct") && is(t[i + 1], "EnumInfo") && is(t[i + 2], "<") && t[i + 3].kind == Token::ident)
      out.insert(t[i + 3].text);
  }
  return out;
}

template <std::size_t I = 0> Record record_of_table(std::size_t index) {
  if constexpr (I < std::variant_size_v<Record>) {
    if (index == I) return Record(std::in_place_index<I>);
    return record_of_table<I + 1>(index);
  } else {
    return Record{};
  }
}

}  // namespace

TEST_CASE("every value of every enum with an EnumInfo has a label in the catalog") {
  std::map<std::string, std::vector<std::string>> labels;
#define KOLO_LABELS(E) labels[#E] = label_keys<E>()
  KOLO_LABELS(PartnerKind);
  KOLO_LABELS(Stage);
  KOLO_LABELS(ServiceFormat);
  KOLO_LABELS(AgreementStatus);
  KOLO_LABELS(Channel);
  KOLO_LABELS(EventKind);
  KOLO_LABELS(EventStatus);
  KOLO_LABELS(EventRole);
  KOLO_LABELS(Barrier);
  KOLO_LABELS(OnlineLimit);
  KOLO_LABELS(Direction);
  KOLO_LABELS(ReferralStatus);
  KOLO_LABELS(ClientGroup);
  KOLO_LABELS(DeclineReason);
  KOLO_LABELS(SelfCheckAnswer);
  KOLO_LABELS(DeclineStep);
  KOLO_LABELS(Table);
#undef KOLO_LABELS
  // The list above names every enum the source gives an EnumInfo: a new one must join it.
  std::set<std::string> listed;
  for (const auto& [name, keys] : labels) listed.insert(name);
  CHECK(listed == enums_with_info());
  for (const auto& [name, keys] : labels)
    for (const std::string& key : keys) {
      CAPTURE(key);
      CHECK(has_key(key));
    }
}

TEST_CASE("every undo step the commands name, for every table, has its text") {
  for (Table table : all_values<Table>()) {
    CAPTURE(to_string(table));
    Record record = record_of_table(static_cast<std::size_t>(table));
    REQUIRE(table_of(record) == table);
    const std::string add = put_command(record).name_key;
    set_record_id(record, 7);
    const std::string edit = put_command(record).name_key;
    const std::string del = delete_command(table, 7).name_key;
    CHECK(add == std::string("cmd.add_") + table_noun(table));
    CHECK(edit == std::string("cmd.edit_") + table_noun(table));
    CHECK(del == std::string("cmd.delete_") + table_noun(table));
    for (const std::string& key : {add, edit, del}) {
      CAPTURE(key);
      CHECK(has_key(key));
    }
  }
  CHECK(has_key(replace_command(Document{}).name_key));
  CHECK(has_key(batch_command({}).name_key));
}

TEST_CASE("every save state has its status text, and the storage banners theirs") {
  // Every SaveState: its switch covers each value (-Wswitch), values count up from 0, and a
  // value past the last falls back to a real key, so walking well past the end finds all.
  std::set<std::string> keys;
  for (int i = 0; i < 32; ++i) keys.insert(save_state_key(static_cast<SaveState>(i)));
  CHECK(keys.size() >= 6);
  for (const std::string& key : keys) {
    CAPTURE(key);
    CHECK(key.rfind("save.", 0) == 0);  // the app shows "save." + the state it is told
    CHECK(has_key(key));
  }
  CHECK(has_key("save.loading"));  // the status before storage has answered (ui::StorageStatus)
  // The banner the app shows for a state that needs the user: "banner." + the state. (A
  // conflict has its own dialog, which says why by "conflict.why." + what storage reported.)
  for (SaveState s : {SaveState::failed, SaveState::unavailable}) {
    const std::string key = "banner." + std::string(save_state_key(s)).substr(5);
    CAPTURE(key);
    CHECK(has_key(key));
  }
  for (const char* why : {"changed", "referenced", "missing"}) {
    const std::string key = std::string("conflict.why.") + why;
    CAPTURE(key);
    CHECK(has_key(key));
  }
}
