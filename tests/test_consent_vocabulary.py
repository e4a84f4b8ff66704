"""The general banner engine's words: consent banners and their controls in English and the
most spoken EU languages, with negatives in every language (an article's "Reject", a login
form's "Accept", an accept that must never be taken for a reject)."""

from __future__ import annotations

import pytest

from pytest_privacy.consent.vocabulary import category_of, classify_control, is_consent_text

# language: (banner text, accept, reject, settings, save, a reject-looking accept)
CASES = {
    "en": ("We use cookies to improve your experience.", "Accept all", "Reject all",
           "Cookie settings", "Save preferences", "Accept all cookies"),
    "de": ("Wir verwenden Cookies und benötigen Ihre Einwilligung.", "Alle akzeptieren",
           "Alle ablehnen", "Einstellungen", "Auswahl speichern", "Alle zulassen"),
    "fr": ("Ce site utilise des cookies avec votre consentement.", "Tout accepter",
           "Tout refuser", "Personnaliser", "Enregistrer mes choix", "J'accepte"),
    "es": ("Usamos cookies para mejorar su experiencia.", "Aceptar todo", "Rechazar todo",
           "Configurar", "Guardar preferencias", "Aceptar"),
    "it": ("Questo sito utilizza cookie, con il tuo consenso.", "Accetta tutto",
           "Rifiuta tutto", "Personalizza", "Salva le preferenze", "Accetto"),
    "pl": ("Ta strona używa plików cookies za Twoją zgodą.", "Akceptuję wszystkie",
           "Odrzuć wszystkie", "Ustawienia", "Zapisz ustawienia", "Zaakceptuj"),
    "nl": ("Deze website gebruikt cookies met uw toestemming.", "Alles toestaan",
           "Alles weigeren", "Instellingen", "Keuze opslaan", "Accepteren"),
    "ro": ("Acest site folosește cookie-uri cu consimțământul dvs.", "Accept toate",
           "Respinge toate", "Setări", "Salvează preferințele", "Sunt de acord"),
    "pt": ("Utilizamos cookies para melhorar a sua experiência.", "Aceitar todos",
           "Rejeitar todos", "Personalizar", "Guardar preferências", "Aceito"),
    "cs": ("Tento web používá cookies s vaším souhlasem.", "Přijmout vše", "Odmítnout vše",
           "Nastavení", "Uložit nastavení", "Souhlasím"),
    "hu": ("Ez a weboldal sütiket használ a hozzájárulásával.", "Összes elfogadása",
           "Összes elutasítása", "Beállítások", "Beállítások mentése", "Elfogadom"),
    "sv": ("Vi använder cookies med ditt samtycke.", "Acceptera alla", "Avvisa alla",
           "Inställningar", "Spara inställningar", "Godkänn alla"),
    "el": ("Χρησιμοποιούμε cookies με τη συγκατάθεσή σας.", "Αποδοχή όλων",
           "Απόρριψη όλων", "Ρυθμίσεις", "Αποθήκευση", "Συμφωνώ"),
}
# Text in the same languages that is not a consent banner: an article with a "Reject" link,
# a login form with its "Accept".
NOT_BANNERS = {
    "en": "Sign in to your account. Accept the terms to continue.",
    "de": "Melden Sie sich an. Ablehnen oder annehmen Sie die Einladung zum Termin.",
    "fr": "Le parlement a voté pour rejeter la loi. Refuser l'invitation",
    "es": "Inicie sesión con su correo. Rechazar la invitación",
    "it": "Il governo ha deciso di rifiutare la proposta. Accetta l'invito",
    "pl": "Zaloguj się. Odrzuć zaproszenie do znajomych",
    "nl": "Log in met uw e-mail. Uitnodiging weigeren",
    "ro": "Autentificați-vă. Respinge invitația",
    "pt": "Entre na sua conta. Recusar convite",
    "cs": "Přihlaste se. Odmítnout pozvánku",
    "hu": "Jelentkezzen be. Meghívó elutasítása",
    "sv": "Logga in. Avvisa inbjudan",
    "el": "Συνδεθείτε στον λογαριασμό σας. Απόρριψη πρόσκλησης",
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_banner_controls_in_every_language(lang: str) -> None:
    text, accept, reject, settings, save, accept_like = CASES[lang]
    assert is_consent_text(text), lang
    assert classify_control(accept) == "accept", (lang, accept)
    assert classify_control(reject) == "reject", (lang, reject)
    assert classify_control(settings) == "settings", (lang, settings)
    assert classify_control(save) == "save", (lang, save)
    # never an accept-like control taken for a reject
    assert classify_control(accept_like) != "reject", (lang, accept_like)
    assert classify_control(accept.upper()) == "accept", lang


@pytest.mark.parametrize("lang", sorted(NOT_BANNERS))
def test_no_consent_vocabulary_no_banner(lang: str) -> None:
    assert not is_consent_text(NOT_BANNERS[lang]), lang


@pytest.mark.parametrize("label", [
    "Accept and sign in", "Read more about why we reject the proposal", "Rejected applications",
    "Accept invitation and continue to the checkout page of our shop", "Log in", "Close",
    "Subscribe", "Allow notifications for new comments on this article"])
def test_long_or_unrelated_labels_are_no_controls(label: str) -> None:
    assert classify_control(label) in (None, "settings") or label == "Close", label
    assert classify_control(label) != "reject"


@pytest.mark.parametrize("label", [
    "Accept only necessary", "Only necessary cookies", "Nur notwendige Cookies akzeptieren",
    "Continuer sans accepter", "Do not accept", "Ich stimme nicht zu", "Use necessary cookies only",
    "Deny all cookies", "No, thanks"])
def test_refusals_that_mention_accept(label: str) -> None:
    assert classify_control(label) == "reject", label


@pytest.mark.parametrize("label", ["OK, accept all", "Accept all & close", "Allow all cookies",
                                   "Got it", "Yes, I agree", "I agree"])
def test_accepts(label: str) -> None:
    assert classify_control(label) == "accept", label


def test_icon_controls_by_attributes() -> None:
    assert classify_control("", "btn cc-deny") == "reject"
    assert classify_control("", "js-accept-all") == "accept"
    assert classify_control("", "accept-or-reject") is None


@pytest.mark.parametrize(("label", "category"), [
    ("Strictly Necessary Cookies", "necessary"), ("Performance Cookies", "analytics"),
    ("Targeting Cookies", "marketing"), ("Functional Cookies", "functional"),
    ("Statistiken", "analytics"), ("Publicité ciblée", "marketing"),
    ("Preferences", "functional"), ("Marketing", "marketing")])
def test_toggle_categories(label: str, category: str) -> None:
    assert category_of(label) == category


# The labels real open-source consent managers ship in their own translations (Klaro's first
# layer and modal, tarteaucitron's language files) and site owners' usual wording.
@pytest.mark.parametrize(("label", "kind"), [
    ("Das ist ok", "accept"), ("Ich lehne ab", "reject"),
    ("Lassen Sie mich wählen", "settings"), ("Ausgewählte akzeptieren", "save"),
    ("That's ok", "accept"), ("I decline", "reject"),
    ("C'est bon.", "accept"), ("Laissez-moi choisir", "settings"),
    ("Accepter sélectionné", "save"), ("Refuser tous les cookies", "reject"),
    ("Va bene così", "accept"), ("Lasciatemi scegliere", "settings"),
    ("Accettare selezionato", "save"), ("Rifiuta tutti i cookie", "reject"),
    ("Consenti tutti i cookie", "accept"),
    ("Dat is oké", "accept"), ("Ik weiger", "reject"), ("Laat me kiezen", "settings"),
    ("Odmawiam", "reject"), ("Pozwól mi wybrać", "settings"),
    ("Odrzuć wszystkie pliki cookie", "reject"), ("Zaakceptuj wybrane", "save"),
    ("Rechazar todas las cookies", "reject"), ("Quiero elegir", "settings"),
    ("Alle Cookies ablehnen", "reject"), ("Alle Cookies akzeptieren", "accept"),
    ("Απόρριπτω", "reject")])
def test_real_managers_translations(label: str, kind: str) -> None:
    assert classify_control(label) == kind, label


# Near misses of those: negated, another verb, or accepting a selection (never accept-all).
@pytest.mark.parametrize("label", [
    "Das ist nicht ok", "Ich lehne nicht ab", "Lassen Sie mich wissen", "Ce n'est pas bon",
    "Non va bene", "Lasciatemi un messaggio", "Laat me weten", "Ausgewählte akzeptieren",
    "Accettare selezionato", "Zaakceptuj wybrane", "Rifiuta tutti i cookie"])
def test_near_misses_of_translations_are_no_accept(label: str) -> None:
    assert classify_control(label) != "accept", label


@pytest.mark.parametrize("label", [
    "Das ist ok", "Alle Cookies akzeptieren", "Consenti tutti i cookie", "Va bene così",
    "Dat is oké", "Ausgewählte akzeptieren", "Lassen Sie mich wählen", "C'est bon."])
def test_translated_accepts_are_no_reject(label: str) -> None:
    assert classify_control(label) != "reject", label


# German, Dutch and Swedish compounds name a toggle's category inside one word.
@pytest.mark.parametrize(("label", "category"), [
    ("Besucherstatistik", "analytics"), ("Reichweitenmessung", "analytics"),
    ("Webanalyse", "analytics"), ("Werbecookies", "marketing"), ("Marketingcookies", "marketing"),
    ("Notwendige Cookies", "necessary"), ("Essenzielle Cookies", "necessary"),
    ("Analytische cookies", "analytics"), ("Marknadsföring", "marketing"),
    ("Externe Medien", None), ("Besucher", None), ("Alle Dienste aktivieren", None)])
def test_toggle_categories_in_compounds(label: str, category: str | None) -> None:
    assert category_of(label) == category, label
