"""Locating content by the vocabulary of the field: what a table is (from its header
cells) and what role each of its columns plays. No page numbers, no sentences
of one document: only the words every LAKIP table header is made of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Table
from .patterns import normalize_space

# column roles, tried in order: the first whose pattern matches the header text wins
ROLE_PATTERNS: list[tuple[str, str]] = [
    ("no", r"^(no|no\.|nomor|nomer|#)$"),
    ("kode", r"\bkode\b|\brekening\b"),
    ("fisik", r"\bfisik\b"),
    ("sisa", r"\bsisa\b|\bselisih\b"),
    ("tahun_lalu", r"tahun\s*(lalu|sebelum)"),
    ("indikator", r"\bindikator\b|\btolok\s*ukur\b"),
    ("sasaran", r"\bsasaran\b|\btujuan\b"),
    ("satuan", r"\bsatuan\b"),
    ("capaian", r"\bcapaian\b|\bpencapaian\b"),
    ("realisasi", r"\brealisasi\b|\bterealisasi\b|\bpenyerapan\b"),
    ("target", r"\btarget\b|\brencana\b"),
    ("pagu", r"\bpagu\b|\banggaran\b|\balokasi\b|\bdpa\b|\bplafon\b"),
    ("persen", r"^%$|\(%\)|^persen|\bpersentase\b|^%\s|\b%"),
    ("pendidikan", r"\bpendidikan\b"),
    ("golongan", r"\bgolongan\b|\bpangkat\b|\bgol\b"),
    ("desa", r"\bdesa\b|\bkelurahan\b|\bnagari\b|\bgampong\b"),
    ("luas", r"\bluas\b"),
    ("penduduk", r"\bpenduduk\b|\bjiwa\b"),
    ("jumlah", r"\bjumlah\b|\btotal\b"),
    ("nama", r"\buraian\b|\bprogram\b|\bkegiatan\b|\bnama\b|\burusan\b"),
    ("keterangan", r"\bket(\.|erangan)?\b"),
]


def role_of(header: str) -> str | None:
    h = normalize_space(header).lower()
    if not h:
        return None
    for role, pat in ROLE_PATTERNS:
        if re.search(pat, h):
            return role
    return None


_NUMERIC = re.compile(r"^[\s\d.,%()\-rRpP]+$")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class TableView:
    """A table with its header understood: kind, header rows, a role per column."""
    table: Table
    kind: str  # anggaran | indikator | pegawai | wilayah | lainnya
    header_rows: int
    roles: dict[str, int] = field(default_factory=dict)  # role -> column index
    headers: list[str] = field(default_factory=list)

    @property
    def body(self):
        return self.table.rows[self.header_rows:]

    def cell(self, row, role):
        i = self.roles.get(role)
        return row[i] if i is not None and i < len(row) else None

    def text(self, row, role) -> str:
        c = self.cell(row, role)
        return c.text if c is not None else ""


def _is_header_row(row) -> bool:
    texts = [c.text for c in row if c.text]
    if not texts:
        return True
    if all(_COLUMN_NUMBERS.match(t) for t in texts) and len(texts) >= 3:
        return True  # the '(1) (2) (3)' row under a header
    return not any(_NUMERIC.match(t) and re.search(r"\d", t) for t in texts)


def understand(table: Table) -> TableView:
    """Header rows are the leading rows without figures (at most 3); each column's header
    text is the join of its header cells, so headers over two or three lines and merged
    header cells are read as one."""
    n = 0
    while n < min(3, len(table.rows) - 1) and _is_header_row(table.rows[n]):
        n += 1
    n = max(n, 1)
    headers = []
    for ci in range(table.ncols):
        parts = []
        for r in table.rows[:n]:
            t = r[ci].text if ci < len(r) else ""
            if t and not _COLUMN_NUMBERS.match(t) and t not in parts:
                parts.append(t)
        headers.append(normalize_space(" ".join(parts)))
    roles: dict[str, int] = {}
    for ci, h in enumerate(headers):
        r = role_of(h)
        if r and r not in roles:
            roles[r] = ci
    kind = classify(roles, headers)
    if kind == "anggaran" and "nama" not in roles:
        roles["nama"] = _widest_text_column(table, n, roles)
    return TableView(table, kind, n, roles, headers)


def classify(roles: dict[str, int], headers: list[str]) -> str:
    if "indikator" in roles and "target" in roles and ("realisasi" in roles or "capaian" in roles):
        return "indikator"
    if "pagu" in roles and "realisasi" in roles and "indikator" not in roles:
        return "anggaran"
    if ("pendidikan" in roles or "golongan" in roles) and "jumlah" in roles:
        return "pegawai"
    if "desa" in roles and ("luas" in roles or "penduduk" in roles):
        return "wilayah"
    return "lainnya"


def _widest_text_column(table: Table, header_rows: int, roles: dict[str, int]) -> int:
    used = set(roles.values())
    best, best_len = 0, -1
    for ci in range(table.ncols):
        if ci in used:
            continue
        n = sum(len(r[ci].text) for r in table.rows[header_rows:] if ci < len(r) and not _NUMERIC.match(r[ci].text or "0"))
        if n > best_len:
            best, best_len = ci, n
    return best


TOTAL_ROW = re.compile(r"^\s*(jumlah|total|grand\s*total|jumlah\s*total|total\s*keseluruhan)\b", re.I)


def is_total_label(text: str) -> bool:
    return bool(TOTAL_ROW.match(text or ""))
