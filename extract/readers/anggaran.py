"""Budget lines (program > kegiatan > sub kegiatan) with pagu, realisasi and %, from
budget tables and from prose. The hierarchy comes from whatever the document
uses: level words, kode prefixes, the numbering in the No column (1 / 1.1 / 1.1.1,
or styles I / 1 / a / -), bold rows."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..core.findings import fmt, rule
from ..core.numbers import percent_agrees
from ..core.patterns import KODE_RE, level_of, normalize_space, strip_level_word
from ..layout.page_layout import Cell
from ..layout.roles import TableView, is_total_label, quarters
from .belanja import kind_of
from .common import Context, cell_page_bbox
from .prose import LINKERS, PAGU_WORDS, REAL_WORDS, ProseDoc

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("anggaran.tingkat_tidak_jelas", "warning", "a budget row whose level cannot be told was not exported",
     "tingkat baris anggaran ini (program, kegiatan, sub kegiatan) tidak dapat ditentukan dari dokumen "
     "(tanpa kode, kata tingkat, penomoran, atau jumlah yang menentukan); tidak diekspor{saran}")
rule("anggaran.tabel_narasi_berbeda", "warning",
     "a budget line's figure differs between a table and the text (the table's is exported)",
     "{field} '{nama}' tercetak {di_tabel} di tabel (halaman {halaman_tabel}) tetapi {di_teks} di teks "
     "(halaman {halaman_teks}); nilai tabel yang diekspor")


rule("anggaran.tabel_pendapatan", "info", "a revenue table's rows (pendapatan, retribusi) are not read as budget lines",
     "tabel '{judul}' memuat pendapatan, bukan belanja: {n} barisnya tidak diekspor sebagai baris anggaran")

LEVELS = ["program", "kegiatan", "sub_kegiatan"]


@dataclass
class Line:
    tingkat: str | None
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
    unit: str | None = None  # the unit row above it, in a form covering several units
    group: str = ""  # which table (or the prose) it was read from: sums are checked within one
    unreadable: dict[str, str] = field(default_factory=dict)  # field -> printed text that did not parse
    rencana: str = ""  # the caption of the plan table (Renja, RKA, pagu indikatif) it was read from
    under: "Line | None" = None  # its parent when known by name, not by the order of the rows
    # what each table (or the prose) printed for it, once other mentions are merged into it:
    # a table's JUMLAH row is checked against that table's own figures
    printed: dict = field(default_factory=dict)


@dataclass
class TotalRow:
    """A JUMLAH / TOTAL row: used for reconciliation, never exported as a budget line."""
    label: str
    pagu: float | None
    realisasi: float | None
    persen: float | None
    halaman: int
    unit: str | None = None
    group: str = ""
    bbox: tuple | None = None
    revenue: bool = False  # a total of a revenue table (pendapatan, retribusi): not the belanja
    jenis: str | None = None  # the kind of belanja its label names ('JUMLAH BELANJA LANGSUNG')


@dataclass
class BudgetReading:
    lines: list[Line] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    belanja_rows: dict[str, dict] = field(default_factory=dict)
    units: list[TotalRow] = field(default_factory=list)
    # rows no word, number, code or sum places: another table of the report may name them
    unplaced: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------- numbering styles
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def numbering_style(no: str, previous: dict[str, str] | None = None) -> tuple[str, int] | None:
    """('dotted', depth) for 1.1.1; ('roman' | 'arabic' | 'alpha' | 'ALPHA' | 'dash', 0) otherwise.
    A single capital that is also a roman numeral ('C', 'D', 'I') is a letter when it follows the
    letter before it ('A', 'B', 'C'), a numeral otherwise (`previous`: the last label per style)."""
    t = no.strip().rstrip(".)").lstrip("(")
    if not t:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)+", t):
        return ("dotted", t.count(".") + 1)
    if re.fullmatch(r"[A-Z]", t):
        last = (previous or {}).get("ALPHA")
        follows = last is not None and ord(t) == ord(last) + 1
        if t not in _ROMAN_VALUE or follows or (t == "A"):
            return ("ALPHA", 0)
        if t in ("C", "D", "L", "M") and not (previous or {}).get("roman"):
            return ("ALPHA", 0)
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
        self.last: dict[str, str] = {}  # the last label seen of each style
        self.floor = 0  # under an unnumbered 'Program ...' row, numbered rows are one level deeper

    def style(self, no: str) -> tuple[str, int] | None:
        st = numbering_style(no, self.last)
        if st:
            self.last[st[0]] = no.strip().rstrip(".)").lstrip("(")
        return st

    def depth(self, no: str, st=None) -> int | None:
        st = st or self.style(no)
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
        st = self.style(no)
        if st and st[0] != "dotted":
            self.anchor[st[0]] = LEVELS.index(level)
        self.floor = LEVELS.index(level) + 1 if st is None else 0
        self.depth(no, st)

    def level(self, no: str) -> str | None:
        st = self.style(no)
        d = self.depth(no, st)
        if st and st[0] in self.anchor:
            d = self.anchor[st[0]]
        elif d is not None:
            d = max(d, self.floor)
        if d is None:
            return None
        return LEVELS[min(d, 2)]


def _attach(lines: list[Line], carried: dict[str, Line] | None = None) -> dict[str, Line]:
    """Parent = the nearest line above at a higher level (`carried`: the open lines of the same
    table on the page before). Returns the lines still open at the end."""
    last: dict[str, Line] = dict(carried or {})
    unit = lines[0].unit if lines and carried else None
    for ln in lines:
        if ln.unit != unit:  # a new unit of a multi-unit form starts its own tree
            last, unit = {}, ln.unit
        idx = LEVELS.index(ln.tingkat)
        ln.parent = ln.under or next((last[lv] for lv in reversed(LEVELS[:idx]) if lv in last), None)
        last[ln.tingkat] = ln
        for lv in LEVELS[idx + 1:]:
            last.pop(lv, None)
    return last


# ---------------------------------------------------------------- tables
def read_tables(ctx: Context) -> BudgetReading:
    out = BudgetReading()
    group, last, carried = "", None, {}
    for k, view in enumerate(ctx.tables("anggaran")):
        if not (last is not None and view.table.page - last.table.pages[-1] == 1 and view.headers == last.headers
                and view.roles == last.roles):
            group, carried = f"tabel-{k + 1}", {}  # (a table going on over the next page under its repeated heading: one table)
            guess = LevelGuesser()  # its numbering styles too: the page after may open with 'a.' under a '1.' above
        last = view
        n_totals, n_belanja, n_unplaced = len(out.totals), len(out.belanja_rows), len(out.unplaced)
        side_by_side = any(r.startswith("nama_") for r in view.roles)
        lines = _read_side_by_side(ctx, view, out) if side_by_side else _read_table(ctx, view, out, guess)
        carried = _attach(lines, carried)
        _subtotals_from_children(lines)
        _repair_by_sums(ctx, lines)
        if lines or len(out.totals) > n_totals or len(out.belanja_rows) > n_belanja or len(out.unplaced) > n_unplaced:
            ctx.took(view)
        plan = _PLAN.search(" ".join([view.table.caption, *view.headers]))
        revenue = bool(_REVENUE.search(" ".join([view.table.caption[-120:], *view.headers]))) and not \
            re.search(r"\bbelanja\b", " ".join([view.table.caption[-120:], *view.headers]), re.I)
        for item in lines + out.totals[n_totals:] + out.unplaced[n_unplaced:]:
            item.group = group
        for t in out.totals[n_totals:]:
            t.revenue = revenue
        for ln in lines if plan else []:
            ln.rencana = normalize_space(view.table.caption)[-80:] or plan.group(0)
        if revenue and lines:
            # a revenue table's rows (the balai's target and realised retribusi) are no spending lines
            ctx.finding("anggaran.tabel_pendapatan", lines[0].halaman, view.table.caption[-60:], bbox=view.table.bbox,
                        judul=normalize_space(view.table.caption)[-80:], n=len(lines))
            lines = []
        out.lines.extend(lines)
    return out


_REVENUE = re.compile(r"\b(?:pendapatan|retribusi|penerimaan)\b", re.I)


# a plan's indicative ceilings, not the year's budget: a Renja, RKA or RKPD draft, 'pagu indikatif'
_PLAN = re.compile(r"\b(?:pagu\s+indikatif|indikatif|prakiraan\s+maju|rancangan\s+(?:awal\s+)?(?:rkpd|renja)|"
                   r"rencana\s+kerja(?:\s+dan\s+anggaran)?|renja|rka|rkpd|ppas|kua)\b", re.I)


# a name that cannot end here: its tail is on the next row ('Peningkatan Kapasitas Aparatur dan')
_UNFINISHED = re.compile(r"(?:\b(?:dan|atau|serta|di|ke|dari|untuk|dalam|dlm|pada|bagi|yang|dengan|dgn|terhadap)|[,/&-])\s*$",
                         re.I)


def _read_side_by_side(ctx: Context, view: TableView, out: BudgetReading) -> list[Line]:
    """A Program column and a Kegiatan column (and maybe Sub Kegiatan): the program cell is
    merged over its kegiatan rows, and a row's figures belong to its deepest named cell."""
    lines: list[Line] = []
    levels = [lv for lv in LEVELS if f"nama_{lv}" in view.roles]
    current: dict[str, Line] = {}  # the line open at each level
    for row in view.body:
        page, bbox = cell_page_bbox(view, row)
        names = {lv: _clean_name(strip_level_word(view.text(row, f"nama_{lv}"))) for lv in levels}
        named = [lv for lv in levels if names[lv]]
        if not named:
            label = " ".join(c.text for c in row if c.text and not re.search(r"\d", c.text))
            if label and not lines and (view.text(row, "pagu") or view.text(row, "realisasi_rp")):
                # the row above the first program, with figures: the whole unit's (or instansi's) total
                pagu = ctx.amount(view.text(row, "pagu"), label[:60], page)
                real = ctx.amount(view.text(row, "realisasi_rp"), label[:60], page)
                pct = ctx.decimal(view.text(row, "persen"), label[:60], page) if "persen" in view.roles else None
                out.totals.append(TotalRow(normalize_space(label), pagu, real, pct, page, bbox=bbox))
            continue
        deepest = named[-1]
        subj = names[deepest][:60]
        pagu = ctx.amount(view.text(row, "pagu"), subj, page)
        real = ctx.amount(view.text(row, "realisasi_rp"), subj, page)
        if len(named) == 1 and pagu is None and real is None and lines and lines[-1].tingkat == deepest \
                and _UNFINISHED.search(lines[-1].nama):
            lines[-1].nama = f"{lines[-1].nama} {names[deepest]}"  # a name's tail ruled into a row of its own
            continue
        pct = ctx.decimal(view.text(row, "persen"), subj, page) if "persen" in view.roles else None
        if any(is_total_label(n) for n in names.values()):
            out.totals.append(TotalRow(names[deepest], pagu, real, pct, page, bbox=bbox))
            continue
        # a parent cell left empty goes on from the row above (a merged cell): the parent open there
        higher = [lv for lv in levels if LEVELS.index(lv) < LEVELS.index(deepest)]
        under = next((current[lv] for lv in reversed(higher) if lv in current and lv not in named), None) \
            if not named[:-1] else None
        for lv in named[:-1]:  # a parent named in this row, without figures of its own
            # the same program printed again further down (under another unit kerja) is that program
            seen = next((ln for ln in lines if ln.tingkat == lv and ln.nama.lower() == names[lv].lower()), None)
            if seen is None:
                seen = Line(lv, names[lv], page, bbox, "tabel", under=under)
                lines.append(seen)
            under = current[lv] = seen
        line = Line(deepest, names[deepest], page, bbox, "tabel", None, pagu, real, pct, under=under)
        lines.append(line)
        current[deepest] = line
        for lv in LEVELS[LEVELS.index(deepest) + 1:]:
            current.pop(lv, None)
    return lines


