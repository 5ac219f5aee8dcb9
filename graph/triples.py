"""Triples as plain Python values: cheap to make, hash and write as N-Triples.

A document maps to about 1,200 triples; building them as rdflib terms in an rdflib Graph
cost ~20 ms per document (term validation, type-aware hashing, indexes nobody reads).
Here an IRI is a plain ``str`` and a literal a :class:`Lit`, a triple a tuple of the two,
and a graph a ``set``. :func:`nt_line` writes exactly what rdflib's N-Triples serialiser
writes, so the files are the same bytes; :func:`to_rdflib` makes an rdflib Graph where one
is wanted (notebooks, tests, the in-memory query engine).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

__all__ = [
    "Lit",
    "Triple",
    "nt_line",
    "nt_term",
    "parse_nt",
    "to_rdflib",
    "from_rdflib",
    "term_from_rdflib",
]


class Lit(NamedTuple):
    """A literal: lexical form, language tag or datatype IRI (never both)."""

    value: str
    lang: str = ""
    datatype: str = ""

    @classmethod
    def nl(cls, text: str) -> Lit:
        return cls(text, "nl")

    @classmethod
    def integer(cls, number: int, datatype: str = XSD + "integer") -> Lit:
        return cls(str(int(number)), "", datatype)

    @classmethod
    def boolean(cls, flag: bool) -> Lit:
        return cls("true" if flag else "false", "", XSD + "boolean")

    @property
    def kind(self) -> str:
        """The datatype as SHACL sees it: xsd:string when untyped, rdf:langString when tagged."""
        if self.lang:
            return RDF_LANG_STRING
        return self.datatype or XSD + "string"


Triple = tuple[str, str, "str | Lit"]


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r") + '"'


def nt_term(term: str | Lit) -> str:
    """One term as N-Triples writes it (rdflib's escaping: ``\\ \\n " \\r``)."""
    if isinstance(term, Lit):
        if term.lang:
            return f"{_quote(term.value)}@{term.lang}"
        if term.datatype:
            return f"{_quote(term.value)}^^<{term.datatype}>"
        return _quote(term.value)
    return f"<{term}>"


def nt_line(triple: Triple) -> str:
    """One triple as an N-Triples line, without the newline. (An IRI object, most
    triples, is written here: no call to :func:`nt_term`.)"""
    s, p, o = triple
    if isinstance(o, Lit):
        return f"<{s}> <{p}> {nt_term(o)} ."
    return f"<{s}> <{p}> <{o}> ."


def to_rdflib(triples: Iterable[Triple]):
    """An rdflib Graph holding ``triples``."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    graph.addN(
        (
            URIRef(s),
            URIRef(p),
            Literal(o.value, lang=o.lang or None, datatype=o.datatype or None)
            if isinstance(o, Lit)
            else URIRef(o),
            graph,
        )
        for s, p, o in triples
    )
    return graph


def term_from_rdflib(term) -> str | Lit:
    """An rdflib IRI or literal as a plain value."""
    from rdflib import Literal

    if isinstance(term, Literal):
        return Lit(str(term), term.language or "", str(term.datatype) if term.datatype else "")
    return str(term)


def from_rdflib(triple) -> Triple:
    """An rdflib triple of IRIs and literals as plain values."""
    s, p, o = triple
    return str(s), str(p), term_from_rdflib(o)


def parse_nt(text: str) -> list[Triple]:
    """N-Triples text (no blank nodes) as plain triples, parsed by Oxigraph."""
    import pyoxigraph as ox

    out = []
    for t in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES):
        o = t.object
        if isinstance(o, ox.Literal):
            datatype = o.datatype.value
            plain = datatype in (XSD + "string", RDF_LANG_STRING)
            o = Lit(o.value, o.language or "", "" if plain else datatype)
        else:
            o = o.value
        out.append((t.subject.value, t.predicate.value, o))
    return out
