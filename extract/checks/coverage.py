"""Nothing skipped in silence: every table with figures that no reader took becomes a finding
with its page, its box and the reason, and each report says what share of the money figures
it prints reached an exported row (`cakupan_angka`). On a new PDF, without a truth file, this
is how a user (and we) see what was missed."""

from __future__ import annotations

import re

from models import Report, Temuan

from ..core.findings import rule, temuan
from ..layout.page_layout import Layout

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("tabel.tidak_dibaca", "warning", "a table with figures that no reader took (its page, box and why)",
     "tabel '{judul}' (halaman {halaman}, {n} angka) tidak dibaca: {alasan}")

# a money figure as printed: thousands grouped ('1.234.567.890', '1,234,567.00')
_MONEY = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?(?![\d])")
_FIGURE = re.compile(r"\d")
_NOT_A_FIGURE = re.compile(r"^\(?\d{1,2}\)?[.)]?$|^(?:19|20)\d{2}$|^[IVXivx]+\.?$|^\d+(?:\.\d+){1,3}\.?$")


rule("cakupan.angka_tidak_diekspor", "info",
     "money figures of a page that reached no exported row, outside the tables already reported unread",
     "halaman {halaman}: {n} angka uang tidak masuk dataset ({contoh}); periksa apakah ada yang terlewat")


def _figures(table) -> int:
    """Cells holding figures (not numbering, column numbers or a year)."""
    return sum(1 for row in table.rows for c in row
               if c.text and _FIGURE.search(c.text) and not _NOT_A_FIGURE.match(c.text.strip()))


def unread_tables(views, read: set[int], year: int | None) -> list[Temuan]:
    """One finding per table with figures no reader took, saying why."""
    measured = any("indikator" in v.kinds and id(v.table) in read for v in views)
    out = []
    for v in views:
        t = v.table
        n = _figures(t)
        if n < 3 or id(t) in read:
            continue
        heads = ", ".join(h[:25] for h in v.headers if h)[:140]
        money = any(_MONEY.search(c.text or "") for row in t.rows for c in row)
        severity = "info"
        if v.other_year:
            why = f"judul tabel menyebut tahun lain dari {year}"
        elif "anggaran_sasaran" in v.kinds:
            why = "anggaran per sasaran, bukan baris program/kegiatan"
        elif "indikator_target" in v.kinds and measured:
            why = "target saja; laporan memuat tabel pengukuran (target dan realisasi)"
        elif v.kind == "lainnya":
            why = f"jenis tabel tidak dikenali dari kepala kolom ({heads or 'tanpa kepala kolom'})"
            severity = "warning" if money else "info"  # money left unread matters most
        else:
            why = f"tabel {v.kind.replace('_', ' ')} tanpa baris yang terbaca (kepala kolom: {heads})"
            severity = "warning"
        caption = " ".join(t.caption.split())[-80:] or f"tabel di halaman {t.page}"
        out.append(temuan("tabel.tidak_dibaca", t.page, caption[-60:], n, None, t.bbox, keparahan=severity,
                          judul=caption, n=n, alasan=why))
    return out


def _value(text: str) -> float:
    sep = re.search(r"\d([.,])\d{3}", text).group(1)
    dec = "," if sep == "." else "."
    whole, _, frac = text.partition(dec) if re.search(rf"\{dec}\d{{1,2}}$", text) else (text, "", "")
    return float(whole.replace(sep, "") + ("." + frac if frac else ""))


def printed_money(layout: Layout) -> set[float]:
    """The money figures the document prints (at least 1.000, thousands grouped), each value once."""
    found = set()
    for page in layout.pages.values():
        for w in page.words:
            for m in _MONEY.finditer(w.text):
                v = _value(m.group(0))
                if v >= 1000:
                    found.add(v)
    return found


def exported_values(reports: list[Report]) -> set[float]:
    vals = set()
    for r in reports:
        for rows, fields in ((r.anggaran, ("pagu", "realisasi")), (r.belanja, ("pagu", "realisasi")),
                             (r.indikator, ("target", "realisasi")), (r.pegawai, ("jumlah",)),
                             (r.wilayah, ("luas_km2", "jumlah_penduduk"))):
            for row in rows:
                for f in fields:
                    v = getattr(row, f)
                    if v is not None:
                        vals.add(float(v))
    return vals


def left_out(layout: Layout, reports: list[Report], unread: list[Temuan]) -> list[Temuan]:
    """One finding per page listing its money figures that reached no exported row, leaving out
    those inside a table already reported unread (that finding says why): every gap of
    `cakupan_angka` is named with its page."""
    exported = exported_values(reports)
    boxes = {}
    for f in unread:
        boxes.setdefault(f.halaman, []).append(f.bbox)
    out = []
    for number in sorted(layout.pages):
        missed: list[str] = []
        for w in layout.pages[number].words:
            if any(b and b[0] - 2 <= w.x0 and w.x1 <= b[2] + 2 and b[1] - 2 <= w.top and w.bottom <= b[3] + 2
                   for b in boxes.get(number, [])):
                continue
            for m in _MONEY.finditer(w.text):
                v = _value(m.group(0))
                if v >= 1000 and not ({v, v * 1000, v * 1_000_000} & exported) and m.group(0) not in missed:
                    missed.append(m.group(0))
        if missed:
            shown = ", ".join(missed[:5]) + (", ..." if len(missed) > 5 else "")
            out.append(temuan("cakupan.angka_tidak_diekspor", number, f"{len(missed)} angka", len(missed), None,
                              None, n=len(missed), contoh=shown))
    return out


def money_coverage(layout: Layout, reports: list[Report]) -> float | None:
    """Percent of the printed money figures found in an exported row (a figure printed in
    thousands counts when its rupiah value was exported); None when the document prints none."""
    printed = printed_money(layout)
    if not printed:
        return None
    exported = exported_values(reports)
    covered = sum(1 for v in printed if v in exported or v * 1000 in exported or v * 1_000_000 in exported)
    return round(100 * covered / len(printed), 1)
