// The board file and the board page's JSON element (see board_json.hpp).
//
// Each board type lists its fields once (fields() below), each with the Spec of the document
// field it copies (model.hpp): the writer, the reader and the text checks all follow that list,
// so a board's name is checked exactly as a partner's name is in a document.
//
// Index: [SECTION] fields  [SECTION] writing  [SECTION] reading  [SECTION] parse_board
//        [SECTION] the board page
#include "io/board_json.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "core/text.hpp"
#include "core/validate.hpp"
#include "io/json_util.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

using nlohmann::json;

namespace {

// ------------------------------------------------------------------------------------------------
// [SECTION] fields: each board type's fields, in file order, with the rules of the document field
// ------------------------------------------------------------------------------------------------

// The Spec of the field `name` of document record R.
template <class R> Spec spec_of(const char* name) {
  R record{};
  Spec out(name);
  describe(record, [&](const Spec& s, const auto&) {
    if (std::string_view(s.name) == name) out = s;
  });
  return out;
}
// v(the Spec of Model's field `member`, r.member), the Spec looked up once.
#define KOLO_BOARD_FIELD(Model, member) v([] { static const Spec s = spec_of<Model>(#member); return s; }(), r.member)

constexpr std::size_t kMaxBoardIdLength = 64;
constexpr int kMaxRevision = 1000000000;

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };

template <class T> inline constexpr bool kBoardRecord =
    std::is_same_v<T, BoardContact> || std::is_same_v<T, BoardPartner> || std::is_same_v<T, BoardService> ||
    std::is_same_v<T, BoardEvent> || std::is_same_v<T, BoardNeedTag> || std::is_same_v<T, BoardOwner> ||
    std::is_same_v<T, Board>;

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardContact>
void fields(Self& r, V&& v) {
  KOLO_BOARD_FIELD(ContactPerson, id);
  KOLO_BOARD_FIELD(ContactPerson, name);
  KOLO_BOARD_FIELD(ContactPerson, role);
  KOLO_BOARD_FIELD(ContactPerson, phone);
  KOLO_BOARD_FIELD(ContactPerson, email);
  KOLO_BOARD_FIELD(ContactPerson, messenger);
}

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardPartner>
void fields(Self& r, V&& v) {
  KOLO_BOARD_FIELD(Partner, id);
  KOLO_BOARD_FIELD(Partner, name);
  KOLO_BOARD_FIELD(Partner, kind);
  KOLO_BOARD_FIELD(Partner, area);
  KOLO_BOARD_FIELD(Partner, tags);
  KOLO_BOARD_FIELD(Partner, address);
  KOLO_BOARD_FIELD(Partner, website);
  KOLO_BOARD_FIELD(Partner, contacts);
}

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardService>
void fields(Self& r, V&& v) {
  KOLO_BOARD_FIELD(Service, id);
  KOLO_BOARD_FIELD(Service, partner_id);
  KOLO_BOARD_FIELD(Service, name);
  KOLO_BOARD_FIELD(Service, description);
  KOLO_BOARD_FIELD(Service, need_tags);
  KOLO_BOARD_FIELD(Service, access_rules);
  KOLO_BOARD_FIELD(Service, schedule);
  KOLO_BOARD_FIELD(Service, format);
  KOLO_BOARD_FIELD(Service, languages);
  KOLO_BOARD_FIELD(Service, age_groups);
  KOLO_BOARD_FIELD(Service, cost);
  KOLO_BOARD_FIELD(Service, trusted_specialist);
}

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardEvent>
void fields(Self& r, V&& v) {
  KOLO_BOARD_FIELD(Event, id);
  KOLO_BOARD_FIELD(Event, title);
  KOLO_BOARD_FIELD(Event, kind);
  KOLO_BOARD_FIELD(Event, starts_at);
  KOLO_BOARD_FIELD(Event, duration_minutes);
  KOLO_BOARD_FIELD(Event, time_zone);
  KOLO_BOARD_FIELD(Event, place_or_link);
  KOLO_BOARD_FIELD(Event, audience);
  KOLO_BOARD_FIELD(Event, status);
  KOLO_BOARD_FIELD(Event, host_ids);
  KOLO_BOARD_FIELD(Event, co_host_ids);
  KOLO_BOARD_FIELD(Event, venue_ids);
  KOLO_BOARD_FIELD(Event, audience_ids);
  KOLO_BOARD_FIELD(Event, uid);
}

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardNeedTag>
void fields(Self& r, V&& v) {
  KOLO_BOARD_FIELD(NeedTag, key);
  KOLO_BOARD_FIELD(NeedTag, label_en);
  KOLO_BOARD_FIELD(NeedTag, label_uk);
  KOLO_BOARD_FIELD(NeedTag, label_ru);
}
#undef KOLO_BOARD_FIELD

