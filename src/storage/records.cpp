// Record-by-record storage: keys, loading, what to write, and the transaction's rules in
// memory (see records.hpp).
#include "storage/records.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/validate.hpp"
#include "io/kolo_json.hpp"

namespace kolo {

using nlohmann::json;

// ---- keys and references -----------------------------------------------------------------------

std::string record_key(Table table, Id id) {
  std::string out(to_string(table));
  out += '/';
  out += std::to_string(id);
  return out;
}

bool parse_record_key(std::string_view key, Table* table, Id* id) {
  const std::size_t slash = key.find('/');
  if (slash == std::string_view::npos || !from_string(key.substr(0, slash), table)) return false;
  std::string_view digits = key.substr(slash + 1);
  Id value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value <= 0) return false;
  *id = value;
  return true;
}

std::vector<std::string> record_refs(const Record& record) {
  std::vector<std::string> out;
  auto add = [&](Table t, Id id) {
    if (id == 0) return;
    std::string k = record_key(t, id);
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  };
  std::visit(
      [&](const auto& r) {
        describe(r, [&](const Spec& s, const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, Id>) {
            if (s.is_ref) add(s.target, value);
          } else if constexpr (std::is_same_v<T, std::vector<Id>>) {
            if (s.is_ref)
              for (Id id : value) add(s.target, id);
          }
        });
      },
      record);
  return out;
}

// ---- team sync: links to tables that do not sync --------------------------------------------

namespace {

// Calls f(value) for each optional reference of `record` to a table outside `synced`, in the
// order of its fields.
template <class F> void unsynced_links(Record& record, const std::set<Table>& synced, F&& f) {
  std::visit(
      [&](auto& r) {
        describe(r, [&](const Spec& s, auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, Id> || std::is_same_v<T, std::vector<Id>>)
            if (s.is_ref && !s.required && !synced.count(s.target)) f(value);
        });
      },
      record);
}

std::string sync_payload(const Record& record) {
  return json{{"t", record_to_json(record)}, {"r", record_refs(record)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> sync_outgoing(Table table, std::string_view text, const std::set<Table>& synced) {
  std::optional<Record> record = parse_record(table, text, nullptr);
  if (!record) return std::nullopt;
  unsynced_links(*record, synced, [](auto& value) { value = {}; });
  return sync_payload(*record);
}

std::optional<std::string> sync_incoming(Table table, std::string_view text, std::optional<std::string_view> local,
                                         const std::set<Table>& synced) {
  std::optional<Record> record = parse_record(table, text, nullptr);
  if (!record) return std::nullopt;
  std::vector<std::vector<Id>> kept;  // each link field of the local version, as a list
  if (local)
    if (std::optional<Record> mine = parse_record(table, *local, nullptr))
      unsynced_links(*mine, synced, [&](auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Id>)
          kept.push_back(value ? std::vector<Id>{value} : std::vector<Id>{});
        else
          kept.push_back(value);
      });
  std::size_t i = 0;
  unsynced_links(*record, synced, [&](auto& value) {
    const std::vector<Id> mine = i < kept.size() ? kept[i] : std::vector<Id>{};
    ++i;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Id>)
      value = mine.empty() ? 0 : mine.front();
    else
      value = mine;
  });
  return sync_payload(*record);
}

// ---- meta ----------------------------------------------------------------------------------------

std::string meta_to_json(const StoredMeta& meta) {
  return json{{"format", "kolo"}, {"version", meta.version}, {"next_id", meta.next_id}}.dump();
}

std::optional<StoredMeta> parse_meta(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto version = j.find("version");
  auto next = j.find("next_id");
  if (version == j.end() || !version->is_number_integer() || next == j.end() || !next->is_number_integer()) return std::nullopt;
  StoredMeta m;
  m.version = version->get<std::int64_t>() > 1000000 ? 1000000 : static_cast<int>(version->get<std::int64_t>());
  m.next_id = next->get<Id>();
  auto written = j.find("records_written");
  m.records_written = written != j.end() && written->is_boolean() && written->get<bool>();
  auto claimed = j.find("claimed");
  m.claimed = claimed != j.end() && claimed->is_boolean() && claimed->get<bool>();
  return m;
}

// ---- loading -------------------------------------------------------------------------------------

namespace {
Error with_key(Error e, const std::string& key) {
  e.path = "/" + key + e.path;
  return e;
}

// The key of the record an error's pointer ("/partners/3/name") is in.
std::optional<std::string> key_at(const Document& doc, const std::string& path) {
  Table table{};
  std::size_t slash = path.find('/', 1);
  if (path.size() < 2 || !from_string(std::string_view(path).substr(1, slash == std::string::npos ? std::string::npos : slash - 1), &table) ||
      slash == std::string::npos)
    return std::nullopt;
  std::size_t row = 0;
  std::string_view digits = std::string_view(path).substr(slash + 1);
  digits = digits.substr(0, digits.find('/'));
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), row);
  if (ec != std::errc()) return std::nullopt;
  return with_table_type(table, [&](auto tag) -> std::optional<std::string> {
    const auto& rows_of = rows<decltype(tag)>(doc);
    if (row >= rows_of.size()) return std::nullopt;
    return record_key(table, rows_of[row].id);
  });
}
}  // namespace