def _readings_agree(raw: str, value) -> bool:
    """A malformed print ('3.8000.000.000,00') can be read as `value` when its digits are the
    value's digits with at most one stray digit or separator."""
    if value is None or value < 0 or value != int(value):
        return False
    printed = re.sub(r"\D", "", re.sub(r"[.,](?:00|-)\s*$", "", raw.strip()))
    want = str(int(value))
    if printed == want or len(printed) - len(want) not in (0, 1):
        return printed == want
    it = iter(printed)
    return all(ch in it for ch in want)


def _repair_by_sums(ctx: Context, lines: list[Line]) -> None:
    """An unreadable figure is repaired only when the sums give a single value that the print
    can be read as: its lines' total, or its parent's figure less its siblings'."""
    for ln in lines:
        for f, raw in list(ln.unreadable.items()):
            kids = [k for k in lines if k.parent is ln]
            candidates = set()
            if kids and all(getattr(k, f) is not None for k in kids):
                candidates.add(sum(getattr(k, f) for k in kids))
            if ln.parent is not None and getattr(ln.parent, f) is not None:
                sibs = [k for k in lines if k.parent is ln.parent and k is not ln]
                if all(getattr(k, f) is not None for k in sibs):
                    candidates.add(getattr(ln.parent, f) - sum(getattr(k, f) for k in sibs))
            fits = [c for c in candidates if _readings_agree(raw, c)]
            if len(candidates) == 1 and len(fits) == 1:
                setattr(ln, f, fits[0])
                del ln.unreadable[f]
                ctx.finding("angka.diperbaiki", ln.halaman, ln.nama[:60], raw, fits[0], ln.bbox, keparahan="warning",
                            catatan=f"{f} '{ln.nama}' tercetak '{raw}' dibaca sebagai {fmt(fits[0])}, satu-satunya "
                                    "bacaan yang membuat baris anggaran berjumlah benar")


