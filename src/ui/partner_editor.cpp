// The partner editor (see partner_editor.hpp).
//
// Index: [SECTION] helpers  [SECTION] draft and caches  [SECTION] dialog  [SECTION] tabs
//        [SECTION] save, log, state
#include "ui/partner_editor.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/events.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"
#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

// ------------------------------------------------------------------------------------------------
// [SECTION] helpers
// ------------------------------------------------------------------------------------------------

namespace {

const ImVec4 kRed(0.75f, 0.1f, 0.1f, 1), kAmber(0.72f, 0.42f, 0.0f, 1), kGreen(0.15f, 0.5f, 0.25f, 1);
constexpr const char* kTabCodes[] = {"overview", "contacts", "services", "agreement", "log", "events"};
constexpr const char* kTabKeys[] = {"editor.tab.overview", "editor.tab.contacts", "editor.tab.services",
                                    "editor.tab.agreement", "editor.tab.log", "editor.tab.events"};
constexpr int kTabs = 6;
constexpr const char* kDueCodes[] = {"none", "later", "soon", "amber", "red"};
constexpr double kCopiedSeconds = 2.0;
constexpr int kSnoozeDays = 7;
constexpr std::size_t kLooksShown = 3;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "a, b ,,c" -> {"a", "b", "c"}.
std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t to = std::min(text.find(',', from), text.size());
    const std::size_t a = text.find_first_not_of(' ', from);
    if (a < to) out.push_back(text.substr(a, text.find_last_not_of(' ', to - 1) + 1 - a));
    from = to + 1;
  }
  return out;
}

// A label, then the field right after it (a row of several small fields).
bool inline_field(App& app, const char* key, const std::string& id, std::string* value, float width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, key));
  ImGui::SameLine();
  return input_string(app, id.c_str(), value, width);
}

void add_error(std::vector<std::pair<std::string, std::string>>& errors, const std::string& id, std::string message) {
  errors.emplace_back(id, std::move(message));
}

// A text of the given kind that is not empty and not right: the message of `key` naming it.
void check_text(const App& app, std::vector<std::pair<std::string, std::string>>& errors, const std::string& id,
                const std::string& value, bool ok, const char* key) {
  if (!value.empty() && !ok) add_error(errors, id, trf(key, app.settings().lang, {value}));
}

