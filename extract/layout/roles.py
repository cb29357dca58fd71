"""Locating content by the vocabulary of the field: what a table holds (from its header
cells) and what role each of its columns plays. No page numbers, no sentences of one
document: only the words LAKIP table headers are made of.

A table can hold several kinds at once (an indicator table with the programs and
budget that serve each indicator): `kinds` lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.patterns import (
    YEAR_RE,
    Number,
    normalize_space,
    parse_amount,
    parse_decimal,
)
from .page_layout import Cell, Table

# column roles, tried in order: the first whose pattern matches the header text wins
ROLE_PATTERNS: list[tuple[str, str]] = [
    ("no", r"^(no|no\.|nomor|nomer|#)$"),
    ("kode", r"\bkode\b|\brekening\b"),
    ("fisik", r"\bfisik\b"),
    ("sisa", r"\bsisa\b|\bselisih\b"),
    ("tahun_lalu", r"tahun\s*(lalu|sebelum)"),
    ("indikator", r"\bindikator\b|\btolok\s*ukur\b"),
    ("capaian", r"\bcapaian\b|\bpencapaian\b"),
    ("realisasi", r"\brealisasi\b|\bterealisasi\b|\bpenyerapan\b"),
    ("sasaran", r"\bsasaran\b|\btujuan\b"),
    ("satuan", r"\bsatuan\b"),
    ("target", r"\btarget\b|\brencana\b"),
    ("pagu", r"\bpagu\b|\banggaran\b|\balokasi\b|\bdpa\b|\bplafon\b"),
    ("persen", r"^%$|\(%\)|^persen|\bpersentase\b|^%\s|\b%"),
    ("pendidikan", r"\bpendidikan\b"),
    ("golongan", r"\bgolongan\b|\bpangkat\b|\bgol\b"),
    ("desa", r"\bdesa\b|\bkelurahan\b|\bnagari\b|\bgampong\b"),
    ("luas", r"\bluas\b"),
    ("penduduk", r"\bpenduduk\b|\bjiwa\b"),
    ("jumlah", r"\bjumlah\b|\btotal\b"),
    ("laki", r"^(l|lk|laki[\s-]*laki|pria)$"),
    ("perempuan", r"^(p|pr|perempuan|wanita)$"),
    ("nama", r"\buraian\b|\bprogram\b|\bkegiatan\b|\bnama\b|\burusan\b"),
    ("kategori", r"\bkategori\b|\bpredikat\b|\bkriteria\b"),
    ("keterangan", r"\bket(\.|erangan)?\b"),
]
_MONEY_HEADER = re.compile(r"\brp\b|\brupiah\b|\bkeuangan\b|\banggaran\b|\bpagu\b|\balokasi\b|\bdpa\b|\bbiaya\b|\bdana\b", re.I)


def role_of(header: str) -> str | None:
    h = normalize_space(header).lower()
    if not h:
        return None
    h = re.sub(r"\b(?:\w ){2,}\w\b", lambda m: m.group(0).replace(" ", ""), h)  # 'd e s a' -> 'desa'
    if re.search(r"\bcapaian\s+sasaran\b", h):
        return "capaian_sasaran"  # one figure per goal, not per indicator row
    for role, pat in ROLE_PATTERNS:
        if re.search(pat, h):
            return role
    return None


_NUMERIC = re.compile(r"^[\s\d.,%()\-rRpP]+$")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class TableView:
    """A table with its header understood: kinds, header rows, columns per role."""
    table: Table
    kinds: list[str]
    header_rows: int
    roles: dict[str, list[int]] = field(default_factory=dict)  # role -> column indices
    headers: list[str] = field(default_factory=list)
    other_year: bool = False  # titled or headed with another year than the report's

    @property
    def kind(self) -> str:
        return self.kinds[0] if self.kinds else "lainnya"

    @property
    def body(self):
        return self.table.rows[self.header_rows:]

    def cells(self, row, role) -> list[Cell]:
        out: list[Cell] = []
        for i in self.roles.get(role, []):
            if i < len(row) and all(row[i] is not c for c in out):
                out.append(row[i])
        return out

    def cell(self, row, role) -> Cell | None:
        cs = self.cells(row, role)
        return next((c for c in cs if c.text), cs[0] if cs else None)

    def text(self, row, role) -> str:
        return " ".join(c.text for c in self.cells(row, role) if c.text)

    def header_of(self, role) -> str:
        cols = self.roles.get(role, [])
        return self.headers[cols[0]] if cols else ""


def _is_header_row(row) -> bool:
    texts = [c.text for c in row if c.text]
    if not texts:
        return True
    if all(_COLUMN_NUMBERS.match(t) for t in texts) and len(texts) >= 3:
        return True  # the '(1) (2) (3)' row under a header
    # a year ('2015', under 'TAHUN' or 'CAPAIAN KINERJA') is a heading, not a figure
    return not any(_NUMERIC.match(t) and re.search(r"\d", t) and not re.fullmatch(r"(?:19|20)\d{2}", t.strip())
                   for t in texts)


def understand(table: Table, year: int | None = None) -> TableView:
    """Header rows are the leading rows without figures (at most 3); each column's header
    text is the join of its header cells, so headers over two or three lines and merged
    header cells are read as one. With `year`, a column headed with another year (a
    previous year's realisation, a five-year target) plays no role of this year."""
    n = 0
    while n < min(4, len(table.rows) - 1) and _is_header_row(table.rows[n]):
        n += 1
    n = max(n, 1)
    headers, bottoms = [], []
    for ci in range(table.ncols):
        parts = []
        for r in table.rows[:n]:
            t = r[ci].text if ci < len(r) else ""
            if t and not _COLUMN_NUMBERS.match(t) and t not in parts:
                parts.append(t)
        headers.append(normalize_space(" ".join(parts)))
        bottoms.append(parts[-1] if parts else "")
    budget_table = any(role_of(h) == "pagu" for h in headers) and not any(role_of(h) == "indikator" for h in headers)
    roles: dict[str, list[int]] = {}
    for ci, h in enumerate(headers):
        q = quarter_of(h)
        if q:
            roles.setdefault(f"tw{q}_{'rp' if _MONEY_HEADER.search(h) else 'k'}", []).append(ci)
            continue
        r = role_of(h)
        if role_of(bottoms[ci]) in ("laki", "perempuan"):
            r = role_of(bottoms[ci])  # 'Jumlah Pegawai' over 'L' and 'P'
        if r is None:
            continue
        years = {int(y) for y in YEAR_RE.findall(h)}
        if year and years and year not in years:
            r = "tahun_lalu" if r in ("realisasi", "capaian") and years == {year - 1} else None
            if r is None:
                continue
        money = bool(_MONEY_HEADER.search(h)) or budget_table
        if r == "realisasi" and money:
            r = "realisasi_rp"
        elif r == "capaian" and money:
            r = "persen"
        if r == "pagu" and "pagu" in roles and _REVISED.search(h) and not _REVISED.search(headers[roles["pagu"][0]]):
            roles["pagu"] = [ci]  # 'Anggaran Murni' beside 'Anggaran Perubahan': the revised budget is the pagu
            continue
        if r == "pagu" and "pagu" in roles and _REVISED.search(headers[roles["pagu"][0]]) and not _REVISED.search(h):
            continue
        if r in roles and roles[r][-1] != ci - 1:
            continue  # a second group of the same role: keep the first
        roles.setdefault(r, []).append(ci)
    _split_name_columns(roles, headers)
    if not quarters(roles) and quarters(roles, "k") and any(_MONEY_HEADER.search(h) for h in headers):
        # quarter columns without 'Rp' in a money table (a DPA's withdrawal plan): they are money
        for q in quarters(roles, "k"):
            roles[q.replace("_k", "_rp")] = roles.pop(q)
    kinds = classify(roles)
    if "anggaran" in kinds and "persen" not in roles:
        _persen_by_arithmetic(table, n, roles)
    if "anggaran" in kinds and "nama" not in roles and not any(r.startswith("nama_") for r in roles):
        roles["nama"] = [_widest_text_column(table, n, roles)]
    years_in_caption = {int(y) for y in YEAR_RE.findall(re.sub(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", " ",
                                                                  table.caption))}
    other_year = bool(year and years_in_caption and year not in years_in_caption)
    return TableView(table, kinds, n, roles, headers, other_year)


_REVISED = re.compile(r"\b(perubahan|setelah|p-?apbd|akhir|revisi)\b", re.I)
_QUARTER_WORD = re.compile(r"\b(triwulan|tw|trw|kuartal)\b", re.I)


def quarter_of(header: str) -> int | None:
    """'Realisasi ... Triwulan I - IV ... II Rp' -> 2; 'TW III' -> 3; None when not a quarter column."""
    if not _QUARTER_WORD.search(header) or re.search(r"\bs\.?\s*/?\s*d\b|sampai", header, re.I):
        return None  # 'Realisasi s.d. Triwulan IV' is the year's cumulative figure, not one quarter
    h = re.sub(r"\b(?:I|1)\s*[-–s/d.]+\s*(?:IV|4)\b", " ", header)  # the span 'I - IV' names all quarters
    h = re.sub(r"(?:19|20)\d{2}", " ", h)
    found = re.findall(r"\b(IV|III|II|I|[1-4])\b", h)
    return {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}[found[-1]] if found else None


def quarters(roles: dict[str, list[int]], suffix: str = "rp") -> list[str]:
    return [f"tw{q}_{suffix}" for q in range(1, 5) if f"tw{q}_{suffix}" in roles]


def _split_name_columns(roles: dict[str, list[int]], headers: list[str]) -> None:
    """A Program column beside a Kegiatan column (and a Sub Kegiatan one): each names its level."""
    cols = roles.get("nama", [])
    if len(cols) < 2:
        return
    levels = {}
    for ci in cols:
        words = {re.sub(r"[\s-]+", "_", w.lower()) for w in re.findall(r"sub[\s-]*kegiatan|kegiatan|program", headers[ci], re.I)}
        if len(words) != 1:
            return
        levels[ci] = words.pop().replace("subkegiatan", "sub_kegiatan")
    if len(set(levels.values())) == len(levels):
        del roles["nama"]
        for ci, lv in levels.items():
            roles[f"nama_{lv}"] = [ci]


def classify(roles: dict[str, list[int]]) -> list[str]:
    kinds = []
    if quarters(roles) and "nama" in roles and "pagu" not in roles:
        kinds.append("anggaran")
    if "indikator" in roles and "target" in roles and ("realisasi" in roles or "capaian" in roles):
        kinds.append("indikator")
    elif "indikator" in roles and "target" in roles:
        kinds.append("indikator_target")  # Perjanjian Kinerja, RKT, IKU: targets only
    if "pagu" in roles and ("nama" in roles or "nama_kegiatan" in roles or "indikator" not in roles):
        kinds.append("anggaran")
    if ("pendidikan" in roles or "golongan" in roles) and ("jumlah" in roles or "laki" in roles):
        kinds.append("pegawai")
    if "desa" in roles and ("luas" in roles or "penduduk" in roles):
        kinds.append("wilayah")
    return kinds or ["lainnya"]


def _persen_by_arithmetic(table: Table, header_rows: int, roles: dict[str, list[int]]) -> None:
    """A column whose header could not be read (an OCR'd '%') is the percent column when its
    figures are realisasi / pagu x 100, rounded as printed, on nearly every row."""
    real = (roles.get("realisasi_rp") or roles.get("realisasi") or [None])[0]
    pagu = (roles.get("pagu") or [None])[0]
    if real is None or pagu is None:
        return
    used = {i for cols in roles.values() for i in cols}
    for ci in range(table.ncols):
        if ci in used:
            continue
        agree = checked = 0
        for r in table.rows[header_rows:]:
            if max(ci, real, pagu) >= len(r):
                continue
            p, q, v = parse_amount(r[pagu].text or ""), parse_amount(r[real].text or ""), parse_decimal(r[ci].text or "")
            if not all(isinstance(x, Number) for x in (p, q, v)) or not p.value:
                continue
            checked += 1
            places = len(v.text.replace(",", ".").rpartition(".")[2]) if re.search(r"[.,]\d+$", v.text) else 0
            agree += abs(float(v.value) - float(q.value / p.value * 100)) <= 0.5 * 10 ** -places + 1e-9
        if checked >= 3 and agree >= 0.9 * checked:
            roles["persen"] = [ci]
            return


def _widest_text_column(table: Table, header_rows: int, roles: dict[str, list[int]]) -> int:
    used = {i for cols in roles.values() for i in cols}
    best, best_len = 0, -1
    for ci in range(table.ncols):
        if ci in used:
            continue
        n = sum(len(r[ci].text) for r in table.rows[header_rows:] if ci < len(r) and not _NUMERIC.match(r[ci].text or "0"))
        if n > best_len:
            best, best_len = ci, n
    return best


# a total row's label is the total word alone, or with what it totals ('JUMLAH BELANJA LANGSUNG');
# 'Jumlah lokasi desa ...' is an indicator, not a total
TOTAL_ROW = re.compile(r"^\s*(jumlah|total|grand\s*total|jumlah\s*total|total\s*keseluruhan|rata\s*[-–]?\s*rata|rerata)"
                       r"(\s+(seluruhnya|keseluruhan|total|belanja(\s+(tidak\s+)?langsung)?|anggaran|program|kegiatan"
                       r"|capaian|pegawai|luas|desa))?[\s:.]*$", re.I)


def is_total_label(text: str) -> bool:
    return bool(TOTAL_ROW.match(text or ""))
