"""End to end on the corpus: every hand-checked truth fact is exported exactly."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from conftest import CORPUS_PDFS
from scorecard import compare

TRUTHS = {p.name: p.with_name(p.name.replace(".pdf", ".truth.json")) for p in CORPUS_PDFS}


def _report_id(out, berkas):
    with open(out / "laporan.csv", newline="", encoding="utf-8") as f:
        return next(r["id_laporan"] for r in csv.DictReader(f) if r["berkas"].rsplit("/", 1)[-1] == berkas)


@pytest.mark.parametrize("pdf", sorted(TRUTHS))
def test_every_truth_fact_exported_exactly(corpus_dataset, pdf, capsys):
    truth = json.loads(TRUTHS[pdf].read_text(encoding="utf-8"))
    card = compare(corpus_dataset, truth, _report_id(corpus_dataset, pdf))
    with capsys.disabled():
        print("\n" + card.render(pdf))
    assert not card.misses, card.render(pdf)
    assert card.complete, "facts exported that the truth does not have:\n" + card.render(pdf)


@pytest.mark.parametrize("pdf", sorted(TRUTHS))
def test_shared_scorer_gives_full_marks(corpus_dataset, pdf):
    """The measure the project is judged by (../shared/tools/score.py)."""
    from conftest import SHARED
    rid = _report_id(corpus_dataset, pdf)
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(corpus_dataset), str(TRUTHS[pdf]),
                          "--report", rid], capture_output=True, text=True, check=True)
    assert "facts F1=1.000" in res.stdout, res.stdout


def test_budget_tree_is_consistent_so_no_error_findings(corpus_dataset):
    clean = {_report_id(corpus_dataset, p) for p in TRUTHS if "salah-ketik" not in p}
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        errors = [r for r in csv.DictReader(f) if r["keparahan"] == "error" and r["id_laporan"] in clean]
    assert errors == []


def test_a_mistyped_figure_is_an_error_naming_the_line_its_parent_and_the_page(corpus_dataset):
    """The variant prints 7.940.000,00 for the 7.490.000,00 of 'Penyediaan Jasa Surat Menyurat' (page 28)."""
    rid = _report_id(corpus_dataset, "lakip-semende-darat-tengah-2023-tabel-salah-ketik.pdf")
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        errors = [r for r in csv.DictReader(f) if r["keparahan"] == "error" and r["id_laporan"] == rid]
    assert len(errors) == 1
    (e,) = errors
    assert e["aturan"] == "anggaran.jumlah_anak" and e["halaman"] == "28"
    assert (e["nilai_dilaporkan"], e["nilai_hitung"], e["selisih"]) == ("91593235", "92043235", "-450000")
    assert "'Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah'" in e["pesan"]   # the parent
    assert "'Penyediaan Jasa Surat Menyurat'" in e["pesan"] and "halaman 28" in e["pesan"]  # the line


def test_table_variant_reads_the_table_and_prose_variant_the_prose(corpus_dataset):
    with open(corpus_dataset / "anggaran.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_file = {}
    for pdf in TRUTHS:
        rid = _report_id(corpus_dataset, pdf)
        by_file[pdf] = {r["sumber"] for r in rows if r["id_laporan"] == rid}
    assert by_file["lakip-semende-darat-tengah-2023-tabel.pdf"] == {"tabel"}
    assert by_file["lakip-semende-darat-tengah-2023-narasi.pdf"] == {"narasi"}


def test_the_table_runs_over_several_pages(corpus_dataset):
    truth = json.loads(TRUTHS["lakip-semende-darat-tengah-2023-tabel.pdf"].read_text(encoding="utf-8"))
    assert len({t["halaman"] for t in truth["anggaran"]}) >= 2


def test_metadata_and_codes(corpus_dataset):
    with open(corpus_dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # from ../shared/reference/wilayah.csv; 'Semendo' (a spelling of the synthetic 2022 report) is matched
    codes = {r["berkas"].rsplit("/", 1)[-1]: r["kode_wilayah"] for r in rows}
    assert codes == {p.name: "16.03.08" if "darat-laut" in p.name else "16.03.09" for p in CORPUS_PDFS}
    real = [r for r in rows if "sintetis" not in r["berkas"]]
    assert len(real) == 3 and all(r["id_laporan"].startswith("muara-enim_semende-darat-tengah_2023_") for r in real)
    assert all(r["id_laporan"].endswith(r["sha256"][:8]) for r in rows)
