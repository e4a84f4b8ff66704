"""The words of consent banners, in English and the most spoken EU languages (de, fr, es, it,
pl, nl, ro, pt, cs, hu, sv, el): what makes a floating element a consent banner, and what
its controls do (accept / reject / settings / save), and which category a toggle is about.

Written for this project from the languages themselves, not copied from a rule set. Pure
functions of text: the page-side scan (engine.js) only collects labels and attributes."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Text that makes an element a consent banner: it speaks of cookies, consent, personal data
# or tracking. (A login form's "Accept" or an article's "Reject" has none of it.)
_CONSENT = [
    r"cookies?", r"cookie-uri", r"ciasteczk\w*", r"sütik?\w*", r"kakor", r"μπισκότ\w*",
    # consent
    r"consent\w*", r"einwillig\w*", r"zustimm\w*", r"consentement", r"consentimiento",
    r"consenso", r"consentimento", r"zgod[aęy]", r"toestemming", r"consim[tț]\w*",
    r"souhlas\w*", r"hozzájárul\w*", r"samtycke", r"συγκατάθεσ\w*",
    # personal data, privacy, tracking
    r"personal data", r"privacy", r"datenschutz\w*", r"données personnelles",
    r"vie privée", r"datos personales", r"privacidad", r"dati personali", r"dane osobowe",
    r"prywatnoś\w*", r"persoonsgegevens", r"date (cu caracter )?personal\w*",
    r"dados pessoais", r"privacidade", r"osobní údaj\w*", r"személyes adat\w*",
    r"personuppgift\w*", r"προσωπικά δεδομένα", r"απόρρητο", r"tracking", r"tracker\w*",
    r"local storage", r"(store|storing) (and|or|and/or) access\w*", r"on your device",
]
CONSENT_RE = re.compile(r"\b(" + "|".join(_CONSENT) + r")\b", re.I)

# "All": the word that turns a consent control into an accept-all or reject-all.
# Accept: agreeing, allowing, understanding (an info-only "Got it" is an accept).
_ACCEPT = [
    # en
    r"accept\w*", r"allow( all)?( cookies)?", r"agree", r"i agree", r"consent", r"ok(ay)?",
    r"got it", r"i understand", r"understood", r"yes", r"sounds good", r"fine by me",
    r"enable all", r"opt in", r"(that['’]s|that is|it['’]s) (ok|okay|fine)",
    # de
    r"akzeptier\w*", r"annehmen", r"alle annehmen", r"zustimmen", r"einverstanden",
    r"erlauben", r"zulassen", r"ich stimme zu", r"verstanden", r"alles klar", r"einwilligen",
    r"das ist (ok|okay|in ordnung)", r"in ordnung",
    # fr
    r"accepter", r"j'accepte", r"j’accepte", r"tout accepter", r"autoriser", r"d'accord",
    r"d’accord", r"ok pour moi", r"compris", r"j'ai compris", r"j’ai compris", r"oui",
    r"c['’]est (bon|ok|d['’]accord)",
    # es
    r"aceptar?", r"acepto", r"aceptar todo", r"aceptar todas", r"permitir", r"de acuerdo",
    r"entendido", r"consentir", r"sí",
    # it
    r"accett\w*", r"consenti", r"acconsento", r"ho capito", r"va bene( così)?", r"sì",
    # pl
    r"akceptuj\w*", r"zaakceptuj\w*", r"zgadzam się", r"zezwól\w*", r"rozumiem", r"zgoda",
    r"przejdź do serwisu", r"tak",
    # nl
    r"accepte\w*", r"akkoord", r"toestaan", r"alles toestaan", r"ik ga akkoord", r"begrepen",
    r"prima", r"ja", r"oké", r"dat is (ok|oké|prima)",
    # ro
    r"accept", r"accept[ăa]", r"de acord", r"permite", r"sunt de acord", r"am [îi]n[țt]eles",
    r"da",
    # pt
    r"aceit\w*", r"concordo", r"permitir", r"entendi", r"sim",
    # cs
    r"přijmout", r"přijmout vše", r"souhlasím", r"povolit", r"povolit vše", r"rozumím",
    r"ano",
    # hu
    r"elfogad\w*", r"engedélyez\w*", r"összes elfogadása", r"rendben", r"értem", r"igen",
    # sv
    r"accepter\w*", r"godkänn\w*", r"tillåt\w*", r"jag godkänner", r"jag förstår", r"okej",
    # el
    r"αποδοχή\w*", r"αποδέχομαι", r"συμφωνώ", r"επιτρέπ\w*", r"το κατάλαβα", r"εντάξει",
    r"ναι",
]
# Reject: refusing, and keeping only what is necessary.
_NECESSARY_ONLY = [
    r"(only|just) (the )?(strictly )?(necessary|essential|required|functional)( cookies)?",
    r"(strictly )?(necessary|essential|required)( cookies)? only",
    r"use (only )?necessary cookies( only)?",
    r"nur (die )?(technisch )?(notwendige\w*|essenziell\w*|erforderlich\w*|funktional\w*)"
    r"( cookies)?( akzeptieren| erlauben| zulassen)?",
    r"(uniquement|seulement) (les )?(cookies )?(nécessaires|essentiels|strictement nécessaires)",
    r"(solo|sólo|solamente) (las |los )?(cookies )?(necesari[ao]s|esenciales|técnicas)",
    r"(solo|soltanto) (i )?(cookie )?(necessari|essenziali|tecnici)",
    r"tylko (niezbędne|wymagane|konieczne)( pliki cookie)?",
    r"alleen (de )?(noodzakelijke|functionele|essentiële)( cookies)?",
    r"(doar|numai) (cele )?(necesare|esen[țt]iale)",
    r"(apenas|somente|só) (os )?(cookies )?(necessários|essenciais)",
    r"(pouze|jen) (nezbytné|nutné|nezbytně nutné)( cookies)?",
    r"csak (a )?(szükséges|alapvető|elengedhetetlen)\w*( sütik?)?",
    r"(endast|bara|enbart) (nödvändiga|nödvändig)( cookies| kakor)?",
    r"μόνο (τα )?(απαραίτητα|αναγκαία)( cookies)?",
]
_REJECT = _NECESSARY_ONLY + [
    # en
    r"reject\w*", r"decline\w*", r"deny\w*", r"refuse\w*", r"disagree", r"i disagree",
    r"do not (accept|agree|allow|consent)", r"don['’]t (accept|agree|allow)", r"no,? thanks?",
    r"no,? thank you", r"disable all", r"opt[- ]out", r"i (decline|refuse|reject)",
    r"continue without (accepting|agreeing|"
    r"consent(ing)?|cookies)", r"i do not agree", r"not now",
    # de
    r"ablehnen", r"alle ablehnen", r"alles ablehnen", r"verweigern", r"nicht (einverstanden|"
    r"zustimmen|akzeptieren)", r"(weiter|fortfahren) ohne (einwilligung|zustimmung|"
    r"akzeptieren)", r"ohne (einwilligung|zustimmung) (fortfahren|weiter)",
    r"ich stimme nicht zu", r"nein,? danke", r"(ich )?lehne (alle |alles )?ab",
    # fr
    r"refuser", r"tout refuser", r"je refuse", r"rejeter", r"tout rejeter",
    r"continuer sans accepter", r"non,? merci", r"je ne suis pas d['’]accord", r"interdire",
    # es
    r"rechazar\w*", r"rechazo", r"denegar", r"no acepto", r"no,? gracias",
    r"continuar sin aceptar", r"no estoy de acuerdo",
    # it
    r"rifiut\w*", r"nega\w*", r"continua senza accettare", r"non accetto", r"no,? grazie",
    r"non sono d['’]accordo",
    # pl
    r"odrzu\w*", r"odmów\w*", r"odmawiam", r"nie zgadzam się", r"nie akceptuję",
    # nl
    r"weiger\w*", r"alles weigeren", r"afwijzen", r"wijs af", r"niet akkoord",
    r"nee,? bedankt", r"ik weiger\w*", r"ik ga niet akkoord",
    # ro
    r"refuz\w*", r"resping\w*", r"nu sunt de acord", r"nu accept",
    # pt
    r"rejeitar\w*", r"recusar\w*", r"não aceito", r"não,? obrigad[oa]", r"não concordo",
    # cs
    r"odmítnout", r"odmítnout vše", r"nesouhlasím", r"zamítnout",
    # hu
    r"elutasít\w*", r"összes elutasítása", r"nem fogadom el", r"megtagad\w*",
    # sv
    r"avvisa\w*", r"neka\w*", r"avböj\w*", r"jag godkänner inte",
    # el
    r"απόρριψη\w*", r"απορρίπτω", r"απόρριπτω", r"δεν συμφωνώ", r"άρνηση",
]
# Save the choices made in a settings layer (an "accept selection" is a save, not an accept).
_SAVE = [
    r"save\w*", r"confirm( my)? (choices|selection|preferences)", r"confirm",
    r"submit( preferences)?", r"(allow|accept) (the )?(current )?(selection|selected)",
    r"(speichern|auswahl (speichern|bestätigen|erlauben|akzeptieren|zulassen)|bestätigen)",
    r"einstellungen speichern", r"ausgewählte (akzeptieren|erlauben|zulassen|speichern)",
    r"accepter (la |ma )?sélection\w*", r"accettare selezionat\w*",
    r"accetta (i )?selezionat\w*", r"aceptar seleccionad\w*", r"aceitar selecionad\w*",
    r"acceptera markerat", r"kiválasztottat elfogad", r"přijmout vybrané",
    r"geselecteerde( accepteren| toestaan)?", r"accepteer (de )?selectie",
    r"enregistrer\w*", r"sauvegarder", r"valider( (mes|la) (choix|sélection))?",
    r"confirmer( (mes|la) (choix|sélection))?", r"accepter (la|ma) sélection",
    r"guardar\w*", r"confirmar( selección)?", r"aceptar (la )?selección",
    r"salva\w*", r"conferma\w*", r"accetta (la )?selezione",
    r"zapisz\w*", r"potwierdź\w*", r"zaakceptuj wybrane",
    r"opslaan", r"keuze opslaan", r"bevestig\w*", r"selectie toestaan",
    r"salveaz[ăa]\w*", r"confirm[ăa]", r"salvare",
    r"salvar\w*", r"guardar", r"confirmar",
    r"uložit\w*", r"potvrdit\w*", r"povolit vybrané",
    r"mentés\w*", r"beállítások mentése", r"megerősít\w*", r"kiválasztottak engedélyezése",
    r"spara\w*", r"bekräfta\w*", r"tillåt urval",
    r"αποθήκευση\w*", r"επιβεβαίωση\w*",
]
# Open the second layer.
_SETTINGS = [
    r"(cookie |cookies |privacy )?(settings|preferences|options)", r"customi[sz]e\w*",
    r"manage\w*( (cookies|preferences|options|settings|choices))?", r"more options",
    r"let me choose", r"personali[sz]e", r"lassen sie mich (aus)?wählen",
    r"lass mich (aus)?wählen", r"laissez-moi choisir", r"lasciatemi scegliere",
    r"lasciami scegliere", r"laat me kiezen", r"pozwól mi wybrać", r"quiero elegir",
    r"déjame elegir", r"deixe-me escolher", r"quero escolher", r"set preferences", r"show purposes",
    r"(view|show|open|see|change|edit|adjust) (cookie |my |your )?(settings|preferences|options|"
    r"purposes|choices)",
    r"(cookie-?)?einstellungen", r"anpassen", r"verwalten", r"mehr optionen", r"konfigurieren",
    r"individuelle einstellungen", r"präferenzen", r"details anzeigen",
    r"paramètres", r"paramétrer\w*", r"personnaliser", r"gérer\w*( (les )?(cookies|choix|"
    r"préférences))?", r"préférences", r"plus d['’]options",
    r"configura\w*", r"personalizar", r"gestionar\w*", r"preferencias", r"ajustes",
    r"más opciones",
    r"impostazioni", r"personalizza", r"gestisci\w*", r"preferenze", r"più opzioni",
    r"ustawienia\w*", r"dostosuj\w*", r"zarządzaj\w*", r"preferencje", r"więcej opcji",
    r"instellingen", r"aanpassen", r"beheren", r"voorkeuren", r"meer opties",
    r"set[ăa]ri", r"personalizeaz[ăa]", r"gestioneaz[ăa]", r"preferin[țt]e",
    r"mai multe op[țt]iuni",
    r"definições", r"configurações", r"personalizar", r"gerir", r"gerenciar", r"preferências",
    r"mais opções",
    r"nastavení", r"přizpůsobit", r"spravovat", r"předvolby", r"další možnosti",
    r"beállítások", r"testreszab\w*", r"kezelés\w*", r"további lehetőségek",
    r"inställningar", r"anpassa", r"hantera\w*", r"fler alternativ",
    r"ρυθμίσεις", r"προσαρμογή", r"διαχείριση\w*", r"προτιμήσεις", r"περισσότερες επιλογές",
]
_ALL = r"(all|all cookies|everything|alle|alles|tout|tous|toutes|todo|todos|todas|tutto|tutti|" \
       r"wszystk\w*|toate|tot|tudo|vše|všechny|összes|mindet|alla|όλα|όλων)"


# What stands between "all" and "cookies": "Rifiuta tutti i cookie", "Refuser tous les cookies",
# "Rechazar todas las cookies", "Odrzuć wszystkie pliki cookie".
_ARTICLE = r"(?:(?:the|i|gli|le|les|las|los|os|as|die|de|het|pliki|plików)\s+)?"


def _phrase(words: Iterable[str]) -> re.Pattern[str]:
    """A label made of one of `words`, optionally with 'all' / 'cookies' around it, and
    trailing punctuation."""
    body = "|".join(f"(?:{w})" for w in words)
    return re.compile(
        rf"^(?:(?:ok|okay|yes|ja|oui|sí|si|sì|tak|da|sim|ano|igen|ναι)[,!]?\s+)?"
        rf"(?:{_ALL}\s+(?:cookies?\s+)?)?(?:{body})(?:\s+(?:{_ALL}|{_ARTICLE}cookies?|"
        rf"and (?:close|continue)|"
        rf"& (?:close|continue)|e continua|und (?:schließen|fortfahren|weiter)|"
        rf"et (?:fermer|continuer))){{0,2}}\s*[.!]?$", re.I)


ACCEPT_RE = _phrase(_ACCEPT)
REJECT_RE = _phrase(_REJECT)
NECESSARY_ONLY_RE = re.compile("|".join(f"(?:{w})" for w in _NECESSARY_ONLY), re.I)
# a save word, then a few more ("Save preferences", "Enregistrer mes choix"), never "all"
SAVE_RE = re.compile(r"^(?:" + "|".join(f"(?:{w})" for w in _SAVE) + r")(?:\s+[\w'’]+){0,3}"
                     r"\s*[.!]?$", re.I)
_SAVE_ALL = re.compile(rf"\b{_ALL}\b", re.I)
SETTINGS_RE = _phrase(_SETTINGS)
# A word anywhere in a longer label that says "accept": what a reject must never contain.
ACCEPT_WORD_RE = re.compile(
    r"\b(accept\w*|akzeptier\w*|annehmen|zustimm\w*|allow|erlauben|agree|accepter|aceptar|"
    r"accett\w*|akceptuj\w*|accepteren|aceitar|přijmout|elfogad\w*|acceptera|godkänn\w*|"
    r"αποδοχή|συμφωνώ)\b", re.I)
NEGATION_RE = re.compile(
    r"\b(not|don['’]t|without|nicht|ohne|ne|pas|sans|no|non|sin|senza|nie|niet|nu|não|"
    r"ne|nem|inte|δεν)\b", re.I)

# Attributes (id, class, data-*, name) that name what a control does, when its text does not.
_ATTR_REJECT = re.compile(r"(reject|decline|deny|refuse|opt-?out|disallow|necessary-?only)",
                          re.I)
_ATTR_ACCEPT = re.compile(r"(accept|allow-?all|agree|opt-?in)", re.I)
_ATTR_SETTINGS = re.compile(r"(settings|preferences|customi[sz]e|manage)", re.I)
_ATTR_SAVE = re.compile(r"(save|confirm|submit-?choices)", re.I)

MAX_LABEL = 80

# Categories of a settings layer's toggles, by their label. German, Dutch and Swedish write
# compounds ("Besucherstatistik", "Werbecookies", "Marketingcookies"): the stems match
# inside a word there.
_CATEGORY_WORDS = {
    "necessary": r"necessary|essential|strictly|required|technical|notwendig\w*|"
                 r"essen[zt]iell\w*|erforderlich\w*|nécessaires?|essentiels?|necesari[ao]s|esenciales|técnicas|"
                 r"necessari|tecnici|niezbędne|noodzakelijk\w*|necesare|necessários|"
                 r"nezbytné|szükséges|nödvändiga|απαραίτητα",
    "marketing": r"marketing\w*|targeting|advertising|advertisement|ads|\w*werbung|werbe\w*|"
                 r"marknadsföring|publicit\w*|"
                 r"pubblicit\w*|reklam\w*|advertentie\w*|reclame|publicidade|publicidad|"
                 r"hirdetés\w*|διαφήμιση\w*|social media|personali[sz]ed",
    "analytics": r"analyti\w*|statistic\w*|performance|measurement|\w*statisti\w*|\w*analys\w*|"
                 r"\w*messung|"
                 r"mesure d['’]audience|rendimiento|prestazion\w*|analityczne|statistické|"
                 r"statisztika\w*|στατιστικ\w*|επιδόσεων",
    "functional": r"functional|functionality|preferences?|personali[sz]ation|funktional\w*|"
                  r"präferenz\w*|fonctionnel\w*|préférences|funcional\w*|funzional\w*|"
                  r"funkcjonalne|functionele|func[țt]ionale|funkční|funkcionális|funktionella|"
                  r"λειτουργικ\w*",
}
_CATEGORY_RES = {k: re.compile(rf"\b({v})\b", re.I) for k, v in _CATEGORY_WORDS.items()}


def fold(text: str) -> str:
    """White space folded, trimmed, curly quotes kept."""
    return re.sub(r"\s+", " ", text or "").strip()


def is_consent_text(text: str) -> bool:
    """Whether an element's text speaks of cookies, consent, personal data or tracking."""
    return bool(CONSENT_RE.search(fold(text)[:5000]))


