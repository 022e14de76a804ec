// The Events view drawn headless, driven by clicks and typing: a master class for a school's
// teachers with the school as co-host and a centre as venue, planned, exported to a calendar,
// marked done with its attendance and a referral it brought, and then seen in what events
// brought, on the Dashboard and on the partner's page; the month and week calendars; a
// checklist kept as the user's template; a date that is not one. Made-up people and places.
#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <string>

#include "core/referrals.hpp"
#include "headless.hpp"

using kolo::test::Headless;
using nlohmann::json;

namespace {

Headless* make_ui(kolo::Lang lang = kolo::Lang::uk) {
  kolo::ui::Settings settings;
  settings.lang = lang;
  settings.lang_chosen = true;
  return new Headless(settings, 1600, 2400);
}

using kolo::test::add_record;
using kolo::test::fill_field;
using kolo::test::replace;


void choose(Headless& ui, const std::string& combo, const std::string& choice) {
  REQUIRE_MESSAGE(ui.click(combo), combo);
  REQUIRE_MESSAGE(ui.click(choice), choice);
}

kolo::Id partner(Headless& ui, const char* name, kolo::PartnerKind kind) {
  kolo::Partner p;
  p.name = name;
  p.kind = kind;
  return add_record(ui, p);
}

// A client the school sent us on `date` (an incoming referral), made up.
kolo::Id referral_in(Headless& ui, kolo::Id from, const char* alias, const char* date) {
  kolo::Case c;
  c.alias = alias;
  c.opened = date;
  const kolo::Id case_id = add_record(ui, c);
  kolo::Referral r;
  r.direction = kolo::Direction::in;
  r.case_id = case_id;
  r.partner_id = from;
  r.status = kolo::ReferralStatus::accepted;
  r.history = {{kolo::ReferralStatus::accepted, date, ""}};
  return add_record(ui, r);
}

// An event put straight into the document (arranging a test's data).
kolo::Event event(const char* title, kolo::EventKind kind, kolo::EventStatus status, const char* starts_at,
                  const char* uid) {
  kolo::Event e;
  e.title = title;
  e.kind = kind;
  e.status = status;
  e.starts_at = starts_at;
  e.uid = uid;
  return e;
}

const kolo::Event& only_event(Headless& ui) {
  REQUIRE(ui.app.doc().events.size() == 1);
  return ui.app.doc().events.front();
}

}  // namespace

