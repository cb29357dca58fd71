"""Reconciliation: the report checked against itself. Each rule has a stable id
(`aturan`); each mismatch is one finding with the page and the exact values.

Percent policy: a printed percentage passes when it equals realisasi / pagu x 100
rounded or truncated to the printed number of decimals.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from models import BarisAnggaran, Belanja, Temuan

RULES: dict[str, str] = {
    "anggaran.jumlah_anak": "the pagu and realisasi of a program or kegiatan equal the sum of its lines",
    "anggaran.jumlah_program": "the programs add up to the total budget (belanja total or the table's JUMLAH row)",
    "anggaran.persen": "a printed % equals realisasi / pagu (rounded or truncated to the printed decimals)",
    "anggaran.realisasi_melebihi_pagu": "realisasi is not above pagu",
    "anggaran.tabel_narasi_berbeda": "a budget line's figure differs between a table and the text (the table's is exported)",
    "belanja.jumlah_jenis": "the kinds of belanja add up to the total",
    "belanja.persen": "a printed belanja % equals realisasi / pagu",
    "belanja.nilai_berbeda": "the same belanja figure is printed with two different values",
    "pegawai.jumlah": "staff counts add up to the printed total",
    "pegawai.nilai_berbeda": "a staff count in the text differs from the table's (the table's is exported)",
    "angka.kata_berbeda": "digits and the number words beside them disagree ('36 (tiga puluh empat)'); left empty",
    "wilayah.jumlah": "desa areas add up to the printed total",
    "angka.tidak_terbaca": "a printed number could not be read; the value is left empty",
    "angka.diperbaiki": "a malformed number was repaired (only when it has one reading)",
    "nilai.tidak_valid": "a value outside its valid range (NIP, year, money, percent) was not exported",
    "anggaran.tingkat_tidak_jelas": "a budget row whose level cannot be told was not exported",
    "indikator.capaian": "a printed capaian differs from realisasi / target (or its mirror when lower is better)",
    "indikator.capaian_dibatasi": "a capaian printed as 100 where realisasi / target is above 100 (a capping policy; info)",
    "indikator.capaian_narasi": "a sentence's capaian differs from its own planned and realised counts",
    "indikator.kategori": "a printed category (Sangat Baik ... Sangat Kurang) against the band of its capaian",
    "pegawai.dimensi_berbeda": "staff totals by pendidikan and by golongan differ",
    "teks.jumlah_pegawai": "a staff total the text states ('Jumlah pegawai ... 64 orang') against the counts read",
    "teks.jumlah_baris": "a count the text states (kegiatan, program, desa) differs from the rows read",
    "teks.paragraf_berulang": "a narrative paragraph repeated word for word further on",
    "halaman.dilewati": "a page not read: over the size limits for untrusted input, or a scan while OCR is unavailable",
    "ocr.angka_ragu": "a figure with digits OCR was unsure of, which no sum or percent confirms, was left empty",
    "tabel.tahun_lain": "a table titled with another year than the report's is not read as this year's figures",
    "pegawai.kategori_tidak_dikenal": "a staff row whose category is not a known pendidikan / golongan",
}


def _fmt(v) -> str:
    if v is None:
        return ""
    if not isinstance(v, (int, float, Decimal)):
        return str(v)
    d = Decimal(str(v))
    return str(int(d)) if d == d.to_integral_value() else f"{d.normalize():f}"


_KATEGORI_WORDS = {"sangatbaik": "sangat_baik", "baik": "baik", "cukup": "cukup", "kurang": "kurang",
                   "sangatkurang": "sangat_kurang", "tinggi": None, "sedang": None, "rendah": None}


def _mismatch(values, reference) -> Decimal | None:
    """The exact sum of `values` when it differs from `reference`; None when it agrees or a
    figure is missing."""
    if reference is None or not values or any(v is None for v in values):
        return None
    total = sum(Decimal(str(v)) for v in values)
    return total if total != Decimal(str(reference)) else None


def _suspect(kids) -> str:
    """The line among them whose own printed % does not fit its figures: the likely typo."""
    odd = [k for k in kids if k.persen is not None and k.pagu and k.realisasi is not None
           and not percent_agrees(k.persen, k.pagu, k.realisasi)[0]]
    if len(odd) != 1:
        return ""
    k = odd[0]
    return (f"; {k.tingkat.replace('_', ' ')} '{k.nama}' ({k.id_baris}, page {k.halaman}) prints "
            f"{_fmt(k.realisasi)} / {_fmt(k.pagu)} with {_fmt(k.persen)} %, so its figure is the likely typo")


def percent_agrees(printed: float, pagu: float, realisasi: float) -> tuple[bool, Decimal]:
    exact = Decimal(str(realisasi)) * 100 / Decimal(str(pagu))
    p = Decimal(str(printed))
    places = max(0, -p.as_tuple().exponent) if p.as_tuple().exponent < 0 else 0
    q = Decimal(1).scaleb(-places)
    candidates = {exact.quantize(q, ROUND_HALF_UP), exact.quantize(q, ROUND_DOWN)}
    return p in candidates or any(abs(p - c) < Decimal("1e-9") for c in candidates), exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


class Reconciler:
    def __init__(self):
        self.findings: list[Temuan] = []

    def add(self, aturan, keparahan, pesan, halaman=None, subjek="", dilaporkan=None, hitung=None, bbox=None):
        selisih = None
        if isinstance(dilaporkan, (int, float)) and isinstance(hitung, (int, float)):
            selisih = _fmt(round(Decimal(str(dilaporkan)) - Decimal(str(hitung)), 4))
        self.findings.append(Temuan(aturan=aturan, keparahan=keparahan, pesan=pesan, halaman=halaman, subjek=subjek,
                                    nilai_dilaporkan=_fmt(dilaporkan) if dilaporkan is not None else None,
                                    nilai_hitung=_fmt(hitung) if hitung is not None else None, selisih=selisih,
                                    bbox=bbox))

    def percent(self, aturan, printed, pagu, realisasi, what: str, halaman, subjek) -> None:
        if printed is None or not pagu or realisasi is None:
            return
        ok, exact = percent_agrees(printed, pagu, realisasi)
        if not ok:
            self.add(aturan, "warning", f"printed {_fmt(printed)} % for {what} but realisasi / pagu is {exact} %",
                     halaman, subjek, printed, float(exact))

    # ---------------------------------------------------------------- anggaran
    def anggaran(self, lines: list[BarisAnggaran], table_totals, belanja: list[Belanja],
                 groups: dict[str, str] | None = None) -> None:
        """`groups` names the table (or prose) each line was read from: a table's programs are
        summed against its own JUMLAH row, and against the belanja total only when all programs
        come from one place (two tables may list the same programs twice)."""
        children: dict[str, list[BarisAnggaran]] = {}
        for ln in lines:
            if ln.id_induk:
                children.setdefault(ln.id_induk, []).append(ln)
        for ln in lines:
            kids = children.get(ln.id_baris, [])
            for field in ("pagu", "realisasi"):
                parent_v = getattr(ln, field)
                total = None if field in ln.dihitung else _mismatch([getattr(k, field) for k in kids], parent_v)
                if total is not None:
                    self.add("anggaran.jumlah_anak", "error",
                             f"{field} of {ln.tingkat} '{ln.nama}' (page {ln.halaman}) is {_fmt(parent_v)} but its "
                             f"{len(kids)} lines add up to {_fmt(total)}{_suspect(kids)}", ln.halaman, ln.id_baris,
                             parent_v, float(total), ln.bbox)
            if ln.pagu is not None and ln.realisasi is not None:
                if ln.realisasi > ln.pagu:
                    self.add("anggaran.realisasi_melebihi_pagu", "warning",
                             f"realisasi of '{ln.nama}' is above its pagu", ln.halaman, ln.id_baris,
                             ln.realisasi, ln.pagu)
                self.percent("anggaran.persen", ln.persen, ln.pagu, ln.realisasi, f"'{ln.nama}'", ln.halaman,
                             ln.id_baris)
        groups = groups or {}
        programs = [ln for ln in lines if ln.tingkat == "program"]
        if not programs:
            return
        group_of = lambda ln: groups.get(ln.id_baris, "")
        refs = [(t.label, t.pagu, t.realisasi, t.halaman, [p for p in programs if group_of(p) == t.group])
                for t in table_totals]
        tot = next((b for b in belanja if b.jenis == "total"), None)
        if tot and len({group_of(p) for p in programs}) == 1:
            refs.append(("belanja total", tot.pagu, tot.realisasi, tot.halaman, programs))
        for label, pagu, real, page, progs in refs:
            if not progs:
                continue
            for field, ref_v in (("pagu", pagu), ("realisasi", real)):
                total = _mismatch([getattr(p, field) for p in progs], ref_v)
                if total is not None:
                    self.add("anggaran.jumlah_program", "error",
                             f"{len(progs)} programs add up to {field} {_fmt(total)} but {label} is {_fmt(ref_v)}",
                             page, label, ref_v, float(total))

    def table_total_percent(self, table_totals) -> None:
        for t in table_totals:
            self.percent("anggaran.persen", t.persen, t.pagu, t.realisasi, f"the {t.label} row", t.halaman, t.label)

    # ---------------------------------------------------------------- belanja
    def belanja(self, rows: list[Belanja]) -> None:
        by = {b.jenis: b for b in rows}
        tot = by.get("total")
        for b in rows:
            self.percent("belanja.persen", b.persen, b.pagu, b.realisasi, b.jenis, b.halaman, b.jenis)
        if not tot:
            return
        for group in (("belanja_operasi", "belanja_modal", "belanja_tidak_terduga", "belanja_transfer"),
                      ("belanja_langsung", "belanja_tidak_langsung")):
            parts = [by[k] for k in group if k in by]
            if len(parts) < 2:
                continue
            for field in ("pagu", "realisasi"):
                ref_v = getattr(tot, field)
                s = _mismatch([getattr(p, field) for p in parts], ref_v)
                if s is not None:
                    self.add("belanja.jumlah_jenis", "error",
                             f"{' + '.join(p.jenis for p in parts)} = {_fmt(s)} but the total {field} is {_fmt(ref_v)}",
                             tot.halaman, "total", ref_v, float(s))

    # ---------------------------------------------------------------- indikator
    def indikator(self, rows) -> None:
        """Printed capaian against the report's formula (realisasi / target, or its mirror for an
        indicator where lower is better). A capaian capped at 100 is a policy, noted as info."""
        for r in rows:
            if r.capaian is None or r.capaian_hitung is None:
                continue
            printed, computed = Decimal(str(r.capaian)).normalize(), Decimal(str(r.capaian_hitung))
            places = max(0, -printed.as_tuple().exponent)  # '101' is printed without decimals
            q = Decimal(1).scaleb(-places)
            if abs(printed - computed) <= q:  # within one unit of the printed last place (rounded or cut)
                continue
            if printed == 100 and computed > 100:
                self.add("indikator.capaian_dibatasi", "info",
                         f"capaian of '{r.indikator[:80]}' is printed as 100 while realisasi / target gives "
                         f"{computed} %: capped at 100 by policy", r.halaman, r.id_indikator, r.capaian,
                         r.capaian_hitung)
            else:
                self.add("indikator.capaian", "warning",
                         f"capaian of '{r.indikator[:80]}' is printed as {_fmt(r.capaian)} % but target {_fmt(r.target)} "
                         f"and realisasi {_fmt(r.realisasi)} give {computed} %", r.halaman, r.id_indikator,
                         r.capaian, r.capaian_hitung)

    def kategori(self, rows) -> None:
        """A printed category ('Sangat Baik') against the band its capaian falls in."""
        for r in rows:
            if not r.kategori_teks or r.kategori is None:
                continue
            printed = _KATEGORI_WORDS.get(re.sub(r"[^a-z]", "", r.kategori_teks.lower()))
            if printed and printed != r.kategori:
                self.add("indikator.kategori", "warning",
                         f"'{r.indikator[:80]}' is printed as {r.kategori_teks!r} but its capaian {_fmt(r.capaian)} % "
                         f"falls in '{r.kategori.replace('_', ' ')}'", r.halaman, r.id_indikator, r.kategori_teks,
                         r.kategori, r.bbox)

    def staff_dimensions(self, pegawai) -> None:
        """Staff counted by pendidikan and by golongan are the same people: the totals agree,
        or differ by exactly the non-PNS staff (who have no golongan)."""
        total = lambda dim: sum(p.jumlah for p in pegawai if p.dimensi == dim)
        if not any(p.dimensi == "pendidikan" for p in pegawai) or not any(p.dimensi == "golongan" for p in pegawai):
            return
        pend, gol = total("pendidikan"), total("golongan")
        non_pns = sum(p.jumlah for p in pegawai if p.dimensi == "status_kepegawaian" and p.kategori != "PNS")
        if pend != gol and pend - gol != non_pns:
            page = next(p.halaman for p in pegawai if p.dimensi == "golongan")
            self.add("pegawai.dimensi_berbeda", "warning",
                     f"{pend} staff are counted by pendidikan but {gol} by golongan", page, "pegawai", pend, gol)

    # ---------------------------------------------------------------- counted tables
    def sums(self, aturan: str, items: list[float], totals, what: str) -> None:
        for t in totals:
            s = _mismatch(items, t.value)
            if s is not None:
                self.add(aturan, "error", f"{what} add up to {_fmt(s)} but the printed total is {_fmt(t.value)}",
                         t.halaman, what, t.value, float(s))
