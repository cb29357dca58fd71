"""`lakip report`: the audit site, opened from disk in a real (headless) Chromium."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import CORPUS, run_lakip
from extract.export import write_dataset
from extract.report import write_report
from models import BarisAnggaran, Laporan, Report, Temuan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path, *args) -> str:
    assert CHROMIUM, "chromium is installed by make test (apt package chromium)"
    res = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.fixture(scope="module")
def site(corpus_dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    res = run_lakip("report", str(corpus_dataset), "--out", str(out), "--pdfs", str(CORPUS))
    assert res.returncode == 0, res.stderr
    return out


def test_index_lists_every_report_with_counts(site, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", (site / "index.html").as_uri())
    assert dom.count('href="r/muara-enim_semende-darat-tengah_2023_') == 3
    assert "https://" not in (site / "index.html").read_text(encoding="utf-8")  # offline: nothing fetched


def test_report_page_shows_findings_with_page_crops(site, tmp_path):
    page = next(p for p in (site / "r").glob("*.html") if "APIP" in p.read_text(encoding="utf-8"))
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "indikator.capaian" in dom and "Persentase temuan APIP yang ditindaklanjuti" in dom
    assert "20 (Dua Ratus)" in dom
    imgs = dom.count("<img ")
    assert imgs >= 10
    for src in (site / "r").rglob("*.png"):
        assert src.stat().st_size > 1000
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 20_000


def test_document_text_is_escaped(tmp_path):
    evil = "<script>document.title='pwned'</script>"
    lap = Laporan(id_laporan="x_y_2023_00000000", berkas="a.pdf", sha256="0" * 64, jumlah_halaman=1,
                  nama_instansi=evil)
    rep = Report(laporan=lap, anggaran=[BarisAnggaran(id_laporan=lap.id_laporan, id_baris="b001", tingkat="kegiatan",
                                                      nama=evil, pagu=1, sumber="tabel", halaman=1)],
                 temuan=[Temuan(id_laporan=lap.id_laporan, aturan="x", keparahan="error", pesan=f"about {evil}")])
    data = write_dataset([rep], [], tmp_path / "d")
    site = write_report(data)
    html = (site / "r" / "x_y_2023_00000000.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    dom = chromium(tmp_path, "--dump-dom", (site / "r" / "x_y_2023_00000000.html").as_uri())
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]
    assert "document.title='pwned'" in dom or "document.title=&#39;pwned&#39;" in dom  # shown as text
