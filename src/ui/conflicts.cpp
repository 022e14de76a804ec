// The storage-conflict dialog: a record that another tab saved while this one changed it too
// (or deleted while this one refers to it), shown one at a time with this tab's version beside
// the other's, field by field where they differ; the user keeps mine, keeps theirs, or keeps
// both (theirs under its id, mine as a new record). Nothing is written until the user chose.
// The same dialog shows a record changed here and on another device (team sync, why "device").
// Widget ids: conflict.mine, conflict.theirs, conflict.both.
#include <imgui.h>

#include <string>
#include <type_traits>

#include "ui/app.hpp"
#include "ui/widgets.hpp"

namespace kolo::ui {

namespace {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type { using item = T; };

// A record's name as a person knows it: its first required line of text (a partner's name, a
// case's alias, an event's title, a need tag's key).
std::string display_name(const Record& record) {
  std::string out;
  std::visit(
      [&](const auto& r) {
        describe(r, [&](const Spec& s, const auto& value) {
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>)
            if (out.empty() && s.required && (s.text == Text::name || s.text == Text::slug)) out = value;
        });
      },
      record);
  return out;
}

// A nested value's name: its first line of text (a contact person's name, a checklist item).
template <class Item> std::string display_name_of(const Item& item) {
  std::string out;
  describe(item, [&](const Spec&, const auto& value) {
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>)
      if (out.empty()) out = value;
  });
  return out;
}

std::string referenced_name(const Document& doc, Table table, Id id) {
  return with_table_type(table, [&](auto tag) -> std::string {
    if (const auto* r = find_record<decltype(tag)>(doc, id)) return display_name(Record(*r));
    return "#" + std::to_string(id);
  });
}

// Each field of a record as text, in the user's language, by field name.
std::vector<std::pair<const char*, std::string>> field_texts(const App& app, const Record& record) {
  std::vector<std::pair<const char*, std::string>> out;
  const Lang lang = app.settings().lang;
  std::visit(
      [&](const auto& r) {
        describe(r, [&](const Spec& s, const auto& value) {
          using T = std::decay_t<decltype(value)>;
          std::string text;
          if constexpr (std::is_same_v<T, std::string>) {
            text = value;
          } else if constexpr (std::is_same_v<T, int>) {
            text = std::to_string(value);
          } else if constexpr (std::is_same_v<T, bool>) {
            text = value ? "✓" : "—";
          } else if constexpr (std::is_same_v<T, Id>) {
            if (s.is_id) return;
            if (s.is_ref && value != 0) text = referenced_name(app.own_doc(), s.target, value);
          } else if constexpr (KoloEnum<T>) {
            text = tr(label_key(value), lang);
          } else if constexpr (IsVector<T>::value) {
            using Item = typename IsVector<T>::item;
            for (const Item& item : value) {
              if (!text.empty()) text += ", ";
              if constexpr (std::is_same_v<Item, std::string>)
                text += item;
              else if constexpr (std::is_same_v<Item, Id>)
                text += referenced_name(app.own_doc(), s.target, item);
              else if constexpr (KoloEnum<Item>)
                text += tr(label_key(item), lang);
              else if constexpr (kDescribed<Item>)
                text += display_name_of(item);
            }
          }
          out.emplace_back(s.name, std::move(text));
        });
      },
      record);
  return out;
}

// A record's nested values (contact persons, checklist items) as new ones: for a copy.
void clear_nested_ids(Record& record) {
  std::visit(
      [](auto& r) {
        describe(r, [](const Spec&, auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (IsVector<T>::value) {
            using Item = typename IsVector<T>::item;
            if constexpr (requires(Item i) { i.id; })
              for (Item& item : value) item.id = 0;
          }
        });
      },
      record);
}

}  // namespace

void App::show_conflicts(std::vector<StorageConflict> conflicts) {
  for (StorageConflict& c : conflicts) {
    bool known = false;
    for (StorageConflict& open : conflicts_)
      if (open.key == c.key) {
        open = c;
        known = true;
      }
    if (!known) conflicts_.push_back(std::move(c));
  }
}

