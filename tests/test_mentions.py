"""One fact, many mentions: the same budget line in a plan table, the realisation table and a
paragraph is one row from its most authoritative mention; disagreements name both pages."""

from __future__ import annotations

from extract.layout.page_layout import Layout
from extract.readers.anggaran import Line
from extract.readers.common import Context
from extract.readers.mentions import merge_mentions


def _line(level, name, page, source, group, pagu=None, real=None, parent=None):
    ln = Line(level, name, page, None, source, pagu=pagu, realisasi=real, parent=parent)
    ln.group = group
    return ln


def _ctx():
    return Context(Layout({}, {}, [], [], []))


def test_the_realisation_table_wins_over_the_plan_table_and_the_prose():
    plan_p = _line("program", "Pelayanan Administrasi Perkantoran", 37, "tabel", "tabel-1", 3_087_038_000)
    plan_k = _line("kegiatan", "Penyelenggaraan Administrasi Perkantoran", 37, "tabel", "tabel-1", 1_464_200_000,
                   parent=plan_p)
    real_p = _line("program", "Pelayanan Administrasi Perkantoran", 70, "tabel", "tabel-2", 3_087_038_000, 2_870_944_572)
    real_k = _line("kegiatan", "Penyelenggaraan Administrasi Perkantoran", 70, "tabel", "tabel-2", 1_464_200_000,
                   1_398_883_955, parent=real_p)
    prose = _line("kegiatan", "Penyelenggaraan Administrasi Perkantoran yang dilaksanakan oleh Bagian Umum", 55,
                  "narasi", "narasi", 1_464_200_000, 1_398_883_000)
    ctx = _ctx()
    out = merge_mentions([plan_p, plan_k, real_p, real_k, prose], ctx)
    assert out == [real_p, real_k] and real_k.parent is real_p
    (f,) = ctx.findings  # the prose's realisasi differs from the table's: both pages named
    assert f.aturan == "anggaran.tabel_narasi_berbeda" and (f.halaman, f.halaman_lain) == (55, 70)


def test_a_table_of_shares_keeps_its_rows_apart_from_another_tables_lines():
    """Per-indicator allocations repeat a program's name with other figures: they are shares,
    not other mentions of the program's whole budget."""
    whole = _line("program", "Pengelolaan Keuangan", 10, "tabel", "tabel-1", 1_599_199_000)
    share1 = _line("program", "Pengelolaan Keuangan", 21, "tabel", "tabel-2", 799_462_000, 739_379_134)
    share2 = _line("program", "Pengelolaan Keuangan", 22, "tabel", "tabel-2", 799_657_000, 790_000_000)
    out = merge_mentions([whole, share1, share2], _ctx())
    assert out == [whole, share1, share2]


def test_two_tables_with_differing_figures_are_one_line_and_a_finding():
    summary = _line("kegiatan", "Penyelenggaraan Administrasi Perkantoran", 4, "tabel", "tabel-1", 938_765_000)
    table = _line("kegiatan", "Penyelenggaraan Administrasi Perkantoran", 66, "tabel", "tabel-2", 1_088_765_000,
                  907_458_180)
    ctx = _ctx()
    assert merge_mentions([summary, table], ctx) == [table]
    (f,) = ctx.findings
    assert f.aturan == "anggaran.sebutan_berbeda" and (f.nilai_dilaporkan, f.nilai_hitung) == ("938765000", "1088765000")
    assert (f.halaman, f.halaman_lain) == (4, 66)


def test_a_program_and_its_only_kegiatan_of_the_same_name_stay_two_lines():
    prog = _line("program", "Peningkatan Sarana dan Prasana Aparatur", 25, "narasi", "narasi")
    keg = _line("kegiatan", "Peningkatan Sarana dan Prasarana Aparatur", 25, "narasi", "narasi", 1_464_878_000,
                parent=prog)
    assert merge_mentions([prog, keg], _ctx()) == [prog, keg]
