"""Pattern families over a policy's sentences: each observable promise becomes a drafted check.

Precision first: a family drafts a check only when its sentence makes the promise in so many
words (a verb of the promise, not negated, about cookies or tracking where that matters, with
the categories named). A promise limited to some visitors ("residents of California") is drafted
as a `record: true` check, since a run cannot know where it comes from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_privacy.declared import categories_in, category_of
from pytest_privacy.derive.sentences import Sentence

NON_NECESSARY = ("functional", "analytics", "marketing")

# Family names: also each drafted check's tag.
FAMILIES = ("consent_before", "consent_refusal", "consent_choice", "consent_withdrawal",
            "banner", "gpc", "gpc_not_honoured", "dnt", "dnt_not_honoured", "links",
            "no_sale", "not_used", "declared", "policy_text")


@dataclass
class Drafted:
    """One check as derive drafts it, plus why (family) and from where (sentence)."""

    family: str
    id: str
    sentence: Sentence
    expect: dict[str, Any]
    when: Any = None
    pages: list[str] | None = None
    record: bool = False
    comment: str = ""  # written above the check
    claim_text: str | None = None  # several sentences quoted, when one check holds them all

    @property
    def claim(self) -> str:
        return self.sentence.text


@dataclass
class Findings:
    checks: list[Drafted] = field(default_factory=list)
    reject_control: str | None = None
    accept_control: str | None = None
    notes: list[tuple[Sentence, str]] = field(default_factory=list)  # unobservable


def low(text: str) -> str:
    """Lower case, straight quotes, "n't" spelt out: what the patterns read."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\b(ca|wo|do|does|did|is|are|was|were|have|has|should|could|would)n't\b",
                  lambda m: {"ca": "can", "wo": "will"}.get(m.group(1), m.group(1)) + " not",
                  text, flags=re.I)
    return text.casefold()


NEG = r"\b(?:not|never|no longer|neither|nor)\b"


def negated(text: str, verb: str, gap: int = 4) -> bool:
    """A negation at most `gap` words before the verb ("we do not currently honor")."""
    return re.search(rf"{NEG}(?:\s+[\w'-]+){{0,{gap}}}?\s+(?:{verb})", text) is not None


COOKIE_CONTEXT = re.compile(r"cookie|tracker|tracking|pixel|\btags?\b|similar technolog|"
                            r"local storage|web beacon|\bsdks?\b|\bscripts?\b", re.I)
NON_ESSENTIAL = re.compile(r"non[- ]?(essential|necessary)|not (strictly )?(necessary|essential)|"
                           r"optional cookies|all other cookies|any other cookies|"
                           r"other cookies|other (types of )?(cookies|technologies)", re.I)
SCOPE = re.compile(
    r"\b(?:residents? of [^,.;]+|if you (?:are|live|reside) in [^,.;]+|"
    r"(?:visitors|users|consumers) (?:from|in) [^,.;]+|located in [^,.;]+|"
    r"depending on (?:where you live|your (?:location|jurisdiction|state))|"
    r"where (?:required|applicable) (?:by|under) (?:applicable )?law|"
    r"(?:in|for) (?:certain|some) (?:states|jurisdictions|regions)|"
    r"in (?:the )?(?:states?|jurisdictions?) (?:of|where|that) [^,.;]+|"
    r"only (?:for|to|in) (?:residents|visitors|users|consumers|people|individuals) [^,.;]+|"
    r"after you (?:sign|log) in[^,.;]*|when you are (?:signed|logged) in[^,.;]*|"
    r"on (?:the )?pages (?:you see )?(?:after|when|once) [^,.;]+)",
    re.I)
OUT_OF_REACH = re.compile(r"under the age of|\bchildren\b|\bminors?\b|\bsensitive personal|"
                          r"\bknowingly\b|\bemployees?\b|\bjob applicants?\b", re.I)
