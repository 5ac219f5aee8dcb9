"""Extraction records → RDF: the one module that knows the ontology's terms.

Everything else talks about records (``docs/record.md``) or SPARQL; only this module
says which class or property a fact becomes. The mapping is a pure function of the
records, so the same records always give the same graph, and :func:`write_graph_files`
serialises it byte for byte identically across runs and processes.

IRIs follow ``docs/record.md``; provenance nodes get readable IRIs below the fact they
support (``{fact}/annotatie``, ``…/doel``, ``…/positie``, ``…/citaat``), never blank nodes,
so a user can click from any triple to the sentence it came from. A mention of an actor
targets its span directly (``{part}#char=start,end``, RFC 5147).
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Namespace, URIRef

from graph import ACTOR_BASE, BASE, collector
from graph.atomic import Staging, atomic_path
from graph.record import slug
from graph.resources import project_path
from graph.triples import Lit, Triple, from_rdflib, nt_line, to_rdflib

__all__ = [
    "KG",
    "CONTEXT",
    "records_to_graph",
    "serialize_nt",
    "write_graph_files",
    "build_rdf",
]

KG = Namespace("https://w3id.org/kamervragen-kg/def#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
SDO = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "dcterms": str(DCT),
    "foaf": str(FOAF),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

CONTEXT: dict[str, Any] = {"@context": dict(PREFIXES)}
"""The compact JSON-LD context of ``graph.jsonld`` (also in ``ontology/context.jsonld``)."""

_ACTOR_TYPES: dict[str, tuple[URIRef, ...]] = {
    "person": (FOAF.Person,),
    "party": (ORG.Organization, KG.PoliticalParty),
    "government": (ORG.Organization, KG.GovernmentBody),
    "organisation": (ORG.Organization,),
    "role": (ORG.Role, KG.Role),
    "other": (ORG.Organization,),
}
_KINDS = {"commitment": KG.Commitment, "refusal": KG.Refusal, "ongoing": KG.OngoingPolicy}
_OUTCOMES = {
    "accepted": KG.accepted,
    "declined": KG.declined,
    "partial": KG.partial,
    "not_met": KG.notMet,
    "answered": KG.answered,
}
_PART_SEGMENT = {"question": "vraag", "answer": "antwoord", "footnote": "voetnoot"}
# Offices are posts held by persons, not organisations: their TOOI IRI is the organisation
# they are a post in (org:postIn), never owl:sameAs. Besides offices named as answerer role,
# addressee or on_behalf_of, a label starting with one of these words marks an office.
_OFFICE_WORDS = ("minister", "staatssecretaris", "minister-president")
_DUE = (
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
)
_CONTEXT_CHARS = 32  # length of oa:prefix / oa:suffix
_LABEL = str(RDFS.label)
_NON_NEGATIVE = str(XSD.nonNegativeInteger)
ONTOLOGY_PATH = project_path("ontology", "kg.ttl")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@lru_cache(maxsize=256)
def _concept_triples(concept: str) -> tuple[Triple, ...]:
    """The ontology's triples about ``concept`` as plain triples, looked up in rdflib once
    per process, not once per document."""
    return tuple(from_rdflib(t) for t in _ontology().triples((URIRef(concept), None, None)))


_IRI_UNSAFE = re.compile(r'[ <>"{}|\\^`\x00-\x20]')


def _iri(value: str) -> str:
    """An IRI that every serialisation accepts: characters N-Triples forbids are %-escaped."""
    value = str(value).strip()
    if not _IRI_UNSAFE.search(value):
        return value
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8")), value)


def _doc_iri(doc_id: str) -> str:
    return f"{BASE}id/doc/{doc_id}"


def _mention_name(actor: str) -> str:
    """The last step of a mention annotation's IRI, ``{part}/vermelding/{name}``: the
    actor's own name under ``id/actor/``, else (an IRI from elsewhere) a digest of it, so
    two actors never share an annotation."""
    name = actor.removeprefix(ACTOR_BASE)
    if name != actor and "/" not in name:
        return name
    return "iri-" + hashlib.sha1(actor.encode("utf-8")).hexdigest()[:16]


def _due_literal(value: str) -> Lit:
    for pattern, datatype in _DUE:
        if pattern.match(value):
            return Lit(value, datatype=str(datatype))
    return Lit(value)  # untyped on purpose: the shapes report it as a bad date


class _Plain:
    """A namespace whose terms are plain ``str``: rdflib's ``Namespace`` makes and validates
    a new URIRef on every attribute access, a third of the mapping's time."""

    def __init__(self, base) -> None:
        self._base = str(base)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._base + name
        setattr(self, name, value)
        return value