TEST_CASE("a master class with the school as co-host and a venue: planned, exported, done, and what it brought") {
  std::unique_ptr<Headless> owner(make_ui());
  Headless& ui = *owner;
  const kolo::Id school = partner(ui, "Ліцей «Обрій»", kolo::PartnerKind::school_kindergarten);
  const kolo::Id venue = partner(ui, "Центр «Простір»", kolo::PartnerKind::ngo_charity);
  const kolo::Id other = partner(ui, "Клініка «Вигадана»", kolo::PartnerKind::clinic_doctor);

  REQUIRE(ui.click("nav.events"));
  REQUIRE(ui.click("events.new"));
  json s = ui.state();
  REQUIRE(s["events"]["open"].is_object());
  CHECK(s["events"]["open"]["id"] == 0);
  CHECK(s["events"]["open"]["date"] == "2026-11-23");  // the day chosen in the calendar: today
  CHECK(s["events"]["open"]["zone"] == "Europe/Kyiv");

  fill_field(ui, "event.title", "Майстер-клас для вчителів «Тривога в учнів: що помітити і куди направити»");
  // A new event carries its kind's checklist; choosing another kind swaps the untouched list.
  const json seminar_list = ui.state()["events"]["open"]["checklist"];
  REQUIRE_FALSE(seminar_list.empty());
  choose(ui, "event.kind", "event_kind.master_class");
  const json master_list = ui.state()["events"]["open"]["checklist"];
  REQUIRE_FALSE(master_list.empty());
  CHECK(master_list != seminar_list);
  CHECK(master_list[0]["done"] == false);

  replace(ui, "event.date", "2026-12-03");
  replace(ui, "event.time", "15:30");
  replace(ui, "event.duration", "120");
  fill_field(ui, "event.place", "Ліцей «Обрій», актова зала");
  fill_field(ui, "event.audience", "вчителі 5–11 класів");

  // The school as co-host (the role offered first), the centre as the venue.
  fill_field(ui, "event.partner_search", "Обрій");
  REQUIRE(ui.click("event.add_partner." + std::to_string(school)));
  CHECK(ui.find("event.add_partner." + std::to_string(other)) == nullptr);  // not asked for
  fill_field(ui, "event.partner_search", "Простір");
  choose(ui, "event.add_role", "event.add_role.venue");
  REQUIRE(ui.click("event.add_partner." + std::to_string(venue)));
  s = ui.state()["events"]["open"];
  CHECK(s["partners"][std::to_string(school)] == json::array({"co_host"}));
  CHECK(s["partners"][std::to_string(venue)] == json::array({"venue"}));
  // The school also hosts the room: a second role is one checkbox.
  REQUIRE(ui.click("event.partner." + std::to_string(school) + ".venue"));
  CHECK(ui.state()["events"]["open"]["partners"][std::to_string(school)] == json::array({"co_host", "venue"}));
  replace(ui, "event.expected", "30");

  REQUIRE(ui.click("event.save"));
  const kolo::Event& planned = only_event(ui);
  CHECK(planned.kind == kolo::EventKind::master_class);
  CHECK(planned.status == kolo::EventStatus::planned);
  CHECK(planned.starts_at == "2026-12-03T15:30");
  CHECK(planned.duration_minutes == 120);
  CHECK(planned.co_host_ids == std::vector<kolo::Id>{school});
  CHECK(planned.venue_ids == std::vector<kolo::Id>{venue, school});
  CHECK(planned.expected_attendance == 30);
  CHECK(planned.uid.rfind("kolo-", 0) == 0);
  const std::string uid = planned.uid;
  const kolo::Id event_id = planned.id;
  CHECK(ui.app.store().undo_name() == "cmd.add_event");

  // Into the phone's calendar: one .ics with the event's UID, in Kyiv time.
  REQUIRE(ui.click("event.export"));
  REQUIRE(ui.host.downloads.size() == 1);
  CHECK(ui.host.downloads[0].mime == "text/calendar");
  CHECK(ui.host.downloads[0].name.size() > 4);
  CHECK(ui.host.downloads[0].name.substr(ui.host.downloads[0].name.size() - 4) == ".ics");
  const std::string& ics = ui.host.downloads[0].bytes;
  CHECK(ics.find("UID:" + uid) != std::string::npos);
  CHECK(ics.find("DTSTART;TZID=Europe/Kyiv:20261203T153000") != std::string::npos);
  CHECK(ics.find("BEGIN:VTIMEZONE") != std::string::npos);
  // Exporting again after an edit keeps the UID: the calendar updates its copy.
  replace(ui, "event.time", "16:00");
  REQUIRE(ui.click("event.export"));
  REQUIRE(ui.host.downloads.size() == 2);
  CHECK(ui.host.downloads[1].bytes.find("UID:" + uid) != std::string::npos);
  CHECK(ui.host.downloads[1].bytes.find("DTSTART;TZID=Europe/Kyiv:20261203T160000") != std::string::npos);
  CHECK(only_event(ui).starts_at == "2026-12-03T16:00");  // exporting saved the edit first

  // Later: the master class was held; a teacher sent a pupil's family the week after.
  ui.host.local = {{{2026, 12, 12}, 10, 0, 0}, 120, "Europe/Kyiv"};
  const kolo::Id r1 = referral_in(ui, school, "Родина Д.", "2026-12-08");
  const kolo::Id r2 = referral_in(ui, school, "Учень М.", "2026-12-10");
  const kolo::Id before = referral_in(ui, other, "Клієнтка В.", "2026-11-01");  // before the event: not offered
  ui.frame();
  choose(ui, "event.status", "event_status.done");
  replace(ui, "event.attendance", "27");
  replace(ui, "event.contacts_met", "4");
  replace(ui, "event.leads", "5");
  replace(ui, "event.prep_hours", "6");
  CHECK(ui.find("event.attribute." + std::to_string(before)) == nullptr);
  REQUIRE(ui.click("event.attribute." + std::to_string(r1)));
  REQUIRE(ui.click("event.attribute." + std::to_string(r2)));
  REQUIRE(ui.click("event.save"));
  const kolo::Event& done = only_event(ui);
  CHECK(done.status == kolo::EventStatus::done);
  CHECK(done.attendance == 27);
  CHECK(done.contacts_met == 4);
  CHECK(done.leads == 5);
  CHECK(done.prep_minutes == 360);
  CHECK(done.referral_ids == std::vector<kolo::Id>{r1, r2});
  CHECK(ui.state()["events"]["open"]["warnings"].empty());

  // What events brought: two referrals from master classes, counted for both partners once.
  REQUIRE(ui.click("events.mode.effect"));
  s = ui.state()["events"]["effect"];
  CHECK(s["total"]["events"] == 1);
  CHECK(s["total"]["referrals"] == 2);
  CHECK(s["total"]["minutes"] == 360 + 120);
  REQUIRE(s["by_kind"].size() == 1);
  CHECK(s["by_kind"][0]["kind"] == "master_class");
  CHECK(s["by_kind"][0]["attendance"] == 27);
  CHECK(s["by_kind"][0]["leads"] == 5);
  REQUIRE(s["by_partner"].size() == 2);
  for (const json& p : s["by_partner"]) {
    CHECK(p["referrals"] == 2);
    CHECK(p["events"] == 1);  // the school is co-host and venue: still one event
  }
  REQUIRE(ui.find("effect.partner." + std::to_string(school)) != nullptr);

  // The school's page lists the event; a click leads back to it.
  REQUIRE(ui.click("event.close"));
  CHECK(ui.state()["events"]["open"].is_null());
  ui.app.open_partner(school);
  ui.frame();
  ui.frame();  // the dialog's tabs are announced from its second frame on
  REQUIRE(ui.click("partner.tab.events"));
  CHECK(ui.state()["partner_events"] == json::array({event_id}));
  REQUIRE(ui.click("partner.event." + std::to_string(event_id)));
  ui.frame();
  s = ui.state();
  CHECK(s["editor_open"] == false);
  CHECK(s["view"] == "events");
  CHECK(s["events"]["open"]["id"] == event_id);

  // One undo takes "done" back.
  ui.app.undo();
  ui.frame();
  CHECK(only_event(ui).status == kolo::EventStatus::planned);
}

