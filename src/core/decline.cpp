// Decline and refer on (see decline.hpp).
#include "core/decline.hpp"

#include <algorithm>

#include "core/letter.hpp"
#include "core/referrals.hpp"
#include "core/text.hpp"

namespace kolo {

// ------------------------------------------------------------------------------------------------
// [SECTION] reasons and self-check
// ------------------------------------------------------------------------------------------------

MessageGroup message_group(DeclineReason reason) {
  switch (reason) {
    case DeclineReason::beyond_competence:
    case DeclineReason::request_not_taken:
    case DeclineReason::psychiatrist_needed: return MessageGroup::competence;
    case DeclineReason::boundaries_broken:
    case DeclineReason::personal_trigger:
    case DeclineReason::other_ethical: return MessageGroup::personal;
  }
  return MessageGroup::personal;
}

std::string self_check_question_key(std::size_t i) { return "decline.question." + std::to_string(i + 1); }

SelfCheckAnswer self_check_answer(const Decline& d, std::size_t i) {
  return i < d.self_check.size() ? d.self_check[i] : SelfCheckAnswer::unanswered;
}

Decline with_answer(Decline d, std::size_t i, SelfCheckAnswer answer) {
  if (i >= kSelfCheckQuestions) return d;
  if (d.self_check.size() <= i) d.self_check.resize(i + 1, SelfCheckAnswer::unanswered);
  d.self_check[i] = answer;
  return d;
}

SelfCheck self_check(const Decline& d) {
  SelfCheck s;
  for (std::size_t i = 0; i < kSelfCheckQuestions; ++i) {
    switch (self_check_answer(d, i)) {
      case SelfCheckAnswer::yes: ++s.yes; break;
      case SelfCheckAnswer::no: ++s.no; break;
      case SelfCheckAnswer::not_sure: ++s.not_sure; break;
      case SelfCheckAnswer::unanswered: break;
    }
  }
  s.answered = s.yes + s.no + s.not_sure;
  s.justified = s.yes >= 2;
  s.suggest_supervision = s.not_sure > 0;
  return s;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] steps and the form
// ------------------------------------------------------------------------------------------------

std::vector<std::string> missing_fields(const Decline& d) {
  std::vector<std::string> out;
  if (is_blank(d.client_name_shown)) out.push_back("client_name_shown");
  if (is_blank(d.reason_detail)) out.push_back("reason_detail");
  if (!d.request_confidential && is_blank(d.client_request)) out.push_back("client_request");
  if (!d.client_told) out.push_back("client_told");
  return out;
}

bool step_open(const Decline& d, DeclineStep step) {
  switch (step) {
    case DeclineStep::reason:
    case DeclineStep::self_check:
    case DeclineStep::tell_client: return true;
    case DeclineStep::hand_off: return d.client_told;
    case DeclineStep::finish: return d.finished.empty() && missing_fields(d).empty();
  }
  return false;
}

DeclineStep current_step(const Decline& d) {
  if (!d.client_told) return DeclineStep::tell_client;
  if (!missing_fields(d).empty()) return DeclineStep::hand_off;
  return DeclineStep::finish;
}

Decline make_decline(const Document& doc, const Case& c, Lang lang, Date today) {
  Decline d;
  d.case_id = c.id;
  d.date = format_date(today);
  d.message = client_message(d, practice_profile(doc), lang);
  return d;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] the message
// ------------------------------------------------------------------------------------------------

const Profile* practice_profile(const Document& doc) { return doc.profiles.empty() ? nullptr : &doc.profiles.front(); }

std::string client_message(const Decline& d, const Profile* profile, Lang lang) {
  const std::string next = profile && !is_blank(profile->decline_next_steps)
                               ? trim_space(profile->decline_next_steps)
                               : std::string(tr("decline.message.next_steps_default", lang));
  const char* key =
      message_group(d.reason) == MessageGroup::competence ? "decline.message.competence" : "decline.message.personal";
  return trf(key, lang, {next});
}

// ------------------------------------------------------------------------------------------------
// [SECTION] warnings and the printable form
// ------------------------------------------------------------------------------------------------

namespace {

// The free-text fields that travel, in form order (decline.hpp, form_warnings).
template <class F> void for_each_travelling_text(const Decline& d, F&& f) {
  f("client_name_shown", d.client_name_shown);
  f("request_kind", d.request_kind);
  f("reason_detail", d.reason_detail);
  f("client_request", d.client_request);
  f("clarified_reason", d.clarified_reason);
  f("session_findings", d.session_findings);
  f("behaviour_notes", d.behaviour_notes);
  f("next_match_nuances", d.next_match_nuances);
  f("message", d.message);
}

struct Row {
  std::string label, value;
};
struct FormParts {
  std::string title;
  std::vector<Row> required, details;
};

std::string field_label(const char* name, Lang lang) { return tr(std::string("field.") + name, lang); }

FormParts form_parts(const Document& doc, const Decline& d, Lang lang) {
  FormParts f;
  f.title = tr("decline.form.title", lang);
  const auto add = [&](std::vector<Row>& rows, std::string label, std::string_view value) {
    if (!is_blank(value)) rows.push_back(Row{std::move(label), trim_space(value)});
  };
  add(f.required, tr("decline.form.date", lang), long_date(d.finished.empty() ? d.date : d.finished, lang));
  f.required.push_back(Row{field_label("client_name_shown", lang), trim_space(d.client_name_shown)});
  std::string reason = tr(label_key(d.reason), lang);
  if (!is_blank(d.request_kind)) reason += " — " + trim_space(d.request_kind);
  f.required.push_back(Row{tr("field.reason", lang), reason});
  f.required.push_back(Row{field_label("reason_detail", lang), trim_space(d.reason_detail)});
  f.required.push_back(Row{field_label("client_request", lang), d.request_confidential
                                                                    ? std::string(tr("decline.form.confidential", lang))
                                                                    : trim_space(d.client_request)});
  f.required.push_back(Row{field_label("client_told", lang),
                           !d.client_told             ? std::string(tr("decline.form.no", lang))
                           : is_blank(d.told_date)       ? std::string(tr("decline.form.yes", lang))
                                                      : trf("decline.form.told_on", lang, {long_date(d.told_date, lang)})});
  if (!is_blank(d.session_date)) add(f.details, field_label("session_date", lang), long_date(d.session_date, lang));
  add(f.details, field_label("clarified_reason", lang), d.clarified_reason);
  add(f.details, field_label("session_findings", lang), d.session_findings);
  add(f.details, field_label("behaviour_notes", lang), d.behaviour_notes);
  add(f.details, field_label("next_match_nuances", lang), d.next_match_nuances);
  if (d.psychiatrist_recommended) {
    std::string value;
    if (const Partner* p = find_record<Partner>(doc, d.psychiatrist_partner_id)) value = p->name;
    if (d.psychiatrist_contact_given) value += (value.empty() ? "" : "; ") + std::string(tr("decline.form.contact_given", lang));
    f.details.push_back(Row{tr("decline.form.psychiatrist", lang), value.empty() ? tr("decline.form.yes", lang) : value});
  }
  if (const Referral* r = find_record<Referral>(doc, d.referral_id)) {
    std::string to;
    if (const Partner* p = find_record<Partner>(doc, r->partner_id)) to = p->name;
    if (const Service* s = find_record<Service>(doc, r->service_id)) to += (to.empty() ? "" : " — ") + s->name;
    add(f.details, tr("decline.form.to", lang), to);
  }
  return f;
}

// Escaped, each line break a <br>.
std::string html_text(std::string_view text) {
  std::string out;
  for (char ch : html_escape(text)) {
    if (ch == '\r') continue;
    if (ch == '\n') out += "<br>\n";
    else out += ch;
  }
  return out;
}

std::string html_rows(const std::vector<Row>& rows) {
  std::string out = "<dl>\n";
  for (const Row& r : rows) out += "<dt>" + html_escape(r.label) + "</dt><dd>" + html_text(r.value) + "</dd>\n";
  return out + "</dl>\n";
}

constexpr const char* kFormCss = R"(@page { size: A4; margin: 20mm; }
body { font-family: "Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4;
       color: #000; max-width: 170mm; margin: 12mm auto; }
h1 { font-size: 14pt; margin: 0 0 6mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
dt { font-style: italic; margin-top: 2mm; }
dd { margin: 0 0 0 6mm; }
@media print { body { margin: 0; max-width: none; } }
)";

}  // namespace

std::vector<FormWarning> form_warnings(const Decline& d) {
  std::vector<FormWarning> out;
  for_each_travelling_text(d, [&](const char* field, const std::string& text) {
    for (SensitiveHit& hit : find_sensitive(text)) out.push_back(FormWarning{field, std::move(hit)});
  });
  return out;
}

std::string form_text(const Document& doc, const Decline& d, Lang lang) {
  const FormParts f = form_parts(doc, d, lang);
  std::string out = f.title + "\n\n";
  for (const Row& r : f.required) out += r.label + ": " + r.value + "\n";
  if (!f.details.empty()) {
    out += "\n" + std::string(tr("decline.form.details", lang)) + "\n";
    for (const Row& r : f.details) out += r.label + ": " + r.value + "\n";
  }
  return out;
}

std::string form_html(const Document& doc, const Decline& d, Lang lang) {
  const FormParts f = form_parts(doc, d, lang);
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(lang)) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n<title>" + html_escape(f.title) + "</title>\n";
  out += "<style>\n" + std::string(kFormCss) + "</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(f.title) + "</h1>\n" + html_rows(f.required);
  if (!f.details.empty()) out += "<h2>" + html_escape(tr("decline.form.details", lang)) + "</h2>\n" + html_rows(f.details);
  return out + "</body>\n</html>\n";
}

// ------------------------------------------------------------------------------------------------
// [SECTION] where it leads
// ------------------------------------------------------------------------------------------------

bool online_limits_require(const Case& c) { return needs_referral(c); }

std::vector<Id> network_psychiatrists(const Document& doc) {
  std::vector<const Partner*> found;
  for (const Partner& p : doc.partners)
    if (p.kind == PartnerKind::psychiatrist && p.stage != Stage::dormant) found.push_back(&p);
  std::stable_sort(found.begin(), found.end(),
                   [](const Partner* a, const Partner* b) { return collation_compare(a->name, b->name) < 0; });
  std::vector<Id> out;
  for (const Partner* p : found) out.push_back(p->id);
  return out;
}

DeclineHints decline_hints(const Document& doc, const Case& c) {
  DeclineHints h;
  h.in_person = online_limits_require(c);
  for (const Decline& d : doc.declines) {
    if (d.case_id != c.id) continue;
    if (d.reason == DeclineReason::psychiatrist_needed) h.psychiatrist = true;
    if ((d.reason == DeclineReason::request_not_taken || d.reason == DeclineReason::beyond_competence) &&
        !is_blank(d.request_kind)) {
      const std::string kind = trim_space(d.request_kind);
      if (std::none_of(h.request_kinds.begin(), h.request_kinds.end(), [&](const std::string& k) { return fold_equal(k, kind); }))
        h.request_kinds.push_back(kind);
    }
    const Referral* out = find_record<Referral>(doc, d.referral_id);
    const Referral* in = out ? find_record<Referral>(doc, out->rerouted_from) : nullptr;
    if (in && in->direction == Direction::in && in->partner_id != 0 &&
        std::find(h.came_from.begin(), h.came_from.end(), in->partner_id) == h.came_from.end())
      h.came_from.push_back(in->partner_id);
  }
  return h;
}

bool takes_request(const Document& doc, const Service& service, std::string_view request_kind) {
  const std::string kind = fold_name(request_kind);
  if (kind.empty()) return false;
  const auto mentions = [&](std::string_view text) { return fold_name(text).find(kind) != std::string::npos; };
  if (mentions(service.name) || mentions(service.description)) return true;
  for (const std::string& key : service.need_tags) {
    if (mentions(key)) return true;
    for (const NeedTag& t : doc.need_tags)
      if (t.key == key && (mentions(t.label_en) || mentions(t.label_uk) || mentions(t.label_ru))) return true;
  }
  return false;
}

std::optional<Error> finish_command(const Document& doc, const Decline& d, Id to_service, Id referral_id,
                                    Lang letter_lang, Date today, Command* out) {
  if (!d.finished.empty()) return Error{"err.decline_finished", "", {}};
  if (const std::size_t missing = missing_fields(d).size(); missing > 0)
    return Error{"err.decline_incomplete", "", {std::to_string(missing)}};
  const Case* c = find_record<Case>(doc, d.case_id);
  if (!c) return Error{"err.missing_ref", "", {std::to_string(d.case_id)}};
  Decline done = d;
  done.finished = format_date(today);
  std::vector<Command> steps;
  if (to_service != 0) {
    const Service* service = find_record<Service>(doc, to_service);
    if (!service) return Error{"err.not_found", "", {std::to_string(to_service)}};
    if (referral_id <= 0) return Error{"err.bad_id", "", {std::to_string(referral_id)}};
    if (!c->closed.empty()) return Error{"err.case_closed", "", {}};
    const std::string reason_label = tr(label_key(d.reason), letter_lang);
    Referral next = make_referral(doc, *c, *service, letter_lang, today);
    next.id = referral_id;
    next.reason = reason_label + ": " + trim_space(d.reason_detail);
    next.client_informed = d.client_told;
    // The referral in that brought the client, if it is still open, is re-routed to the new one.
    for (const Referral& r : doc.referrals)
      if (r.case_id == c->id && r.direction == Direction::in && is_open(r.status)) {
        steps.push_back(put_command(moved(r, ReferralStatus::re_routed, today, reason_label, "")));
        next.rerouted_from = r.id;
        break;
      }
    steps.push_back(put_command(std::move(next)));
    done.referral_id = referral_id;
  }
  steps.push_back(put_command(std::move(done)));
  *out = batch_command(std::move(steps), "cmd.finish_decline");
  return std::nullopt;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] statistics
// ------------------------------------------------------------------------------------------------

bool protects_statistics(const Document& doc, const Decline& d) {
  if (d.finished.empty() || !d.client_told) return false;
  const Case* c = find_record<Case>(doc, d.case_id);
  if (c && online_limits_require(*c)) return true;
  return d.after_first_session && (self_check(d).justified || d.reason == DeclineReason::boundaries_broken);
}

ClientStats client_stats(const Document& doc) {
  struct Facts {
    bool referred = false, well = false, open = false, any_out = false, all_client_endings = true;
    bool declined = false, protected_ = false;
  };
  std::vector<Facts> facts(doc.cases.size());
  const auto of = [&](Id case_id) -> Facts* {
    const std::ptrdiff_t i = index_of(doc.cases, case_id);
    return i < 0 ? nullptr : &facts[static_cast<std::size_t>(i)];
  };
  for (const Referral& r : doc.referrals) {
    Facts* f = of(r.case_id);
    if (!f) continue;
    if (is_open(r.status)) f->open = true;
    if (r.direction != Direction::out) continue;
    f->any_out = true;
    if (r.status != ReferralStatus::draft) f->referred = true;
    if (r.status == ReferralStatus::closed) f->well = true;
    if (!client_ending(r.status)) f->all_client_endings = false;
  }
  for (const Decline& d : doc.declines) {
    Facts* f = of(d.case_id);
    if (!f || d.finished.empty()) continue;
    f->declined = true;
    f->protected_ = f->protected_ || protects_statistics(doc, d);
  }
  ClientStats s;
  s.clients = static_cast<int>(doc.cases.size());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const Facts& f = facts[i];
    s.referred_on += f.referred;
    s.closed_well += f.well;
    s.declined += f.declined;
    s.declined_protected += f.protected_;
    const bool gave_up = !doc.cases[i].closed.empty() || (f.any_out && f.all_client_endings);
    s.lost += !f.well && !f.protected_ && !f.open && gave_up;
  }
  return s;
}

}  // namespace kolo