QUOTED = re.compile(r"[\"“‘']([^\"“”‘’']{2,80})[\"”’']")
# Who makes a promise about signals: the site itself, not "no standard has been finalized".
SUBJECT = re.compile(r"\b(we|us|our (web)?sites?|our (services|store|platform|app)|this "
                     r"(web)?site|the (web)?site)\b")
# "how we respond to DNT signals" describes, it does not promise.
HOW_WE = re.compile(r"\bhow (we|our \w+) (\w+ ){0,2}(respond|honou?r|treat|process|recogni[sz]e|"
                    r"handle)")
SIGNAL_VERBS = (r"honou?r\w*|respect\w*|recogni[sz]\w*|respond\w*|process\w*|treat\w*|accept\w*|"
                r"compl(?:y|ies) with|give effect|support\w*|act on|abide by|follow")

REJECT_NAMES = re.compile(r"^(reject|decline|refuse|deny|disable|necessary only|only necessary|"
                          r"essential only|only essential|use necessary|continue without|"
                          r"reject all|decline all|refuse all|deny all|disable all)", re.I)
ACCEPT_NAMES = re.compile(r"^(accept|allow|agree|i agree|i accept|ok\b|got it|enable all)", re.I)
BANNER_LINE = re.compile(
    r"\b(?P<accept>accept all(?: cookies)?|allow all(?: cookies)?|i accept|i agree)\b", re.I)
BANNER_REJECT = re.compile(
    r"\b(?P<reject>reject all(?: cookies)?|decline all|refuse all|deny all|disable all|"
    r"reject|decline|refuse|deny|necessary only|only necessary(?: cookies)?|"
    r"use necessary cookies only|continue without accepting)\b", re.I)

LINK_CONTEXT = re.compile(r"\blinks?\b|\bbutton\b|\bvisit\w*|\bclick\w*|\btap\b|\bselect\w*|"
                          r"\bfooter\b|\bentitled\b|\btitled\b|\blabell?ed\b|\bcalled\b|"
                          r"\bnamed\b|\bavailable (at|on|through|via)\b|\bthrough (the|our)\b|"
                          r"\busing (the|our)\b|\bvia (the|our)\b", re.I)
# Link and control names people are told to look for, as sites spell them.
KNOWN_LINKS = (
    "Do Not Sell or Share My Personal Information", "Do Not Sell My Personal Information",
    "Do Not Sell or Share My Info", "Do Not Sell My Info", "Do Not Share My Personal Information",
    "Limit the Use of My Sensitive Personal Information", "Your California Privacy Choices",
    "Your Privacy Choices", "Your California Privacy Rights", "California Privacy Notice",
    "Your Opt-Out Rights", "Opt-Out Preferences", "Privacy Choices", "AdChoices",
)
CONTROLS = ("Cookie Settings", "Cookies Settings", "Cookie Preferences", "Manage Cookies",
            "Privacy Settings", "Manage Preferences", "Privacy Preferences",
            "Cookie Consent Settings", "Manage Cookie Preferences", "Manage Consent",
            "Consent Preferences")
PRIVACY_FOOTER = re.compile(r"privacy|cookie|do not sell|do not share|opt[- ]out|"
                            r"your (privacy )?choices|personal information", re.I)

UNOBSERVABLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("retention", re.compile(r"\bretain\w*|\bretention\b|\b(keep|store|hold)\w*\b.{0,50}"
                             r"\b(until|as long as|for (\w+ ){0,2}(years?|months?|days))\b|"
                             r"\b(delete|erase)\w*\b.{0,50}\b(within|after)\b", re.I)),
    ("security", re.compile(r"\bsecur(e|ity)\b|\bencrypt\w*|\bsafeguard\w*|"
                            r"\bprotect (your|the|personal)\b.{0,30}\b(information|data)", re.I)),
    ("access rights", re.compile(r"\bright to (know|access|delete|deletion|erasure|correct|"
                                 r"rectif|portab|object|restrict|opt[- ]out|non-discrimination)|"
                                 r"\byou (may|can) (request|ask us|access|correct|delete|object)",
                                 re.I)),
    ("transfers", re.compile(r"\btransfer\w* .{0,60}\b(outside|countries|standard contractual|"
                             r"adequacy)", re.I)),
    ("children", re.compile(r"\bchildren\b|\bunder the age of\b", re.I)),
)
PROMISE_LIKE = re.compile(r"\bwe\b|\bour\b|\byou (have|may|can)\b|\bwill\b", re.I)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "check"


