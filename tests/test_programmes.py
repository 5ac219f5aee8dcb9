"""Programmes: the seed's Actieplan with its Actielijnen, and general patterns."""

from __future__ import annotations

from graph.document import Document, Part
from graph.extract.programmes import find_programmes
from graph.mapped import MappedText
from graph.read import read_document


def test_programmes_seed_actieplan_and_its_actielijnen(seed_path):
    found = {p["label"]: p for p in find_programmes(read_document(seed_path))}
    plan = found["Actieplan Samen tegen mensenhandel"]
    assert "Actieplan programma Samen tegen mensenhandel" in plan["aliases"]
    for n in range(1, 7):
        assert found[f"Actielijn {n}"]["part_of"] == plan["label"]
    assert found["Actielijn 1"]["answers"] == [5, 6]
    assert found["Actielijn 2"]["answers"] == [5, 6]
    assert found["Actielijn 3"] == {**found["Actielijn 3"], "topic": None, "answers": []}
    assert found["Actielijn 4"]["answers"] == [8]
    assert found["Actielijn 6"]["answers"] == [5]
    assert "versterking van de positie van minderjarigen" in found["Actielijn 6"]["topic"]
    assert "meldingsbereidheid" in found["Actielijn 2"]["topic"]
    assert "brede bewustwording" in found["Actielijn 1"]["topic"]
    assert "informatiedeling en gegevensverwerking" in found["Actielijn 5"]["topic"]
    assert "regionale samenwerking" in found["Actielijn 4"]["topic"]


def test_programmes_general_plan_and_pillar():
    text = (
        "Binnen het programma Veilig Thuis op School werken we samen. Pijler 2, het versterken "
        "van de meldcode, krijgt extra aandacht."
    )
    doc = Document("t", "t", "plain", "", answers=[Part("answer", 3, MappedText.of(text), (3,))])
    found = {p["label"]: p for p in find_programmes(doc)}
    assert found["Programma Veilig Thuis op School"]["answers"] == [3]
    assert found["Pijler 2"]["topic"] == "het versterken van de meldcode"
    assert found["Pijler 1"]["topic"] is None


def test_programmes_plans_named_by_title_or_as_the_documents_one_actieplan(seed_path):
    from graph.extract.programmes import plan_labels, plans_named

    labels = plan_labels(read_document(seed_path))
    plan = "Actieplan Samen tegen mensenhandel"
    assert list(labels.values()) == [plan]
    sentence = (
        "Vanuit het Actieplan Samen tegen mensenhandel versterken we de inzet op het herkennen "
        "van signalen en bewustwording."
    )
    assert plans_named(sentence, labels) == [(11, plan)]
    bare = "Daarom is er op dit moment geen aanleiding het Actieplan aan te passen."
    assert [label for _, label in plans_named(bare, labels)] == [plan]
    # "het Actieplan" is no reference when the document has two of them, nor a programma
    two = {**labels, "x": "Actieplan X"}
    assert plans_named(bare, two) == []
    assert plans_named("Binnen het programma werken we samen.", labels) == []
