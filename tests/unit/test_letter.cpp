// The referral letter (core/letter.hpp): drafted and written in the letter's own language,
// carrying the needs, the service, the partner, the trusted specialist, the date and the
// signature, and never the case's alias or notes; printable as escaped, self-contained HTML.
#include <doctest/doctest.h>

#include "core/letter.hpp"
#include "core/lexicon.hpp"
#include "core/referrals.hpp"
#include "test_support.hpp"

using namespace kolo;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The sample network with a profile that signs letters, and notes on the case that must stay home.
Document letter_document() {
  Document d = test::sample_document();
  Profile p;
  p.id = 40;
  p.signature = "Ірина Вигадана, психологиня\n+380 00 111 2233";
  d.profiles = {p};
  d.cases.at(0).notes = "SECRET-NOTE: конфіденційні нотатки";
  d.cases.at(0).alias = "Клієнт-Псевдонім";
  d.next_id = 41;
  return d;
}

// The sample's referral as make_referral drafts it in `lang`, with a warm hand-off planned.
Referral drafted(const Document& d, Lang lang) {
  Referral r = make_referral(d, d.cases.at(0), d.services.at(0), lang, *parse_date("2026-11-25"));
  r.id = 12;
  r.warm_handoff = true;
  r.warm_handoff_date = "2026-11-27";
  return r;
}

}  // namespace

TEST_CASE("letter: the same referral reads in Ukrainian, Russian and English, whatever the interface") {
  const Document d = letter_document();
  struct Expect {
    Lang lang;
    const char* need1;
    const char* need2;
    const char* date;
    const char* handoff;
    const char* title;
  };
  const Expect cases[] = {
      {Lang::uk, "Житло", "Тривога", "25 листопада 2026", "27 листопада 2026", "Лист-направлення"},
      {Lang::ru, "Жильё", "Тревога", "25 ноября 2026", "27 ноября 2026", "Письмо-направление"},
      {Lang::en, "Housing", "Anxiety", "25 November 2026", "27 November 2026", "Referral letter"},
  };
  for (const Expect& e : cases) {
    CAPTURE(lang_code(e.lang));
    const Referral r = drafted(d, e.lang);
    const std::string text = letter_text(d, r, e.lang, "2026-11-25");
    CHECK(has(text, e.title));
    CHECK(has(text, e.need1));
    CHECK(has(text, e.need2));
    CHECK(has(text, e.date));
    CHECK(has(text, e.handoff));
    CHECK(has(text, "Кризове житло"));      // the service
    CHECK(has(text, "Fund \"Warm Home\""));  // the partner
    CHECK(has(text, "Марія"));               // the trusted specialist
    CHECK(has(text, "Ірина Вигадана, психологиня\n+380 00 111 2233"));  // the signature
    CHECK(has(text, "дзвінок координатору"));  // how to apply, as the client was told
    CHECK(has(text, "пн-пт"));
    CHECK(has(text, "житло"));              // priority tasks
    CHECK(has(text, "хоче жити окремо"));   // motivation
    CHECK(has(text, "паспорт у заставі"));  // a barrier, what was found and done
    CHECK(has(text, "юрист"));
    CHECK(has(text, tr("barrier.no_documents", e.lang)));
    // Pseudonymous: no alias, no notes, no words of the catalog left untranslated.
    CHECK_FALSE(has(text, "Клієнт-Псевдонім"));
    CHECK_FALSE(has(text, "SECRET-NOTE"));
    CHECK_FALSE(has(text, "letter."));
    CHECK_FALSE(has(text, "barrier."));
  }
  // The other languages' need labels stay out of each letter.
  CHECK_FALSE(has(letter_text(d, drafted(d, Lang::en), Lang::en, "2026-11-25"), "Житло"));
  CHECK_FALSE(has(letter_text(d, drafted(d, Lang::uk), Lang::uk, "2026-11-25"), "Housing"));
}

TEST_CASE("letter: the user's edits of problem and recommendations are what it says; unsigned, a line to sign on") {
  Document d = letter_document();
  d.profiles.clear();
  Referral r = drafted(d, Lang::en);
  r.letter_problem = "Needs a safe place to live within two weeks.";
  r.letter_recommendations = "Please call the coordinator first.";
  const std::string text = letter_text(d, r, Lang::en, "2026-01-05");
  CHECK(has(text, "Needs a safe place to live within two weeks."));
  CHECK(has(text, "Please call the coordinator first."));
  CHECK_FALSE(has(text, "Housing"));  // the draft is not added behind the user's back
  CHECK(has(text, "5 January 2026"));
  CHECK(has(text, "\n________________________________\n"));
  // A referral whose texts were never drafted gets the draft from its case.
  r.letter_problem.clear();
  r.letter_recommendations.clear();
  CHECK(has(letter_text(d, r, Lang::en, "2026-01-05"), "Housing"));
}