_KG, _OA, _PROV, _DCT, _SDO, _ORG = map(_Plain, (KG, OA, PROV, DCT, SDO, ORG))
_FOAF, _SKOS, _RDFS, _RDF, _OWL, _XSD = map(_Plain, (FOAF, SKOS, RDFS, RDF, OWL, XSD))


class Context:
    """What mapping one record needs to know about the others.

    A header names actors ("Minister van Financiën", a party) that may be listed in any
    record; an actor is an office (``org:Post``, TOOI IRI as ``org:postIn``) if any record
    names it as one. :meth:`of` gathers these lookups from a list of records. Mapping a
    record with the context of that record alone, and noting every lookup it made
    (:attr:`_Mapper.consulted`), lets a worker map documents one at a time: the main
    process later checks the noted answers against the whole corpus (:meth:`agrees`) and
    maps again only the records whose answers changed.
    """

    def __init__(self) -> None:
        self.actor_by_name: dict[str, str] = {}
        self.programme_by_name: dict[str, str] = {}
        self.offices: set[str] = set()
        self.actors: dict[str, tuple[str, str]] = {}  # listed actor IRI -> (label, type)

    @classmethod
    def of(cls, records: Iterable[Mapping[str, Any]]) -> Context:
        ctx = cls()
        records = list(records)
        for record in records:
            for actor in record.get("actors") or []:
                ctx.actors.setdefault(
                    str(_iri(actor["id"])), (actor.get("label") or "", actor.get("type") or "")
                )
                for name in [actor.get("label"), *(actor.get("aliases") or [])]:
                    if name:
                        ctx.actor_by_name.setdefault(name.casefold(), actor["id"])
            for prog in record.get("programmes") or []:
                for name in [prog.get("label"), *(prog.get("aliases") or [])]:
                    if name:
                        ctx.programme_by_name.setdefault(name.casefold(), prog["id"])
        for record in records:
            for name in _Mapper._office_names(record.get("document") or {}):
                known = ctx.actor_by_name.get(name.casefold())
                ctx.offices.add(known or _Mapper._minted(name))
        return ctx

    def answer(self, kind: str, key: str):
        if kind == "actor":
            return self.actor_by_name.get(key)
        if kind == "programme":
            return self.programme_by_name.get(key)
        return key in self.offices

    def agrees(self, consulted: Iterable[tuple[str, str, Any]]) -> bool:
        """Would this context answer every noted lookup the same way?"""
        return all(self.answer(kind, key) == value for kind, key, value in consulted)


