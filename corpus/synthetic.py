"""SYNTHETIC variants of the table report for `lakip compare`: another year and another
kecamatan, so the corpus has 2 kecamatan x 2 years. Every file name and truth file says
'sintetis'; these are not real reports.

    python corpus/synthetic.py      (needs python-docx and LibreOffice, as build.py)

Figures are altered consistently: each sub kegiatan's pagu and realisasi are scaled (by a
factor per variant, rounded to Rp 1 000), every kegiatan, program, the JUMLAH row and the
belanja totals are recomputed as sums, the printed percents recomputed, and the same numbers
replaced in the narrative. Years shift with the report year. The truth file is the table
variant's hand-checked truth put through the same transformation, and the builder checks
that every truth figure is printed on its page of the new PDF.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

from build import (DEFAULT_SEED, HERE, STEM, _page_break_before, budget_table_rows, fmt_pct, new_document,
                   parse_budget_prose, parse_seed, render, to_pdf)

NAME, YEAR = "Semende Darat Tengah", 2023
# belanja modal: the sub kegiatan buying or rebuilding assets (the seed's own split)
MODAL = ("Pengadaan Kendaraan Dinas Operasional atau Lapangan", "Pengadaan Gedung Kantor atau Bangunan Lainnya",
         "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya")

VARIANTS = [  # (kecamatan as printed, year, pagu factor, realisasi factor)
    ("Semendo Darat Tengah", 2022, "0.92", "0.90"),  # the same kecamatan, spelled as some reports spell it
    ("Semende Darat Laut", 2023, "1.07", "1.03"),
    ("Semende Darat Laut", 2022, "0.96", "0.91"),
]


def stem(name: str, year: int) -> str:
    return f"lakip-{name.lower().replace(' ', '-')}-{year}-sintetis-tabel"


def _round(v: Decimal) -> int:
    return int((v / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000)


def scaled_lines(lines: list[dict], fp: Decimal, fr: Decimal) -> list[dict]:
    """Leaves scaled, every parent the sum of its children."""
    out = [dict(ln) for ln in lines]
    for ln in out:
        if ln["level"] == "Sub Kegiatan":
            ln["pagu"] = _round(ln["pagu"] * fp)
            ln["realisasi"] = min(_round(ln["realisasi"] * fr), ln["pagu"])
    for level, child in (("Kegiatan", "Sub Kegiatan"), ("Program", "Kegiatan")):
        for i, ln in enumerate(out):
            if ln["level"] != level:
                continue
            kids = []
            for nxt in out[i + 1:]:
                if nxt["level"] == level or (level == "Kegiatan" and nxt["level"] == "Program"):
                    break
                if nxt["level"] == child:
                    kids.append(nxt)
            if kids:
                ln["pagu"] = sum(k["pagu"] for k in kids)
                ln["realisasi"] = sum(k["realisasi"] for k in kids)
    return out


def pct(p: int, r: int) -> Decimal:
    """As the seed prints its totals' percents: truncated to two decimals."""
    return (Decimal(r) * 100 / Decimal(p)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _totals(lines: list[dict]) -> dict[str, tuple[int, int]]:
    progs = [ln for ln in lines if ln["level"] == "Program"]
    total = (sum(p["pagu"] for p in progs), sum(p["realisasi"] for p in progs))
    modal = [ln for ln in lines if ln["level"] == "Sub Kegiatan" and ln["name"] in MODAL]
    m = (sum(x["pagu"] for x in modal), sum(x["realisasi"] for x in modal))
    return {"total": total, "belanja_modal": m, "belanja_operasi": (total[0] - m[0], total[1] - m[1])}


def _money_map(old: list[dict], new: list[dict], text: str) -> dict[int, int]:
    """Old figure -> new, for the figures the narrative prints (the totals, and any line's)."""
    printed = {int(m.replace(".", "")) for m in re.findall(r"\d{1,3}(?:\.\d{3}){2,}", text)}
    mapping: dict[int, int] = {}
    pairs = [(a[f], b[f]) for a, b in zip(old, new) for f in ("pagu", "realisasi") if a[f] in printed]
    to, tn = _totals(old), _totals(new)
    pairs += [(to[k][i], tn[k][i]) for k in to for i in (0, 1)]
    for a, b in pairs:
        if mapping.get(a, b) != b:
            raise ValueError(f"{a} maps to two values; choose other factors")
        mapping[a] = b
    return mapping


def transform_text(text: str, name: str, year: int, money: dict[int, int], percents: dict[str, str]) -> str:
    def money_sub(m):
        v = int(m.group(0).replace(".", ""))
        return f"{money[v]:,}".replace(",", ".") if v in money else m.group(0)

    text = re.sub(r"(?<![\d.])\d{1,3}(?:\.\d{3}){2,}(?![\d])", money_sub, text)
    for old, new in percents.items():
        for sep in (".", ","):
            text = re.sub(re.escape(old.replace(".", sep)) + r"(?=\s*%)", new.replace(".", sep), text)
    text = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + year - YEAR), text)
    return text.replace(NAME, name).replace(NAME.upper(), name.upper())


