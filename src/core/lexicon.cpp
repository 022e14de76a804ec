// Words that should not travel in a letter (see lexicon.hpp).
//
// The text is folded once (lower case as fold_name has it, whitespace runs as one space), with
// a map from each folded byte back to the original; every rule reads the folded text and
// reports original byte offsets. Words match at a word's start only (never inside another
// word), and a stem may be followed by at most as many letters as its inflections need:
// "психоз" finds "психозами" but not "психозахист", "розлад" finds "розладом" but not
// "розладнати". Abbreviations that are also ordinary words ("окр." for a district, "віл" an
// ox, "бар", "aids") count only when written in capitals.
#include "core/lexicon.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace kolo {

namespace {

constexpr int kAnyTail = 1000;

struct Term {
  std::string_view stem;  // folded (lower case); a space stands for any run of whitespace
  Sensitive kind;
  int tail;           // letters that may follow the stem: its inflections (0: a whole word)
  bool caps = false;  // counts only when written in capitals
};

constexpr Sensitive D = Sensitive::diagnosis, M = Sensitive::medication, I = Sensitive::identifying;

// clang-format off
constexpr Term kTerms[] = {
    // Diagnoses: the word itself, classifications, disorders (uk, ru, en).
    {"діагноз", D, 3}, {"диагноз", D, 3}, {"діагностов", D, kAnyTail}, {"диагностирова", D, kAnyTail},
    {"diagnos", D, kAnyTail}, {"мкх", D, 0}, {"мкб", D, 0}, {"icd", D, 0},
    {"розлад", D, 3}, {"расстройств", D, 3}, {"disorder", D, 2},
    {"депрес", D, kAnyTail}, {"depressi", D, kAnyTail},
    {"шизофрен", D, kAnyTail}, {"schizophren", D, kAnyTail},
    {"біполяр", D, kAnyTail}, {"биполяр", D, kAnyTail}, {"bipolar", D, kAnyTail}, {"бар", D, 0, true},
    {"психоз", D, 3}, {"психотичн", D, kAnyTail}, {"психотическ", D, kAnyTail}, {"psychos", D, 2}, {"psychotic", D, 1},
    {"невроз", D, 3}, {"neuros", D, 2},
    {"птср", D, 0}, {"ptsd", D, 0}, {"окр", D, 0, true}, {"ocd", D, 0},
    {"сдуг", D, 0}, {"сдвг", D, 0}, {"adhd", D, 0}, {"прл", D, 0, true}, {"bpd", D, 0},
    {"аутизм", D, 3}, {"аутист", D, kAnyTail}, {"autis", D, kAnyTail},
    {"деменці", D, kAnyTail}, {"деменци", D, kAnyTail}, {"dementia", D, 1},
    {"олігофрен", D, kAnyTail}, {"олигофрен", D, kAnyTail},
    {"епілеп", D, kAnyTail}, {"эпилеп", D, kAnyTail}, {"epilep", D, kAnyTail},
    {"анорекс", D, kAnyTail}, {"anorex", D, kAnyTail}, {"булімі", D, kAnyTail}, {"булими", D, kAnyTail},
    {"bulimi", D, kAnyTail},
    {"алкоголізм", D, 3}, {"алкоголизм", D, 3}, {"alcoholism", D, 0}, {"наркоман", D, kAnyTail},
    // Risk and use (seed 001: details the client did not allow to share).
    {"суїцид", D, kAnyTail}, {"суицид", D, kAnyTail}, {"suicid", D, kAnyTail},
    {"самогубств", D, kAnyTail}, {"самоубийств", D, kAnyTail},
    {"самоушкодж", D, kAnyTail}, {"самоповрежд", D, kAnyTail}, {"self-harm", D, 3}, {"self harm", D, 3},
    {"пар", D, 0, true}, {"пав", D, 0, true}, {"substance use", D, 0}, {"наркотик", D, kAnyTail},
    {"судимість", D, 2}, {"судимост", D, kAnyTail}, {"criminal record", D, 1},
    {"віл", D, 0, true}, {"вич", D, 0}, {"hiv", D, 0}, {"снід", D, 0}, {"спид", D, 0}, {"aids", D, 0, true},
    // Medication: classes, the words for doses and prescriptions, and common drugs by name.
    {"антидепресант", M, kAnyTail}, {"антидепрессант", M, kAnyTail}, {"antidepressant", M, kAnyTail},
    {"нейролептик", M, kAnyTail}, {"neuroleptic", M, kAnyTail},
    {"антипсихотик", M, kAnyTail}, {"antipsychotic", M, kAnyTail},
    {"транквіліз", M, kAnyTail}, {"транквилиз", M, kAnyTail}, {"tranquiliz", M, kAnyTail},
    {"tranquilis", M, kAnyTail}, {"tranquilliz", M, kAnyTail}, {"tranquillis", M, kAnyTail},
    {"бензодіазеп", M, kAnyTail}, {"бензодиазеп", M, kAnyTail}, {"benzodiazep", M, kAnyTail},
    {"снодійн", M, kAnyTail}, {"снотворн", M, kAnyTail}, {"sleeping pill", M, 1},
    {"медикаментозн", M, kAnyTail}, {"фармакотерап", M, kAnyTail}, {"pharmacotherap", M, kAnyTail},
    {"medication", M, 1}, {"prescription", M, 1},
    {"дозуван", M, kAnyTail}, {"дозировк", M, kAnyTail}, {"dosag", M, kAnyTail}, {"dose", M, 1},
    {"сертралін", M, kAnyTail}, {"сертралин", M, kAnyTail}, {"sertralin", M, kAnyTail},
    {"флуоксетин", M, kAnyTail}, {"fluoxetin", M, kAnyTail},
    {"есциталопрам", M, kAnyTail}, {"эсциталопрам", M, kAnyTail}, {"escitalopram", M, kAnyTail},
    {"циталопрам", M, kAnyTail}, {"citalopram", M, kAnyTail},
    {"пароксетин", M, kAnyTail}, {"paroxetin", M, kAnyTail},
    {"флувоксамін", M, kAnyTail}, {"флувоксамин", M, kAnyTail}, {"fluvoxamin", M, kAnyTail},
    {"венлафаксин", M, kAnyTail}, {"venlafaxin", M, kAnyTail}, {"дулоксетин", M, kAnyTail}, {"duloxetin", M, kAnyTail},
    {"міртазапін", M, kAnyTail}, {"миртазапин", M, kAnyTail}, {"mirtazapin", M, kAnyTail},
    {"амітриптилін", M, kAnyTail}, {"амитриптилин", M, kAnyTail}, {"amitriptylin", M, kAnyTail},
    {"бупропіон", M, kAnyTail}, {"бупропион", M, kAnyTail}, {"bupropion", M, kAnyTail},
    {"агомелатин", M, kAnyTail}, {"agomelatin", M, kAnyTail},
    {"вортіоксетин", M, kAnyTail}, {"вортиоксетин", M, kAnyTail}, {"vortioxetin", M, kAnyTail},
    {"тразодон", M, kAnyTail}, {"trazodon", M, kAnyTail},
    {"кветіапін", M, kAnyTail}, {"кветиапин", M, kAnyTail}, {"quetiapin", M, kAnyTail},
    {"оланзапін", M, kAnyTail}, {"оланзапин", M, kAnyTail}, {"olanzapin", M, kAnyTail},
    {"рисперидон", M, kAnyTail}, {"risperidon", M, kAnyTail},
    {"арипіпразол", M, kAnyTail}, {"арипипразол", M, kAnyTail}, {"aripiprazol", M, kAnyTail},
    {"галоперидол", M, kAnyTail}, {"haloperidol", M, kAnyTail},
    {"клозапін", M, kAnyTail}, {"клозапин", M, kAnyTail}, {"clozapin", M, kAnyTail},
    {"хлорпромазин", M, kAnyTail}, {"chlorpromazin", M, kAnyTail},
    {"вальпроат", M, kAnyTail}, {"valproat", M, kAnyTail}, {"ламотриджин", M, kAnyTail}, {"lamotrigin", M, kAnyTail},
    {"карбамазепін", M, kAnyTail}, {"карбамазепин", M, kAnyTail}, {"carbamazepin", M, kAnyTail},
    {"літій", M, 0}, {"літію", M, 0}, {"літієм", M, 0}, {"литий", M, 0}, {"лития", M, 0}, {"литием", M, 0},
    {"lithium", M, 0},
    {"алпразолам", M, kAnyTail}, {"alprazolam", M, kAnyTail},
    {"діазепам", M, kAnyTail}, {"диазепам", M, kAnyTail}, {"diazepam", M, kAnyTail},
    {"феназепам", M, kAnyTail}, {"phenazepam", M, kAnyTail}, {"клоназепам", M, kAnyTail}, {"clonazepam", M, kAnyTail},
    {"лоразепам", M, kAnyTail}, {"lorazepam", M, kAnyTail}, {"гідазепам", M, kAnyTail}, {"гидазепам", M, kAnyTail},
    {"метилфенідат", M, kAnyTail}, {"метилфенидат", M, kAnyTail}, {"methylphenidat", M, kAnyTail},
    {"атомоксетин", M, kAnyTail}, {"atomoxetin", M, kAnyTail},
    {"прегабалін", M, kAnyTail}, {"прегабалин", M, kAnyTail}, {"pregabalin", M, kAnyTail},
    {"гідроксизин", M, kAnyTail}, {"гидроксизин", M, kAnyTail}, {"hydroxyzin", M, kAnyTail},
    {"зопіклон", M, kAnyTail}, {"зопиклон", M, kAnyTail}, {"zopiclon", M, kAnyTail},
    {"золпідем", M, kAnyTail}, {"золпидем", M, kAnyTail}, {"zolpidem", M, kAnyTail},
    {"ксанакс", M, kAnyTail}, {"xanax", M, 0}, {"золофт", M, kAnyTail}, {"zoloft", M, 0},
    {"ципралекс", M, kAnyTail}, {"cipralex", M, 0}, {"прозак", M, kAnyTail}, {"prozac", M, 0},
    {"сероквель", M, kAnyTail}, {"seroquel", M, 0}, {"ріталін", M, kAnyTail}, {"риталин", M, kAnyTail},
    {"ritalin", M, 0}, {"атаракс", M, kAnyTail}, {"atarax", M, 0},
    // Identifying details said in words (numbers and addresses have rules of their own below).
    {"дата народження", I, 0}, {"дати народження", I, 0}, {"дату народження", I, 0}, {"датою народження", I, 0},
    {"рік народження", I, 0}, {"року народження", I, 0}, {"р.н.", I, 0},
    {"дата рождения", I, 0}, {"даты рождения", I, 0}, {"дату рождения", I, 0}, {"год рождения", I, 0},
    {"года рождения", I, 0}, {"г.р.", I, 0},
    {"date of birth", I, 0}, {"year of birth", I, 0}, {"dob", I, 0, true},
    {"адреса проживання", I, 0}, {"адресу проживання", I, 0}, {"адрес проживания", I, 0}, {"home address", I, 0},
};
// clang-format on

// ------------------------------------------------------------------------------------------------
// Characters
// ------------------------------------------------------------------------------------------------

std::size_t char_size(std::string_view s, std::size_t i) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  return std::min(n, s.size() - i);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A letter of a word: Latin (with the Latin-1 and Extended-A/B letters), Cyrillic, and the
// Ukrainian apostrophe U+02BC, which stands inside words ("пам’ять" typed properly).
bool is_letter(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  const unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  if (b >= 0xC3 && b <= 0xC9) return true;   // U+00C0..U+024F
  if (b >= 0xD0 && b <= 0xD4) return true;   // U+0400..U+053F, Cyrillic
  return b == 0xCA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC;
}

bool is_word_char(std::string_view s, std::size_t i) { return i < s.size() && (is_digit(s[i]) || is_letter(s, i)); }

std::size_t previous_char(std::string_view s, std::size_t i) {
  do --i;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
  return i;
}

bool starts_word(std::string_view s, std::size_t i) { return i == 0 || !is_word_char(s, previous_char(s, i)); }

// U+0020, tab, line breaks, no-break spaces (U+00A0, U+202F) and the thin space U+2009.
std::size_t space_size(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xE2\x80\x89") return 3;
  return 0;
}

// ------------------------------------------------------------------------------------------------
// The folded text
// ------------------------------------------------------------------------------------------------

struct Folded {
  std::string text;
  std::vector<std::size_t> from;  // from[k]: where folded byte k came from; from[text.size()] = the end
};

Folded fold(std::string_view original) {
  Folded f;
  f.text.reserve(original.size());
  f.from.reserve(original.size() + 1);
  for (std::size_t i = 0; i < original.size();) {
    if (const std::size_t space = space_size(original, i)) {
      if (f.text.empty() || f.text.back() != ' ') {
        f.text += ' ';
        f.from.push_back(i);
      }
      i += space;
      continue;
    }
    const std::size_t n = char_size(original, i);
    const std::string lower = fold_name(original.substr(i, n));
    f.text += lower;
    f.from.insert(f.from.end(), lower.size(), i);
    i += n;
  }
  f.from.push_back(original.size());
  return f;
}

// Every letter of original[from, to) is a capital: folding changes it.
bool in_capitals(std::string_view original, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; i += char_size(original, i)) {
    const std::string_view ch = original.substr(i, char_size(original, i));
    if (is_letter(original, i) && fold_name(ch) == ch) return false;
  }
  return true;
}

