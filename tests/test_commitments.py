"""Commitments, refusals and ongoing policy: general Dutch patterns on real and own text."""

from __future__ import annotations

import re

import pytest

from graph.extract.actors import find_actors
from graph.extract.commitments import _due, action_lines, classify, find_commitments
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


@pytest.mark.parametrize(
    "sentence",
    [
        # a rule or document described, not a promise
        "Artikel 3 van de Code IBV schrijft voor dat overheden overleg zullen voeren over, "
        "onder andere, de beste plek om nieuwe taken te beleggen.",
        "Dit betekent dat er een additionele heffing op de kostprijs van fossiele brandstoffen "
        "voor burgers en de meeste bedrijven in deze sectoren zal komen.",
        # the passive sits in a relative clause describing a procedure or document
        "Ik verwijs hiervoor naar de Instructie afdoening aangiften Wet Internationale "
        "Misdrijven van het College van procureurs-generaal, waarin onder meer is opgenomen "
        "welke factoren worden betrokken in de beoordeling van het Openbaar Ministerie.",
        "Bij de eerste plaatsing wordt een risicoprofiel vastgesteld waarbij naar meerdere "
        "aspecten wordt gekeken, zoals de kenmerken en achtergronden van het delict.",
        # "uitgebreid" as an adverb: the document treats it at length
        "In het ambtsbericht en de beantwoording van de aanvullende vragen wordt uitgebreid "
        "ingegaan op de kwetsbare positie van vrouwen en meisjes in Afghanistan.",
        # other countries act
        "Ook in andere Europese landen wordt gekeken naar waterstofproductie uit afval.",
    ],
)
def test_commitments_descriptions_are_no_commitments(sentence):
    assert classify(sentence, "2024-11-18") is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # practice restated or usual: ongoing, not a new promise
        (
            "Wel worden, zoals bij vraag 2 aangegeven, de door de Taliban opgelegde normen en "
            "leefregels meegenomen in de individuele beoordelingen.",
            "ongoing",
        ),
        (
            "Toekomstige militaire samenwerkingsactiviteiten worden, zoals te doengebruikelijk, "
            "per activiteit zorgvuldig en afzonderlijk bezien.",
            "ongoing",
        ),
        # a wish to keep or ensure a state: an aim, not a concrete plan
        (
            "Ik wil kleinere ziekenhuizen in de stad en streekziekenhuizen in de regio relevant "
            "houden en waar nodig maken.",
            "ongoing",
        ),
        (
            "Ik wil ervoor zorgen dat de beschikbaarheid van spoedeisende zorg en acute "
            "verloskunde in iedere regio goed geregeld is.",
            "ongoing",
        ),
        # ... while a wish to act stays a commitment
        (
            "Ik wil met zorgverzekeraars afspreken dat zij meerjarige financiële afspraken met "
            "ziekenhuizen maken.",
            "commitment",
        ),
        ("Ik wil uw Kamer op de hoogte houden van de voortgang.", "commitment"),
        ("Het advies van het IGH wordt betrokken bij dit onderzoek.", "commitment"),
        (
            "Inzet is omuiterlijk per 1 juli 2025 de aanwijzing van deze gemachtigde instanties "
            "onder het strengere kader te hebben afgerond.",
            "commitment",
        ),
        # refusals: holding on, impossible, no grounds
        ("Het kabinet houdt vast aan de uitvoering van de bestaande klimaatdoelen.", "refusal"),
        (
            "Strafvervolging op basis daarvan is dus op dit moment noch op nationaal niveau noch "
            "op internationaal niveau mogelijk.",
            "refusal",
        ),
        (
            "In het slachthuis zijn geen overtredingen geconstateerd die schorsing of sluiting "
            "hiervan op dit moment rechtvaardigen.",
            "refusal",
        ),
    ],
)
def test_commitments_classify_practice_aims_and_refusals(sentence, kind):
    assert classify(sentence, "2024-11-18") == kind


def test_commitments_sentences_split_at_glued_full_stop():
    from graph.extract.sentences import split

    text = (
        "Dit is vastgelegd in Kamerstukken (Kamerstukken II 2021/22, 36 021, nr. 6).Toekomstige "
        "activiteiten worden bezien. De Kamer wordt in 2025.Ook is er o.a.De Jong en St.Jansdal."
    )
    parts = [text[a:b] for a, b in split(text)]
    assert parts[0].endswith("nr. 6).")
    assert parts[1].startswith("Toekomstige")
    assert parts[3].startswith("Ook is er o.a.De Jong en St.Jansdal")


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


def test_commitments_confidence_in_another_actor_is_no_commitment():
    # 2024Z11859, answer 5: the police acts, the minister only expresses trust
    sentence = (
        "Ik heb er vertrouwen in dat de politie de keuze voor sluiting van het politiebureau"
        " Wolvega weloverwogen maakt en de genoemde zorgen heeft betrokken en zal blijven"
        " betrekken in haar afwegingen."
    )
    assert classify(sentence, "2024-07-01") is None
    # the government named again after "dat" still promises
    assert classify("Ik ga ervan uit dat ik uw Kamer voor de zomer zal informeren.") == (
        "commitment"
    )


