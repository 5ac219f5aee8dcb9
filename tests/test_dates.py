"""normalise_due: Dutch dates and periods as ISO prefixes, relative to the answer date."""

from __future__ import annotations

import pytest

import graph.read  # noqa: F401  (import order: graph.document needs graph.read first)
from graph.extract.dates import normalise_due

ANSWERED = "2024-12-05"  # the seed's answer date


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "In januari 2025 vindt een ambtelijk werkbezoek aan de gemeente Groningen plaats.",
            "2025-01",
        ),
        ("Ik stuur uw Kamer in januari een brief.", "2025-01"),
        ("Ik stuur uw Kamer voor de zomer een brief.", "2025-06"),
        ("voor de zomer van 2025", "2025-06"),
        ("voor de zomer 2025", "2025-06"),
        ("Ik informeer u voor het eind van dit jaar.", "2024-12"),
        ("eind dit jaar", "2024-12"),
        ("voor het einde van het jaar", "2024-12"),
        ("begin volgend jaar", "2025-03"),
        ("volgend jaar", "2025"),
        ("binnen drie weken", "2024-12-26"),
        ("binnen twee maanden", "2025-02"),
        ("op 19 december 2024", "2024-12-19"),
        ("in 2025", "2025"),
        ("in het eerste kwartaal van 2025", "2025-03"),
        ("in het derde kwartaal 2025", "2025-09"),
        ("medio 2025", "2025-06"),
        ("na de zomer", "2025-09"),
        ("Per 1 juli 2025 zal de aanwijzing zijn afgerond.", "2025-07-01"),
        ("Een nieuw ambtsbericht is voorzien voor eind februari2025.", "2025-02"),  # glued PDF text
        ("voor de kerst", "2024-12"),
    ],
)
def test_dates_normalise_due_periods(text, due):
    assert normalise_due(text, ANSWERED) == due


@pytest.mark.parametrize(
    "text",
    [
        "Wij gaan de komende periode in gesprek.",
        "Dat gebeurt op korte termijn.",
        "Ik beantwoord de vragen zo spoedig mogelijk.",
        "Het Actieplan, op 17 juni jl. met uw Kamer gedeeld, voorziet daarin.",
        "In mijn brief van 10 september 2024 heb ik u geïnformeerd.",
        "Sinds 2021 is de situatie moeilijk.",
    ],
)
def test_dates_vague_and_past_give_none(text):
    assert normalise_due(text, ANSWERED) is None


def test_dates_year_less_day_is_the_next_one():
    text = "de technische briefing, die op 19 november plaats-vindt"
    assert normalise_due(text, "2024-11-18") == "2024-11-19"
    assert normalise_due("voor de zomer", "2024-09-01") == "2025-06"
    assert normalise_due("dit voorjaar", "2024-11-18") == "2025-05"  # the coming spring


def test_dates_without_answer_date_relative_terms_are_unknown():
    assert normalise_due("binnen drie weken", None) is None
    assert normalise_due("in januari 2025", None) == "2025-01"


def test_dates_seed_answer_one(seed_path):
    from graph.read import read_document

    doc = read_document(seed_path)
    assert normalise_due(doc.answer_for(1).text, doc.answered) == "2025-01"
