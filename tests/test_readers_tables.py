"""Table readers on tables built in memory: column roles by header vocabulary, quarter forms,
units, levels without level words, amounts in thousands."""

from __future__ import annotations

from extract.layout.page_layout import Cell, Layout, Table
from extract.layout.roles import understand
from extract.readers import anggaran
from extract.readers.common import Context
from extract.readers.tables import read_indikator, read_pegawai


def table(rows: list[list[str]], page: int = 1, caption: str = "") -> Table:
    cells = [[Cell(t, (10.0 * i, 20.0 * r, 10.0 * i + 9, 20.0 * r + 19), page, [t] if t else [],
                   spans=[(20.0 * r, 20.0 * r + 10, 10.0 * i)] if t else []) for i, t in enumerate(row)]
             for r, row in enumerate(rows)]
    return Table(cells, [page], (0, 0, 10.0 * len(rows[0]), 20.0 * len(rows)), caption=caption,
                 col_x=[10.0 * i for i in range(len(rows[0]))])


def ctx_with(*tables, year=2023) -> Context:
    ctx = Context(Layout({}, {}, list(tables), []))
    ctx.year = year
    return ctx


def test_mixed_performance_and_money_columns():
    t = table([
        ["NO", "INDIKATOR", "KINERJA", "KINERJA", "NAMA PROGRAM", "KEUANGAN", "KEUANGAN", "KEUANGAN"],
        ["", "", "TARGET (%)", "REALISASI (%)", "", "ALOKASI (Rp)", "REALISASI (Rp)", "CAPAIAN (%)"],
        ["1", "Persentase layanan", "100%", "95%", "Pelayanan Administrasi", "1.000.000", "950.000", "95%"],
    ])
    v = understand(t, 2023)
    assert set(v.kinds) == {"indikator", "anggaran"}
    assert v.roles["target"] == [2] and v.roles["realisasi"] == [3]
    assert v.roles["pagu"] == [5] and v.roles["realisasi_rp"] == [6] and v.roles["persen"] == [7]
    ctx = ctx_with(t)
    (ind,) = read_indikator(ctx)
    assert (ind["target"], ind["realisasi"]) == (100, 95)
    lines = anggaran.read_tables(ctx).lines
    assert [(ln.tingkat, ln.nama, ln.pagu, ln.realisasi, ln.persen) for ln in lines] == [
        ("program", "Pelayanan Administrasi", 1000000, 950000, 95)]


def test_column_headed_with_another_year_is_not_this_years():
    t = table([["Indikator", "Target 2018", "Realisasi 2016", "Capaian 2016"],
               ["Indeks kepuasan", "90", "85", "94,4"]])
    v = understand(t, 2016)
    assert "target" not in v.roles and v.kinds == ["lainnya"]
    v = understand(table([["Indikator", "Target", "Realisasi 2015", "Realisasi 2016"], ["x", "1", "2", "3"]]), 2016)
    assert v.roles["tahun_lalu"] == [2] and v.roles["realisasi"] == [3]


def test_quarter_form_with_units_and_levels_by_sums():
    t = table([
        ["Program/Kegiatan", "Indikator", "Triwulan I Rp", "Triwulan II Rp", "Triwulan III Rp"],
        ["", "", "Realisasi Triwulan I", "Realisasi Triwulan II", "Realisasi Triwulan III"],
        ["KECAMATAN SUKA MAJU", "", "300", "200", ""],
        ["PROGRAM PELAYANAN", "x", "300", "200", ""],
        ["Penyediaan Jasa", "x", "300", "150", ""],
        ["Jasa Surat", "x", "100", "-", ""],
        ["Jasa Listrik", "x", "200", "150", ""],
        ["Pemeliharaan Gedung", "x", "0", "50", ""],
        ["Rehab Gedung", "x", "-", "50", ""],
        ["KECAMATAN SUKA MUNDUR", "", "10", "", ""],
        ["PROGRAM PELAYANAN", "x", "10", "", ""],
    ])
    out = anggaran.read_tables(ctx_with(t))
    assert [(u.unit, u.realisasi) for u in out.units] == [("KECAMATAN SUKA MAJU", 500), ("KECAMATAN SUKA MUNDUR", 10)]
    got = [(ln.unit[-6:], ln.tingkat, ln.nama, ln.realisasi, ln.parent.nama if ln.parent else None, ln.dihitung)
           for ln in out.lines]
    assert got == [
        ("A MAJU", "program", "PELAYANAN", 500, None, ["realisasi"]),
        ("A MAJU", "kegiatan", "Penyediaan Jasa", 450, "PELAYANAN", ["realisasi"]),
        ("A MAJU", "sub_kegiatan", "Jasa Surat", 100, "Penyediaan Jasa", ["realisasi"]),
        ("A MAJU", "sub_kegiatan", "Jasa Listrik", 350, "Penyediaan Jasa", ["realisasi"]),
        ("A MAJU", "kegiatan", "Pemeliharaan Gedung", 50, "PELAYANAN", ["realisasi"]),
        ("A MAJU", "sub_kegiatan", "Rehab Gedung", 50, "Pemeliharaan Gedung", ["realisasi"]),
        ("MUNDUR", "program", "PELAYANAN", 10, None, ["realisasi"]),
    ]