def scope_of(text: str) -> str | None:
    match = SCOPE.search(text)
    return match.group(0) if match else None


def _ordered(categories: Iterable[str]) -> list[str]:
    found = set(categories)
    return [c for c in NON_NECESSARY if c in found]


def _inventory(categories: Sequence[str], requests: bool = True) -> dict[str, Any]:
    """cookies none_of the categories; requests too for marketing only: a site may keep an
    analytics tag loaded without cookies (Consent Mode), and the promise is about cookies."""
    expect: dict[str, Any] = {"cookies": {"none_of": list(categories)}}
    if requests and "marketing" in categories:
        expect["requests"] = {"none_of": ["marketing"]}
    return expect


def _scoped(check: Drafted, scope: str | None) -> Drafted:
    if scope:
        check.record = True
        check.comment = (f"Scope: “{scope}” — recorded, not failing: a run cannot know where "
                         "its visitor lives. Remove 'record' when it runs from there.")
    return check


def masked_names(text: str, t: str) -> str:
    """The lowered sentence with link names and quoted strings replaced: "Do Not Sell or Share
    My Personal Information" is a name, not a negation."""
    for name in (*KNOWN_LINKS, *(m.group(1) for m in QUOTED.finditer(text))):
        t = t.replace(low(name), "the-name")
    return t


def sentence_categories(text: str) -> list[str]:
    if NON_ESSENTIAL.search(text):
        return list(NON_NECESSARY)
    return _ordered(c for c in categories_in(text) if c != "necessary")


