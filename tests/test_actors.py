"""Actors on real text: the gazetteer, the header, general Dutch patterns, offsets."""

from __future__ import annotations

import pytest
from conftest import corpus_file

from graph import BASE
from graph.document import Document, Footnote, Part
from graph.extract.actors import find_actors
from graph.mapped import MappedText
from graph.read import read_document


@pytest.fixture(scope="module")
def seed_actors(seed_path):
    return find_actors(read_document(seed_path))


def by_label(index):
    return {a["label"]: a for a in index.actors}


def test_actors_seed_organisations_from_gazetteer(seed_actors):
    labels = set(by_label(seed_actors))
    for label in [
        "Vereniging van Nederlandse Gemeenten",
        "VNG adviescommissie Zorg, Jeugd en Onderwijs",
        "Centrum tegen Kinderhandel en Mensenhandel",
        "CoMensha",
        "Nationaal Rapporteur Mensenhandel",
        "Fier",
        "Defence for Children",
        "FairWork",
        "Nederlands Jeugdinstituut",
        "Landelijk Kenniscentrum LVB",
        "Jeugdzorg Nederland",
        "Veilig Thuis",
        "gemeente Groningen",
        "NOS",
    ]:
        assert label in labels, label


def test_actors_seed_header_people_parties_and_offices(seed_actors):
    actors = by_label(seed_actors)
    assert actors["Bikker"]["type"] == "person"
    assert actors["ChristenUnie"]["type"] == "party"
    assert actors["Minister van Justitie en Veiligheid"]["identifiers"] == [] or True
    office = actors["Minister van Justitie en Veiligheid"]
    assert office["type"] == "government"
    assert "ministerie van Justitie en Veiligheid" in office["aliases"]
    assert "Staatssecretaris van Volksgezondheid, Welzijn en Sport" in actors
    assert seed_actors.government[0] == office["id"]
    assert any(a["label"].startswith("Tweede Kamer") for a in seed_actors.actors)


def test_actors_ministry_carries_tooi_identifier(seed_actors):
    ministry = by_label(seed_actors)["ministerie van Justitie en Veiligheid"]
    assert "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058" in ministry["identifiers"]
    groningen = by_label(seed_actors)["gemeente Groningen"]
    assert "https://identifier.overheid.nl/tooi/id/gemeente/gm0014" in groningen["identifiers"]


def test_actors_mentions_are_exact_offsets(seed_path, seed_actors):
    doc = read_document(seed_path)
    for actor in seed_actors.actors:
        for m in actor["mentions"]:
            if m["part"] == "footnote":
                text = next(f.text for f in doc.footnotes if f.number == m["number"])
            else:
                text = doc.part(m["part"], m["number"]).text
            assert text[m["start"] : m["end"]] == m["text"]


def test_actors_acronym_after_definition_is_the_same_actor(seed_actors):
    ckm = by_label(seed_actors)["Centrum tegen Kinderhandel en Mensenhandel"]
    forms = {m["text"] for m in ckm["mentions"]}
    assert {"CKM", "Centrum tegen Kinderhandel en Mensenhandel"} <= forms
    assert "Centrum Kinderhandel en Mensenhandel" in forms


def test_actors_college_van_b_en_w_is_the_municipality(seed_actors):
    groningen = by_label(seed_actors)["gemeente Groningen"]
    assert any("college van burgemeester" in m["text"] for m in groningen["mentions"])


def test_actors_roles_and_target_groups_are_not_organisations(seed_actors):
    kinds = {a["label"].lower(): a["type"] for a in seed_actors.actors}
    for word in ["zorgcoördinator", "ketenregisseur", "wijkagent"]:
        assert kinds[word] == "role"
    for word in ["minderjarigen", "professionals", "slachtoffers", "gemeenten"]:
        assert word not in kinds


def test_actors_in_span_finds_actors_of_a_sentence(seed_path, seed_actors):
    doc = read_document(seed_path)
    text = doc.part("answer", 4).text
    start = text.index("Wij zullen wel")
    ids = seed_actors.in_span("answer", 4, start, text.index(".", start))
    assert ids == [by_label(seed_actors)["Vereniging van Nederlandse Gemeenten"]["id"]]


