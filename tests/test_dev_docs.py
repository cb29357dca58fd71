"""Real reports nobody on the project wrote: the run completes, nothing crashes, and the
comparison of all of them runs to the end without inf, NaN or same-year pairs."""

from __future__ import annotations

import csv
import re

from conftest import DEV_DOCS, REFERENCE, dev_pdfs, run_lakip


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_dev_docs_complete_without_crash(dev_dataset):
    out, res = dev_dataset
    assert "Traceback" not in res.stderr
    assert _rows(out / "gagal.csv") == [] and res.returncode == 0, res.stderr
    read = {b for r in _rows(out / "laporan.csv") for b in r["berkas"].split(" | ")}
    assert read == {str(p) for p in dev_pdfs()}  # berkas: the path as given
    # the phone-camera scan has no text layer: its one page is read by OCR
    ocr = {r["berkas"].rsplit("/", 1)[-1]: r["halaman_ocr"] for r in _rows(out / "laporan.csv")}
    assert ocr["rkt-kecamatan-giritontro-2019.pdf"] == "1"
    for scan in ("pk-2016-biro-keuangan-setda-jabar-scan.pdf", "pk-2017-dinas-esdm-jabar-scan.pdf"):
        assert ocr[scan] == "3", (scan, ocr[scan])  # scans without a text layer: every page read by OCR
    assert ocr["lkip-2016-jabar-bpbd.pdf"] == "0" and ocr["realisasi-triwulan-2023-tangsel-kewilayahan1.pdf"] == "0"


def test_compare_of_all_dev_docs_runs_to_the_end(dev_dataset, tmp_path):
    out, _ = dev_dataset
    res = run_lakip("compare", str(out), "--out", str(tmp_path / "cmp"))
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    cmp = tmp_path / "cmp"
    for f in [*cmp.glob("*.csv"), *(cmp / "pivot").glob("*.csv"), cmp / "perbandingan.html"]:
        assert not re.search(r"\b(nan|NaN|inf|-inf)\b", f.read_text(encoding="utf-8")), f.name
    lines = _rows(cmp / "anggaran_selaras.csv")
    assert lines and all(r["tahun_sebelumnya"] != r["tahun"] for r in lines if r["tahun_sebelumnya"])
    reports = _rows(cmp / "ringkasan.csv")
    assert len(reports) == len(_rows(out / "laporan.csv"))
    for r in reports:
        if r["persen"]:
            assert r["sumber_persen"] in ("dicetak", "dihitung_total", "dihitung_program") and r["pagu"]


def test_without_reference_the_ids_stay_and_the_need_is_said(tmp_path):
    """Reference data fills codes and names the document does not print; the report ids come
    from what is printed, so they do not change without it. Budget rows whose level only the
    national nomenclature tells are left out with a finding that says so."""
    forms = sorted(DEV_DOCS.glob("realisasi-triwulan-2023-tangsel-*.pdf"))
    with_ref = run_lakip("extract", *map(str, forms), "--out", str(tmp_path / "a"), "--reference", str(REFERENCE))
    without = run_lakip("extract", *map(str, forms), "--out", str(tmp_path / "b"))
    assert with_ref.returncode == without.returncode == 0
    ids = [sorted(r["id_laporan"] for r in _rows(tmp_path / d / "laporan.csv")) for d in ("a", "b")]
    assert ids[0] == ids[1] and len(ids[0]) == 7
    unclear = [r for r in _rows(tmp_path / "b" / "temuan.csv") if r["aturan"] == "anggaran.tingkat_tidak_jelas"]
    assert unclear and all("--reference" in r["pesan"] for r in unclear)
    assert not [r for r in _rows(tmp_path / "a" / "temuan.csv") if r["aturan"] == "anggaran.tingkat_tidak_jelas"]