def test_amounts_in_thousands_are_scaled():
    t = table([["No", "Program", "Pagu (Rp 000)", "Realisasi (Rp 000)"],
               ["1", "Program Pelayanan", "1.250", "1.000,5"]])
    (ln,) = anggaran.read_tables(ctx_with(t)).lines
    assert (ln.pagu, ln.realisasi) == (1250000, 1000500)


def test_staff_table_with_men_and_women_columns():
    t = table([["No", "Pendidikan", "Jumlah Pegawai", "Jumlah Pegawai"],
               ["", "", "L", "P"],
               ["1", "S1", "4", "3"],
               ["2", "SLTA", "-", "2"],
               ["", "Jumlah", "4", "5"]])
    rows, totals = read_pegawai(ctx_with(t))
    assert {(r["dimensi"], r["kategori"]): r["jumlah"] for r in rows} == {
        ("pendidikan", "S1"): 7, ("pendidikan", "SLTA"): 2, ("jenis_kelamin", "L"): 4, ("jenis_kelamin", "P"): 5}
    assert [t.value for t in totals] == [9]


def test_target_only_tables_count_only_without_measurement():
    pk = table([["No", "Sasaran", "Indikator Kinerja", "Target"], ["1", "Meningkatnya layanan", "IKM", "80"]])
    measured = table([["Indikator", "Target", "Realisasi", "Capaian"], ["IKM", "80", "84", "105"]])
    (only_pk,) = read_indikator(ctx_with(pk))
    assert (only_pk["indikator"], only_pk["target"], only_pk["realisasi"]) == ("IKM", 80, None)
    rows = read_indikator(ctx_with(pk, measured))
    assert [(r["target"], r["realisasi"], r["capaian"]) for r in rows] == [(80, 84, 105)]


def test_dpa_quarter_plan_takes_its_jumlah():
    t = table([["Uraian", "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", "Jumlah (Rp)"],
               ["Program Pelayanan Administrasi", "10", "20", "30", "40", "100"]])
    (ln,) = anggaran.read_tables(ctx_with(t)).lines
    assert (ln.tingkat, ln.pagu, ln.realisasi, ln.dihitung) == ("program", 100, None, [])


def test_program_and_kegiatan_columns_side_by_side():
    t = table([["No", "Program", "Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)"],
               ["1", "Program Pelayanan Administrasi", "Penyediaan Jasa Surat", "1.000.000", "900.000"],
               ["", "", "Penyediaan Alat Tulis", "2.000.000", "2.000.000"],
               ["2", "Program Pembinaan Desa", "Fasilitasi Musrenbang", "500.000", "450.000"],
               ["", "Jumlah", "", "3.500.000", "3.350.000"]])
    out = anggaran.read_tables(ctx_with(t))
    got = [(ln.tingkat, ln.nama, ln.pagu, ln.realisasi, ln.parent.nama if ln.parent else None, ln.dihitung)
           for ln in out.lines]
    assert got == [
        ("program", "Pelayanan Administrasi", 3000000, 2900000, None, ["pagu", "realisasi"]),
        ("kegiatan", "Penyediaan Jasa Surat", 1000000, 900000, "Pelayanan Administrasi", []),
        ("kegiatan", "Penyediaan Alat Tulis", 2000000, 2000000, "Pelayanan Administrasi", []),
        ("program", "Pembinaan Desa", 500000, 450000, None, ["pagu", "realisasi"]),
        ("kegiatan", "Fasilitasi Musrenbang", 500000, 450000, "Pembinaan Desa", []),
    ]
    assert [(t.pagu, t.realisasi) for t in out.totals] == [(3500000, 3350000)]