class _Mapper:
    """Holds the graph and the cross-record lookups while records are mapped."""

    def __init__(self, records: list[Mapping[str, Any]], context: Context | None = None):
        self.records = records
        self.triples: set[Triple] = set()
        self.labelled: set[str] = set()  # subjects with an rdfs:label: described here
        self.ctx = context or Context.of(records)
        self.consulted: dict[tuple[str, str], Any] = {}

    def _ask(self, kind: str, key: str):
        """A lookup in the context, noted so a worker's mapping can be checked later."""
        value = self.ctx.answer(kind, key)
        self.consulted[(kind, key)] = value
        return value

    @staticmethod
    def _office_names(doc: Mapping[str, Any]) -> list[str]:
        names = [a.get("role") for a in doc.get("answerers") or []]
        names += list(doc.get("addressees") or []) + list(doc.get("on_behalf_of") or [])
        return [n for n in names if n]

    @staticmethod
    def _minted(name: str) -> str:
        return f"{ACTOR_BASE}{slug(name)}"

    def add(self, s: str, p: str, o: str | Lit) -> None:
        # rdflib terms are str subclasses that hash by type too: keep plain str only
        # (tested first: nearly every term is a plain str already, and a call costs)
        if s.__class__ is not str:
            s = str(s)
        if p.__class__ is not str:
            p = str(p)
        if o.__class__ is not str and not isinstance(o, Lit):
            o = str(o)
        self.triples.add((s, p, o))
        if p == _LABEL:
            self.labelled.add(s)

    # -- actors ----------------------------------------------------------------------------

    def actor_ref(self, name: str, kind: str) -> URIRef:
        """The actor named ``name``; minted (and typed ``kind``) when no record lists it."""
        known = self._ask("actor", name.casefold())
        if known:
            return _iri(known)
        iri = _iri(self._minted(name))
        if iri not in self.labelled:
            self._actor_node(iri, name, kind)
        return iri

    def _actor_node(self, iri: URIRef, label: str, kind: str) -> None:
        self.add(iri, _RDF.type, _KG.Actor)
        self.add(iri, _RDF.type, _PROV.Agent)
        for cls in _ACTOR_TYPES.get(kind, _ACTOR_TYPES["other"]):
            self.add(iri, _RDF.type, cls)
        self.add(iri, _RDFS.label, Lit(label))
        if label.casefold().startswith(_OFFICE_WORDS) or self._ask("office", str(iri)):
            self.add(iri, _RDF.type, _ORG.Post)

    def actor(self, actor: Mapping[str, Any], doc: str) -> None:
        iri = _iri(actor["id"])
        self._actor_node(iri, actor.get("label") or "", actor.get("type") or "other")
        for alias in actor.get("aliases") or []:
            if alias and alias != actor.get("label"):
                self.add(iri, _SKOS.altLabel, Lit(alias))
        is_office = (iri, str(_RDF.type), str(_ORG.Post)) in self.triples
        for ident in actor.get("identifiers") or []:
            self.add(iri, _DCT.identifier, Lit(ident))
            if re.match(r"^https?://", ident):
                self.add(iri, _ORG.postIn if is_office else _OWL.sameAs, _iri(ident))
        self.mentions(iri, actor.get("mentions") or [], doc)

    def mentions(self, actor: URIRef, mentions: list[Mapping[str, Any]], doc: str) -> None:
        """Where an actor is named: one annotation per part that names it, targeting each
        span itself, an RFC 5147 fragment of the part's text (of the title, for the
        document), not a SpecificResource with two selector nodes. A name is not a
        statement; mentions are most of the annotations, and this keeps them at about
        three triples and one per span, instead of fifteen per span."""
        spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for m in mentions:
            if m.get("start") is None or m.get("end") is None:
                continue
            part = m.get("part") or "answer"
            if part == "title":
                source, base = doc, f"{doc}/titel"
            else:
                source = base = f"{doc}/{_PART_SEGMENT.get(part, part)}/{m.get('number')}"
            spans.setdefault((source, base), []).append((m["start"], m["end"]))
        name = _mention_name(actor)
        for (source, base), found in spans.items():
            ann = _iri(f"{base}/vermelding/{name}")
            self.add(ann, _RDF.type, _OA.Annotation)
            self.add(ann, _OA.hasBody, actor)
            self.add(ann, _OA.motivatedBy, _OA.identifying)
            for start, end in found:
                self.add(ann, _OA.hasTarget, _iri(f"{source}#char={start},{end}"))
            # A shortcut beside the annotation: "this part names this actor", one hop to query.
            self.add(_iri(source), _SDO.mentions, actor)

    # -- documents -------------------------------------------------------------------------

    def _doc(self, doc_iri: str) -> Mapping[str, Any]:
        return self.docs.get(doc_iri, {})

    def _part_text(self, doc_iri: str, part: str, number) -> str | None:
        key = {"question": "questions", "answer": "answers", "footnote": "footnotes"}.get(part)
        for item in self._doc(doc_iri).get(key or "", []) or []:
            if item.get("number") == number:
                return item.get("text")
        return None

    def document(self, d: Mapping[str, Any]) -> str:
        doc = _doc_iri(d["id"])
        s = _iri(doc)
        self.add(s, _RDF.type, _KG.QuestionSet)
        self.add(s, _DCT.identifier, Lit(d["id"]))
        if d.get("title"):
            self.add(s, _DCT.title, Lit.nl(d["title"]))
        if d.get("source"):
            self.add(s, _DCT.source, Lit(d["source"]))
        if d.get("sha256"):
            self.add(s, _KG.sourceSha256, Lit(d["sha256"]))
        if d.get("layout"):
            self.add(s, _KG.sourceLayout, Lit(d["layout"]))
        if d.get("submitted"):
            self.add(s, _DCT.dateSubmitted, _due_literal(d["submitted"]))
        if d.get("answered"):
            self.add(s, _KG.dateAnswered, _due_literal(d["answered"]))
        if d.get("see_also"):
            self.add(s, _DCT.relation, Lit(d["see_also"]))
        self.add(s, _KG.postponed, Lit.boolean(bool(d.get("postponed"))))
        for i, q in enumerate(d.get("questioners") or [], start=1):
            person = self.actor_ref(q["name"], "person")
            self.add(s, _KG.questioner, person)
            if q.get("party"):
                party = self.actor_ref(q["party"], "party")
                self.add(person, _ORG.memberOf, party)
                # org:memberOf has no date: an MP who changed party is a member of both.
                # The membership this document states is its own node, for per-party counts.
                membership = _iri(f"{doc}/vrager/{i}")
                self.add(membership, _RDF.type, _ORG.Membership)
                self.add(membership, _ORG.role, _KG.partyMember)
                self.add(membership, _ORG.member, person)
                self.add(membership, _ORG.organization, party)
                self.add(membership, _PROV.wasDerivedFrom, s)
        for name in d.get("addressees") or []:
            self.add(s, _KG.addressee, self.actor_ref(name, "government"))
        for i, a in enumerate(d.get("answerers") or [], start=1):
            person = self.actor_ref(a["name"], "person")
            self.add(s, _KG.answerer, person)
            if a.get("role"):
                office = self.actor_ref(a["role"], "government")
                self.add(office, _ORG.heldBy, person)
                self.add(person, _ORG.holds, office)
                # org:holds has no date either: a minister who moved on holds both posts.
                # The post this document shows its answerer in, on its kg:dateAnswered, is
                # its own node (ORG: a post "can be treated as an organization"), with the
                # title the document gives it (the office's label is today's).
                holding = _iri(f"{doc}/beantwoorder/{i}")
                self.add(holding, _RDF.type, _ORG.Membership)
                self.add(holding, _ORG.role, _KG.signatory)
                self.add(holding, _SDO.roleName, Lit.nl(a["role"]))
                self.add(holding, _ORG.member, person)
                self.add(holding, _ORG.organization, office)
                self.add(holding, _PROV.wasDerivedFrom, s)
        for name in d.get("on_behalf_of") or []:
            self.add(s, _KG.onBehalfOf, self.actor_ref(name, "government"))
        for q in d.get("questions") or []:
            self._part(doc, "vraag", _KG.Question, q)
        for a in d.get("answers") or []:
            part = self._part(doc, "antwoord", _KG.Answer, a)
            for n in a.get("questions") or [a["number"]]:
                self.add(part, _KG.answersQuestion, _iri(f"{doc}/vraag/{n}"))
        for f in d.get("footnotes") or []:
            part = self._part(doc, "voetnoot", _KG.Footnote, f)
            if f.get("url"):
                self.add(part, _DCT.references, _iri(f["url"]))
        return doc

    def _part(self, doc: str, segment: str, cls: URIRef, item: Mapping[str, Any]) -> URIRef:
        part = _iri(f"{doc}/{segment}/{item['number']}")
        self.add(part, _RDF.type, cls)
        self.add(part, _DCT.isPartOf, _iri(doc))
        self.add(part, _SDO.position, Lit.integer(item["number"]))
        self.add(part, _SDO.text, Lit.nl(item.get("text") or ""))
        return part

    # -- provenance ------------------------------------------------------------------------

    def annotation(
        self, ann: str, body: URIRef, source: str, start: int, end: int, exact: str, text
    ) -> URIRef:
        """A Web Annotation on ``source`` with position and quote selectors, IRIs below ``ann``."""
        a, target = _iri(ann), _iri(f"{ann}/doel")
        pos, quote = _iri(f"{ann}/positie"), _iri(f"{ann}/citaat")
        self.add(a, _RDF.type, _OA.Annotation)
        self.add(a, _OA.hasBody, body)
        self.add(a, _OA.hasTarget, target)
        self.add(target, _RDF.type, _OA.SpecificResource)
        self.add(target, _OA.hasSource, _iri(source))
        self.add(target, _OA.hasSelector, pos)
        self.add(target, _OA.hasSelector, quote)
        self.add(pos, _RDF.type, _OA.TextPositionSelector)
        self.add(pos, _OA.start, Lit.integer(start, _NON_NEGATIVE))
        self.add(pos, _OA.end, Lit.integer(end, _NON_NEGATIVE))
        self.add(quote, _RDF.type, _OA.TextQuoteSelector)
        self.add(quote, _OA.exact, Lit(exact))
        if text:
            prefix, suffix = (
                text[max(0, start - _CONTEXT_CHARS) : start],
                text[end : end + _CONTEXT_CHARS],
            )
            if prefix:
                self.add(quote, _OA.prefix, Lit(prefix))
            if suffix:
                self.add(quote, _OA.suffix, Lit(suffix))
        return a

    # -- statements, requests, programmes --------------------------------------------------

    def _default_by(self, d: Mapping[str, Any]) -> list[URIRef]:
        """Who answers for a statement whose record names nobody: the answering offices."""
        answerers = d.get("answerers") or []
        refs = [self.actor_ref(a["role"], "government") for a in answerers if a.get("role")]
        return refs or [self.actor_ref(a["name"], "person") for a in answerers if a.get("name")]

    def programme_ref(self, label: str) -> URIRef:
        known = self._ask("programme", label.casefold())
        if known:
            return _iri(known)
        iri = _iri(f"{BASE}id/programme/{slug(label)}")
        self.add(iri, _RDF.type, _KG.ProgrammePart)
        self.add(iri, _RDF.type, _PROV.Plan)
        self.add(iri, _RDFS.label, Lit(label))
        return iri

    def statement(self, c: Mapping[str, Any], k: int, doc: str, d, requests: set[int]) -> None:
        s = _iri(c.get("id") or f"{doc}/toezegging/{k}")
        number = c.get("number") or c.get("answer")
        answer = f"{doc}/antwoord/{number}"
        self.add(s, _RDF.type, _KG.Statement)
        if c.get("kind") in _KINDS:
            self.add(s, _RDF.type, _KINDS[c["kind"]])
        text = c.get("text") or ""
        self.add(s, _SDO.text, Lit.nl(text))
        self.add(s, _PROV.wasDerivedFrom, _iri(answer))
        for who in [_iri(b) for b in c.get("by") or []] or self._default_by(d):
            self.add(s, _PROV.wasAttributedTo, who)
        for actor in c.get("actors") or []:
            self.add(s, _KG.involves, _iri(actor))
        if c.get("due"):
            self.add(s, _KG.dueDate, _due_literal(str(c["due"])))
        for label in c.get("action_lines") or []:
            self.add(s, _KG.servesProgramme, self.programme_ref(label))
        if c.get("request") is not None and c["request"] in requests:
            self.add(s, _KG.answersRequest, self._request_iri(d, c["request"]))
        source_text = self._part_text(doc, "answer", number)
        start, end = c.get("start"), c.get("end")
        if (start is None or end is None) and source_text and text in source_text:
            start = source_text.index(text)
            end = start + len(text)
        if start is not None and end is not None:
            ann = self.annotation(f"{s}/annotatie", s, answer, start, end, text, source_text)
            self.add(ann, _OA.motivatedBy, _OA.describing)
            self.add(s, _KG.annotation, ann)

    def _request_iri(self, d: Mapping[str, Any], question: int) -> URIRef:
        for r in self.current_requests:
            if r.get("question") == question and r.get("id"):
                return _iri(r["id"])
        return _iri(f"{_doc_iri(d['id'])}/verzoek/{question}")

    def request(self, r: Mapping[str, Any], doc: str, d) -> None:
        s = self._request_iri(d, r["question"])
        question = f"{doc}/vraag/{r['question']}"
        self.add(s, _RDF.type, _KG.Request)
        self.add(s, _SDO.text, Lit.nl(r.get("text") or ""))
        self.add(s, _PROV.wasDerivedFrom, _iri(question))
        if r.get("answer") is not None:
            self.add(s, _KG.answeredIn, _iri(f"{doc}/antwoord/{r['answer']}"))
        if r.get("outcome"):
            outcome = _OUTCOMES.get(r["outcome"]) or str(_KG._base) + str(r["outcome"])
            self.add(s, _KG.outcome, outcome)
        if r.get("start") is not None and r.get("end") is not None:
            text = self._part_text(doc, "question", r["question"])
            ann = self.annotation(
                f"{s}/annotatie", s, question, r["start"], r["end"], r.get("text") or "", text
            )
            self.add(ann, _OA.motivatedBy, _OA.describing)
            self.add(s, _KG.annotation, ann)

    def programme(self, p: Mapping[str, Any], doc: str) -> None:
        s = _iri(p["id"])
        cls = _KG.ProgrammePart if p.get("part_of") else _KG.Programme
        self.add(s, _RDF.type, cls)
        self.add(s, _RDF.type, _PROV.Plan)
        self.add(s, _RDFS.label, Lit(p["label"]))
        for alias in p.get("aliases") or []:
            if alias != p["label"]:
                self.add(s, _SKOS.altLabel, Lit(alias))
        if p.get("topic"):
            self.add(s, _DCT.description, Lit.nl(p["topic"]))
        if p.get("part_of"):
            parent = self._ask("programme", p["part_of"].casefold())
            if parent is None:
                parent = f"{BASE}id/programme/{slug(p['part_of'])}"
                self.add(_iri(parent), _RDF.type, _KG.Programme)
                self.add(_iri(parent), _RDF.type, _PROV.Plan)
                self.add(_iri(parent), _RDFS.label, Lit(p["part_of"]))
            self.add(s, _DCT.isPartOf, _iri(parent))
        for n in p.get("answers") or []:
            self.add(s, _KG.discussedIn, _iri(f"{doc}/antwoord/{n}"))

    def run(self) -> set[Triple]:
        self.docs = {_doc_iri(r["document"]["id"]): r["document"] for r in self.records}
        for record in self.records:
            d = record["document"]
            doc = self.document(d)
            self.current_requests = list(record.get("requests") or [])
            for actor in record.get("actors") or []:
                self.actor(actor, doc)
            for prog in record.get("programmes") or []:
                self.programme(prog, doc)
            requests = {r["question"] for r in self.current_requests}
            for r in self.current_requests:
                self.request(r, doc, d)
            for k, c in enumerate(record.get("commitments") or []):
                self.statement(c, k, doc, d, requests)
        # The outcome concepts and membership roles travel with the data, so queries can
        # show their notation and labels.
        used = {str(_KG.outcome), str(_ORG.role)}
        for concept in {o for _s, p, o in self.triples if p in used}:
            for triple in _concept_triples(concept):
                self.add(*triple)
        return self.triples


