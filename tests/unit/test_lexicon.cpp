// The lexicon of what a letter should not carry (core/lexicon.hpp): diagnoses, medication and
// identifying details in Ukrainian, Russian and English, found case-insensitively in their
// inflected forms, at a word's start and never inside another word.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/lexicon.hpp"

using namespace kolo;

namespace {

// The hits as "kind:term" ("d:депресією", "m:50 мг", "i:+380 67 123 45 67").
std::vector<std::string> hits(std::string_view text) {
  std::vector<std::string> out;
  for (const SensitiveHit& h : find_sensitive(text)) {
    const char* kind = h.kind == Sensitive::diagnosis ? "d:" : h.kind == Sensitive::medication ? "m:" : "i:";
    out.push_back(kind + h.term);
  }
  return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("lexicon: diagnoses in Ukrainian, inflected and in any case") {
  CHECK(hits("Має діагноз: депресивний розлад.") == List{"d:діагноз", "d:депресивний", "d:розлад"});
  CHECK(hits("Живе з депресією вже рік") == List{"d:депресією"});
  CHECK(hits("ДЕПРЕСІЯ") == List{"d:ДЕПРЕСІЯ"});
  CHECK(hits("підозра на шизофренію, біполярний розлад") == List{"d:шизофренію", "d:біполярний", "d:розлад"});
  CHECK(hits("ПТСР після полону; ОКР; СДУГ") == List{"d:ПТСР", "d:ОКР", "d:СДУГ"});
  CHECK(hits("аутизм у дитини, епілепсія, деменція у бабусі") == List{"d:аутизм", "d:епілепсія", "d:деменція"});
  CHECK(hits("ВІЛ-позитивний статус") == List{"d:ВІЛ"});
  CHECK(hits("перенесла психоз, психозами") == List{"d:психоз", "d:психозами"});
}

TEST_CASE("lexicon: diagnoses in Russian and English, and ICD-10 codes") {
  CHECK(hits("Диагноз: тревожное расстройство, депрессия") == List{"d:Диагноз", "d:расстройство", "d:депрессия"});
  CHECK(hits("шизофрения, биполярное расстройство, СДВГ, ВИЧ") ==
        List{"d:шизофрения", "d:биполярное", "d:расстройство", "d:СДВГ", "d:ВИЧ"});
  CHECK(hits("эпилепсия и деменция") == List{"d:эпилепсия", "d:деменция"});
  CHECK(hits("Diagnosed with major depressive disorder") == List{"d:Diagnosed", "d:depressive", "d:disorder"});
  CHECK(hits("history of psychosis; PTSD, OCD and ADHD; autism; HIV") ==
        List{"d:psychosis", "d:PTSD", "d:OCD", "d:ADHD", "d:autism", "d:HIV"});
  CHECK(hits("Schizophrenia, bipolar II, dementia, epilepsy") ==
        List{"d:Schizophrenia", "d:bipolar", "d:dementia", "d:epilepsy"});
  CHECK(hits("код F32.1 за МКХ-10; раніше F43") == List{"d:F32.1", "d:МКХ", "d:F43"});
  CHECK(hits("F41.") == List{"d:F41"});  // the full stop ends the sentence, not the code
  CHECK(hits("G40.1 in the ICD") == List{"d:G40.1", "d:ICD"});
}

TEST_CASE("lexicon: ICD-11 codes of the mental health chapter (6A00-6E8Z), whole words only") {
  CHECK(hits("код 6A70, 6b40 та 6A0Z") == List{"d:6A70", "d:6b40", "d:6A0Z"});
  CHECK(hits("6A70.1; 6C40.2Z; 6D10.") == List{"d:6A70.1", "d:6C40.2Z", "d:6D10"});  // a full stop ends it
  CHECK(hits("6E8Z.Then") == List{"d:6E8Z"});
  CHECK(hits("кабінет 6A, 16A70, 6F10, 6A701, 6 A70, 6AA0, 6A-70, level 6, 60 minutes") == List{});
}

TEST_CASE("lexicon: medication and doses in the three languages") {
  CHECK(hits("приймає антидепресанти та сертралін 50 мг") == List{"m:антидепресанти", "m:сертралін", "m:50 мг"});
  CHECK(hits("принимает сертралин, кветиапин; дозировку меняли") ==
        List{"m:сертралин", "m:кветиапин", "m:дозировку"});
  CHECK(hits("нейролептики, транквілізатори, дозування") == List{"m:нейролептики", "m:транквілізатори", "m:дозування"});
  CHECK(hits("Takes fluoxetine 20mg and escitalopram; dosage unclear") ==
        List{"m:fluoxetine", "m:20mg", "m:escitalopram", "m:dosage"});
  CHECK(hits("an antipsychotic (quetiapine 0.5 mg), benzodiazepines") ==
        List{"m:antipsychotic", "m:quetiapine", "m:0.5 mg", "m:benzodiazepines"});
  CHECK(hits("флуоксетин, есциталопрам, антипсихотик") == List{"m:флуоксетин", "m:есциталопрам", "m:антипсихотик"});
}

TEST_CASE("lexicon: identifying details: phones, e-mail, documents, tax numbers, dates of birth") {
  CHECK(hits("тел. +380 67 123-45-67, пишіть на client.name@example.com.") ==
        List{"i:+380 67 123-45-67", "i:client.name@example.com"});
  CHECK(hits("(044) 123 45 67") == List{"i:(044) 123 45 67"});
  CHECK(hits("паспорт АА 123456, ID-картка 123456789") == List{"i:АА 123456", "i:123456789"});
  CHECK(hits("ІПН 1234567890") == List{"i:1234567890"});
  CHECK(hits("Дата народження: 01.02.1990") == List{"i:Дата народження"});
  CHECK(hits("дата рождения и адрес проживания") == List{"i:дата рождения", "i:адрес проживания"});
  CHECK(hits("Date of birth\n  unknown; 1985 р.н.") == List{"i:Date of birth", "i:р.н."});
  // Offsets are bytes into the original text, across Cyrillic and collapsed whitespace.
  const std::string text = "Клієнт, дата   народження 1990; тел 0671234567";
  const std::vector<SensitiveHit> found = find_sensitive(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].offset == text.find("дата"));
  CHECK(found[0].length == std::string("дата   народження").size());
  CHECK(found[0].kind == Sensitive::identifying);
  CHECK(text.substr(found[1].offset, found[1].length) == "0671234567");
}

TEST_CASE("lexicon: nothing inside other words, nor ordinary words, dates and short numbers") {
  CHECK(hits("окремо, окраїна, окр. Подільський") == List{});  // ОКР only as the capital abbreviation
  CHECK(hits("психозахист, психологиня, психотерапія") == List{});
  CHECK(hits("розладнаний телефон, розладналося") == List{});
  CHECK(hits("антидіагностичний; передіагноз") == List{});  // not at a word's start
  CHECK(hits("віл у полі, бар на розі; BAR") == List{});
  CHECK(hits("hearing aids, first aid; tranquil morning; psychosocial support; neuroscience") == List{});
  CHECK(hits("зустріч 2026-11-25 о 10:00, 25.11.2026, кабінет 12, до 3 місяців, 100 грн") == List{});
  CHECK(hits("B12 and A4 paper; F320; XF32") == List{});
  CHECK(hits("dose") == List{"m:dose"});
  CHECK(hits("doses, dosed; dosimeter") == List{"m:doses", "m:dosed"});
  CHECK(hits("email me @ home; a@b") == List{});
  CHECK(hits("") == List{});
}

TEST_CASE("lexicon: hits are in order of offset and never overlap") {
  const std::string text = "0671234567@example.com, F32; депресія 5 мг";
  const std::vector<SensitiveHit> found = find_sensitive(text);
  REQUIRE(found.size() == 4);
  CHECK(found[0].term == "0671234567@example.com");  // the address, not the number inside it
  for (std::size_t i = 1; i < found.size(); ++i) CHECK(found[i - 1].offset + found[i - 1].length <= found[i].offset);
  for (const SensitiveHit& h : found) CHECK(text.substr(h.offset, h.length) == h.term);
}