std::string indexed(const char* prefix, std::size_t i, const char* field) {
  return std::string(prefix) + std::to_string(i) + "." + field;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// [SECTION] draft and caches
// ------------------------------------------------------------------------------------------------

void PartnerEditor::open(const Partner& partner) {
  draft_ = Draft{partner, {}, std::nullopt};
  loaded_ = false;
  request_tab_ = 0;
  refused_.clear();
  dup_prompt_ = dup_confirmed_ = false;
  cache_partner_ = -1;
  copied_contact_ = -1;
}

// Services and the current agreement join the draft in its first frame (App::open_partner
// hands over only the partner).
void PartnerEditor::load(const App& app) {
  const Document& doc = app.doc();
  Draft& d = *draft_;
  const Id id = d.partner.id;
  for (const Service& s : doc.services)
    if (id != 0 && s.partner_id == id) d.services.push_back(s);
  for (const Agreement& a : doc.agreements)
    if (id != 0 && a.partner_id == id &&
        (!d.agreement || std::tie(a.start_date, a.id) > std::tie(d.agreement->start_date, d.agreement->id)))
      d.agreement = a;
  original_ = d;
  tags_text_ = join(d.partner.tags);
  languages_text_.clear();
  for (const Service& s : d.services) languages_text_.push_back(join(s.languages));
  service_ = d.services.empty() ? -1 : 0;
  log_ = Interaction{};
  log_.date = format_date(app.today());
  log_next_.clear();
  loaded_ = true;
}

void PartnerEditor::refresh(const App& app) {
  const Document& doc = app.doc();
  const Partner& p = draft_->partner;
  bool stale = false;
  if (cache_partner_ != p.id || cache_revision_ != app.store().revision()) {
    cache_partner_ = p.id;
    cache_revision_ = app.store().revision();
    log_rows_.clear();
    for (const Interaction& it : doc.interactions)
      if (p.id != 0 && it.partner_id == p.id) log_rows_.push_back(it);
    std::sort(log_rows_.begin(), log_rows_.end(),
              [](const Interaction& a, const Interaction& b) { return std::tie(a.date, a.id) > std::tie(b.date, b.id); });
    stale = true;
  }
  // Look-alikes: scanned again only when the name, a phone or an e-mail changed.
  std::string key = duplicate_name_key(p.name);
  bool any = !key.empty();
  for (const ContactPerson& c : p.contacts) {
    key += "\x1f" + phone_key(c.phone) + "\x1e" + fold_name(c.email);
    any = any || !c.phone.empty() || !c.email.empty();
  }
  if (!stale && key == look_key_) return;
  look_key_ = std::move(key);
  looks_.clear();
  if (any)
    for (const DuplicateHit& h : find_duplicates(doc, p))
      if (const Partner* other = find_record<Partner>(doc, h.partner)) looks_.push_back({h, other->name});
  if (looks_.empty()) dup_prompt_ = false;
}

void PartnerEditor::check(const App& app) {
  errors_.clear();
  const Draft& d = *draft_;
  const Partner& p = d.partner;
  // A blank name is left to the model's validation: Save then shows its message (and where).
  check_text(app, errors_, "partner.website", p.website, looks_like_url(p.website), "err.bad_url");
  check_text(app, errors_, "partner.next_follow_up", p.next_follow_up, is_date(p.next_follow_up), "err.bad_date");
  check_text(app, errors_, "partner.snoozed_until", p.snoozed_until, is_date(p.snoozed_until), "err.bad_date");
  for (std::size_t i = 0; i < p.contacts.size(); ++i) {
    const ContactPerson& c = p.contacts[i];
    check_text(app, errors_, indexed("partner.contact.", i, "phone"), c.phone, looks_like_phone(c.phone), "err.bad_phone");
    check_text(app, errors_, indexed("partner.contact.", i, "email"), c.email, looks_like_email(c.email), "err.bad_email");
  }
  if (d.agreement) {
    const Agreement& a = *d.agreement;
    check_text(app, errors_, "partner.agreement.start_date", a.start_date, is_date(a.start_date), "err.bad_date");
    check_text(app, errors_, "partner.agreement.end_date", a.end_date, is_date(a.end_date), "err.bad_date");
  }
  // The log form's own (they hold back "Log it", not Save).
  if (is_blank(log_.date)) add_error(errors_, "partner.log.date", T(app, "editor.required"));
  check_text(app, errors_, "partner.log.date", log_.date, is_date(log_.date), "err.bad_date");
  check_text(app, errors_, "partner.log.next_contact", log_next_, is_date(log_next_), "err.bad_date");
}

bool PartnerEditor::has_error(const std::string& id) const {
  return std::any_of(errors_.begin(), errors_.end(), [&](const auto& e) { return e.first == id; });
}

void PartnerEditor::error_under(const std::string& id) const {
  for (const auto& [field, message] : errors_)
    if (field == id) {
      ImGui::PushStyleColor(ImGuiCol_Text, kRed);
      wrapped_text(message.c_str());
      ImGui::PopStyleColor();
      return;
    }
}

// ------------------------------------------------------------------------------------------------
// [SECTION] dialog
// ------------------------------------------------------------------------------------------------

void PartnerEditor::draw(App& app) {
  if (!draft_) return;
  if (!loaded_) load(app);
  if (!ImGui::IsPopupOpen("###partner_editor")) ImGui::OpenPopup("###partner_editor");
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(std::min(860.0f, display.x - 24), std::min(720.0f, display.y - 24)));
  const bool is_new = draft_->partner.id == 0;
  const std::string title = L(app, is_new ? "partner.new" : "partner.edit", "partner_editor");
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  refresh(app);
  check(app);
  draw_header(app);

  const float footer = ImGui::GetFrameHeightWithSpacing() * (refused_.empty() ? 1.0f : 2.0f) + 8.0f;
  if (ImGui::BeginTabBar("partner_tabs")) {
    for (int i = 0; i < kTabs; ++i) {
      if (i == 5 && is_new) continue;  // a new partner has no events yet
      if (!tab_item(L(app, kTabKeys[i], (std::string("partner.tab.") + kTabCodes[i]).c_str()), request_tab_ == i)) continue;
      tab_ = i;
      ImGui::BeginChild("tab", ImVec2(0, -footer));
      switch (i) {
        case 0: draw_overview(app); break;
        case 1: draw_contacts(app); break;
        case 2: draw_services(app); break;
        case 3: draw_agreement(app); break;
        case 4: draw_log(app); break;
        default: draw_events(app); break;
      }
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  request_tab_ = -1;

  ImGui::Separator();
  if (!refused_.empty()) ImGui::TextColored(kRed, "%s", refused_.c_str());
  bool close = false;
  if (ImGui::Button(L(app, "dialog.save", "partner.save").c_str())) close = save(app);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "dialog.cancel", "partner.cancel").c_str())) close = true;
  if (!is_new) {
    ImGui::SameLine();
    if (ImGui::Button(L(app, "dialog.delete", "partner.delete").c_str()))
      close = !app.apply(delete_command(Table::partners, draft_->partner.id)).has_value();
  }
  const Id editing = draft_->partner.id;
  if (close || pending_open_ || pending_merge_ || pending_event_) {
    draft_.reset();
    ImGui::CloseCurrentPopup();
  }
  end_dialog(app, close || pending_open_ || pending_merge_ || pending_event_);
  if (pending_open_) app.open_partner(std::exchange(pending_open_, 0));
  if (pending_event_) app.open_event(std::exchange(pending_event_, 0));
  if (pending_merge_) {
    const Id keep = editing, drop = std::exchange(pending_merge_, 0);
    const int tab = tab_;
    Command merge;
    if (std::optional<Error> e = merge_command(app.doc(), keep, drop, app.today(), &merge))
      app.show_error(describe(*e, app.settings().lang));
    else
      app.apply(std::move(merge));  // one undoable step; a refusal is shown by the app
    app.open_partner(keep);
    request_tab_ = tab;
  }
}