def records_to_graph(records: Iterable[Mapping[str, Any]]) -> Graph:
    """Map extraction records (``docs/record.md``) to one rdflib Graph; inputs are not changed.

    Examples
    --------
    >>> g = records_to_graph([{"document": {"id": "x", "questions": [], "answers": []}}])
    >>> len(g) > 0
    True
    """
    graph = to_rdflib(_Mapper(list(records)).run())
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def serialize_nt(graph: Graph) -> bytes:
    """N-Triples with sorted, unique lines: the canonical form every other file derives from."""
    return _join(_nt_lines(graph))


def _nt_lines(graph: Graph | set[Triple]) -> list[str]:
    """Sorted unique N-Triples lines of an rdflib Graph or of plain triples."""
    if isinstance(graph, Graph):
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return sorted({line for line in lines if line.strip()})
    return sorted({nt_line(t) for t in graph})


def _join(lines: Iterable[str]) -> bytes:
    text = "\n".join(lines)
    return (text + "\n").encode("utf-8") if text else b""


# -- one document at a time ------------------------------------------------------------------


def _own_prefix(doc_id: str) -> str | None:
    """``<…/id/doc/{id}``: every line whose subject starts with it (then ``/`` or ``>``)
    belongs to this document alone. None when the id holds a ``/`` (then the prefix
    would also cover another document's nodes, and all its lines count as shared)."""
    iri = str(_iri(_doc_iri(doc_id)))
    return None if "/" in iri.removeprefix(f"{BASE}id/doc/") else f"<{iri}"


