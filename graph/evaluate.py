"""Score extraction records against gold files, exactly as ``../shared/eval/FORMAT.md``
and its referee ``score.py`` do (same matching, same totals), plus a naive baseline.

The **naive baseline** is computed from the same records' answer texts, so the gain of
the extractor is visible beside its scores:

- commitments: every answer sentence with "zal", "zullen", "ga", "gaan" or "gaat" is a
  ``commitment``; otherwise one with "niet" or "geen" is a ``refusal``;
- requests: every gold request is predicted ``declined`` (the most common outcome of a
  request in Kamervragen answers; a stronger baseline than "answered", which gold uses
  only for questions that are no request for action);
- actors and metadata are the records' own (the baseline changes only the judgement).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FRONT = re.compile(r"^(het lid |de heer |mevrouw |de |het )+")
ACTOR_KINDS = {"person", "party", "government", "organisation"}
TOTAL_KEYS = ("actors", "commitments", "due", "requests", "metadata")


def norm(text: str | None) -> str:
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text or "")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return FRONT.sub("", text)


def name_key(text: str | None) -> str:
    """Person and party names: accents, spaces and punctuation dropped."""
    text = unicodedata.normalize("NFKD", norm(text))
    return "".join(ch for ch in text if ch.isalnum())


def _names(item: dict) -> set[str]:
    return {norm(n) for n in [item.get("label", "")] + list(item.get("aliases", [])) if n}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_actors(record: dict, gold: dict) -> tuple[int, int, int, list[str], list[str]]:
    predicted = [_names(a) for a in record.get("actors", []) if a.get("type") in ACTOR_KINDS]
    gold_actors = [_names(a) for a in gold.get("actors", [])]
    known = gold_actors + [_names(r) for r in gold.get("roles", [])]
    tp = sum(1 for g in gold_actors if any(g & p for p in predicted))
    fp = sum(1 for p in predicted if not any(p & k for k in known))
    missed = [sorted(g)[0] for g in gold_actors if not any(g & p for p in predicted)]
    wrong = [sorted(p)[0] for p in predicted if p and not any(p & k for k in known)]
    return tp, fp, len(gold_actors) - tp, missed, wrong


def score_commitments(record: dict, gold: dict):
    """Match by kind and key (answer number breaks ties); copies of one sentence count once;
    ``ongoing`` predictions only meet optional gold items."""
    seen: set[tuple] = set()
    predicted: list[dict] = []
    for p in record.get("commitments", []):
        key = (p.get("kind"), norm(p.get("text", "")))
        if key not in seen:
            seen.add(key)
            predicted.append(p)
    texts = [norm(p.get("text", "")) for p in predicted]
    items = sorted(gold.get("commitments", []), key=lambda g: bool(g.get("optional")))
    used: set[int] = set()
    tp = fn = due_ok = due_n = 0
    missed: list[str] = []
    for g in items:
        key = norm(g["key"])
        hits = [
            i
            for i, p in enumerate(predicted)
            if i not in used and p.get("kind") == g["kind"] and key in texts[i]
        ]
        hits.sort(key=lambda i: predicted[i].get("answer") != g["answer"])
        if hits:
            used.add(hits[0])
            if not g.get("optional"):
                tp += 1
                if g.get("due"):
                    due_n += 1
                    due_ok += str(predicted[hits[0]].get("due") or "").startswith(g["due"])
        elif not g.get("optional"):
            fn += 1
            missed.append(f"A{g['answer']} {g['kind']}: {g['key']}")
    fp_items = [
        p
        for i, p in enumerate(predicted)
        if i not in used and p.get("kind") in ("commitment", "refusal")
    ]
    wrong = [f"A{p.get('answer')} {p.get('kind')}: {p.get('text', '')[:90]}" for p in fp_items]
    return tp, len(fp_items), fn, due_ok, due_n, missed, wrong


def score_requests(record: dict, gold: dict) -> tuple[int, int, list[str]]:
    outcome = {r.get("question"): r.get("outcome") for r in record.get("requests", [])}
    items = gold.get("requests", [])
    right = [r for r in items if outcome.get(r["question"]) == r["outcome"]]
    wrong = [
        f"Q{r['question']}: {outcome.get(r['question'])} (gold {r['outcome']})"
        for r in items
        if r not in right
    ]
    return len(right), len(items), wrong


def score_metadata(record: dict, gold: dict) -> tuple[int, int, list[str]]:
    doc, meta = record.get("document", {}), gold.get("metadata", {})
    doc = doc if isinstance(doc, dict) else {}
    checks: list[tuple[str, bool]] = []
    if "questioners" in meta:
        want = {(name_key(q["name"]), name_key(q.get("party", ""))) for q in meta["questioners"]}
        have = {
            (name_key(q.get("name", "")), name_key(q.get("party", "")))
            for q in doc.get("questioners", [])
        }
        checks.append(("questioners", want == have))
    if "answerers" in meta:
        want = {name_key(a["name"]) for a in meta["answerers"]}
        have = {name_key(a.get("name", "")) for a in doc.get("answerers", [])}
        checks.append(("answerers", want == have))
    if "on_behalf_of" in meta:
        want = {name_key(x) for x in meta["on_behalf_of"]}
        have = {name_key(x) for x in doc.get("on_behalf_of", [])}
        checks.append(("on_behalf_of", want == have))
    for f in ("submitted", "answered"):
        if f in meta:
            checks.append((f, doc.get(f) == meta[f]))
    for f in ("questions", "answers"):
        if f in meta:
            checks.append((f, len(doc.get(f, [])) == meta[f]))
    return sum(ok for _, ok in checks), len(checks), [f for f, ok in checks if not ok]


def score(record: dict, gold: dict) -> dict[str, Any]:
    a = score_actors(record, gold)
    c = score_commitments(record, gold)
    r = score_requests(record, gold)
    m = score_metadata(record, gold)
    return {
        "actors": list(a[:3]),
        "commitments": list(c[:3]),
        "due": list(c[3:5]),
        "requests": list(r[:2]),
        "metadata": list(m[:2]),
        "detail": {
            "actors missed": a[3],
            "actors not in gold": a[4],
            "commitments missed": c[5],
            "commitments not in gold": c[6],
            "requests wrong": r[2],
            "metadata wrong": m[2],
        },
    }


# --- the naive baseline -----------------------------------------------------------------

_NAIVE_FUTURE = re.compile(r"\b(?:zal|zullen|ga|gaan|gaat)\b", re.IGNORECASE)
_NAIVE_NEGATIVE = re.compile(r"\b(?:niet|geen)\b", re.IGNORECASE)
_NAIVE_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9])|\n+")


def naive_record(record: dict, gold: dict) -> dict:
    """The same record with commitments and requests replaced by the naive baseline's."""
    doc = record.get("document", {}) if isinstance(record.get("document"), dict) else {}
    commitments, seen = [], set()
    for answer in doc.get("answers", []):
        if answer.get("text") in seen:
            continue
        seen.add(answer.get("text"))
        for sent in _NAIVE_SPLIT.split(answer.get("text", "")):
            kind = (
                "commitment"
                if _NAIVE_FUTURE.search(sent)
                else "refusal"
                if _NAIVE_NEGATIVE.search(sent)
                else None
            )
            if kind:
                commitments.append({"kind": kind, "answer": answer.get("number"), "text": sent})
    requests = [
        {"question": r["question"], "outcome": "declined"} for r in gold.get("requests", [])
    ]
    return {**record, "commitments": commitments, "requests": requests}


