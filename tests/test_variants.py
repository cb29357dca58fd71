"""The same report in other layouts (corpus/vary.py): a fixed sample of the variant family, rendered
here by both producers (LibreOffice, Chromium) and one scanner, read by lakip as a user runs it.

The whole family (60 text and 20 scanned variants) is run by benchmarks/variants.py; CI runs the
first six text variants (they walk both producers and the ruled, unruled and form-export budget
tables) and the first scanned one (1-bit, 150 dpi, the Word report with a ruled table), with
only its budget and staff pages scanned to keep CI short.

What is asserted comes from the variants' truths, which are the corpus reports' hand-checked
truths carried through (the figures do not change with the layout), and from the seed's own
contradictions (tests/test_findings_corpus.py names them on the seed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, need_shared, run_lakip

sys.path.insert(0, str(ROOT / "corpus"))
sys.path.insert(0, str(ROOT / "benchmarks"))  # variants.py

TEXT_SAMPLE = 6


@pytest.fixture(scope="module")
def family(tmp_path_factory):
    need_shared()
    from vary import draw, render, reports
    from vary_scan import draw_scans, scan
    work = tmp_path_factory.mktemp("variants")
    reps = reports()
    text = draw(60)
    for v in text[:TEXT_SAMPLE]:
        render(v, work, reps[v.report])
    s = draw_scans(20, text)[0]  # (its text variant is the first of the sample)
    import json
    truth = json.loads((work / f"{s.base.name}.truth.json").read_text(encoding="utf-8"))
    # the budget table's pages and the staff table's scanned (CI time); the benchmark scans every page
    scan(s, work, pages={r["halaman"] for part in ("anggaran", "pegawai") for r in truth[part]})
    out = work / "dataset"
    res = run_lakip("extract", str(work), "--out", str(out), "--jobs", "2")
    assert res.returncode == 0, res.stderr[-2000:]
    from variants import evaluate
    return {r["name"]: r for r in evaluate(work, out)}


def test_the_sample_walks_both_producers_and_every_table_style(family):
    text = [r["variant"] for r in family.values() if not r["scan"]]
    assert {v["producer"] for v in text} == {"docx", "html"}
    assert {v["table"] for v in text} == {"ruled", "unruled", "form"}
    assert any(r["scan"] for r in family.values())


def test_text_variants_keep_the_facts(family):
    # the bar for every text variant: facts F1 0.97 at least
    scores = {n: round(r["f1"], 3) for n, r in family.items() if not r["scan"]}
    assert all(f >= 0.97 for f in scores.values()), scores


def test_the_seeds_contradictions_are_found_in_every_layout(family):
    missed = {n: [k for k, ok in r["contradictions"].items() if not ok] for n, r in family.items() if not r["scan"]}
    assert all(not m for m in missed.values()), missed


def test_no_error_the_document_does_not_hold(family):
    # an error says the report contradicts itself; only the mistyped copy holds such a contradiction
    wrong = {n: r["false_errors"] for n, r in family.items() if r["false_errors"]}
    assert not wrong, wrong


def test_a_scanned_variant_is_read(family):
    scanned = [r for r in family.values() if r["scan"]]
    assert scanned and all(r["f1"] >= 0.85 for r in scanned), [(r["name"], r["f1"]) for r in scanned]