def document_graph(record: Mapping[str, Any], context: Context | None = None,
                   *, check: bool = True) -> dict[str, Any]:  # fmt: skip
    """One record's part of the graph, made where the record is made (a build worker).

    Returns a JSON-able dict: ``own`` (sorted N-Triples lines whose subject is this
    document or a node below it: no other document writes them), ``own_nodes`` (their
    JSON-LD nodes, :func:`graph.jsonld.segments`), ``shared`` (lines about
    actors, programmes and concepts, which other documents may repeat), ``consulted``
    (every cross-record lookup made, see :class:`Context`) and ``violations`` (the SHACL
    report's ``node — rule`` lines for this document's graph; empty when it conforms).

    Validating per document is sound because no shape bounds how many values a node
    shared between documents may have (actors, offices, persons, programmes have only
    minimum counts and value types), so documents that conform one by one conform
    together. With ``context`` (the whole corpus) actors another record lists are
    referenced, not described; they are validated as stubs (label and types).
    """
    with collector.paused():
        return _document_graph(record, context, check)


def _document_graph(record: Mapping[str, Any], context: Context | None, check: bool):
    """:func:`document_graph`, run with the collector paused."""
    from graph import jsonld

    mapper = _Mapper([record], context)
    triples = mapper.run()
    lines = _nt_lines(triples)
    prefix = _own_prefix(record["document"]["id"])
    own, shared = _split_own(lines, prefix)
    own_nodes = jsonld.segments(jsonld.nodes(triples, PREFIXES, _is_own(prefix)), f"{prefix}>")
    # last: the check adds stub triples for actors other records describe to the mapper
    violations = _violations(mapper, record, lines) if check else []
    return {
        "own": own,
        "own_nodes": own_nodes,
        "shared": shared,
        "consulted": [[k, key, v] for (k, key), v in sorted(mapper.consulted.items())],
        "violations": violations,
    }