def test_commitments_due_from_the_government_clause_not_an_earlier_one(corpus_dir):
    # 2023Z19006, answer 7: 2024 is when the EU adopts the directive, not the minister's date
    doc = read_document(corpus_dir / "2023Z19006.txt")
    items = find_commitments(doc, find_actors(doc))
    bill = _find(items, 7, "daarna zal ik een wetsvoorstel ter implementatie")
    assert bill["kind"] == "commitment" and bill["due"] is None
    led = "Zodra de richtlijn in 2024 is vastgesteld, zal ik voor de zomer van 2025 een wet sturen."
    assert _due(led, "2023-12-04") == "2025-06"
    # an earlier clause of the government's own keeps its date
    own = "Ik stuur in 2024 het rapport en daarna zal ik u informeren."
    assert _due(own, "2023-12-04") == "2024"


def test_commitments_seed_statements_serve_the_programme_parts_they_name_or_continue(seed):
    _, items = seed
    plan = "Actieplan Samen tegen mensenhandel"
    # the plan named as frame, and the sentence that gives an example of it ("Zo …")
    assert _find(items, 2, "Vanuit het Actieplan Samen tegen mensenhandel")["action_lines"] == [
        plan
    ]
    assert _find(items, 2, "Zo ontwikkelen we onder andere")["action_lines"] == [plan]
    # "Actielijn 6 uit het Actieplan, …, is volledig gewijd aan …. Er wordt … ingezet op …"
    acts = _find(items, 5, "Er wordt door middel van verschillende acties ingezet")
    assert acts["kind"] == "ongoing" and acts["action_lines"] == ["Actielijn 6"]
    # present-tense policy within Actielijnen 1 and 2 is ongoing, and so is what follows it
    within = _find(items, 6, "wordt binnen de actielijnen 1 en 2")
    assert within["kind"] == "ongoing"
    assert within["action_lines"] == ["Actielijn 1", "Actielijn 2"]
    funds = _find(items, 6, "zijn reeds middelen beschikbaar vanuit het Actieplan")
    assert funds["action_lines"] == ["Actielijn 1", "Actielijn 2"]
    # two sentences on, no continuation: not linked
    assert _find(items, 5, "Ook wordt er met verschillende organisaties")["action_lines"] == []


def test_commitments_continuation_only_right_after_and_in_the_same_paragraph():
    from graph.document import Document, Part
    from graph.mapped import MappedText

    def lines(text):
        part = Part("answer", 1, MappedText.of(text), (1,))
        doc = Document("t", "t", "plain", "", answers=[part])
        return [c["action_lines"] for c in find_commitments(doc, find_actors(doc))]

    intro = "Actielijn 3 uit het Actieplan, de aanpak van daders, is gewijd aan daders. "
    follow = "Er wordt ingezet op een betere opsporing van daders."
    assert lines(intro + follow) == [["Actielijn 3"]]
    assert lines(intro.strip() + "\n" + follow) == [[]]  # another paragraph
    mention = "De politie werkt samen, zoals beschreven bij de acties van Actielijn 3. "
    assert lines(mention + follow) == [[]]  # named in passing, not introduced


def _sentence_with(corpus_dir, name, answer, key):
    from graph.extract.sentences import sentences

    doc = read_document(corpus_dir / name)
    part = doc.part("answer", answer)
    hits = [s for s in sentences(part) if key in s.text]
    assert len(hits) == 1, [s.text for s in hits]
    assert part.text[hits[0].start : hits[0].end] == hits[0].text
    return hits[0].text


def test_commitments_sentence_leaves_a_list_item_number_to_the_next_item(corpus_dir):
    text = _sentence_with(corpus_dir, "ah-tk-20242025-594.txt", 5, "devolgende stappen")
    assert text.endswith("het zorglandschap in Nederland te veranderen:")
    item = _sentence_with(corpus_dir, "ah-tk-20242025-594.txt", 5, "Bekostiging op basis")
    assert item == "1. Bekostiging op basis van een vast budget."
    # an item number at the start of a line is no sentence of its own
    item = _sentence_with(corpus_dir, "ah-tk-20242025-594.txt", 5, "Meerjarige financiële")
    assert item.startswith("2. Meerjarige financiële afspraken.")


def test_commitments_sentences_list_item_numbers():
    from graph.extract.sentences import split

    text = "Ik neem de volgende stappen: a. Eerst dit.\nb. Dan dat.\n2) Tot slot. Klaar."
    assert [text[a:b] for a, b in split(text)] == [
        "Ik neem de volgende stappen:",
        "a. Eerst dit.",
        "b. Dan dat.",
        "2) Tot slot.",
        "Klaar.",
    ]
    # a number closing a sentence without a colon stays: "bijlage 1." ends the sentence
    text = "Zie bijlage 1. De Kamer is geïnformeerd."
    assert [text[a:b] for a, b in split(text)] == ["Zie bijlage 1.", "De Kamer is geïnformeerd."]


def test_commitments_an_actor_asked_to_act_is_involved_not_responsible():
    """"De NVWA zal …": the NVWA acts. "De NVWA wordt (door mij) gevraagd …": the answerer
    asks and answers for it; the NVWA is involved (594: "De NZa wordt gevraagd …")."""
    from graph.document import Document, Part
    from graph.mapped import MappedText

    text = (
        "De NVWA zal de controles in 2025 uitbreiden. De NVWA wordt door mij gevraagd de "
        "controles in 2025 uit te breiden. De NVWA wordt gevraagdde controles uit te breiden."
    )
    part = Part("answer", 1, MappedText.of(text), (1,))
    doc = Document("t", "t", "plain", "", answers=[part])
    found = find_commitments(doc, find_actors(doc))
    nvwa = next(a["id"] for a in find_actors(doc).actors if a["label"].startswith("Neder"))
    assert [nvwa in c["by"] for c in found] == [True, False, False]
    assert [nvwa in c["actors"] for c in found] == [False, True, True]