def _subtotals_from_children(lines: list[Line]) -> None:
    """A parent printed without figures takes the sum of its lines, flagged as computed."""
    for ln in reversed(lines):
        kids = [k for k in lines if k.parent is ln]
        for f in ("pagu", "realisasi"):
            vals = [getattr(k, f) for k in kids]
            if getattr(ln, f) is None and kids and all(v is not None for v in vals):
                setattr(ln, f, sum(vals))
                ln.dihitung.append(f)


# a row that groups lines without being one: urusan, bidang, sasaran, misi, unit kerja, funding source
_GROUP_ROW = re.compile(r"^\s*(?:[\dA-Za-z]{1,3}[.)]\s*)?(?:urusan|bidang|sasaran|misi|tujuan|unit\s+kerja|sumber|"
                        r"belanja|pendapatan|pembiayaan|apbd|apbn|dak|dbhcht|dana\s+(?:dekonsentrasi|alokasi|bagi|"
                        r"tugas)|dekonsentrasi|tugas\s+pembantuan)\b", re.I)
_UNIT_ROW = re.compile(r"^\s*(KECAMATAN|KELURAHAN)\s+\S", re.I)  # one kecamatan of a form covering several


_THOUSANDS = re.compile(r"\(\s*(?:rp\.?\s*)?000\s*\)|\brp\.?\s*000\b|\bribuan\b|\(\s*(?:rp\.?\s*)?ribu\s*\)|\bx\s*1\.?000\b", re.I)
_MILLIONS = re.compile(r"\bjutaan\b|\(\s*(?:rp\.?\s*)?juta\s*\)|\brp\.?\s*juta\b|\(\s*(?:rp\.?\s*)?000\.000\s*\)", re.I)


