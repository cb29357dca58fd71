"""The dataset contract: every table written (header only when empty), JSON per report,
a datapackage.json that frictionless validates, byte-identical reruns."""

from __future__ import annotations

import csv
import filecmp
import json
import re

from frictionless import Package

from conftest import CORPUS_PDFS, REFERENCE, run_lakip
from extract.writers.dataset import TABLES

CONTRACT_FILES = ["laporan.csv", "anggaran.csv", "belanja.csv", "indikator.csv", "pegawai.csv", "wilayah.csv",
                  "temuan.csv", "gagal.csv", "datapackage.json"]


def test_all_files_and_headers(corpus_dataset):
    for name in CONTRACT_FILES:
        assert (corpus_dataset / name).is_file(), name
    for name, cols in TABLES.items():
        with open(corpus_dataset / f"{name}.csv", newline="", encoding="utf-8") as f:
            assert next(csv.reader(f)) == [c for c, _, _ in cols]


def test_contract_columns_match_dataset_md():
    """Our columns are exactly those of ../shared/DATASET.md, in its order (only additions allowed)."""
    from conftest import SHARED, need_shared
    need_shared()
    text = (SHARED / "DATASET.md").read_text(encoding="utf-8")
    for name, cols in TABLES.items():
        section = text.split(f"### {name}.csv", 1)[1].split("###", 1)[0]
        documented = [c for c in re.findall(r"`([a-z0-9_]+)`", section.split("\n\n")[1] if name == "laporan" else section)
                      if c in {x for x, _, _ in cols}]
        ours = [c for c, _, _ in cols]
        assert ours[:len(set(documented))] == list(dict.fromkeys(documented)), name


def test_empty_tables_are_header_only(corpus_dataset):
    with open(corpus_dataset / "gagal.csv", encoding="utf-8") as f:
        assert f.read() == "berkas,sha256,tahap,alasan\n"


def test_datapackage_validates_with_frictionless(corpus_dataset):
    pkg = Package(str(corpus_dataset / "datapackage.json"))
    report = pkg.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {r.name for r in pkg.resources} == set(TABLES)
    assert all(f.description for r in pkg.resources for f in r.schema.fields)


