"""Reconciliation finds what does not add up; validation turns a bad value into a finding."""

from __future__ import annotations

import json

from extract.checks.sums import Reconciler, percent_agrees
from models import BarisAnggaran, Belanja, Laporan, Temuan, build


def _lines(corpus_dataset, stem="tabel"):
    path = next((corpus_dataset / "json").glob("*.json"))
    for p in (corpus_dataset / "json").glob("*.json"):
        doc = json.loads(p.read_text(encoding="utf-8"))
        if stem in doc["laporan"]["berkas"]:
            path = p
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [BarisAnggaran(**r) for r in doc["anggaran"]], [Belanja(**b) for b in doc["belanja"]]


def test_consistent_tree_has_no_findings(corpus_dataset):
    lines, belanja = _lines(corpus_dataset)
    rec = Reconciler()
    rec.anggaran(lines, [], belanja)
    rec.belanja(belanja)
    assert [f for f in rec.findings if f.keparahan == "error"] == []


def test_altered_sub_kegiatan_is_named_with_its_parent_and_page(corpus_dataset):
    lines, belanja = _lines(corpus_dataset)
    sub = next(ln for ln in lines if ln.tingkat == "sub_kegiatan" and ln.nama == "Penyediaan Gaji dan Tunjangan ASN")
    sub.realisasi += 1000
    rec = Reconciler()
    rec.anggaran(lines, [], belanja)
    errs = [f for f in rec.findings if f.aturan == "anggaran.jumlah_anak"]
    assert len(errs) == 1
    parent = next(ln for ln in lines if ln.id_baris == sub.id_induk)
    assert errs[0].subjek == parent.id_baris and parent.nama in errs[0].pesan
    assert errs[0].selisih == "-1000" and errs[0].halaman == parent.halaman
    # the program above it no longer matches the total either... no: the kegiatan still prints its old sum
    assert not [f for f in rec.findings if f.aturan == "anggaran.jumlah_program"]


def test_a_line_lost_in_reading_is_a_warning_not_an_accusation(corpus_dataset):
    """The corpus table with one sub kegiatan removed from what was read: the kegiatan's sum falls
    short. On an OCR page, or beside a table no reader took, the shortfall is a doubt about the
    reading (naming the page); with no such cause it stays an error of the report. A shortfall
    of a few rupiah is a slip in the report whatever the page."""
    lines, belanja = _lines(corpus_dataset)
    sub = next(ln for ln in lines if ln.tingkat == "sub_kegiatan" and ln.nama == "Penyediaan Gaji dan Tunjangan ASN")
    parent = next(ln for ln in lines if ln.id_baris == sub.id_induk)
    rest = [ln for ln in lines if ln is not sub]
    rec = Reconciler()
    rec.anggaran(rest, [], belanja)
    assert [f.subjek for f in rec.findings if f.aturan == "anggaran.jumlah_anak"] == [parent.id_baris] * 2
    rec = Reconciler()
    rec.anggaran(rest, [], belanja, doubt_pages={sub.halaman: "dibaca dengan OCR"})
    assert not [f for f in rec.findings if f.aturan == "anggaran.jumlah_anak"]
    warned = [f for f in rec.findings if f.aturan == "anggaran.jumlah_anak_terbaca"]
    assert warned and all(f.keparahan == "warning" and "dibaca dengan OCR" in f.pesan for f in warned)
    sub.pagu -= 5
    rec = Reconciler()
    rec.anggaran(lines, [], belanja, doubt_pages={sub.halaman: "dibaca dengan OCR"})
    assert [f.subjek for f in rec.findings if f.aturan == "anggaran.jumlah_anak"] == [parent.id_baris]