def money_scale(header: str, caption: str = "") -> int:
    """Amounts printed in thousands ('Rp 000', 'dalam ribuan') or millions are scaled to rupiah."""
    for text in (header, caption):
        if _MILLIONS.search(text or ""):
            return 1_000_000
        if _THOUSANDS.search(text or ""):
            return 1000
    return 1


def _scaled(value, factor: int):
    if value is None or factor == 1:
        return value
    return int(value * factor) if float(value * factor).is_integer() else value * factor


def _quarter_sum(ctx: Context, view: TableView, row, subj: str, page: int):
    """A form with one amount per quarter: the year's figure is their sum ('-' and blank are
    nothing spent). None when no quarter is filled."""
    texts = [view.text(row, q) for q in quarters(view.roles)]
    if not any(t.strip() for t in texts):
        return None
    vals = [ctx.amount(t, subj, page) for t in texts]
    return sum(v for v in vals if v is not None)


_LEVEL_START = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:program|kegiatan|sub\s*-?\s*kegiatan)\b", re.I)
_MONEY_TEXT = re.compile(r"^\s*(?:rp\.?\s*)?\d{1,3}(?:[.,]\s?\d{3})+(?:[.,]\d{1,2})?\s*,?-?\s*$", re.I)


def _entries(view: TableView, row) -> list[list]:
    """A ruled row holding several budget lines (two 'Program ...' names in the name cell, two
    amounts in the pagu cell, often a row broken by the page): one row per line."""
    name, pagu = view.cell(row, "nama"), view.cell(row, "pagu")
    if not name or not pagu or len(name.lines) < 2 or len(pagu.lines) < 2:
        return [row]
    starts = [i for i, ln in enumerate(name.lines) if _LEVEL_START.match(ln)]
    amounts = [ln for ln in pagu.lines if _MONEY_TEXT.match(ln)]
    if len(starts) < 2 or starts[0] != 0 or len(amounts) != len(starts) or len(amounts) != len(pagu.lines):
        return [row]
    k = len(starts)
    per_col: dict[int, list[str]] = {}
    for role in ("realisasi_rp", "persen", "fisik"):
        for ci in view.roles.get(role, []):
            cell = row[ci]
            if cell.lines and len(cell.lines) != k:
                return [row]  # the other figures do not pair up: leave the row whole
            per_col[ci] = cell.lines or [""] * k
    bounds = starts + [len(name.lines)]
    name_ci, pagu_ci = view.roles["nama"][0], view.roles["pagu"][0]
    out = []
    for j in range(k):
        part = [c if (j == 0 or not c.text) else Cell("", c.bbox, c.page) for c in row]
        texts = {name_ci: " ".join(name.lines[bounds[j]:bounds[j + 1]]), pagu_ci: amounts[j],
                 **{ci: lines[j] for ci, lines in per_col.items()}}
        for ci, text in texts.items():
            src = row[ci]
            part[ci] = Cell(text, src.bbox, src.page, [text], src.bold)
        out.append(part)
    return out


def _code_segments(view: TableView) -> int | None:
    """In a table whose kode columns are filled from the first one on, several per row (segments of
    one kode rekening), the fewest segments a named row has: that row is a program."""
    cols = view.roles.get("kode", [])
    if len(cols) < 2:
        return None
    counts = []
    for row in view.body:
        filled = [k for k, c in enumerate(view.cells(row, "kode")) if c.text.strip()]
        if len(filled) >= 2 and filled == list(range(len(filled))) and view.text(row, "nama"):
            counts.append(len(filled))
    return min(counts) if len(counts) >= 3 and len(set(counts)) >= 2 else None


