"""Commitments, refusals and ongoing policy: general Dutch patterns on real and own text."""

from __future__ import annotations

import re

import pytest

from graph.extract.actors import find_actors
from graph.extract.commitments import action_lines, classify, find_commitments
from graph.read import read_document


@pytest.fixture(scope="module")
def seed(seed_path):
    doc = read_document(seed_path)
    return doc, find_commitments(doc, find_actors(doc))


def _find(items, answer, key):
    hits = [c for c in items if c["answer"] == answer and key.lower() in c["text"].lower()]
    assert hits, f"A{answer}: {key}"
    return hits[0]


def test_commitments_seed_werkbezoek_due_january(seed):
    _, items = seed
    visit = _find(items, 1, "vindt een ambtelijk werkbezoek aan de gemeente Groningen plaats")
    agenda = _find(items, 1, "zullen voor dit werkbezoek worden geagendeerd")
    assert visit["kind"] == agenda["kind"] == "commitment"
    assert visit["due"] == agenda["due"] == "2025-01"  # the second inherits "dit werkbezoek"


@pytest.mark.parametrize(
    ("answer", "key", "kind"),
    [
        (3, "in de VNG adviescommissie Zorg, Jeugd en Onderwijs worden geagendeerd", "commitment"),
        (3, "Er zal in gezamenlijkheid worden bezien", "commitment"),
        (4, "Wij zullen wel in breder verband met de VNG in gesprek gaan", "commitment"),
        (4, "achten wij een landelijk onderzoek op dit moment niet nodig", "refusal"),
        (5, "geen aanleiding het Actieplan aan te passen", "refusal"),
        (6, "zijn reeds middelen beschikbaar vanuit het Actieplan", "refusal"),
        (7, "zijn er op dit moment voldoende maatregelen", "refusal"),
        (2, "ontwikkelen we onder andere een communicatiestrategie", "ongoing"),
    ],
)
def test_commitments_seed_kinds(seed, answer, key, kind):
    assert _find(seed[1], answer, key)["kind"] == kind


def test_commitments_seed_record_shape(seed):
    doc, items = seed
    assert [c["id"].rsplit("/", 1)[1] for c in items] == [str(k) for k in range(len(items))]
    for c in items:
        text = doc.part("answer", c["number"]).text[c["start"] : c["end"]]
        assert re.sub(r"\s+", " ", text).strip() == c["text"]
        assert c["part"] == "answer" and c["by"]
        assert not set(c["by"]) & set(c["actors"])
    # the seed's "Zorginstellingen … zijn zelf verantwoordelijk": other actors' duty, no item
    assert not [c for c in items if "zelf verantwoordelijk" in c["text"]]


def test_commitments_seed_requests_linked(seed):
    _, items = seed
    assert _find(items, 4, "achten wij")["request"] == 4
    assert _find(items, 1, "werkbezoek aan")["request"] is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Ik zal uw Kamer voor de zomer over de uitkomsten informeren.", "commitment"),
        ("Het kabinet zal de regelgeving aanpassen.", "commitment"),
        ("Ik stuur uw Kamer voor het eind van het jaar een brief.", "commitment"),
        ("Wij gaan met de gemeenten in gesprek over de aanpak.", "commitment"),
        ("Ik ben voornemens een wetsvoorstel in te dienen.", "commitment"),
        ("Ik ben bereid dit te onderzoeken.", "commitment"),
        ("Het rapport wordt in het voorjaar geagendeerd voor het overleg.", "commitment"),
        ("Ik zie geen aanleiding om het beleid te wijzigen.", "refusal"),
        ("Een landelijke registratie acht ik niet wenselijk.", "refusal"),
        ("Ik ben niet voornemens de regeling aan te passen.", "refusal"),
        ("Ik zal hier geen onderzoek naar doen.", "refusal"),
        ("Dat is niet aan mij.", "refusal"),
        ("Als minister ga ik hier niet over.", "refusal"),
        ("Ik kan en zal niet in die beoordeling treden.", "refusal"),
        ("Dat acht het kabinet niet realistisch.", "refusal"),
        ("Verder zet ik mij in voor betere samenwerking.", "ongoing"),
        ("Hierover ben ik in gesprek met de NZa.", "ongoing"),
        ("Op deze manier werkt het kabinet aan toegankelijke zorg.", "ongoing"),
    ],
)
def test_commitments_classify_general_dutch(sentence, kind):
    assert classify(sentence, "2024-11-18") == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Dit zal leiden tot hogere kosten voor gemeenten.",  # epistemic zal
        "De prijs voor de afnemer zal toenemen door de btw-verhoging.",
        "Uit het onderzoek zal moeten blijken of sprake is van strafbare feiten.",
        "In 2023 heeft een werkbezoek plaatsgevonden.",  # past
        "Op 27 september jl. heb ik gesproken met twee chirurgen.",
        "Zorginstellingen zijn zelf verantwoordelijk voor veiligheidsmaatregelen.",  # others
        "Als deze groep signalen eerder ziet, kan tijdig worden ingegrepen.",  # conditional
        "Personen kunnen op grond van de wet strafrechtelijk worden vervolgd.",
        "Op de genoemde motie ga ik in het antwoord op vraag 5 nader in.",  # a pointer
        "Waarom is dat niet gebeurd?",
    ],
)
def test_commitments_classify_negative_cases(sentence):
    assert classify(sentence, "2024-11-18") is None


def test_commitments_action_lines():
    assert action_lines("binnen de actielijnen 1 en 2 van het Actieplan", []) == [
        "Actielijn 1",
        "Actielijn 2",
    ]
    assert action_lines("de acties van deze Actielijn 4", []) == ["Actielijn 4"]
    assert action_lines("Ook bij de uitvoering van deze actielijn", ["Actielijn 5"]) == [
        "Actielijn 5"
    ]
    assert action_lines("pijler 3 van het programma", []) == ["Pijler 3"]


def test_commitments_corpus_refusal_and_dated_briefing(corpus_dir):
    doc = read_document(corpus_dir / "ah-tk-20242025-573.txt")
    items = find_commitments(doc, find_actors(doc))
    briefing = [c for c in items if "briefing" in c["text"]]
    assert briefing and briefing[0]["kind"] == "commitment"
    assert briefing[0]["due"] == "2024-11-19"


def test_commitments_corpus_combined_answer_filed_once(corpus_dir):
    doc = read_document(corpus_dir / "2023Z19006.txt")  # "Antwoord 3, 4, 5, 9 en 10"
    items = find_commitments(doc, find_actors(doc))
    inform = [c for c in items if "Ik zal uw Kamer over de uitkomsten informeren" in c["text"]]
    assert len(inform) == 1 and inform[0]["answer"] == 3


def test_commitments_extraction_is_fast(seed_path):
    import time

    doc = read_document(seed_path)
    actors = find_actors(doc)
    start = time.perf_counter()
    for _ in range(10):
        find_commitments(doc, actors)
    assert (time.perf_counter() - start) / 10 < 0.05