struct Span {
  std::size_t begin, end;  // folded bytes
  Sensitive kind;
};

// ------------------------------------------------------------------------------------------------
// The rules: each adds the spans it finds at folded offset k, a word's start
// ------------------------------------------------------------------------------------------------

void match_terms(std::string_view original, const Folded& f, std::size_t k, std::vector<Span>& out) {
  const std::string_view t = f.text;
  for (const Term& term : kTerms) {
    if (t.compare(k, term.stem.size(), term.stem) != 0) continue;
    std::size_t end = k + term.stem.size();
    int letters = 0;
    while (is_letter(t, end) && letters <= term.tail) {
      end += char_size(t, end);
      ++letters;
    }
    if (letters > term.tail || (end < t.size() && is_digit(t[end]))) continue;
    if (term.caps && !in_capitals(original, f.from[k], f.from[k + term.stem.size()])) continue;
    out.push_back(Span{k, end, term.kind});
  }
}

// Digits from k on; their count.
std::size_t digits_at(std::string_view t, std::size_t k) {
  std::size_t n = 0;
  while (k + n < t.size() && is_digit(t[k + n])) ++n;
  return n;
}

// An ICD-10 code: F00..F99 with or without a subdivision ("F32", "F43.1"); any other chapter
// only with one ("G40.1"), since a bare "B12" is as likely a vitamin or a room.
void match_icd(std::string_view t, std::size_t k, std::vector<Span>& out) {
  if (t[k] < 'a' || t[k] > 'z' || digits_at(t, k + 1) != 2) return;
  std::size_t end = k + 3;
  bool sub = false;
  if (end + 1 < t.size() && t[end] == '.' && digits_at(t, end + 1) >= 1 && digits_at(t, end + 1) <= 2) {
    end += 1 + digits_at(t, end + 1);
    sub = true;
  }
  if (is_word_char(t, end) || (t[k] != 'f' && !sub)) return;
  out.push_back(Span{k, end, Sensitive::diagnosis});
}