template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, BoardOwner>
void fields(Self& r, V&& v) {
  v(Spec("name").as(Text::name), r.name);
  v(Spec("contact").as(Text::name), r.contact);
}

// The references inside the board (a service's partner, an event's partners, need-tag keys)
// are checked once the whole board is read (check_board), not here.
template <class Self, class V>
  requires std::same_as<std::remove_const_t<Self>, Board>
void fields(Self& r, V&& v) {
  v(Spec("board_id").as(Text::slug).req(), r.board_id);
  v(Spec("title").as(Text::name), r.title);
  v(Spec("owner"), r.owner);
  v(Spec("made_at").as(Text::datetime), r.made_at);
  v(Spec("revision").range(1, kMaxRevision), r.revision);
  v(Spec("partners"), r.partners);
  v(Spec("services"), r.services);
  v(Spec("events"), r.events);
  v(Spec("need_tags"), r.need_tags);
}

// ------------------------------------------------------------------------------------------------
// [SECTION] writing
// ------------------------------------------------------------------------------------------------

void put(std::string& out, const std::string& v) { put_json_string(out, v, /*html_safe=*/true); }
void put(std::string& out, std::int64_t v) { out += std::to_string(v); }
void put(std::string& out, int v) { out += std::to_string(v); }
template <KoloEnum E> void put(std::string& out, E v) { put_json_string(out, to_string(v), true); }
template <class R>
  requires kBoardRecord<R>
void put(std::string& out, const R& r);
template <class T> void put(std::string& out, const std::vector<T>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    put(out, v[i]);
  }
  out += ']';
}
template <class R>
  requires kBoardRecord<R>
void put(std::string& out, const R& r) {
  out += '{';
  bool first = true;
  fields(r, [&](const Spec& s, const auto& value) {
    if (!first) out += ',';
    first = false;
    put_json_string(out, s.name);
    out += ':';
    put(out, value);
  });
  out += '}';
}

// ------------------------------------------------------------------------------------------------
// [SECTION] reading: every field at its pointer, checked by its Spec
// ------------------------------------------------------------------------------------------------

class BoardReader {
 public:
  std::vector<Error> errors;

  void fail(const char* key, const std::string& path, std::vector<std::string> args = {}) {
    if (errors.size() < kMaxReportedErrors) errors.push_back(Error{key, path, std::move(args)});
  }

  template <class R>
    requires kBoardRecord<R>
  void get(const json& v, const std::string& p, R* r) {
    if (!v.is_object()) return wrong_type(v, p, "object");
    fields(*r, [&](const Spec& s, auto& member) {
      using T = std::decay_t<decltype(member)>;
      const std::string at = p + "/" + s.name;
      auto it = v.find(s.name);
      if (it == v.end()) {
        if ((s.required || s.is_id) && !IsVector<T>::value) fail("err.missing_field", at, {s.name});
        return;
      }
      read(s, *it, at, &member);
    });
  }

 private:
  void wrong_type(const json& v, const std::string& p, const char* expected) {
    fail("err.wrong_type", p, {expected, v.type_name()});
  }