def _split_own(lines: list[str], prefix: str | None) -> tuple[list[str], list[str]]:
    """The sorted ``lines`` as (own, shared): own those starting with ``prefix`` then ``/``
    or ``>``. Lines with one start are one run of a sorted list, so each run is found by
    bisection, not by testing every line; ``/`` sorts before ``>``, so own stays sorted."""
    if not prefix:
        return [], list(lines)
    runs = []
    for head in (prefix + "/", prefix + ">"):
        after = head[:-1] + chr(ord(head[-1]) + 1)  # the first string past every head…
        runs.append((bisect_left(lines, head), bisect_left(lines, after)))
    (a, b), (c, d) = runs
    return lines[a:b] + lines[c:d], lines[:a] + lines[b:c] + lines[d:]


def _is_own(prefix: str | None):
    """The test "is this subject's N-Triples line one that starts with ``prefix`` then
    ``/`` or ``>``" (see :func:`_own_prefix`), on the subject itself: ``<s>`` starts with
    ``<iri/`` or ``<iri>`` exactly when ``s`` starts with ``iri/`` or ``iri>``, or is ``iri``."""
    if not prefix:
        return lambda subject: False
    iri = prefix[1:]
    heads = (iri + "/", iri + ">")
    return lambda subject: subject == iri or subject.startswith(heads)


