// Suggested updates (see suggestions.hpp): checking one, reviewing a set against the document
// as it is now, and the one command that applies what the owner accepted.
//
// Index: [SECTION] kinds and fields  [SECTION] checking  [SECTION] review  [SECTION] accepting
#include "core/suggestions.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/i18n.hpp"
#include "core/partners.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"

namespace kolo {

namespace {

// ------------------------------------------------------------------------------------------------
// [SECTION] kinds and fields
// ------------------------------------------------------------------------------------------------

constexpr std::string_view kKindNames[] = {"partner_field", "service_field", "contact_field", "new_contact",
                                           "contact_left",  "partner_closed", "new_partner"};
static_assert(std::size(kKindNames) == std::size(kSuggestionKinds));

template <std::size_t N> bool listed(const char* const (&fields)[N], std::string_view name) {
  return std::any_of(std::begin(fields), std::end(fields), [&](const char* f) { return name == f; });
}

// The text member of `r` described as `name` (nullptr when there is none): the suggestions
// name fields by their JSON names, the descriptions map those to members.
template <class R> auto text_field(R& r, std::string_view name) {
  using Ptr = std::conditional_t<std::is_const_v<R>, const std::string*, std::string*>;
  Ptr out = nullptr;
  describe(r, [&](const Spec& s, auto& member) {
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, std::string>)
      if (!out && name == s.name) out = &member;
  });
  return out;
}

// The description of the field `name` of R (its kind of text, whether it is required).
template <class R> std::optional<Spec> field_spec(std::string_view name) {
  std::optional<Spec> out;
  const R r{};
  describe(r, [&](const Spec& s, const auto&) {
    if (!out && name == s.name) out = s;
  });
  return out;
}

const ContactPerson* find_contact(const Partner& p, Id id) {
  for (const ContactPerson& c : p.contacts)
    if (c.id == id) return &c;
  return nullptr;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] checking
// ------------------------------------------------------------------------------------------------

void check_text(std::vector<Error>& out, Text kind, const std::string& value, bool required, std::string path) {
  if (std::optional<Error> e = text_error(kind, value, required)) {
    e->path = std::move(path);
    out.push_back(std::move(*e));
  }
}

void check_id(std::vector<Error>& out, Id id, const char* path) {
  if (id == 0) out.push_back(Error{"err.required", path, {}});
  else if (id < 0) out.push_back(Error{"err.bad_id", path, {std::to_string(id)}});
}

bool contact_is_empty(const ContactPerson& c) { return is_blank(c.name) && is_blank(c.phone) && is_blank(c.email); }

// A new partner or contact is checked as the document would check it: put alone into a
// document and validated there, its errors moved from `at` ("/partners/0") to `to`.
void check_as_record(std::vector<Error>& out, Partner p, const std::string& to) {
  Document d;
  p.id = 1;
  Id next = 2;
  for (ContactPerson& c : p.contacts) c.id = next++;
  d.next_id = next;
  const std::string at = "/partners/0";
  for (std::size_t i = 0; i < p.contacts.size(); ++i)
    if (contact_is_empty(p.contacts[i]))
      out.push_back(Error{"err.suggestion_empty_contact", to + "/contacts/" + std::to_string(i), {}});
  d.partners.push_back(std::move(p));
  for (Error& e : validate(d)) {
    if (e.path.rfind(at, 0) == 0) e.path = to + e.path.substr(at.size());
    out.push_back(std::move(e));
  }
}

template <class R> void check_field(std::vector<Error>& out, const Suggestion& s) {
  std::optional<Spec> spec = field_spec<R>(s.field);
  if (!spec) return;
  check_text(out, spec->text, s.after, spec->required, "/after");
  check_text(out, spec->text == Text::long_text ? Text::long_text : Text::name, s.before, false, "/before");
}

}  // namespace

std::string label_key(SuggestionKind kind) { return "suggestion_kind." + std::string(kind_name(kind)); }

