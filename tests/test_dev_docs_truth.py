"""Real documents of ../shared/dev-docs scored against hand-checked truths (tests/truth/).

The measure is ../shared/tools/score.py (facts F1). A document must reach 0.95, or, while its
readers are being worked on, the floor tests/truth/floors.json gives it: the score it has
reached, so that no change makes it worse unnoticed. A form that covers several kecamatan
yields one report per kecamatan: its truth files are named <pdf stem>--<kecamatan slug>.truth.json.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEV_DOCS, DEV_SLOW, ROOT, SHARED

TRUTH_DIR = ROOT / "tests" / "truth"
MIN_F1 = 0.95
FLOORS = json.loads((TRUTH_DIR / "floors.json").read_text(encoding="utf-8"))
TRUTHS = sorted(t for t in TRUTH_DIR.glob("*.truth.json")
                if t.name.removesuffix(".truth.json").split("--")[0] + ".pdf" not in DEV_SLOW)


def pdf_of(truth: Path) -> Path:
    stem = truth.name.removesuffix(".truth.json").split("--")[0]
    return next(DEV_DOCS.rglob(stem + ".pdf"))


def report_id(out: Path, truth: Path) -> str:
    pdf = pdf_of(truth)
    with open(out / "laporan.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if str(pdf) in r["berkas"].split(" | ")]
    if "--" in truth.name:
        slug = truth.name.removesuffix(".truth.json").split("--")[1]
        rows = [r for r in rows if r["id_laporan"].split("_")[1] == slug]
    assert len(rows) == 1, f"{truth.name}: {len(rows)} reports"
    return rows[0]["id_laporan"]


def score(out: Path, truth: Path) -> tuple[float, str]:
    rid = report_id(out, truth)
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(out), str(truth), "--report", rid],
                         capture_output=True, text=True, check=True)
    f1 = float(res.stdout.rsplit("facts F1=", 1)[1].split()[0])
    return f1, res.stdout


@pytest.mark.parametrize("truth", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_dev_document_scores(dev_dataset, truth, capsys):
    f1, card = score(dev_dataset[0], truth)
    with capsys.disabled():
        print(f"\n{truth.name}\n{card}")
    floor = FLOORS.get(truth.name.removesuffix(".truth.json"), MIN_F1)
    assert f1 >= floor, card
