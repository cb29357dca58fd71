"""lakip compare on the corpus: the seed's table report (2023) and the SYNTHETIC variants
(Semendo Darat Tengah 2022, Semende Darat Laut 2022 and 2023): 2 kecamatan x 2 years."""

from __future__ import annotations

import csv
import json

import re

import pytest

from conftest import CORPUS, REFERENCE, run_lakip
from test_report import chromium

TENGAH_2023 = CORPUS / "lakip-semende-darat-tengah-2023-tabel.pdf"
SYNTHETIC = sorted(CORPUS.glob("*-sintetis-tabel.pdf"))
PAIRS = {  # instansi shown -> (earlier truth, later truth)
    "Semende Darat Tengah": ("lakip-semendo-darat-tengah-2022-sintetis-tabel", "lakip-semende-darat-tengah-2023-tabel"),
    "Semende Darat Laut": ("lakip-semende-darat-laut-2022-sintetis-tabel", "lakip-semende-darat-laut-2023-sintetis-tabel"),
}


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    """Two datasets, one read as a folder and one as its lakip.duckdb, merged by compare."""
    tmp = tmp_path_factory.mktemp("compare")
    assert len(SYNTHETIC) == 3
    a = run_lakip("extract", str(TENGAH_2023), "--out", str(tmp / "a"), "--reference", str(REFERENCE))
    b = run_lakip("extract", *map(str, SYNTHETIC), "--out", str(tmp / "b"), "--reference", str(REFERENCE))
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    res = run_lakip("compare", str(tmp / "a"), str(tmp / "b" / "lakip.duckdb"), "--out", str(tmp / "cmp"))
    assert res.returncode == 0, res.stderr
    return tmp / "cmp"


def test_reports_group_by_kecamatan_across_spellings(comparison):
    rows = _rows(comparison / "ringkasan.csv")
    assert sorted((r["nama_instansi_baku"], r["tahun"]) for r in rows) == [
        ("Semende Darat Laut", "2022"), ("Semende Darat Laut", "2023"),
        ("Semende Darat Tengah", "2022"), ("Semende Darat Tengah", "2023")]  # 'Semendo' 2022 joins 'Semende'
    for r in rows:  # totals: the belanja total of each report's truth file
        stem = PAIRS[r["nama_instansi_baku"]][int(r["tahun"]) - 2022]
        total = next(b for b in json.loads((CORPUS / f"{stem}.truth.json").read_text(encoding="utf-8"))["belanja"]
                     if b["jenis"] == "total")
        assert (int(r["pagu"]), int(r["realisasi"])) == (total["pagu"], total["realisasi"])


def test_budget_lines_align_and_year_over_year_changes_match_the_truth(comparison):
    lines = _rows(comparison / "anggaran_selaras.csv")
    for shown, (before, after) in PAIRS.items():
        t0 = json.loads((CORPUS / f"{before}.truth.json").read_text(encoding="utf-8"))["anggaran"]
        t1 = json.loads((CORPUS / f"{after}.truth.json").read_text(encoding="utf-8"))["anggaran"]
        later = {(r["tingkat"], r["nama"]): r for r in lines if r["nama_instansi_baku"] == shown and r["tahun"] == "2023"}
        assert len(later) == len(t1) == 46
        for old, new in zip(t0, t1):
            r = later[(new["tingkat"], new["nama"])]
            assert r["tahun_sebelumnya"] == "2022" and r["metode"] == "nama" and float(r["skor"]) == 1.0, r
            assert int(r["pagu_sebelumnya"]) == old["pagu"] and int(r["realisasi_sebelumnya"]) == old["realisasi"]
            assert int(r["selisih_pagu"]) == new["pagu"] - old["pagu"]
            assert int(r["selisih_realisasi"]) == new["realisasi"] - old["realisasi"]
            assert float(r["perubahan_pagu_persen"]) == pytest.approx((new["pagu"] - old["pagu"]) / old["pagu"] * 100,
                                                                     abs=0.006)
    # the same line in the other kecamatan has the same key
    keys = {(r["nama_instansi_baku"], r["tahun"]): {r["kunci_baris"] for r in lines
                                                    if (r["nama_instansi_baku"], r["tahun"]) == (s, y)}
            for s in PAIRS for y in ("2022", "2023")}
    assert len({frozenset(v) for v in keys.values()}) == 1