std::string_view kind_name(SuggestionKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  return i < std::size(kKindNames) ? kKindNames[i] : std::string_view("?");
}

bool kind_from_name(std::string_view name, SuggestionKind* out) {
  for (SuggestionKind k : kSuggestionKinds)
    if (kind_name(k) == name) {
      *out = k;
      return true;
    }
  return false;
}

std::vector<Error> check_suggestion(const Suggestion& s) {
  std::vector<Error> out;
  switch (s.kind) {
    case SuggestionKind::partner_field:
    case SuggestionKind::service_field:
    case SuggestionKind::contact_field: {
      check_id(out, s.kind == SuggestionKind::service_field ? s.service_id : s.partner_id,
               s.kind == SuggestionKind::service_field ? "/service_id" : "/partner_id");
      if (s.kind == SuggestionKind::contact_field) check_id(out, s.contact_id, "/contact_id");
      const bool known = s.kind == SuggestionKind::partner_field   ? listed(kPartnerFields, s.field)
                         : s.kind == SuggestionKind::service_field ? listed(kServiceFields, s.field)
                                                                   : listed(kContactFields, s.field);
      if (!known) out.push_back(Error{"err.suggestion_bad_field", "/field", {s.field}});
      else if (s.kind == SuggestionKind::partner_field) check_field<Partner>(out, s);
      else if (s.kind == SuggestionKind::service_field) check_field<Service>(out, s);
      else check_field<ContactPerson>(out, s);
      break;
    }
    case SuggestionKind::new_contact: {
      check_id(out, s.partner_id, "/partner_id");
      Partner holder;
      holder.name = "-";
      holder.contacts.push_back(contact_from_board(s.contact));
      std::vector<Error> inner;
      check_as_record(inner, std::move(holder), "/holder");
      for (Error& e : inner) {  // "/holder/contacts/0/email" -> "/contact/email"
        const std::string at = "/holder/contacts/0";
        e.path = e.path.rfind(at, 0) == 0 ? "/contact" + e.path.substr(at.size()) : "/contact";
        out.push_back(std::move(e));
      }
      break;
    }
    case SuggestionKind::contact_left:
    case SuggestionKind::partner_closed:
      check_id(out, s.partner_id, "/partner_id");
      if (s.kind == SuggestionKind::contact_left) check_id(out, s.contact_id, "/contact_id");
      check_text(out, Text::name, s.before, false, "/before");
      break;
    case SuggestionKind::new_partner:
      check_as_record(out, partner_from_board(s.partner), "/partner");
      break;
  }
  check_text(out, Text::long_text, s.note, false, "/note");
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] review
// ------------------------------------------------------------------------------------------------