def _violations(mapper: _Mapper, record: Mapping[str, Any], lines: list[str]) -> list[str]:
    """The ``node — rule: message`` lines of this document's graph (:mod:`graph.shape_check`),
    with stubs for the actors it references but another record describes. ``lines``: the
    N-Triples of the graph without the stubs."""
    from graph.shape_check import check

    listed = {_iri(a["id"]) for a in record.get("actors") or []}
    graph = mapper.triples
    if mapper.ctx.actors.keys() <= listed:  # the record's own context (a build worker's)
        return check(graph, lines=lines)  # describes every actor it knows: no stubs
    mapper.triples = set()  # collects the stubs: no copy of the graph to tell them apart
    for iri in {o for _s, _p, o in graph if isinstance(o, str)}:
        if iri in mapper.ctx.actors and iri not in listed and iri not in mapper.labelled:
            label, kind = mapper.ctx.actors[iri]
            mapper._actor_node(iri, label, kind or "other")
    stubs = [t for t in mapper.triples if t not in graph]
    graph.update(stubs)
    mapper.triples = graph
    return check(graph, lines=lines + [nt_line(t) for t in stubs])


def _write_atomic_lines(path: Path, lines: Iterable[str]) -> int:
    n = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
            n += 1
    return n


def _write_turtle(nt: Path, path: Path, staging: Staging | None = None) -> None:
    """Turtle from the sorted N-Triples, streamed by Oxigraph: subjects stay grouped and in
    order, prefixes are :data:`PREFIXES`, so the file is readable and byte-stable."""
    import pyoxigraph as ox

    triples = ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    with atomic_path(path, staging) as tmp:
        ox.serialize(triples, str(tmp), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_graph_files(graph: Graph, out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write ``graph.nt``, ``graph.ttl`` and ``graph.jsonld`` in ``out_dir``, byte-stable.

    Each file is written to a temporary name and renamed, so a reader never sees half a file.
    Returns ``{"nt": path, "ttl": path, "jsonld": path}``.
    """
    from graph import jsonld

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"nt": out / "graph.nt", "ttl": out / "graph.ttl", "jsonld": out / "graph.jsonld"}
    _write_atomic_lines(paths["nt"], _nt_lines(graph))
    _write_turtle(paths["nt"], paths["ttl"])
    nodes = jsonld.nodes([from_rdflib(t) for t in graph], PREFIXES)
    jsonld.write(paths["jsonld"], CONTEXT["@context"], (jsonld.SEPARATOR + t for _k, t in nodes))
    return paths


def build_rdf(records: Iterable[Mapping[str, Any]], out_dir: str | os.PathLike) -> dict[str, Any]:
    """Records → graph → SHACL check → graph files → embedded store: the graph half of ``kg build``.

    Raises :class:`graph.errors.BuildError` with a readable report (which node, which rule)
    when the graph does not conform; then nothing is written and the previous build stays.
    Returns ``{"nt", "ttl", "jsonld", "store": Path, "triples": int}``.
    """
    from graph.merge import merge_documents

    records = list(records)
    return merge_documents(records, [None] * len(records), out_dir)