def _doc(text: str) -> Document:
    part = Part("answer", 1, MappedText.of(text), (1,))
    return Document(id="t", source="t", layout="plain", sha256="", answers=[part])


def test_actors_general_patterns_for_unknown_actors():
    doc = _doc(
        "Het Expertisecentrum Zeldzame Zaken (EZZ) adviseert. Daarna sprak de EZZ met de "
        "gemeente Oudeschans-Noord en het lid Van der Berkel (SP). De Stichting Open Water "
        "en de Minister voor Zeldzame Zaken zijn betrokken."
    )
    labels = {a["label"]: a for a in find_actors(doc).actors}
    ezz = labels["Expertisecentrum Zeldzame Zaken"]
    assert "EZZ" in ezz["aliases"] and len(ezz["mentions"]) == 3
    assert labels["gemeente Oudeschans-Noord"]["type"] == "government"
    assert labels["Van der Berkel"]["type"] == "person"
    assert "Stichting Open Water" in labels
    assert labels["Minister voor Zeldzame Zaken"]["type"] == "government"


def test_actors_names_that_end_in_an_organisation_noun():
    """Names the gazetteer lacks whose last word is the organisation noun, alone or at the
    end of a compound; a sentence's opening verb, a list after a comma and the place after
    "in" are no part."""
    doc = _doc(
        "Ik heb gesproken met de Algemene Zeilersbond, het Verhoeven Instituut en het "
        "Nederlands Kustinstituut. Betrekt de Vaar- en Stuurliedendienst hierbij het "
        "Landelijk Kenniscentrum ZVB? Het Landelijk Overleg Water en "
        "Wind (LOWW) sprak met het Centrum Zeilzaken en Vaarzaken, Fier, het Rode Kruis. "
        "In Nederland zijn Afghaanse Vrouwen in Nederland actief. Het Jeugdfonds Zeilen & "
        "Roeien, de Zeilacademie Oost-Nederland en het Strategisch Beraad Kust overleggen. "
        "Op de Nationale Raad voor Kustzaken in Den Haag sprak de Zeilersraad in Vlissingen."
    )
    labels = {a["label"] for a in find_actors(doc).actors}
    for name in (
        "Algemene Zeilersbond",
        "Verhoeven Instituut",
        "Nederlands Kustinstituut",
        "Vaar- en Stuurliedendienst",
        "Landelijk Kenniscentrum ZVB",
        "Landelijk Overleg Water en Wind",
        "Centrum Zeilzaken en Vaarzaken",
        "Jeugdfonds Zeilen & Roeien",  # led by the compound
        "Zeilacademie Oost-Nederland",  # a region, not the state
        "Strategisch Beraad Kust",  # not "Beraad Kust": "Beraad" is no compound of "raad"
        "Nationale Raad voor Kustzaken",  # where it met is no part of its name
    ):
        assert name in labels, (name, labels)
    assert not {label for label in labels if "Betrekt" in label or "Fier," in label}
    assert not {label for label in labels if " in " in label}
    assert "Beraad Kust" not in labels


def test_actors_a_state_acts_but_not_inside_a_name():
    """A state after a capitalised word ends an organisation's name or a document's title
    ("Algemeen Ambtsbericht Turkije"); opening a sentence, after "en", after a title or an
    acronym, the state acts."""
    doc = _doc(
        "Heeft Turkije de Vereniging Zorgzaken Nederland gesproken? Het Algemeen "
        "Ambtsbericht Turkije noemt dat. België en Frankrijk zwegen. Heeft de Minister "
        "Turkije gevraagd of de EU Turkije steunt?"
    )
    found = {a["label"]: len(a["mentions"]) for a in find_actors(doc).actors}
    assert found.get("Turkije") == 3, found  # those that act, not the report's title
    assert "Vereniging Zorgzaken Nederland" in found and "Nederland" not in found
    assert found.get("België") == found.get("Frankrijk") == 1


