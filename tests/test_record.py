"""The record file's bytes: orjson writes them, the standard library is the reference."""

from __future__ import annotations

import datetime
import json

import pytest

from graph.build import find_documents
from graph.pipeline import extract_record
from graph.record import dumps


def _reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def test_dumps_writes_what_the_standard_library_writes_for_every_real_record(corpus_dir, seed_path):
    records = [extract_record(p) for p in [*find_documents([corpus_dir]), seed_path]]
    assert len(records) >= 26
    for record in records:
        assert dumps(record) == _reference(record), record["document"]["id"]


@pytest.mark.parametrize(
    "value",
    [
        {"quote": 'a "quote", a back\\slash, a tab\t, a newline\n, \x01, é, \u2029, 😀'},
        {"empty": {}, "none": [], "nested": [[], {"a": [1, -2, None, True, False]}]},
    ],
)
def test_dumps_escapes_and_nests_as_the_standard_library(value):
    assert dumps(value) == _reference(value)


@pytest.mark.parametrize("value", [{1: "a non-string key"}, {"big": 2**70}])
def test_dumps_leaves_what_orjson_refuses_to_the_standard_library(value):
    assert dumps(value) == _reference(value)


def test_dumps_refuses_a_date_as_the_standard_library_does():
    with pytest.raises(TypeError):
        dumps({"date": datetime.date(2024, 11, 28)})  # orjson alone would write it
