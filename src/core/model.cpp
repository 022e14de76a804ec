// Record-level helpers shared by commands, validation and import.
#include "core/model.hpp"

namespace kolo {

Table table_of(const Record& record) { return static_cast<Table>(record.index()); }

Id record_id(const Record& record) {
  return std::visit([](const auto& r) { return r.id; }, record);
}

void set_record_id(Record& record, Id id) {
  std::visit([id](auto& r) { r.id = id; }, record);
}

}  // namespace kolo
