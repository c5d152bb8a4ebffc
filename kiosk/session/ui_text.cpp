#include "kiosk/session/ui_text.h"

#include <array>
#include <map>

namespace soundings::kiosk {
namespace {

struct Row {
  Text key;
  const char* en;
  const char* cy;
  const char* pl;
};

// Welsh and Polish wording is a first draft for the councils' translators to review.
constexpr std::array kRows = {
    Row{Text::kTouchToStart, "Touch to start", "Cyffyrddwch i ddechrau", "Dotknij, aby rozpocząć"},
    Row{Text::kHaveCode, "I have an invitation code", "Mae gen i god gwahoddiad",
        "Mam kod zaproszenia"},
    Row{Text::kChooseLanguage, "Language", "Iaith", "Język"},
    Row{Text::kEnterCode, "Enter your invitation code", "Rhowch eich cod gwahoddiad",
        "Wpisz swój kod zaproszenia"},
    Row{Text::kCodeHelp, "You will find it in your invitation. Spaces and dashes do not matter.",
        "Mae yn eich gwahoddiad. Does dim ots am fylchau a llinellau.",
        "Znajdziesz go w zaproszeniu. Spacje i myślniki nie mają znaczenia."},
    Row{Text::kContinue, "Continue", "Parhau", "Dalej"},
    Row{Text::kCodeUnknown, "We do not recognise that code. Please check it and try again.",
        "Nid ydym yn adnabod y cod hwnnw. Gwiriwch ef a rhowch gynnig arall arni.",
        "Nie rozpoznajemy tego kodu. Sprawdź go i spróbuj ponownie."},
    Row{Text::kCodeExpired, "That code has expired. Please ask the person who invited you.",
        "Mae'r cod hwnnw wedi dod i ben. Gofynnwch i'r sawl a'ch gwahoddodd.",
        "Ten kod wygasł. Zapytaj osobę, która cię zaprosiła."},
    Row{Text::kCodeUsed, "That code has already been used on this kiosk.",
        "Mae'r cod hwnnw eisoes wedi'i ddefnyddio ar y ciosg hwn.",
        "Ten kod został już użyty w tym kiosku."},
    Row{Text::kCodeLocked, "Too many attempts. Please wait a minute and try again.",
        "Gormod o ymdrechion. Arhoswch funud a rhowch gynnig arall arni.",
        "Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie."},
    Row{Text::kCodeEmpty, "Please type your code first.", "Teipiwch eich cod yn gyntaf.",
        "Najpierw wpisz swój kod."},
    Row{Text::kConfirmTitle, "You are giving feedback on {subject} as: {group}.",
        "Rydych yn rhoi adborth ar {subject} fel: {group}.",
        "Przekazujesz opinię o {subject} jako: {group}."},
    Row{Text::kConfirmResume, "Welcome back. You can carry on where you stopped.",
        "Croeso'n ôl. Gallwch barhau o'r man lle gwnaethoch stopio.",
        "Witaj ponownie. Możesz kontynuować od miejsca, w którym przerwałeś."},
    Row{Text::kThisIsMe, "Yes, that is right", "Ydy, mae hynny'n gywir", "Tak, to się zgadza"},
    Row{Text::kNotMe, "This is not me", "Nid fi yw hwn", "To nie ja"},
    Row{Text::kNotMeHelp,
        "That code belongs to someone else. Please check your invitation, or ask a member of "
        "staff.",
        "Mae'r cod hwnnw'n perthyn i rywun arall. Gwiriwch eich gwahoddiad, neu gofynnwch i aelod "
        "o "
        "staff.",
        "Ten kod należy do kogoś innego. Sprawdź zaproszenie lub zapytaj pracownika."},
    Row{Text::kPrivacyTitle, "Your privacy", "Eich preifatrwydd", "Twoja prywatność"},
    Row{Text::kAnswerBy, "Please answer by {date}.", "Atebwch erbyn {date}, os gwelwch yn dda.",
        "Prosimy o odpowiedź do {date}."},
    Row{Text::kAgree, "I agree, start", "Rwy'n cytuno, dechrau", "Zgadzam się, zaczynamy"},
    Row{Text::kDecline, "No thanks", "Dim diolch", "Nie, dziękuję"},
    Row{Text::kNext, "Next", "Nesaf", "Dalej"},
    Row{Text::kBack, "Back", "Yn ôl", "Wstecz"},
    Row{Text::kReviewAnswers, "Check my answers", "Gwirio fy atebion", "Sprawdź moje odpowiedzi"},
    Row{Text::kReviewTitle, "Check your answers", "Gwiriwch eich atebion",
        "Sprawdź swoje odpowiedzi"},
    Row{Text::kChange, "Change", "Newid", "Zmień"},
    Row{Text::kSubmit, "Send my answers", "Anfon fy atebion", "Wyślij moje odpowiedzi"},
    Row{Text::kNoAnswer, "(no answer)", "(dim ateb)", "(brak odpowiedzi)"},
    Row{Text::kThankYouTitle, "Thank you", "Diolch", "Dziękujemy"},
    Row{Text::kThankYouBody, "Your answers have been saved.", "Mae eich atebion wedi'u cadw.",
        "Twoje odpowiedzi zostały zapisane."},
    Row{Text::kStillThere, "Are you still there?", "Ydych chi dal yma?", "Czy nadal tu jesteś?"},
    Row{Text::kStillThereBody, "Your answers will be cleared in {seconds} seconds.",
        "Bydd eich atebion yn cael eu clirio mewn {seconds} eiliad.",
        "Twoje odpowiedzi zostaną usunięte za {seconds} s."},
    Row{Text::kImStillHere, "I am still here", "Rydw i dal yma", "Nadal tu jestem"},
    Row{Text::kStartAgain, "Start again", "Dechrau eto", "Zacznij od nowa"},
    Row{Text::kRequired, "Please answer this question.", "Atebwch y cwestiwn hwn.",
        "Odpowiedz na to pytanie."},
    Row{Text::kRequiredRows, "Please answer every row.", "Atebwch bob rhes.",
        "Odpowiedz w każdym wierszu."},
    Row{Text::kTextSize, "Text size", "Maint testun", "Rozmiar tekstu"},
    Row{Text::kHighContrast, "High contrast", "Cyferbyniad uchel", "Wysoki kontrast"},
    Row{Text::kPageOf, "Page {page} of {pages}", "Tudalen {page} o {pages}",
        "Strona {page} z {pages}"},
    Row{Text::kOptionalSection, "This section is optional.", "Mae'r adran hon yn ddewisol.",
        "Ta sekcja jest opcjonalna."},
    Row{Text::kSkipSection, "Skip this section", "Hepgor yr adran hon", "Pomiń tę sekcję"},
    Row{Text::kPreferNotToSay, "Prefer not to say", "Gwell gennyf beidio â dweud",
        "Wolę nie odpowiadać"},
    Row{Text::kNotApplicable, "Not applicable", "Amherthnasol", "Nie dotyczy"},
    Row{Text::kYes, "Yes", "Ydw", "Tak"},
    Row{Text::kNo, "No", "Nac ydw", "Nie"},
    Row{Text::kSaveFailed,
        "This kiosk could not save your answer. Please ask a member of staff for help.",
        "Ni allai'r ciosg hwn gadw eich ateb. Gofynnwch i aelod o staff am help.",
        "Kiosk nie mógł zapisać odpowiedzi. Poproś pracownika o pomoc."},
    Row{Text::kSubmitFailed,
        "This kiosk could not save your response. Please ask a member of staff for help.",
        "Ni allai'r ciosg hwn gadw eich ymateb. Gofynnwch i aelod o staff am help.",
        "Kiosk nie mógł zapisać ankiety. Poproś pracownika o pomoc."},
    Row{Text::kMoveUp, "Up", "I fyny", "W górę"},
    Row{Text::kMoveDown, "Down", "I lawr", "W dół"},
    Row{Text::kRatingLow, "0 = not at all likely", "0 = dim yn debygol o gwbl",
        "0 = zupełnie nieprawdopodobne"},
    Row{Text::kRatingHigh, "10 = extremely likely", "10 = hynod debygol",
        "10 = bardzo prawdopodobne"},
    Row{Text::kKeyboard, "Keyboard", "Bysellfwrdd", "Klawiatura"},
    Row{Text::kDone, "Done", "Gorffen", "Gotowe"},
    Row{Text::kPickUpTo, "Choose up to {n}.", "Dewiswch hyd at {n}.", "Wybierz najwyżej {n}."},
    Row{Text::kRequiredMark, "(required)", "(gofynnol)", "(wymagane)"},
    Row{Text::kCharactersLeft, "{n} characters left", "{n} nod ar ôl", "Pozostało znaków: {n}"},
    Row{Text::kOperatorPin, "Staff PIN", "PIN staff", "PIN pracownika"},
    Row{Text::kCancel, "Cancel", "Canslo", "Anuluj"},
    Row{Text::kClear, "Clear", "Clirio", "Wyczyść"},
    Row{Text::kKeepOrder, "Keep this order", "Cadw'r drefn hon", "Zostaw tę kolejność"},
    Row{Text::kPressToChoose,
        "Use the Up and Down buttons to put them in order, most preferred first.",
        "Defnyddiwch y botymau I fyny ac I lawr i'w rhoi mewn trefn, y ffefryn yn gyntaf.",
        "Użyj przycisków W górę i W dół, aby ułożyć je od najbardziej preferowanego."},
    Row{Text::kMissingOne, "1 question needs an answer.", "Mae angen ateb 1 cwestiwn.",
        "Pytania bez odpowiedzi: 1."},
    Row{Text::kMissingMany, "{n} questions need an answer.", "Mae angen ateb {n} cwestiwn.",
        "Pytania bez odpowiedzi: {n}."},
    Row{Text::kCheckOne, "1 question needs checking.", "Mae angen gwirio 1 cwestiwn.",
        "Pytania do sprawdzenia: 1."},
    Row{Text::kCheckMany, "{n} questions need checking.", "Mae angen gwirio {n} cwestiwn.",
        "Pytania do sprawdzenia: {n}."},
    Row{Text::kListen, "Listen", "Gwrando", "Posłuchaj"},
    Row{Text::kStopListening, "Stop", "Stopio", "Zatrzymaj"},
    Row{Text::kNoSound, "No sound", "Dim sain", "Brak dźwięku"},
    Row{Text::kSettings, "Aa / Language", "Aa / Iaith", "Aa / Język"},
    Row{Text::kSettingsTitle, "Text size, contrast and language",
        "Maint testun, cyferbyniad ac iaith", "Rozmiar tekstu, kontrast i język"},
    Row{Text::kClose, "Close", "Cau", "Zamknij"},
    Row{Text::kHideKeyboard, "Hide keyboard", "Cuddio'r bysellfwrdd", "Ukryj klawiaturę"},
};

using Table = std::map<Text, std::map<std::string, std::string>>;

const Table& BuildTable() {
  static const Table table = [] {
    Table t;
    for (const auto& row : kRows) t[row.key] = {{"en", row.en}, {"cy", row.cy}, {"pl", row.pl}};
    return t;
  }();
  return table;
}

}  // namespace

const std::string& UiText(Text key, const std::string& language) {
  static const std::string kEmpty;
  const auto& table = BuildTable();
  auto row = table.find(key);
  if (row == table.end()) return kEmpty;
  if (auto it = row->second.find(language); it != row->second.end()) return it->second;
  return row->second.at("en");
}

std::string Fill(std::string text, const std::string& name, const std::string& value) {
  const std::string placeholder = "{" + name + "}";
  for (auto pos = text.find(placeholder); pos != std::string::npos;
       pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

std::string LanguageName(const std::string& code) {
  static const std::map<std::string, std::string> kNames = {
      {"en", "English"},  {"cy", "Cymraeg"}, {"pl", "Polski"},  {"ga", "Gaeilge"},
      {"gd", "Gàidhlig"}, {"ur", "Urdu"},    {"pa", "Punjabi"}, {"ro", "Română"}};
  auto it = kNames.find(code);
  return it == kNames.end() ? code : it->second;
}

std::vector<std::string> UiLanguages() { return {"en", "cy", "pl"}; }

}  // namespace soundings::kiosk