// An ICD-11 code of the mental, behavioural and neurodevelopmental chapter, 6A00 to 6E8Z: '6',
// a letter A to E, a digit, a digit or letter ("6A70", "6B40", "6A0Z"), optionally a
// subdivision of one or two digits or letters ("6A70.1", "6C40.2Z"). Only the whole word: not
// "16A70", "6A701", "6F10" (another chapter), "6A" or "6 A70".
void match_icd11(std::string_view t, std::size_t k, std::vector<Span>& out) {
  const auto alnum = [&](std::size_t i) { return i < t.size() && (is_digit(t[i]) || (t[i] >= 'a' && t[i] <= 'z')); };
  if (k + 4 > t.size() || t[k] != '6' || t[k + 1] < 'a' || t[k + 1] > 'e' || !is_digit(t[k + 2]) || !alnum(k + 3))
    return;
  std::size_t end = k + 4;
  if (end + 1 < t.size() && t[end] == '.' && alnum(end + 1)) {
    std::size_t sub = end + 1;
    while (sub < end + 3 && alnum(sub)) ++sub;
    if (!is_word_char(t, sub)) end = sub;
  }
  if (is_word_char(t, end)) return;
  out.push_back(Span{k, end, Sensitive::diagnosis});
}

// A dose: a number, an optional space, then mg / мг / mcg / мкг ("50 мг", "0,5mg").
void match_dose(std::string_view t, std::size_t k, std::vector<Span>& out) {
  std::size_t end = k + digits_at(t, k);
  if (end == k) return;
  if (end + 1 < t.size() && (t[end] == '.' || t[end] == ',') && digits_at(t, end + 1) > 0)
    end += 1 + digits_at(t, end + 1);
  if (end < t.size() && t[end] == ' ') ++end;
  for (std::string_view unit : {"мг", "mg", "мкг", "mcg"})
    if (t.compare(end, unit.size(), unit) == 0 && !is_word_char(t, end + unit.size())) {
      out.push_back(Span{k, end + unit.size(), Sensitive::medication});
      return;
    }
}

