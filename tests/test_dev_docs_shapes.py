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


def _budget(out, pdf: str) -> dict[str, dict]:
    return {r["nama"]: r for r in rows_of(out, "anggaran", pdf)}


def test_unruled_program_list_with_rp_apart_and_continued_on_the_next_page(out):
    """bplhd p13: 'Program | Anggaran | Keterangan' without rules, the heading centred over the
    names, 'Rp' apart from the amount, one row's amount a line lower ('Program Pengelolaan Kawasan
    Lindung ... Rp 250.000.000'), the last row on p14 with no heading ('Pogram Pengelolaan Sumber
    Daya Alam ... Rp 1 .700.000.000')."""
    got = {r["nama"]: (_num(r["pagu"]), r["halaman"]) for r in rows_of(out, "anggaran", "lkip-2016-jabar-bplhd.pdf")
           if r["tingkat"] == "program"}
    assert got["Mitigasi dan Adaptasi Perubahan Iklim"] == (1_157_655_000, "13")
    assert got["Pengelolaan Kawasan Lindung"] == (250_000_000, "13")
    assert got["Pengelolaan Sumber Daya Alam dan Lingkungan Hidup"] == (1_700_000_000, "14")


def test_rows_without_level_placed_by_another_mention_and_parent_named_in_capitals(out):
    """bplhd p33: a realisation table grouped by sasaran ('Pembinaan Teknis AMDAL di Jawa Barat |
    400.000.000 | 399.459.000 | 99,86') whose rows no level word marks; the prose of p27 lists the
    same kegiatan under 'terdapat dalam PROGRAM PENGENDALIAN PENCEMARAN DAN PERUSAKAN LINGKUNGAN'
    and 'dalamPROGRAM PENGELOLAAN KAWASAN LINDUNG' (p32, glued)."""
    rows = rows_of(out, "anggaran", "lkip-2016-jabar-bplhd.pdf")
    by_id = {r["id_baris"]: r for r in rows}
    amdal = next(r for r in rows if r["nama"].startswith("Pembinaan Teknis AMDAL"))
    assert (amdal["tingkat"], _num(amdal["pagu"]), _num(amdal["realisasi"]), amdal["halaman"]) == \
        ("kegiatan", 400_000_000, 399_459_000, "33")
    assert by_id[amdal["id_induk"]]["nama"].startswith("Pengendalian Pencemaran dan Perusakan Lingkungan")
    ram = next(r for r in rows if r["nama"].startswith("Koordinasi RAM-IP Kawasan Lindung"))
    assert by_id[ram["id_induk"]]["nama"] == "Pengelolaan Kawasan Lindung"
    assert not [r for r in rows_of(out, "temuan", "lkip-2016-jabar-bplhd.pdf") if r["keparahan"] == "error"]


def test_shaded_row_indicator_table_with_a_heading_over_three_lines(out):
    """bplhd p16: rows told apart by shading only, 'TARGET / RENSTRA / TAHUN 2016' over three
    lines, '%' apart from its figure, justified names: 'Indeks Kualitas Udara 60 | 66,24 | 110,40 %'."""
    got = {r["indikator"]: r for r in rows_of(out, "indikator", "lkip-2016-jabar-bplhd.pdf")}
    udara = got["Indeks Kualitas Udara"]
    assert (_num(udara["target"]), _num(udara["realisasi"]), _num(udara["capaian"])) == (60, 66.24, 110.4)
    grk = next(v for k, v in got.items() if k.startswith("Tingkat penurunan emisi"))
    assert (_num(grk["realisasi"]), _num(grk["capaian"])) == (11.45, 190.83)


def test_belanja_total_as_the_sum_of_its_parts_in_the_sentence(out):
    """bplhd p27: 'Pelaksanaan anggaran BPLHD ... sebesar Rp. 70.421.275.900,- meliputi ... Belanja
    Tidak Langsung ... Rp. 11.439.995.900,- serta ... Belanja Langsung sebesar Rp. 58.981.280.000,-'."""
    got = {r["jenis"]: (_num(r["pagu"]), r["halaman"]) for r in rows_of(out, "belanja", "lkip-2016-jabar-bplhd.pdf")}
    assert got["total"] == (70_421_275_900, "27")
    assert got["belanja_langsung"][0] + got["belanja_tidak_langsung"][0] == got["total"][0]