def test_lines_exceeding_their_parent_on_an_ocr_page_are_a_doubt_about_the_reading(corpus_dataset):
    """A figure OCR misread upward (a 3 read as an 8) makes the lines add up to more than their
    parent: on a page read by OCR that is a warning naming the page; on a text page the same
    excess stays the report's error (test_altered_sub_kegiatan_is_named_with_its_parent_and_page)."""
    lines, belanja = _lines(corpus_dataset)
    sub = next(ln for ln in lines if ln.tingkat == "sub_kegiatan" and ln.nama == "Penyediaan Gaji dan Tunjangan ASN")
    sub.realisasi += 5_000_000
    rec = Reconciler()
    rec.anggaran(lines, [], belanja, doubt_pages={sub.halaman: "dibaca dengan OCR"})
    assert not [f for f in rec.findings if f.aturan == "anggaran.jumlah_anak"]
    warned = [f for f in rec.findings if f.aturan == "anggaran.jumlah_anak_terbaca"]
    assert warned and all(f.keparahan == "warning" and "dibaca dengan OCR" in f.pesan for f in warned)
    rec = Reconciler()
    rec.anggaran(lines, [], belanja, doubt_pages={sub.halaman: "di samping tabel yang tidak terbaca"})
    assert [f.aturan for f in rec.findings if f.aturan.startswith("anggaran.jumlah_anak")] == ["anggaran.jumlah_anak"]


def test_belanja_kinds_must_add_up():
    rows = [Belanja(jenis="total", pagu=100, realisasi=90, halaman=3),
            Belanja(jenis="belanja_operasi", pagu=60, realisasi=50, halaman=3),
            Belanja(jenis="belanja_modal", pagu=30, realisasi=40, halaman=3)]
    rec = Reconciler()
    rec.belanja(rows)
    assert [(f.aturan, f.nilai_dilaporkan, f.nilai_hitung) for f in rec.findings] == [("belanja.jumlah_jenis", "100", "90")]


def test_percent_policy_rounded_or_truncated():
    assert percent_agrees(91.19, 3489328596, 3182258349)[0]   # truncated (91.1997)
    assert percent_agrees(91.2, 3489328596, 3182258349)[0]    # rounded
    assert not percent_agrees(92.0, 3489328596, 3182258349)[0]


def test_invalid_values_become_findings_not_crashes():
    findings: list[Temuan] = []
    lap = build(Laporan, {"berkas": "x.pdf", "sha256": "a" * 64, "jumlah_halaman": 3, "tahun": 3023,
                          "nip_penandatangan": "1984041520100110"}, findings)
    assert lap is not None and lap.tahun is None and lap.nip_penandatangan is None
    assert {f.aturan for f in findings} == {"nilai.tidak_valid"} and len(findings) == 2
    line = build(BarisAnggaran, {"id_baris": "b1", "tingkat": "program", "nama": "X", "pagu": -5,
                                 "realisasi": 3, "sumber": "tabel", "halaman": 2}, findings)
    assert line.pagu is None and line.realisasi == 3 and findings[-1].halaman == 2


def test_capaian_kategori_and_staff_dimensions():
    from models import Indikator, Pegawai
    rows = [Indikator(id_indikator="i1", indikator="A", target=80, realisasi=60, capaian=75, capaian_hitung=75,
                      kategori="cukup", kategori_teks="Sangat Baik", halaman=3),
            Indikator(id_indikator="i2", indikator="B", target=100, realisasi=95, capaian=100, capaian_hitung=95,
                      kategori="sangat_baik", kategori_teks="Sangat Baik", halaman=3),
            Indikator(id_indikator="i3", indikator="C", target=80, realisasi=97, capaian=100, capaian_hitung=121.25,
                      kategori="sangat_baik", halaman=3)]
    rec = Reconciler()
    rec.indikator(rows)
    rec.kategori(rows)
    assert [(f.aturan, f.subjek, f.keparahan) for f in rec.findings] == [
        ("indikator.capaian", "i2", "warning"), ("indikator.capaian_dibatasi", "i3", "info"),
        ("indikator.kategori", "i1", "warning")]
    staff = [Pegawai(dimensi="pendidikan", kategori="S1", jumlah=9, halaman=5),
             Pegawai(dimensi="golongan", kategori="III/a", jumlah=7, halaman=5)]
    rec = Reconciler()
    rec.staff_dimensions(staff)
    assert [(f.aturan, f.nilai_dilaporkan, f.nilai_hitung) for f in rec.findings] == [("pegawai.dimensi_berbeda", "9", "7")]
    rec = Reconciler()
    rec.staff_dimensions(staff + [Pegawai(dimensi="status_kepegawaian", kategori="honorer", jumlah=2, halaman=5)])
    assert rec.findings == []  # the two honorer staff have no golongan