def test_actors_sources_cited_with_a_date_in_footnotes_and_brackets():
    """News outlets and organisations a document cites as sources ("media outlets cited as
    sources" are actors), named before the date; not the documents a footnote cites."""
    part = Part(
        "question", 1,
        MappedText.of("Kent u het bericht “Haven dicht” (Zeeuwse Bode 4 juli 2024)? Op 1 "
                      "september 2023 was dat anders."),
        (1,),
    )  # fmt: skip
    notes = [
        Footnote(1, "Kustradio Veere 24, 23 mei 2024, 'Haven dicht', https://example.org/1"),
        Footnote(
            2,
            "Brief van 12 maart 2024, Kamerstuk 36 410, nr. 3; Stichting Wadwacht, "
            "1 oktober 2024. «Onderzoek»",
        ),  # fmt: skip
        Footnote(3, "Kamerstukken II 2023/24, 31 839, nr. 1001"),
    ]
    doc = Document(id="t", source="t", layout="plain", sha256="", questions=[part],
                   footnotes=notes)  # fmt: skip
    labels = {a["label"] for a in find_actors(doc).actors}
    assert {"Zeeuwse Bode", "Kustradio Veere 24", "Stichting Wadwacht"} <= labels, labels
    assert not labels & {"Op", "Brief", "Brief van", "Kamerstukken II"}, labels


def test_actors_letter_footnote_office_holders():
    doc = read_document(corpus_file("2024Z11889.txt"))
    labels = {a["label"] for a in find_actors(doc).actors}
    assert {"Adema", "Wassenberg"} <= {lbl.split()[-1] for lbl in labels}


def test_actors_header_office_pair_split_into_two_known_offices():
    doc = read_document(corpus_file("jenv-kenmerk-5401166.txt"))
    labels = {a["label"] for a in find_actors(doc).actors}
    assert "Minister van Binnenlandse Zaken en Koninkrijksrelaties" in labels
    assert not any("Veiligheid en Binnenlandse" in lbl for lbl in labels)


def test_actors_mp_is_not_resolved_to_a_minister_with_the_same_surname():
    doc = read_document(corpus_file("2024Z11859.txt"))
    helder = [a for a in find_actors(doc).actors if a["label"].endswith("Helder")]
    assert [a["id"].rsplit("/", 1)[-1] for a in helder] == ["person-helder"]


def test_actors_one_iri_per_actor_across_documents(seed_path):
    """The same actor in two documents, written differently, is one IRI."""
    seed = {a["label"]: a["id"] for a in find_actors(read_document(seed_path)).actors}
    letter = find_actors(read_document(corpus_file("2024Z11859.txt")))
    other = find_actors(read_document(corpus_file("2023Z16994.txt")))
    # "Van Weel" (seed header) and "D.M. van Weel" (letter signature): one person
    assert seed["David van Weel"] in {a["id"] for a in letter.actors}
    # "Vereniging van Nederlandse Gemeenten" and "Vereniging Nederlandse Gemeenten"
    assert seed["Vereniging van Nederlandse Gemeenten"] in {a["id"] for a in other.actors}
    # the office and the person who held it on the answer's date stay apart
    assert seed["Minister van Justitie en Veiligheid"] != seed["David van Weel"]


def test_actors_functions_are_roles_not_organisations(seed_actors):
    roles = {a["label"]: a for a in seed_actors.actors if a["type"] == "role"}
    assert set(roles) == {"zorgcoördinator", "ketenregisseur", "aandachtsfunctionaris", "wijkagent"}
    assert "zorgcoördinatoren" in roles["zorgcoördinator"]["aliases"]
    # roles are never the actors a commitment involves
    assert roles["ketenregisseur"]["id"] not in seed_actors.in_span("answer", 8, 0, 10_000)


def test_actors_motion_authors_are_mps():
    doc = _doc(
        "Mede in het kader van de motie Piri (Kamerstuk 21 501-02, nr. 2870) en conform motie "
        "Klaver c.s. zet het kabinet zich in, in het kader van de motie Hagen/Sneller en de "
        "motie El Yassini en Peters, en het amendement van het lid Van der Berkel."
    )
    persons = {a["label"] for a in find_actors(doc).actors if a["type"] == "person"}
    assert persons == {
        "Piri",
        "Klaver",
        "Hagen",
        "Sneller",
        "El Yassini",
        "Peters",
        "Van der Berkel",
    }


def test_actors_members_listed_with_their_parties_and_glued_van():
    # a footnote of ah-tk-20242025-559, as the PDF text glues it
    doc = _doc(
        "Aanhangsel Handelingen II 2023/24, nr. 116) vande leden Mohandis "
        "(GroenLinks-PvdA) en Van Nispen (SP)."
    )
    labels = {a["label"]: a["type"] for a in find_actors(doc).actors}
    assert labels["Mohandis"] == labels["Van Nispen"] == "person"
    assert labels["Socialistische Partij"] == "party"