// Above the tabs, whichever is shown: keep in touch, an expiring agreement, look-alikes.
void PartnerEditor::draw_header(App& app) {
  const Draft& d = *draft_;
  const Partner& p = d.partner;
  const Lang lang = app.settings().lang;
  touch_ = keep_in_touch(p, log_rows_.empty() ? "" : log_rows_.front().date, gap_for(p, app.doc().cadences), app.today());
  std::string line;
  ImVec4 colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  switch (touch_.level) {
    case Due::none: line = T(app, "editor.touch.none"); colour = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled); break;
    case Due::later:
    case Due::soon: line = trf("editor.touch.due", lang, {touch_.due}); break;
    case Due::amber:
      line = touch_.due.empty() ? T(app, "editor.touch.never") : trf("editor.touch.overdue", lang, {touch_.due});
      colour = kAmber;
      break;
    case Due::red: line = trf("editor.touch.red", lang, {touch_.due}); colour = kRed; break;
  }
  if (touch_.snoozed) line += " " + trf("editor.touch.snoozed", lang, {p.snoozed_until});
  ImGui::TextColored(colour, "%s", line.c_str());

  agreement_warning_.clear();
  if (d.agreement && d.agreement->status == AgreementStatus::signed_)
    if (std::optional<Date> end = parse_date(d.agreement->end_date)) {
      const std::int64_t days = days_between(app.today(), *end);
      if (days < 0)
        agreement_warning_ = trf("editor.agreement_ended", lang, {d.agreement->end_date});
      else if (days <= kAgreementWarningDays)
        agreement_warning_ = trf("editor.agreement_ends", lang, {d.agreement->end_date, std::to_string(days)});
      if (!agreement_warning_.empty()) ImGui::TextColored(days < 0 ? kRed : kAmber, "%s", agreement_warning_.c_str());
    }

  if (looks_.empty()) return;
  const bool is_new = p.id == 0;
  const bool dirty = !(d == original_);
  ImGui::TextColored(kAmber, "%s", T(app, is_new ? "editor.dup.title" : "editor.dup.possible"));
  for (std::size_t i = 0; i < looks_.size() && i < kLooksShown; ++i) {
    const Look& look = looks_[i];
    std::string why;
    for (auto [same, key] : {std::pair{look.hit.same_name, "editor.dup.same_name"}, std::pair{look.hit.same_phone, "editor.dup.same_phone"},
                             std::pair{look.hit.same_email, "editor.dup.same_email"}})
      if (same) why += std::string(why.empty() ? "" : ", ") + T(app, key);
    ImGui::AlignTextToFramePadding();
    ImGui::BulletText("%s (%s)", look.name.c_str(), why.c_str());
    ImGui::SameLine();
    const std::string other = std::to_string(look.hit.partner);
    if (is_new) {
      if (ImGui::Button((trf("editor.dup.open", lang, {look.name}) + "###partner.dup.open." + other).c_str()))
        pending_open_ = look.hit.partner;
    } else {
      if (dirty) ImGui::BeginDisabled();
      if (ImGui::Button((std::string(T(app, "editor.merge")) + "###partner.merge." + other).c_str()))
        pending_merge_ = look.hit.partner;
      if (dirty) {
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", T(app, "editor.merge_save_first"));
      }
    }
  }
  if (is_new && dup_prompt_) {
    wrapped_text(T(app, "editor.dup.confirm"));
    if (ImGui::Button(L(app, "editor.dup.save_anyway", "partner.dup.save_anyway").c_str())) {
      dup_confirmed_ = true;
      if (save(app)) pending_open_ = -1;  // closes the dialog (no partner has id -1)
    }
  }
}