// A long number as phones, ID cards (9 digits) and tax numbers (10) are written: 9 to 15
// digits, grouped by spaces, hyphens and brackets, a '+' only first ("+380 67 123-45-67",
// "(044) 123 45 67", "1234567890"). Dates and short numbers have fewer digits.
void match_number(std::string_view t, std::size_t k, std::vector<Span>& out) {
  if (!is_digit(t[k]) && t[k] != '+' && t[k] != '(') return;
  std::size_t end = k, i = k;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (is_digit(c)) end = i + 1;
    else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == k))) break;
  }
  if (end == k || is_letter(t, end)) return;
  const std::string_view number = t.substr(k, end - k);
  const auto count = std::count_if(number.begin(), number.end(), is_digit);
  if (count >= 9 && count <= 15 && looks_like_phone(number)) out.push_back(Span{k, end, Sensitive::identifying});
}

// A Ukrainian passport of the old kind: two capital letters and six digits ("АА 123456").
void match_passport(std::string_view original, const Folded& f, std::size_t k, std::vector<Span>& out) {
  const std::string_view t = f.text;
  std::size_t i = k;
  for (int letter = 0; letter < 2; ++letter) {
    if (!is_letter(t, i)) return;
    i += char_size(t, i);
  }
  if (!in_capitals(original, f.from[k], f.from[i])) return;
  if (i < t.size() && t[i] == ' ') ++i;
  if (digits_at(t, i) != 6 || is_word_char(t, i + 6)) return;
  out.push_back(Span{k, i + 6, Sensitive::identifying});
}

