// The referral letter (see letter.hpp). The letter is put together once as labelled parts
// (letter_parts) and then written out as plain text or as HTML, so the two never differ in
// what they say. Every word of it comes from the catalog in the letter's language.
#include "core/letter.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "core/date.hpp"
#include "core/text.hpp"

namespace kolo {

namespace {

// `text` as a sentence: trimmed, with a full stop unless it ends with one (or ! ? …).
std::string sentence(std::string_view text) {
  std::string out = trim_space(text);
  if (out.empty()) return "";
  const char end = out.back();
  if (end != '.' && end != '!' && end != '?' && !out.ends_with("…")) out += '.';
  return out;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string need_list(const Document& doc, const std::vector<std::string>& keys, Lang lang) {
  std::vector<std::string> labels;
  for (const std::string& k : keys) labels.push_back(need_label(doc, k, lang));
  return joined(labels, ", ");
}

// A labelled value of the letter ("Service: Crisis housing").
struct Field {
  std::string label, value;
};
// A titled block of free text ("Problem", then the text the user wrote).
struct Block {
  std::string heading, text;
};

struct LetterParts {
  std::string title, greeting, closing, signature;
  std::vector<Field> head;     // date, to, service, trusted specialist
  std::vector<Block> blocks;   // problem, recommendations
  std::vector<Field> details;  // access rules, hours, the warm hand-off
};

void add_field(std::vector<Field>& fields, const char* key, Lang lang, const std::string& value) {
  if (!is_blank(value)) fields.push_back(Field{tr(key, lang), value});
}

LetterParts letter_parts(const Document& doc, const Referral& r, Lang lang, const std::string& today) {
  LetterParts l;
  l.title = tr("letter.title", lang);
  l.greeting = tr("letter.greeting", lang);
  l.closing = tr("letter.closing", lang);
  const Partner* partner = find_record<Partner>(doc, r.partner_id);
  const Service* service = find_record<Service>(doc, r.service_id);
  const Case* c = find_record<Case>(doc, r.case_id);
  add_field(l.head, "letter.date", lang, long_date(today, lang));
  add_field(l.head, "letter.to", lang, partner ? partner->name : "");
  add_field(l.head, "letter.service", lang, service ? service->name : "");
  add_field(l.head, "letter.specialist", lang,
            !is_blank(r.told_specialist) ? r.told_specialist : service ? service->trusted_specialist : "");
  // The referral's own texts, as the user edited them; a draft from the case while both are empty.
  const bool untouched = is_blank(r.letter_problem) && is_blank(r.letter_recommendations);
  std::string problem = r.letter_problem, recommendations = r.letter_recommendations;
  if (untouched && c) {
    problem = draft_problem(doc, *c, lang);
    recommendations = draft_recommendations(doc, *c, service, lang);
  }
  if (!is_blank(problem)) l.blocks.push_back(Block{tr("letter.problem", lang), problem});
  if (!is_blank(recommendations)) l.blocks.push_back(Block{tr("letter.recommendations", lang), recommendations});
  add_field(l.details, "letter.access", lang, r.told_access);
  add_field(l.details, "letter.hours", lang, r.told_hours);
  if (r.warm_handoff)
    add_field(l.details, "letter.handoff", lang,
              r.warm_handoff_date.empty() ? tr("letter.handoff_planned", lang) : long_date(r.warm_handoff_date, lang));
  const Profile* profile = doc.profiles.empty() ? nullptr : &doc.profiles.front();
  l.signature = profile && !is_blank(profile->signature) ? profile->signature : std::string(32, '_');
  return l;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// The drafts
// ------------------------------------------------------------------------------------------------

std::string draft_problem(const Document& doc, const Case& c, Lang lang) {
  std::vector<std::string> lines;
  if (!c.needs.empty()) lines.push_back(trf("letter.needs", lang, {need_list(doc, c.needs, lang)}));
  if (!is_blank(c.priority_tasks)) lines.push_back(trf("letter.priority_tasks", lang, {c.priority_tasks}));
  if (!is_blank(c.motivation)) lines.push_back(trf("letter.motivation", lang, {c.motivation}));
  if (!c.barriers.empty()) {
    lines.push_back(tr("letter.barriers", lang));
    for (const BarrierNote& b : c.barriers) {
      // Appended rather than "- " + ...: GCC 12 at -O3 warns (-Wrestrict) about the latter.
      std::string line = "- ";
      line += sentence(tr(label_key(b.barrier), lang));
      if (!is_blank(b.found)) line += ' ', line += sentence(trf("letter.barrier_found", lang, {b.found}));
      if (!is_blank(b.done)) line += ' ', line += sentence(trf("letter.barrier_done", lang, {b.done}));
      lines.push_back(line);
    }
  }
  return joined(lines, "\n");
}

std::string draft_recommendations(const Document& doc, const Case& c, const Service* service, Lang lang) {
  std::vector<std::string> lines;
  // The needs the service covers; all the case's needs when it names none of them.
  std::vector<std::string> covered;
  if (service)
    for (const std::string& n : c.needs)
      if (std::find(service->need_tags.begin(), service->need_tags.end(), n) != service->need_tags.end())
        covered.push_back(n);
  const std::string needs = need_list(doc, covered.empty() ? c.needs : covered, lang);
  if (service)
    lines.push_back(trf("letter.ask_service", lang, {service->name, needs}));
  else
    lines.push_back(trf("letter.ask_general", lang, {needs}));
  // Seed 002: a client who fears or avoids services is best handed over at a joint meeting.
  if (!c.barriers.empty()) lines.push_back(tr("letter.suggest_handoff", lang));
  return joined(lines, "\n");
}

Lang letter_lang(const Referral& r, Lang fallback) {
  Lang lang = fallback;
  return lang_from_code(r.letter_language, &lang) ? lang : fallback;
}

std::string long_date(std::string_view date, Lang lang) {
  const std::optional<Date> d = parse_date(date);
  if (!d) return std::string(date);
  // Day, month, year in all three (Kolo's English is the en-GB one): only the month's name differs.
  return std::to_string(d->day) + " " + tr("letter.month." + std::to_string(d->month), lang) + " " +
         std::to_string(d->year);
}

// ------------------------------------------------------------------------------------------------
// Plain text and HTML
// ------------------------------------------------------------------------------------------------

std::string letter_text(const Document& doc, const Referral& r, Lang lang, const std::string& today) {
  const LetterParts l = letter_parts(doc, r, lang, today);
  std::string out = l.title + "\n\n";
  for (const Field& f : l.head) out += f.label + ": " + f.value + "\n";
  out += "\n" + l.greeting + "\n";
  for (const Block& b : l.blocks) out += "\n" + b.heading + "\n" + b.text + "\n";
  if (!l.details.empty()) {
    out += "\n" + std::string(tr("letter.details", lang)) + "\n";
    for (const Field& f : l.details) out += f.label + ": " + f.value + "\n";
  }
  out += "\n" + l.closing + "\n\n" + l.signature + "\n";
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

namespace {

// Escaped, with each line break a <br>: the user's texts keep their lines in print.
std::string html_lines(std::string_view text) {
  std::string out = html_escape(text), br;
  for (char ch : out) {
    if (ch == '\r') continue;
    br += ch == '\n' ? std::string("<br>\n") : std::string(1, ch);
  }
  return br;
}

std::string html_fields(const std::vector<Field>& fields) {
  std::string out = "<table class=\"fields\">\n";
  for (const Field& f : fields)
    out += "<tr><th>" + html_escape(f.label) + "</th><td>" + html_lines(f.value) + "</td></tr>\n";
  return out + "</table>\n";
}

// Print first: A4 with the margins of an office letter, a serif body; on screen the same
// page centred. Self-contained: no scripts, fonts, images or links to fetch.
constexpr const char* kLetterCss = R"(@page { size: A4; margin: 20mm 15mm 20mm 25mm; }
html { background: #fff; }
body { font-family: "Times New Roman", Times, "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt;
       line-height: 1.4; color: #000; max-width: 170mm; margin: 12mm auto; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 8mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
p { margin: 0 0 3mm; }
table.fields { border-collapse: collapse; margin: 0 0 4mm; }
table.fields th { text-align: left; font-weight: normal; font-style: italic; padding: 0 5mm 1mm 0; vertical-align: top; }
table.fields td { padding: 0 0 1mm; vertical-align: top; }
.signature { margin-top: 12mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
)";

}  // namespace

std::string letter_html(const Document& doc, const Referral& r, Lang lang, const std::string& today) {
  const LetterParts l = letter_parts(doc, r, lang, today);
  std::string title = l.title;
  if (const Partner* p = find_record<Partner>(doc, r.partner_id)) title += " — " + p->name;
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(lang)) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n<title>" + html_escape(title) + "</title>\n";
  out += "<style>\n" + std::string(kLetterCss) + "</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(l.title) + "</h1>\n" + html_fields(l.head);
  out += "<p>" + html_lines(l.greeting) + "</p>\n";
  for (const Block& b : l.blocks) out += "<h2>" + html_escape(b.heading) + "</h2>\n<p>" + html_lines(b.text) + "</p>\n";
  if (!l.details.empty())
    out += "<h2>" + html_escape(tr("letter.details", lang)) + "</h2>\n" + html_fields(l.details);
  out += "<p>" + html_lines(l.closing) + "</p>\n";
  out += "<p class=\"signature\">" + html_lines(l.signature) + "</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace kolo
