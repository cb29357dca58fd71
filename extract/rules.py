"""Every finding lakip writes, in one list: its stable id (`aturan` in temuan.csv), its
severity, what it checks (for `lakip rules` and the README) and its message, in Indonesian
for the reviewers who read temuan.csv and the audit site.

Severity: `error` means the document contradicts itself; `warning` that something is probably
wrong (in the document or in the reading); `info` is worth knowing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models import Temuan

from .numbers_id import angka


@dataclass(frozen=True)
class Rule:
    aturan: str
    keparahan: str
    checks: str  # English: what the rule checks (lakip rules, README)
    pesan: str  # Indonesian message template, filled with str.format


_RULES = [
    Rule("anggaran.jumlah_anak", "error", "a program's / kegiatan's pagu and realisasi equal the sum of its lines",
         "{field} {tingkat} '{nama}' (halaman {halaman}) tercetak {nilai} tetapi {n} baris di bawahnya berjumlah "
         "{jumlah}{tersangka}"),
    Rule("anggaran.jumlah_program", "error",
         "programs add up to the total (belanja total or the table's JUMLAH row)",
         "{n} program berjumlah {field} {jumlah} tetapi {label} tercetak {nilai}"),
    Rule("anggaran.persen", "warning",
         "a printed % equals realisasi / pagu, rounded or truncated to the printed decimals",
         "tercetak {tercetak} % untuk {apa} tetapi realisasi / pagu = {nilai_hitung} %"),
    Rule("belanja.persen", "warning", "a printed belanja % equals realisasi / pagu",
         "tercetak {tercetak} % untuk {apa} tetapi realisasi / pagu = {nilai_hitung} %"),
    Rule("anggaran.realisasi_melebihi_pagu", "warning", "realisasi is not above pagu",
         "realisasi '{nama}' ({realisasi}) melebihi pagunya ({pagu})"),
    Rule("anggaran.tabel_narasi_berbeda", "warning",
         "a budget line's figure differs between a table and the text (the table's is exported)",
         "{field} '{nama}' tercetak {di_tabel} di tabel (halaman {halaman_tabel}) tetapi {di_teks} di teks "
         "(halaman {halaman_teks}); nilai tabel yang diekspor"),
    Rule("anggaran.tingkat_tidak_jelas", "warning", "a budget row whose level cannot be told was not exported",
         "tingkat baris anggaran ini (program, kegiatan, sub kegiatan) tidak dapat ditentukan dari dokumen "
         "(tanpa kode, kata tingkat, penomoran, atau jumlah yang menentukan); tidak diekspor{saran}"),
    Rule("belanja.jumlah_jenis", "error", "operasi + modal (+ ...) or langsung + tidak langsung equal the total",
         "{bagian} = {jumlah} tetapi {field} total tercetak {nilai}"),
    Rule("belanja.nilai_berbeda", "warning",
         "the same belanja figure printed with two values (the first is exported)",
         "{field} {jenis} tercetak {pertama} dan di tempat lain {lain}; yang pertama diekspor"),
    Rule("pegawai.jumlah", "error", "staff counts add up to the printed total",
         "{apa} berjumlah {jumlah} tetapi total yang tercetak {nilai}"),
    Rule("wilayah.jumlah", "error", "desa areas add up to the printed total",
         "{apa} berjumlah {jumlah} tetapi total yang tercetak {nilai}"),
    Rule("pegawai.nilai_berbeda", "warning", "a staff count differs between a table and the text (the table's is exported)",
         "pegawai {kategori}: tabel di halaman {halaman_tabel} mencatat {di_tabel}, teks di halaman {halaman_teks} "
         "mencatat {di_teks}; nilai tabel yang diekspor"),
    Rule("pegawai.dimensi_berbeda", "warning", "staff totals by pendidikan and by golongan differ",
         "{pendidikan} pegawai terhitung menurut pendidikan tetapi {golongan} menurut golongan"),
    Rule("pegawai.kategori_tidak_dikenal", "info", "a staff row whose category is not a known pendidikan / golongan",
         "kategori pegawai '{label}' bukan {dimensi} yang dikenal; tidak diekspor"),
    Rule("angka.tidak_terbaca", "warning", "a number left empty because it could not be read",
         "{alasan}; nilainya dikosongkan"),
    Rule("angka.diperbaiki", "info",
         "a malformed number repaired because it has one reading (warning when the sums chose the reading)",
         "{catatan}"),
    Rule("angka.kata_berbeda", "warning", "digits and the number words beside them disagree; left empty",
         "'{teks}' tercetak {angka} dengan angka tetapi {kata} dengan huruf{akibat}"),
    Rule("nilai.tidak_valid", "warning",
         "a value outside its valid range (NIP of 18 digits, year, money >= 0, percent) not exported",
         "nilai {kolom} {nilai} tidak diekspor: {alasan}"),
    Rule("indikator.capaian", "warning",
         "a printed capaian against realisasi / target (mirrored when lower is better), within one unit of the "
         "printed last place",
         "capaian '{indikator}' tercetak {capaian} % tetapi target {target} dan realisasi {realisasi} memberi {nilai_hitung} %"),
    Rule("indikator.capaian_dibatasi", "info",
         "a capaian printed as 100 where the figures give more: a capping policy",
         "capaian '{indikator}' tercetak 100 sedangkan realisasi / target memberi {nilai_hitung} %: dibatasi 100 "
         "sesuai kebijakan"),
    Rule("indikator.capaian_narasi", "warning",
         "a sentence's capaian against its own planned and realised counts ('74 titik ... 74 titik ... 99 %')",
         "teks merencanakan {rencana} dan melaporkan {terlaksana} terlaksana, yaitu {nilai_hitung} %, tetapi mencetak "
         "capaian {capaian} %"),
    Rule("indikator.kategori", "warning", "a printed category (Sangat Baik ... Sangat Kurang) against the band of its capaian",
         "'{indikator}' tercetak '{kategori}' tetapi capaiannya {capaian} % termasuk '{pita}'"),
    Rule("teks.jumlah_pegawai", "warning",
         "a staff total the text states ('Jumlah pegawai ... 64 orang') against the counts read",
         "teks menyebut {n} pegawai tetapi jumlah yang terbaca: {terbaca}"),
    Rule("teks.jumlah_baris", "warning",
         "a count the text states ('12 (Dua Belas) kegiatan', 'terdiri dari 12 desa') against the rows read",
         "teks menyebut {n} {jenis} tetapi {terbaca} yang terbaca dari laporan"),
    Rule("teks.paragraf_berulang", "warning", "a narrative paragraph repeated word for word further on",
         "paragraf di halaman {halaman}{judul} mengulang kata demi kata paragraf di halaman {halaman_lain}"),
    Rule("tabel.tahun_lain", "info", "a table titled with another year is not read as this year's figures",
         "tabel '{judul}' berjudul tahun lain dari {tahun}; angkanya tidak diekspor"),
    Rule("halaman.dilewati", "warning",
         "a page not read: over the size limits for untrusted input, or a scan while OCR is unavailable",
         "{alasan}"),
    Rule("ocr.angka_ragu", "warning",
         "a figure with digits OCR was unsure of, which no sum or percent confirms, was left empty",
         "OCR ragu membaca {kata}; tidak ada jumlah atau persen yang menguatkan baris ini, jadi {kolom} dikosongkan"),
]
RULES: dict[str, Rule] = {r.aturan: r for r in _RULES}


def fmt(v) -> str:
    """A value inside a message, as Indonesian readers write it (1.234.567.890; 12,5)."""
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return str(v)
    if v == int(v) and abs(v) < 10_000:
        return str(int(v))  # years, pages and counts are written without a separator
    return angka(v)


def plain(v) -> str | None:
    """A value in the nilai_* columns: plain, as every number of the dataset."""
    if v is None:
        return None
    if not isinstance(v, (int, float, Decimal)) or isinstance(v, bool):
        return str(v)
    d = Decimal(str(v))
    return str(int(d)) if d == d.to_integral_value() else f"{d.normalize():f}"


def temuan(aturan: str, halaman: int | None = None, subjek: str = "", dilaporkan=None, hitung=None, bbox=None,
           keparahan: str | None = None, **values) -> Temuan:
    """One finding of rule `aturan`, its message filled from `values` (numbers written the
    Indonesian way) and its nilai_* columns from `dilaporkan` / `hitung` (plain)."""
    rule = RULES[aturan]
    selisih = None
    if isinstance(dilaporkan, (int, float, Decimal)) and isinstance(hitung, (int, float, Decimal)) \
            and not isinstance(dilaporkan, bool):
        selisih = plain(round(Decimal(str(dilaporkan)) - Decimal(str(hitung)), 4))
    values.setdefault("halaman", halaman if halaman else "?")
    pesan = rule.pesan.format(**{k: fmt(v) for k, v in values.items()})
    return Temuan(aturan=aturan, keparahan=keparahan or rule.keparahan, pesan=pesan, halaman=halaman,
                  subjek=str(subjek)[:120], nilai_dilaporkan=plain(dilaporkan), nilai_hitung=plain(hitung),
                  selisih=selisih, bbox=bbox)