def test_indicator_series_staff_and_pivots(comparison):
    series = _rows(comparison / "indikator_seri.csv")
    sakip = [r for r in series if r["kunci_indikator"] == "nilai sakip kecamatan"]
    assert len(sakip) == 4 and {r["realisasi"] for r in sakip} == {"85"}
    staff = _rows(comparison / "pegawai_tahun.csv")
    s1 = [r for r in staff if r["kategori"] == "S1"]
    assert sorted((r["nama_instansi_baku"], r["tahun"], r["jumlah"]) for r in s1) == [
        ("Semende Darat Laut", "2022", "7"), ("Semende Darat Laut", "2023", "7"),
        ("Semende Darat Tengah", "2022", "7"), ("Semende Darat Tengah", "2023", "7")]
    wide = _rows(comparison / "pivot" / "realisasi_persen.csv")
    assert [r["nama_instansi_baku"] for r in wide] == ["Semende Darat Laut", "Semende Darat Tengah"]
    # the percent the report prints for its belanja total (the budget table's JUMLAH row: 91,20)
    assert wide[1]["2023"] == "91.2" and set(wide[0]) == {"nama_instansi_baku", "2022", "2023"}
    for name in ("anggaran_realisasi", "anggaran_pagu", "indikator_capaian", "pegawai"):
        assert len(_rows(comparison / "pivot" / f"{name}.csv")) > 5


def test_names_are_normalized():
    from extract.writers.compare import _cluster, norm_name
    assert norm_name("Kec. Semende  Darat-Tengah") == norm_name("KECAMATAN SEMENDE DARAT TENGAH") == "semende darat tengah"
    groups = _cluster(["semende darat tengah", "semendo darat tengah", "semende darat laut", "semende darat ulu"])
    assert groups["semendo darat tengah"][0] == "semende darat tengah"
    assert groups["semende darat laut"][0] == "semende darat laut" and groups["semende darat ulu"][0] == "semende darat ulu"


def test_without_region_codes_names_still_group(tmp_path):
    """No reference data: the kecamatan are grouped by their normalized, clustered names."""
    res = run_lakip("extract", str(TENGAH_2023), *map(str, SYNTHETIC), "--out", str(tmp_path / "d"))
    assert res.returncode == 0, res.stderr
    res = run_lakip("compare", str(tmp_path / "d"), "--out", str(tmp_path / "c"))
    assert res.returncode == 0, res.stderr
    rows = _rows(tmp_path / "c" / "ringkasan.csv")
    assert sorted({(r["instansi"], r["nama_instansi_baku"]) for r in rows}) == [
        ("nama:semende darat laut", "Semende Darat Laut"), ("nama:semende darat tengah", "Semende Darat Tengah")]


def test_a_folder_that_is_no_dataset_is_a_usage_error(tmp_path):
    res = run_lakip("compare", str(tmp_path), "--out", str(tmp_path / "c"))
    assert res.returncode == 2 and "not a dataset folder" in res.stderr and "Traceback" not in res.stderr


def test_html_report_renders_its_charts_in_chromium(comparison, tmp_path):
    page = (comparison / "perbandingan.html").as_uri()
    dom = chromium(tmp_path, "--dump-dom", page)
    assert 'id="chart-realisasi"' in dom and dom.count("<rect") >= 4 + 2  # 4 bars, 2 legend keys
    assert "Semende Darat Tengah" in dom and "Semende Darat Laut" in dom and "trend-chart" in dom
    assert "http://" not in (comparison / "perbandingan.html").read_text(encoding="utf-8")  # offline: no CDN
    shot = tmp_path / "perbandingan.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", page)
    assert shot.is_file() and shot.stat().st_size > 10_000


