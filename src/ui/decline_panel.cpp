// The "Decline and refer on" tab (see decline_panel.hpp).
#include "ui/decline_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "core/decline.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/referrals.hpp"
#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

const ImVec4 kRed(0.75f, 0.1f, 0.1f, 1), kAmber(0.72f, 0.42f, 0.0f, 1), kGreen(0.15f, 0.5f, 0.25f, 1);
constexpr std::size_t kServicesOffered = 25;
constexpr const char* kAnswerCodes[] = {"unanswered", "yes", "no", "not_sure"};

// A numbered step's title; disabled-looking while the step is not open yet.
void step_title(const App& app, int n, DeclineStep step, bool open) {
  ImGui::Spacing();
  ImGui::Separator();
  const std::string title = std::to_string(n) + ". " + T(app, label_key(step).c_str());
  if (open) ImGui::TextUnformatted(title.c_str());
  else ImGui::TextDisabled("%s", title.c_str());
}

void wrapped(const ImVec4& colour, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  wrapped_text(text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

void DeclinePanel::load(const App& app, const Case& c) {
  case_id_ = c.id;
  draft_.reset();
  error_.clear();
  refer_to_ = 0;
  // The case's decline under way, else its last finished one (shown as done).
  const Decline *under_way = nullptr, *done = nullptr;
  for (const Decline& d : app.doc().declines)
    if (d.case_id == c.id) (d.finished.empty() ? under_way : done) = &d;
  if (const Decline* found = under_way ? under_way : done) draft_ = original_ = *found;
}

bool DeclinePanel::save(App& app) {
  if (!draft_ || *draft_ == original_) return true;
  Decline d = *draft_;
  const bool is_new = d.id == 0;
  if (is_new) d.id = app.reserve_ids(1);
  if (std::optional<Error> e = app.apply(batch_command({put_command(d)}, is_new ? "cmd.add_decline" : "cmd.edit_decline"))) {
    error_ = describe(*e, app.settings().lang);
    return false;
  }
  draft_ = original_ = d;
  error_.clear();
  return true;
}

void DeclinePanel::apply_now(App& app, Decline d) {
  draft_ = d;
  save(app);
}

void DeclinePanel::draw(App& app, const Case& c, const MatchResult& ranked) {
  if (c.id != case_id_) load(app, c);
  // Undone, redone or changed by another tab: what was typed stays; what only a step changes
  // (told, finished, the referral it became) follows the store.
  if (draft_ && draft_->id != 0) {
    const Decline* stored = find_record<Decline>(app.doc(), draft_->id);
    if (!stored) {
      draft_.reset();
    } else if (*stored != original_) {
      if (*draft_ == original_) {
        draft_ = *stored;
      } else {
        draft_->client_told = stored->client_told, draft_->told_date = stored->told_date;
        draft_->finished = stored->finished, draft_->referral_id = stored->referral_id;
      }
      original_ = *stored;
    }
  }
  const Lang lang = app.settings().lang;
  wrapped(kAmber, T(app, "decline.safety_first"));
  if (online_limits_require(c)) wrapped(kRed, T(app, "decline.online_necessary"));
  if (!draft_) {
    wrapped_text(T(app, "clients.decline.intro"));
    if (ImGui::Button(L(app, "clients.decline.start", "decline.start").c_str())) {
      draft_ = make_decline(app.doc(), c, lang, app.today());
      original_ = Decline{};  // not stored yet: dirty until saved
      original_.id = -1;
    }
    return;
  }
  if (!draft_->finished.empty()) {
    wrapped(kGreen, trf("clients.decline.finished", lang, {draft_->finished}));
    if (protects_statistics(app.doc(), *draft_)) wrapped(kGreen, T(app, "clients.decline.not_lost"));
  }
  ImGui::BeginDisabled(!draft_->finished.empty());
  draw_reason(app);
  draw_self_check(app);
  draw_message(app);
  draw_form(app);
  ImGui::EndDisabled();
  draw_finish(app, c, ranked);
  if (!error_.empty()) wrapped(kRed, error_);
  if (draft_ && draft_->finished.empty()) {
    ImGui::Separator();
    if (ImGui::Button(L(app, "dialog.save", "decline.save").c_str())) save(app);
  }
}

void DeclinePanel::draw_reason(App& app) {
  Decline& d = *draft_;
  step_title(app, 1, DeclineStep::reason, true);
  ImGui::TextDisabled("%s", T(app, "decline.first_session_advice"));
  for (DeclineReason r : all_values<DeclineReason>()) {
    const std::string id = std::string("decline.reason.") + std::string(to_string(r));
    if (radio_button((std::string(enum_label(app, r)) + "###" + id).c_str(), d.reason == r)) {
      // A message still as drafted follows the reason's template.
      const bool as_drafted = d.message == client_message(d, practice_profile(app.doc()), app.settings().lang);
      d.reason = r;
      if (as_drafted) d.message = client_message(d, practice_profile(app.doc()), app.settings().lang);
    }
    if (r == DeclineReason::request_not_taken && d.reason == r) {
      ImGui::SameLine();
      input_string(app, "decline.request_kind", &d.request_kind, 260);
    }
  }
  ImGui::Checkbox(L(app, "field.after_first_session", "decline.after_first_session").c_str(), &d.after_first_session);
}

void DeclinePanel::draw_self_check(App& app) {
  Decline& d = *draft_;
  step_title(app, 2, DeclineStep::self_check, true);
  for (std::size_t i = 0; i < kSelfCheckQuestions; ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextWrapped("%zu. %s", i + 1, T(app, self_check_question_key(i).c_str()));
    const SelfCheckAnswer now = self_check_answer(d, i);
    ImGui::Indent();
    for (SelfCheckAnswer a : {SelfCheckAnswer::yes, SelfCheckAnswer::no, SelfCheckAnswer::not_sure}) {
      if (a != SelfCheckAnswer::yes) ImGui::SameLine();
      const std::string id = "decline.check." + std::to_string(i + 1) + "." + kAnswerCodes[static_cast<int>(a)];
      if (radio_button((std::string(enum_label(app, a)) + "###" + id).c_str(), now == a))
        d = with_answer(d, i, now == a ? SelfCheckAnswer::unanswered : a);  // a second click clears it
    }
    ImGui::Unindent();
    ImGui::PopID();
  }
  const SelfCheck check = self_check(d);
  if (check.answered > 0) wrapped(check.justified ? kGreen : kAmber, T(app, check.justified ? "decline.justified" : "decline.not_justified_yet"));
  if (check.suggest_supervision) {
    wrapped(kAmber, T(app, "decline.suggest_supervision"));
    input_multiline(app, "decline.supervision_note", &d.supervision_note, ImGui::GetTextLineHeight() * 2 + 8);
  }
}

void DeclinePanel::draw_message(App& app) {
  Decline& d = *draft_;
  step_title(app, 3, DeclineStep::tell_client, true);
  ImGui::TextDisabled("%s", T(app, "decline.tell_first"));
  input_multiline(app, "decline.message", &d.message, ImGui::GetTextLineHeight() * 7 + 8);
  if (ImGui::SmallButton(L(app, "clients.decline.redraft", "decline.message.redraft").c_str()))
    d.message = client_message(d, practice_profile(app.doc()), app.settings().lang);
  ImGui::SameLine();
  if (ImGui::SmallButton(L(app, "clients.decline.copy_message", "decline.message.copy").c_str())) app.copy_text(d.message);
  ImGui::SameLine();
  if (d.client_told) {
    ImGui::TextColored(kGreen, "%s", trf("clients.decline.told_on", app.settings().lang, {d.told_date}).c_str());
  } else if (ImGui::SmallButton(L(app, "clients.decline.told", "decline.told").c_str())) {
    Decline told = d;
    told.client_told = true;
    told.told_date = format_date(app.today());
    apply_now(app, told);
  }
}

void DeclinePanel::draw_form(App& app) {
  Decline& d = *draft_;
  const bool open = step_open(d, DeclineStep::hand_off);
  step_title(app, 4, DeclineStep::hand_off, open);
  if (!open) {
    ImGui::TextDisabled("%s", T(app, "clients.decline.tell_before_form"));
    return;
  }
  ImGui::TextDisabled("%s", T(app, "decline.no_sensitive"));
  const float col = label_column(app, {"field.client_name_shown", "field.reason_detail", "field.client_request", "field.session_date",
                                       "field.clarified_reason", "field.session_findings", "field.behaviour_notes",
                                       "field.next_match_nuances"});
  const float h = ImGui::GetTextLineHeight() * 2 + 8;
  const std::vector<FormWarning> warnings = form_warnings(d);
  const auto under = [&](const char* field) {
    for (const FormWarning& w : warnings)
      if (std::string(w.field) == field)
        wrapped(kAmber, trf("clients.decline.warning", app.settings().lang, {w.hit.term}));
  };
  row_label(app, "field.client_name_shown", col);
  input_string(app, "decline.form.client_name_shown", &d.client_name_shown);
  under("client_name_shown");
  row_label(app, "field.reason_detail", col);
  input_multiline(app, "decline.form.reason_detail", &d.reason_detail, h);
  under("reason_detail");
  row_label(app, "field.client_request", col);
  input_multiline(app, "decline.form.client_request", &d.client_request, h);
  under("client_request");
  ImGui::SetCursorPosX(col);
  ImGui::Checkbox(L(app, "field.request_confidential", "decline.form.request_confidential").c_str(), &d.request_confidential);
  ImGui::TextDisabled("%s", T(app, "decline.form.details"));
  row_label(app, "field.session_date", col);
  input_string(app, "decline.form.session_date", &d.session_date, 110);
  row_label(app, "field.clarified_reason", col);
  input_multiline(app, "decline.form.clarified_reason", &d.clarified_reason, h);
  under("clarified_reason");
  row_label(app, "field.session_findings", col);
  input_multiline(app, "decline.form.session_findings", &d.session_findings, h);
  under("session_findings");
  row_label(app, "field.behaviour_notes", col);
  input_multiline(app, "decline.form.behaviour_notes", &d.behaviour_notes, h);
  under("behaviour_notes");
  row_label(app, "field.next_match_nuances", col);
  input_multiline(app, "decline.form.next_match_nuances", &d.next_match_nuances, h);
  under("next_match_nuances");
  under("message");
  const std::vector<std::string> missing = missing_fields(d);
  if (!missing.empty()) {
    std::string names;
    for (const std::string& m : missing) names += (names.empty() ? "" : ", ") + std::string(T(app, ("field." + m).c_str()));
    wrapped(kAmber, trf("clients.decline.missing", app.settings().lang, {names}));
  }
  const Lang lang = app.settings().lang;
  if (ImGui::SmallButton(L(app, "clients.decline.copy_form", "decline.form.copy").c_str())) app.copy_text(form_text(app.doc(), d, lang));
  ImGui::SameLine();
  if (ImGui::SmallButton(L(app, "clients.print_letter", "decline.form.print").c_str())) app.host().print_html(form_html(app.doc(), d, lang));
}

void DeclinePanel::draw_finish(App& app, const Case& c, const MatchResult& ranked) {
  Decline& d = *draft_;
  const Document& doc = app.doc();
  const Lang lang = app.settings().lang;
  step_title(app, 5, DeclineStep::finish, step_open(d, DeclineStep::finish) || !d.finished.empty());
  // What the next match should respect, so it does not repeat the mistake.
  const DeclineHints hints = decline_hints(doc, c);
  for (const std::string& kind : hints.request_kinds) ImGui::BulletText("%s", trf("clients.decline.hint_kind", lang, {kind}).c_str());
  if (hints.in_person) ImGui::BulletText("%s", T(app, "clients.decline.hint_in_person"));
  if (d.finished.empty()) {
    // The psychiatrist path.
    ImGui::Checkbox(L(app, "field.psychiatrist_recommended", "decline.psychiatrist_recommended").c_str(), &d.psychiatrist_recommended);
    if (d.psychiatrist_recommended || d.reason == DeclineReason::psychiatrist_needed) {
      const std::vector<Id> psychiatrists = network_psychiatrists(doc);
      const Partner* chosen = find_record<Partner>(doc, d.psychiatrist_partner_id);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(260);
      if (begin_combo("##psychiatrist###decline.psychiatrist", chosen ? chosen->name.c_str() : T(app, "clients.decline.pick_psychiatrist"))) {
        for (Id id : psychiatrists)
          if (const Partner* p = find_record<Partner>(doc, id))
            if (ImGui::Selectable((p->name + "###decline.psychiatrist." + std::to_string(id)).c_str(), id == d.psychiatrist_partner_id))
              d.psychiatrist_partner_id = id, d.psychiatrist_recommended = true;
        ImGui::EndCombo();
      }
      if (psychiatrists.empty()) ImGui::TextDisabled("%s", T(app, "clients.decline.no_psychiatrists"));
      ImGui::Checkbox(L(app, "field.psychiatrist_contact_given", "decline.psychiatrist_contact_given").c_str(), &d.psychiatrist_contact_given);
    }
    // Whom the client goes to next: a ranked service of the case (or nobody yet).
    const Service* target = find_record<Service>(doc, refer_to_);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(app, "clients.decline.refer_to"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.7f);
    if (begin_combo("##refer_to###decline.refer_to", target ? target->name.c_str() : T(app, "clients.decline.nobody_yet"))) {
      if (ImGui::Selectable((std::string(T(app, "clients.decline.nobody_yet")) + "###decline.refer_to.0").c_str(), refer_to_ == 0)) refer_to_ = 0;
      for (std::size_t i = 0; i < ranked.ranked.size() && i < kServicesOffered; ++i) {
        const Service& s = doc.services[ranked.ranked[i].service];
        const std::string label = s.name + " — " + doc.partners[ranked.ranked[i].partner].name + "###decline.refer_to." + std::to_string(s.id);
        if (ImGui::Selectable(label.c_str(), refer_to_ == s.id)) refer_to_ = s.id;
      }
      ImGui::EndCombo();
    }
    if (c.needs.empty()) ImGui::TextDisabled("%s", T(app, "clients.match.no_needs"));
    const bool can = step_open(d, DeclineStep::finish);
    ImGui::BeginDisabled(!can);
    if (ImGui::Button(L(app, "clients.decline.finish", "decline.finish").c_str())) {
      if (save(app)) {
        const Id referral = refer_to_ ? app.reserve_ids(1) : 0;
        Command cmd;
        if (std::optional<Error> e = finish_command(app.doc(), *draft_, refer_to_, referral, lang, app.today(), &cmd)) {
          error_ = describe(*e, lang);
        } else if (std::optional<Error> e2 = app.apply(std::move(cmd))) {
          error_ = describe(*e2, lang);
        } else if (const Decline* stored = find_record<Decline>(app.doc(), draft_->id)) {
          draft_ = original_ = *stored;
        }
      }
    }
    ImGui::EndDisabled();
  } else if (const Referral* r = find_record<Referral>(doc, d.referral_id)) {
    const Partner* p = find_record<Partner>(doc, r->partner_id);
    ImGui::BulletText("%s", trf("clients.decline.referred", lang, {p ? p->name : "?", std::string(enum_label(app, r->status))}).c_str());
  }
}

void DeclinePanel::add_state(nlohmann::json& state) const {
  if (!draft_) {
    state["decline"] = nullptr;
    return;
  }
  const Decline& d = *draft_;
  const SelfCheck check = self_check(d);
  nlohmann::json j;
  j["id"] = d.id;
  j["reason"] = to_string(d.reason);
  j["after_first_session"] = d.after_first_session;
  j["yes"] = check.yes;
  j["not_sure"] = check.not_sure;
  j["justified"] = check.justified;
  j["supervision"] = check.suggest_supervision;
  j["told"] = d.client_told;
  j["told_date"] = d.told_date;
  j["step"] = to_string(current_step(d));
  j["hand_off_open"] = step_open(d, DeclineStep::hand_off);
  j["missing"] = missing_fields(d);
  nlohmann::json warnings = nlohmann::json::array();
  for (const FormWarning& w : form_warnings(d)) warnings.push_back({{"field", w.field}, {"term", w.hit.term}});
  j["warnings"] = warnings;
  j["finished"] = d.finished;
  j["referral_id"] = d.referral_id;
  j["dirty"] = !(d == original_);
  j["error"] = error_;
  j["message"] = d.message;
  state["decline"] = j;
}

}  // namespace kolo::ui