TEST_CASE("the month and week calendars start on Monday, mark today, and lead to the events on each day") {
  std::unique_ptr<Headless> owner(make_ui(kolo::Lang::en));
  Headless& ui = *owner;
  const kolo::Event e = event("Working meeting with the clinic", kolo::EventKind::working_meeting,
                              kolo::EventStatus::announced, "2026-12-03T10:00", "kolo-test-1");
  const kolo::Id id = add_record(ui, e);
  kolo::Event conf = e;
  conf.title = "Two-day conference";
  conf.kind = kolo::EventKind::conference;
  conf.starts_at = "2026-11-27T09:00";
  conf.duration_minutes = 32 * 60;  // to the next day's 17:00
  conf.uid = "kolo-test-2";
  const kolo::Id conf_id = add_record(ui, conf);

  REQUIRE(ui.click("nav.events"));
  json s = ui.state()["events"];
  CHECK(s["mode"] == "month");
  // November 2026 begins on a Sunday: the grid starts on Monday 26 October, six weeks.
  CHECK(s["grid_first"] == "2026-10-26");
  CHECK(s["grid_days"] == 42);
  REQUIRE(ui.find("events.day.2026-11-23") != nullptr);
  // The conference is on both of its days.
  CHECK(ui.find("events.cal." + std::to_string(conf_id) + ".2026-11-27") != nullptr);
  CHECK(ui.find("events.cal." + std::to_string(conf_id) + ".2026-11-28") != nullptr);
  CHECK(ui.find("events.cal." + std::to_string(conf_id) + ".2026-11-29") == nullptr);

  REQUIRE(ui.click("events.next"));
  s = ui.state()["events"];
  CHECK(s["grid_first"] == "2026-11-30");
  CHECK(s["grid_days"] == 35);
  REQUIRE(ui.click("events.cal." + std::to_string(id) + ".2026-12-03"));
  CHECK(ui.state()["events"]["open"]["id"] == id);

  REQUIRE(ui.click("events.today"));
  REQUIRE(ui.click("events.mode.week"));
  s = ui.state()["events"];
  CHECK(s["week"][0] == "2026-11-23");
  CHECK(s["week"][6] == "2026-11-29");
  CHECK(ui.find("events.cal." + std::to_string(conf_id) + ".2026-11-28") != nullptr);
  REQUIRE(ui.click("events.next"));
  CHECK(ui.state()["events"]["week"][0] == "2026-11-30");
  CHECK(ui.find("events.cal." + std::to_string(id) + ".2026-12-03") != nullptr);

  // The list: coming events, soonest first.
  REQUIRE(ui.click("events.mode.list"));
  s = ui.state()["events"];
  REQUIRE(s["list_rows"].size() == 2);
  CHECK(ui.app.doc().events[s["list_rows"][0].get<std::size_t>()].id == conf_id);
}

