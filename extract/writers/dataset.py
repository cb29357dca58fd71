"""Export: the dataset contract (../shared/DATASET.md) written from validated models.

One table spec below drives both the CSV headers and `datapackage.json`, so the two
cannot drift apart. The dataset is built in a temporary folder next to DIR and
moved into place at the end: a failed run never leaves a half-written dataset.
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from frictionless import Package, Resource, Schema

from models import Gagal, Report

from .outdir import new_build_dir, swap_into_place

# name -> [(column, frictionless type, description)]
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "laporan": [
        ("id_laporan", "string", "stable readable id: <kabupaten>_<kecamatan or instansi>_<tahun>_<sha8>"),
        ("berkas", "string", "input file name"),
        ("sha256", "string", "sha256 of the input file"),
        ("jumlah_halaman", "integer", "number of pages"),
        ("halaman_ocr", "integer", "pages read by OCR"),
        ("jenis_instansi", "string", "kecamatan, kelurahan, dinas, badan, sekretariat, inspektorat, lainnya"),
        ("nama_instansi", "string", "as printed"),
        ("kecamatan", "string", "kecamatan name"),
        ("kabupaten_kota", "string", "without the word Kabupaten/Kota"),
        ("provinsi", "string", "provinsi"),
        ("tahun", "integer", "the year reported on"),
        ("tempat_laporan", "string", "place in the signature line"),
        ("tanggal_laporan", "string", "ISO 8601 date (YYYY-MM when the day is not printed)"),
        ("penandatangan", "string", "signer's name without titles"),
        ("nip_penandatangan", "string", "signer's NIP, 18 digits"),
        ("jabatan_penandatangan", "string", "signer's position as printed"),
        ("kode_wilayah", "string", "Kemendagri region code, when reference data is available"),
        ("cakupan_angka", "number", "percent of the money figures printed (>= 1.000, thousands grouped) found in an "
                                    "exported row"),
        ("tabel_tidak_dibaca", "integer", "tables with figures no reader took; each is a tabel.tidak_dibaca finding"),
    ],
    "anggaran": [
        ("id_laporan", "string", "report id"),
        ("id_baris", "string", "line id, unique within the report"),
        ("id_induk", "string", "parent line's id_baris; empty for programs"),
        ("tingkat", "string", "program, kegiatan, sub_kegiatan"),
        ("kode", "string", "nomenclature code when printed"),
        ("nama", "string", "as printed, without the leading level word"),
        ("pagu", "number", "alokasi / anggaran, rupiah"),
        ("realisasi", "number", "rupiah"),
        ("persen", "number", "realisation % as printed"),
        ("persen_fisik", "number", "physical progress % when printed"),
        ("sumber", "string", "tabel or narasi"),
        ("halaman", "integer", "1-based PDF page"),
        ("kode_nomenklatur", "string", "national nomenclature code, printed or resolved; empty when unsure"),
        ("dihitung", "string", "fields computed rather than printed, e.g. 'realisasi' summed from quarterly columns"),
    ],
    "belanja": [
        ("id_laporan", "string", "report id"),
        ("jenis", "string", "total, belanja_operasi, belanja_modal, ... belanja_langsung, belanja_tidak_langsung, pendapatan"),
        ("pagu", "number", "rupiah"),
        ("realisasi", "number", "rupiah"),
        ("persen", "number", "as printed"),
        ("halaman", "integer", "1-based PDF page"),
    ],
    "indikator": [
        ("id_laporan", "string", "report id"),
        ("id_indikator", "string", "indicator id, unique within the report"),
        ("sasaran", "string", "strategic goal the row belongs to, when stated"),
        ("indikator", "string", "as printed"),
        ("satuan", "string", "unit as printed"),
        ("target", "number", "numeric target; empty when qualitative"),
        ("realisasi", "number", "numeric realisation; empty when qualitative"),
        ("target_teks", "string", "target as printed"),
        ("realisasi_teks", "string", "realisasi as printed"),
        ("capaian", "number", "achievement % as printed"),
        ("capaian_hitung", "number", "achievement % computed from target and realisasi"),
        ("kategori", "string", "sangat_baik, baik, cukup, kurang, sangat_kurang (from capaian)"),
        ("tahun_lalu", "number", "previous-year realisasi when shown"),
        ("tabel", "string", "the table's caption"),
        ("halaman", "integer", "1-based PDF page"),
    ],
    "pegawai": [
        ("id_laporan", "string", "report id"),
        ("dimensi", "string", "pendidikan, golongan, status_kepegawaian, jenis_kelamin, jabatan"),
        ("kategori", "string", "normalized category (S1, III/a, PNS, ...)"),
        ("jumlah", "integer", "number of staff"),
        ("halaman", "integer", "1-based PDF page"),
    ],
    "wilayah": [
        ("id_laporan", "string", "report id"),
        ("desa_kelurahan", "string", "desa / kelurahan name as printed"),
        ("luas_km2", "number", "area in km2"),
        ("jumlah_penduduk", "integer", "population when printed"),
        ("halaman", "integer", "1-based PDF page"),
    ],
    "temuan": [
        ("id_laporan", "string", "report id"),
        ("aturan", "string", "stable rule id"),
        ("keparahan", "string", "error, warning, info"),
        ("subjek", "string", "what the finding is about"),
        ("nilai_dilaporkan", "string", "value as reported"),
        ("nilai_hitung", "string", "value computed"),
        ("selisih", "string", "difference"),
        ("pesan", "string", "one plain sentence, in Indonesian"),
        ("halaman", "integer", "1-based PDF page"),
        ("halaman_lain", "integer", "the other page, when the finding sets two places of the report against each other"),
        ("status", "string", "baru; or a reviewer's verdict: benar, bukan_masalah"),
    ],
    "gagal": [
        ("berkas", "string", "input file"),
        ("sha256", "string", "sha256 of the input when it could be read"),
        ("tahap", "string", "baca, ocr, ekstraksi, validasi, tulis"),
        ("alasan", "string", "one plain sentence"),
    ],
}


def cell(v) -> str:
    """Plain numbers ('.' decimal point, no separators), empty for unknown."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(cell(x) for x in v)
    if isinstance(v, float):
        d = Decimal(repr(v))
        return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    return str(v)