// 0: keep mine, 1: keep theirs, 2: keep both.
void App::resolve_conflict(int choice) {
  if (conflicts_.empty()) return;
  StorageConflict c = conflicts_.front();
  if (c.device) {
    // With another device: theirs is written here by the platform, in step with the server, in
    // the transaction that settles the conflict (nothing of mine goes out for it); "both" adds
    // mine beside it as a new record, an ordinary edit.
    if (choice == 2 && c.mine && c.theirs) {
      Record copy = *c.mine;
      set_record_id(copy, 0);
      clear_nested_ids(copy);
      if (std::optional<Error> error = store_.apply(put_command(std::move(copy)), now_)) {
        error_message_ = describe(*error, settings_.lang);
        return;
      }
    }
    conflicts_.erase(conflicts_.begin());
    host_->sync_conflict_resolved(c.key, choice != 0);
    return;
  }
  if (choice != 0) {
    std::vector<Command> steps;
    if (c.theirs)
      steps.push_back(put_command(*c.theirs));
    else if (c.mine)
      steps.push_back(delete_command(c.table, c.id));
    if (choice == 2 && c.mine && c.theirs) {  // mine beside theirs, as a new record
      Record copy = *c.mine;
      set_record_id(copy, 0);
      clear_nested_ids(copy);
      steps.push_back(put_command(std::move(copy)));
    }
    if (!steps.empty()) {
      std::optional<Error> error = store_.apply(batch_command(std::move(steps), "cmd.resolve_conflict"), now_);
      if (error) {  // theirs does not fit what this tab has: say why, and let the user choose again
        error_message_ = describe(*error, settings_.lang);
        return;
      }
    }
  }
  conflicts_.erase(conflicts_.begin());
  host_->conflict_resolved(c.key, choice == 0);
}

bool App::draw_conflict_dialog() {
  if (conflicts_.empty()) return false;
  if (!ImGui::IsPopupOpen("###conflict")) ImGui::OpenPopup("###conflict");
  ImGui::SetNextWindowSize(ImVec2(720, 0));
  if (!ImGui::BeginPopupModal(L(*this, "conflict.title", "conflict").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
    return false;
  const StorageConflict& c = conflicts_.front();
  const Record* shown = c.mine ? &*c.mine : c.theirs ? &*c.theirs : nullptr;
  const std::string name = shown ? display_name(*shown) : c.key;
  wrapped_text(trf("conflict.record", settings_.lang, {T(*this, label_key(c.table).c_str()), name}).c_str());
  const std::string why_key = "conflict.why." + (c.why.empty() ? std::string("changed") : c.why);
  wrapped_text(T(*this, why_key.c_str()));
  ImGui::Spacing();
  const auto mine = c.mine ? field_texts(*this, *c.mine) : std::vector<std::pair<const char*, std::string>>{};
  const auto theirs = c.theirs ? field_texts(*this, *c.theirs) : std::vector<std::pair<const char*, std::string>>{};
  if (ImGui::BeginTable("conflict_fields", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(T(*this, "conflict.col.field"), 0, 1.0f);
    ImGui::TableSetupColumn(T(*this, "conflict.col.mine"), 0, 2.0f);
    ImGui::TableSetupColumn(T(*this, "conflict.col.theirs"), 0, 2.0f);
    ImGui::TableHeadersRow();
    const auto& fields = !mine.empty() ? mine : theirs;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string& a = i < mine.size() ? mine[i].second : std::string();
      const std::string& b = i < theirs.size() ? theirs[i].second : std::string();
      if (!mine.empty() && !theirs.empty() && a == b && i > 0) continue;  // only what differs (and the name)
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(T(*this, ("field." + std::string(fields[i].first)).c_str()));
      ImGui::TableNextColumn();
      wrapped_text(c.mine ? a.c_str() : T(*this, "conflict.gone"));
      ImGui::TableNextColumn();
      wrapped_text(c.theirs ? b.c_str() : T(*this, "conflict.gone"));
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  int choice = -1;
  if (ImGui::Button(L(*this, "conflict.keep_mine", "conflict.mine").c_str())) choice = 0;
  ImGui::SameLine();
  if (ImGui::Button(L(*this, "conflict.keep_theirs", "conflict.theirs").c_str())) choice = 1;
  if (c.mine && c.theirs) {
    ImGui::SameLine();
    if (ImGui::Button(L(*this, "conflict.keep_both", "conflict.both").c_str())) choice = 2;
  }
  if (conflicts_.size() > 1)
    ImGui::TextDisabled("%s", trf("conflict.more", settings_.lang, {std::to_string(conflicts_.size() - 1)}).c_str());
  if (choice >= 0) resolve_conflict(choice);
  if (conflicts_.empty()) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return false;
  }
  draw_error_dialog();  // a choice that does not fit says why on top of the two versions
  ImGui::EndPopup();
  return true;
}

}  // namespace kolo::ui