def _read_table(ctx: Context, view: TableView, out: BudgetReading, guess: LevelGuesser | None = None) -> list[Line]:
    lines: list[Line] = []
    guess = guess or LevelGuesser()
    # a name column headed only 'Program' (or only 'Kegiatan') fixes the level of its rows
    words = re.findall(r"sub\s*-?\s*kegiatan|kegiatan|program", view.header_of("nama"), re.I)
    fixed_level = level_of(words[0]) if len(words) == 1 else None
    by_quarter = quarters(view.roles)
    # a thousands mark over the money columns may stand in a neighbour's header cell ('Pagu Indikatif (Ribuan)')
    scale = {role: money_scale(view.header_of(role), view.table.caption) if "pagu" not in view.roles or
             money_scale(view.header_of(role), view.table.caption) > 1 else
             money_scale(" ".join(view.headers), view.table.caption) for role in ("pagu", "realisasi_rp")}
    if by_quarter:
        scale["quarters"] = money_scale(view.headers[view.roles[by_quarter[0]][0]], view.table.caption)
    quarter_is_real = bool(by_quarter) and "realisasi" in view.headers[view.roles[by_quarter[0]][0]].lower()
    unit = None
    # a table whose No column carries kode rekening ('7.01.01', '4.10.03.01'): every dotted No is a kode
    coded_table = any(re.search(r"\d\.0\d", view.text(r, "no")) for r in view.body)
    last_program_labelled = labelled_kegiatan = False  # a 'Program ...' row met; a 'Kegiatan ...' row met
    numbered_table = sum(1 for r in view.body if view.text(r, "no").strip()) >= 0.3 * max(1, len(view.body))
    segmented_from = _code_segments(view)
    for row in (part for r in view.body for part in _entries(view, r)):
        texts = [c.text for c in row if c.text]
        if len(texts) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts):
            continue  # the '1 2 3 ...' column numbers repeated on a continued page
        name_raw = view.text(row, "nama")
        no = view.text(row, "no")
        kode = view.text(row, "kode") or None
        if kode and re.fullmatch(r"\d[\d.]*\.\d*\s+[\d.]+", kode) and len(view.roles.get("kode", [])) == 1:
            kode = re.sub(r"\s+", "", kode)  # '7.01.01.1.0' / '1.0001': a long kode wrapped in a narrow column
        code_depth = None
        if len(view.roles.get("kode", [])) >= 2:
            # codes in side-by-side columns (program code, then kegiatan code): the column a row's
            # code stands in is its depth; short codes are numbering, not nomenclature codes
            filled = [k for k, c in enumerate(view.cells(row, "kode")) if c.text.strip()]
            if len(filled) == 1:
                code_depth = filled[0]
                if not re.search(r"\d\.\d", kode or ""):
                    kode = None
            elif filled and filled == list(range(len(filled))) and segmented_from is not None:
                # a kode rekening printed segment by segment ('2 | 01 | 01 | 10 | 12 | 34'): the
                # segments make the code, one more segment is one level deeper
                kode = ".".join(c.text.strip() for c in view.cells(row, "kode")[:len(filled)])
                code_depth = len(filled) - segmented_from
        if not name_raw and not no:
            continue
        m = KODE_RE.match(name_raw)
        if not kode and m:
            kode, name_raw = m.group(1), name_raw[m.end():].strip()
        if not no and re.match(r"^\s*(?:\d+(?:\.\d+)*\.?|\d+\)|[a-z][.)]|[IVX]+\.)\s", name_raw):
            no, name_raw = name_raw.split(" ", 1)
        page, bbox = cell_page_bbox(view, row)
        subj = normalize_space(name_raw)[:60]
        pagu_text, real_text = view.text(row, "pagu"), view.text(row, "realisasi_rp")
        pagu = _scaled(ctx.amount(pagu_text, subj, page), scale["pagu"])
        real = _scaled(ctx.amount(real_text, subj, page), scale["realisasi_rp"])
        unreadable = {f: t for f, t, v in (("pagu", pagu_text, pagu), ("realisasi", real_text, real))
                      if v is None and re.search(r"\d", t) and scale[("pagu" if f == "pagu" else "realisasi_rp")] == 1}
        computed: list[str] = []
        if by_quarter and not quarter_is_real and pagu is None and "jumlah" in view.roles:
            pagu = _scaled(ctx.amount(view.text(row, "jumlah"), subj, page), scale["quarters"])  # DPA: the year
        if by_quarter and (real if quarter_is_real else pagu) is None:
            q = _scaled(_quarter_sum(ctx, view, row, subj, page), scale["quarters"])
            if q is not None:
                computed.append("realisasi" if quarter_is_real else "pagu")
                real, pagu = (q, pagu) if quarter_is_real else (real, q)
        pct = ctx.decimal(view.text(row, "persen"), subj, page) if "persen" in view.roles else None
        if unreadable and pct:
            pagu, real = _repair_by_percent(ctx, unreadable, pagu, real, pct, subj, page)
        fisik = ctx.decimal(view.text(row, "fisik"), subj, page) if "fisik" in view.roles else None
        if is_total_label(name_raw) or (not name_raw and is_total_label(no)):
            total = TotalRow(normalize_space(name_raw or no), pagu, real, pct, page, unit, bbox=bbox)
            # 'JUMLAH BELANJA LANGSUNG': the total of that kind of belanja (of this table's lines), not of all
            total.jenis = kind_of(name_raw) if kind_of(name_raw) != "pendapatan" else None
            out.totals.append(total)
            continue
        if _UNIT_ROW.match(name_raw) and level_of(name_raw) is None and len(name_raw.split()) <= 5 \
                and not re.search(r"\b(?:program|kegiatan|jumlah|total|belanja)\b", name_raw, re.I):
            # a unit row (one kecamatan of a form covering several): its lines follow it
            unit = _clean_name(name_raw)
            out.units.append(TotalRow(unit, pagu, real, pct, page, unit))
            continue
        kind = kind_of(name_raw)
        if kind and level_of(name_raw) is None and re.match(r"^\s*(belanja|pendapatan)\b", name_raw, re.I):
            out.belanja_rows.setdefault(kind, {"jenis": kind, "pagu": pagu, "realisasi": real, "persen": pct,
                                               "halaman": page, "bbox": bbox})
            continue
        figureless = pagu is None and real is None and not unreadable
        if _GROUP_ROW.match(name_raw) and not figureless and level_of(name_raw) is None and re.fullmatch(
                r"[^a-z]+", re.sub(r"\W", "", name_raw)):
            continue  # 'URUSAN PILIHAN', 'DANA DEKONSENTRASI' in capitals with their subtotal: a group, not a line
        if figureless and (_GROUP_ROW.match(name_raw) or not (level_of(name_raw) or kode or no or code_depth is not None
                                                              or last_program_labelled)):
            continue  # a group row (unit kerja, sasaran, bidang): not a budget line
        if len(re.findall(r"[A-Za-z]{2,}", name_raw)) < 2 and not kode:
            continue  # no name to speak of ('APBD', a lone number): a row of another kind of table
        if not kode and coded_table and re.fullmatch(r"\d{1,2}(?:\.\d{1,4}){1,7}\.?", no.strip()):
            kode = no.strip().rstrip(".")  # a kode in the No column ('7.01.01'; '1.1.1' is numbering)
        kode = kode.rstrip(".") if kode else kode
        level = level_of(name_raw) or fixed_level or (LEVELS[min(code_depth, 2)] if code_depth is not None else None)
        if level:
            guess.learn(no, level)
        elif kode:
            level = None  # decided below from the codes of the whole table
        elif no:
            level = guess.level(no)
        elif last_program_labelled and not labelled_kegiatan and (figureless or numbered_table):
            # an unnumbered, unlabelled row under a 'Program ...' row, in a table whose other rows are
            # numbered (or without figures of its own): one of the program's kegiatan
            level = "kegiatan"
        if level_of(name_raw) == "program":
            last_program_labelled = True
        elif level_of(name_raw) in ("kegiatan", "sub_kegiatan"):
            labelled_kegiatan = True
        nama = _clean_name(_strip_misspelt_level(strip_level_word(name_raw), level))
        ln = Line(level, nama, page, bbox, "tabel", kode, pagu, real, pct, fisik, dihitung=computed)
        ln.unit = unit
        ln.unreadable = unreadable
        lines.append(ln)
    lines = _levels_from_codes(lines)
    _resolve_levels(ctx, lines)
    if last_program_labelled and not any(ln.tingkat == "sub_kegiatan" for ln in lines):
        # a table of labelled programs whose other rows no word, number, code or sum places, and
        # with no third level anywhere: those rows are the programs' kegiatan
        seen_program = False
        for ln in lines:
            seen_program = seen_program or ln.tingkat == "program"
            if ln.tingkat is None and seen_program:
                ln.tingkat = "kegiatan"
    out.unplaced += [ln for ln in lines if ln.tingkat is None]
    return [ln for ln in lines if ln.tingkat is not None]