def test_json_per_report_is_the_whole_model(corpus_dataset):
    with open(corpus_dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        ids = [r["id_laporan"] for r in csv.DictReader(f)]
    assert len(ids) == len(CORPUS_PDFS)
    for rid in ids:
        doc = json.loads((corpus_dataset / "json" / f"{rid}.json").read_text(encoding="utf-8"))
        assert doc["laporan"]["id_laporan"] == rid
        assert len(doc["anggaran"]) == 46
        line = doc["anggaran"][0]
        assert line["halaman"] >= 1 and len(line["bbox"]) == 4  # provenance of every value
        assert doc["laporan"]["sumber"]["nip_penandatangan"]["halaman"] == 4


def test_numbers_are_plain(corpus_dataset):
    with open(corpus_dataset / "anggaran.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for k in ("pagu", "realisasi", "persen"):
                assert r[k] == "" or re.fullmatch(r"\d+(\.\d+)?", r[k]), (k, r[k])


def test_rerun_is_byte_identical(corpus_dataset, tmp_path):
    again = tmp_path / "again"
    res = run_lakip("extract", *map(str, CORPUS_PDFS), "--out", str(again), "--reference", str(REFERENCE))
    assert res.returncode == 0, res.stderr
    cmp = filecmp.dircmp(corpus_dataset, again, ignore=["lakip.duckdb"])  # its header bytes vary; see below
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only
    assert not filecmp.dircmp(corpus_dataset / "json", again / "json").diff_files


def test_parquet_and_duckdb_hold_the_same_tables(corpus_dataset):
    import duckdb

    from extract.writers.dataset import TABLES
    con = duckdb.connect(str(corpus_dataset / "lakip.duckdb"), read_only=True)
    for name in TABLES:
        with open(corpus_dataset / f"{name}.csv", newline="", encoding="utf-8") as f:
            n_csv = sum(1 for _ in csv.DictReader(f))
        assert con.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0] == n_csv
        assert con.sql(f"SELECT count(*) FROM '{corpus_dataset / 'parquet' / (name + '.parquet')}'").fetchall()[0][0] == n_csv
    rows = con.sql("SELECT pagu_total, realisasi_total, persen_hitung FROM ringkasan_laporan").fetchall()
    totals = set()
    for pdf in CORPUS_PDFS:  # each report's belanja total, from its truth file
        t = next(b for b in json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))["belanja"]
                 if b["jenis"] == "total")
        totals.add((float(t["pagu"]), float(t["realisasi"]), round(t["realisasi"] / t["pagu"] * 100, 2)))
    assert set(rows) == totals and (3489328596.0, 3182258349.0, 91.2) in totals
    kec = con.sql("SELECT kecamatan, tahun, laporan FROM per_kecamatan_tahun ORDER BY ALL").fetchall()
    assert kec == [("Semende Darat Laut", 2022, 1), ("Semende Darat Laut", 2023, 1), ("Semende Darat Tengah", 2023, 3),
                   ("Semendo Darat Tengah", 2022, 1)]
    # keys are declared: a duplicate budget line id is refused
    assert con.sql("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchall()[0][0] == 4


def test_document_text_never_decides_where_files_go(tmp_path):
    from extract.writers.dataset import write_dataset
    from extract.pipeline import report_id
    from models import Laporan, Report
    rid = report_id({"kabupaten_kota": "../../x", "kecamatan": "..\\\\..\\\\etc/passwd", "tahun": 2023}, "ab" * 32,
                    "../../evil.pdf")
    assert re.fullmatch(r"[a-z0-9_-]+", rid)
    rep = Report(laporan=Laporan(id_laporan=rid, berkas="../../evil.pdf", sha256="ab" * 32, jumlah_halaman=1))
    out = write_dataset([rep], [], tmp_path / "deep" / "out")
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(str(p).startswith("deep/out/") for p in written)
    assert (out / "json" / f"{rid}.json").is_file()


def test_xlsx_holds_every_table_as_numbers_with_a_frozen_header(corpus_dataset, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(corpus_dataset / "lakip.xlsx")
    assert wb.sheetnames == list(TABLES)
    for name, cols in TABLES.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c for c, _, _ in cols]
        assert ws.freeze_panes == "A2"
        with open(corpus_dataset / f"{name}.csv", newline="", encoding="utf-8") as f:
            assert ws.max_row - 1 == sum(1 for _ in csv.DictReader(f))
    ws = wb["belanja"]
    head = [c.value for c in ws[1]]
    totals = [r for r in ws.iter_rows(min_row=2) if r[head.index("jenis")].value == "total"]
    pagu_cell = next(r for r in totals if r[head.index("pagu")].value == 3489328596)[head.index("pagu")]
    assert isinstance(pagu_cell.value, (int, float))  # the seed's belanja total, a number
    assert pagu_cell.number_format == "#,##0"  # shown with thousand separators (dots in an Indonesian Excel)
    # identical on rerun (test_rerun_is_byte_identical compares every file, lakip.xlsx included)


def test_findings_speak_indonesian(corpus_dataset):
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    english = re.compile(r"\b(but|printed|the|is|are|was|left empty|add up)\b")
    for r in rows:
        assert not english.search(r["pesan"]), r["pesan"]
    err = next(r for r in rows if r["aturan"] == "anggaran.jumlah_anak")
    assert "tercetak 91.593.235" in err["pesan"] and "berjumlah 92.043.235" in err["pesan"]
    assert err["nilai_dilaporkan"] == "91593235"  # the value columns stay plain numbers


def test_every_row_names_its_report(corpus_dataset):
    with open(corpus_dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        ids = {r["id_laporan"] for r in csv.DictReader(f)}
    for name in ("anggaran", "belanja", "indikator", "pegawai", "wilayah", "temuan"):
        with open(corpus_dataset / f"{name}.csv", newline="", encoding="utf-8") as f:
            assert {r["id_laporan"] for r in csv.DictReader(f)} <= ids, name