def test_malformed_amount_repaired_only_when_the_sums_agree():
    t = table([["No", "Program/Kegiatan", "Pagu (Rp)", "Realisasi (Rp)"],
               ["1", "Program Pelayanan", "3.900.000.000,00", "3.700.000.000,00"],
               ["1.1", "Penyediaan Jasa", "3.8000.000.000,00", "3.600.000.000,00"],
               ["1.2", "Penyediaan Alat", "100.000.000,00", "100.000.000,00"],
               ["2", "Program Pembinaan", "5.00.000,00", "400.000,00"]])
    ctx = ctx_with(t)
    lines = anggaran.read_tables(ctx).lines
    assert [(ln.nama, ln.pagu) for ln in lines] == [("Pelayanan", 3900000000), ("Penyediaan Jasa", 3800000000),
                                                    ("Penyediaan Alat", 100000000), ("Pembinaan", None)]
    aturan = [(f.aturan, f.subjek) for f in ctx.findings]
    assert ("angka.diperbaiki", "Penyediaan Jasa") in aturan
    assert ("angka.tidak_terbaca", "Program Pembinaan") in aturan  # no sum to confirm a reading: left empty


def test_staff_by_golongan_across_columns_with_merged_totals():
    from extract.readers.tables import read_pegawai_across
    rows = [["Tingkat", "IV", "IV", "III", "III", "II", "II", "I", "I", "Jumlah", "Jumlah"],
            ["", "L", "P", "L", "P", "L", "P", "L", "P", "L", "P"],
            ["Kecamatan Contoh", "1", "-", "6", "2", "9", "1", "1", "-", "17", "3"],
            ["Kelurahan Satu", "-", "-", "3", "3", "1", "-", "-", "-", "4", "2"],
            ["Jumlah", "1", "1", "9", "9", "10", "10", "1", "1", "23", "23"]]
    t = table(rows, caption="Tabel 2.7 Jumlah Pegawai (PNS) Berdasarkan Golongan")
    # the Jumlah row prints one figure per golongan over its L and P columns (a merged cell)
    for i in range(1, 11, 2):
        t.rows[4][i + 1] = t.rows[4][i]
    got, _ = read_pegawai_across(ctx_with(t))
    assert {r["kategori"]: r["jumlah"] for r in got if r["dimensi"] == "golongan"} == {"IV": 1, "III": 9, "II": 10, "I": 1}