def rows_of(report: Report) -> dict[str, list[dict]]:
    return {
        "laporan": [report.laporan.model_dump()],
        "anggaran": [r.model_dump() for r in report.anggaran],
        "belanja": [r.model_dump() for r in report.belanja],
        "indikator": [r.model_dump() for r in report.indikator],
        "pegawai": [r.model_dump() for r in report.pegawai],
        "wilayah": [r.model_dump() for r in report.wilayah],
        "temuan": [r.model_dump() for r in report.temuan],
    }


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in columns])


def datapackage() -> dict:
    resources = []
    for name, cols in TABLES.items():
        schema = Schema.from_descriptor({"fields": [{"name": c, "type": t, "description": d} for c, t, d in cols]})
        resources.append(Resource(name=name, path=f"{name}.csv", format="csv", encoding="utf-8",
                                  mediatype="text/csv", schema=schema))
    pkg = Package(name="lakip-dataset", title="LAKIP dataset", resources=resources,
                  description="Figures read from LAKIP / LKjIP reports by lakip; contract v1 (DATASET.md)")
    return pkg.to_descriptor()


def write_dataset(reports: list[Report], failures: list[Gagal], out: Path) -> Path:
    """Write the whole dataset to `out` atomically (build beside it, then swap)."""
    out = Path(out)
    tmp = new_build_dir(out)
    try:
        (tmp / "json").mkdir()
        reports = sorted(reports, key=lambda r: r.laporan.id_laporan)
        tables: dict[str, list[dict]] = {k: [] for k in TABLES}
        for rep in reports:
            for k, rows in rows_of(rep).items():
                tables[k].extend(rows)
            with open(tmp / "json" / f"{rep.laporan.id_laporan}.json", "w", encoding="utf-8") as f:
                json.dump(rep.model_dump(mode="json"), f, ensure_ascii=False, indent=1)
                f.write("\n")
        tables["gagal"] = [g.model_dump() for g in sorted(failures, key=lambda g: g.berkas)]
        for name, cols in TABLES.items():
            _write_csv(tmp / f"{name}.csv", [c for c, _, _ in cols], tables[name])
        write_xlsx(tmp / "lakip.xlsx", tables)
        with open(tmp / "datapackage.json", "w", encoding="utf-8") as f:
            json.dump(datapackage(), f, ensure_ascii=False, indent=1)
            f.write("\n")
        write_analytics(tmp)
        swap_into_place(tmp, out, "dataset")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