def transform_truth(truth: dict, name: str, year: int, new_lines: list[dict], pdf_name: str) -> dict:
    t = json.loads(re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + year - YEAR),
                          json.dumps(truth, ensure_ascii=False).replace(NAME, name).replace(NAME.upper(), name.upper())))
    assert len(t["anggaran"]) == len(new_lines)
    for row, ln in zip(t["anggaran"], new_lines):
        assert row["nama"] == ln["name"], (row["nama"], ln["name"])
        row["pagu"], row["realisasi"] = ln["pagu"], ln["realisasi"]
        row["persen"] = float(fmt_pct(ln["pagu"], ln["realisasi"]).replace(",", "."))  # as the table prints it
    totals = _totals(new_lines)
    for b in t["belanja"]:
        p, r = totals[b["jenis"]]
        b["pagu"], b["realisasi"], b["persen"] = p, r, float(pct(p, r))
        if b["jenis"] == "total":  # the table's JUMLAH row is the mention recorded: rounded, as it prints
            b["persen"] = float(fmt_pct(p, r).replace(",", "."))
    t["source"] = (f"{pdf_name}: SYNTHETIC variant (corpus/synthetic.py) of {STEM}-tabel.pdf for lakip compare: "
                   f"kecamatan printed as '{name}', year {year}, budget figures scaled and re-summed. Not a real report.")
    t["notes"] = [f"SYNTHETIC. Derived from the hand-checked truth of {STEM}-tabel.pdf by the same transformation "
                  "as the PDF; the builder checked that every anggaran and belanja figure is printed on its page."]
    return t


def _check_pages(pdf: Path, truth: dict) -> None:
    """Every figure of the truth is printed on the page the truth says. Larger figures can wrap
    differently and move a table row to the next page: the budget table's rows take, in order,
    the page that prints their pagu and realisasi."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    printed = [(n, m) for n, page in enumerate(pages, 1) for line in page.splitlines()
               for m in [re.findall(r"\d{1,3}(?:\.\d{3})+,\d{2}", line)] if len(m) >= 2]
    k = 0
    for row in truth["anggaran"]:  # table rows in print order, each consuming the next printed pair
        money = [f"{row[f]:,}".replace(",", ".") + ",00" for f in ("pagu", "realisasi")]
        while printed[k][1][:2] != money:
            k += 1
        row["halaman"] = printed[k][0]
        k += 1
    raw = [re.sub(r"\s+", " ", p) for p in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                                          check=True).stdout.split("\f")]
    cursor = min(r["halaman"] for r in truth["indikator"]) - 1
    for row in truth["indikator"]:  # a shorter name on the cover can pull an indicator back a page
        head = " ".join(row["indikator"].split()[:2])  # a row split by the page break starts on the first
        found = [n for n in range(max(cursor, 1), len(raw) + 1) if head in raw[n - 1]]
        cursor = found[0] if found else max(cursor, row["halaman"])  # a name pdftotext interleaves: keep its page
        row["halaman"] = cursor
    for table in ("anggaran", "belanja"):
        for row in truth[table]:
            for f in ("pagu", "realisasi"):
                s = f"{row[f]:,}".replace(",", ".")
                assert s in pages[row["halaman"] - 1], f"{pdf.name}: {s} not on page {row['halaman']}"


def seed_parts(seed: Path = DEFAULT_SEED) -> tuple[str, list[dict], dict]:
    """The table report's text (budget table as a marker), its budget lines and its truth."""
    text = seed.read_text(encoding="utf-8")
    truth = json.loads((HERE / f"{STEM}-tabel.truth.json").read_text(encoding="utf-8"))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "dirincikan sebagai berikut" in line) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("D. ASPEK PENDUKUNG"))
    budget = parse_budget_prose(lines[start:end])
    caption = ["", "Tabel 3.3", f"Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan Tahun {YEAR}", "",
               "@BUDGET_TABLE@", ""]
    return "\n".join(lines[:start] + caption + lines[end:]), budget, truth


def synthetic_source(name: str, year: int, fp: str, fr: str, pdf_name: str,
                     seed: Path = DEFAULT_SEED) -> tuple[str, list[dict], dict]:
    """One synthetic report: its text, its budget lines and its truth (pages as the seed's)."""
    table_text, budget, truth = seed_parts(seed)
    new = scaled_lines(budget, Decimal(fp), Decimal(fr))
    to, tn = _totals(budget), _totals(new)
    percents = {str(pct(*to[k])): str(pct(*tn[k])) for k in to}
    body = transform_text(table_text, name, year, _money_map(budget, new, table_text), percents)
    return body, new, transform_truth(truth, name, year, new, pdf_name)


def build_synthetic(seed: Path = DEFAULT_SEED, out: Path = HERE) -> list[Path]:
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, year, fp, fr in VARIANTS:
            pdf = out / f"{stem(name, year)}.pdf"
            body, new, t = synthetic_source(name, year, fp, fr, pdf.name, seed)
            doc = new_document()
            render(_page_break_before(parse_seed(body)), doc, budget_table_rows(new))
            docx = Path(tmp) / f"{stem(name, year)}.docx"
            doc.save(docx)
            shutil.copy(to_pdf(docx, Path(tmp)), pdf)
            _check_pages(pdf, t)
            (out / f"{stem(name, year)}.truth.json").write_text(json.dumps(t, ensure_ascii=False, indent=2) + "\n",
                                                                encoding="utf-8")
            made.append(pdf)
    return made


if __name__ == "__main__":
    for p in build_synthetic():
        print(p)