LoadedRecords load_records(const std::optional<StoredMeta>& meta, std::vector<StoredRecord> records) {
  LoadedRecords out;
  if (meta && meta->version > kKoloFormatVersion) {
    out.newer_version = true;
    out.problems.push_back(Error{"err.newer_version", "/version", {std::to_string(meta->version), std::to_string(kKoloFormatVersion)}});
    return out;
  }
  Id highest = 0;
  auto set_aside = [&](const std::string& key, Error why) {
    out.set_aside.push_back(key);
    out.problems.push_back(with_key(std::move(why), key));
  };
  for (StoredRecord& stored : records) {
    Table table{};
    Id id = 0;
    if (!parse_record_key(stored.key, &table, &id)) {
      set_aside(stored.key, Error{"err.not_kolo", "", {}});
      continue;
    }
    std::vector<Error> errors;
    std::optional<Record> record = parse_record(table, stored.text, &errors);
    if (!record || record_id(*record) != id) {
      set_aside(stored.key, errors.empty() ? Error{"err.not_kolo", "/id", {}} : errors.front());
      out.unread_text[stored.key] = std::move(stored.text);
      continue;
    }
    // Stored by a version before phones were checked (format 2; also when another tab of this
    // version has since stamped the meta 3, since records not edited since are not rewritten):
    // a refused phone is kept as text, never set aside. Our own storage is not user input.
    if (Partner* p = std::get_if<Partner>(&*record))
      for (ContactPerson& c : p->contacts) keep_refused_phone(c, p->notes);
    highest = std::max(highest, id);
    out.revs[stored.key] = stored.rev;
    std::visit([&](auto& r) { rows<std::decay_t<decltype(r)>>(out.doc).push_back(std::move(r)); }, *record);
  }
  sort_by_id(out.doc);
  out.doc.next_id = std::max(meta ? meta->next_id : 1, highest + 1);
  // Records that read but contradict the rest leave too, a few at a time (taking one out can
  // leave another pointing at nothing), until what remains is sound.
  for (int round = 0; round < 64; ++round) {
    std::vector<Error> errors = validate(out.doc);
    if (errors.empty()) break;
    std::set<std::string> going;
    for (Error& e : errors)
      if (std::optional<std::string> key = key_at(out.doc, e.path); key && going.insert(*key).second) {
        e.path = e.path.substr(e.path.find('/', 1));
        e.path = e.path.substr(e.path.find('/', 1) == std::string::npos ? e.path.size() : e.path.find('/', 1));
        set_aside(*key, e);
      }
    if (going.empty()) {  // an error no record can be blamed for (next_id): start empty, but say so
      out.problems.push_back(errors.front());
      out.doc = Document{};
      out.revs.clear();
      break;
    }
    for (const std::string& key : going) {
      Table table{};
      Id id = 0;
      parse_record_key(key, &table, &id);
      with_table_type(table, [&](auto tag) {
        auto& rows_of = rows<decltype(tag)>(out.doc);
        rows_of.erase(std::remove_if(rows_of.begin(), rows_of.end(), [&](const auto& r) { return r.id == id; }), rows_of.end());
      });
      out.revs.erase(key);
    }
  }
  return out;
}

// ---- saving --------------------------------------------------------------------------------------

