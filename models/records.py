"""Pydantic v2 schema of the dataset contract (../shared/DATASET.md).

Every record carries where it was read (`halaman`, `bbox`); single values are
constrained here (NIP of 18 digits, plausible year, money >= 0, percent range)
and `models.validate.build` turns a violation into a finding instead of a crash.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Money = Annotated[float, Field(ge=0, le=1e15, description="rupiah")]
Percent = Annotated[float, Field(ge=0, le=1000, description="number of percent")]
# an indicator's capaian as printed: below zero when the realisation fell ('(91,60)'), far above
# a hundred when a small target was exceeded many times (1.200 against 16 is 7.500 %)
Capaian = Annotated[float, Field(ge=-100_000, le=100_000, description="achievement, percent as printed")]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Bbox = tuple[float, float, float, float]
Keparahan = Literal["error", "warning", "info"]
Tingkat = Literal["program", "kegiatan", "sub_kegiatan"]
JenisBelanja = Literal[
    "total", "belanja_operasi", "belanja_modal", "belanja_pegawai", "belanja_barang_jasa",
    "belanja_tidak_terduga", "belanja_transfer", "belanja_langsung", "belanja_tidak_langsung",
    "pendapatan",
]
JenisInstansi = Literal["kecamatan", "kelurahan", "dinas", "badan", "sekretariat", "inspektorat", "lainnya"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Provenance(Record):
    """Where one value was printed (docling-core style: page + box in PDF points)."""
    halaman: Annotated[int, Field(ge=1)]
    bbox: Optional[Bbox] = None


class Laporan(Record):
    id_laporan: str = ""
    berkas: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    jumlah_halaman: Annotated[int, Field(ge=0)]
    halaman_ocr: Annotated[int, Field(ge=0)] = 0
    jenis_instansi: Optional[JenisInstansi] = None
    nama_instansi: Optional[str] = None
    kecamatan: Optional[str] = None
    kabupaten_kota: Optional[str] = None
    provinsi: Optional[str] = None
    tahun: Optional[Annotated[int, Field(ge=1990, le=date.today().year + 1)]] = None
    tempat_laporan: Optional[str] = None
    tanggal_laporan: Optional[Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]] = None
    penandatangan: Optional[str] = None
    nip_penandatangan: Optional[Annotated[str, Field(pattern=r"^\d{18}$")]] = None
    jabatan_penandatangan: Optional[str] = None
    kode_wilayah: Optional[str] = None
    cakupan_angka: Optional[Annotated[float, Field(ge=0, le=100)]] = None
    tabel_tidak_dibaca: Optional[Annotated[int, Field(ge=0)]] = None
    sumber: dict[str, Provenance] = Field(default_factory=dict, description="where each field was read")


class BarisAnggaran(Record):
    id_laporan: str = ""
    id_baris: str
    id_induk: Optional[str] = None
    tingkat: Tingkat
    kode: Optional[str] = None
    nama: str
    pagu: Optional[Money] = None
    realisasi: Optional[Money] = None
    persen: Optional[Percent] = None
    persen_fisik: Optional[Percent] = None
    sumber: Literal["tabel", "narasi"]
    halaman: Annotated[int, Field(ge=1)]
    kode_nomenklatur: Optional[str] = None
    bbox: Optional[Bbox] = None
    dihitung: list[str] = Field(default_factory=list, description="fields computed, not printed")


class Belanja(Record):
    id_laporan: str = ""
    jenis: JenisBelanja
    pagu: Optional[Money] = None
    realisasi: Optional[Money] = None
    persen: Optional[Percent] = None
    halaman: Annotated[int, Field(ge=1)]
    bbox: Optional[Bbox] = None


class Indikator(Record):
    id_laporan: str = ""
    id_indikator: str
    sasaran: Optional[str] = None
    indikator: str
    satuan: Optional[str] = None
    target: Optional[float] = None
    realisasi: Optional[float] = None
    target_teks: Optional[str] = None
    realisasi_teks: Optional[str] = None
    capaian: Optional[Capaian] = None
    capaian_hitung: Optional[float] = None
    kategori: Optional[Literal["sangat_baik", "baik", "cukup", "kurang", "sangat_kurang"]] = None
    tahun_lalu: Optional[float] = None
    kategori_teks: Optional[str] = Field(None, description="the category as printed, when the table prints one")
    tabel: Optional[str] = None
    halaman: Annotated[int, Field(ge=1)]
    bbox: Optional[Bbox] = None


class Pegawai(Record):
    id_laporan: str = ""
    dimensi: Literal["pendidikan", "golongan", "status_kepegawaian", "jenis_kelamin", "jabatan"]
    kategori: str
    jumlah: Count
    halaman: Annotated[int, Field(ge=1)]
    bbox: Optional[Bbox] = None


class Wilayah(Record):
    id_laporan: str = ""
    desa_kelurahan: str
    luas_km2: Optional[Annotated[float, Field(ge=0, le=100_000)]] = None
    jumlah_penduduk: Optional[Count] = None
    halaman: Annotated[int, Field(ge=1)]
    bbox: Optional[Bbox] = None


class Temuan(Record):
    id_laporan: str = ""
    aturan: str
    keparahan: Keparahan
    subjek: str = ""
    nilai_dilaporkan: Optional[str] = None
    nilai_hitung: Optional[str] = None
    selisih: Optional[str] = None
    pesan: str
    halaman: Optional[int] = None
    bbox: Optional[Bbox] = None  # where on the page (for the reviewer's crop)
    halaman_lain: Optional[int] = None  # the other page, when two places of the report are set against each other
    status: Literal["baru", "benar", "bukan_masalah"] = "baru"  # a reviewer's verdict (koreksi.csv)


class Gagal(Record):
    berkas: str
    sha256: Optional[str] = None
    tahap: Literal["baca", "ocr", "ekstraksi", "validasi", "tulis"]
    alasan: str


class Report(Record):
    """Everything read from one PDF: the `json/<id_laporan>.json` document."""
    laporan: Laporan
    anggaran: list[BarisAnggaran] = Field(default_factory=list)
    belanja: list[Belanja] = Field(default_factory=list)
    indikator: list[Indikator] = Field(default_factory=list)
    pegawai: list[Pegawai] = Field(default_factory=list)
    wilayah: list[Wilayah] = Field(default_factory=list)
    temuan: list[Temuan] = Field(default_factory=list)
