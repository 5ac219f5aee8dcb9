"""graph.jsonld: node text byte-identical to the standard library's indented JSON."""

from __future__ import annotations

import json
from pathlib import Path

from graph.jsonld import nodes
from graph.rdf import PREFIXES, _Mapper
from graph.triples import XSD, Lit

SEED = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        rest = iri[len(ns) :]
        if (
            iri.startswith(ns)
            and rest
            and (rest[0].isalpha() or rest[0] == "_")
            and all(c.isalnum() or c in "_-" for c in rest)
        ):
            return f"{prefix}:{rest}"
    return iri


def _reference(subject: str, pairs) -> str:
    """The node as json.dumps(indent=1, sort_keys=True) writes it, indented for @graph."""
    node: dict = {"@id": subject}
    for p, o in pairs:
        if p == RDF_TYPE and not isinstance(o, Lit):
            node.setdefault("@type", []).append(_compact(o))
            continue
        if isinstance(o, Lit) and o.lang:
            value = {"@language": o.lang, "@value": o.value}
        elif isinstance(o, Lit) and o.datatype and o.datatype != XSD + "string":
            value = {"@type": _compact(o.datatype), "@value": o.value}
        elif isinstance(o, Lit):
            value = o.value
        else:
            value = {"@id": o}
        node.setdefault(_compact(p), []).append(value)
    for key, values in node.items():
        if isinstance(values, list):
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
    text = json.dumps(node, indent=1, sort_keys=True, ensure_ascii=False)
    return text.replace("\n", "\n  ")


def test_jsonld_nodes_match_the_standard_library_byte_for_byte():
    triples = set(_Mapper([json.loads(SEED.read_text(encoding="utf-8"))]).run())
    odd = "https://example.org/x"
    triples |= {
        (odd, RDF_TYPE, "https://example.org/Thing"),
        (odd, RDF_TYPE, "https://w3id.org/kamervragen-kg/def#Actor"),
        (odd, "https://example.org/p", Lit('quote " backslash \\ newline \n é \u2028')),
        (odd, "https://example.org/p", Lit("b", "en")),
        (odd, "https://example.org/p", Lit("7", datatype=XSD + "integer")),
        (odd, "https://example.org/p", Lit("x", datatype="https://example.org/dt")),
        (odd, "https://example.org/p", "https://example.org/o"),
        (odd, "https://example.org/9p", Lit("")),
    }
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    made = dict(nodes(triples, PREFIXES))
    assert len(made) == len(by_subject) > 100
    for subject, pairs in by_subject.items():
        assert made[f"<{subject}>"] == _reference(subject, pairs), subject
