"""Tables without rules: columns from a header line of field vocabulary."""

from __future__ import annotations

from extract.layout.page_layout import Layout, paragraphs
from extract.readers import anggaran
from extract.readers.common import Context
from extract.readers.tables import read_indikator
from extract.layout.unruled import find_unruled_tables
from textdoc import page_lines


def _layout(lines):
    return Layout({}, {1: lines}, [], paragraphs(lines))


def test_indicator_table_without_rules():
    lines = page_lines([
        [(72, "Tabel 3.1 Capaian Sasaran Meningkatnya Pelayanan Publik")],
        [(72, "Indikator Kinerja"), (300, "Target"), (360, "Realisasi"), (430, "Capaian")],
        [(72, "Persentase desa yang tertib"), (300, "80%"), (360, "97%"), (430, "121,25%")],
        [(72, "administrasi")],
        [(72, "Nilai SAKIP Kecamatan"), (300, "62"), (360, "65,5"), (430, "105,65")],
        [],
        [(72, "Dari tabel di atas dapat dilihat bahwa semua indikator kinerja telah tercapai dengan baik sekali")],
    ])
    lines = [ln for ln in lines if ln.words]
    layout = _layout(lines)
    find_unruled_tables(layout)
    assert len(layout.tables) == 1
    ctx = Context(layout)
    rows = read_indikator(ctx)
    assert [(r["indikator"], r["target"], r["realisasi"], r["capaian"]) for r in rows] == [
        ("Persentase desa yang tertib administrasi", 80, 97, 121.25),
        ("Nilai SAKIP Kecamatan", 62, 65.5, 105.65)]
    assert rows[0]["sasaran"] == "Meningkatnya Pelayanan Publik"
    # the sentence after the table stays prose
    assert any("dapat dilihat" in p.text for p in layout.paragraphs)


def test_budget_table_without_rules_with_centred_figures():
    lines = page_lines([
        [(72, "No"), (100, "Program/Kegiatan"), (330, "Pagu (Rp)"), (420, "Realisasi (Rp)"), (510, "%")],
        [(72, "1"), (100, "Program Pelayanan Administrasi")],
        [(100, "Perkantoran"), (330, "100.000.000"), (420, "90.000.000"), (510, "90,00")],
        [(72, "1.1"), (100, "Penyediaan Jasa Surat"), (330, "100.000.000"), (420, "90.000.000"), (510, "90,00")],
    ])
    layout = _layout(lines)
    find_unruled_tables(layout)
    out = anggaran.read_tables(Context(layout))
    assert [(ln.tingkat, ln.nama, ln.pagu, ln.realisasi, ln.persen) for ln in out.lines] == [
        ("program", "Pelayanan Administrasi Perkantoran", 100000000, 90000000, 90),
        ("kegiatan", "Penyediaan Jasa Surat", 100000000, 90000000, 90)]


def test_a_sentence_naming_columns_is_not_a_table():
    lines = page_lines([[(72, "Indikator target realisasi dan capaian dibandingkan setiap tahun oleh tim")],
                        [(72, "sehingga diperoleh gambaran capaian kinerja 2023 yang utuh")]])
    layout = _layout(lines)
    find_unruled_tables(layout)
    assert layout.tables == []
