// vCard 4.0 (RFC 6350) of contact persons: see vcard.hpp.
#include "core/vcard.hpp"

#include <cstdio>

#include "core/ics.hpp"

namespace kolo {

namespace {

// Content lines as core/ics writes them: escaped where the value is text, folded, CRLF.
struct Card {
  std::string out;
  void line(std::string_view name, std::string_view value) { out += ics_fold(std::string(name) + ":" + std::string(value)); }
  void text(std::string_view name, std::string_view value) {
    if (!value.empty()) line(name, ics_escape(value));
  }
};

std::string utc_stamp(const DateTime& t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", t.date.year, t.date.month, t.date.day, t.hour, t.minute,
                t.second);
  return buf;
}

std::vector<const Partner*> chosen(const Document& doc, std::span<const Id> partners) {
  std::vector<const Partner*> out;
  if (partners.empty()) {
    for (const Partner& p : doc.partners) out.push_back(&p);
  } else {
    for (Id id : partners)
      if (const Partner* p = find_record<Partner>(doc, id)) out.push_back(p);
  }
  return out;
}

bool has_name(const ContactPerson& c) { return c.name.find_first_not_of(" \t\r\n") != std::string::npos; }

}  // namespace

std::string tel_uri(std::string_view phone) {
  std::string digits;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c == '+' && digits.empty() && i == phone.find_first_not_of(' ')) digits += c;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return "";
  }
  const std::size_t count = digits.size() - (digits.starts_with('+') ? 1 : 0);
  if (count < 3 || count > 15) return "";
  return "tel:" + digits;
}

std::size_t vcard_count(const Document& doc, std::span<const Id> partners) {
  std::size_t n = 0;
  for (const Partner* p : chosen(doc, partners))
    for (const ContactPerson& c : p->contacts) n += has_name(c) ? 1 : 0;
  return n;
}

std::string contacts_vcard(const Document& doc, std::span<const Id> partners, Lang lang, const DateTime& now_utc) {
  Card w;
  const std::string rev = utc_stamp(now_utc);
  for (const Partner* p : chosen(doc, partners)) {
    std::string categories = ics_escape(tr(label_key(p->kind), lang));
    for (const std::string& tag : p->tags)
      if (!tag.empty()) categories += "," + ics_escape(tag);
    for (const ContactPerson& c : p->contacts) {
      if (!has_name(c)) continue;
      w.line("BEGIN", "VCARD");
      w.line("VERSION", "4.0");
      w.line("UID;VALUE=text", "kolo-contact-" + std::to_string(p->id) + "-" + std::to_string(c.id));
      w.text("FN", c.name);
      w.line("N", ";" + ics_escape(c.name) + ";;;");  // the whole name as given: Kolo does not split names
      w.text("ORG", p->name);
      w.text("TITLE", c.role);
      if (!c.phone.empty()) {
        const std::string uri = tel_uri(c.phone);
        if (!uri.empty()) w.line("TEL;VALUE=uri;TYPE=\"work,voice\"", uri);
        else w.text("TEL;VALUE=text;TYPE=\"work,voice\"", c.phone);
      }
      w.text("EMAIL;TYPE=work", c.email);
      if (!p->address.empty()) w.line("ADR;TYPE=work", ";;" + ics_escape(p->address) + ";;;;");
      const std::string url = web_address(p->website);
      if (!url.empty()) w.line("URL", url);
      if (!c.messenger.empty()) w.text("NOTE", tr("vcard.messenger", lang) + std::string(": ") + c.messenger);
      w.line("CATEGORIES", categories);
      w.line("REV", rev);
      w.line("END", "VCARD");
    }
  }
  return w.out;
}

std::string vcard_file_name(const Document& doc, std::span<const Id> partners, const Date& today) {
  const Partner* one = partners.size() == 1                       ? find_record<Partner>(doc, partners.front())
                       : partners.empty() && doc.partners.size() == 1 ? &doc.partners.front()
                                                                      : nullptr;
  if (one) {
    const std::string slug = file_slug(one->name);
    return "kolo-" + (slug.empty() ? std::string("contacts") : slug) + ".vcf";
  }
  return "kolo-contacts-" + format_date(today) + ".vcf";
}

}  // namespace kolo