// ------------------------------------------------------------------------------------------------
// [SECTION] tabs
// ------------------------------------------------------------------------------------------------

void PartnerEditor::draw_overview(App& app) {
  Partner& p = draft_->partner;
  const float col = label_column(app, {"field.name", "field.kind", "field.stage", "field.area", "field.address", "field.website",
                                       "editor.tags", "field.trust", "field.their_needs", "field.notes"});
  const float text_height = ImGui::GetTextLineHeight() * 3 + 8;
  row_label(app, "field.name", col);
  input_string(app, "partner.name", &p.name);
  row_label(app, "field.kind", col);
  enum_filter(app, "partner.kind", "kind", nullptr, nullptr, &p.kind, -1.0f);
  row_label(app, "field.stage", col);
  enum_filter(app, "partner.stage", "stage", nullptr, nullptr, &p.stage, -1.0f);
  row_label(app, "field.area", col);
  input_string(app, "partner.area", &p.area);
  row_label(app, "field.address", col);
  input_string(app, "partner.address", &p.address);
  row_label(app, "field.website", col);
  input_string(app, "partner.website", &p.website);
  error_under("partner.website");
  row_label(app, "editor.tags", col);
  if (input_string(app, "partner.tags", &tags_text_)) p.tags = split(tags_text_);
  row_label(app, "field.trust", col);
  for (int t = 0; t <= kMaxTrust; ++t) {
    if (t) ImGui::SameLine();
    const std::string label = std::to_string(t) + "###partner.trust." + std::to_string(t);
    if (radio_button(label.c_str(), p.trust == t)) p.trust = t;
  }
  row_label(app, "field.their_needs", col);
  input_multiline(app, "partner.their_needs", &p.their_needs, text_height);
  row_label(app, "field.notes", col);
  input_multiline(app, "partner.notes", &p.notes, text_height);

  ImGui::Separator();
  ImGui::TextDisabled("%s", T(app, "editor.keep_in_touch"));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, "field.follow_up_days"));
  ImGui::SameLine();
  input_number("partner.follow_up_days", &p.follow_up_days, 0, kMaxFollowUpDays, 70);
  ImGui::SameLine(0, 24);
  ImGui::TextUnformatted(T(app, "field.follow_up_max_days"));
  ImGui::SameLine();
  input_number("partner.follow_up_max_days", &p.follow_up_max_days, 0, kMaxFollowUpDays, 70);
  inline_field(app, "field.next_follow_up", "partner.next_follow_up", &p.next_follow_up, 110);
  ImGui::SameLine(0, 24);
  inline_field(app, "field.snoozed_until", "partner.snoozed_until", &p.snoozed_until, 110);
  ImGui::SameLine();
  if (ImGui::Button(L(app, "editor.snooze", "partner.snooze").c_str()))
    p.snoozed_until = format_date(add_days(app.today(), kSnoozeDays));
  error_under("partner.next_follow_up");
  error_under("partner.snoozed_until");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(app, "field.news_days"));
  ImGui::SameLine();
  input_number("partner.news_days", &p.news_days, 0, kMaxFollowUpDays, 70);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", T(app, "editor.news_days_default"));
}

