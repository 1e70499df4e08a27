"""`edgarsift eval` gives exactly the reference scorer's numbers on the corpus."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import CORPUS, SHARED


def test_eval_matches_reference_scorer(tmp_path):
    out = tmp_path / "pred"
    subprocess.run([sys.executable, "-m", "edgarsift", "extract", str(CORPUS), "--out", str(out), "-q"],
                   check=True, capture_output=True, timeout=300)
    ref = subprocess.run([sys.executable, str(SHARED / "tools/score.py"), str(CORPUS), str(out), "--json"],
                         check=True, capture_output=True, text=True, timeout=300)
    ours = subprocess.run([sys.executable, "-m", "edgarsift", "eval", str(CORPUS), "--json"],
                          check=True, capture_output=True, text=True, timeout=300)
    ref_summary = json.loads(ref.stdout)["summary"]
    our_summary = json.loads(ours.stdout)["summary"]
    assert set(ref_summary) == set(our_summary) >= {"sc13d", "sc13g", "form_d", "x17a5", "other", "overall"}
    for fam, r in ref_summary.items():
        for k in ("precision", "recall", "f1", "docs", "form_type_accuracy"):
            assert our_summary[fam][k] == r[k], (fam, k)
    assert our_summary["overall"]["form_type_accuracy"] == 1.0


def test_each_family_scores_forms_under_the_reference_scorers_key():
    """The scoring keys now come from the families' registry entries: the same key as the reference scorer's
    for every corpus form type and the spellings EDGAR and covers use."""
    import importlib.util

    from edgarsift.evaluate import score_family

    spec = importlib.util.spec_from_file_location("reference_score", SHARED / "tools/score.py")
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    forms = {json.loads(g.read_text()).get("form_type") for g in CORPUS.rglob("*.gold.json")}
    forms |= {None, "", "sc 13d/a", "SCHEDULE 13G", "Schedule 13D/A", "D", "d/a", "D-1", "DEF 14A", "X-17A-5",
              "X-17A-5/A", "x-17a-5 part iii", "SC TO-T/A", "10-K", "13F-HR"}
    assert len(forms) > 20
    assert {f: score_family(f) for f in forms} == {f: reference.family(f) for f in forms}
