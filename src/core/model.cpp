// Record-level helpers shared by commands, validation, storage and import.
#include "core/model.hpp"
#include "core/text.hpp"

namespace kolo {

Table table_of(const Record& record) { return static_cast<Table>(record.index()); }

Id record_id(const Record& record) {
  return std::visit([](const auto& r) { return r.id; }, record);
}

void set_record_id(Record& record, Id id) {
  std::visit([id](auto& r) { r.id = id; }, record);
}

const char* table_noun(Table table) {
  return with_table_type(table, [](auto tag) { return TableOf<decltype(tag)>::noun_text; });
}

std::size_t table_size(const Document& doc, Table table) {
  return with_table_type(table, [&](auto tag) { return rows<decltype(tag)>(doc).size(); });
}

void sort_by_id(Document& doc) {
  for_each_table(doc, [](auto& table) {
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    if (!std::is_sorted(table.begin(), table.end(), by_id)) std::stable_sort(table.begin(), table.end(), by_id);
  });
}

const std::string& need_tag_label(const NeedTag& tag, Lang lang) {
  const std::string& l = lang == Lang::uk ? tag.label_uk : lang == Lang::ru ? tag.label_ru : tag.label_en;
  return !is_blank(l) ? l : !is_blank(tag.label_en) ? tag.label_en : tag.key;
}

std::string need_label(const Document& doc, std::string_view key, Lang lang) {
  for (const NeedTag& t : doc.need_tags)
    if (t.key == key) return need_tag_label(t, lang);
  return std::string(key);
}

}  // namespace kolo