void PartnerEditor::draw_contacts(App& app) {
  std::vector<ContactPerson>& contacts = draft_->partner.contacts;
  const bool added = ImGui::Button(L(app, "editor.add_contact", "partner.contact.add").c_str());
  if (added) contacts.emplace_back();
  if (!contacts.empty()) {
    // The contact persons as they are in the editor now, to a phone's address book.
    ImGui::SameLine();
    if (ImGui::Button(L(app, "partner.vcard", "partner.vcard").c_str())) {
      Document one;
      one.partners.push_back(draft_->partner);
      app.export_vcards({}, &one);
    }
  }
  if (contacts.empty()) ImGui::TextDisabled("%s", T(app, "editor.no_contacts"));
  int remove = -1;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    ContactPerson& c = contacts[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Separator();
    inline_field(app, "field.name", indexed("partner.contact.", i, "name"), &c.name, 230);
    ImGui::SameLine(0, 16);
    inline_field(app, "field.role", indexed("partner.contact.", i, "role"), &c.role, 200);
    ImGui::SameLine(0, 16);
    if (ImGui::Button(L(app, "editor.remove", indexed("partner.contact.", i, "remove").c_str()).c_str())) remove = static_cast<int>(i);
    const std::string phone_id = indexed("partner.contact.", i, "phone");
    inline_field(app, "field.phone", phone_id, &c.phone, 160);
    ImGui::SameLine();
    const bool can_copy = !c.phone.empty() && !has_error(phone_id);
    if (!can_copy) ImGui::BeginDisabled();
    if (ImGui::Button(L(app, "editor.copy", indexed("partner.contact.", i, "copy").c_str()).c_str())) {
      app.copy_text(c.phone);
      copied_contact_ = static_cast<int>(i);
    }
    if (!can_copy) ImGui::EndDisabled();
    if (copied_contact_ == static_cast<int>(i) && app.now() - app.copied_at() < kCopiedSeconds) {
      ImGui::SameLine();
      ImGui::TextColored(kGreen, "%s", T(app, "editor.copied"));
      app.request_frame_at(app.copied_at() + kCopiedSeconds);  // to take the note away
    }
    ImGui::SameLine(0, 16);
    inline_field(app, "field.email", indexed("partner.contact.", i, "email"), &c.email, 190);
    ImGui::SameLine(0, 16);
    inline_field(app, "field.messenger", indexed("partner.contact.", i, "messenger"), &c.messenger, -1);
    error_under(phone_id);
    error_under(indexed("partner.contact.", i, "email"));
    ImGui::PopID();
  }
  if (added) ImGui::SetScrollHereY(1.0f);
  if (remove >= 0) {
    contacts.erase(contacts.begin() + remove);
    copied_contact_ = -1;
  }
}