TEST_CASE("the Dashboard shows coming events and unfinished checklists, one click from the event") {
  std::unique_ptr<Headless> owner(make_ui(kolo::Lang::ru));
  Headless& ui = *owner;
  kolo::Event e = event("Родительское собрание 7-Б", kolo::EventKind::parent_meeting, kolo::EventStatus::planned,
                        "2026-11-30T18:00", "kolo-test-3");
  e.checklist = {{"Согласовать с классным руководителем", true}, {"Листовки с контактами", false}};
  const kolo::Id id = add_record(ui, e);
  kolo::Event far = e;
  far.title = "Через два месяца";
  far.starts_at = "2027-01-30T18:00";
  far.uid = "kolo-test-4";
  add_record(ui, far);
  kolo::Event past = e;
  past.title = "Уже было";
  past.starts_at = "2026-11-20T18:00";
  past.uid = "kolo-test-5";
  add_record(ui, past);

  REQUIRE(ui.click("nav.dashboard"));
  json s = ui.state();
  REQUIRE(s["coming_events"].size() == 1);
  CHECK(s["coming_events"][0]["id"] == id);
  CHECK(s["coming_events"][0]["done"] == 1);
  CHECK(s["coming_events"][0]["total"] == 2);
  REQUIRE(s["unfinished_checklists"].size() == 1);
  CHECK(s["unfinished_checklists"][0]["next"] == "Листовки с контактами");
  REQUIRE(ui.click("dashboard.checklist." + std::to_string(id)));
  ui.frame();
  s = ui.state();
  CHECK(s["view"] == "events");
  CHECK(s["events"]["open"]["id"] == id);

  // The last item ticked and saved: the checklist leaves the Dashboard, the event stays.
  REQUIRE(ui.click("event.check.1"));
  REQUIRE(ui.click("event.save"));
  REQUIRE(ui.click("nav.dashboard"));
  s = ui.state();
  CHECK(s["unfinished_checklists"].empty());
  CHECK(s["coming_events"].size() == 1);
}

