"""What every reader shares: the laid-out document, the findings list, and number
reading that never guesses silently."""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from models import Temuan

from ..core.findings import rule, temuan
from ..core.patterns import Number, Unreadable, parse_amount, parse_decimal, to_plain
from ..layout.page_layout import Layout, Table
from ..layout.roles import TableView, understand

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("angka.tidak_terbaca", "warning", "a number left empty because it could not be read",
     "{alasan}; nilainya dikosongkan")
rule("angka.diperbaiki", "info",
     "a malformed number repaired because it has one reading (warning when the sums chose the reading)",
     "{catatan}")
rule("angka.kata_berbeda", "warning", "digits and the number words beside them disagree; left empty unless a stated "
     "total decides the reading",
     "'{teks}' tercetak {angka} dengan angka tetapi {kata} dengan huruf{akibat}")
rule("tabel.tahun_lain", "info", "a table titled with another year is not read as this year's figures",
     "tabel '{judul}' berjudul tahun lain dari {tahun}; angkanya tidak diekspor")



def _same_words(a: str, b: str) -> bool:
    """Two headings of mostly the same words (one table's heading repeated, split otherwise)."""
    wa, wb = set(re.findall(r"[a-z]{2,}", a.lower())), set(re.findall(r"[a-z]{2,}", b.lower()))
    return bool(wa and wb) and len(wa & wb) >= 0.6 * min(len(wa), len(wb))


@dataclass
class Context:
    layout: Layout
    findings: list[Temuan] = field(default_factory=list)
    year: int | None = None  # the year reported on, once known
    ref: object = None  # reference.Reference, when reference data is available
    _views: list[TableView] | None = None
    read: set[int] = field(default_factory=set)  # id() of the tables a reader took rows from

    def took(self, view: TableView) -> None:
        """A reader read rows from this table (the coverage check lists the tables no reader took)."""
        self.read.add(id(view.table))

    def views(self) -> list[TableView]:
        """Every table, understood (the coverage check's view of them)."""
        self.tables("lainnya")
        return list(self._views or [])

    def tables(self, kind: str) -> list[TableView]:
        """Tables holding `kind`; a table titled with another year is not this year's figure."""
        if self._views is None:
            self._views = [understand(t, self.year) for t in self.layout.tables]
            for prev, view in zip(self._views, self._views[1:]):
                # the same table going on over the next pages under its repeated heading, without
                # its title: the title's year is still its year
                if view.table.page - prev.table.pages[-1] in (0, 1) and prev.other_year and \
                        not re.search(r"\btabel\b", view.table.caption, re.I) and \
                        _same_words(" ".join(view.headers), " ".join(prev.headers)):
                    view.other_year = True
            for v in self._views:
                if v.other_year and v.kind != "lainnya":
                    self.finding("tabel.tahun_lain", v.table.page, v.table.caption[-60:], bbox=v.table.bbox,
                                 judul=v.table.caption[-80:], tahun=self.year)
        return [v for v in self._views if kind in v.kinds and not v.other_year]

    def finding(self, aturan: str, halaman: int | None = None, subjek: str = "", dilaporkan=None, hitung=None,
                bbox=None, keparahan: str | None = None, **values) -> None:
        """A finding of rule `aturan` (extract/rules.py), its message filled from `values`."""
        self.findings.append(temuan(aturan, halaman, subjek, dilaporkan, hitung, bbox, keparahan, **values))

    def _read(self, parser, text: str, subjek: str, halaman: int | None):
        got = parser(text or "")
        if isinstance(got, Unreadable):
            self.finding("angka.tidak_terbaca", halaman, subjek, got.text, alasan=got.reason)
            return None
        if isinstance(got, Number) and got.repaired:
            self.finding("angka.diperbaiki", halaman, subjek, got.text, to_plain(got.value),
                         catatan=f"angka diperbaiki: {got.note}")
        return to_plain(got.value) if isinstance(got, Number) else None

    def amount(self, text: str, subjek: str = "", halaman: int | None = None):
        """Money or a count; '-' and 'n/a' are empty."""
        return self._read(parse_amount, text, subjek, halaman)

    def decimal(self, text: str, subjek: str = "", halaman: int | None = None):
        """Percent or measure with a decimal comma or point."""
        return self._read(parse_decimal, text, subjek, halaman)


def cell_page_bbox(view: TableView, row, role: str | None = None):
    """Page and bbox of a row (or of one of its cells) for provenance."""
    cells = [view.cell(row, role)] if role else [c for c in row if c.bbox]
    cells = [c for c in cells if c is not None and c.bbox]
    if not cells:
        t: Table = view.table
        return t.page, None
    x0 = min(c.bbox[0] for c in cells)
    return cells[0].page, (x0, min(c.bbox[1] for c in cells), max(c.bbox[2] for c in cells), max(c.bbox[3] for c in cells))