TEST_CASE("letter drafts: the needs in the letter's language, what is asked of the service, a joint meeting") {
  const Document d = letter_document();
  const Case& c = d.cases.at(0);
  const std::string problem = draft_problem(d, c, Lang::uk);
  CHECK(has(problem, "Житло, Тривога"));
  CHECK(has(problem, "Пріоритетні завдання: житло"));
  CHECK(has(problem, "Немає документів. З’ясовано: паспорт у заставі. Зроблено: юрист."));
  CHECK_FALSE(has(problem, tr("online_limit.acute_state", Lang::uk)));  // the letter carries no more than it must
  // The service is asked for the needs it covers.
  const std::string rec = draft_recommendations(d, c, &d.services.at(1), Lang::en);
  CHECK(has(rec, "“Група підтримки”"));
  CHECK(has(rec, ": Anxiety."));
  CHECK_FALSE(has(rec, "Housing"));
  CHECK(has(rec, "warm hand-off"));  // the case has barriers: meet together first
  Case plain = test::make_case(50, "X", {"housing"});
  CHECK(draft_recommendations(d, plain, nullptr, Lang::ru) == "Просим принять клиента для помощи с такими запросами: Жильё.");
  CHECK(draft_problem(d, plain, Lang::en) == "The client's needs: Housing.");
  // A need tag without a label in the language: its English label, as on every screen; with
  // no label at all, its key.
  Document unlabeled = d;
  unlabeled.need_tags.at(1).label_ru.clear();
  CHECK(has(draft_problem(unlabeled, plain, Lang::ru), "Housing"));
  unlabeled.need_tags.at(1).label_en.clear();
  CHECK(has(draft_problem(unlabeled, plain, Lang::ru), "housing"));
}

TEST_CASE("letter dates are written out in the letter's language, months in the genitive") {
  CHECK(long_date("2026-11-25", Lang::uk) == "25 листопада 2026");
  CHECK(long_date("2026-11-25", Lang::ru) == "25 ноября 2026");
  CHECK(long_date("2026-11-25", Lang::en) == "25 November 2026");
  CHECK(long_date("2027-03-01", Lang::uk) == "1 березня 2027");
  CHECK(long_date("2027-05-09", Lang::ru) == "9 мая 2027");
  CHECK(long_date("not a date", Lang::en) == "not a date");
  for (int m = 1; m <= 12; ++m) {
    const std::string key = "letter.month." + std::to_string(m);
    CAPTURE(key);
    CHECK(has_key(key));
  }
}

TEST_CASE("the letter's language: the referral's own when it is one Kolo writes, else the fallback") {
  Referral r;
  r.letter_language = "ru";
  CHECK(letter_lang(r, Lang::en) == Lang::ru);
  r.letter_language = "";
  CHECK(letter_lang(r, Lang::uk) == Lang::uk);
  r.letter_language = "de";
  CHECK(letter_lang(r, Lang::en) == Lang::en);
}

TEST_CASE("letter HTML: escaped, in the letter's language, printable on A4, with nothing to run or fetch") {
  Document d = letter_document();
  d.services.at(0).name = "<script>alert('x')</script> & \"Дім\"";
  Referral r = drafted(d, Lang::uk);
  r.told_access = "<b>bold</b>";
  const std::string html = letter_html(d, r, Lang::uk, "2026-11-25");
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(has(html, "<html lang=\"uk\">"));
  CHECK(has(html, "<meta charset=\"utf-8\">"));
  CHECK(has(html, "<title>Лист-направлення (запит) — Fund &quot;Warm Home&quot;</title>"));
  CHECK(has(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Дім&quot;"));
  CHECK(has(html, "&lt;b&gt;bold&lt;/b&gt;"));
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "<b>"));
  CHECK(has(html, "@page { size: A4;"));
  CHECK(has(html, "serif"));
  CHECK_FALSE(has(html, "http"));  // no external resources
  CHECK_FALSE(has(html, "src="));
  CHECK_FALSE(has(html, "<link"));
  CHECK(has(html, "25 листопада 2026"));
  CHECK(has(html, "Житло"));
  CHECK(has(html, "Ірина Вигадана, психологиня<br>\n+380 00 111 2233"));  // the signature keeps its lines
  CHECK_FALSE(has(html, "Клієнт-Псевдонім"));
  CHECK_FALSE(has(html, "SECRET-NOTE"));
  CHECK(has(letter_html(d, r, Lang::en, "2026-11-25"), "<html lang=\"en\">"));
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST_CASE("a letter drafted from a case with nothing sensitive in it raises no lexicon warning") {
  Document d = letter_document();
  d.profiles.clear();  // the signature's phone number would be a (wanted) hit
  for (Lang lang : {Lang::en, Lang::uk, Lang::ru}) {
    CAPTURE(lang_code(lang));
    const std::string text = letter_text(d, drafted(d, lang), lang, "2026-11-25");
    const std::vector<SensitiveHit> hits = find_sensitive(text);
    for (const SensitiveHit& h : hits) FAIL_CHECK("unexpected hit: " << h.term);
    CHECK(hits.empty());
  }
}
