"""Report metadata from real reports' wording (snippets of ../shared/dev-docs/snippets)."""

from __future__ import annotations

from conftest import DEV_DOCS, REFERENCE, need_shared
from extract.layout.page_layout import Layout
from extract.readers.common import Context
from extract.readers.laporan import read_laporan
from extract.core.reference import load
from textdoc import paragraphs


def _meta(text: str, reference=True):
    paras = paragraphs(text)
    lines = [ln for p in paras for ln in p.lines]
    return read_laporan(Context(Layout({}, {1: lines}, [], paras)), load(str(REFERENCE) if reference else None))[0]


def test_title_line_foreword_and_signature_of_a_kecamatan_lkip():
    need_shared()
    raw = (DEV_DOCS / "snippets" / "kec-kudu-lkip-2015.txt").read_text(encoding="utf-8").splitlines()
    title = raw[1]                      # 'LAPORAN KINERJA INSTANSI PEMERINTAH (LKIP) KECAMATAN KUDU TAHUN 2015'
    sign = raw[5]                       # 'Kudu, Pebruari 2016 CAMAT KUDU'
    name = raw[6].split(" Penata")[0]   # 'SHOLAHUDDIN HADI SUCIPTO,SSTP.M.SI'
    nip = raw[6][raw[6].index("NIP"):]
    text = f"{title}\n\nLaporan Kecamatan Kudu Kabupaten Jombang Tahun 2015\n\n" \
           f"{sign.split(' CAMAT')[0]}\n\nCAMAT KUDU\n\n{name}\n\nPenata Tingkat.I\n\n{nip}\n"
    meta = _meta(text)
    assert meta["nama_instansi"] == "Kecamatan Kudu" and meta["kecamatan"] == "Kudu"
    assert meta["tahun"] == 2015 and meta["tanggal_laporan"] == "2016-02" and meta["tempat_laporan"] == "Kudu"
    assert meta["penandatangan"] == "SHOLAHUDDIN HADI SUCIPTO" and meta["nip_penandatangan"] == "197912082000031001"
    assert meta["jabatan_penandatangan"] == "Camat Kudu"
    assert (meta["kabupaten_kota"], meta["provinsi"]) == ("Jombang", "Jawa Timur")


def test_without_reference_the_codes_stay_empty():
    meta = _meta("LAPORAN KINERJA KECAMATAN SUKA MAJU TAHUN 2022\n\nKABUPATEN CONTOH\n", reference=False)
    assert meta["nama_instansi"] == "Kecamatan Suka Maju" and meta["tahun"] == 2022
    assert meta["kabupaten_kota"] == "Contoh" and "kode_wilayah" not in meta and "provinsi" not in meta
