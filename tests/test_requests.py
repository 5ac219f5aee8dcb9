"""Requests: questions that ask the government to act, and their outcomes."""

from __future__ import annotations

from graph.document import Part
from graph.extract.actors import find_actors
from graph.extract.commitments import find_commitments
from graph.extract.requests import asking_sentence, find_requests
from graph.mapped import MappedText
from graph.read import read_document


def _requests(path):
    doc = read_document(path)
    return doc, {
        r["question"]: r for r in find_requests(doc, find_commitments(doc, find_actors(doc)))
    }


def test_requests_seed_outcomes(seed_path):
    _, found = _requests(seed_path)
    assert found[3]["outcome"] == "accepted"
    for q in (4, 5, 6, 7):
        assert found[q]["outcome"] == "declined", q
    assert found[9]["outcome"] == "not_met"


def test_requests_seed_asking_sentence_offsets(seed_path):
    doc, found = _requests(seed_path)
    r = found[4]
    assert r["text"].startswith("Bent u bereid een landelijk onderzoek")
    assert doc.part("question", 4).text[r["start"] : r["end"]].startswith("Bent u bereid")
    assert r["id"].endswith("/verzoek/4") and r["answer"] == 4
    assert 1 not in found and 8 not in found  # facts and opinions are no requests


def test_requests_corpus_not_met_by_date(corpus_dir):
    # "binnen een week" of 4 November, answered 18 November: missed
    _, found = _requests(corpus_dir / "ah-tk-20242025-573.txt")
    assert found[6]["outcome"] == "not_met"


def test_requests_corpus_declined_with_nee(corpus_dir):
    _, found = _requests(corpus_dir / "ah-tk-20242025-560.txt")
    assert found[7]["outcome"] == "declined"  # "Overweegt u …?" — "Nee, zie antwoord 6."
    assert found[8]["outcome"] == "declined"  # "Ik zal hier geen onderzoek naar doen."


def test_requests_promise_only_to_study_is_partial():
    from graph.extract.requests import _action_outcome, _kinds

    part = Part(
        "answer",
        8,
        MappedText.of(
            "Er is een landelijk dossier. Ik ben daarnaast voornemens te onderzoeken hoe ook "
            "andere incidenten in beeld gebracht kunnen worden."
        ),
        (8,),
    )
    assert _action_outcome(_kinds(part, "2023-10-18"), part.text) == "partial"


def test_requests_not_done_but_something_else_is_partial():
    from graph.extract.requests import _action_outcome

    answer = (
        "Een gezamenlijke trainingsschool is echter nog niet gerealiseerd. Wel hebben er "
        "gesprekken plaatsgevonden over andere vormen van samenwerking."
    )
    assert _action_outcome([], answer) == "partial"


def test_requests_corpus_usual_practice_is_no_acceptance(corpus_dir):
    # "Bent u bereid om af te zien van militaire samenwerking met Israël …?" The answer
    # describes the conditions ("Dit is vastgelegd in … Kamerstukken (…).Toekomstige …
    # worden, zoals te doen gebruikelijk, … bezien"): usual practice, no promise.
    _, found = _requests(corpus_dir / "ah-tk-20242025-595.txt")
    assert found[63]["outcome"] == "declined"


def test_requests_postponement_notice_has_none(corpus_dir):
    # "Zorgt u …?" asks to act, but the Mededeling only postpones the answers: nothing
    # has been answered, so there is no outcome and no request.
    doc, found = _requests(corpus_dir / "ah-tk-20242025-545.txt")
    assert doc.postponed and asking_sentence(doc.part("question", 4)) is not None
    assert found == {}


def test_requests_combined_question_block_gives_one_request(corpus_dir):
    # "Vraag 4, 5, 7 en 8": one text for four numbers; its "Bent u bereid …" is the fourth
    # question of the block, so request 8, once.
    _, found = _requests(corpus_dir / "ah-tk-20242025-582.txt")
    assert sorted(found) == [8]
    assert found[8]["text"].startswith("Bent u bereid om zorg te dragen")
    # "Vraag 16, 17, 18 en 19": "Hoe bent u dan van plan …" sits in the third question.
    _, found = _requests(corpus_dir / "ah-tk-20242025-595.txt")
    assert 18 in found and not {16, 17, 19} & set(found)
    assert found[18]["text"].startswith("Hoe bent u dan van plan")


def test_requests_never_repeat_a_sentence(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = read_document(path)
        found = find_requests(doc, [])
        spans = [(r["start"], r["end"], r["text"]) for r in found]
        assert len(spans) == len(set(spans)), path.name