def test_slipped_thousands_separators_repaired_by_the_printed_percent(out):
    """biro-administrasi-pembangunan p30: '1.011.425.000,- | 1,011.080.000 | 99,97%' and
    '1.453.000.000,- | 1403.419.201 | 96,59%': the digits give the printed percent, so they are
    the realisation, and a finding says the number was repaired."""
    pdf = "lkip-2016-jabar-biro-administrasi-pembangunan.pdf"
    real = {_num(r["realisasi"]) for r in rows_of(out, "anggaran", pdf)}
    assert {1_011_080_000, 1_403_419_201} <= real
    fixed = [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "angka.diperbaiki"]
    assert {r["nilai_dilaporkan"] for r in fixed} >= {"1,011.080.000", "1403.419.201"}
    assert not [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "angka.tidak_terbaca"
                and r["nilai_dilaporkan"] in ("1,011.080.000", "1403.419.201")]


def test_scan_pasted_into_a_text_page_is_read_by_ocr(out):
    """biro-administrasi-pembangunan p20: the signed Perjanjian Kinerja pasted as an image into a
    text page; its program list ('Program Perencanaan pengendalian dan Evaluasi Pembangunan Daerah
    Rp. 4.905.000.000,-', 'Program Pelayanan Administrasi Perkantoran Rp. 1.246.000.000,-') is read
    by OCR and counted as an OCR page."""
    pdf = "lkip-2016-jabar-biro-administrasi-pembangunan.pdf"
    p20 = {_num(r["pagu"]) for r in rows_of(out, "anggaran", pdf) if r["halaman"] == "20" and r["tingkat"] == "program"}
    assert {4_905_000_000, 1_246_000_000} <= p20
    assert int(rows_of(out, "laporan", pdf)[0]["halaman_ocr"]) >= 1


def test_heading_and_first_row_set_above_the_ruled_grid(out):
    """biro-administrasi-pembangunan p11: 'Strata Pendidikan | Laki-Laki | Perempuan | Jumlah' and the
    row '1 S3 - - -' stand above the rules; 'S2 16 4 20', 'S1 15 4 19', 'SMU 12 3 16': the Jumlah
    column is the count. p10's Eselon II / III / IV is not golongan."""
    pdf = "lkip-2016-jabar-biro-administrasi-pembangunan.pdf"
    rows = rows_of(out, "pegawai", pdf)
    got = {r["kategori"]: int(r["jumlah"]) for r in rows if r["dimensi"] == "pendidikan"}
    assert (got["S3"], got["S2"], got["S1"], got["SLTA"]) == (0, 20, 19, 16)
    assert not [r for r in rows if r["dimensi"] == "golongan"]


def test_a_plan_for_next_year_continued_over_pages_stays_out(out):
    """bplhd p39-52: 'Rencana Tindak Lanjut ... Tahun 2017' runs over pages with its heading
    repeated and no title; none of its kegiatan ('Pengembangan Taman Kehati di Kiara Payung ...')
    is a 2016 budget line."""
    names = " | ".join(r["nama"] for r in rows_of(out, "anggaran", "lkip-2016-jabar-bplhd.pdf"))
    assert "Kiara Payung" not in names and "Penatalaksanaan Kegiatan Adaptasi" not in names