  void read(const Spec& s, const json& v, const std::string& p, std::string* out) {
    if (!v.is_string()) return wrong_type(v, p, "string");
    *out = v.get_ref<const std::string&>();
    text(s, *out, p);
  }
  void read(const Spec& s, const json& v, const std::string& p, int* out) {
    std::int64_t n = 0;
    if (integer(v, p, &n, s.lo, s.hi)) *out = static_cast<int>(n);
  }
  void read(const Spec& s, const json& v, const std::string& p, Id* out) {
    if (!integer(v, p, out, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max())) return;
    if (*out < 0 || (*out == 0 && s.is_id)) fail("err.bad_id", p, {std::to_string(*out)});
    else if (*out == 0 && s.required) fail("err.required", p);
  }
  template <KoloEnum E> void read(const Spec&, const json& v, const std::string& p, E* out) {
    if (!v.is_string()) return wrong_type(v, p, "string");
    const std::string& text = v.get_ref<const std::string&>();
    if (from_string(text, out)) return;
    std::string allowed;
    for (std::string_view n : EnumInfo<E>::names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    fail("err.bad_enum", p, {text, allowed});
  }
  template <class R>
    requires kBoardRecord<R>
  void read(const Spec&, const json& v, const std::string& p, R* out) {
    get(v, p, out);
  }
  template <class T> void read(const Spec& s, const json& v, const std::string& p, std::vector<T>* out) {
    if (!v.is_array()) return wrong_type(v, p, "array");
    if constexpr (std::is_same_v<T, BoardPartner>)
      if (v.size() > kMaxBoardPartners)
        return fail("err.too_many_partners", p, {std::to_string(v.size()), std::to_string(kMaxBoardPartners)});
    out->assign(v.size(), T{});
    for (std::size_t i = 0; i < v.size() && errors.size() < kMaxReportedErrors; ++i) {
      Spec item = s;
      if constexpr (std::is_same_v<T, Id>) item.required = true;  // a list names partners, never "none"
      read(item, v[i], p + "/" + std::to_string(i), &(*out)[i]);
    }
  }

  bool integer(const json& v, const std::string& p, std::int64_t* out, std::int64_t lo, std::int64_t hi) {
    if (!v.is_number_integer()) {
      wrong_type(v, p, "integer");
      return false;
    }
    const bool too_big = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi);
    const std::int64_t n = too_big ? 0 : v.get<std::int64_t>();
    if (too_big || n < lo || n > hi) {
      fail("err.out_of_range", p, {v.dump(), std::to_string(lo), std::to_string(hi)});
      return false;
    }
    *out = n;
    return true;
  }

  // As a document's text of the same kind (validate.hpp): UTF-8, length, required, shape.
  void text(const Spec& s, const std::string& value, const std::string& p) {
    if (!is_valid_utf8(value)) return fail("err.bad_utf8", p);
    const std::size_t limit = s.text == Text::long_text ? kMaxTextLength
                              : s.name == std::string_view("board_id") ? kMaxBoardIdLength
                                                                       : kMaxNameLength;
    if (const std::size_t n = utf8_length(value); n > limit)
      return fail("err.too_long", p, {std::to_string(n), std::to_string(limit)});
    if (is_blank(value)) {
      if (s.required) fail("err.required", p);
      return;
    }
    struct Shape {
      Text text;
      bool (*ok)(std::string_view);
      const char* key;
    };
    static constexpr Shape kShapes[] = {
        {Text::date, is_date, "err.bad_date"},          {Text::datetime, is_datetime, "err.bad_datetime"},
        {Text::email, looks_like_email, "err.bad_email"}, {Text::phone, looks_like_phone, "err.bad_phone"},
        {Text::url, looks_like_url, "err.bad_url"},       {Text::slug, is_slug, "err.bad_slug"},
    };
    for (const Shape& shape : kShapes)
      if (shape.text == s.text && !shape.ok(value)) fail(shape.key, p, {value});
  }
};

// The rules between records: ids unique in the board (one id space, as in a document), a
// service's partner and an event's partners on the board, need-tag keys unique and known.
constexpr Id kMaxBoardId = Id{1} << 53;