TEST_CASE("a checklist kept as the user's template is what the next event of that kind starts with") {
  std::unique_ptr<Headless> owner(make_ui());
  Headless& ui = *owner;
  REQUIRE(ui.click("nav.events"));
  REQUIRE(ui.click("events.new"));
  fill_field(ui, "event.title", "Вебінар для батьків");
  choose(ui, "event.kind", "event_kind.webinar");
  const std::size_t built_in = ui.state()["events"]["open"]["checklist"].size();
  REQUIRE(built_in > 0);
  REQUIRE(ui.click("event.check.0.remove"));
  fill_field(ui, "event.check.new", "Перевірити посилання за годину");
  REQUIRE(ui.click("event.check.add"));
  const json mine = ui.state()["events"]["open"]["checklist"];
  CHECK(mine.size() == built_in);
  CHECK(mine.back()["text"] == "Перевірити посилання за годину");
  REQUIRE(ui.click("event.template.save"));
  REQUIRE(ui.app.doc().profiles.size() == 1);
  REQUIRE(ui.app.doc().profiles[0].event_templates.size() == 1);
  CHECK(ui.app.doc().profiles[0].event_templates[0].kind == kolo::EventKind::webinar);
  REQUIRE(ui.click("event.save"));

  REQUIRE(ui.click("events.new"));
  choose(ui, "event.kind", "event_kind.webinar");
  CHECK(ui.state()["events"]["open"]["checklist"] == mine);
  // Back to the built-in template.
  REQUIRE(ui.click("event.template.reset"));
  CHECK(ui.app.doc().profiles[0].event_templates.empty());
}

TEST_CASE("a date or time that is not one is refused with a message, and nothing typed is lost") {
  std::unique_ptr<Headless> owner(make_ui(kolo::Lang::en));
  Headless& ui = *owner;
  REQUIRE(ui.click("nav.events"));
  REQUIRE(ui.click("events.new"));
  fill_field(ui, "event.title", "Supervision group");
  replace(ui, "event.date", "2026-02-30");
  REQUIRE(ui.click("event.save"));
  json s = ui.state()["events"];
  CHECK(s["error"].get<std::string>().find("not a day") != std::string::npos);
  CHECK(ui.app.doc().events.empty());
  CHECK(s["open"]["title"] == "Supervision group");
  CHECK(s["open"]["date"] == "2026-02-30");
  replace(ui, "event.date", "2026-12-01");
  replace(ui, "event.time", "25:00");
  REQUIRE(ui.click("event.save"));
  CHECK(ui.state()["events"]["error"].get<std::string>().find("time of day") != std::string::npos);
  replace(ui, "event.time", "09:00");
  REQUIRE(ui.click("event.save"));
  CHECK(ui.state()["events"]["error"] == "");
  REQUIRE(ui.app.doc().events.size() == 1);
  // Delete asks once more.
  REQUIRE(ui.click("event.delete"));
  CHECK(ui.app.doc().events.size() == 1);
  REQUIRE(ui.click("event.delete.confirm"));
  CHECK(ui.app.doc().events.empty());
}