std::string save_request_to_json(const SaveRequest& request) {
  json writes = json::array();
  for (const RecordWrite& w : request.writes)
    writes.push_back({{"k", w.key}, {"base", w.base}, {"text", w.text ? json(*w.text) : json(nullptr)}, {"refs", w.refs}});
  return json{{"writes", std::move(writes)}, {"next_id", request.next_id}, {"reserve", request.reserve_ids}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::vector<StoredConflict> parse_conflicts(std::string_view text) {
  std::vector<StoredConflict> out;
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (!j.is_array()) return out;
  for (const json& c : j) {
    if (!c.is_object() || !c.contains("k") || !c["k"].is_string()) continue;
    StoredConflict sc;
    sc.key = c["k"].get<std::string>();
    if (c.contains("rev") && c["rev"].is_number_unsigned()) sc.rev = c["rev"].get<std::uint64_t>();
    if (c.contains("text") && c["text"].is_string()) sc.text = c["text"].get<std::string>();
    if (c.contains("why") && c["why"].is_string()) sc.why = c["why"].get<std::string>();
    out.push_back(std::move(sc));
  }
  return out;
}

void RecordSync::reset(const std::map<std::string, std::uint64_t>& revs) {
  revs_ = revs;
  dirty_.clear();
  writing_.clear();
  writing_base_.clear();
  writing_deleted_.clear();
  conflicts_.clear();
}

void RecordSync::note(const Touched& touched, const Document& doc) {
  if (touched.whole) {  // every record there is now, and every one stored that is gone
    for_each_table(doc, [&](const auto& table) {
      for (const auto& r : table) dirty_.insert(record_key(table_of<std::decay_t<decltype(r)>>(), r.id));
    });
    for (const auto& [key, rev] : revs_) dirty_.insert(key);
    for (const std::string& key : writing_) dirty_.insert(key);
    return;
  }
  for (RecordRef r : touched.records) dirty_.insert(record_key(r.table, r.id));
}

std::uint64_t RecordSync::rev(const std::string& key) const {
  auto it = revs_.find(key);
  return it == revs_.end() ? 0 : it->second;
}

SaveRequest RecordSync::begin(const Document& doc, Id id_block_end) {
  SaveRequest request;
  request.next_id = doc.next_id;
  request.reserve_ids = doc.next_id + kIdBlockLow >= id_block_end;
  for (const std::string& key : dirty_) {
    Table table{};
    Id id = 0;
    if (!parse_record_key(key, &table, &id)) continue;
    RecordWrite w;
    w.key = key;
    w.base = rev(key);
    std::optional<Record> record = with_table_type(table, [&](auto tag) -> std::optional<Record> {
      if (const auto* r = find_record<decltype(tag)>(doc, id)) return Record(*r);
      return std::nullopt;
    });
    if (record) {
      w.text = record_to_json(*record);
      w.refs = record_refs(*record);
    } else if (w.base == 0) {
      continue;  // created and deleted again before it was ever stored: nothing to write
    }
    writing_base_[key] = w.base;
    writing_deleted_[key] = !record;
    writing_.insert(key);
    request.writes.push_back(std::move(w));
  }
  dirty_.clear();
  return request;
}

void RecordSync::succeeded() {
  for (const std::string& key : writing_) {
    if (writing_deleted_[key])
      revs_.erase(key);
    else
      revs_[key] = writing_base_[key] + 1;
  }
  writing_.clear();
  writing_base_.clear();
  writing_deleted_.clear();
}

void RecordSync::failed() {
  dirty_.insert(writing_.begin(), writing_.end());
  writing_.clear();
  writing_base_.clear();
  writing_deleted_.clear();
}

void RecordSync::conflicted(const std::vector<StoredConflict>& conflicts) {
  failed();
  for (const StoredConflict& c : conflicts) conflicts_[c.key] = c;
}

void RecordSync::resolved(const std::string& key, bool keep_mine) {
  auto it = conflicts_.find(key);
  if (it == conflicts_.end()) return;
  if (it->second.rev == 0)
    revs_.erase(key);
  else
    revs_[key] = it->second.rev;
  conflicts_.erase(it);
  if (keep_mine) dirty_.insert(key);
}

void RecordSync::took(const std::string& key, std::uint64_t rev, bool deleted) {
  if (deleted)
    revs_.erase(key);
  else
    revs_[key] = rev;
}

// ---- the transaction's rules, in memory -----------------------------------------------------------

std::vector<StoredConflict> MemoryRecordStore::write(const SaveRequest& request, Id* block_start) {
  std::vector<StoredConflict> conflicts;
  std::set<std::string> writing;
  for (const RecordWrite& w : request.writes) writing.insert(w.key);
  auto stored = [&](const std::string& key) -> StoredConflict {
    StoredConflict c;
    c.key = key;
    if (auto it = entries.find(key); it != entries.end()) {
      c.rev = it->second.rev;
      c.text = it->second.text;
    }
    return c;
  };
  for (const RecordWrite& w : request.writes) {
    StoredConflict now = stored(w.key);
    if (now.rev != w.base) {
      now.why = "changed";
      conflicts.push_back(now);
      continue;
    }
    if (!w.text) {  // a deletion: nothing outside this save may still refer to it
      for (const auto& [key, entry] : entries)
        if (!writing.count(key) && std::find(entry.refs.begin(), entry.refs.end(), w.key) != entry.refs.end()) {
          StoredConflict by = stored(key);
          by.why = "referenced";
          conflicts.push_back(by);
        }
    } else {  // what it refers to must still be there
      for (const std::string& ref : w.refs)
        if (!writing.count(ref) && !entries.count(ref)) {
          StoredConflict gone = stored(ref);
          gone.why = "missing";
          conflicts.push_back(gone);
        }
    }
  }
  if (!conflicts.empty()) return conflicts;
  for (const RecordWrite& w : request.writes) {
    if (w.text)
      entries[w.key] = Entry{w.base + 1, *w.text, w.refs};
    else
      entries.erase(w.key);
  }
  meta_.next_id = std::max(meta_.next_id, request.next_id);
  if (request.reserve_ids && block_start) {
    *block_start = meta_.next_id;
    meta_.next_id += kIdBlock;
  }
  return conflicts;
}

Id MemoryRecordStore::reserve_block() {
  const Id start = meta_.next_id;
  meta_.next_id += kIdBlock;
  return start;
}

std::vector<StoredRecord> MemoryRecordStore::records() const {
  std::vector<StoredRecord> out;
  for (const auto& [key, e] : entries) out.push_back({key, e.rev, e.text});
  return out;
}

}  // namespace kolo