def test_one_table_over_pages_keeps_repeated_programs_apart_and_parents_across_the_break(out):
    """bp3iptek p53-55: 'Program Penelitian, Studi dan Survei' printed once per sasaran with other
    figures (3.583.050.000, 1.367.000.000, 10.659.902.000, 964.500.000): four lines, not one with
    conflicts. 'Kegiatan Penguatan Peran Dewan Riset ...' (450.000.000) opens p54 under the program
    of p53 (917.000.000 + 450.000.000 = 1.367.000.000), so no sum is reported wrong there."""
    pdf = "lkip-2016-jabar-bp3iptek.pdf"
    rows = rows_of(out, "anggaran", pdf)
    progs = sorted(_num(r["pagu"]) for r in rows if r["nama"] == "Penelitian, Studi dan Survei")
    assert progs == [964_500_000, 1_367_000_000, 3_583_050_000, 10_659_902_000]
    by_id = {r["id_baris"]: r for r in rows}
    dewan = next(r for r in rows if r["nama"].startswith("Penguatan Peran Dewan Riset"))
    assert _num(by_id[dewan["id_induk"]]["pagu"]) == 1_367_000_000
    wrong = [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "anggaran.jumlah_anak"]
    assert all(r["subjek"] == by_id_of(rows, "Kerjasama Pembangunan") for r in wrong)  # its 189 rupiah are real


def by_id_of(rows: list[dict], name: str) -> str:
    return next(r["id_baris"] for r in rows if r["nama"] == name)


def test_figures_of_two_rows_in_one_cell_without_the_rule_between(out):
    """bp3iptek p55: the Realisasi cells of 'Pengembangan Kemitraan ...' and 'Kegiatan Kerjasama
    Pelaksanaan ...' are drawn as one cell holding '975.767.379,00' and '6.297.664.332,00'."""
    real = {r["nama"][:30]: _num(r["realisasi"]) for r in rows_of(out, "anggaran", "lkip-2016-jabar-bp3iptek.pdf")}
    assert real["Pengembangan Kemitraan dan Kol"] == 975_767_379
    assert real["Kerjasama Pelaksanaan Program "] == 6_297_664_332


def test_belanja_from_the_statement_that_holds_together(out):
    """dinkes: 'Belanja Langsung (APBD) sebesar Rp. 234.092.251.125,- , dengan realisasi keuangan sebesar
    Rp 204.597.911.173,- (87,40%)' (p82), while p86's 'JUMLAH BELANJA LANGSUNG 34.092.251.125
    04.597.911.173 87,40%' lost its first digits at the cell's edge (a figure opening with a zero is
    cut, never read); 'Belanja Tidak Langsung (Gaji) sebesar Rp. 54.979.136.088,- dengan realisasi
    anggaran sebesar Rp. 53.544.653.004,-' (p86). 'PNS di UPTD sebanyak 233 orang' is no D1 count.
    bkpd p23: BL 26.586.328.000 + BTL 8.874.442.859 = 35.460.770.859, so p42's 'Jumlah Belanja
    Langsung 17.567.750.000' (one sasaran's kegiatan) does not replace it."""
    got = {r["jenis"]: (_num(r["pagu"]), _num(r["realisasi"]), r["halaman"])
           for r in rows_of(out, "belanja", "lkip-2016-jabar-dinkes.pdf")}
    assert got["belanja_langsung"] == (234_092_251_125, 204_597_911_173, "82")
    assert got["belanja_tidak_langsung"][:2] == (54_979_136_088, 53_544_653_004)
    cut = [r for r in rows_of(out, "temuan", "lkip-2016-jabar-dinkes.pdf") if r["aturan"] == "angka.tidak_terbaca"
           and r["nilai_dilaporkan"] == "04.597.911.173"]
    assert len(cut) == 1 and cut[0]["halaman"] == "86"
    assert not [r for r in rows_of(out, "pegawai", "lkip-2016-jabar-dinkes.pdf") if r["kategori"] == "D1"]
    bkpd = {r["jenis"]: _num(r["pagu"]) for r in rows_of(out, "belanja", "lakip-2016-jabar-bkpd.pdf")}
    assert bkpd["belanja_langsung"] == 26_586_328_000


