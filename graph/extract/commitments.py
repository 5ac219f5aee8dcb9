"""Commitments, refusals and ongoing policy in the answers (``docs/record.md``).

Every sentence of every distinct answer text is classified by general Dutch patterns:

- **refusal** (checked first: "ik zal hier geen onderzoek naar doen" is no promise):
  "geen aanleiding", "acht(en) … niet nodig/wenselijk", "niet voornemens", "zie ik geen",
  "voldoende maatregelen", "reeds middelen beschikbaar", "is niet mogelijk", "ga ik niet
  over", "kan en zal niet", "niet aan mij", "niet realistisch", "overweeg niet", "houdt
  vast aan", "noch … noch … mogelijk", "geen … die … rechtvaardigen", …; and a bare "Nee"
  opening the answer to a request.
- **commitment**: a future action of the government side: "zal/zullen" with the
  government as subject or in the passive ("zullen … worden geagendeerd"), "ik ga",
  "(in) gesprek gaan", "ik stuur uw Kamer", "wordt u/uw Kamer geïnformeerd", "ik ben
  voornemens/bereid", "nader te bezien", "ik wil …", "stelt het kabinet … op", a scheduled
  event ("vindt … plaats", "is voorzien voor") with a future date, present passives of
  change ("wordt … aangescherpt/geagendeerd/meegenomen") not marked as current practice.
  "zal/zullen" about the world ("dit zal leiden tot", "de prijs zal toenemen", "zal
  moeten blijken"), in a rule described ("Artikel 3 schrijft voor dat overheden … zullen")
  or in a consequence ("Dit betekent dat er … zal komen") is no commitment. A present
  passive counts only in a main clause (not "…, waarbij naar … wordt gekeken"), not where
  other countries act, and as ``ongoing`` where it restates practice ("zoals bij vraag 2
  aangegeven", "zoals gebruikelijk").
- **ongoing**: present-tense policy with the government as actor ("we ontwikkelen",
  "wordt ingezet op", "zet ik mij in", "ben ik in gesprek met", "werkt het kabinet aan"),
  and aims rather than plans ("ik wil ervoor zorgen dat …", "ik wil … relevant houden").

Sentences that ask something, or are conditional without a promise ("Als … kan …"),
or only trust another actor to act ("Ik heb er vertrouwen in dat de politie … zal"),
are skipped. ``due`` comes from :func:`graph.extract.dates.normalise_due`; a sentence
that points back to the previous one's event ("voor dit werkbezoek", "Dan zal …")
inherits its date. A date in an earlier clause about another subject ("… wordt in 2024
vastgesteld en daarna zal ik …") is not the due date of the government's later action.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Protocol

from graph import BASE
from graph.extract.dates import normalise_due
from graph.extract.matching import AnyOf
from graph.extract.programmes import plan_labels, plans_named
from graph.extract.requests import asking_sentence
from graph.extract.sentences import sentences

if TYPE_CHECKING:
    from graph.document import Document


class ActorLookup(Protocol):
    actors: list[dict]
    government: list[str]

    def in_span(self, kind: str, number: int, start: int, end: int) -> list[str]: ...


def _rx(*patterns: str, triggers: tuple[str, ...] = ()) -> AnyOf:
    """Patterns matched against lower-cased text."""
    return AnyOf(patterns, triggers)


# The government side as grammatical subject (words may be glued in PDF text: "hetkabinet").
GOV = (
    r"\b(?:ik|wij|we|het\s*kabinet|dit\s*kabinet|mijn\s*(?:ministerie|departement)"
    r"|het\s*ministerie|de\s*regering|de\s*minister|de\s*staatssecretaris)\b"
)
_POINTER = r"\b(?:nader\s*in|in\s*op|op\s*in)\b"  # "ga ik in antwoord 5 nader in": a pointer
_GOV_SUBJ = r"(?:ik|wij|we|het\s*kabinet|dit\s*kabinet|mijn\s*(?:ministerie|departement))"

REFUSAL = _rx(
    r"geen\s*aanleiding",
    r"\b(?:acht|achten|vind|vinden)\b.{0,80}?\bniet\s*(?:nodig|wenselijk|noodzakelijk|zinvol"
    r"|opportuun|realistisch|haalbaar|proportioneel|passend)",
    r"\b(?:is|zijn|lijkt|lijken)\b.{0,50}?\bniet\s*(?:nodig|wenselijk|zinvol"
    r"|opportuun|realistisch|haalbaar)\b",
    r"\bniet\s*(?:voornemens|van\s*plan|bereid)",
    r"\bzie(?:n|t)?\s*(?:ik|wij|we|het\s*kabinet)?\s*geen\s*(?:aanleiding|reden|noodzaak"
    r"|meerwaarde|mogelijkhe|ruimte|toegevoegde)",
    r"\bgeen\s*(?:reden|noodzaak)\s*(?:om|tot|voor)\b",
    r"voldoende\s*maatregelen",
    r"\bvoldoende\s*(?:is|zijn)\s*om\b",
    r"\b(?:volstaat|volstaan)\b",
    r"\b(?:reeds|al)\b.{0,40}?\b(?:middelen|budget|geld|financiering)\b.{0,25}?beschikbaar",
    r"\b(?:kunnen|kan)\s*(?:hiervoor|daarvoor)\b.{0,60}?\b(?:inzetten|gebruiken|benutten"
    r"|aanwenden)",
    r"\b(?:is|zijn)\b.{0,50}?\bniet\s*mogelijk\b",
    r"\bga\s*ik\b.{0,20}?\bniet\s*over\b|\bgaat\s*(?:het\s*kabinet|de\s*minister)\s*niet\s*over\b",
    r"\bkan\s*en\s*zal\s*(?:ik\s*)?niet\b",
    r"\bniet\s*aan\s*(?:mij|ons|het\s*kabinet|de\s*minister|de\s*staatssecretaris|de\s*regering)",
    r"\bniet\s*realistisch",
    r"\boverweeg\w*\s*(?:ik|wij|we|het\s*kabinet)?\s*niet\b",
    rf"\b{_GOV_SUBJ}\s*(?:zal|zullen|ga|gaan|gaat)\b[^.;]{{0,40}}?\b(?:geen|niet)\b",
    r"\b(?:zal|zullen|ga|gaan)\s*(?:ik|wij|we)\b[^.;]{0,40}?\bgeen\b",
    r"\bniet\s*aan\s*de\s*orde\b",
    r"\bkan\s*geen\s*sprake\s*(?:van\s*)?zijn\b",
    r"\bpast\s*niet\s*(?:binnen|in)\b",
    r"\bgeen\s*(?:extra|aanvullende|verdere|nadere|nieuwe|specifieke)\s*(?:maatregelen|middelen"
    r"|stappen|acties|onderzoek)",
    r"\b(?:onderneem|onderneemt|ondernemen|zet|zetten)\b.{0,40}?\bgeen\s*stappen",
    r"\b(?:ga|gaan)\s*(?:ik|wij|we)?\s*niet\s*(?:mee\s*)?in\b|\b(?:ik|wij|we)\s*(?:ga|gaan)\s*"
    r"niet\s*(?:mee\s*)?in\b",
    r"\bgeen\s*uitspra(?:ak|ken)\s*(?:doen|over)",
    r"\bspeculeer\w*\s*niet\b",
    r"\blaat\s*zich\b.{0,30}?\bniet\b.{0,40}?\buit\b",
    r"\bzal\s*(?:ik|het\s*kabinet)\s*niet\s*overgaan",
    # holding on to the present course declines the change asked for
    rf"\b{_GOV_SUBJ}\s*(?:houd|houdt|houden)\s*vast\s*aan\b"
    rf"|\b(?:houd|houdt|houden)\s*{_GOV_SUBJ}\s*vast\s*aan\b",
    r"\bnoch\b.{0,80}?\bnoch\b.{0,80}?\bmogelijk\b",  # "noch nationaal noch … mogelijk"
    r"\bgeen\b[^.;]{0,80}?\bdie\b[^.;]{0,80}?\brechtvaardi",  # "geen signalen die … rechtvaardigen"
    triggers=(
        "niet",
        "geen",
        "voldoende",
        "volsta",
        "beschikbaar",
        "hiervoor",
        "daarvoor",
        "vast",
        "noch",
    ),
)

# "zal/zullen" about the world, not a government action.
EPISTEMIC = _rx(
    r"\b(?:zal|zullen)\b[^,;]{0,80}?\b(?:leiden|toenemen|afnemen|stijgen|dalen|hebben|blijken"
    r"|verschillen|kosten|duren|betekenen|gebeuren|ontstaan|voordoen|vallen|liggen|groeien"
    r"|veranderen|opleveren|meevallen|tegenvallen|moeten|kunnen|zijn)\b",
)
# A rule or arrangement described ("Artikel 3 schrijft voor dat overheden … zullen"), or a
# consequence ("Dit betekent dat er … zal komen"): its zal/zullen is no promise of ours.
NORM_OR_CONSEQUENCE = _rx(
    r"\bschrijf\w*\b.{0,80}?\bvoor\s*dat\b",
    r"\b(?:bepaalt|bepalen|vereist|vereisen)\s*dat\b",
    r"\b(?:is|zijn|staat|staan)\s*(?:vastgelegd|bepaald|voorgeschreven)\b",
    r"\b(?:betekent|betekenen)\s*(?:ook\s*|dus\s*)?dat\b|\b(?:houdt|houden)\s*(?:ook\s*|dus\s*)?in"
    r"\s*dat\b",
    r"\b(?:leidt|leiden)\s*ertoe\s*dat\b|\bmet\s*als\s*gevolg\s*dat\b",
    triggers=(
        "schrijf",
        "bepa",
        "verei",
        "vastgelegd",
        "voorgeschreven",
        "beteken",
        "houd",
        "ertoe",
        "gevolg",
    ),
)
FUTURE_GOV = _rx(
    rf"\b{_GOV_SUBJ}\s*(?:zal|zullen)\b",
    rf"\b(?:zal|zullen)\s*{_GOV_SUBJ}",
    r"\b(?:de\s*minister|de\s*staatssecretaris)\s*(?:zal|zullen)\b",
)
FUTURE_PASSIVE = _rx(
    r"\b(?:zal|zullen)\b[^;]{0,120}?\bworden\b",
    r"\b(?:zal|zullen)\b.{0,120}?(?:afgerond|gereed|klaar|gepubliceerd|ingeregeld|ingevoerd"
    r"|gerealiseerd|geïmplementeerd|vastgesteld|aangepast|ingediend|verzonden|opgeleverd)\b",
)
MODAL = _rx(r"\b(?:zal|zullen)\b", triggers=("zal", "zullen"))
# Confidence in or expectation of another actor ("Ik heb er vertrouwen in dat de politie …
# zal blijven betrekken", "Ik ga ervan uit dat de gemeente … zal"): their action, no promise
# of ours. Counts only when the government side is not named again after "dat".
CONFIDENCE = _rx(
    rf"\b{_GOV_SUBJ}\s*(?:heb|hebben)\s*(?:er\s*)?(?:alle\s*|het\s*volste\s*|veel\s*|groot\s*)?"
    r"vertrouwen\s*(?:in\s*)?dat\b",
    rf"\b(?:heb|hebben)\s*{_GOV_SUBJ}\s*(?:er\s*)?(?:alle\s*|het\s*volste\s*|veel\s*|groot\s*)?"
    r"vertrouwen\s*(?:in\s*)?dat\b",
    rf"\b{_GOV_SUBJ}\s*(?:vertrouw|vertrouwen|reken|rekenen)\s*erop\s*dat\b"
    rf"|\b(?:vertrouw|vertrouwen|reken|rekenen)\s*{_GOV_SUBJ}\s*erop\s*dat\b",
    rf"\b{_GOV_SUBJ}\s*(?:ga|gaan|gaat)\s*ervan\s*uit\s*dat\b"
    rf"|\b(?:ga|gaan|gaat)\s*{_GOV_SUBJ}\s*ervan\s*uit\s*dat\b",
    triggers=("vertrouw", "reken", "ervan"),
)
PASSIVE_PARTICIPLE = re.compile(r"\b(?:zal|zullen)\b[^;]{0,120}?\bworden\s*\w*(?:d|t|en)\b")
COMMITMENT = _rx(
    # ik ga / wij gaan + infinitive (not "gaat het om", "ga ik ervan uit", "ga ik … in op")
    rf"\b{_GOV_SUBJ}\s*(?:ga|gaan|gaat)\b(?!\s*(?:niet|ervan|over|om\b|uit\b))(?!.*{_POINTER})",
    rf"\b(?:ga|gaan|gaat)\s*{_GOV_SUBJ}(?!\s*(?:niet|ervan|over\b|uit\b))(?!.*{_POINTER})",
    r"\b(?:gaat|gaan)\b(?!\s*(?:het|om|over|uit|er|daar|hier)\b).{0,100}?\b(?:ervoor\s*zorgen"
    r"|ondersteunen|inzetten|ontwikkelen|invoeren|aanpassen|onderzoeken|verbeteren|versterken"
    r"|starten|opzetten|realiseren|regelen|organiseren|informeren)\b",
    r"in\s*gesprek\s*(?:te\s*)?gaan|gesprek(?:ken)?\s*(?:aan\s*te\s*gaan|aangaan)"
    r"|in\s*overleg\s*(?:te\s*)?treden",
    r"\b(?:stuur|zend|informeer|bericht)\s*(?:ik|wij|we)\b|\b(?:ik|wij|we)\s*(?:stuur|zend"
    r"|informeer)\b",
    r"\b(?:houd|houden)\s*(?:ik|wij|we)\s*(?:uw\s*kamer|u|de\s*kamer)\b.{0,40}?op\s*de\s*hoogte",
    r"\b(?:neem|nemen)\s*(?:ik|wij|we)\b.{0,150}?\bmee\b|\b(?:ik|wij|we)\s*(?:neem|nemen)\b"
    r".{0,150}?\bmee\b",
    r"verwacht\w*\b.{0,120}?\bte\s*(?:kunnen\s*)?(?:sturen|informeren|versturen|publiceren"
    r"|delen|aanbieden|rapporteren)",
    r"\b(?:ben|is|zijn)\b(?!\s*niet)[^.]{0,40}?\bvoornemens\b|\bvoornemen\s*(?:om|te)\b|\bvan\s*plan\s*(?:om|te)\b"
    r"|\bhet\s*streven\s*(?:is\s*)?om\b",
    r"\b(?:ben|zijn|is)\s*(?:ik|wij|we|het\s*kabinet)?\s*(?:graag\s*)?bereid\b",
    r"\bnader\s*te\s*(?:analyseren|bezien|onderzoeken|bekijken|verkennen|uitwerken|bestuderen)",
    r"\b(?:zie|zien)\s*(?:ik|wij|we)\s*(?:mij|ons)\s*genoodzaakt\b",
    r"\b(?:ik|wij|we|het\s*kabinet)\s*(?:wil|willen)\b(?!\s*(?:graag\s*)?(?:benadrukken|opmerken"
    r"|vooropstellen|wijzen|erop|aangeven|melden|vermelden|zeggen|onderstrepen|herhalen"
    r"|verwijzen|stellen))",
    r"\b(?:wil|willen)\s*(?:ik|wij|we|het\s*kabinet)\b(?!\s*(?:graag\s*)?(?:benadrukken|opmerken"
    r"|vooropstellen|wijzen|erop|aangeven|melden|vermelden|zeggen|onderstrepen|herhalen"
    r"|verwijzen|stellen|nog))",
    r"\bstel\w*\s*(?:ik|wij|we|het\s*kabinet|dit\s*kabinet)\b.{0,120}?\bop\b",
    r"\b(?:is|zijn|staat|staan)\s*(?:gepland|voorzien|geagendeerd|ingepland)\s*(?:voor|in|op)\b",
    r"\b(?:ontvangt|ontvangen)\s*(?:uw|de)\s*kamer\b|\b(?:uw|de)\s*kamer\s*ontvangt\b",
    r"\bneemt\s*(?:dit|het)\s*kabinet\s*(?:de\s*volgende|maatregelen|stappen)",
    triggers=(
        "ga",
        "gesprek",
        "overleg",
        "stuur",
        "zend",
        "informeer",
        "bericht",
        "hoogte",
        "mee",
        "verwacht",
        "voorne",
        "plan",
        "streven",
        "bereid",
        "nader",
        "genoodzaakt",
        "wil",
        "stel",
        "voorzien",
        "geagendeerd",
        "ontvang",
        "kabinet",
    ),
)
PRESENT_PASSIVE = _rx(
    r"(?:wordt|worden).{0,100}?(?:aangescherpt|aangepast|uitgebreid(?!\s*(?:ingegaan|beschreven"
    r"|toegelicht|stilgestaan|besproken|gerapporteerd|uiteengezet|aandacht))|geagendeerd"
    r"|doorgevoerd|ingevoerd|geïntensiveerd|opgestart|gevraagd|meegenomen|gekeken|bezien"
    r"|bekeken|uitgewerkt|geïnformeerd|bericht\b|verzonden|gestuurd|toegestuurd|vervangen"
    r"|opgesteld|georganiseerd|betrokken|ingericht|verkend|geëvalueerd|vervolgd)",
    triggers=("word",),
)
SCHEDULED = _rx(
    r"\b(?:vindt|vinden)\b.{0,150}?\bplaats|plaats\W?\s*vind(?:t|en)\b",
    r"\binzet\s*is\s*(?:om|dat)",  # no \b after: PDF text glues "omuiterlijk"
    triggers=("plaats", "inzet"),
)
CURRENT = _rx(
    r"\b(?:op\s*dit\s*moment|momenteel|nu|nog|reeds|al|steeds|continu|te\s*allen\s*tijde"
    r"|regulier|periodiek|jaarlijks|altijd|in\s*beginsel|consequent|voortdurend|gebruikelijk)\b",
    # practice restated: "zoals bij vraag 2 aangegeven", "zoals te doen gebruikelijk"
    r"\bzoals\b.{0,50}?(?:aangegeven|beschreven|vermeld|toegelicht|gebruikelijk)\b",
)
# The passive of a relative clause describes a procedure or document ("een risicoprofiel,
# waarbij naar … wordt gekeken"; "de Instructie, waarin is opgenomen welke factoren
# worden betrokken"): cut to the next comma before looking for a present passive. No \b
# after "waar…": PDF text glues "waarbijnaar".
RELATIVE_CLAUSE = re.compile(
    r"\b(?:waarbij|waarin|waarmee|waarop|waarnaar|waarvoor|waaraan"
    r"|welke\b)[^,;]*"
)
# Others act: "Ook in andere Europese landen wordt gekeken naar …".
OTHERS_ACT = re.compile(
    r"\b(?:in|door)\s*(?:andere|omringende|diverse|verschillende|meerdere)\s*(?:\w+\s*)?"
    r"(?:landen|lidstaten)\b"
)
# A wish to keep or ensure a state is an aim, not a concrete plan: "Ik wil … relevant
# houden", "Ik wil ervoor zorgen dat … goed geregeld is".
AIM = _rx(
    r"\b(?:ik|wij|we|het\s*kabinet)\s*(?:wil|willen)\s*(?:er\s*)?(?:voor\s*)?zorgen\s*dat\b",
    r"\b(?:ik|wij|we|het\s*kabinet)\s*(?:wil|willen)\b[^,;]{0,100}?\b(?:houden|behouden)\b",
    triggers=("wil",),
)
ONGOING = _rx(
    r"\b(?:zet|zetten)\b.{0,80}?\bin\b",
    # a programme as frame may stand between verb and participle: "wordt binnen de
    # actielijnen 1 en 2 van het Actieplan programma Samen tegen mensenhandel ingezet op"
    r"\b(?:wordt|worden)\s*(?:er\s*)?(?:binnen|in|vanuit)\s*(?:de\s*|deze\s*|het\s*)?(?:actielijn"
    r"|pijler|actieplan|actieprogramma|programma|werkagenda)[^.;]{0,160}?\b(?:ingezet|gewerkt)\b",
    r"\b(?:wordt|worden)\b.{0,80}?\b(?:ingezet|gewerkt|onderzocht|verzameld|gehanteerd"
    r"|nageleefd|besproken|getoetst|gecontroleerd|samengewerkt|beoordeeld|ondersteund"
    r"|gestimuleerd|gemonitord)\b",
    r"\b(?:werk|werkt|werken)\b.{0,80}?\baan\b",
    r"\b(?:ben|is|zijn)\b.{0,60}?\bin\s*gesprek\b|\bingesprek\b|\b(?:voer|voeren)\b.{0,40}?"
    r"\bgesprekken\b",
    r"\b(?:ontwikkelen|versterken|ondersteunen|ondersteunt|stimuleren|stimuleert|investeren"
    r"|investeert|steunt|steunen|bevorderen|bevordert|financier|financiert|financieren)\s*"
    r"(?:we|wij|ik|het\s*kabinet|nederland)\b",
    r"\b(?:we|wij|ik|het\s*kabinet|nederland)\s*(?:ontwikkelen|versterken|ondersteun|ondersteunt"
    r"|stimuleer|stimuleert|investeer|investeert|steunt|steunen|bevorder|bevordert|financiert"
    r"|beoordeelt|houdt|voert)\b",
    r"\bmoedig\w*\b.{0,80}?\baan\b",
    r"\b(?:roep|roept|roepen)\b.{0,80}?\bop\b",
    r"\bdraagt\b.{0,60}?\buit\b",
    r"\bspreekt\b.{0,60}?\b(?:aan|uit)\b",
    r"\bpleit\w*\b",
    r"\bblijf\w*\b.{0,80}?\b(?:inzetten|volgen|monitoren|in\s*gesprek|beschikbaar|bereikbaar)\b",
    r"\b(?:is|zijn)\s*(?:actief\s*)?(?:bezig|actief)\b",
    r"\baan\s*de\s*slag\b",
    triggers=(
        "zet",
        "word",
        "werk",
        "gesprek",
        "voer",
        "ontwikkel",
        "versterk",
        "ondersteun",
        "stimul",
        "invest",
        "steun",
        "bevorder",
        "financi",
        "beoordeel",
        "houdt",
        "moedig",
        "roep",
        "draagt",
        "spreekt",
        "pleit",
        "blijf",
        "bezig",
        "actief",
        "slag",
    ),
)
ENCOURAGES = _rx(r"\bmoedig\w*\b.{0,80}?\baan\b", triggers=("moedig",))
MODAL_OR_CONDITION = re.compile(
    r"\b(?:kan|kunnen|mag|mogen|moet|moeten|dient|dienen|zou|zouden|wanneer|indien|als)\b"
)
ONGOING_ACTOR = re.compile(GOV + r"|\bnederland\b|\b(?:wordt|worden)\b")
QUESTION_END = re.compile(r"\?\W*$")
CONDITIONAL = re.compile(r"^\W*(?:als|indien|wanneer|mocht|mochten|zodra)\b", re.IGNORECASE)
OPENING_NO = re.compile(r"^\W*nee\b", re.IGNORECASE)
NOT_A_REFUSAL_NO = re.compile(r"\b(?:klopt|bekend|bevestig|juist|correct|deel|herken)")
BACK_REFERENCE = _rx(
    r"\b(?:dit|deze|dat|die|het)\s*(?:werkbezoek|bezoek|overleg|gesprek|bijeenkomst|brief"
    r"|debat|bespreking|conferentie|briefing|moment|rapport|monitor|onderzoek)\b",
    r"^\W*dan\b",
)
ACTION_LINE = re.compile(
    r"\b(?P<kind>actielijn|pijler)(?:en)?\s*(?P<nums>\d+(?:\s*(?:,|en|tot\s*en\s*met|t/m)\s*\d+)*)",
    re.IGNORECASE,
)
THIS_ACTION_LINE = re.compile(r"\b(?:deze|die|dezelfde)\s*(?P<kind>actielijn|pijler)\b", re.I)


def _fold(text: str) -> str:
    """Whitespace runs as one space, stripped (as ``re.sub(r"\\s+", " ", …)``, faster)."""
    return " ".join(text.split())


def classify(text: str, answered: str | None = None) -> str | None:
    """``commitment``, ``refusal``, ``ongoing`` or ``None`` for one answer sentence.

    ``answered`` (ISO date) decides whether a scheduled event lies in the future; without
    it any dated event counts."""
    return _classify(_fold(text).lower(), answered)


@functools.lru_cache(maxsize=512)
def _classify(s: str, answered: str | None) -> str | None:
    """:func:`classify` of folded, lower-cased text. Cached (for about one document):
    requests classify again the answer sentences the commitments step did."""
    if not s or QUESTION_END.search(s):
        return None
    if REFUSAL.search(s):
        return "refusal"
    if (trust := CONFIDENCE.search(s)) and not re.search(GOV, s[trust.end() :]):
        return None
    if MODAL.search(s) and ((gov := FUTURE_GOV.search(s)) or not NORM_OR_CONSEQUENCE.search(s)):
        if gov or FUTURE_PASSIVE.search(s) and not _epistemic_only(s):
            return "commitment"
        if not EPISTEMIC.search(s) and not CONDITIONAL.search(s):
            return "commitment"
    if CONDITIONAL.search(s):
        return None
    if ENCOURAGES.search(s):  # "ik moedig … aan om in gesprek te gaan": others act
        return "ongoing" if ONGOING_ACTOR.search(s) else None
    if AIM.search(s) and "hoogte" not in s:  # "ik wil … houden", not "op de hoogte houden"
        return "ongoing"
    if COMMITMENT.search(s):
        return "commitment"
    if SCHEDULED.search(s) and normalise_due(s, answered or "1900-01-01") is not None:
        return "commitment"
    if PRESENT_PASSIVE.search(s) and not MODAL_OR_CONDITION.search(s) and _main_clause_passive(s):
        return "ongoing" if CURRENT.search(s) else "commitment"
    if ONGOING.search(s) and ONGOING_ACTOR.search(s):
        return "ongoing"
    return None


def _main_clause_passive(s: str) -> bool:
    """Is the present passive of ``s`` one of the main clause, with the government side
    acting (not other countries)?"""
    if ("landen" in s or "lidstaten" in s) and OTHERS_ACT.search(s):
        return False
    if "waar" in s or "welke" in s:
        return PRESENT_PASSIVE.search(RELATIVE_CLAUSE.sub(",", s)) is not None
    return True


def _epistemic_only(s: str) -> bool:
    """Is every zal/zullen in ``s`` about the world ("zal … moeten worden")?"""
    return bool(EPISTEMIC.search(s)) and "moeten" in s and not PASSIVE_PARTICIPLE.search(s)


def action_lines(text: str, previous: list[str]) -> list[str]:
    """Actielijnen/pijlers the sentence names; "deze actielijn" is the last one named before."""
    found: list[str] = []
    for m in ACTION_LINE.finditer(text):
        kind = m.group("kind").capitalize()
        nums = [int(n) for n in re.findall(r"\d+", m.group("nums"))]
        if re.search(r"tot\s*en\s*met|t/m", m.group("nums")) and len(nums) == 2:
            nums = list(range(nums[0], nums[1] + 1))
        found += [f"{kind} {n}" for n in nums]
    for m in THIS_ACTION_LINE.finditer(text):
        kind = m.group("kind").capitalize()
        last = [p for p in previous if p.startswith(kind)]
        if last:
            found.append(last[-1])
    return list(dict.fromkeys(found))


# A sentence introduces a programme (part) it names as its subject or as the frame of its
# verb: "Actielijn 6 uit het Actieplan, …, is gewijd aan …", "Vanuit het Actieplan X
# versterken we …", "…, wordt binnen de actielijnen 1 en 2 … ingezet op …".
_INTRO_START = re.compile(
    r"^\W*(?:(?:ook|daarnaast|verder|tevens|bovendien)\s+)?(?:(?:in|binnen|vanuit|onder|met|via)"
    r"\s+)?(?:(?:de|het|deze|dit)\s+)?$",
    re.IGNORECASE,
)
_INTRO_FRAME = re.compile(r"\b(?:in|binnen|vanuit)\s+(?:(?:de|het|deze|dit)\s+)?$", re.IGNORECASE)
# The next sentence carries on with it: "Er wordt … ingezet op …", "Daarbij …", "Hierbinnen
# …", "In dit kader …", "Zo ontwikkelen we …", "Voor deze (versterkte) inzet …".
CONTINUES = re.compile(
    r"^\W*(?:er\s+(?:wordt|worden)\b|(?:daar|hier)(?:bij|binnen|in|naast)\b"
    r"|(?:in|binnen)\s+(?:dit|dat|het)\s+kader\b|zo\b(?!\s+(?:snel|spoedig|veel|lang|goed|ver)\b)"
    r"|(?:\w+\s+)?(?:deze|die|dit|dat)\s+(?:\w+\s+)?(?:inzet|acties|maatregelen|activiteiten"
    r"|inspanningen|aanpak)\b)",
    re.IGNORECASE,
)


def _introduced(text: str, named: list[tuple[int, str]]) -> list[str]:
    """The programmes of ``named`` ((offset, label) in ``text``) the sentence introduces."""
    return list(
        dict.fromkeys(
            label
            for at, label in named
            if _INTRO_START.match(text[:at]) or _INTRO_FRAME.search(text[:at])
        )
    )


def _named(text: str, plans: dict[str, str]) -> list[tuple[int, str]]:
    """(offset, label) of the Actielijnen/pijlers and plans ``text`` names."""
    found = [
        (m.start(), label)
        for m in ACTION_LINE.finditer(text)
        for label in action_lines(m.group(), [])
    ]
    return found + plans_named(text, plans)


# A later clause in sequence with an earlier one: "… wordt in 2024 vastgesteld en daarna zal
# ik …", "…, waarna wij …"; and a leading "Zodra/Nadat …," clause before the main clause.
SEQUEL = re.compile(r"[,;]?\s*\b(?:en\s*)?(?:daarna|vervolgens|nadien|waarna|daaropvolgend)\b")
LEADING_SEQUEL = re.compile(r"^\W*(?:zodra|nadat)\b[^,;]*[,;]")


def _due(text: str, answered: str | None) -> str | None:
    """The due date of the government's action in ``text``. When an earlier clause has
    another subject (a directive, the EU, another party) and the government acts only in a
    later one ("… wordt naar verwachting in 2024 vastgesteld en daarna zal ik …", "Zodra
    … in 2024 …, zal ik …"), the earlier clause's date is not ours: read the later one."""
    low = text.lower()
    if lead := LEADING_SEQUEL.match(low):
        head, split = low[: lead.end()], lead.end()
    elif sequel := SEQUEL.search(low):
        head, split = low[: sequel.start()], sequel.end()
    else:
        return normalise_due(text, answered)
    if re.search(GOV, low[split:]) and not re.search(GOV, head):
        return normalise_due(text[split:], answered)
    return normalise_due(text, answered)


def _previous_due(earlier: list[str], answered: str | None) -> str | None:
    """The date of the nearest earlier sentence of the answer that names one."""
    for text in reversed(earlier):
        due = normalise_due(text, answered)
        if due is not None:
            return due
    return None


def _responsible(actors: ActorLookup, number: int, start: int, end: int, text: str) -> list[str]:
    """The actor made responsible: the answering office unless another actor is the
    subject of the sentence (named before its finite verb) and no "ik/wij/het kabinet"."""
    default = actors.government[:1]
    s = text.lower()
    if re.search(GOV, s):
        return default
    verb = re.search(r"\b(?:zal|zullen|gaat|gaan|wordt|worden|is|zijn|werkt|werken|heeft)\b", s)
    if not verb or _ASKED.match(s, verb.end()):
        return default  # "De NZa wordt gevraagd …": the one asked acts for who asks
    subject = _SUBJECT_START.match(text)
    if not subject:
        return default
    at = start + subject.end()
    for actor in actors.actors:
        if actor.get("type") not in ("government", "organisation"):
            continue
        if actor["id"].endswith("tweede-kamer"):
            continue
        for m in actor["mentions"]:
            if (
                (m["part"], m["number"], m["start"]) == ("answer", number, at)
                and m["end"] <= (start + verb.start())
                and text[m["end"] - start : m["end"] - start + 1] != "-"
            ):
                return [actor["id"]]
    return default


# "wordt (door mij) gevraagd/verzocht/opgeroepen": the subject is asked, by the answerer.
_ASKED = re.compile(r"(?:\s+\S+){0,4}?\s+(?:gevraagd|verzocht|opgeroepen|uitgenodigd)")
# (no \b at the end: text from PDFs glues words, "wordt gevraagdgefaseerd …")
# A sentence whose subject is another actor starts with it: "De NVWA zal …", "Ook de
# politie gaat …" — not "De bevindingen van het CKM-rapport zullen …".
_SUBJECT_START = re.compile(
    r"(?i)(?:(?:ook|daarnaast|verder|tevens|vervolgens|daarom|bovendien)\s+)?(?:de|het)?\s*"
)


def find_commitments(doc: Document, actors: ActorLookup) -> list[dict[str, Any]]:
    """One record dict per classified answer sentence, in document order."""
    out: list[dict[str, Any]] = []
    requested = {q.number for q in doc.questions if asking_sentence(q) is not None}
    seen: set[str] = set()
    plans = plan_labels(doc)
    for part in doc.answers:
        if part.text in seen:
            continue
        seen.add(part.text)
        covers = part.covers or (part.number,)
        number = covers[0]
        request = next((n for n in covers if n in requested), None)
        lines_so_far: list[str] = []
        earlier: list[str] = []
        introduced: list[str] = []  # by the previous sentence of the paragraph
        previous_end = 0
        for i, sent in enumerate(sentences(part)):
            text = _fold(sent.text)
            kind = classify(text, doc.answered)
            low = text.lower()
            opening_no = OPENING_NO.search(low) and not NOT_A_REFUSAL_NO.search(low)
            if kind is None and i == 0 and request is not None and opening_no:
                kind = "refusal"
            lines = (
                action_lines(text, lines_so_far) if "actielijn" in low or "pijler" in low else []
            )
            lines_so_far += lines
            named = _named(text, plans) if plans or lines else []
            same_paragraph = "\n" not in part.text[previous_end : sent.start]
            if not lines and introduced and same_paragraph and CONTINUES.match(text):
                lines = introduced
            if not lines:  # a plan named without a part of it
                lines = list(dict.fromkeys(label for _, label in named))
            introduced = _introduced(text, named)
            previous_end = sent.end
            earlier.append(text)
            if kind is None:
                continue
            due = _due(text, doc.answered) if kind == "commitment" else None
            if due is None and kind == "commitment" and BACK_REFERENCE.search(low):
                due = _previous_due(earlier[:-1], doc.answered)
            by = _responsible(actors, part.number, sent.start, sent.end, sent.text)
            involved = [
                a
                for a in actors.in_span("answer", part.number, sent.start, sent.end)
                if a not in by
            ]
            out.append(
                {
                    "id": f"{BASE}id/doc/{doc.id}/toezegging/{len(out)}",
                    "kind": kind,
                    "answer": number,
                    "part": "answer",
                    "number": part.number,
                    "start": sent.start,
                    "end": sent.end,
                    "text": text,
                    "by": by,
                    "actors": involved,
                    "due": due if kind == "commitment" else None,
                    "action_lines": lines,
                    "request": request,
                }
            )
    return out
