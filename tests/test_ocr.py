"""Scanned reports: the seed's table variant printed and scanned (corpus/scan.py), read by OCR
and scored against the same truth as the Word export."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SHARED, run_lakip

sys.path.insert(0, str(CORPUS))
from scan import STEM, scans  # noqa: E402

MIN_F1 = {"pindai-200dpi": 0.95, "pindai-1bit-100dpi": 0.85, "pindai-sebagian": 0.95}
OCR_PAGES = {"pindai-200dpi": "31", "pindai-1bit-100dpi": "31", "pindai-sebagian": "5"}


@pytest.fixture(scope="session")
def scanned(tmp_path_factory) -> Path:
    """The scanned variants, made afresh (the 200 dpi one is 13 MB, so it is not committed)."""
    folder = tmp_path_factory.mktemp("scans")
    scans(out=folder)
    return folder


@pytest.fixture(scope="session")
def scanned_dataset(scanned, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ocr") / "o"
    res = run_lakip("extract", str(scanned), "--out", str(out), "--reference", str(SHARED / "reference"))
    assert res.returncode == 0, res.stderr
    return out


def _laporan(out: Path) -> dict[str, dict]:
    with open(out / "laporan.csv", newline="", encoding="utf-8") as f:
        return {r["berkas"].rsplit("/", 1)[-1]: r for r in csv.DictReader(f)}


@pytest.mark.parametrize("variant", list(MIN_F1))
def test_scanned_variant_scores(scanned_dataset, variant, capsys):
    rows = _laporan(scanned_dataset)
    row = rows[f"{STEM}-{variant}.pdf"]
    assert row["halaman_ocr"] == OCR_PAGES[variant]
    truth = CORPUS / f"{STEM}-{variant}.truth.json"
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(scanned_dataset), str(truth),
                          "--report", row["id_laporan"]], capture_output=True, text=True, check=True)
    f1 = float(res.stdout.rsplit("facts F1=", 1)[1].split()[0])
    with capsys.disabled():
        print(f"\n{variant}\n{res.stdout}")
    assert f1 >= MIN_F1[variant], res.stdout


def test_scans_are_made_as_committed(scanned):
    """The truth files next to the scans are the committed ones: scan.py reproduces them."""
    for variant in MIN_F1:
        name = f"{STEM}-{variant}.truth.json"
        assert (scanned / name).read_text(encoding="utf-8") == (CORPUS / name).read_text(encoding="utf-8")


def test_without_tesseract_a_scan_fails_with_that_reason_and_a_partial_scan_keeps_its_text(scanned, tmp_path):
    """No Tesseract on PATH: a full scan goes to gagal.csv naming what to install; a document with
    some scanned pages is read from its text pages, each scanned page a skipped-page finding."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python")
    env = {**os.environ, "PATH": str(bin_dir)}
    assert shutil.which("tesseract", path=env["PATH"]) is None
    docs = [scanned / f"{STEM}-pindai-1bit-100dpi.pdf", scanned / f"{STEM}-pindai-sebagian.pdf"]
    res = subprocess.run([sys.executable, "-m", "extract.cli", "extract", *map(str, docs), "--out", str(tmp_path / "o"),
                          "--cache", str(tmp_path / "c")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    with open(tmp_path / "o" / "gagal.csv", newline="", encoding="utf-8") as f:
        gagal = list(csv.DictReader(f))
    assert [(Path(g["berkas"]).name, g["tahap"]) for g in gagal] == [(docs[0].name, "ocr")]
    assert "Tesseract is not installed" in gagal[0]["alasan"]
    assert _laporan(tmp_path / "o")[docs[1].name]["halaman_ocr"] == "0"
    with open(tmp_path / "o" / "temuan.csv", newline="", encoding="utf-8") as f:
        skipped = sorted(int(r["halaman"]) for r in csv.DictReader(f) if r["aturan"] == "halaman.dilewati")
    assert skipped == [1, 3, 27, 28, 29]


def test_a_garbage_text_layer_is_read_again_by_ocr():
    """An earlier OCR pass left symbols and fragments: the layer is not used, the image is."""
    from extract.pages.ocr import text_layer_unusable
    from extract.pages.model import Page, Word
    garbage = [Word(t, 10 * k, 10 * k + 8, 100, 110, 1) for k, t in enumerate("~~ ,.; ]|[ ^^ ¦¦ .,. ;; ~| \\\\ ][".split())]
    prose = [Word(t, 10 * k, 10 * k + 8, 100, 110, 1) for k, t in
             enumerate("Realisasi anggaran program tahun 2023 sebesar Rp 1.234.000,00 atau 91,19 %".split())]
    assert text_layer_unusable(Page(1, 595, 842, garbage)) and not text_layer_unusable(Page(1, 595, 842, prose))
    assert text_layer_unusable(Page(1, 595, 842, prose[:3]))  # almost no text


def test_a_page_scanned_sideways_is_turned_and_its_table_read(scanned, tmp_path):
    """A landscape table page fed into the scanner sideways: Tesseract's orientation turns it
    back, and the staff table is found from the rules in the image."""
    import io

    import pypdfium2

    from extract.pages.document import Document
    src = pypdfium2.PdfDocument(str(scanned / f"{STEM}-pindai-200dpi.pdf"))
    img = src[29].render(scale=200 / 72, grayscale=True).to_pil().convert("L").rotate(90, expand=True)
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=200.0)
    (tmp_path / "sideways.pdf").write_bytes(buf.getvalue())
    with Document(tmp_path / "sideways.pdf") as doc:
        page = doc.page(1)
    assert page.source == "ocr" and page.turn in (90, 270) and page.height > page.width
    text = " ".join(w.text for w in page.words)
    assert "Pendidikan" in text and "Golongan" in text
    assert len(page.tables) == 2


def test_ocr_findings_name_their_report(scanned_dataset):
    """A figure OCR doubted is a finding of its own report (the row's id_laporan is set)."""
    ids = set(_laporan(scanned_dataset)) and {r["id_laporan"] for r in _laporan(scanned_dataset).values()}
    with open(scanned_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    doubts = [r for r in rows if r["aturan"] == "ocr.angka_ragu"]
    assert doubts and all(r["id_laporan"] in ids for r in rows)
