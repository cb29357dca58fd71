"""Shapes of tables and lists met in the real dev documents, each checked on the PDF it comes
from. The expected figures were read by hand from the pages named (page images and the text
layer), not copied from lakip's output."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


def rows_of(dataset: Path, table: str, pdf_name: str) -> list[dict]:
    with open(dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        ids = {r["id_laporan"] for r in csv.DictReader(f) if pdf_name in r["berkas"]}
    assert ids, f"{pdf_name} not read"
    with open(dataset / f"{table}.csv", newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["id_laporan"] in ids]


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


@pytest.fixture(scope="module")
def out(dev_dataset):
    return dev_dataset[0]


def test_digits_against_words_settled_by_the_stated_total(out):
    """bpbd p39: 'Jumlah Pegawai secara keseluruhan adalah 64 orang', then 'Golongan III = 36 (tiga
    puluh empat) orang' beside 10, 17 and 1: 10 + 36 + 17 + 1 = 64, so 36 is kept, and said why."""
    gol = {r["kategori"]: int(r["jumlah"]) for r in rows_of(out, "pegawai", "lkip-2016-jabar-bpbd.pdf")
           if r["dimensi"] == "golongan"}
    assert gol == {"IV": 10, "III": 36, "II": 17, "I": 1}
    said = [r for r in rows_of(out, "temuan", "lkip-2016-jabar-bpbd.pdf") if r["aturan"] == "angka.kata_berbeda"
            and r["nilai_dilaporkan"] == "36"]
    assert len(said) == 1 and "64" in said[0]["pesan"] and said[0]["halaman"] == "39"


def test_staff_lists_of_category_and_count(out):
    """bp3akb p12: 'Penata Tingkat I III/d 13 Orang', 'Juru I/c 1 Orang', 'Sarjana (S1) 31 orang';
    the CPNS list below ('Penata Muda III/a 4 Orang') does not replace the PNS count (8)."""
    got = {(r["dimensi"], r["kategori"]): int(r["jumlah"])
           for r in rows_of(out, "pegawai", "lkip-2016-jabar-bp3akb.pdf")}
    assert got[("golongan", "III/d")] == 13 and got[("golongan", "I/c")] == 1
    assert got[("golongan", "III/a")] == 8 and got[("pendidikan", "S1")] == 31


def test_staff_grid_of_label_and_count_pairs(out):
    """bappeda p16, Tabel 1.1: 'IV/e : | 0 | III/d : | 6 | II/d : | 6 | I/d : | 0' row after row."""
    gol = {r["kategori"]: int(r["jumlah"]) for r in rows_of(out, "pegawai", "lkip-2016-jabar-bappeda.pdf")
           if r["dimensi"] == "golongan"}
    assert (gol["IV/d"], gol["III/b"], gol["II/c"], gol["I/c"], gol["IV/a"]) == (3, 43, 25, 4, 26)


def test_indicators_stacked_in_one_row_with_footnote_marks(out):
    """distan p21 (Tabel 4): eleven production indicators as bullets in one ruled row, their
    realisasi '12.540.550 *)' and '%' columns line by line; no target column in that table."""
    ind = {r["indikator"]: r for r in rows_of(out, "indikator", "lkip-2016-jabar-distan.pdf")}
    padi = ind["Jumlah produksi padi"]
    assert (_num(padi["realisasi"]), _num(padi["capaian"])) == (12_540_550, 101.81)
    hias = ind["Tanaman Hias"]
    assert (_num(hias["realisasi"]), _num(hias["capaian"])) == (145_905_100, 52.08)


def test_indicator_values_printed_with_their_units(out):
    """bp3akb p55: 'Indeks Pemberdayaan Gender (IDG)' target '73 poin', realisasi '69.02poin',
    capaian 99.36; a name wrapped over two loose lines stays one indicator (p56)."""
    ind = rows_of(out, "indikator", "lkip-2016-jabar-bp3akb.pdf")
    idg = [r for r in ind if r["indikator"].startswith("Indeks Pemberdayaan Gender")]
    assert idg and (_num(idg[0]["target"]), _num(idg[0]["realisasi"]), _num(idg[0]["capaian"])) == (73, 69.02, 99.36)
    pokja = [r for r in ind if "POKJA PUG" in r["indikator"]]
    assert len(pokja) == 1 and pokja[0]["indikator"].startswith("Prosentase kabupaten/kota")


def test_program_list_without_rules_and_two_lines_in_one_row(out):
    """bappeda p23: 'PROGRAM    ANGGARAN (Rp.)' over six numbered programs, names wrapped; p45:
    one ruled row holds two programs' pagu and realisasi (the second name continues on p46)."""
    ang = rows_of(out, "anggaran", "lkip-2016-jabar-bappeda.pdf")
    kom = [r for r in ang if r["nama"].startswith("Pengembangan Komunikasi, Informasi, Media Masa")]
    assert [(int(r["pagu"]), r["halaman"]) for r in kom] == [(4_271_200_000, "23")]
    kerja = [r for r in ang if r["nama"] == "Kerjasama Pembangunan"]
    assert [(int(r["pagu"]), int(r["realisasi"])) for r in kerja] == [(1_050_000_000, 1_048_357_079)]