namespace {

Error gone(const char* path, Id id) { return Error{"err.suggestion_target_gone", path, {std::to_string(id)}}; }

// A field's state from its value now: already what is suggested, as the board showed it, or
// changed since.
void compare(ReviewItem& item, const std::string& current) {
  item.current = current;
  item.state = current == item.change.after    ? ReviewState::already
               : current == item.change.before ? ReviewState::applies
                                               : ReviewState::conflict;
}

bool same_contact(const ContactPerson& have, const BoardContact& want) {
  if (!is_blank(want.name) && !fold_equal(have.name, want.name)) return false;
  if (!is_blank(want.phone) && phone_key(have.phone) != phone_key(want.phone)) return false;
  if (!is_blank(want.email) && !fold_equal(have.email, want.email)) return false;
  return !is_blank(want.name) || !is_blank(want.phone) || !is_blank(want.email);
}

ReviewItem review_one(const Document& doc, const Suggestion& s) {
  ReviewItem item;
  item.change = s;
  if (std::vector<Error> errors = check_suggestion(s); !errors.empty()) {
    item.state = ReviewState::cannot;
    item.why = std::move(errors.front());
    return item;
  }
  auto cannot = [&](Error why) {
    item.state = ReviewState::cannot;
    item.why = std::move(why);
    return item;
  };
  if (s.kind == SuggestionKind::new_partner) {
    for (const Partner& p : doc.partners)
      if (fold_equal(p.name, s.partner.name)) {
        item.state = ReviewState::already;
        item.current = p.name;
        return item;
      }
    return item;
  }
  if (s.kind == SuggestionKind::service_field) {
    const Service* service = find_record<Service>(doc, s.service_id);
    if (!service) return cannot(gone("/service_id", s.service_id));
    compare(item, *text_field(*service, s.field));
    return item;
  }
  const Partner* partner = find_record<Partner>(doc, s.partner_id);
  if (!partner) return cannot(gone("/partner_id", s.partner_id));
  switch (s.kind) {
    case SuggestionKind::partner_field: compare(item, *text_field(*partner, s.field)); break;
    case SuggestionKind::contact_field: {
      const ContactPerson* c = find_contact(*partner, s.contact_id);
      if (!c) return cannot(gone("/contact_id", s.contact_id));
      compare(item, *text_field(*c, s.field));
      break;
    }
    case SuggestionKind::new_contact:
      for (const ContactPerson& c : partner->contacts)
        if (same_contact(c, s.contact)) {
          item.state = ReviewState::already;
          item.current = c.name;
        }
      break;
    case SuggestionKind::contact_left: {
      const ContactPerson* c = find_contact(*partner, s.contact_id);
      if (!c) {
        item.state = ReviewState::already;
        break;
      }
      item.current = c->name;
      item.state = c->name == s.before ? ReviewState::applies : ReviewState::conflict;
      break;
    }
    case SuggestionKind::partner_closed:
      item.current = partner->name;
      item.state = partner->stage == Stage::dormant ? ReviewState::already
                   : partner->name == s.before      ? ReviewState::applies
                                                    : ReviewState::conflict;
      break;
    case SuggestionKind::service_field:
    case SuggestionKind::new_partner: break;  // above
  }
  return item;
}

}  // namespace

std::string current_value(const Document& doc, const Suggestion& s) {
  const Partner* partner = find_record<Partner>(doc, s.partner_id);
  const ContactPerson* contact = partner ? find_contact(*partner, s.contact_id) : nullptr;
  const std::string* value = nullptr;
  switch (s.kind) {
    case SuggestionKind::service_field:
      if (const Service* service = find_record<Service>(doc, s.service_id)) value = text_field(*service, s.field);
      break;
    case SuggestionKind::partner_field: value = partner ? text_field(*partner, s.field) : nullptr; break;
    case SuggestionKind::contact_field: value = contact ? text_field(*contact, s.field) : nullptr; break;
    case SuggestionKind::contact_left: value = contact ? &contact->name : nullptr; break;
    case SuggestionKind::partner_closed: value = partner ? &partner->name : nullptr; break;
    case SuggestionKind::new_contact:
    case SuggestionKind::new_partner: break;
  }
  return value ? *value : std::string();
}

std::vector<ReviewItem> review(const Document& doc, const SuggestionSet& set) {
  std::vector<ReviewItem> out;
  out.reserve(set.changes.size());
  for (const Suggestion& s : set.changes) out.push_back(review_one(doc, s));
  return out;
}

// ------------------------------------------------------------------------------------------------
// [SECTION] accepting
// ------------------------------------------------------------------------------------------------

namespace {

// The records the accepted changes edit, copied from the document on first use and put back
// once each, in the order first touched.
template <class R> struct Edits {
  std::vector<R> records;
  R* get(const Document& doc, Id id) {
    for (R& r : records)
      if (r.id == id) return &r;
    const R* found = find_record<R>(doc, id);
    if (!found) return nullptr;
    records.push_back(*found);
    return &records.back();
  }
};

// Appends a line to notes, unless the notes would grow past their limit.
void add_line(std::string& notes, const std::string& line) {
  std::string out = notes;
  if (!out.empty()) out += '\n';
  out += line;
  if (utf8_length(out) <= kMaxTextLength) notes = std::move(out);
}

std::string note_line(const char* key, const char* key_with_note, const std::string& who, Date today,
                      const std::string& note, Lang lang) {
  const std::string date = format_date(today);
  return is_blank(note) ? trf(key, lang, {who, date}) : trf(key_with_note, lang, {who, date, trim_space(note)});
}

}  // namespace