def test_side_by_side_program_cell_merged_over_its_kegiatan_rows(out):
    """bpbd p66-68: UNIT KERJA | PROGRAM | KEGIATAN, the program cell merged over its kegiatan and
    printed again under the next unit kerja: 'Penguatan Kapasitas Kesiapsiagaan' (866.600.000),
    whose program cell is empty, belongs to 'Penanggulangan Bencana Alam dan Perlindungan
    Masyarakat'. The top row 'BPBD PROV JABAR 27.059.202.004' is the programs plus the belanja
    tidak langsung (8.410.068.004): no error; nor is the prose's 'Pemeliharaan Sarana dan
    Prasarana Kantor BPBD ...' (p65, realisasi 1.485.972.400) another line."""
    pdf = "lkip-2016-jabar-bpbd.pdf"
    rows = rows_of(out, "anggaran", pdf)
    by_id = {r["id_baris"]: r for r in rows}
    siaga = next(r for r in rows if r["nama"] == "Penguatan Kapasitas Kesiapsiagaan")
    assert by_id[siaga["id_induk"]]["nama"] == "Penanggulangan Bencana Alam dan Perlindungan Masyarakat"
    assert not [r for r in rows_of(out, "temuan", pdf) if r["keparahan"] == "error"]
    assert len([r for r in rows if _num(r["realisasi"]) == 1_485_972_400 and r["tingkat"] == "kegiatan"]) == 1


def test_a_kegiatan_lost_in_reading_is_not_blamed_on_the_report(out):
    """disnakertrans p47-48: program 39 'Peningkatan Kualitas dan Produktivitas Tenaga Kerja' lists
    kegiatan 39.01 ... 39.17; the row of 39.13 is printed across broken lines that lakip does not
    rebuild, so its children fall short of the program. The numbering gap says the reading lost a
    line: a warning naming 39.13, never an error of the report."""
    pdf = "lkip-2016-jabar-disnakertrans.pdf"
    rows = rows_of(out, "anggaran", pdf)
    prog = next(r["id_baris"] for r in rows if r["nama"].startswith("Peningkatan Kualitas dan Produktivitas Tenaga"))
    found = [r for r in rows_of(out, "temuan", pdf) if r["subjek"] == prog and r["aturan"].startswith("anggaran.jumlah_anak")]
    assert not [r for r in found if r["keparahan"] == "error"]
    assert all("39.13" in r["pesan"] for r in found)


def test_one_indicator_named_two_ways_with_its_telling_figures(out):
    """distan: p21 'Menurunnya luas serangan 9 OPT utama | Ha | 85.362 | 125,05' and p37 '- Jumlah
    luas serangan 9 OPT utama | Ha | 113.889 | 85.362 | 125,05': most words shared and the same
    realisation and capaian (125,05 is no round figure), so one indicator with the target of p37.
    biro-administrasi-pembangunan p27: a name broken over two rows ('Deviasi antara realisasi
    anggaran' / 'dengan rencana ...') gives way to the full name printed elsewhere."""
    rows = [r for r in rows_of(out, "indikator", "lkip-2016-jabar-distan.pdf") if "serangan 9 OPT" in r["indikator"]]
    assert len(rows) == 1
    assert (_num(rows[0]["target"]), _num(rows[0]["realisasi"]), _num(rows[0]["capaian"])) == (113_889, 85_362, 125.05)
    names = [r["indikator"] for r in rows_of(out, "indikator", "lkip-2016-jabar-biro-administrasi-pembangunan.pdf")]
    assert any(n.startswith("Deviasi antara realisasi anggaran dengan rencana") for n in names)


def test_a_numbered_item_takes_no_amount_from_the_paragraph_after_it(out):
    """biro-administrasi-pembangunan p29: 'c. rencana tingkat capaian kinerja sasaran ...' is followed
    by a paragraph 'Program dan kegiatan ... total anggaran sebesar Rp. 6.711.000.000,-': neither is
    a budget line."""
    rows = rows_of(out, "anggaran", "lkip-2016-jabar-biro-administrasi-pembangunan.pdf")
    assert not [r for r in rows if _num(r["pagu"]) == 6_711_000_000]


