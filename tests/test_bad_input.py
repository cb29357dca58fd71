"""Bad inputs: a one-line error naming the file, a row in gagal.csv, the other inputs still
processed, no traceback for the user."""

from __future__ import annotations

import csv
import shutil

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import CORPUS_PDFS, run_lakip

GOOD = next(p for p in CORPUS_PDFS if p.name.endswith("-2023-narasi.pdf"))


def _encrypt(src, dst, password="rahasia"):
    w = PdfWriter(clone_from=PdfReader(src))
    w.encrypt(user_password=password, owner_password=password + "-owner")
    with open(dst, "wb") as f:
        w.write(f)


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    shutil.copy(GOOD, d / "good.pdf")
    (d / "notes.pdf").write_text("this is a text file named like a PDF\n", encoding="utf-8")
    data = GOOD.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (d / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    _encrypt(GOOD, d / "locked.pdf")
    out = d / "dataset"
    res = run_lakip("extract", str(d / "good.pdf"), str(d / "missing.pdf"), str(d / "notes.pdf"),
                    str(d / "truncated.pdf"), str(d / "garbage.pdf"), str(d / "locked.pdf"), "--out", str(out))
    with open(out / "gagal.csv", newline="", encoding="utf-8") as f:
        gagal = {r["berkas"].rsplit("/", 1)[-1]: r for r in csv.DictReader(f)}
    with open(out / "laporan.csv", newline="", encoding="utf-8") as f:
        laporan = list(csv.DictReader(f))
    return res, gagal, laporan


def test_each_bad_file_is_one_row_in_gagal(bad_batch):
    _, gagal, _ = bad_batch
    assert set(gagal) == {"missing.pdf", "notes.pdf", "truncated.pdf", "garbage.pdf", "locked.pdf"}
    assert gagal["missing.pdf"]["alasan"] == "file does not exist"
    assert gagal["notes.pdf"]["alasan"] == "file is not a PDF"
    assert gagal["locked.pdf"]["alasan"] == "file is encrypted and no password was given"
    assert "damaged" in gagal["truncated.pdf"]["alasan"] or "cannot be read" in gagal["truncated.pdf"]["alasan"]
    assert all(g["tahap"] in ("baca", "ekstraksi") for g in gagal.values())
    assert len(gagal["locked.pdf"]["sha256"]) == 64


def test_the_good_file_is_still_read(bad_batch):
    _, _, laporan = bad_batch
    assert [r["berkas"].rsplit("/", 1)[-1] for r in laporan] == ["good.pdf"]  # berkas: the path as given
    assert laporan[0]["tahun"] == "2023"


def test_errors_are_one_line_per_file_without_traceback(bad_batch):
    res, gagal, _ = bad_batch
    assert res.returncode == 1  # some failed, the others were written
    assert "Traceback" not in res.stderr
    for name in gagal:
        lines = [ln for ln in res.stderr.splitlines() if name in ln]
        assert len(lines) == 1, res.stderr
        assert lines[0].startswith("lakip: ")


def test_password_opens_an_encrypted_report(tmp_path):
    _encrypt(GOOD, tmp_path / "locked.pdf", "kunci")
    res = run_lakip("extract", str(tmp_path / "locked.pdf"), "--password", "kunci", "--out", str(tmp_path / "o"))
    assert res.returncode == 0, res.stderr
    wrong = run_lakip("extract", str(tmp_path / "locked.pdf"), "--password", "salah", "--out", str(tmp_path / "w"))
    assert wrong.returncode == 1 and "password is wrong" in wrong.stderr


def test_usage_errors_exit_2(tmp_path):
    res = run_lakip("extract", "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    res = run_lakip("extract", str(GOOD), "--reference", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "not a folder" in res.stderr


def test_limits_bound_untrusted_input(tmp_path):
    """A file or page past the limits ends in gagal.csv or a skipped-page finding, not a crash."""
    import os
    import subprocess
    import sys

    from conftest import ROOT
    shutil.copy(GOOD, tmp_path / "good.pdf")
    env = {**os.environ, "LAKIP_MAX_PAGES": "10"}
    res = subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(tmp_path / "good.pdf"), "--out",
                          str(tmp_path / "o"), "--cache", str(tmp_path / "c")], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 1 and "over the limit of 10" in res.stderr
    env = {**os.environ, "LAKIP_MAX_CHARS_PER_PAGE": "3000"}
    res = subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(tmp_path / "good.pdf"), "--out",
                          str(tmp_path / "p"), "--cache", str(tmp_path / "c2")], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "p" / "temuan.csv", newline="", encoding="utf-8") as f:
        skipped = [r for r in csv.DictReader(f) if r["aturan"] == "halaman.dilewati"]
    assert skipped and all("melebihi batas" in r["pesan"] for r in skipped)


def test_a_page_ruled_into_a_dense_grid_is_bounded(tmp_path):
    """A 150 x 150 grid keeps the table finder busy for seconds; past LAKIP_MAX_GRID_CROSSINGS its
    tables are not looked for, with a finding, and its text is still read."""
    from conftest import dense_grid, write_pdf
    from extract.pages.document import Document
    text = b"BT /F1 11 Tf 60 700 Td (Laporan Kinerja Kecamatan Contoh Tahun 2021) Tj ET\n"
    pdf = write_pdf(tmp_path / "grid.pdf", [text + dense_grid(150)])
    with Document(pdf) as doc:
        page = doc.page(1)
        assert "22801 persilangan" in doc.skipped[1] and "LAKIP_MAX_GRID_CROSSINGS" in doc.skipped[1]
    assert page.tables == [] and [w.text for w in page.words][:2] == ["Laporan", "Kinerja"]
