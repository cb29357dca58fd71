"""The variant family of corpus/vary.py, read by lakip and scored: facts F1 per variant, the seed's
contradictions found, and any error finding the variant's truth does not hold.

usage: python benchmarks/variants.py WORKDIR [--text 60] [--scans 20] [--seed 14] [--jobs 2] [--no-build]
                                     [--json OUT.json]

WORKDIR keeps the rendered variants (built once; --no-build reads what is there) and the dataset.
Prints one line per variant and a table per family (producer x budget-table style; scans by mode):
min and median F1, contradictions found.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "corpus"))


def build(work: Path, n_text: int, n_scans: int, seed: int) -> None:
    from vary import draw, render, reports
    from vary_scan import draw_scans, scan
    reps = reports()
    text = draw(n_text, seed)
    for v in text:
        if not (work / f"{v.name}.truth.json").exists():
            render(v, work, reps[v.report])
    for s in draw_scans(n_scans, text, seed):
        if not (work / f"{s.name}.truth.json").exists():
            scan(s, work)


def findings_of(dataset: Path) -> dict[str, list[dict]]:
    by = defaultdict(list)
    with open(dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            by[r["id_laporan"]].append(r)
    return by


def found(rows: list[dict], rule: str, reported: str, computed: str) -> bool:
    return any(r["aturan"] == rule and (not reported or (r["nilai_dilaporkan"] == reported
                                                          and r["nilai_hitung"] == computed)) for r in rows)


def _scorecard():
    """benchmarks/scorecard.py by its path (the tests have a module of the same name)."""
    spec = importlib.util.spec_from_file_location("lakip_bench_scorecard", ROOT / "benchmarks" / "scorecard.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def evaluate(work: Path, dataset: Path) -> list[dict]:
    card = _scorecard()
    score, report_for = card._scorer().score, card.report_for
    temuan = findings_of(dataset)
    out = []
    for t in sorted(work.glob("*.truth.json")):
        truth = json.loads(t.read_text(encoding="utf-8"))
        vary = truth["vary"]
        rid = report_for(dataset, t)
        row = {"name": t.name.removesuffix(".truth.json"), "scan": "scan" in vary, "variant": vary["variant"],
               "f1": 0.0, "contradictions": {}, "false_errors": []}
        if rid:
            row["f1"] = score(str(dataset), truth, rid)["_total"]["f1"]
            rows = temuan.get(rid, [])
            row["contradictions"] = {f"{c[0]} {c[1]}/{c[2]}".strip(" /"): found(rows, *c) for c in vary["contradictions"]}
            kinds = {c[0].split(".")[0] for c in vary["contradictions"] if c[0].startswith("anggaran")}
            row["false_errors"] = [f"{r['aturan']} h.{r['halaman']}" for r in rows
                                   if r["keparahan"] == "error" and r["aturan"].split(".")[0] not in kinds]
        out.append(row)
    return out


def family(r: dict) -> str:
    v = r["variant"]
    if r["scan"]:
        return f"scan {r['name'].split('-')[2]}" + (" foto" if "-foto-" in r["name"] else "")
    return f"{v['producer']} {v['table']}"


def table(results: list[dict]) -> str:
    fams = defaultdict(list)
    for r in results:
        fams[family(r)].append(r)
        fams["ALL scans" if r["scan"] else "ALL text"].append(r)
    lines = ["| family | n | min F1 | median F1 | contradictions found | false errors |", "|---|---|---|---|---|---|"]
    for name in sorted(fams, key=lambda k: (k.startswith("ALL"), k)):
        rs = fams[name]
        f1 = [r["f1"] for r in rs]
        cs = [ok for r in rs for ok in r["contradictions"].values()]
        lines.append(f"| {name} | {len(rs)} | {min(f1):.3f} | {statistics.median(f1):.3f} | "
                     f"{sum(cs)}/{len(cs)} ({100 * sum(cs) / max(len(cs), 1):.0f} %) | "
                     f"{sum(len(r['false_errors']) for r in rs)} |")
    by_kind = defaultdict(list)
    for r in results:
        for k, ok in r["contradictions"].items():
            by_kind[(k, r["scan"])].append(ok)
    lines += ["", "| contradiction | text variants | scanned variants |", "|---|---|---|"]
    for k in sorted({k for k, _ in by_kind}):
        cell = lambda s: (f"{sum(by_kind[(k, s)])}/{len(by_kind[(k, s)])}" if by_kind[(k, s)] else "-")  # noqa: E731
        lines.append(f"| {k} | {cell(False)} | {cell(True)} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("work", type=Path)
    ap.add_argument("--text", type=int, default=60)
    ap.add_argument("--scans", type=int, default=20)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-extract", action="store_true", help="score the dataset already in WORKDIR/dataset")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not a.no_build:
        build(a.work, a.text, a.scans, a.seed)
    t1 = time.perf_counter()
    dataset = a.work / "dataset"
    if not a.no_extract:
        ref = ROOT.parent / "shared" / "reference"
        subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(a.work), "--out", str(dataset),
                        "--jobs", str(a.jobs), "--force", *(["--reference", str(ref)] if ref.is_dir() else [])],
                       check=True, cwd=ROOT)
    t2 = time.perf_counter()
    results = evaluate(a.work, dataset)
    for r in results:
        missed = [k for k, ok in r["contradictions"].items() if not ok]
        print(f"{r['name']:70s} {r['f1']:.3f}  missed: {', '.join(missed) or '-'}  "
              f"false errors: {', '.join(r['false_errors']) or '-'}")
    print()
    print(table(results))
    print(f"\nbuilt in {t1 - t0:.0f} s, read in {t2 - t1:.0f} s")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