// E-mail addresses, found from their '@'.
void match_emails(std::string_view t, std::vector<Span>& out) {
  const auto local = [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  const auto host = [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-'; };
  for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    std::size_t begin = at, end = at + 1;
    while (begin > 0 && local(t[begin - 1])) --begin;
    while (end < t.size() && host(t[end])) ++end;
    while (end > at + 1 && (t[end - 1] == '.' || t[end - 1] == '-')) --end;  // the sentence's full stop
    if (begin < at && looks_like_email(t.substr(begin, end - begin)))
      out.push_back(Span{begin, end, Sensitive::identifying});
  }
}

}  // namespace

std::vector<SensitiveHit> find_sensitive(std::string_view text) {
  const Folded f = fold(text);
  const std::string_view t = f.text;
  std::vector<Span> spans;
  for (std::size_t k = 0; k < t.size(); k += char_size(t, k)) {
    if (t[k] == ' ' || !starts_word(t, k)) continue;
    match_terms(text, f, k, spans);
    match_icd(t, k, spans);
    match_icd11(t, k, spans);
    match_dose(t, k, spans);
    match_number(t, k, spans);
    match_passport(text, f, k, spans);
  }
  match_emails(t, spans);
  // In order of offset, the longest first where two start together; then no overlaps.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<SensitiveHit> hits;
  std::size_t taken = 0;
  for (const Span& s : spans) {
    if (s.begin < taken) continue;
    taken = s.end;
    const std::size_t from = f.from[s.begin], to = f.from[s.end];
    hits.push_back(SensitiveHit{from, to - from, s.kind, std::string(text.substr(from, to - from))});
  }
  return hits;
}

}  // namespace kolo