def test_a_misspelt_fisik_column_and_percents_kept_with_their_own_figures(out):
    """disbun p70: 'Realisasi Fisk (%)' beside 'Realisasi Keuangan (%)' is the physical progress,
    so 'TOTAL APBD 2016 61.675.096.223 60.406.344.348 97,94 99,97' gives the total its 97,94 and
    'TOTAL ANGGARAN (WAJIB + PILIHAN) 44.495.611.842 43.433.436.071 97,61' is the belanja langsung
    (the total less the tidak langsung 17.179.484.381). The text's 97,61 % (the APBD programs') is
    never pinned on the total, so no percent is reported wrong."""
    pdf = "lkip-2016-jabar-disbun.pdf"
    got = {r["jenis"]: (_num(r["pagu"]), _num(r["realisasi"]), _num(r["persen"]))
           for r in rows_of(out, "belanja", pdf)}
    assert got["total"] == (61_675_096_223, 60_406_344_348, 97.94)
    assert got["belanja_langsung"] == (44_495_611_842, 43_433_436_071, 97.61)
    assert not [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "belanja.persen"]
    fisik = [r for r in rows_of(out, "anggaran", pdf) if r["persen_fisik"]]
    assert len(fisik) > 40


def test_the_total_its_kinds_add_up_to_among_two_printed(out):
    """bp3akb: the summary (p3) prints the belanja total as Rp 54.419.466.800 with realisasi
    52.099.556.264 (92,34 %), pages 26 and 31 as 56.419.466.800; belanja langsung 45.381.466.800 +
    tidak langsung 11.038.000.000 = 56.419.466.800 (and 52.099.556.264 / 56.419.466.800 = 92,34 %):
    that is the total, the other print is named in a finding."""
    pdf = "lkip-2016-jabar-bp3akb.pdf"
    tot = next(r for r in rows_of(out, "belanja", pdf) if r["jenis"] == "total")
    assert (_num(tot["pagu"]), _num(tot["realisasi"])) == (56_419_466_800, 52_099_556_264)
    assert [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "belanja.nilai_berbeda"
            and r["nilai_dilaporkan"] == "54419466800"]
    assert not [r for r in rows_of(out, "temuan", pdf) if r["aturan"] == "belanja.jumlah_jenis"]


def test_a_numbered_program_row_just_under_the_heading_is_a_row(out):
    """bp3akb p66 opens with 'H. | Program Pengembangan Kompetensi Aparatur' (no figures) under the
    heading, then '1 | Pembinaan dan Pengembangan Aparatur BP3AKB | 232,700,000 | 207,875,500':
    the program row is the body's, so the kegiatan has its program."""
    rows = rows_of(out, "anggaran", "lkip-2016-jabar-bp3akb.pdf")
    by_id = {r["id_baris"]: r for r in rows}
    keg = next(r for r in rows if r["nama"].startswith("Pembinaan dan Pengembangan Aparatur"))
    assert (_num(keg["pagu"]), _num(keg["realisasi"])) == (232_700_000, 207_875_500)
    assert by_id[keg["id_induk"]]["nama"] == "Pengembangan Kompetensi Aparatur"


def test_one_kegiatan_renamed_in_the_prose_with_the_same_figures(out):
    """dpm-desa: the realisation table (p27) names 'Pelayanan Administrasi Kantor BPMPD 2.169.751.200
    1.942.551.468'; the prose (p39) 'Dukungan Administrasi dan Operasional Perkantoran BPMPD' with
    the very same budget and realisation: one line. p54 '10. Kegiatan Pemberdayaan Masyarakat Desa
    Adat yang dilakasanakan oleh ...' (misspelt): the tail is no part of the name."""
    rows = rows_of(out, "anggaran", "lkip-2016-jabar-dpm-desa.pdf")
    assert len([r for r in rows if _num(r["realisasi"]) == 1_942_551_468 and r["tingkat"] == "kegiatan"]) == 1
    assert not [r for r in rows if r["nama"].endswith(" yang")]


def test_indicator_rates_with_their_base(out):
    """dinkes p34: 'Ratio Kematian Ibu | 89/100.000 KH | 86,97/ 100.000 KH | 102.33%' and 'Ratio
    Kematian bayi | 5,8/1000 KH | 4,01/ 1000 KH | 144.64%', numbered in a column of their own:
    the rate is the figure, its base the unit, the number no part of the name."""
    got = {r["indikator"]: r for r in rows_of(out, "indikator", "lkip-2016-jabar-dinkes.pdf")}
    ibu = got["Ratio Kematian Ibu"]
    assert (_num(ibu["target"]), _num(ibu["realisasi"]), _num(ibu["capaian"])) == (89, 86.97, 102.33)
    assert ibu["satuan"] == "/100.000 KH"
    assert (_num(got["Ratio Kematian bayi"]["target"]), _num(got["Ratio Kematian bayi"]["realisasi"])) == (5.8, 4.01)


