"""The readers on real text: the seed, the Aanhangsel prints and the ministry letters."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import corpus_file

from graph.read import read_document


def name_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if ch.isalnum())


def test_read_seed_header(seed_path):
    doc = read_document(seed_path)
    assert doc.id == "000_f6bdf192e8c7e34f"
    assert doc.layout == "aanhangsel"
    assert [(p.name, p.party) for p in doc.questioners] == [("Bikker", "ChristenUnie")]
    assert [(p.name, p.role) for p in doc.answerers] == [
        ("Van Weel", "Minister van Justitie en Veiligheid")
    ]
    assert doc.on_behalf_of == ["Staatssecretaris van Volksgezondheid, Welzijn en Sport"]
    assert doc.addressees == [
        "Minister van Justitie en Veiligheid",
        "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
    ]
    assert (doc.submitted, doc.answered) == ("2024-10-15", "2024-12-05")
    assert doc.see_also == "Aanhangsel Handelingen 2024-2025, nr. 485"
    assert doc.title.startswith("het bericht «Vooral bewoners zorginstellingen")
    assert [q.number for q in doc.questions] == list(range(1, 10))
    assert [a.number for a in doc.answers] == list(range(1, 10))


def test_read_seed_hyphen_breaks_joined_real_hyphens_kept(seed_path):
    doc = read_document(seed_path)
    a1 = doc.part("answer", 1).text
    assert "mensenhandelaren misbruik" in a1
    assert "CKM-rapport" in a1
    assert "-\n" not in a1 and "\n" not in a1


def test_read_seed_footnote_marker_removed_and_footnote_kept(seed_path):
    doc = read_document(seed_path)
    q1 = doc.part("question", 1).text
    assert q1.endswith("over deze problematiek?")
    assert [f.number for f in doc.footnotes] == [1]
    assert doc.footnotes[0].text.startswith("NOS, 11 oktober 2024")
    assert doc.footnotes[0].url.startswith("https://nos.nl/regio/groningen/artikel/565103")
    assert "NOS, 11 oktober" not in doc.part("answer", 1).text


def test_read_offsets_point_back_to_source(seed_path):
    doc = read_document(seed_path)
    source = seed_path.read_text(encoding="utf-8")
    part = doc.part("answer", 4)
    i = part.text.index("achten wij een landelijk onderzoek")
    a, b = part.mapped.source_span(i, i + len("achten wij"))
    assert source[a:b] == "achten wij"
    j = doc.part("answer", 1).text.index("mensenhandelaren")
    a, b = doc.part("answer", 1).mapped.source_span(j, j + len("mensenhandelaren"))
    assert source[a:b] == "mensenhandela-\nren"


def test_read_aanhangsel_id_furniture_and_glued_name():
    doc = read_document(corpus_file("ah-tk-20242025-594.txt"))
    assert doc.id == "ah-tk-20242025-594"
    assert [(p.name, p.party) for p in doc.questioners] == [
        ("Daniëlle Jansen", "Nieuw Sociaal Contract")
    ]
    text = " ".join(p.text for p in doc.questions + doc.answers)
    assert "ISSN" not in text and "Aanhangsel" not in text and "ah-tk-" not in text
    assert "Tweede Kamer, vergaderjaar" not in text
    assert "onderhandelbaar tussen zorgverzekeraar" in doc.part("answer", 2).text
    assert [f.number for f in doc.footnotes] == [1, 2, 3]
    assert doc.part("question", 1).text.endswith("BDO-onderzoek?")


def test_read_combined_answers_linked_to_each_question():
    doc = read_document(corpus_file("ah-tk-20242025-548.txt"))
    a4, a5 = doc.part("answer", 4), doc.part("answer", 5)
    assert a4.text == a5.text and a4.covers == (4, 5)
    assert len(doc.answers) == 9
    letter = read_document(corpus_file("2023Z19677.txt"))
    assert letter.part("answer", 9).covers == (7, 8, 9)
    assert len(letter.answers) == 10


def test_read_combined_question_block_split_by_question():
    doc = read_document(corpus_file("ah-tk-20242025-580.txt"))
    assert {q.number for q in doc.questions} == set(range(1, 7))
    assert doc.part("answer", 1).covers == (1, 4)


def test_read_postponement_notice_has_questions_and_no_answers():
    doc = read_document(corpus_file("ah-tk-20242025-545.txt"))
    assert doc.postponed
    assert len(doc.questions) == 6 and doc.answers == []
    assert [(p.name, p.role) for p in doc.answerers] == [
        ("Faber-Van de Klashorst", "Minister van Asiel en Migratie")
    ]
    assert "Mededeling" not in doc.part("question", 6).text


def test_read_two_mps_with_beiden_and_several_parties():
    doc = read_document(corpus_file("ah-tk-20242025-548.txt"))
    assert [(p.name, p.party) for p in doc.questioners] == [("Paternotte", "D66"), ("Podt", "D66")]
    doc = read_document(corpus_file("2024Z11859.txt"))
    assert [(p.name, p.party) for p in doc.questioners] == [
        ("Mutluer", "GroenLinks-PvdA"),
        ("Lahlah", "GroenLinks-PvdA"),
        ("Boswijk", "CDA"),
        ("Helder", "BBB"),
    ]


def test_read_letter_signature_date_and_behalf():
    doc = read_document(corpus_file("jenv-kenmerk-5401166.txt"))
    assert doc.layout == "letter"
    assert [(p.name, p.role) for p in doc.answerers] == [
        ("Yeşilgöz-Zegerius", "Minister van Justitie en Veiligheid")
    ]
    assert doc.on_behalf_of == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert doc.answered == "2024-05-16"
    assert doc.part("answer", 4).covers == (4, 5, 6, 7)
    assert doc.footnotes and doc.footnotes[0].url.startswith("https://nos.nl/artikel/2511721")


def test_read_letter_unlabelled_answers_follow_their_question():
    doc = read_document(corpus_file("2023Z16994.txt"))
    assert len(doc.answers) == 6
    assert doc.part("question", 5).text.endswith("tot een dergelijk onderzoek?")
    assert doc.part("answer", 5).text.startswith("Er wordt middels het Handelingskader")
    assert "1)" not in doc.part("question", 1).text


def test_read_letter_endnotes_are_not_part_of_the_last_answer():
    doc = read_document(corpus_file("2023Z14759.txt"))
    last = doc.part("answer", 14).text
    assert "https://" not in last
    assert [f.number for f in doc.footnotes][:6] == [1, 2, 3, 4, 5, 6]
    assert "gewond zijn geraakt," in doc.part("question", 1).text


@pytest.mark.corpus
def test_read_corpus_metadata_matches_gold(corpus_dir, gold_dir):
    """Every gold metadata field, compared the way ../shared/eval/score.py does."""
    wrong = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = corpus_dir / gold["document"]
        if not source.exists():
            source = corpus_dir.parents[1] / "seed" / gold["document"]
        doc = read_document(source)
        meta = gold["metadata"]
        have = {
            "questioners": {(name_key(p.name), name_key(p.party or "")) for p in doc.questioners},
            "answerers": {name_key(p.name) for p in doc.answerers},
            "on_behalf_of": {name_key(x) for x in doc.on_behalf_of},
            "submitted": doc.submitted,
            "answered": doc.answered,
            "questions": len(doc.questions),
            "answers": len(doc.answers),
        }
        want = {
            "questioners": {
                (name_key(q["name"]), name_key(q["party"])) for q in meta.get("questioners", [])
            },
            "answerers": {name_key(a["name"]) for a in meta.get("answerers", [])},
            "on_behalf_of": {name_key(x) for x in meta.get("on_behalf_of", [])},
            **{k: meta.get(k) for k in ("submitted", "answered", "questions", "answers")},
        }
        wrong += [f"{gold_file.stem}.{k}" for k in want if k in meta and have[k] != want[k]]
    assert wrong == []


def test_read_questions_never_contain_headings_or_footers(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = read_document(path)
        for part in doc.questions + doc.answers:
            assert not re.search(r"\bISSN 0921|Aanhangsel \d+$|^Vraag \d+$", part.text), (
                path.name,
                part.kind,
                part.number,
            )


def test_read_letter_title_is_the_subject_only(corpus_dir):
    """The subject ends where its sentence ends, not after the heading and cover sentence
    that repeat it."""
    titles = {
        "2023Z14759.txt": "het gebrek aan landelijke registratie van bijtincidenten door honden "
        "en het gebrek aan landelijk beleid om die bijtincidenten terug te brengen",
        "2024Z11859.txt": "de voorgenomen sluiting van het politiebureau in Wolvega",
        "jenv-kenmerk-5401166.txt": "verbieden van hoofddoekjes en andere religieuze uitingen "
        "bij boa’s",
    }
    for name, title in titles.items():
        assert read_document(corpus_dir / name).title == title, name
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = read_document(path)
        if doc.layout == "letter":
            assert len(doc.title) < 200, path.name
            assert not re.search(r"Antwoorden|antwoord op uw brief", doc.title), path.name
