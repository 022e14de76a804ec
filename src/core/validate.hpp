// The rules a Document must keep, read from the records' descriptions (model.hpp): required
// fields, lengths, dates, e-mail shape, ranges, unique ids, references that
// resolve, need tags from the taxonomy, UTF-8 everywhere; plus the rules that span records
// (a referral's service belongs to its partner).
//
// Two ways in, one set of rules:
//   validate(doc)            the whole document: on load and import (parse_kolo, storage).
//   validate_touched(...)    only what a change can have broken: the records it touched, the
//                            records that refer to them, and the users of a need-tag key it
//                            released. Store::apply uses it, so an edit costs the same on a
//                            network of ten partners or of ten thousand. A property test
//                            (tests/unit/test_validate.cpp) shows it accepts and refuses
//                            exactly what whole-document validation does.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/index.hpp"
#include "core/model.hpp"

namespace kolo {

// Every rule broken, in document order; empty when the document is sound. Paths are JSON
// pointers into the document ("/partners/12/contacts/0/email").
std::vector<Error> validate(const Document& doc);
// The same with an index already built for `doc`.
std::vector<Error> validate(const Document& doc, const Index& index);

// validate() plus the rules of a file: every id in it is below its next_id (a file is one
// document from one place; a working document holds records from other tabs' id blocks).
std::vector<Error> validate_file(const Document& doc);

// The rules that a change touching `touched` can have broken, given that the document was
// valid before it. `index` is current for `doc` (patched with `touched`), `released` are the
// need-tag keys the patch reported.
std::vector<Error> validate_touched(const Document& doc, const Index& index, const std::vector<RecordRef>& touched,
                                    const std::vector<std::string>& released);

// The rule of one text value of kind `kind` (model.hpp's Text), as the document checks it:
// valid UTF-8, within its limit in code points, not blank when `required`, and of its form
// (date, e-mail, phone, web address ...). The error (err.bad_utf8, err.too_long, err.required,
// err.bad_email ...) has an empty path for the caller to fill. *usable (if given): whether the
// value is there to check further (not empty, readable, within its limit), even when its form
// is wrong. For text checked outside a document: suggested updates (core/suggestions.hpp).
std::optional<Error> text_error(Text kind, std::string_view value, bool required, bool* usable = nullptr);

}  // namespace kolo
