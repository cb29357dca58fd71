"""lakip compare on the corpus: the seed's table report (2023) and the SYNTHETIC variants
(Semendo Darat Tengah 2022, Semende Darat Laut 2022 and 2023): 2 kecamatan x 2 years."""

from __future__ import annotations

import csv
import json

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
    assert wide[1]["2023"] == "91.2" and set(wide[0]) == {"nama_instansi_baku", "2022", "2023"}
    for name in ("anggaran_realisasi", "anggaran_pagu", "indikator_capaian", "pegawai"):
        assert len(_rows(comparison / "pivot" / f"{name}.csv")) > 5


def test_names_are_normalized():
    from extract.compare import _cluster, norm_name
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