void check_board(const Board& b, BoardReader& reader) {
  std::map<Id, std::string> ids;  // id -> where it first stands
  auto id = [&](Id value, const std::string& at) {
    // Ids a JavaScript number holds exactly; far beyond any document's, and the viewer's
    // document counts on from the largest.
    if (value > kMaxBoardId)
      reader.fail("err.out_of_range", at + "/id", {std::to_string(value), "1", std::to_string(kMaxBoardId)});
    auto [it, fresh] = ids.emplace(value, at);
    if (!fresh) reader.fail("err.duplicate_id", at + "/id", {std::to_string(value), it->second + "/id"});
  };
  std::set<Id> partners;
  for (std::size_t i = 0; i < b.partners.size(); ++i) {
    const std::string at = "/board/partners/" + std::to_string(i);
    id(b.partners[i].id, at);
    partners.insert(b.partners[i].id);
    for (std::size_t c = 0; c < b.partners[i].contacts.size(); ++c)
      id(b.partners[i].contacts[c].id, at + "/contacts/" + std::to_string(c));
  }
  auto on_board = [&](Id partner, const std::string& at) {
    if (!partners.count(partner)) reader.fail("err.missing_ref", at, {std::to_string(partner)});
  };
  std::set<std::string> keys;
  for (std::size_t i = 0; i < b.need_tags.size(); ++i)
    if (!keys.insert(b.need_tags[i].key).second)
      reader.fail("err.duplicate_key", "/board/need_tags/" + std::to_string(i) + "/key", {b.need_tags[i].key});
  for (std::size_t i = 0; i < b.services.size(); ++i) {
    const BoardService& s = b.services[i];
    const std::string at = "/board/services/" + std::to_string(i);
    id(s.id, at);
    on_board(s.partner_id, at + "/partner_id");
    for (std::size_t t = 0; t < s.need_tags.size(); ++t)
      if (!keys.count(s.need_tags[t]))
        reader.fail("err.unknown_need_tag", at + "/need_tags/" + std::to_string(t), {s.need_tags[t]});
  }
  static constexpr const char* kRoles[] = {"host_ids", "co_host_ids", "venue_ids", "audience_ids"};
  for (std::size_t i = 0; i < b.events.size(); ++i) {
    const BoardEvent& e = b.events[i];
    const std::string at = "/board/events/" + std::to_string(i);
    id(e.id, at);
    const std::vector<Id>* lists[] = {&e.host_ids, &e.co_host_ids, &e.venue_ids, &e.audience_ids};
    for (std::size_t l = 0; l < 4; ++l)
      for (std::size_t k = 0; k < lists[l]->size(); ++k)
        on_board((*lists[l])[k], at + "/" + kRoles[l] + "/" + std::to_string(k));
  }
}

}  // namespace

std::string board_to_json(const Board& board) {
  std::string out;
  out.reserve(512 + board.partners.size() * 512 + board.services.size() * 512);
  out += "{\"format\":\"kolo-board\",\"version\":";
  out += std::to_string(kBoardFormatVersion);
  out += ",\"board\":";
  put(out, board);
  out += '}';
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] parse_board
// ------------------------------------------------------------------------------------------------

BoardParse parse_board(std::string_view bytes) {
  BoardParse result;
  auto refuse = [&](const char* key, std::string path, std::vector<std::string> args) {
    result.errors.push_back(Error{key, std::move(path), std::move(args)});
    return result;
  };
  json root;
  if (std::optional<Error> bad = parse_json_checked(bytes, kMaxFileBytes, &root)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }
  if (std::optional<Error> bad =
          check_envelope(root, FileKind{"kolo-board", kBoardFormatVersion, "err.not_board", "err.board_too_new"},
                         &result.version_found)) {
    result.errors.push_back(std::move(*bad));
    return result;
  }
  auto board_it = root.find("board");
  if (board_it == root.end()) return refuse("err.missing_field", "/board", {"board"});

  BoardReader reader;
  Board board;
  reader.get(*board_it, "/board", &board);
  if (reader.errors.empty()) check_board(board, reader);
  if (!reader.errors.empty()) {
    result.errors = std::move(reader.errors);
    return result;
  }
  std::stable_sort(board.partners.begin(), board.partners.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::stable_sort(board.services.begin(), board.services.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::stable_sort(board.events.begin(), board.events.end(), [](const BoardEvent& a, const BoardEvent& b) {
    if (a.starts_at.empty() != b.starts_at.empty()) return b.starts_at.empty();  // undated last
    if (a.starts_at != b.starts_at) return a.starts_at < b.starts_at;
    return a.id < b.id;
  });
  // What the viewer opens must be a sound document; the checks above are meant to ensure it,
  // and this keeps it so if a rule is ever added to the document and not here.
  for (Error& e : validate_file(board_document(board))) {
    if (result.errors.size() >= kMaxReportedErrors) break;
    e.path = "/board" + e.path;
    result.errors.push_back(std::move(e));
  }
  if (result.errors.empty()) result.board = std::move(board);
  return result;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] the board page
// ------------------------------------------------------------------------------------------------

namespace {
constexpr std::string_view kScriptOpen = "<script type=\"application/json\" id=\"kolo-board\">";
constexpr std::string_view kScriptClose = "</script>";
}  // namespace

std::string_view board_json_in_html(std::string_view html) {
  const std::size_t open = html.find(kScriptOpen);
  if (open == std::string_view::npos) return {};
  const std::size_t start = open + kScriptOpen.size();
  const std::size_t close = html.find(kScriptClose, start);
  if (close == std::string_view::npos) return {};
  return html.substr(start, close - start);
}

std::string board_script_element(const Board& board) {
  std::string out(kScriptOpen);
  out += board_to_json(board);
  out += kScriptClose;
  return out;
}

}  // namespace kolo