def report_unplaced(ctx: Context, lines: list[Line]) -> None:
    """Rows whose level nothing in the report decided: named, not exported."""
    for ln in lines:
        ctx.finding("anggaran.tingkat_tidak_jelas", ln.halaman, ln.nama[:60], bbox=ln.bbox,
                    saran="" if getattr(ctx.ref, "available", False) else
                    ". Data rujukan nomenklatur (--reference) dapat menentukan tingkatnya")


def _strip_misspelt_level(name: str, level: str | None) -> str:
    """'Pogram Pengelolaan ...', 'Kegiatn ...' in a row of that level: the level word mistyped."""
    m = re.match(r"\s*([A-Za-z]+)\s+(?=\S)", name)
    if not (m and level in ("program", "kegiatan")):
        return name
    word = m.group(1).lower()
    if word[0] == level[0] and word != level and difflib.SequenceMatcher(None, word, level).ratio() >= 0.8:
        return name[m.end():]
    return name


def _repair_by_percent(ctx: Context, unreadable: dict[str, str], pagu, real, pct, subj: str, page: int):
    """'2,104.560.000' or '1712.300.450' beside a pagu and its percent: the digits read as one
    amount give that very percent (to the printed decimals), so the separators were a slip."""
    for f in list(unreadable):
        text = unreadable[f]
        if not re.fullmatch(r"[\d.,\s]+(?:,-)?", text.strip().replace("Rp", "").strip()):
            continue
        digits = re.sub(r"\D", "", re.sub(r",-$", "", text.strip()))
        if not digits:
            continue
        value = int(digits)
        other = pagu if f == "realisasi" else real
        if not other or not value:
            continue
        if not percent_agrees(pct, *((other, value) if f == "realisasi" else (value, other)))[0]:
            continue
        ctx.findings[:] = [t for t in ctx.findings if not (t.aturan == "angka.tidak_terbaca" and t.halaman == page
                                                            and t.nilai_dilaporkan == text)]
        ctx.finding("angka.diperbaiki", page, subj, text, value,
                    catatan=f"angka diperbaiki: pemisah ribuan salah dalam '{text}'; "
                            f"{format(value, ',').replace(',', '.')} cocok dengan persentase "
                            f"{str(pct).replace('.', ',')} % yang tercetak")
        del unreadable[f]
        if f == "realisasi":
            real = value
        else:
            pagu = value
    return pagu, real


