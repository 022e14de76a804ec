// libFuzzer target: the HSDS readers (io/hsds.hpp), as one JSON file and as one CSV table of
// the tabular form. Whatever the bytes, they must not crash, and what they accept must be a
// change the import can plan and a document that validates.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/validate.hpp"
#include "io/hsds.hpp"
#include "io/import.hpp"

namespace {
void check(const kolo::Document& current, const kolo::HsdsImport& r) {
  if (r.incoming.has_value() == !r.errors.empty()) std::abort();
  if (r.invalid_mapping) std::abort();  // a file the mapping turned into an invalid document
  if (!r.incoming) return;
  if (!kolo::validate(kolo::plan_import(current, *r.incoming, kolo::ImportMode::merge).result).empty()) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kolo::Document current;
  kolo::Partner mine;
  mine.id = 1;
  mine.name = "Example Organization Inc.";
  current.partners = {mine};
  current.next_id = 2;
  (void)kolo::looks_like_hsds_json(bytes);
  check(current, kolo::hsds_import_json(current, bytes, kolo::Lang::uk));
  check(current, kolo::hsds_import_tables(current, {{"organizations.csv", bytes}, {"services.csv", bytes}}, kolo::Lang::en));
  return 0;
}