def test_actors_people_named_by_title():
    doc = _doc(
        "Ontegenzeggelijk heeft president Poetin de top georganiseerd, met onder meer de Chinese "
        "president Xi en de Zuid Afrikaansepresident Ramaphosa. President Zelensky sprak in "
        "Brussel; professor Shaw die het advies schreef. De president van Rusland en de "
        "minister-president sprak. President Oduya kwam ook."
    )
    persons = {a["label"] for a in find_actors(doc).actors if a["type"] == "person"}
    # the gazetteer's public figures by their full names (public_figures.csv), others as named
    known = {"Vladimir Poetin", "Xi Jinping", "Cyril Ramaphosa", "Volodymyr Zelensky"}
    assert persons == known | {"Shaw", "Oduya"}


def test_actors_foreign_ministry_is_not_the_dutch_one():
    doc = _doc(
        "Het Oekraïense Ministerie van Buitenlandse Zaken heeft dit bevestigd, net als het "
        "Nederlandse ministerie van Buitenlandse Zaken."
    )
    labels = {a["label"]: a for a in find_actors(doc).actors}
    assert labels["Oekraïense Ministerie van Buitenlandse Zaken"]["type"] == "government"
    assert not labels["Oekraïense Ministerie van Buitenlandse Zaken"]["identifiers"]
    assert labels["ministerie van Buitenlandse Zaken"]["identifiers"]  # ours, with TOOI


def test_actors_the_corpus_has_no_duplicate_of_a_gazetteer_actor(corpus_dir, seed_path):
    """Across all 26 documents, an actor named as the gazetteer names an entry is that
    entry's one IRI; only MPs named by surname stay apart (never a minister's IRI)."""
    from graph.build import find_documents
    from graph.gazetteer import load_gazetteer
    from graph.pipeline import extract_record

    gazetteer = load_gazetteer()
    iris: dict[str, set[str]] = {}
    for path in [*find_documents([corpus_dir]), seed_path]:
        for actor in extract_record(path)["actors"]:
            entry = gazetteer.lookup(actor["label"])
            if entry is None or actor["id"].rsplit("/", 1)[-1].startswith("person-"):
                continue
            iris.setdefault(entry.id, set()).add(actor["id"])
    assert len(iris) > 100
    assert {k: v for k, v in iris.items() if v != {f"{BASE}id/actor/{k}"}} == {}


def test_actors_a_surname_is_the_one_full_name_of_the_document_ending_in_it():
    """561: "het lid Mulder" and, in a footnote, "het lid Edgar Mulder" are one person;
    a surname two full names end in stays apart, as does a person of the header."""
    doc = _doc(
        "In het antwoord op vragen van het lid Zeilstra ging ik hierop in. Ook vroeg het "
        "lid Anna Zeilstra naar het lid Kooistra, het lid Jan Kooistra en het lid "
        "Piet Kooistra."
    )
    found = {a["label"]: a for a in find_actors(doc).actors}
    assert "Zeilstra" not in found and "Zeilstra" in found["Anna Zeilstra"]["aliases"]
    assert len(found["Anna Zeilstra"]["mentions"]) == 2
    assert {"Kooistra", "Jan Kooistra", "Piet Kooistra"} <= set(found)


def test_actors_an_office_cut_short_at_en_is_the_one_office_it_begins():
    """Questioners write "de staatssecretaris van Infrastructuur" (2023Z19006) for the
    Staatssecretaris van Infrastructuur en Waterstaat: one office, not a new one."""
    from graph.extract.actors import _offices, _Registry
    from graph.gazetteer import load_gazetteer

    reg = _Registry(load_gazetteer())
    [office] = _offices(reg, "Staatssecretaris van Infrastructuur")
    assert office.id.endswith("/staatssecretaris-ienw")
    [both] = _offices(reg, "Minister van Justitie en Veiligheid")  # a whole title: itself
    assert both.id.endswith("/minister-jenv")
    [unknown] = _offices(reg, "Minister van Zeezaken")
    assert unknown.label == "Minister van Zeezaken"
