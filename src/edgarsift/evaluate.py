"""Scoring records against gold labels with exactly the reference scorer's rules (../shared/tools/score.py).

Kept in the package so ``edgarsift eval`` works without ../shared; ``tests/test_eval.py`` checks that both
give the same numbers on the corpus.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .forms.registry import score_key

LIST_KEYS = {
    "reporting_persons": ("name",),
    "related_persons": ("name",),
    "sales_compensation_recipients": ("name",),
    "state_appendix": ("state",),
    "line_items": ("section", "label"),
    "securities": ("type",),
}


def score_family(form_type: str | None) -> str:
    """The key a gold document is scored under: its form family's ("sc13d", "form_d", …) or "other"."""
    return score_key(form_type)


def norm_str(v: Any) -> str:
    s = str(v).casefold().replace("&", " and ")
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t\n.,;:'\"()[]{}-–—*")


def norm_key(v: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", norm_str(v))


def same(gold: Any, pred: Any, path: str) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(gold, bool) or isinstance(pred, bool):
        return bool(gold) == bool(pred) and isinstance(pred, bool) == isinstance(gold, bool)
    if isinstance(gold, (int, float)):
        try:
            p = float(pred)
        except (TypeError, ValueError):
            return False
        if "pct" in path or "percent" in path:
            return math.isclose(float(gold), p, abs_tol=0.051)
        return math.isclose(float(gold), p, rel_tol=0, abs_tol=0.5)
    if "cusip" in path:
        return re.sub(r"[\s-]", "", str(gold)).upper() == re.sub(r"[\s-]", "", str(pred)).upper()
    if path.endswith(("name", ".label")):
        return norm_key(gold) == norm_key(pred)
    return norm_str(gold) == norm_str(pred)


def _flatten(gold: Any, pred: Any, path: str, out: list) -> None:
    if isinstance(gold, dict):
        pred = pred if isinstance(pred, dict) else {}
        for k, g in gold.items():
            _flatten(g, pred.get(k), f"{path}.{k}" if path else k, out)
        return
    if isinstance(gold, list):
        name = path.rsplit(".", 1)[-1]
        pred = pred if isinstance(pred, list) else []
        if gold and isinstance(gold[0], dict):
            keys = LIST_KEYS.get(name, ("name",))

            def kp(o: Any) -> tuple | None:
                return tuple(norm_key(o.get(k, "")) for k in keys) if isinstance(o, dict) else None

            pmap: dict = {}
            for p in pred:
                pmap.setdefault(kp(p), p)
            used: set = set()
            for g in gold:
                k = kp(g)
                p = pmap.get(k)
                if p is not None:
                    used.add(k)
                _flatten(g, p, f"{path}[{'|'.join(cast('tuple[str, ...]', k))}]", out)  # gold lists hold dicts
            for p in pred:
                k = kp(p)
                if k not in used and isinstance(p, dict):
                    used.add(k)
                    for kk, v in p.items():
                        if v is not None and not isinstance(v, (dict, list)):
                            out.append((f"{path}[{'|'.join(k or ())}].{kk}", None, v))
            return
        gs = {norm_key(x) for x in gold}
        ps = {norm_key(x) for x in pred if x is not None}
        out.append((path, sorted(gs), sorted(ps)))
        return
    out.append((path, gold, pred))


def score_pair(gold_rec: dict, pred_rec: dict | None) -> tuple[int, int, int, list]:
    rows: list = []
    g = {k: gold_rec[k] for k in ("form_type", "amendment_number") if k in gold_rec}
    g["data"] = gold_rec.get("data", {})
    p = pred_rec or {}
    p = {"form_type": p.get("form_type"), "amendment_number": p.get("amendment_number"), "data": p.get("data") or {}}
    _flatten(g, p, "", rows)
    tp = npred = ngold = 0
    errors = []
    for path, gv, pv in rows:
        if isinstance(gv, list):
            gs, ps = set(gv), set(pv or [])
            tp += len(gs & ps)
            npred += len(ps)
            ngold += len(gs)
            if gs != ps:
                errors.append((path, gv, pv))
            continue
        ok = same(gv, pv, path)
        if pv is not None and pv != []:
            npred += 1
            tp += ok
        if gv is not None:
            ngold += 1
        if not ok:
            errors.append((path, gv, pv))
    return tp, npred, ngold, errors


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Scores:
    summary: dict[str, dict[str, float]] = field(default_factory=dict)
    docs: list[dict] = field(default_factory=list)


def score_dirs(gold_dir: Path, predictions: "Path | dict[str, dict]") -> Scores:
    """Score every ``NAME.gold.json`` under ``gold_dir`` against ``PRED/NAME.json`` (or a name → record dict)."""
    totals: dict[str, list[int]] = {}
    docs = []
    for gf in sorted(Path(gold_dir).rglob("*.gold.json")):
        name = gf.name[: -len(".gold.json")]
        gold = json.loads(gf.read_text())
        if isinstance(predictions, dict):
            pred = predictions.get(name)
        else:
            pf = Path(predictions) / f"{name}.json"
            pred = json.loads(pf.read_text()) if pf.exists() else None
        tp, npred, ngold, errors = score_pair(gold, pred)
        fam = score_family(gold.get("form_type"))
        typed = same(gold.get("form_type"), (pred or {}).get("form_type"), "form_type")
        for key in (fam, "overall"):
            t = totals.setdefault(key, [0, 0, 0, 0, 0])
            t[0] += tp
            t[1] += npred
            t[2] += ngold
            t[3] += 1
            t[4] += typed
        docs.append({"doc": name, "family": fam, "missing_prediction": pred is None,
                     "prf": prf(tp, npred, ngold), "errors": errors})
    summary = {k: dict(zip(("precision", "recall", "f1"), prf(*v[:3])), docs=v[3], form_type_accuracy=v[4] / v[3])
               for k, v in totals.items()}
    return Scores(summary, docs)