Command accept_command(const Document& doc, const std::vector<ReviewItem>& accepted, const std::string& from,
                       Date today, Lang lang, std::vector<ReviewItem>* skipped) {
  Edits<Partner> partners;
  Edits<Service> services;
  std::vector<Partner> added;
  const std::string who = is_blank(from) ? std::string(tr("suggestion.someone", lang)) : trim_space(from);
  auto skip = [&](const ReviewItem& item, Error why) {
    if (!skipped) return;
    ReviewItem out = item;
    out.state = ReviewState::cannot;
    out.why = std::move(why);
    skipped->push_back(std::move(out));
  };

  for (const ReviewItem& item : accepted) {
    const Suggestion& s = item.change;
    if (std::vector<Error> errors = check_suggestion(s); !errors.empty()) {
      skip(item, std::move(errors.front()));
      continue;
    }
    if (s.kind == SuggestionKind::new_partner) {
      Partner p = partner_from_board(s.partner);
      p.id = 0;
      for (ContactPerson& c : p.contacts) c.id = 0;
      p.stage = Stage::prospect;
      p.stage_history = {StageMove{Stage::prospect, format_date(today)}};
      add_line(p.notes, note_line("suggestion.new_partner_note", "suggestion.new_partner_note_why", who, today,
                                  s.note, lang));
      added.push_back(std::move(p));
      continue;
    }
    if (s.kind == SuggestionKind::service_field) {
      Service* service = services.get(doc, s.service_id);
      if (!service) skip(item, gone("/service_id", s.service_id));
      else *text_field(*service, s.field) = s.after;
      continue;
    }
    Partner* partner = partners.get(doc, s.partner_id);
    if (!partner) {
      skip(item, gone("/partner_id", s.partner_id));
      continue;
    }
    switch (s.kind) {
      case SuggestionKind::partner_field: *text_field(*partner, s.field) = s.after; break;
      case SuggestionKind::contact_field: {
        auto c = std::find_if(partner->contacts.begin(), partner->contacts.end(),
                              [&](const ContactPerson& x) { return x.id == s.contact_id; });
        if (c == partner->contacts.end()) skip(item, gone("/contact_id", s.contact_id));
        else *text_field(*c, s.field) = s.after;
        break;
      }
      case SuggestionKind::new_contact: {
        ContactPerson c = contact_from_board(s.contact);
        c.id = 0;
        partner->contacts.push_back(std::move(c));
        break;
      }
      case SuggestionKind::contact_left:
        std::erase_if(partner->contacts, [&](const ContactPerson& x) { return x.id == s.contact_id; });
        break;
      case SuggestionKind::partner_closed:
        if (partner->stage == Stage::dormant) break;  // closed already: nothing to add
        *partner = moved_to_stage(std::move(*partner), Stage::dormant, today);
        add_line(partner->notes,
                 note_line("suggestion.closed_note", "suggestion.closed_note_why", who, today, s.note, lang));
        break;
      case SuggestionKind::service_field:
      case SuggestionKind::new_partner: break;  // above
    }
  }

  std::vector<Command> steps;
  for (Partner& p : partners.records) steps.push_back(put_command(Record(std::move(p))));
  for (Service& s : services.records) steps.push_back(put_command(Record(std::move(s))));
  for (Partner& p : added) steps.push_back(put_command(Record(std::move(p))));
  return batch_command(std::move(steps), "cmd.accept_suggestions");
}

}  // namespace kolo