# --- folders ----------------------------------------------------------------------------


def _record_keys(record: dict) -> set[str]:
    doc = record.get("document", {})
    if not isinstance(doc, dict):
        doc = {"id": Path(str(doc)).stem}
    keys = {str(doc.get("id", ""))}
    if doc.get("source"):
        keys.add(Path(str(doc["source"])).stem)
    return keys


def read_records(folder: str | Path) -> list[tuple[str, dict]]:
    """(file stem, record) for every record in the ``*.json`` files of ``folder`` (a file
    may hold one record or a list of them)."""
    out = []
    for f in sorted(Path(folder).glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        out += [(f.stem, rec) for rec in (data if isinstance(data, list) else [data])]
    return out


def pairs(records: str | Path | list[tuple[str, dict]], gold: str | Path):
    """(stem, record or None, gold) for every gold file (or the one pair of two files).
    ``records``: a folder, a file, or :func:`read_records`' pairs already in memory."""
    gp = Path(gold)
    if not isinstance(records, list) and Path(records).is_file():
        yield (
            gp.stem,
            json.loads(Path(records).read_text(encoding="utf-8")),
            json.loads(gp.read_text(encoding="utf-8")),
        )
        return
    found: dict[str, dict] = {}
    for stem, rec in records if isinstance(records, list) else read_records(records):
        for k in _record_keys(rec) | {stem}:
            found[k] = rec
    for g in sorted(gp.glob("*.json")):
        gold_item = json.loads(g.read_text(encoding="utf-8"))
        stem = Path(gold_item["document"]).stem
        yield stem, found.get(stem), gold_item


@dataclass
class Totals:
    counts: dict[str, list[int]] = field(
        default_factory=lambda: {
            "actors": [0, 0, 0],
            "commitments": [0, 0, 0],
            "due": [0, 0],
            "requests": [0, 0],
            "metadata": [0, 0],
        }
    )

    def add(self, s: dict[str, Any]) -> None:
        for k in TOTAL_KEYS:
            self.counts[k] = [x + y for x, y in zip(self.counts[k], s[k], strict=True)]

    def summary(self) -> dict[str, float]:
        c = self.counts
        pa, pc = prf(*c["actors"]), prf(*c["commitments"])
        req = c["requests"][0] / c["requests"][1] if c["requests"][1] else 1.0
        meta = c["metadata"][0] / c["metadata"][1] if c["metadata"][1] else 1.0
        due = c["due"][0] / c["due"][1] if c["due"][1] else 1.0
        return {
            "actors_p": pa[0],
            "actors_r": pa[1],
            "actors_f1": pa[2],
            "commitments_p": pc[0],
            "commitments_r": pc[1],
            "commitments_f1": pc[2],
            "due_accuracy": due,
            "requests_accuracy": req,
            "metadata_accuracy": meta,
            "overall_f1": (pa[2] + pc[2] + req + meta) / 4,
        }


def evaluate(records: str | Path | list[tuple[str, dict]], gold: str | Path) -> dict[str, Any]:
    """Scores per document and in total, for the records and for the naive baseline.

    ``result["totals"]`` has the keys (and values) of ``score.py --json``."""
    ours, naive = Totals(), Totals()
    documents, missing = [], []
    for stem, record, gold_item in pairs(records, gold):
        if record is None:
            missing.append(stem)
            record = {}
        s, b = score(record, gold_item), score(naive_record(record, gold_item), gold_item)
        ours.add(s)
        naive.add(b)
        documents.append({"document": stem, "score": s, "baseline": b})
    return {
        "documents": documents,
        "totals": {**ours.summary(), "documents_without_record": missing},
        "baseline": naive.summary(),
    }


def format_report(result: dict[str, Any]) -> str:
    """Per-document lines with their details, then totals beside the naive baseline."""
    lines = []
    for d in result["documents"]:
        s, b = d["score"], d["baseline"]
        pa, pc, pb = prf(*s["actors"]), prf(*s["commitments"]), prf(*b["commitments"])
        lines.append(
            f"{d['document']}: actors F1 {pa[2]:.2f}  commitments F1 {pc[2]:.2f} "
            f"(naive {pb[2]:.2f})  requests {s['requests'][0]}/{s['requests'][1]} "
            f"(naive {b['requests'][0]}/{b['requests'][1]})  "
            f"metadata {s['metadata'][0]}/{s['metadata'][1]}"
        )
        for label, items in s["detail"].items():
            lines += [f"    {label}: {item}" for item in items]
    t, n = result["totals"], result["baseline"]
    if t["documents_without_record"]:
        lines.append(f"no record for: {', '.join(t['documents_without_record'])}")
    lines += [
        f"{'':14}{'ours':>22}{'naive baseline':>26}",
        f"{'actors':14}P {t['actors_p']:.2f} R {t['actors_r']:.2f} F1 {t['actors_f1']:.2f}",
        f"{'commitments':14}P {t['commitments_p']:.2f} R {t['commitments_r']:.2f} "
        f"F1 {t['commitments_f1']:.2f}    P {n['commitments_p']:.2f} R {n['commitments_r']:.2f} "
        f"F1 {n['commitments_f1']:.2f}",
        f"{'due':14}{t['due_accuracy']:.2f}{'':20}{n['due_accuracy']:.2f}",
        f"{'requests':14}{t['requests_accuracy']:.2f}{'':20}{n['requests_accuracy']:.2f}",
        f"{'metadata':14}{t['metadata_accuracy']:.2f}",
        f"overall F1: {t['overall_f1']:.2f}  (naive {n['overall_f1']:.2f})",
    ]
    return "\n".join(lines)