def _synthetic_batch(folder):
    """20 kecamatan over two years, long names, one report without a name, one without budget
    lines, one kecamatan with two reports of one year and one with a report whose pagu is 0."""
    from extract.writers.dataset import write_dataset
    from models import BarisAnggaran, Belanja, Laporan, Report

    reports = []
    for k in range(20):
        name = f"Kecamatan Sungai Lilin Jaya Makmur Sentosa Bagian {k:02d}"
        for year in (2022, 2023):
            for variant in ((0, 1) if k == 3 and year == 2023 else (0,)):
                sha = f"{k:02d}{year}{variant}".ljust(64, "a")
                rid = f"x_k{k:02d}_{year}_{sha[:8]}"
                lap = Laporan(id_laporan=rid, berkas=f"k{k}-{year}-{variant}.pdf", sha256=sha, jumlah_halaman=3,
                              jenis_instansi="kecamatan", nama_instansi=None if k == 5 else name,
                              kecamatan=None if k == 5 else name.split(" ", 1)[1], tahun=year)
                pagu = 0 if k == 7 and year == 2023 else 1_000_000 * (k + 1)
                real = 900_000 * (k + 1) + 1000 * year + variant
                lines = [] if k == 9 else [
                    BarisAnggaran(id_laporan=rid, id_baris="b001", tingkat="program", nama="Program Satu", pagu=pagu,
                                  realisasi=real, sumber="tabel", halaman=2)]
                bel = [Belanja(id_laporan=rid, jenis="total", pagu=pagu, realisasi=real, halaman=2)] if k != 9 else []
                reports.append(Report(laporan=lap, anggaran=lines, belanja=bel))
    return write_dataset(reports, [], folder)


def test_compare_of_a_messy_batch_has_no_inf_nan_nor_same_year_pairs(tmp_path):
    data = _synthetic_batch(tmp_path / "d")
    res = run_lakip("compare", str(data), str(data), "--out", str(tmp_path / "c"))  # the same dataset twice
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    out = tmp_path / "c"
    for f in [*out.glob("*.csv"), *(out / "pivot").glob("*.csv"), out / "perbandingan.html"]:
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"\b(nan|NaN|inf|-inf|None)\b", text), f.name
    rows = _rows(out / "ringkasan.csv")
    assert len(rows) == 41  # the dataset given twice counts once
    zero = next(r for r in rows if r["id_laporan"].startswith("x_k07_2023"))
    assert zero["persen"] == "" and zero["sumber_persen"] == ""  # no pagu, no percent
    assert next(r for r in rows if r["id_laporan"].startswith("x_k01_2023"))["sumber_persen"] == "dihitung_total"
    lines = _rows(out / "anggaran_selaras.csv")
    assert all(r["tahun_sebelumnya"] != r["tahun"] for r in lines if r["tahun_sebelumnya"])
    twice = [r for r in lines if r["id_laporan"].startswith("x_k03_2023")]
    assert len(twice) == 2 and all(r["tahun_sebelumnya"] == "2022" for r in twice)
    variants = _rows(out / "varian.csv")
    assert sorted(r["id_laporan"][:10] for r in variants) == ["x_k03_2023", "x_k03_2023"]
    unnamed = next(r for r in rows if r["id_laporan"].startswith("x_k05"))
    assert unnamed["nama_instansi_baku"] == "(k5-2022-0)" or unnamed["nama_instansi_baku"].startswith("(k5-")


def test_a_chart_of_twenty_instansi_fits_the_screen(tmp_path):
    data = _synthetic_batch(tmp_path / "d")
    assert run_lakip("compare", str(data), "--out", str(tmp_path / "c")).returncode == 0
    html = (tmp_path / "c" / "perbandingan.html").read_text(encoding="utf-8")
    chart = html.split('id="chart-realisasi"', 1)[1].split("</svg>", 1)[0]
    width = int(re.search(r'width="(\d+)"', chart).group(1))
    assert width <= 1000
    labels = re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="12" text-anchor="end"><title>[^<]*</title>([^<]+)</text>',
                        chart)
    assert len(labels) == 20
    ys = sorted(float(y) for y, _ in labels)
    assert min(b - a for a, b in zip(ys, ys[1:])) >= 14  # names do not overlap
    assert all(len(t) <= 34 for _, t in labels)  # nor run into the bars (cut, the whole name as a tooltip)
    assert len({t for _, t in labels}) == 20  # cut names stay apart
    shot = tmp_path / "chart.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars",
             (tmp_path / "c" / "perbandingan.html").as_uri())
    from PIL import Image
    im = Image.open(shot).convert("RGB")
    # nothing drawn past the right edge of a laptop screen: the page's right margin stays blank
    right = [im.getpixel((x, y)) for x in range(1240, 1280) for y in range(0, 1600, 7)]
    assert all(p == (255, 255, 255) for p in right)
