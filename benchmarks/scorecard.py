"""The scorecard: every truth file scored against a dataset with the shared measure
(../shared/tools/score.py, facts F1), one line per document and section.

usage: python benchmarks/scorecard.py DATASET [TRUTH.json | TRUTH_DIR ...] [--json OUT.json]

A truth named <pdf stem>.truth.json is matched to the report read from that PDF; a form covering
several kecamatan has one truth per kecamatan, <pdf stem>--<kecamatan slug>.truth.json.
Default truths: tests/truth/ and corpus/.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def report_for(dataset: Path, truth: Path) -> str | None:
    stem = truth.name.removesuffix(".truth.json")
    pdf_stem, _, unit = stem.partition("--")
    with open(dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if any(Path(b.strip()).stem == pdf_stem for b in r["berkas"].split(" | "))]
    if unit:
        rows = [r for r in rows if r["id_laporan"].split("_")[1] == unit]
    return rows[0]["id_laporan"] if len(rows) == 1 else None


def main(argv: list[str]) -> int:
    out_json = None
    if "--json" in argv:
        k = argv.index("--json")
        out_json = Path(argv[k + 1])
        del argv[k:k + 2]
    dataset = Path(argv[0])
    sources = [Path(a) for a in argv[1:]] or [ROOT / "tests" / "truth", ROOT / "corpus"]
    truths = sorted(t for s in sources for t in ([s] if s.is_file() else s.glob("*.truth.json")))
    score = _scorer().score
    results = {}
    print(f"{'document':62s} {'F1':>6s} {'rec':>6s} {'prec':>6s}  sections (correct/truth/output)")
    for t in truths:
        truth = json.loads(t.read_text(encoding="utf-8"))
        rid = report_for(dataset, t)
        name = t.name.removesuffix(".truth.json")
        if rid is None:
            print(f"{name:62s} {'-':>6s}  (no report read from this PDF)")
            results[name] = None
            continue
        res = score(str(dataset), truth, rid)
        tot = res.pop("_total")
        parts = " ".join(f"{k} {v['correct']}/{v['truth']}/{v['output']}" for k, v in res.items())
        print(f"{name:62s} {tot['f1']:6.3f} {tot['recall']:6.3f} {tot['precision']:6.3f}  {parts}")
        results[name] = {"f1": tot["f1"], "recall": tot["recall"], "precision": tot["precision"], **res}
    if out_json:
        out_json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