def test_belanja_by_kind_table():
    t = table([["No", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
               ["1", "Belanja Operasi", "2.995.981.596", "2.692.932.749", "89,88"],
               ["", "Belanja Pegawai", "1.299.613.956", "1.025.607.134", "78,92"],
               ["", "Belanja Barang dan Jasa", "1.696.367.640", "1.667.325.615", "98,29"],
               ["2", "Belanja Modal", "493.347.000", "489.325.600", "99,18"],
               ["", "Jumlah", "3.489.328.596", "3.182.258.349", "91,20"]])
    out = anggaran.read_tables(ctx_with(t))
    assert out.lines == []
    got = {k: (v["pagu"], v["realisasi"], v["persen"]) for k, v in out.belanja_rows.items()}
    assert got == {"belanja_operasi": (2995981596, 2692932749, 89.88), "belanja_pegawai": (1299613956, 1025607134, 78.92),
                   "belanja_barang_jasa": (1696367640, 1667325615, 98.29), "belanja_modal": (493347000, 489325600, 99.18)}
    assert [(x.pagu, x.realisasi) for x in out.totals] == [(3489328596, 3182258349)]


def test_previous_year_column_is_tahun_lalu():
    t = table([["Indikator", "Realisasi 2022", "Target 2023", "Realisasi 2023", "Capaian (%)"],
               ["Indeks Kepuasan Masyarakat", "78", "80", "84", "105"]])
    (r,) = read_indikator(ctx_with(t, year=2023))
    assert (r["tahun_lalu"], r["target"], r["realisasi"], r["capaian"]) == (78, 80, 84, 105)


def test_desa_table_with_spaced_header_and_hectares():
    from extract.readers.tables import read_wilayah
    t = table([["No", "D e s a", "Luas (Ha)", "Jumlah Penduduk (Jiwa)"],
               ["1", "Labangka", "6.923", "2.104"], ["2", "Sekokat", "3.504", "1.250"],
               ["", "Jumlah", "10.427", "3.354"]])
    rows, totals = read_wilayah(ctx_with(t))
    assert [(r["desa_kelurahan"], r["luas_km2"], r["jumlah_penduduk"]) for r in rows] == [
        ("Labangka", 69.23, 2104), ("Sekokat", 35.04, 1250)]
    assert [x.value for x in totals] == [104.27]


def test_revised_budget_column_is_the_pagu_and_cumulative_realisation():
    t = table([["No", "Program", "Anggaran Murni (Rp)", "Anggaran Perubahan (Rp)", "Realisasi s.d. Triwulan IV (Rp)"],
               ["1", "Program Pelayanan", "1.000.000", "1.200.000", "1.100.000"]])
    v = understand(t, 2023)
    assert v.roles["pagu"] == [3] and v.roles["realisasi_rp"] == [4]
    (ln,) = anggaran.read_tables(ctx_with(t)).lines
    assert (ln.pagu, ln.realisasi, ln.dihitung) == (1200000, 1100000, [])


def test_a_percent_column_is_found_by_its_arithmetic_whatever_its_header_says():
    """'Kinerja % Realisasi' read as a second realisasi column, and a '%' column without any
    header: both are the realisation over the target (or pagu) x 100, row after row."""
    t = table([["No", "Indikator", "Target", "Realisasi", "% Realisasi", "Program", "Pagu", "Realisasi", "Kolom"],
               ["1", "Indeks kepuasan", "80", "77", "96,25", "Program A", "3.583.050.000", "3.583.039.598", "99,99"],
               ["2", "Persentase inovasi", "20", "50", "250", "Program B", "1.950.000.000", "1.949.999.865", "99,99"],
               ["3", "Jumlah karya", "25", "42", "168", "Program C", "183.050.000", "183.048.783", "99,99"]])
    v = understand(t, 2016)
    assert (v.roles["target"], v.roles["realisasi"], v.roles["capaian"]) == ([2], [3], [4])
    assert (v.roles["pagu"], v.roles["realisasi_rp"], v.roles["persen"]) == ([6], [7], [8])


def test_headers_read_loosely():
    from extract.layout.roles import role_of
    assert role_of("Capaian Thn Lalu") == "tahun_lalu"
    assert role_of("R e a l i s a s i (Rp)") == "realisasi"
    assert role_of("Realiasi Anggaran") == "realisasi"
    assert role_of("Realisasi Fisk (%)") == "fisik"
    assert role_of("SILPA %") == "sisa_persen"
    v = understand(table([["Indikator", "Target", "Realisasi", "Target Akhir Renstra"], ["x", "1", "2", "3"]]), 2016)
    assert "target" in v.roles and v.roles["target"] == [1]  # a plan's end target plays no role of the year


def test_code_segments_never_make_a_percent():
    """Kode rekening split over columns ('2 | 01 | 01 | 10'): 10 = 1 / 10 x 100 by chance, not a percent."""
    t = table([["Kode", "Kode", "Kode", "Kode", "Program / Kegiatan", "Anggaran"],
               ["2", "01", "01", "10", "Program Peningkatan Produksi", "17.292.674.100"],
               ["2", "01", "01", "10", "Peningkatan Produksi Padi", "1.470.080.000"],
               ["2", "01", "01", "10", "Pengembangan Benih", "2.470.080.000"]])
    v = understand(t, 2016)
    assert not {"capaian", "target", "realisasi", "persen"} & set(v.roles)


def test_total_rows_by_what_they_total():
    from extract.layout.roles import is_total_label
    assert all(map(is_total_label, ["JUMLAH", "TOTAL APBD 2016", "TOTAL ANGGARAN (WAJIB + PILIHAN)", "Sub Total",
                                    "JUMLAH BELANJA LANGSUNG"]))
    assert not any(map(is_total_label, ["Jumlah lokasi desa yang dibina", "Jumlah PMKS yang ditangani"]))


def test_the_belanja_langsung_is_the_total_less_the_tidak_langsung():
    """A total row labelled 'TOTAL ANGGARAN (WAJIB + PILIHAN)' equal to the total less the belanja
    tidak langsung is the belanja langsung; the largest total row is the belanja total."""
    from extract.readers.anggaran import TotalRow
    from extract.readers.belanja import combine_belanja
    ctx = ctx_with()
    totals = [TotalRow("TOTAL APBD 2016", 61_675_096_223, 60_406_344_348, 97.94, 70),
              TotalRow("TOTAL ANGGARAN (WAJIB + PILIHAN)", 44_495_611_842, 43_433_436_071, 97.61, 70),
              TotalRow("TOTAL URUSAN WAJIB", 19_061_928_000, 18_331_068_711, 96.17, 70)]
    rows = {"belanja_tidak_langsung": {"jenis": "belanja_tidak_langsung", "pagu": 17_179_484_381,
                                       "realisasi": 16_972_908_277, "halaman": 70}}
    prose = {"total": {"jenis": "total", "pagu": 61_675_096_223, "realisasi": 60_406_344_000, "halaman": 55}}
    bel = combine_belanja(ctx, rows, prose, totals)
    assert (bel["total"]["pagu"], bel["total"]["realisasi"], bel["total"]["halaman"]) == (61_675_096_223, 60_406_344_348, 70)
    assert (bel["belanja_langsung"]["pagu"], bel["belanja_langsung"]["realisasi"]) == (44_495_611_842, 43_433_436_071)
    (f,) = ctx.findings  # the sentence's realisasi differs from the table's: both pages named
    assert f.aturan == "belanja.nilai_berbeda" and (f.halaman, f.halaman_lain) == (55, 70)
