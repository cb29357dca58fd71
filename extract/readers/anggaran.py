"""Budget lines (program > kegiatan > sub kegiatan) with pagu, realisasi and %, from
budget tables and from prose. The hierarchy comes from whatever the document
uses: level words, kode prefixes, the numbering in the No column (1 / 1.1 / 1.1.1,
or styles I / 1 / a / -), bold rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..locate import TableView, is_total_label
from ..patterns import KODE_RE, level_of, normalize_space, parse_amount, strip_level_word, to_plain
from .belanja import kind_of
from .common import Context, cell_page_bbox
from .prose import LINKERS, PAGU_WORDS, REAL_WORDS, ProseDoc

LEVELS = ["program", "kegiatan", "sub_kegiatan"]


@dataclass
class Line:
    tingkat: str
    nama: str
    halaman: int
    bbox: tuple | None
    sumber: str
    kode: str | None = None
    pagu: float | None = None
    realisasi: float | None = None
    persen: float | None = None
    persen_fisik: float | None = None
    parent: "Line | None" = None
    dihitung: list[str] = field(default_factory=list)


@dataclass
class TotalRow:
    """A JUMLAH / TOTAL row: used for reconciliation, never exported as a budget line."""
    label: str
    pagu: float | None
    realisasi: float | None
    persen: float | None
    halaman: int


@dataclass
class BudgetReading:
    lines: list[Line] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    belanja_rows: dict[str, dict] = field(default_factory=dict)


# ---------------------------------------------------------------- numbering styles
def numbering_style(no: str) -> tuple[str, int] | None:
    """('dotted', depth) for 1.1.1; ('roman'|'arabic'|'alpha'|'dash', 0) otherwise."""
    t = no.strip().rstrip(".)").lstrip("(")
    if not t:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)+", t):
        return ("dotted", t.count(".") + 1)
    if re.fullmatch(r"[IVXL]+", t):
        return ("roman", 0)
    if re.fullmatch(r"\d+", t):
        return ("arabic", 0)
    if re.fullmatch(r"[a-z]", t):
        return ("alpha", 0)
    if re.fullmatch(r"[-•▪●*–]", t):
        return ("dash", 0)
    return None


def kode_level(kode: str) -> str | None:
    parts = kode.split(".")
    return {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(len(parts))


class LevelGuesser:
    """Level of a row without level word: dotted depth, or the outline stack of numbering styles
    (the first style met is the highest level, a new style goes one deeper, a known style
    returns to its depth), anchored where rows carry level words."""

    def __init__(self):
        self.stack: list[str] = []
        self.anchor: dict[str, int] = {}

    def depth(self, no: str) -> int | None:
        st = numbering_style(no)
        if st is None:
            return None
        style, d = st
        if style == "dotted":
            return d - 1
        if style in self.stack:
            del self.stack[self.stack.index(style) + 1:]
        else:
            self.stack.append(style)
        return len(self.stack) - 1

    def learn(self, no: str, level: str) -> None:
        st = numbering_style(no)
        if st and st[0] != "dotted":
            self.anchor[st[0]] = LEVELS.index(level)

    def level(self, no: str, bold: bool) -> str | None:
        d = self.depth(no)
        st = numbering_style(no)
        if st and st[0] in self.anchor:
            d = self.anchor[st[0]]
        if d is None:
            return None
        return LEVELS[min(d, 2)]


def _attach(lines: list[Line]) -> None:
    """Parent = the nearest line above at a higher level."""
    last: dict[str, Line] = {}
    for ln in lines:
        idx = LEVELS.index(ln.tingkat)
        ln.parent = next((last[lv] for lv in reversed(LEVELS[:idx]) if lv in last), None)
        last[ln.tingkat] = ln
        for lv in LEVELS[idx + 1:]:
            last.pop(lv, None)


# ---------------------------------------------------------------- tables
def read_tables(ctx: Context) -> BudgetReading:
    out = BudgetReading()
    for view in ctx.tables("anggaran"):
        lines = _read_table(ctx, view, out)
        _attach(lines)
        out.lines.extend(lines)
    return out


def _read_table(ctx: Context, view: TableView, out: BudgetReading) -> list[Line]:
    lines: list[Line] = []
    guess = LevelGuesser()
    # a name column headed only 'Program' (or only 'Kegiatan') fixes the level of its rows
    fixed_level = level_of(view.header_of("nama")) if len(re.findall(r"program|kegiatan", view.header_of("nama"),
                                                                      re.I)) == 1 else None
    for row in view.body:
        name_raw = view.text(row, "nama")
        no = view.text(row, "no")
        kode = view.text(row, "kode") or None
        if not name_raw and not no:
            continue
        m = KODE_RE.match(name_raw)
        if not kode and m:
            kode, name_raw = m.group(1), name_raw[m.end():].strip()
        if not no and re.match(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z][.)]|[IVX]+\.)\s", name_raw):
            no, name_raw = name_raw.split(" ", 1)
        page, bbox = cell_page_bbox(view, row)
        subj = normalize_space(name_raw)[:60]
        pagu = ctx.amount(view.text(row, "pagu"), subj, page)
        real = ctx.amount(view.text(row, "realisasi_rp"), subj, page)
        pct = ctx.decimal(view.text(row, "persen"), subj, page) if "persen" in view.roles else None
        fisik = ctx.decimal(view.text(row, "fisik"), subj, page) if "fisik" in view.roles else None
        if is_total_label(name_raw) or (not name_raw and is_total_label(no)):
            out.totals.append(TotalRow(normalize_space(name_raw or no), pagu, real, pct, page))
            continue
        kind = kind_of(name_raw)
        if kind and level_of(name_raw) is None and re.match(r"^\s*(belanja|pendapatan)\b", name_raw, re.I):
            out.belanja_rows.setdefault(kind, {"jenis": kind, "pagu": pagu, "realisasi": real, "persen": pct,
                                               "halaman": page, "bbox": bbox})
            continue
        if pagu is None and real is None:
            continue  # a group row (unit kerja, sasaran, bidang): not a budget line
        level = level_of(name_raw) or fixed_level
        if level:
            guess.learn(no, level)
            guess.depth(no)
        elif kode and kode_level(kode):
            level = kode_level(kode)
        else:
            level = guess.level(no, bool(view.cell(row, "nama") and view.cell(row, "nama").bold))
        if level is None:
            ctx.finding("anggaran.tingkat_tidak_jelas", "warning",
                        "budget row whose level (program, kegiatan, sub kegiatan) cannot be told; not exported",
                        page, subj)
            continue
        nama = _clean_name(strip_level_word(name_raw))
        lines.append(Line(level, nama, page, bbox, "tabel", kode, pagu, real, pct, fisik))
    return lines


def _clean_name(text: str) -> str:
    text = re.sub(r"(\w)- (\w)", r"\1-\2", normalize_space(text))  # a word broken at its hyphen
    return text.strip(" ,;:-–").strip()


# ---------------------------------------------------------------- prose
_LEVEL_LABEL = {"LEVEL_PROG": "program", "LEVEL_KEG": "kegiatan", "LEVEL_SUB": "sub_kegiatan"}


def read_prose(ctx: Context, prose: ProseDoc) -> list[Line]:
    """Items that start a paragraph (or list item) with a level word and state a pagu amount:
    '<Level> <name> [, dengan] <pagu words> sebesar Rp X [dengan] <realisasi words> ... Rp Y [atau Z %]'."""
    from .prose import matcher

    doc = prose.doc
    starts: list[tuple[int, int, str]] = []
    for mid, s, e in matcher()(doc):
        label = doc.vocab.strings[mid]
        if label in _LEVEL_LABEL and prose.starts_paragraph(doc[s]):
            if label == "LEVEL_KEG" and s > 0 and doc[s - 1].lower_ in ("sub", "sub-"):
                continue
            starts.append((s, e, _LEVEL_LABEL[label]))
    starts = sorted({s: (s, e, lv) for s, e, lv in starts}.values())
    lines: list[Line] = []
    for k, (s, e, level) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else min(len(doc), s + 200)
        item = doc[s:end]
        monies = [t for t in item if t.ent_type_ == "MONEY"]
        if not monies:
            continue
        first = monies[0]
        kw = _keyword_before(doc, first.i, PAGU_WORDS, floor=e)
        if kw is None:
            continue  # an amount without a pagu word: not a budget statement
        name = _clean_name(doc[e:kw].text)
        if not name or len(name) > 300:
            continue
        page, bbox = prose.where(doc[s:first.i + 1])
        subj = name[:60]
        pagu = ctx.amount(first.text, subj, page)
        real = pct = None
        for t in monies[1:]:
            if _keyword_before(doc, t.i, REAL_WORDS, floor=first.i + 1) is not None:
                real = ctx.amount(t.text, subj, page)
                pct = _percent_after(ctx, doc, t.i, subj, page)
                break
        lines.append(Line(level, name, page, bbox, "narasi", None, pagu, real, pct))
    _attach(lines)
    return lines


def _keyword_before(doc, money_i: int, words: list[str], floor: int) -> int | None:
    """Index where the keyword phrase before an amount begins ('alokasi anggaran sebesar Rp'),
    walking back over linkers; None when no keyword of `words` is among them."""
    k = money_i - 1
    start = None
    while k >= floor and (doc[k].lower_ in LINKERS or doc[k].lower_ in words or doc[k].text in (",",)):
        if doc[k].lower_ in words:
            start = k
        k -= 1
    if start is None:
        return None
    # the phrase starts at the earliest linker/keyword after the name (keep 'dengan' out of the name)
    while start - 1 >= floor and doc[start - 1].lower_ in ("dengan", ",", "yang"):
        start -= 1
    return start


def _percent_after(ctx: Context, doc, i: int, subj: str, page: int):
    for t in doc[i + 1:i + 5]:
        if t.ent_type_ == "PERCENT":
            return ctx.decimal(t.text, subj, page)
        if t.ent_type_ == "MONEY" or t.text == "." or t.lower_ in ("program", "kegiatan", "sub"):
            return None
    return None