TEST_CASE("the editor never traps nor loses: an untouched new event is left freely, an undone one keeps what was typed") {
  std::unique_ptr<Headless> owner(make_ui(kolo::Lang::en));
  Headless& ui = *owner;
  const kolo::Id held_id = add_record(ui, event("Parent meeting", kolo::EventKind::parent_meeting,
                                                kolo::EventStatus::planned, "2026-11-26T18:00", "kolo-test-6"));
  REQUIRE(ui.click("nav.events"));
  // New, then straight to another event: nothing typed, nothing to save, no error.
  REQUIRE(ui.click("events.new"));
  REQUIRE(ui.click("events.cal." + std::to_string(held_id) + ".2026-11-26"));
  json s = ui.state()["events"];
  CHECK(s["error"] == "");
  CHECK(s["open"]["id"] == held_id);
  CHECK(ui.app.doc().events.size() == 1);
  // Discard takes a typed change back.
  replace(ui, "event.title", "Parent meeting, 7-B");
  REQUIRE(ui.click("event.discard"));
  CHECK(ui.state()["events"]["open"]["title"] == "Parent meeting");

  // A new event saved, then more typed, then the save undone: the typing stays as a draft.
  REQUIRE(ui.click("events.new"));
  fill_field(ui, "event.title", "Supervision group");
  REQUIRE(ui.click("event.save"));
  REQUIRE(ui.app.doc().events.size() == 2);
  const std::string uid = ui.state()["events"]["open"]["uid"];
  fill_field(ui, "event.notes", "bring the case notes");
  ui.app.undo();
  ui.frame();
  ui.frame();
  s = ui.state()["events"];
  CHECK(ui.app.doc().events.size() == 1);
  REQUIRE(s["open"].is_object());
  CHECK(s["open"]["id"] == 0);
  CHECK(s["open"]["title"] == "Supervision group");
  CHECK(s["notice"].get<std::string>().find("kept") != std::string::npos);
  REQUIRE(ui.click("event.save"));
  REQUIRE(ui.app.doc().events.size() == 2);
  CHECK(ui.app.doc().events.back().notes == "bring the case notes");
  CHECK(ui.app.doc().events.back().uid == uid);  // the calendar still knows it by this UID

  // A cancelled event still to come goes into the coming-events file, as cancelled.
  choose(ui, "event.status", "event_status.cancelled");
  REQUIRE(ui.click("event.save"));
  REQUIRE(ui.click("events.export_coming"));
  REQUIRE_FALSE(ui.host.downloads.empty());
  CHECK(ui.host.downloads.back().name == "kolo-events.ics");
  CHECK(ui.state()["events"]["last_export_count"] == 2);
  CHECK(ui.host.downloads.back().bytes.find("STATUS:CANCELLED") != std::string::npos);
}

TEST_CASE("due follow-ups go to the calendar as all-day events, from the empty Events view too; none due says so") {
  std::unique_ptr<Headless> owner(make_ui(kolo::Lang::en));
  Headless& ui = *owner;
  REQUIRE(ui.click("nav.events"));
  REQUIRE(ui.click("events.export_follow_ups"));
  CHECK(ui.host.downloads.empty());
  CHECK(ui.state()["events"]["error"].get<std::string>().find("No follow-ups due") != std::string::npos);

  kolo::Partner late;
  late.name = "School 5";
  late.kind = kolo::PartnerKind::school_kindergarten;
  late.next_follow_up = "2026-11-10";  // agreed and missed: overdue, put on today
  const kolo::Id late_id = add_record(ui, late);
  kolo::Partner soon = late;
  soon.name = "Clinic North";
  soon.next_follow_up = "2026-11-27";
  const kolo::Id soon_id = add_record(ui, soon);
  kolo::Partner far = late;
  far.name = "Far Away NGO";
  far.next_follow_up = "2027-03-01";  // beyond 30 days: not in the file
  add_record(ui, far);

  REQUIRE(ui.click("events.export_follow_ups"));
  REQUIRE(ui.host.downloads.size() == 1);
  const std::string& ics = ui.host.downloads[0].bytes;
  CHECK(ui.host.downloads[0].name == "kolo-follow-ups.ics");
  CHECK(ui.state()["events"]["last_export_count"] == 2);
  CHECK(ics.find("UID:kolo-follow-up-" + std::to_string(late_id) + "@kolo") != std::string::npos);
  CHECK(ics.find("UID:kolo-follow-up-" + std::to_string(soon_id) + "@kolo") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261123") != std::string::npos);  // the overdue one, today
  CHECK(ics.find("DTSTART;VALUE=DATE:20261127") != std::string::npos);
  CHECK(ics.find("Far Away") == std::string::npos);
}