def classify_control(label: str, attrs: str = "") -> str | None:
    """accept | reject | settings | save, or None: what a control of a consent banner does,
    by its visible label (or, when it has none, its id, class and data attributes).

    A reject is never something that reads like accept, unless it accepts only what is
    necessary ("Accept only necessary")."""
    text = fold(label).lower().strip(" ›»>→✓✔×")
    if len(text) > MAX_LABEL:
        return None
    if text:
        if REJECT_RE.match(text):
            if ACCEPT_WORD_RE.search(text) and not NECESSARY_ONLY_RE.search(text) \
                    and not NEGATION_RE.search(text):
                return None
            return "reject"
        if NECESSARY_ONLY_RE.search(text):
            return "reject"
        if SAVE_RE.match(text) and not _SAVE_ALL.search(text):
            return "save"
        if ACCEPT_RE.match(text):
            return "accept"
        if SETTINGS_RE.match(text):
            return "settings"
        return None
    # no visible label: an icon button; its attributes may still say what it is
    if _ATTR_REJECT.search(attrs) and not _ATTR_ACCEPT.search(attrs):
        return "reject"
    if _ATTR_ACCEPT.search(attrs) and not _ATTR_REJECT.search(attrs):
        return "accept"
    if _ATTR_SAVE.search(attrs):
        return "save"
    if _ATTR_SETTINGS.search(attrs):
        return "settings"
    return None


def category_of(label: str) -> str | None:
    """The taxonomy category a settings toggle is about, from its label (or None)."""
    text = fold(label)
    for category in ("necessary", "marketing", "analytics", "functional"):
        if _CATEGORY_RES[category].search(text):
            return category
    return None
