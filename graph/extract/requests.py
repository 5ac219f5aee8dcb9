"""Requests: questions that ask the government to act, and what became of them.

A question is a request when one of its sentences asks for action or a promise:
"Bent u (tevens) bereid/voornemens/van plan", "Wilt u", "Zou u … willen/bereid",
"Kunt u toezeggen", "Ziet u mogelijkheden", "Gaat u", "Overweegt u", "Zorgt u",
"Kunt u … in kaart brengen/onderzoeken/de Kamer informeren", "Is … aanleiding om",
and "Kunt u deze vragen … beantwoorden" (a request about the answering itself).

The outcome is read from the answer that covers the question:

- a request to answer by a date or within a term is ``not_met`` when the answer says
  so ("Dat is helaas niet gelukt", "niet binnen de gebruikelijke termijn") or when the
  answer date lies after the date asked for ("voor het debat van 24 oktober", "binnen
  een week" of the submission date); otherwise ``accepted``;
- otherwise by the commitments found in that answer: a commitment and a refusal (or
  "wel … maar niet …") is ``partial``, only commitments ``accepted``, only refusals
  ``declined`` (a refusal that concludes an answer after an alternative offer declines);
  an answer opening with "Ja" is ``accepted``; an answer that promises nothing to a
  request to act is ``declined`` in effect. ``answered`` is left for requests to answer
  that state no deadline and whose answer neither meets nor misses it.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from graph import BASE
from graph.extract.dates import _end_of, find_dates
from graph.extract.matching import AnyOf
from graph.extract.sentences import Sentence, sentences, split

if TYPE_CHECKING:
    from graph.document import Document, Part


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _any(*patterns: str) -> AnyOf:
    """As :func:`_rx`, for patterns searched in every sentence: faster, where only
    *whether* one matches counts."""
    return AnyOf(patterns, flags=re.IGNORECASE)


ASKS_TO_ANSWER = _rx(r"\bbeantwoorden\b|\bbeantwoord\b|\bbeantwoording\b")
ASKS = _any(
    r"\bbent\s*u\b.{0,80}?(?:bereid|voornemens|van\s*plan)\b",
    r"\bzou(?:den)?\s*(?:u|nederland|het\s*kabinet).{0,120}?(?:bereid|willen)\b",
    r"\bwilt\s*u\b",
    r"\bkunt\s*u\b.{0,80}?\btoezeggen\b",
    r"\bzegt\s*u\b.{0,40}?\btoe\b",
    r"\bziet\s*u\s*(?:\w+\s*)?(?:mogelijkhe\w*|ruimte|kansen)\b",
    r"^\W*(?:(?:en|zo\s*ja|zo\s*nee|zo\s*niet),?\s*)?gaat\s*u\b",
    r"\bwat\s*gaat\s*u\b.{0,40}?\bdoen\b",
    r"\boverweegt\s*u\b",
    r"\bzorgt\s*u\b",
    r"\bkunt\s*u\b.{0,250}?\bbeantwoorden\b",
    r"\bkunt\s*u\b.{0,80}?\b(?:in\s*kaart\s*brengen|(?:laten\s*)?onderzoeken|(?:met|naar)\s*de"
    r"\s*(?:tweede\s*)?kamer\s*(?:sturen|delen)|de\s*kamer\s*(?:informeren|op\s*de\s*hoogte)"
    r"|toezeggen|instellen|starten|opstellen|inzichtelijk\s*maken|uitzoeken|nagaan)\b",
    r"\baanleiding\b.{0,80}?\b(?:om|tot)\b.{0,120}?\?",
)
NOT_MET = _rx(
    r"niet\s*gelukt",
    r"\bniet\s*(?:binnen|voor|vóór|tijdig|eerder)\b.{0,60}?\b(?:termijn|beantwoord|debat"
    r"|behandeling)",
    r"\bbuiten\s*de\s*(?:gebruikelijke\s*)?termijn",
    r"\bhelaas\b.{0,60}?\bniet\b",
    r"\bniet\s*mogelijk\s*gebleken\b",
)
MET = _rx(r"\bis\s*gelukt\b|\bbinnen\s*de\s*(?:gestelde|gevraagde|gebruikelijke)\s*termijn\b")
USUAL_TERM = re.compile(r"gebruikelijke\s*termijn|daarvoor\s*gestelde\s*termijn", re.I)
PARTIAL = _rx(
    r"\bwel\b[^.]{0,150}?\bmaar\s*niet\b",
    r"\bniet\b[^.]{0,150}?\bmaar\s*wel\b",
    # "… is echter nog niet gerealiseerd. Wel hebben er gesprekken plaatsgevonden …"
    r"\b(?:niet|geen)\b[^.]{0,200}\.\s+Wel\b",
)
EXPLORATORY = _rx(
    r"\b(?:nader\s*)?(?:analyseren|onderzoeken|verkennen|bezien|bekijken|overwegen)\s*(?:of|hoe|"
    r"welke|waar|in\s*hoeverre)\b",
    r"\b(?:onderzoeken|bezien|bekijken|verkennen)\s*(?:hoe|of|welke|waar)\b",
    r"\baandacht\s*(?:aan\s*)?(?:worden\s*)?besteed\b|\baandacht\s*besteden\b",
)
_SPACES = re.compile(r"\s+")
OPENING_YES = re.compile(r"^\W*ja\b", re.IGNORECASE)
OPENING_NO = re.compile(r"^\W*nee\b", re.IGNORECASE)
USUAL_TERM_DAYS = 21  # Reglement van Orde: answers within three weeks


def asking_sentence(part: Part) -> Sentence | None:
    """The first sentence of a question that asks the government to act, or ``None``."""
    return _asking(part.kind, part.number, part.text)


@functools.lru_cache(maxsize=128)
def _asking(kind: str, number: int, text: str) -> Sentence | None:
    """Cached (for about one document): commitments and requests both ask it of every
    question."""
    for a, b in split(text):
        if ASKS.search(_SPACES.sub(" ", text[a:b])):
            return Sentence(kind, number, a, b, text[a:b])
    return None


def _deadline(text: str, submitted: str | None) -> date | None:
    """The last day the answer was asked for, from the question and the submission date."""
    if USUAL_TERM.search(text) and submitted:
        return date.fromisoformat(submitted) + timedelta(days=USUAL_TERM_DAYS)
    found = find_dates(text, submitted)
    return _end_of(found[0][2]) if found else None


def _answering_outcome(question: str, answer: str, doc: Document) -> str:
    if NOT_MET.search(answer):
        return "not_met"
    deadline = _deadline(question, doc.submitted)
    if deadline and doc.answered:
        return "not_met" if date.fromisoformat(doc.answered) > deadline else "accepted"
    if MET.search(answer) or OPENING_YES.search(answer):
        return "accepted"
    return "not_met" if not answer.strip() else "answered"


def _kinds(part: Part | None, answered: str | None) -> list[str]:
    """The kinds of the answer's sentences, in text order; a promise only to study, weigh
    or look into the matter counts as ``exploratory``."""
    from graph.extract.commitments import classify  # commitments imports this module

    kinds = []
    for sent in sentences(part) if part else []:
        kind = classify(sent.text, answered)
        if kind == "commitment" and EXPLORATORY.search(sent.text):
            kind = "exploratory"
        if kind in ("commitment", "refusal", "exploratory"):
            kinds.append(kind)
    return kinds


def _action_outcome(kinds: list[str], answer: str) -> str:
    """``kinds``: the commitment/refusal kinds of the answer's sentences, in text order.

    A promise only to analyse, examine or pay attention ("nader analyseren of",
    "te onderzoeken hoe", "zal hier aandacht aan worden besteed") meets a request to act
    in part."""
    if "refusal" in kinds and ("commitment" in kinds or "exploratory" in kinds):
        # a refusal that concludes the answer declines; an offer after it is partial
        return "declined" if kinds[-1] == "refusal" else "partial"
    if PARTIAL.search(answer) or ("exploratory" in kinds and "commitment" not in kinds):
        return "partial"
    if "commitment" in kinds:
        return "accepted"
    if "refusal" in kinds:
        return "declined"
    if OPENING_YES.search(answer):
        return "accepted"
    # Asked to act, the government promises nothing: in effect a refusal.
    return "declined"


def find_requests(doc: Document, commitments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One request per asking sentence that has an answer, with the outcome its answer
    gives. A postponement notice, or a question left unanswered, has no outcome yet and
    so no request. Questions of a combined block ("Vraag 4, 5, 7 en 8") share one text:
    its asking sentence is one request, numbered by the question it sits in."""
    out: list[dict[str, Any]] = []
    if doc.postponed:
        return out
    seen: set[tuple[int, int]] = set()
    for q in doc.questions:
        sent = asking_sentence(q)
        if sent is None:
            continue
        span = q.mapped.source_span(sent.start, sent.end)
        if span in seen:  # the same sentence of a shared block, under another number
            continue
        seen.add(span)
        number = _block_number(doc, q, sent.start)
        part = doc.answer_for(number) or doc.answer_for(q.number)
        if part is None:
            continue
        answer_no = (part.covers or (part.number,))[0]
        answer = part.text
        asking = _SPACES.sub(" ", sent.text).strip()
        if ASKS_TO_ANSWER.search(asking) and re.search(r"\bvragen", asking, re.I):
            outcome = _answering_outcome(asking, answer, doc)
        else:
            outcome = _action_outcome(_kinds(part, doc.answered), answer)
        out.append(
            {
                "id": f"{BASE}id/doc/{doc.id}/verzoek/{number}",
                "question": number,
                "answer": answer_no,
                "text": asking,
                "start": sent.start,
                "end": sent.end,
                "outcome": outcome,
            }
        )
    return out


_QUESTION_END = re.compile(r"\?\s*(?=\S)")


def _block_number(doc: Document, q: Part, at: int) -> int:
    """The number of the question that the text at ``at`` belongs to.

    A combined block the reader could not split carries all its numbers (``covers``) on
    one text. Its questions were paragraphs: a "?" ending a line, whose line break the
    PDF text lost ("…bijstaan?Waarom zou …") or kept. A "?" followed by a space on the
    same line ("… gestolen? Is dit …", "? Zo ja, …") continues the same question. When
    these ends count the block's questions exactly, the k-th question is the k-th
    number; otherwise the last number (an asking sentence mostly closes its block)."""
    numbers = q.covers or (q.number,)
    shared = [n for n in numbers if (p := doc.part("question", n)) and p.mapped == q.mapped]
    if len(shared) < 2:
        return q.number
    numbers = tuple(shared)
    text, offsets = q.text, q.mapped.offsets
    ends = [
        m.end()
        for m in _QUESTION_END.finditer(text)
        if "\n" in m.group(0) or offsets[m.end()] == offsets[m.start()] + 1
    ]
    if len(ends) != len(numbers) - 1:
        return numbers[-1]
    return numbers[sum(1 for e in ends if e <= at)]