def test_capaian_as_printed_below_zero_and_far_above_a_hundred(out):
    """disperindag p35: 'Peningkatan Nilai Ekspor Non Migas ... | % | 3 | (3.14) | (104.66) | Kurang':
    figures in brackets are negative, as accounts write them; p34 'Peningkatan Nilai Produksi IKM'
    15 against 1.309 is printed 8.726 %: a capaian as printed is kept, not refused as out of range."""
    got = {r["indikator"][:40]: r for r in rows_of(out, "indikator", "lkip-2016-jabar-disperindag.pdf")}
    ekspor = got["Peningkatan Nilai Ekspor Non Migas Jawa "]
    assert (_num(ekspor["target"]), _num(ekspor["realisasi"]), _num(ekspor["capaian"])) == (3, -3.14, -104.66)
    assert _num(got["Peningkatan Nilai Produksi IKM"]["capaian"]) == 8726


def test_a_unit_named_by_its_acronym_in_one_table_and_in_full_in_another(out):
    """disbun: the plan table (p37) lists 'Penyelenggaraan Administrasi Perkantoran UPTD BSPMB
    460.000.000'; the realisation table (p70) 'Penyelenggaraan Administrasi Perkantoran Balai
    Sertifikasi dan Pengawasan Mutu Benih Tanaman Perkebunan (BSPMB)' with the same budget and its
    realisation: the acronym and the budget make them one line."""
    rows = [r for r in rows_of(out, "anggaran", "lkip-2016-jabar-disbun.pdf")
            if r["nama"].startswith("Penyelenggaraan Administrasi Perkantoran") and "BSPMB" in r["nama"]]
    assert len(rows) == 1 and rows[0]["realisasi"] not in ("", None)


def test_staff_by_sex_in_rows_of_their_own(out):
    """renstra Kecamatan Banyuwangi p28, Tabel 2.1 'Komposisi SDM Berdasarkan Jenis Kelamin':
    '1. Laki-laki 64 70,3' / '2. Perempuan 27 29,7' / 'Jumlah 91 100' under 'Uraian | Jumlah | %'."""
    got = {r["kategori"]: int(r["jumlah"]) for r in rows_of(out, "pegawai", "renstra-2025-2029-kec-banyuwangi-banyuwangi.pdf")
           if r["dimensi"] == "jenis_kelamin"}
    assert got == {"L": 64, "P": 27}


def test_the_word_program_in_a_sentence_is_no_heading(out):
    """dpm-desa p46: '... program perbaikan Rutilahu dengan melakukan percepatan ...' is the word in
    a sentence; a program heading opens its name with a capital."""
    rows = rows_of(out, "anggaran", "lkip-2016-jabar-dpm-desa.pdf")
    assert not [r for r in rows if r["sumber"] == "narasi" and r["nama"][:1].islower()]


def test_a_large_image_nothing_read_is_named(out):
    """disperindag p18-21 hold staff charts pasted as images (bars and legends, no text layer): not
    read, but each page is named by a finding; biro-administrasi-pembangunan p19-20 (a signed PK
    pasted as an image, read by OCR) are not."""
    pages = {r["halaman"] for r in rows_of(out, "temuan", "lkip-2016-jabar-disperindag.pdf")
             if r["aturan"] == "halaman.gambar_tidak_dibaca"}
    assert {"18", "19", "20", "21"} <= pages
    biro = {r["halaman"] for r in rows_of(out, "temuan", "lkip-2016-jabar-biro-administrasi-pembangunan.pdf")
            if r["aturan"] == "halaman.gambar_tidak_dibaca"}
    assert not biro & {"19", "20"}
