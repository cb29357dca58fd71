"""`lakip report`: the audit site, opened from disk in a real (headless) Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PIL import Image

from conftest import CORPUS, run_lakip
from extract.writers.dataset import write_dataset
from extract.writers.site import write_report
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


def _findings(html: str) -> list[str]:
    return re.findall(r'<div class="finding (\w+)"', html)


def test_each_finding_has_its_own_crop_around_its_row_with_the_value_boxed(site, tmp_path):
    page = next(p for p in (site / "r").glob("*.html") if "anggaran.jumlah_anak" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    crops = re.findall(r'<img class="crop" src="([^"]+)"[^>]*data-geometry="([^"]+)"', html)
    assert len(crops) >= 10 and len({src for src, _ in crops}) == len(crops)  # not one page image for all
    for src, geometry in crops:
        left, up, right, down, x0, top, x1, bottom, width, height = map(float, geometry.split())
        assert (right - left) * (down - up) < 0.5 * width * height  # a band of the page, not the page
        assert left <= x0 and x1 <= right and up <= top and bottom <= down  # the value's box inside the crop
        im = Image.open(page.parent / src).convert("RGB")
        sx, sy = im.width / (right - left), im.height / (down - up)
        assert sx >= 96 / 72 - 0.01  # readable: at least 96 dpi
        edge = [im.getpixel((int((x - left) * sx), int((top - up) * sy) - 2)) for x in (x0 + 5, (x0 + x1) / 2)]
        assert any(p[0] > 180 and p[1] < 60 and p[2] < 60 for p in edge), edge  # the red box around the value
    links = re.findall(r'<a href="([^"]+)" title="buka halaman', html)
    assert links and all((page.parent / link).is_file() and "hal-" in link for link in links)
    # landscape pages too: a crop is cut from the page's own frame (width and height as read)
    shot = tmp_path / "site.png"
    chromium(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    assert Image.open(shot).size == (1280, 2000)


def test_site_is_indonesian_with_errors_first_and_indonesian_money(site, tmp_path):
    page = next(p for p in (site / "r").glob("*.html") if "anggaran.jumlah_anak" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    order = _findings(html)
    assert order[0] == "error" and order == sorted(order, key=["error", "warning", "info"].index)
    assert "Kesalahan" in html and "Temuan" in html and "halaman" in html
    assert "3.489.328.596" in html and "3489328596" not in html and ".0<" not in html
    assert "91.593.235" in html  # the finding's reported value, with separators
    assert re.search(r'class="dihitung"[^>]*>[\d.,]+<', html)  # a computed value is marked
    assert "page image not available" not in html and "Baris: <b>kegiatan" in html


def test_a_missing_pdfs_folder_is_a_warning_and_a_banner(corpus_dataset, tmp_path):
    res = run_lakip("report", str(corpus_dataset), "--out", str(tmp_path / "s1"))
    assert res.returncode == 0 and "warning: no --pdfs given" in res.stderr
    assert "tanpa potongan halaman" in (tmp_path / "s1" / "index.html").read_text(encoding="utf-8")
    res = run_lakip("report", str(corpus_dataset), "--out", str(tmp_path / "s2"), "--pdfs", str(tmp_path / "nope"))
    assert res.returncode == 0 and "does not exist" in res.stderr and "have no PDF under" in res.stderr


def test_document_text_is_escaped(tmp_path):
    evil = "<script>document.title='pwned'</script>"
    lap = Laporan(id_laporan="x_y_2023_00000000", berkas="a.pdf", sha256="0" * 64, jumlah_halaman=1,
                  nama_instansi=evil)
    rep = Report(laporan=lap, anggaran=[BarisAnggaran(id_laporan=lap.id_laporan, id_baris="b001", tingkat="kegiatan",
                                                      nama=evil, pagu=1, sumber="tabel", halaman=1)],
                 temuan=[Temuan(id_laporan=lap.id_laporan, aturan="x", keparahan="error", pesan=f"about {evil}")])
    data = write_dataset([rep], [], tmp_path / "d")
    site, _ = write_report(data, tmp_path / "site")
    html = (site / "r" / "x_y_2023_00000000.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    dom = chromium(tmp_path, "--dump-dom", (site / "r" / "x_y_2023_00000000.html").as_uri())
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]
    assert "document.title='pwned'" in dom or "document.title=&#39;pwned&#39;" in dom  # shown as text
