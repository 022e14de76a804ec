// Contact persons as vCard 4.0 (RFC 6350), for a phone's or a mail program's address book: one
// partner's, the partners a list shows, or everyone's.
//
// One card per contact person (a partner's contact without a name is skipped: a card needs
// FN). What a card holds:
// - VERSION:4.0, FN (the person's name), N (the whole name as the given name: Kolo does not
//   split names, and a guess at "family given" would be wrong for half of them), ORG (the
//   partner), TITLE (the role);
// - TEL;TYPE=work,voice as a tel: URI (VALUE=uri) when the number is digits with an optional
//   leading + once spaces, dashes, dots and brackets are dropped; as text (VALUE=text)
//   otherwise, so nothing the user wrote is lost;
// - EMAIL;TYPE=work; ADR;TYPE=work with the partner's address as the street; URL (the
//   partner's website, made a web address); NOTE with the messenger; CATEGORIES: the
//   partner's kind (in the user's language) and its tags;
// - UID "kolo-contact-<partner id>-<contact id>" (text), stable, so importing the file again
//   updates the address book's card instead of adding one; REV, the export time in UTC.
// Text is escaped and lines folded as RFC 5545 does it (core/ics.hpp: the rules are RFC 6350's
// too); every line ends with CRLF. tests/vcard/check_vcard.py reads each file back with
// Debian's python3-vobject.
#pragma once
#include <span>
#include <string>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"

namespace kolo {

// The cards of the contact persons of `partners` (ids; empty: every partner), in the order
// given (partners) and stored (contacts). `now_utc`: REV.
std::string contacts_vcard(const Document& doc, std::span<const Id> partners, Lang lang, const DateTime& now_utc);
// How many cards that file would hold.
std::size_t vcard_count(const Document& doc, std::span<const Id> partners);
// A file name: "kolo-<partner>.vcf" for one partner (named, or the document's only one; its
// name made safe, as for .ics), else "kolo-contacts-<date>.vcf".
std::string vcard_file_name(const Document& doc, std::span<const Id> partners, const Date& today);
// The TEL value: "tel:+380671234567" when `phone` is a number, "" otherwise.
std::string tel_uri(std::string_view phone);

}  // namespace kolo