_XLSX_FIXED_TIME = datetime(2000, 1, 1)  # the workbook's own timestamps: a rerun writes the same bytes


def write_xlsx(path: Path, tables: dict[str, list[dict]]) -> None:
    """The same tables as sheets for spreadsheet users: numbers stored as numbers (money with
    thousand separators, which an Indonesian Excel shows as 1.234.567.890), a frozen header row."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"created": _XLSX_FIXED_TIME, "title": "lakip dataset"})
    head = wb.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    formats = {"money": wb.add_format({"num_format": "#,##0"}), "decimal": wb.add_format({"num_format": "#,##0.##"}),
               "integer": wb.add_format({"num_format": "0"})}
    for name, cols in TABLES.items():
        ws = wb.add_worksheet(name)
        ws.freeze_panes(1, 0)
        for j, (col, kind, _) in enumerate(cols):
            ws.write_string(0, j, col, head)
            ws.set_column(j, j, 14 if kind != "string" else 22)
        for i, row in enumerate(tables[name], 1):
            for j, (col, kind, _) in enumerate(cols):
                v = row.get(col)
                if v is None or v == "" or v == []:
                    continue
                if kind == "integer":
                    ws.write_number(i, j, int(v), formats["integer"])
                elif kind == "number":
                    ws.write_number(i, j, float(v), formats["money" if float(v) == int(float(v)) and abs(float(v)) >= 1000
                                                              else "decimal"])
                else:
                    ws.write_string(i, j, cell(v))
    wb.close()


_SQL_TYPES = {"string": "VARCHAR", "number": "DOUBLE", "integer": "BIGINT"}
KEYS = {"laporan": ["id_laporan"], "anggaran": ["id_laporan", "id_baris"], "belanja": ["id_laporan", "jenis"],
        "indikator": ["id_laporan", "id_indikator"]}
VIEWS = {
    "ringkasan_laporan": """
        SELECT l.id_laporan, l.nama_instansi, l.kecamatan, l.kabupaten_kota, l.tahun,
               b.pagu AS pagu_total, b.realisasi AS realisasi_total,
               round(100 * b.realisasi / nullif(b.pagu, 0), 2) AS persen_hitung,
               (SELECT count(*) FROM temuan t WHERE t.id_laporan = l.id_laporan) AS jumlah_temuan,
               (SELECT count(*) FROM temuan t WHERE t.id_laporan = l.id_laporan AND t.keparahan = 'error') AS jumlah_error
        FROM laporan l LEFT JOIN belanja b ON b.id_laporan = l.id_laporan AND b.jenis = 'total'""",
    "per_kecamatan_tahun": """
        SELECT kabupaten_kota, kecamatan, tahun, count(*) AS laporan, sum(pagu_total) AS pagu_total,
               sum(realisasi_total) AS realisasi_total,
               round(100 * sum(realisasi_total) / nullif(sum(pagu_total), 0), 2) AS persen_hitung
        FROM ringkasan_laporan WHERE kecamatan IS NOT NULL GROUP BY ALL ORDER BY ALL""",
}


def write_analytics(folder: Path) -> None:
    """The same tables as Parquet files and in an embedded DuckDB database (`lakip.duckdb`) with
    keys and views for analysts: DuckDB reads our CSVs with the contract's types."""
    import duckdb

    (folder / "parquet").mkdir()
    con = duckdb.connect(str(folder / "lakip.duckdb"))
    try:
        for name, cols in TABLES.items():
            ddl = ", ".join(f"{c} {_SQL_TYPES[t]}" for c, t, _ in cols)
            if name in KEYS:
                ddl += f", PRIMARY KEY ({', '.join(KEYS[name])})"
            con.execute(f"CREATE TABLE {name} ({ddl})")
            types = {c: _SQL_TYPES[t] for c, t, _ in cols}
            con.execute(f"INSERT INTO {name} SELECT * FROM read_csv(?, header = true, columns = ?, auto_detect = false)",
                        [str(folder / f"{name}.csv"), types])
            con.execute(f"COPY {name} TO '{folder / 'parquet' / (name + '.parquet')}' (FORMAT PARQUET)")
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
    finally:
        con.close()