void PartnerEditor::draw_services(App& app) {
  std::vector<Service>& services = draft_->services;
  const Lang lang = app.settings().lang;
  ImGui::BeginChild("list", ImVec2(220, 0), true);
  if (ImGui::Button(L(app, "editor.add_service", "partner.service.add").c_str())) {
    services.emplace_back().partner_id = draft_->partner.id;
    languages_text_.emplace_back();
    service_ = static_cast<int>(services.size()) - 1;
  }
  for (std::size_t i = 0; i < services.size(); ++i) {
    const std::string& name = services[i].name;
    const std::string label = (is_blank(name) ? std::string(T(app, "editor.unnamed")) : name) + "###partner.service." + std::to_string(i);
    if (ImGui::Selectable(label.c_str(), service_ == static_cast<int>(i))) service_ = static_cast<int>(i);
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("service");
  if (service_ < 0 || service_ >= static_cast<int>(services.size())) {
    wrapped_text(T(app, "editor.no_services"));
    ImGui::EndChild();
    return;
  }
  const std::size_t i = static_cast<std::size_t>(service_);
  Service& s = services[i];
  const auto id = [&](const char* field) { return indexed("partner.service.", i, field); };
  const float col = label_column(app, {"field.name", "field.description", "field.access_rules", "field.schedule", "field.format",
                                       "editor.languages", "field.age_groups", "field.cost", "field.capacity",
                                       "field.trusted_specialist"});
  const float text_height = ImGui::GetTextLineHeight() * 3 + 8;
  row_label(app, "field.name", col);
  input_string(app, id("name").c_str(), &s.name, -ImGui::CalcTextSize(T(app, "editor.remove")).x - 24);
  ImGui::SameLine();
  bool removed = ImGui::Button(L(app, "editor.remove", id("remove").c_str()).c_str());
  row_label(app, "field.description", col);
  input_multiline(app, id("description").c_str(), &s.description, text_height);
  ImGui::TextUnformatted(T(app, "field.need_tags"));
  if (app.doc().need_tags.empty()) ImGui::TextDisabled("%s", T(app, "editor.no_need_tags"));
  float x = 0;
  const float start = ImGui::GetCursorPosX(), right = ImGui::GetContentRegionAvail().x;
  for (const NeedTag& tag : app.doc().need_tags) {
    const char* text = need_tag_label(tag, lang).c_str();
    const float w = ImGui::CalcTextSize(text).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + 16;
    if (x > 0 && x + w < right) ImGui::SameLine(start + x);
    else x = 0;
    auto at = std::find(s.need_tags.begin(), s.need_tags.end(), tag.key);
    bool on = at != s.need_tags.end();
    if (ImGui::Checkbox((std::string(text) + "###" + id("need.") + tag.key).c_str(), &on)) {
      if (on) s.need_tags.push_back(tag.key);
      else s.need_tags.erase(at);
    }
    x += w;
  }
  row_label(app, "field.access_rules", col);
  input_multiline(app, id("access_rules").c_str(), &s.access_rules, text_height);
  row_label(app, "field.schedule", col);
  input_string(app, id("schedule").c_str(), &s.schedule);
  row_label(app, "field.format", col);
  enum_filter(app, id("format").c_str(), "format", nullptr, nullptr, &s.format, 240);
  row_label(app, "editor.languages", col);
  if (input_string(app, id("languages").c_str(), &languages_text_[i])) s.languages = split(languages_text_[i]);
  row_label(app, "field.age_groups", col);
  input_string(app, id("age_groups").c_str(), &s.age_groups);
  row_label(app, "field.cost", col);
  input_string(app, id("cost").c_str(), &s.cost);
  row_label(app, "field.capacity", col);
  input_number(id("capacity"), &s.capacity, 0, kMaxCount, 100);
  row_label(app, "field.trusted_specialist", col);
  input_string(app, id("trusted_specialist").c_str(), &s.trusted_specialist);
  ImGui::EndChild();
  if (removed) {
    services.erase(services.begin() + service_);
    languages_text_.erase(languages_text_.begin() + service_);
    service_ = std::min(service_, static_cast<int>(services.size()) - 1);
  }
}

void PartnerEditor::draw_agreement(App& app) {
  std::optional<Agreement>& agreement = draft_->agreement;
  if (!agreement) {
    wrapped_text(T(app, "editor.no_agreement"));
    if (ImGui::Button(L(app, "editor.create_agreement", "partner.agreement.create").c_str())) {
      agreement = Agreement{};
      agreement->partner_id = draft_->partner.id;
      agreement->status = AgreementStatus::draft;
      agreement->start_date = format_date(app.today());
    }
    return;
  }
  Agreement& a = *agreement;
  const float col = label_column(app, {"field.status", "field.terms", "field.handoff_procedure", "field.report_forms"});
  const float text_height = ImGui::GetTextLineHeight() * 4 + 8;
  row_label(app, "field.status", col);
  enum_filter(app, "partner.agreement.status", "status", nullptr, nullptr, &a.status, 220);
  bool discard = false;
  if (a.id == 0) {
    ImGui::SameLine();
    discard = ImGui::Button(L(app, "editor.discard_agreement", "partner.agreement.discard").c_str());
  }
  inline_field(app, "field.start_date", "partner.agreement.start_date", &a.start_date, 110);
  ImGui::SameLine(0, 24);
  inline_field(app, "field.end_date", "partner.agreement.end_date", &a.end_date, 110);
  error_under("partner.agreement.start_date");
  error_under("partner.agreement.end_date");
  if (!agreement_warning_.empty()) ImGui::TextColored(kAmber, "%s", agreement_warning_.c_str());
  row_label(app, "field.terms", col);
  input_multiline(app, "partner.agreement.terms", &a.terms, text_height);
  row_label(app, "field.handoff_procedure", col);
  input_multiline(app, "partner.agreement.handoff_procedure", &a.handoff_procedure, text_height);
  row_label(app, "field.report_forms", col);
  input_multiline(app, "partner.agreement.report_forms", &a.report_forms, text_height);
  if (discard) agreement.reset();
}

// The joint events this partner takes part in, with its roles: coming first, then the past.
// One click opens the event (once the partner's changes are saved, so nothing is lost).
void PartnerEditor::draw_events(App& app) {
  const Document& doc = app.doc();
  const Lang lang = app.settings().lang;
  const bool dirty = !(*draft_ == original_);
  const std::vector<PartnerEvent> events = events_with_partner(doc, draft_->partner.id, app.local_now());
  events_drawn_.clear();
  for (const PartnerEvent& pe : events) events_drawn_.push_back(doc.events[pe.event].id);
  if (events.empty()) {
    wrapped_text(T(app, "editor.events.none"));
    return;
  }
  if (dirty) ImGui::TextColored(kAmber, "%s", T(app, "editor.events.save_first"));
  for (const PartnerEvent& pe : events) {
    const Event& e = doc.events[pe.event];
    std::string roles;
    for (EventRole r : pe.roles) roles += (roles.empty() ? "" : ", ") + std::string(enum_label(app, r));
    const std::string when = e.starts_at.empty() ? T(app, "events.not_dated") : e.starts_at.substr(0, 10);
    const std::string text = trf("editor.events.row", lang, {when, e.title, enum_label(app, e.kind), roles,
                                                             enum_label(app, e.status),
                                                             std::to_string(referral_count(doc, e))});
    if (ImGui::Selectable((text + "###partner.event." + std::to_string(e.id)).c_str(), false,
                          dirty ? ImGuiSelectableFlags_Disabled : 0))
      pending_event_ = e.id;
  }
}

void PartnerEditor::draw_log(App& app) {
  const Partner& p = draft_->partner;
  if (p.id == 0) {
    wrapped_text(T(app, "editor.log_save_first"));
    return;
  }
  inline_field(app, "field.date", "partner.log.date", &log_.date, 110);
  ImGui::SameLine(0, 16);
  ImGui::TextUnformatted(T(app, "field.channel"));
  ImGui::SameLine();
  enum_filter(app, "partner.log.channel", "channel", nullptr, nullptr, &log_.channel, 150);
  ImGui::SameLine(0, 16);
  inline_field(app, "field.who", "partner.log.who", &log_.who, 200);
  ImGui::SameLine(0, 2);
  if (begin_combo("##who###partner.log.who_pick", nullptr, ImGuiComboFlags_NoPreview)) {
    for (std::size_t i = 0; i < p.contacts.size(); ++i)
      if (ImGui::Selectable((p.contacts[i].name + "###partner.log.who." + std::to_string(i)).c_str()))
        log_.who = p.contacts[i].name;
    ImGui::EndCombo();
  }
  error_under("partner.log.date");
  const float col = label_column(app, {"field.summary", "field.next_step", "editor.next_contact_on"});
  row_label(app, "field.summary", col);
  input_string(app, "partner.log.summary", &log_.summary);
  row_label(app, "field.next_step", col);
  input_string(app, "partner.log.next_step", &log_.next_step);
  row_label(app, "editor.next_contact_on", col);
  input_string(app, "partner.log.next_contact", &log_next_, 110);
  ImGui::SameLine(0, 24);
  const bool ok = !has_error("partner.log.date") && !has_error("partner.log.next_contact");
  if (!ok) ImGui::BeginDisabled();
  if (ImGui::Button(L(app, "editor.log_add", "partner.log.add").c_str())) log_contact(app);
  if (!ok) ImGui::EndDisabled();
  error_under("partner.log.next_contact");

  ImGui::Separator();
  if (log_rows_.empty()) {
    ImGui::TextDisabled("%s", T(app, "editor.no_log"));
    return;
  }
  if (ImGui::BeginTable("log", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY)) {
    for (const char* key : {"field.date", "field.channel", "field.who", "field.summary", "field.next_step"})
      ImGui::TableSetupColumn(T(app, key));
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (const Interaction& it : log_rows_) {
      ImGui::TableNextRow();
      for (const char* text : {it.date.c_str(), enum_label(app, it.channel), it.who.c_str(), it.summary.c_str(), it.next_step.c_str()}) {
        ImGui::TableNextColumn();
        wrapped_text(text);
      }
    }
    ImGui::EndTable();
  }
}

// ------------------------------------------------------------------------------------------------
// [SECTION] save, log, state
// ------------------------------------------------------------------------------------------------

bool PartnerEditor::save(App& app) {
  refused_.clear();
  for (const auto& [field, message] : errors_) {
    if (field.rfind("partner.log.", 0) == 0) continue;
    refused_ = T(app, "editor.fix_first");
    request_tab_ = field.rfind("partner.contact.", 0) == 0 ? 1 : field.rfind("partner.service.", 0) == 0 ? 2
                 : field.rfind("partner.agreement.", 0) == 0 ? 3 : 0;
    if (request_tab_ == 2) service_ = std::atoi(field.c_str() + std::string("partner.service.").size());
    return false;
  }
  const Draft& d = *draft_;
  const bool is_new = d.partner.id == 0;
  if (is_new && !looks_.empty() && !dup_confirmed_) {
    dup_prompt_ = true;
    return false;
  }
  if (!is_new && d == original_) return true;  // nothing to save: no empty undo step
  Partner saved = d.partner;
  if (const Partner* before = find_record<Partner>(app.doc(), saved.id); before && before->stage != saved.stage) {
    saved.stage = before->stage;
    saved = moved_to_stage(saved, d.partner.stage, app.today());
  } else if (is_new) {  // where it starts on the pipeline, and when
    saved.stage_history.push_back(StageMove{saved.stage, format_date(app.today())});
  }
  if (is_new) saved.id = app.reserve_ids(1);  // its services refer to it in the same step
  std::vector<Command> steps;
  if (is_new || saved != original_.partner) steps.push_back(put_command(saved));
  for (Service s : d.services) {
    s.partner_id = saved.id;
    const auto was = std::find_if(original_.services.begin(), original_.services.end(),
                                  [&](const Service& o) { return o.id == s.id && s.id != 0; });
    if (was == original_.services.end() || *was != s) steps.push_back(put_command(s));
  }
  for (const Service& o : original_.services)
    if (std::none_of(d.services.begin(), d.services.end(), [&](const Service& s) { return s.id == o.id; }))
      steps.push_back(delete_command(Table::services, o.id));
  if (d.agreement) {
    Agreement a = *d.agreement;
    a.partner_id = saved.id;
    if (!original_.agreement || *original_.agreement != a) steps.push_back(put_command(a));
  }
  if (app.apply(batch_command(std::move(steps), is_new ? "cmd.add_partner" : "cmd.edit_partner"))) return false;
  last_saved_ = saved.id;
  saved_at_ = app.now();
  app.request_frames();  // the directory highlights it from the next frame on
  return true;
}

void PartnerEditor::log_contact(App& app) {
  Partner& p = draft_->partner;
  Interaction it = log_;
  it.id = 0;
  it.partner_id = p.id;
  std::vector<Command> steps{put_command(it)};
  const Partner* stored = find_record<Partner>(app.doc(), p.id);
  if (!log_next_.empty() && stored) {
    Partner next = *stored;  // the stored partner: the draft's other edits wait for Save
    next.next_follow_up = log_next_;
    steps.push_back(put_command(next));
  }
  if (app.apply(batch_command(std::move(steps), "cmd.log_contact"))) return;
  if (!log_next_.empty()) p.next_follow_up = original_.partner.next_follow_up = log_next_;
  log_.summary.clear();
  log_.next_step.clear();
  log_next_.clear();
}

bool PartnerEditor::dirty() const { return draft_ && (draft_->partner.id == 0 || (loaded_ && !(*draft_ == original_))); }

void PartnerEditor::add_state(nlohmann::json& state) const {
  state["editor_open"] = draft_.has_value();
  if (!draft_) return;
  const Draft& d = *draft_;
  state["partner_open"] = d.partner.id;
  state["partner_tab"] = kTabCodes[tab_];
  state["partner_dirty"] = loaded_ && !(d == original_);
  if (tab_ == 5) state["partner_events"] = events_drawn_;
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [field, message] : errors_) errors[field] = message;
  state["partner_errors"] = errors;
  state["partner_refused"] = refused_;
  nlohmann::json contacts = nlohmann::json::array(), services = nlohmann::json::array(), log = nlohmann::json::array(),
                 looks = nlohmann::json::array();
  for (const ContactPerson& c : d.partner.contacts) contacts.push_back(c.name);
  for (const Service& s : d.services) services.push_back(s.name);
  for (const Interaction& it : log_rows_)
    log.push_back({{"date", it.date}, {"channel", to_string(it.channel)}, {"who", it.who}, {"summary", it.summary},
                   {"next_step", it.next_step}});
  for (const Look& l : looks_)
    looks.push_back({{"id", l.hit.partner}, {"name", l.name}, {"same_name", l.hit.same_name},
                     {"same_phone", l.hit.same_phone}, {"same_email", l.hit.same_email}});
  state["partner_contacts"] = contacts;
  state["partner_services"] = services;
  state["partner_log"] = log;
  state["partner_duplicates"] = looks;
  state["partner_dup_prompt"] = dup_prompt_;
  state["partner_agreement"] = d.agreement ? nlohmann::json{{"status", to_string(d.agreement->status)},
                                                            {"end_date", d.agreement->end_date},
                                                            {"expiring", !agreement_warning_.empty()}}
                                           : nlohmann::json(nullptr);
  state["partner_touch"] = {{"level", kDueCodes[static_cast<int>(touch_.level)]}, {"due", touch_.due},
                            {"red_from", touch_.red_from}, {"snoozed", touch_.snoozed}};
}

}  // namespace kolo::ui