def _levels_from_codes(lines: list[Line]) -> list[Line]:
    """Levels from kode rekening, relative to the programs' codes: 7.01.01 / 7.01.01.2.01 /
    7.01.01.2.01.0001 (Permendagri 90), or 4.10.4.10.03.01 / ...01.001 (older codes). A row
    coded above the program level (urusan, bidang) is a group row, not a budget line."""
    parts = lambda k: len(k.split("."))
    prog = {parts(ln.kode) for ln in lines if ln.kode and ln.tingkat == "program"}
    base = min(prog) if prog else None
    out = []
    for ln in lines:
        if ln.tingkat is None and ln.kode:
            n = parts(ln.kode)
            if base is None:
                ln.tingkat = kode_level(ln.kode)
            elif n < base:
                continue
            elif base == 3:
                ln.tingkat = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(n)
            else:
                ln.tingkat = {base: "program", base + 1: "kegiatan", base + 2: "sub_kegiatan"}.get(n)
        out.append(ln)
    return out


def _resolve_levels(ctx: Context, lines: list[Line]) -> None:
    """Rows without level word, kode or numbering: the national nomenclature names them when a
    name belongs to one level only; else the sums decide (a kegiatan is the row whose amount
    the rows below it add up to)."""
    unknown = [ln for ln in lines if ln.tingkat is None]
    if not unknown:
        return
    ref = ctx.ref
    if ref is not None and ref.available:
        for ln in unknown:
            levels = ref.levels_named(ln.nama)
            if len(levels) == 1:
                ln.tingkat = next(iter(levels))
    i = 0
    while i < len(lines):
        if lines[i].tingkat is not None or i == 0:
            i += 1
            continue
        # a run of rows below a program whose levels are still open
        j = i
        while j < len(lines) and lines[j].tingkat != "program":
            j += 1
        _levels_by_sums(lines[i:j])
        i = j
    

def _levels_by_sums(run: list[Line]) -> None:
    k = 0
    while k < len(run):
        ln = run[k]
        if ln.tingkat is not None:
            k += 1
            continue
        value = ln.realisasi if ln.realisasi is not None else ln.pagu
        total, m = 0, k + 1
        while m < len(run) and run[m].tingkat in (None, "sub_kegiatan") and value is not None:
            v = run[m].realisasi if run[m].realisasi is not None else run[m].pagu
            total += v or 0
            m += 1
            if total == value and value and (m >= len(run) or run[m].tingkat != "sub_kegiatan"):
                break
        if value and total == value and m > k + 1:
            ln.tingkat = "kegiatan"
            for c in run[k + 1:m]:
                c.tingkat = c.tingkat or "sub_kegiatan"
            k = m
        else:
            k += 1


def _clean_name(text: str) -> str:
    text = re.sub(r"(\w)- (\w)", r"\1-\2", normalize_space(text))  # a word broken at its hyphen
    half = len(text) // 2
    if len(text) > 10 and text[:half].strip() == text[half:].strip():
        text = text[:half].strip()  # a merged cell that prints the name once per row it covers
    return re.sub(r"(?<![A-Z][a-z])(?<!\b[A-Z])[.]$", "", text.strip(" ,;:-–")).strip(" ,;:-–")


# ---------------------------------------------------------------- prose
# who carries a kegiatan out, said after its name in prose: not part of the name
# '... yang dilaksanakan oleh ...' (or misspelt 'dilakasanakan'): who carries the item out, not its name
_PROSE_TAIL = re.compile(r",?\s+(?:yang\s+)?(?:di)?laka?s+anakan\b.*$", re.I | re.S)
_LEVEL_LABEL = {"LEVEL_PROG": "program", "LEVEL_KEG": "kegiatan", "LEVEL_SUB": "sub_kegiatan"}