class Deriver:
    def __init__(self, items: list[Sentence]) -> None:
        self.items = items
        self.out = Findings()
        self.lows = [low(s.text) for s in items]

    # -- consent ---------------------------------------------------------------------------

    def consent_before(self, s: Sentence, t: str) -> None:
        if not COOKIE_CONTEXT.search(t) and not re.search(r"by clicking", t):
            return
        patterns = (
            r"\b(only|solely)\b.{0,100}\b(after|once|if|when|with)\b.{0,30}\b(you|your)\b"
            r".{0,25}\b(consent|agree|accept|opt(ed)?[- ]?in|allow|permission)",
            rf"{NEG}.{{0,60}}\b(set|use|place|load|store|drop|activate|deploy|enable|install)\w*"
            r"\b.{0,100}\b(unless|until|without|before)\b.{0,40}\b(consent|agree|accept|"
            r"opt[- ]?in|allow|permission)",
            r"\b(requires?|need|subject to|based on|with|after obtaining|upon)\s+(your\s+)?"
            r"(prior\s+|explicit\s+|express\s+|affirmative\s+)?(consent|permission)",
            r"by clicking\s+\"?(accept|allow|agree|ok|i agree|i accept)[^\"]{0,30}\"?,?\s+you\s+"
            r"(agree|consent)",
            r"\bask (for )?your (consent|permission) before",
        )
        if not any(re.search(p, t) for p in patterns):
            return
        if re.search(r"\b(withdraw|revoke)", t):
            return  # a withdrawal sentence, read by its own family
        if re.search(r"\bif you (do not|don't) allow|\bwithout (your )?consent\b.{0,30}"
                     r"\b(necessary|essential)", t) and not NON_ESSENTIAL.search(t):
            return
        cats = sentence_categories(t)
        if not cats:
            return
        check = Drafted("consent_before", "before-consent-" + "-".join(cats), s,
                        _inventory(cats), when="before_consent")
        self.out.checks.append(_scoped(check, scope_of(s.text)))

    def consent_refusal(self, s: Sentence, t: str) -> None:
        cats: list[str] = []
        if re.search(r"\bif you (do not|don't) allow (these|this|those|such) (cookies?|"
                     r"technolog\w*|trackers?)", t):
            category = category_of(s.section)
            if category in NON_NECESSARY:
                cats = [category]  # OneTrust's group text: "If you do not allow these cookies"
        elif COOKIE_CONTEXT.search(t) and (
                re.search(r"\bif you (reject|decline|refuse|deny|withhold|do not (give|provide) "
                          r"(your )?consent|do not consent|opt out|say no|disable)", t)
                and negated(t, r"(set|use|place|load|store|drop|activate|collect|share)\w*")
                or re.search(r"\byou (can|may|are able to|have the (option|right) to) (always )?"
                             r"(reject|refuse|decline|deny|disable|turn off|switch off|opt out of)"
                             r"\b", t)):
            cats = sentence_categories(t)
        if not cats:
            return
        control = self._control(s.text, REJECT_NAMES)
        if control and not self.out.reject_control:
            self.out.reject_control = control
        check = Drafted("consent_refusal", "after-reject-" + "-".join(cats), s,
                        _inventory(cats), when="after_reject")
        self.out.checks.append(_scoped(check, scope_of(s.text)))
        if len(cats) == 1 and re.search(r"\bif you (do not|don't) allow (these|this|those|such)",
                                        t):
            # A category's own text in a preference centre: switching off just this one (every
            # other category on) must be enough; the seed policy's Targeting group says so.
            others = [c for c in NON_NECESSARY if c != cats[0]]
            check = Drafted("consent_choice", f"all-but-{cats[0]}", s, _inventory(cats),
                            when={"consent": {"allow": others}})
            self.out.checks.append(_scoped(check, scope_of(s.text)))

    def _control(self, text: str, names: re.Pattern[str]) -> str | None:
        for match in QUOTED.finditer(text):
            name = match.group(1).strip()
            if names.match(name) and len(name.split()) <= 5:
                return name
        return None

    def consent_choice(self, s: Sentence, t: str, categories: list[str]) -> None:
        if not COOKIE_CONTEXT.search(t) and "categor" not in t:
            return
        if not re.search(
                r"\b(choose|select|decide|pick|manage|customi[sz]e|set|adjust|change)\b.{0,60}"
                r"\b(which|each|individual|categor\w*|types? of cookies|purposes?)\b|"
                r"\bchoose not to allow some types\b|"
                r"\b(enable|disable|toggle|turn (on|off)|switch (on|off)|opt in to)\b.{0,40}"
                r"\b(categor\w*|each|individual|by purpose)", t):
            return
        if negated(t, r"choose|select|decide|manage|enable|disable|toggle|turn|switch"):
            return
        named = sentence_categories(t) if not NON_ESSENTIAL.search(t) else []
        cats = named if len(named) >= 2 else categories
        if len(cats) < 2:
            return  # one category: a choice is the same as accept or reject
        for allowed in cats:
            others = [c for c in cats if c != allowed]
            check = Drafted("consent_choice", f"choice-only-{allowed}", s,
                            {"cookies": {"none_of": others}},
                            when={"consent": {"allow": [allowed]}})
            self.out.checks.append(_scoped(check, scope_of(s.text)))

    def consent_withdrawal(self, s: Sentence, t: str, categories: list[str]) -> None:
        if not re.search(r"\b(withdraw\w*|revoke\w*|change|update|modify)\b.{0,40}\b(your |that |"
                         r"the )?(consent|choices?|preferences|mind|settings)\b", t):
            return
        if not re.search(r"\bat any time\b|\banytime\b|\bwhenever\b|\bany point\b", t):
            return
        cookie_section = bool(COOKIE_CONTEXT.search(s.section))
        names_control = any(c.casefold() in t for c in CONTROLS)
        if not (COOKIE_CONTEXT.search(t) or names_control
                or cookie_section and "consent" in t):
            return
        if re.search(r"\bwill not affect\b|\bdoes not affect\b|\bbut we\b", t) and not (
                COOKIE_CONTEXT.search(t)):
            return
        cats = sentence_categories(t) or categories or ["analytics", "marketing"]
        check = Drafted("consent_withdrawal", "after-withdrawal", s, _inventory(cats),
                        when="after_withdrawal")
        self.out.checks.append(_scoped(check, scope_of(s.text)))

    def banner(self, s: Sentence, t: str) -> None:
        """A capture of the banner's first layer ("Cookies Settings Disable All Accept All"),
        or a sentence saying the banner offers a reject control."""
        accept = BANNER_LINE.search(s.text)
        short = len(s.text.split()) <= 12
        reject = BANNER_REJECT.search(s.text.replace(accept.group(0), "") if accept else s.text)
        said = re.search(r"\b(banner|first layer|pop-?up)\b", t) and re.search(
            r"\b(reject|decline|refuse|deny)( all)?\b", t) and not negated(
            t, r"(offer|provide|show|display|have|include)\w*")
        if not ((short and accept and reject) or said):
            return
        control = reject.group("reject") if reject and short else self._control(
            s.text, REJECT_NAMES)
        if control and (short or not self.out.reject_control):
            self.out.reject_control = control
        if accept and short and not self.out.accept_control:
            self.out.accept_control = accept.group("accept")
        self.out.checks.append(_scoped(Drafted(
            "banner", "banner-has-reject", s, {"banner": {"visible": True, "has_reject": True}},
            pages=["/"]), scope_of(s.text)))

    # -- signals ---------------------------------------------------------------------------

    def gpc(self, s: Sentence, t: str, block: str) -> None:
        if not re.search(r"global privacy control|\bgpc\b|opt[- ]out preference signal|"
                         r"universal opt[- ]out mechanism", t):
            return
        if not re.search(rf"\b({SIGNAL_VERBS})", t):
            return
        scope = scope_of(s.text)
        if not SUBJECT.search(t) or HOW_WE.search(t):
            return
        if negated(t, SIGNAL_VERBS):
            check = Drafted("gpc_not_honoured", "gpc-not-promised", s,
                            _inventory(["marketing"]), when="gpc", pages=["/"], record=True,
                            comment="The policy promises no response to GPC: this check records "
                                    "what the site does with it and never fails.")
            self.out.checks.append(check)
            return
        self.out.checks.append(_scoped(Drafted("gpc", "gpc-no-marketing", s,
                                               _inventory(["marketing"]), when="gpc"), scope))
        if re.search(r"opt[- ]?out|\bsale\b|\bsell|\bshar(e|ing)|targeted advertising",
                     low(block)):
            self.out.checks.append(_scoped(Drafted(
                "gpc", "gpc-opt-out-recorded", s, {"gpc": {"opt_out": True}}, when="gpc",
                pages=["/"]), scope))
        self.out.checks.append(Drafted(
            "gpc", "gpc-file-published", s, {"gpc": {"well_known": True}}, pages=["/"],
            record=True, comment="The GPC specification lets a site publish "
                                 "/.well-known/gpc.json; it does not require it: recorded."))

    def dnt(self, s: Sentence, t: str) -> None:
        if not re.search(r"do not track|\bdnt\b", t):
            return
        masked = re.sub(r"do not track", "dnt", t)
        if not re.search(rf"\b({SIGNAL_VERBS})", masked):
            return
        if not SUBJECT.search(masked) or HOW_WE.search(masked):
            return
        if negated(masked, SIGNAL_VERBS) or re.search(r"\bno (\w+ ){0,3}standard", masked):
            self.out.checks.append(Drafted(
                "dnt_not_honoured", "dnt-not-promised", s, _inventory(["marketing"]),
                when={"dnt": True}, pages=["/"], record=True,
                comment="The policy promises no response to DNT: this check records what the "
                        "site does with it and never fails."))
            return
        self.out.checks.append(_scoped(Drafted("dnt", "dnt-no-marketing", s,
                                               _inventory(["marketing"]), when={"dnt": True}),
                                       scope_of(s.text)))

    # -- links, sale, use ------------------------------------------------------------------

    def links(self, s: Sentence, t: str) -> tuple[list[str], list[str]]:
        """(link names, control names) the sentence points the visitor to."""
        if not LINK_CONTEXT.search(t):
            return [], []
        names: list[str] = []
        for name in (*KNOWN_LINKS, *CONTROLS):
            if name in s.text and name not in names and not any(name in n for n in names):
                names.append(name)
        for match in QUOTED.finditer(s.text):
            name = match.group(1).strip().rstrip(".")
            words = name.split()
            if (2 <= len(words) <= 10 and name[0].isupper() and name not in names
                    and (PRIVACY_FOOTER.search(name) or name in CONTROLS)
                    and not REJECT_NAMES.match(name) and not ACCEPT_NAMES.match(name)
                    and not any(name in n for n in names)):
                names.append(name)
        if not names:
            return [], []
        masked = t
        for name in names:
            masked = masked.replace(low(name), "the-name")
        if negated(masked, r"(offer|provide|display|have|include|use|post)\w*"):
            return [], []
        return ([n for n in names if n not in CONTROLS and n.casefold() not in
                 {c.casefold() for c in CONTROLS}],
                [n for n in names if n.casefold() in {c.casefold() for c in CONTROLS}])

    def no_sale(self, s: Sentence, t: str) -> None:
        t = masked_names(s.text, t)
        if OUT_OF_REACH.search(t) or re.search(r"\bexcept\b|\bother than\b|\bunless\b|"
                                               r"\b(when|if|once|after) you\b", t):
            return
        if not re.search(r"\b(sell|sold|sale)\b.{0,20}\b(or|and|nor)\b.{0,10}\b(share|sharing|"
                         r"shared)\b|\bshar(e|ing)\b.{0,60}\b(targeted|cross[- ]context|"
                         r"behaviou?ral|interest[- ]based) advertising", t):
            return
        if not re.search(r"personal (information|data)|your (data|information)", t):
            return
        if not negated(t, r"(sell|share)\b", gap=3):
            return  # "we have not sold ... in the preceding 12 months" looks back, promises not
        self.out.checks.append(Drafted(
            "no_sale", "no-sale-or-sharing", s, {"requests": {"none_of": ["marketing"]}},
            when="before_consent"))

    def not_used(self, s: Sentence, t: str) -> None:
        if not COOKIE_CONTEXT.search(t):
            return
        if re.search(r"\b(unless|until|without|before|only)\b|\bif you\b", t):
            return
        if not negated(t, r"(use|set|place|load|employ|deploy|have|allow)\w*", gap=3):
            return
        if OUT_OF_REACH.search(t) or scope_of(s.text):
            return  # "not on pages after you sign in": not the site's pages derive visits
        cats = _ordered(c for c in categories_in(t) if c != "necessary")
        if not cats:
            return
        self.out.checks.append(Drafted("not_used", "no-" + "-".join(cats) + "-at-all", s,
                                       _inventory(cats), when="after_accept"))

    def unobservable(self, s: Sentence, t: str) -> None:
        if not PROMISE_LIKE.search(t) or len(s.text.split()) < 5:
            return
        for topic, regex in UNOBSERVABLE:
            if regex.search(s.text):
                self.out.notes.append((s, topic))
                return
