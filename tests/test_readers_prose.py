"""Prose readers on sentences as real reports word them (spaCy Matcher based)."""

from __future__ import annotations

from extract.layout.page_layout import Layout
from extract.readers import anggaran
from extract.readers.mentions import merge_mentions
from extract.readers.belanja import read_belanja_prose, read_total_percent
from extract.readers.common import Context
from extract.readers.pegawai_prose import merge_with_tables, read_pegawai_prose
from extract.readers.prose import build_prose
from textdoc import paragraphs


def _read(text):
    paras = paragraphs(text)
    ctx = Context(Layout({}, {}, [], paras))
    return ctx, build_prose(paras)


def test_staff_counts_in_sentences_and_lists():
    ctx, prose = _read("""
Jumlah pegawai pada kantor kecamatan sebanyak 12 orang PNS dan 3 orang honorer.

Berdasarkan golongan:

- Golongan IV : 2 orang

- Golongan III = 36 (tiga puluh empat) orang

- Golongan II sebanyak 4 (empat) orang
""")
    got = {(r["dimensi"], r["kategori"]): r["jumlah"] for r in read_pegawai_prose(ctx, prose)}
    assert got == {("status_kepegawaian", "PNS"): 12, ("status_kepegawaian", "honorer"): 3,
                   ("golongan", "IV"): 2, ("golongan", "II"): 4}
    # digits and words disagree: not exported, one finding naming both
    f = [x for x in ctx.findings if x.aturan == "angka.kata_berbeda"]
    assert len(f) == 1 and f[0].nilai_dilaporkan == "36" and f[0].nilai_hitung == "34"


def test_counts_outside_a_staff_context_are_ignored():
    ctx, prose = _read("Musrenbang dihadiri 200 orang dari 12 desa.")
    assert read_pegawai_prose(ctx, prose) == []


def test_table_wins_over_prose_with_a_finding():
    ctx, _ = _read("x")
    table = [{"dimensi": "golongan", "kategori": "IV", "jumlah": 3, "halaman": 5, "bbox": None}]
    prose = [{"dimensi": "golongan", "kategori": "IV", "jumlah": 2, "halaman": 7, "bbox": None},
             {"dimensi": "status_kepegawaian", "kategori": "PNS", "jumlah": 9, "halaman": 7, "bbox": None}]
    out = merge_with_tables(ctx, table, prose)
    assert [(r["dimensi"], r["jumlah"]) for r in out] == [("golongan", 3), ("status_kepegawaian", 9)]
    assert [f.aturan for f in ctx.findings] == ["pegawai.nilai_berbeda"]


def test_budget_prose_with_numbered_items_and_headings():
    ctx, prose = _read("""
A. Program Peningkatan Pelayanan Publik :

1. Kegiatan Pelayanan Administrasi Terpadu dengan alokasi anggaran sebesar Rp. 150.000.000,- dan realisasi sebesar Rp. 148.500.000,- atau 99 %

2. Penyusunan Profil Kecamatan dengan alokasi anggaran sebesar Rp. 25.000.000,-

B. Program Tanpa Anggaran

C. Program Pembinaan Desa dengan pagu sebesar Rp 80.000.000,00 dengan realisasi Rp 79.000.000,00
""")
    lines = anggaran.read_prose(ctx, prose)
    got = [(ln.tingkat, ln.nama, ln.pagu, ln.realisasi, ln.persen, ln.parent.nama if ln.parent else None)
           for ln in lines]
    assert got == [
        ("program", "Peningkatan Pelayanan Publik", None, None, None, None),
        ("kegiatan", "Pelayanan Administrasi Terpadu", 150000000, 148500000, 99, "Peningkatan Pelayanan Publik"),
        ("kegiatan", "Penyusunan Profil Kecamatan", 25000000, None, None, "Peningkatan Pelayanan Publik"),
        ("program", "Pembinaan Desa", 80000000, 79000000, None, None),
    ]


def test_belanja_older_structure_and_rate():
    ctx, prose = _read("""
Anggaran Tahun 2015 yang bersumber dari APBD berjumlah Rp 1.250.000.000,-, terdiri dari Belanja Tidak Langsung Rp 750.000.000,- dan Belanja Langsung Rp 500.000.000,-.

Dengan demikian realisasi keuangan sebesar 92,50 %.
""")
    bel = read_belanja_prose(ctx, prose)
    assert {k: v.get("pagu") for k, v in bel.items()} == {
        "total": 1250000000, "belanja_tidak_langsung": 750000000, "belanja_langsung": 500000000}
    assert read_total_percent(prose)[0] == 92.5


def test_percent_is_not_money():
    ctx, prose = _read("1. Kegiatan Survei dengan alokasi anggaran sebesar Rp. 10.000.000,- realisasinya sebesar Rp. 97,53%")
    (line,) = anggaran.read_prose(ctx, prose)
    assert line.pagu == 10000000 and line.realisasi is None


def test_table_value_wins_over_prose_with_a_finding():
    ctx, _ = _read("x")
    t = anggaran.Line("kegiatan", "Penyediaan Jasa Surat", 3, None, "tabel", pagu=1000, realisasi=900)
    p = anggaran.Line("kegiatan", "Penyediaan Jasa Surat", 2, None, "narasi", pagu=1000, realisasi=950)
    t.group = "tabel-1"
    out = merge_mentions([p, t], ctx)
    assert out == [t] and t.realisasi == 900
    (f,) = ctx.findings
    assert f.aturan == "anggaran.tabel_narasi_berbeda" and (f.nilai_dilaporkan, f.nilai_hitung) == ("950", "900")
    assert (f.halaman, f.halaman_lain) == (2, 3)


def test_stated_staff_total_against_counts():
    from extract.checks import text as reconcile_text
    paras = paragraphs("Jumlah pegawai pada Kantor Kecamatan sebanyak 64 (enam puluh empat) orang.")
    (f,) = reconcile_text.stated_staff_total(paras, {"pendidikan": 62, "golongan": 62})
    assert f.aturan == "teks.jumlah_pegawai" and (f.nilai_dilaporkan, f.nilai_hitung) == ("64", "62")
    assert reconcile_text.stated_staff_total(paras, {"pendidikan": 64}) == []