def read_prose(ctx: Context, prose: ProseDoc) -> list[Line]:
    """Items that start a paragraph or list item with a level word and state a pagu amount:
    '<Level> <name> [, dengan] <pagu words> sebesar Rp X [dengan] <realisasi words> ... Rp Y [atau Z %]'.
    A numbered item without level word takes the level its numbering style has elsewhere in the
    list; a program heading without amount is kept when lines with amounts follow under it."""
    from .prose import _LIST_MARKER, matcher

    doc = prose.doc
    by_char = {t.idx: t.i for t in doc}
    starts: dict[int, tuple[int, str | None, str]] = {}  # token -> (name start, level, marker)
    headings: dict[int, str] = {}  # a program named in capitals inside a sentence: its name
    for mid, s, e in matcher()(doc):
        label = doc.vocab.strings[mid]
        if label == "LEVEL_PROG" and not prose.starts_paragraph(doc[s]):
            name = _capitals_after(doc, s)
            if name:
                # '... terdapat dalam PROGRAM PENINGKATAN PELAYANAN, dengan kegiatan sebagai berikut':
                # the program the list below belongs to
                starts[s], headings[s] = (e, "program", None), name
            continue
        if label == "LEVEL_PROG" and e < len(doc) and doc[e].lower_ in ("dan", "/", "&") and e + 1 < len(doc) \
                and doc[e + 1].lower_ in ("kegiatan", "sub"):
            continue  # 'Program dan kegiatan yang dilaksanakan ...': all of them, not one program
        if label in _LEVEL_LABEL and prose.starts_paragraph(doc[s]):
            if label == "LEVEL_KEG" and s > 0 and doc[s - 1].lower_ in ("sub", "sub-"):
                continue
            starts[s] = (e, _LEVEL_LABEL[label], _marker_before(prose, doc[s]))
    styled = sorted((s, numbering_style(m)[0], lv) for s, (e, lv, m) in starts.items()
                    if m and numbering_style(m) and numbering_style(m)[0] != "dotted")
    for wi in sorted(prose.para_first_word):
        w = prose.words[wi]
        if wi + 1 >= len(prose.words) or not _LIST_MARKER.match(w.text):
            continue
        t = by_char.get(prose.starts[wi + 1])
        st = numbering_style(w.text)
        if t is not None and t not in starts and st:
            # the level of the nearest item above with the same numbering style
            level = next((lv for s, sty, lv in reversed(styled) if s < t and sty == st[0]), None)
            if level:
                starts[t] = (t, level, w.text)
    order = sorted(starts)
    # an item ends where the next one's list marker begins
    begin = {s: (by_char.get(prose.starts[prose.word_index(doc[s]) - 1], s) if starts[s][2] else s) for s in order}
    lines: list[Line] = []
    for k, s in enumerate(order):
        e, level, _ = starts[s]
        end = begin[order[k + 1]] if k + 1 < len(order) else min(len(doc), s + 200)
        item = doc[s:end]
        monies = [t for t in item if t.ent_type_ == "MONEY"]
        if e == s:
            # a numbered item without level word counts only when it states an amount in its own
            # first sentence (not a paragraph after it)
            stop = next((t.i for t in item if t.text == "." and t.i > s + 1 and not t.nbor(-1).like_num
                         and t.nbor(-1).lower_ not in ("rp", "no")), end)
            # nor past its own paragraph (a heading '4. Sasaran ...' states nothing of the paragraphs under it)
            stop = min(stop, next((t.i for t in item if t.i > s and prose.starts_paragraph(t)), end))
            monies = [t for t in monies if t.i < stop]
            if not monies:
                continue
        if s in headings:
            monies = []  # the sentence naming the program states no figure of its own
        if not monies:
            if level == "program":  # a heading: kept only if lines with amounts follow
                name = headings.get(s) or _clean_name(_cut_at_sentence(doc[e:end]).text)
                # a program's name opens with a capital ('Program Penempatan ...'); 'program dinas
                # kabupaten/kota yang ...' is the word in a sentence, not a heading
                if name and len(name) <= 200 and (name[0].isupper() or s in headings):
                    page, bbox = prose.where(doc[s:min(end, s + 3)])
                    lines.append(Line(level, name, page, bbox, "narasi"))
            continue
        first = monies[0]
        kw = _keyword_before(doc, first.i, PAGU_WORDS, floor=e)
        if kw is None:
            continue  # an amount without a pagu word: not a budget statement
        name = _clean_name(_PROSE_TAIL.sub("", doc[e:kw].text))
        if not name or len(name) > 300:
            continue
        page, bbox = prose.where(doc[s:first.i + 1])
        subj = name[:60]
        pagu = ctx.amount(first.text, subj, page)
        real = pct = None
        for t in monies[1:]:
            if t.i - first.i > 40:
                break  # far past the item's own sentence: another statement's figure
            if any(x.lower_ in ("kegiatan", "program") for x in doc[first.i + 1:t.i]):
                break  # another line named in between ('..., kegiatan Y dengan ... realisasi'): its figure
            if _keyword_before(doc, t.i, REAL_WORDS, floor=first.i + 1) is not None:
                real = ctx.amount(t.text, subj, page)
                pct = _percent_after(ctx, doc, t.i, subj, page)
                break
        lines.append(Line(level, name, page, bbox, "narasi", None, pagu, real, pct))
    _attach(lines)
    for ln in lines:
        ln.group = "narasi"
    # (a heading in a list of the unit's programs is no parent of an amount stated many pages on)
    has_amount = {id(ln.parent) for ln in lines if ln.parent and (ln.pagu is not None or ln.realisasi is not None)
                  and ln.halaman - ln.parent.halaman <= 2}
    return [ln for ln in lines if ln.tingkat != "program" or ln.pagu is not None or id(ln) in has_amount]


def _capitals_after(doc, s: int) -> str | None:
    """'PROGRAM PENINGKATAN PELAYANAN KEPADA MASYARAKAT' in capitals: the words after
    the level word while they stay in capitals (at least two), else None."""
    if not doc[s].text.endswith("PROGRAM"):
        return None
    words = []
    for t in doc[s + 1:s + 30]:
        if t.is_alpha and t.text.isupper() or (words and t.text in ("/", "-", "&")):
            words.append(t.text)
        else:
            break
    return _clean_name(" ".join(words).title().replace(" Dan ", " dan ")) if len(words) >= 2 else None


def _marker_before(prose: ProseDoc, token) -> str | None:
    wi = prose.word_index(token)
    if wi - 1 >= 0 and wi - 1 in prose.para_first_word:
        return prose.words[wi - 1].text
    return None


def _cut_at_sentence(span):
    """A heading ends at its colon or full stop (or at the next line's list item)."""
    for t in span:
        if t.text in (":", ".") and t.i > span.start:
            return span.doc[span.start:t.i]
    return span


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
