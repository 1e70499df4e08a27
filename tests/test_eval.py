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
