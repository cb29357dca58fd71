"""Reconciliation: the report checked against itself. Each rule has a stable id
(`aturan`); each mismatch is one finding with the page and the exact values.

Percent policy: a printed percentage passes when it equals realisasi / pagu x 100
rounded or truncated to the printed number of decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal

from models import BarisAnggaran, Belanja

from ..core.findings import RULES, fmt, rule, temuan  # noqa: F401  (RULES: the catalogue, re-exported)
from ..core.numbers import percent_agrees  # noqa: F401  (also read by the tests from here)

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("anggaran.jumlah_anak", "error", "a program's / kegiatan's pagu and realisasi equal the sum of its lines",
     "{field} {tingkat} '{nama}' (halaman {halaman}) tercetak {nilai} tetapi {n} baris di bawahnya berjumlah "
     "{jumlah}{tersangka}")
rule("anggaran.jumlah_anak_terbaca", "warning",
     "a parent's figure differs from its lines' sum, but the reading can explain the gap (a numbering gap, "
     "an OCR page, an unread table, a line elsewhere equal to the gap): a doubt about the reading, not an error "
     "of the report",
     "{field} {tingkat} '{nama}' (halaman {halaman}) tercetak {nilai} tetapi {n} baris yang terbaca di bawahnya "
     "berjumlah {jumlah}; selisih {selisih} mungkin berasal dari pembacaan: {alasan}")
rule("anggaran.jumlah_program", "error",
     "programs add up to the total (belanja total or the table's JUMLAH row)",
     "{n} program berjumlah {field} {jumlah} tetapi {label} tercetak {nilai}")
rule("anggaran.program_kurang", "warning",
     "programs read add up to less than the belanja they should make up: some programs may be missing "
     "from the table or from the reading (not an error of the report)",
     "{n} program yang terbaca berjumlah {field} {jumlah}, kurang {selisih} dari {label} yang tercetak {nilai}; "
     "mungkin ada program yang tidak tercantum di tabel atau tidak terbaca")
rule("anggaran.persen", "warning",
     "a printed % equals realisasi / pagu, rounded or truncated to the printed decimals",
     "tercetak {tercetak} % untuk {apa} tetapi realisasi / pagu = {nilai_hitung} %")
rule("anggaran.realisasi_melebihi_pagu", "warning", "realisasi is not above pagu",
     "realisasi '{nama}' ({realisasi}) melebihi pagunya ({pagu})")
rule("belanja.jumlah_jenis", "error", "operasi + modal (+ ...) or langsung + tidak langsung equal the total",
     "{bagian} = {jumlah} tetapi {field} total tercetak {nilai}")
rule("belanja.persen", "warning", "a printed belanja % equals realisasi / pagu",
     "tercetak {tercetak} % untuk {apa} tetapi realisasi / pagu = {nilai_hitung} %")
rule("pegawai.jumlah", "error", "staff counts add up to the printed total",
     "{apa} berjumlah {jumlah} tetapi total yang tercetak {nilai}")
rule("wilayah.jumlah", "error", "desa areas add up to the printed total",
     "{apa} berjumlah {jumlah} tetapi total yang tercetak {nilai}")
rule("pegawai.jumlah_terbaca", "warning",
     "staff counts differ from the printed total on a page read by OCR or beside an unread table: a doubt "
     "about the reading, not an error of the report",
     "{apa} terbaca berjumlah {jumlah} tetapi total yang tercetak {nilai}; {sebab}: periksa halamannya")
rule("wilayah.jumlah_terbaca", "warning",
     "desa areas differ from the printed total on a page read by OCR or beside an unread table: a doubt "
     "about the reading, not an error of the report",
     "{apa} terbaca berjumlah {jumlah} tetapi total yang tercetak {nilai}; {sebab}: periksa halamannya")
rule("indikator.capaian", "warning",
     "a printed capaian against realisasi / target (mirrored when lower is better), within one unit of the "
     "printed last place",
     "capaian '{indikator}' tercetak {capaian} % tetapi target {target} dan realisasi {realisasi} memberi {nilai_hitung} %")
rule("indikator.capaian_dibatasi", "info",
     "a capaian printed as 100 where the figures give more: a capping policy",
     "capaian '{indikator}' tercetak 100 sedangkan realisasi / target memberi {nilai_hitung} %: dibatasi 100 "
     "sesuai kebijakan")
rule("indikator.kategori", "warning", "a printed category (Sangat Baik ... Sangat Kurang) against the band of its capaian",
     "'{indikator}' tercetak '{kategori}' tetapi capaiannya {capaian} % termasuk '{pita}'")
rule("pegawai.dimensi_berbeda", "warning", "staff totals by pendidikan and by golongan differ",
     "{pendidikan} pegawai terhitung menurut pendidikan tetapi {golongan} menurut golongan")


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
    return (f"; {k.tingkat.replace('_', ' ')} '{k.nama}' ({k.id_baris}, halaman {k.halaman}) mencetak "
            f"{fmt(k.realisasi)} / {fmt(k.pagu)} dengan {fmt(k.persen)} %, jadi angkanyalah yang kemungkinan salah ketik")


def _reading_gap(parent, kids, field: str, gap: Decimal, lines, doubt_pages: dict[int, str]) -> str:
    """Why the reading, rather than the report, may explain that `kids` do not add up to `parent`
    (gap = parent - sum of kids); '' when nothing does. Only a shortfall can be a lost line."""
    if not kids or gap == 0:
        return ""
    if gap < 0:
        # lines adding up to more than their parent: no line was lost, but a figure read by OCR
        # may be misread (a 3 for an 8): on such a page the doubt is the reading's
        span = {ln.halaman for ln in [parent, *kids]}
        ocr = sorted(p for p in span if "OCR" in doubt_pages.get(p, ""))
        return f"halaman {ocr[0]} {doubt_pages[ocr[0]]}" if ocr else ""
    figures = [Decimal(str(getattr(k, field))) for k in kids if getattr(k, field)]
    if figures and gap < min(min(figures), Decimal(str(getattr(parent, field))) / 100):
        return ""  # a few rupiah off ('... 5.120.000.300' / '... 111'): a slip in the report, not a lost line
    reasons = []
    ends = [k.kode.rsplit(".", 1) for k in kids if k.kode and "." in k.kode]
    if len(ends) == len(kids) and len({a for a, _ in ends}) == 1 and all(b.isdigit() for _, b in ends):
        have = sorted(int(b) for _, b in ends)
        missing = [n for n in range(have[0], have[-1] + 1) if n not in have]
        if missing:
            reasons.append(f"penomoran kode melompat ({ends[0][0]}.{missing[0]} tidak terbaca)")
    span = range(min([parent.halaman] + [k.halaman for k in kids]), max([parent.halaman] + [k.halaman for k in kids]) + 2)
    for page in span:
        if page in doubt_pages:
            reasons.append(f"halaman {page} {doubt_pages[page]}")
            break
    kid_ids = {k.id_baris for k in kids}
    deeper = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}.get(parent.tingkat)
    same = [ln for ln in lines if ln.id_baris not in kid_ids and ln.tingkat == deeper
            and getattr(ln, field) is not None and Decimal(str(getattr(ln, field))) == gap]
    if same:
        reasons.append(f"baris '{same[0].nama[:60]}' (halaman {same[0].halaman}) bernilai sama dengan selisihnya, "
                       "mungkin anaknya yang tidak terhubung")
    return "; ".join(reasons)


class Reconciler:
    def __init__(self):
        self.findings: list = []

    def add(self, aturan, halaman=None, subjek="", dilaporkan=None, hitung=None, bbox=None, **values):
        self.findings.append(temuan(aturan, halaman, subjek, dilaporkan, hitung, bbox, **values))

    def percent(self, aturan, printed, pagu, realisasi, what: str, halaman, subjek, bbox=None) -> None:
        if printed is None or not pagu or realisasi is None:
            return
        ok, exact = percent_agrees(printed, pagu, realisasi)
        if not ok:
            self.add(aturan, halaman, subjek, printed, float(exact), bbox, tercetak=printed, apa=what,
                     nilai_hitung=float(exact))

    # ---------------------------------------------------------------- anggaran
    def anggaran(self, lines: list[BarisAnggaran], table_totals, belanja: list[Belanja],
                 groups: dict[str, str] | None = None, printed: dict[str, dict] | None = None,
                 doubt_pages: dict[int, str] | None = None) -> None:
        """`groups` names the table (or prose) each line was read from: a table's programs are
        summed against its own JUMLAH row, and against the belanja total only when all programs
        come from one place (two tables may list the same programs twice). `printed` holds what
        each table printed for a line merged from several mentions: a JUMLAH row is set against
        its own table's figures, whichever mention was exported. `doubt_pages` names the pages
        read by OCR or holding a table no reader took (page -> why)."""
        doubt_pages = doubt_pages or {}
        children: dict[str, list[BarisAnggaran]] = {}
        for ln in lines:
            if ln.id_induk:
                children.setdefault(ln.id_induk, []).append(ln)
        for ln in lines:
            kids = children.get(ln.id_baris, [])
            for field in ("pagu", "realisasi"):
                parent_v = getattr(ln, field)
                total = None if field in ln.dihitung else _mismatch([getattr(k, field) for k in kids], parent_v)
                why = _reading_gap(ln, kids, field, Decimal(str(parent_v)) - total, lines, doubt_pages) \
                    if total is not None else ""
                if why:
                    self.add("anggaran.jumlah_anak_terbaca", ln.halaman, ln.id_baris, parent_v, float(total), ln.bbox,
                             field=field, tingkat=ln.tingkat.replace("_", " "), nama=ln.nama, nilai=parent_v,
                             n=len(kids), jumlah=total, selisih=Decimal(str(parent_v)) - total, alasan=why)
                elif total is not None:
                    self.add("anggaran.jumlah_anak", ln.halaman, ln.id_baris, parent_v, float(total), ln.bbox,
                             field=field, tingkat=ln.tingkat.replace("_", " "), nama=ln.nama, nilai=parent_v,
                             n=len(kids), jumlah=total, tersangka=_suspect(kids))
            if ln.pagu is not None and ln.realisasi is not None:
                if ln.realisasi > ln.pagu:
                    self.add("anggaran.realisasi_melebihi_pagu", ln.halaman, ln.id_baris, ln.realisasi, ln.pagu,
                             ln.bbox, nama=ln.nama, realisasi=ln.realisasi, pagu=ln.pagu)
                self.percent("anggaran.persen", ln.persen, ln.pagu, ln.realisasi, f"'{ln.nama}'", ln.halaman,
                             ln.id_baris, ln.bbox)
        groups = groups or {}
        programs = [ln for ln in lines if ln.tingkat == "program"]
        if not programs:
            return
        group_of = lambda ln: groups.get(ln.id_baris, "")
        printed = printed or {}
        in_table = lambda p, g: group_of(p) == g or g in printed.get(p.id_baris, {})
        refs = [(t.label, t.pagu, t.realisasi, t.halaman, getattr(t, "bbox", None),
                 [p for p in programs if in_table(p, t.group)], t.group) for t in table_totals]
        by_kind = {b.jenis: b for b in belanja}
        if len({group_of(p) for p in programs}) == 1:
            # programs are the belanja langsung: against it, else the total less the tidak langsung
            bl, tot, btl = by_kind.get("belanja_langsung"), by_kind.get("total"), by_kind.get("belanja_tidak_langsung")
            if bl:
                refs.append(("belanja langsung", bl.pagu, bl.realisasi, bl.halaman, bl.bbox, programs, None))
            elif tot and btl:
                less = lambda a, b: None if a is None or b is None else a - b
                refs.append(("belanja total dikurangi belanja tidak langsung", less(tot.pagu, btl.pagu),
                             less(tot.realisasi, btl.realisasi), tot.halaman, tot.bbox, programs, None))
            elif tot:
                refs.append(("belanja total", tot.pagu, tot.realisasi, tot.halaman, tot.bbox, programs, None))
        def own(p, field, g):
            mine = printed.get(p.id_baris, {}).get(g) if g is not None and group_of(p) != g else None
            return mine[0 if field == "pagu" else 1] if mine is not None else getattr(p, field)

        for label, pagu, real, page, bbox, progs, g in refs:
            if not progs:
                continue
            for field, ref_v in (("pagu", pagu), ("realisasi", real)):
                total = _mismatch([own(p, field, g) for p in progs], ref_v)
                btl = getattr(by_kind.get("belanja_tidak_langsung"), field, None)
                if total is not None and btl is not None and Decimal(str(ref_v)) - total == Decimal(str(btl)):
                    continue  # the row totals the unit's belanja, the tidak langsung (salaries) included
                if total is not None and g is None and total < Decimal(str(ref_v)):
                    # short of the belanja: lines the table leaves out (or the reading lost) explain it
                    self.add("anggaran.program_kurang", page, label, ref_v, float(total), bbox, n=len(progs),
                             field=field, jumlah=total, label=label, nilai=ref_v,
                             selisih=Decimal(str(ref_v)) - total)
                    continue
                if total is not None:
                    self.add("anggaran.jumlah_program", page, label, ref_v, float(total), bbox, n=len(progs),
                             field=field, jumlah=total, label=label, nilai=ref_v)

    def table_total_percent(self, table_totals) -> None:
        for t in table_totals:
            self.percent("anggaran.persen", t.persen, t.pagu, t.realisasi, f"baris {t.label}", t.halaman, t.label,
                         getattr(t, "bbox", None))

    # ---------------------------------------------------------------- belanja
    def belanja(self, rows: list[Belanja]) -> None:
        by = {b.jenis: b for b in rows}
        tot = by.get("total")
        for b in rows:
            self.percent("belanja.persen", b.persen, b.pagu, b.realisasi, b.jenis.replace("_", " "), b.halaman, b.jenis,
                         b.bbox)
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
                    self.add("belanja.jumlah_jenis", tot.halaman, "total", ref_v, float(s), tot.bbox,
                             bagian=" + ".join(p.jenis.replace("_", " ") for p in parts), jumlah=s, field=field,
                             nilai=ref_v)

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
                self.add("indikator.capaian_dibatasi", r.halaman, r.id_indikator, r.capaian, r.capaian_hitung,
                         r.bbox, indikator=r.indikator[:80], nilai_hitung=computed)
            else:
                self.add("indikator.capaian", r.halaman, r.id_indikator, r.capaian, r.capaian_hitung, r.bbox,
                         indikator=r.indikator[:80], capaian=r.capaian, target=r.target, realisasi=r.realisasi,
                         nilai_hitung=computed)

    def kategori(self, rows) -> None:
        """A printed category ('Sangat Baik') against the band its capaian falls in."""
        for r in rows:
            if not r.kategori_teks or r.kategori is None:
                continue
            printed = _KATEGORI_WORDS.get(re.sub(r"[^a-z]", "", r.kategori_teks.lower()))
            if printed and printed != r.kategori:
                self.add("indikator.kategori", r.halaman, r.id_indikator, r.kategori_teks, r.kategori, r.bbox,
                         indikator=r.indikator[:80], kategori=r.kategori_teks, capaian=r.capaian,
                         pita=r.kategori.replace("_", " "))

    def staff_dimensions(self, pegawai) -> None:
        """Staff counted by pendidikan and by golongan are the same people: the totals agree,
        or differ by exactly the non-PNS staff (who have no golongan)."""
        total = lambda dim: sum(p.jumlah for p in pegawai if p.dimensi == dim)
        if not any(p.dimensi == "pendidikan" for p in pegawai) or not any(p.dimensi == "golongan" for p in pegawai):
            return
        pend, gol = total("pendidikan"), total("golongan")
        non_pns = sum(p.jumlah for p in pegawai if p.dimensi == "status_kepegawaian" and p.kategori != "PNS")
        if pend != gol and pend - gol != non_pns:
            first = next(p for p in pegawai if p.dimensi == "golongan")
            self.add("pegawai.dimensi_berbeda", first.halaman, "pegawai", pend, gol, first.bbox, pendidikan=pend,
                     golongan=gol)

    # ---------------------------------------------------------------- counted tables
    def sums(self, aturan: str, items: list[float], totals, what: str, doubt_pages: dict[int, str] | None = None) -> None:
        """Items against their printed totals; on a page whose reading is in doubt (OCR, a table
        not read) a difference is a warning about the reading, not the report's error."""
        for t in totals:
            s = _mismatch(items, t.value)
            if s is None:
                continue
            why = (doubt_pages or {}).get(t.halaman)
            if why:
                self.add(f"{aturan}_terbaca", t.halaman, what, t.value, float(s), getattr(t, "bbox", None), apa=what,
                         jumlah=s, nilai=t.value, sebab=f"halaman {t.halaman} {why}")
            else:
                self.add(aturan, t.halaman, what, t.value, float(s), getattr(t, "bbox", None), apa=what, jumlah=s,
                         nilai=t.value)
