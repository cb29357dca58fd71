"""Layout: from words to lines, paragraphs and tables (joined across pages).

Page headers and footers (page numbers, running titles) are kept apart as
furniture, so they never reach prose or table cells.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..pages.model import Page, RawTable, Word

Bbox = tuple[float, float, float, float]


def union(boxes) -> Bbox:
    boxes = [b for b in boxes if b]
    return (round(min(b[0] for b in boxes), 1), round(min(b[1] for b in boxes), 1),
            round(max(b[2] for b in boxes), 1), round(max(b[3] for b in boxes), 1))


@dataclass
class Line:
    words: list[Word]

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def bbox(self) -> Bbox:
        return union(w.bbox for w in self.words)

    @property
    def bold(self) -> bool:
        n = sum(len(w.text) for w in self.words)
        return sum(len(w.text) for w in self.words if w.bold) > n / 2


def group_lines(words: list[Word], tolerance: float = 3.0) -> list[Line]:
    """Words into lines by vertical position, each line sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
        for ln in reversed(lines[-3:]):
            if abs(ln[0].top - w.top) <= tolerance or abs(ln[0].bottom - w.bottom) <= tolerance:
                ln.append(w)
                break
        else:
            lines.append([w])
    out = [Line(sorted(ln, key=lambda w: w.x0)) for ln in lines]
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


# ---------------------------------------------------------------- furniture
_PAGE_NUMBER = re.compile(r"^[-–(]?\s*(?:\d{1,4}|[ivxlc]{1,6}|(?:[ivxlc]{1,6}|\d{1,2})\s*[-–.]\s*\d{1,3}"
                          r"|(?:hal(?:aman)?\.?)\s*\d+(?:\s+dari\s+\d+)?)\s*[-–)]?$", re.I)


def furniture_keys(pages: list[Page]) -> set[str]:
    """Texts repeated in the top or bottom margin of many pages: running headers/footers. A
    table's column headers repeated on each page of a long table are not furniture."""
    counts: Counter[str] = Counter()
    for p in pages:
        seen = set()
        for ln in group_lines([w for w in p.words if _in_margin(w, p)]):
            if len(_HEADER_WORDS.findall(ln.text)) < 2:
                seen.add(_furniture_key(ln.text))
        counts.update(seen)
    need = max(2 if len(pages) <= 3 else 3, len(pages) // 3)
    return {k for k, c in counts.items() if c >= need and k}


_HEADER_WORDS = re.compile(r"\b(no|uraian|program|kegiatan|indikator|target|realisasi|anggaran|pagu|capaian|satuan|"
                           r"jumlah|sasaran|kode|keterangan)\b", re.I)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _in_margin(w: Word, p: Page) -> bool:
    """In the band of a running header or footer (some reports print theirs a little lower)."""
    return w.bottom < p.height * 0.11 or w.top > p.height * 0.91


def _row_in_columns(t: "Table", lines: list[Line]) -> list[Cell] | None:
    """The lines as one row of `t` when their words stand inside its frame without crossing a
    column rule (prose across the columns is no row); None otherwise."""
    words = [w for ln in lines for w in ln.words]
    if any(w.x0 < t.bbox[0] - 2 or w.x1 > t.bbox[2] + 2 for w in words):
        return None
    if any(w.x0 + 1 < x < w.x1 - 1 for w in words for x in t.col_x[1:]):
        return None
    by_col: dict[int, list[Word]] = {}
    for w in words:
        by_col.setdefault(_col_index_left(w.x0, t.col_x), []).append(w)
    row = [Cell("", None, t.page) for _ in t.col_x]
    for k, ws in by_col.items():
        row[k] = _cell_from_words(ws, union(w.bbox for w in ws), t.page)
    return row


def _filled(row: list[Cell]) -> set[int]:
    return {k for k, c in enumerate(row) if c.text}


def _adopt_orphan_row(lines: list[Line], tables: list["Table"]) -> list[Line]:
    """On a page that continues the previous page's table, a row above the table's first rule
    (the rule was drawn on the previous page) is a row of that table, not prose: its words
    sit in the table's columns."""
    if not tables or not lines:
        return lines
    t = min(tables, key=lambda t: t.bbox[1])
    above = [ln for ln in lines if ln.bottom <= t.bbox[1] + 1]
    if not above or len(above) > 40 or above[-1].top < t.bbox[1] - 60:
        return lines
    row = _row_in_columns(t, above)
    cols = _filled(row) if row else set()
    if row is None or len(cols) < 2 and not (len(above) <= 3 and 0 not in cols and t.bbox[1] - above[-1].bottom < 14):
        return lines  # (one column: the rest of a row's name the page break cut, set right above the grid)
    t.rows.insert(0, row)
    t.bbox = (t.bbox[0], min(ln.top for ln in above), t.bbox[2], t.bbox[3])
    return [ln for ln in lines if ln not in above]


def _rows_below_grid(lines: list[Line], tables: list["Table"]) -> list[Line]:
    """A row the page break cut, drawn without its bottom rule: the last lines of the page, right
    under the table's last rule and inside its columns, are that table's last row."""
    if not tables or not lines:
        return lines
    t = max(tables, key=lambda t: t.bbox[3])
    below = [ln for ln in lines if ln.top >= t.bbox[3] - 1]
    if not below or len(below) > 4 or below[0].top - t.bbox[3] > 14 or len(t.col_x) < 3:
        return lines
    row = _row_in_columns(t, below)
    if row is None or len(_filled(row)) < 2:
        return lines
    t.rows.append(row)
    t.bbox = (t.bbox[0], t.bbox[1], t.bbox[2], max(ln.bottom for ln in below))
    return [ln for ln in lines if ln not in below]


def _col_index_left(x: float, col_x: list[float]) -> int:
    """The column whose left edge is the last one at or left of x."""
    k = 0
    for i, cx in enumerate(col_x):
        if cx <= x + 2:
            k = i
    return k


def _drop_page_number(lines: list[Line], tables: list["Table"]) -> list[Line]:
    """A lone number as the first or last thing on the page is its page number, wherever the
    margin is."""
    if not lines:
        return lines
    top_table = min((t.bbox[1] for t in tables), default=1e9)
    bottom_table = max((t.bbox[3] for t in tables), default=-1)
    out = list(lines)
    if _PAGE_NUMBER.match(out[-1].text) and out[-1].top > bottom_table:
        out.pop()
    if out and _PAGE_NUMBER.match(out[0].text) and out[0].bottom < top_table and len(out[0].text) <= 4:
        out.pop(0)
    return out


def is_furniture(line: Line, page: Page, keys: set[str]) -> bool:
    if not all(_in_margin(w, page) for w in line.words):
        return False
    return bool(_PAGE_NUMBER.match(line.text)) or _furniture_key(line.text) in keys


# ---------------------------------------------------------------- tables
@dataclass
class Cell:
    text: str
    bbox: Bbox | None
    page: int
    lines: list[str] = field(default_factory=list)
    bold: bool = False
    spans: list[tuple[float, float, float]] = field(default_factory=list)  # (top, bottom, x0) of each line

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class Table:
    rows: list[list[Cell]]
    pages: list[int]
    bbox: Bbox  # on the first page
    caption: str = ""  # text just above the table on its first page
    col_x: list[float] = field(default_factory=list)  # left edges of columns

    @property
    def page(self) -> int:
        return self.pages[0]

    @property
    def ncols(self) -> int:
        return len(self.col_x)


_CUT_NUMBER = re.compile(r"(?:^|\s)(?:\d{1,3}(?:[.,]\d{3})+[.,]\d{0,2}|\d{1,3}(?:[.,]\d{3})*[.,]|\d{1,3},\d)$")


# an amount complete with its decimals in the other separator ('812.345.678,00', '1,002,654.00')
_WHOLE_AMOUNT = re.compile(r"(?:^|\s)(?:\d{1,3}(?:\.\d{3})+,\d{2}|\d{1,3}(?:,\d{3})+\.\d{2})$")


def join_cell_lines(lines: list[str]) -> str:
    """Join a wrapped cell; a number cut by a narrow cell ('1.506.190.00' / '0', '23.284.140.0' /
    '00', '99,9' / '3') is joined without a space, an 'Rp' line between its parts dropped.
    Two whole numbers on two lines ('85' / '450') stay apart."""
    parts: list[str] = []
    for ln in (l.strip() for l in lines):
        if not ln:
            continue
        if parts and re.fullmatch(r"[\d.,]+%?", ln) and _CUT_NUMBER.search(parts[-1]) \
                and not _WHOLE_AMOUNT.search(parts[-1]):
            parts[-1] += ln
        elif parts and ln.lower().rstrip(".") == "rp" and _CUT_NUMBER.search(parts[-1]):
            continue
        elif parts and re.search(r"\w[-/]$", parts[-1]):
            parts[-1] = parts[-1] + ln  # 'DPA-' / 'SKPD', 'Pemeliharaan/' / 'Rehabilitasi': broken at its mark
        else:
            parts.append(ln)
    return " ".join(parts)


def _cell_from_words(words: list[Word], bbox: Bbox | None, page: int) -> Cell:
    grouped = group_lines(words) if words else []
    lines = [ln.text for ln in grouped]
    bold = bool(words) and sum(w.bold for w in words) > len(words) / 2
    return Cell(join_cell_lines(lines), bbox, page, lines, bold, [(ln.top, ln.bottom, ln.x0) for ln in grouped])


def build_table(raw: RawTable, words: list[Word]) -> Table:
    """Fill a ruled table's cells with the words whose centre falls inside each cell. A ruled row
    holding several budget rows (a table ruled only around its header: every line of figures in
    one tall cell per column) is split into one row per line of figures."""
    xs = sorted({round(c[0]) for r in raw.rows for c in r if c})
    col_x: list[float] = []
    for x in xs:  # edges closer than 8pt are one boundary (double rules, slightly offset cells)
        if not col_x or x - col_x[-1] > 8:
            col_x.append(x)
    rows: list[list[Cell]] = []
    seen: set[int] = set()
    bands: list[tuple[float, float]] = []  # each row's vertical extent
    cell_words: dict[int, list[Word]] = {}
    for r in raw.rows:
        placed = []
        for c in r:
            if c is None:
                continue
            inside = [w for w in words
                      if c[0] - 1 <= (w.x0 + w.x1) / 2 <= c[2] + 1 and c[1] - 1 <= (w.top + w.bottom) / 2 <= c[3] + 1]
            seen.update(id(w) for w in inside)
            placed.append((_col_index(c[0], col_x), tuple(c), inside))
        for band in _split_tall_row(_split_merged_header(placed, col_x, raw.bbox[2])):
            cells = [(idx, _cell_from_words(ws, bbox, raw.page)) for idx, bbox, ws in band]
            for (idx, bbox, ws), (_, cell) in zip(band, cells):
                cell_words[id(cell)] = ws
            bands.append((min(b[1] for _, b, _ in band), max(b[3] for _, b, _ in band)) if band else (0.0, 0.0))
            grid = [Cell("", None, raw.page) for _ in col_x]
            for idx, cell in cells:
                # a merged cell occupies every column it spans (the same object, read once)
                right = cell.bbox[2] if cell.bbox else col_x[idx]
                span = [k for k in range(idx, len(col_x)) if k == idx or col_x[k] < right - 3]
                for k in span:
                    grid[k] = cell
            rows.append(grid)
    _place_stray_words(rows, bands, [w for w in words if id(w) not in seen], col_x, cell_words, raw.page)
    _split_figures_over_rows(rows, bands, cell_words, raw.page)
    return _drop_thin_columns(Table(rows, [raw.page], tuple(round(v, 1) for v in raw.bbox), col_x=col_x),
                              raw.bbox[2])


def _split_figures_over_rows(rows, bands, cell_words, page: int) -> None:
    """A cell of figures only, drawn over several rows (a rule missing under it), holding one
    line of figures per row it covers: each line goes to the row beside it."""
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            ws = cell_words.get(id(cell), [])
            if not ws or not cell.bbox or not all(_FIGURE_WORD.match(w.text) for w in ws):
                continue
            covered = [j for j in range(r + 1, len(rows)) if j < len(bands) and bands[j][0] < cell.bbox[3] - 2
                       and not rows[j][k].text]
            if not covered:
                continue
            by_row: dict[int, list[Word]] = {}
            for w in ws:
                mid = (w.top + w.bottom) / 2
                holding = [j for j in [r] + covered if bands[j][0] - 1 <= mid <= bands[j][1] + 1]
                # (the row of the tall cell itself reaches down as far: the narrowest band holding it)
                j = min(holding, key=lambda j: bands[j][1] - bands[j][0]) if holding else r
                by_row.setdefault(j, []).append(w)
            if len(by_row) < 2:
                continue
            for j, part in by_row.items():
                rows[j][k] = _cell_from_words(part, None if j != r else cell.bbox, page)


def _place_stray_words(rows, bands, strays: list[Word], col_x: list[float], cell_words, page: int) -> None:
    """Words inside the table's frame that fall in no ruled cell (a row whose rules are missing
    under some columns) go to the row whose height holds them, in the column they stand in:
    a figure is never dropped in silence."""
    extra: dict[tuple[int, int], list[Word]] = {}
    for w in strays:
        mid = (w.top + w.bottom) / 2
        r = next((k for k, (top, bottom) in enumerate(bands) if top - 1 <= mid <= bottom + 1), None)
        if r is not None:
            extra.setdefault((r, _col_index_left((w.x0 + w.x1) / 2, col_x)), []).append(w)
    for (r, k), ws in extra.items():
        old = rows[r][k]
        mine = cell_words.get(id(old), []) if old.text else []
        rows[r][k] = _cell_from_words(sorted(mine + ws, key=lambda w: (round(w.top), w.x0)), old.bbox, page)


def _split_merged_header(placed, col_x: list[float], right: float):
    """A header row drawn without vertical rules is one cell over many columns: its words go back
    to the columns they stand over, when they stand over several (and it holds no figures)."""
    out = []
    for idx, bbox, ws in placed:
        spans = [k for k in range(idx, len(col_x)) if col_x[k] < bbox[2] - 3]
        if len(spans) < 3 or not ws or any(re.search(r"\d{2,}", w.text) for w in ws):
            out.append((idx, bbox, ws))
            continue
        edges = [col_x[k] for k in spans] + [min(bbox[2], right)]
        if _GROUP_ROW_START.match(" ".join(w.text for w in sorted(ws, key=lambda w: (round(w.top), w.x0)))) \
                and _runs_across(ws, edges[1:-1]):
            out.append((idx, bbox, ws))  # a program's name running over the columns: a group row, one cell
            continue
        by_col: dict[int, list[Word]] = {}
        for w in ws:
            mid = (w.x0 + w.x1) / 2
            k = max(j for j in range(len(spans)) if edges[j] <= mid + 1) if mid >= edges[0] - 1 else 0
            by_col.setdefault(spans[k], []).append(w)
        if len(by_col) < 2:
            out.append((idx, bbox, ws))
            continue
        for k in spans:
            j = spans.index(k)
            out.append((k, (edges[j], bbox[1], edges[j + 1], bbox[3]), by_col.get(k, [])))
    return out


_GROUP_ROW_START = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:program|kegiatan|sub\s*kegiatan|urusan|bidang|sasaran)\b", re.I)


def _runs_across(words: list[Word], edges: list[float], gap: float = 6.0) -> bool:
    """Whether words set close together (one phrase) run over one of the column edges."""
    for line in group_lines(words):
        run = [line.words[0]]
        for w in line.words[1:] + [None]:
            if w is not None and w.x0 - run[-1].x1 <= gap:
                run.append(w)
                continue
            if len(run) > 1 and any(run[0].x0 < e - 2 and run[-1].x1 > e + 2 for e in edges):
                return True
            run = [w] if w is not None else run
    return False


_COUNT_LINE = re.compile(r"^(?:\d{1,4}|[-–—])$")
_MONEY_WORD = re.compile(r"\d{1,3}[.,]\d{3}")
_MONEY_LINE = re.compile(r"^\(?-?\s*(?:rp\.?\s*)?\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?\s*,?-?\)?$", re.I)


def _split_tall_row(placed: list[tuple[int, tuple, list[Word]]]) -> list[list[tuple[int, tuple, list[Word]]]]:
    """One ruled row, or several: when two columns or more each hold three lines of money figures
    or more, one on each row, the row is cut into bands around the lines of the column with the
    most of them; every cell's words go to the band their line is nearest to."""
    quick = sorted((sum(1 for w in ws if _MONEY_WORD.search(w.text)) for _, _, ws in placed), reverse=True)
    small = sorted((sum(1 for w in ws if _COUNT_LINE.match(w.text)) for _, _, ws in placed), reverse=True)
    if (len(quick) < 2 or quick[1] < 3) and (len(small) < 3 or small[2] < 2):
        return [placed]  # the common case, decided without grouping lines
    figure_lines, count_lines = [], []
    for idx, bbox, ws in placed:
        lines = group_lines(ws) if ws else []
        figure_lines.append([((ln.top + ln.bottom) / 2) for ln in lines if _MONEY_LINE.match(ln.text.strip())])
        count_lines.append([((ln.top + ln.bottom) / 2) for ln in lines if _COUNT_LINE.match(ln.text.strip())])
    counts = sorted((len(f) for f in figure_lines), reverse=True)
    if len(counts) < 2 or counts[1] < 3 or counts[1] < 0.8 * counts[0]:
        # a table of counts (staff by category and sex): three columns or more of one count a line
        per_col = [len(f) for f in count_lines if len(f) >= 2]
        common = max(set(per_col), key=per_col.count) if per_col else 0
        if per_col.count(common) < 3:
            return [placed]
        figure_lines = [f for f in count_lines if len(f) == common]
    anchors = max(figure_lines, key=len)
    cuts = [(a + b) / 2 for a, b in zip(anchors, anchors[1:])]
    bands: list[list[tuple[int, tuple, list[Word]]]] = [[] for _ in anchors]
    for idx, bbox, ws in placed:
        parts: list[list[Word]] = [[] for _ in anchors]
        lines = group_lines(ws) if ws else []
        # a column aligned otherwise (its text at the top of each row, its percents a line higher)
        # is shifted by its usual distance from the nearest line of figures
        gaps = sorted(((ln.top + ln.bottom) / 2 - min(anchors, key=lambda a: abs(a - (ln.top + ln.bottom) / 2)))
                      for ln in lines)
        shift = gaps[len(gaps) // 2] if gaps else 0.0
        for ln in lines:
            mid = (ln.top + ln.bottom) / 2 - shift
            k = sum(1 for c in cuts if mid > c)
            parts[k].extend(ln.words)
        for k, part in enumerate(parts):
            top = bbox[1] if k == 0 else cuts[k - 1]
            bottom = bbox[3] if k == len(anchors) - 1 else cuts[k]
            bands[k].append((idx, (bbox[0], top, bbox[2], bottom), part))
    return bands


def _drop_thin_columns(t: Table, right: float, width: float = 8.0) -> Table:
    """Double rules draw slivers of empty columns between the real ones; drop them so a
    table continued on the next page lines up with its first part."""
    edges = t.col_x + [right]
    keep = [i for i in range(len(t.col_x))
            if edges[i + 1] - edges[i] >= width or any(r[i].text and (i == 0 or r[i] is not r[i - 1]) for r in t.rows)]
    if len(keep) == len(t.col_x):
        return t
    t.rows = [[r[i] for i in keep] for r in t.rows]
    t.col_x = [t.col_x[i] for i in keep]
    return t


def _col_index(x: float, col_x: list[float]) -> int:
    return min(range(len(col_x)), key=lambda i: abs(col_x[i] - x))


def _row_key(row: list[Cell]) -> str:
    return re.sub(r"\W+", "", " ".join(c.text for c in row).lower())


def join_across_pages(tables: list[Table], pages: dict[int, Page], body_lines: dict[int, list[Line]]) -> list[Table]:
    """A table that ends a page and one that starts the next page at the same width are one
    table. The continuation's columns are mapped onto the first part's by position (double
    rules shift them a few points); a repeated header is dropped; a row split by the page
    break is mended."""
    out: list[Table] = []
    for t in tables:
        prev = out[-1] if out else None
        if prev and t.page == prev.pages[-1] + 1 and _same_width(prev, t) \
                and _ends_page(prev, pages, body_lines) and _starts_page(t, body_lines) \
                and not _new_header(t, prev):
            rows = [_remap(r, t.col_x, prev.col_x) for r in t.rows]
            heads = _heading_rows(prev)
            while rows and any(_same_row(rows[0], h) for h in heads):
                rows = rows[1:]  # the header printed again, each of its rows (column numbers too)
            if rows and prev.rows and _is_split_row_tail(rows[0], prev.rows[-1]):
                done: set[int] = set()
                for c_prev, c in zip(prev.rows[-1], rows[0]):
                    if c.text and id(c_prev) not in done:
                        done.add(id(c_prev))
                        c_prev.lines += c.lines
                        c_prev.text = join_cell_lines(c_prev.lines) if c_prev.lines else (c_prev.text + " " + c.text).strip()
                        c_prev.spans += [(t + 10_000, b + 10_000, x) for t, b, x in c.spans]  # below, next page
                rows = rows[1:]
            prev.rows.extend(rows)
            prev.pages.append(t.page)
            continue
        out.append(t)
    return out


_LEVEL_ROW = re.compile(r"^\s*(?:[\dA-Za-z]{1,3}[.)]\s*)?(?:program|kegiatan|sub\s*kegiatan)\s+\w", re.I)


def _new_header(t: Table, prev: Table) -> bool:
    """The next page's table opens with a heading row of its own (words, no figures) unlike the
    first part's: another table that happens to have the same width, not a continuation."""
    if not t.rows or not prev.rows or _same_row(t.rows[0], prev.rows[0]):
        return False
    cells = list({id(c): c for c in t.rows[0] if c.text}.values())  # a merged cell once
    texts = [c.text for c in cells]
    if len(texts) == 1 or (texts and _LEVEL_ROW.match(texts[0])):
        return False  # a program's row spanning the columns goes on from the last page
    return len(texts) >= 2 and not any(re.search(r"\d", x) for x in texts)


def _heading_rows(t: Table) -> list[list[Cell]]:
    """The table's leading rows of words or of column numbers ('1 | 2 | 3'): its header."""
    out = []
    for r in t.rows[:4]:
        texts = [c.text.strip() for c in r if c.text and c.text.strip()]
        words = all(not re.search(r"\d", re.sub(r"\b(?:19|20)\d{2}\b", "", x)) for x in texts)  # 'Tahun (2016)' is a word
        if not texts or not (words or all(re.fullmatch(r"\d{1,2}", x) for x in texts)):
            break
        out.append(r)
    return out or t.rows[:1]


def _same_row(a: list[Cell], b: list[Cell]) -> bool:
    """The same header printed again; an OCR'd page may read it a little differently."""
    ka, kb = _row_key(a), _row_key(b)
    return ka == kb or (len(ka) > 8 and difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8)


def _same_width(a: Table, b: Table, tol: float = 10.0) -> bool:
    return abs(a.bbox[0] - b.bbox[0]) <= tol and abs(a.bbox[2] - b.bbox[2]) <= tol and abs(a.ncols - b.ncols) <= 2


def _remap(row: list[Cell], src_x: list[float], dst_x: list[float]) -> list[Cell]:
    if src_x == dst_x:
        return row
    out = [Cell("", None, row[0].page if row else 0) for _ in dst_x]
    for j, cell in enumerate(row):
        k = min(range(len(dst_x)), key=lambda i: abs(dst_x[i] - src_x[j]))
        if cell.text and not out[k].text:
            out[k] = cell
    return out


def _ends_page(t: Table, pages: dict[int, Page], body_lines: dict[int, list[Line]]) -> bool:
    last_page = t.pages[-1]
    last_row_bottom = max((c.bbox[3] for c in t.rows[-1] if c.bbox), default=0)
    below = [ln for ln in body_lines.get(last_page, []) if ln.top > last_row_bottom + 2]
    return not below


def _starts_page(t: Table, body_lines: dict[int, list[Line]]) -> bool:
    above = [ln for ln in body_lines.get(t.page, []) if ln.bottom < t.bbox[1] - 2]
    return not above


def _is_split_row_tail(row: list[Cell], prev_row: list[Cell]) -> bool:
    """The tail of a row broken by the page: no numbering, no numbers, only text going on."""
    filled = [i for i, c in enumerate(row) if c.text]
    if not filled:
        return False
    if any(re.search(r"\d", row[i].text) and not _goes_on(prev_row[i].text, row[i].text) for i in filled):
        return False  # (digits only where they finish a figure or a kode the page break cut: '350.942.000,0' | '0')
    first_goes_on = bool(row[0].text) and _goes_on(prev_row[0].text, row[0].text)
    return (row[0].empty or first_goes_on) and not prev_row[0].empty \
        or (len(filled) == 1 and row[filled[0]].text[:1].islower())


def _goes_on(before: str, after: str) -> bool:
    """`after` finishes a number or kode cut at the end of `before` ('7.01.01.1.' | '08')."""
    return bool(re.fullmatch(r"[\d.,]{1,6}", after.strip())) and bool(re.search(r"\d[.,]\d{0,2}$", before.strip()))


# ---------------------------------------------------------------- paragraphs
@dataclass
class Paragraph:
    lines: list[Line]

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def words(self) -> list[Word]:
        return [w for ln in self.lines for w in ln.words]

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)


_LIST_START = re.compile(r"^(?:[-•▪●*]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\d+(?:\.\d+)+\.?\s|[IVX]+\.\s)")


def _usual_gap(lines: list[Line]) -> float:
    """The commonest white space between two lines of the document (its line spacing): a
    paragraph break is a gap clearly wider than that, whatever the spacing (1, 1.15, 1.5)."""
    gaps = Counter(round((b.top - a.bottom) * 2) / 2 for a, b in zip(lines, lines[1:])
                   if a.page == b.page and 0 < b.top - a.bottom < 2 * max(a.bottom - a.top, 6))
    return gaps.most_common(1)[0][0] if gaps else 0.0


def paragraphs(lines: list[Line], tables=()) -> list[Paragraph]:
    """Consecutive lines of one page with the usual line gap form a paragraph; a list marker
    or a bold/heading change starts a new one."""
    out: list[Paragraph] = []
    prev: Line | None = None
    usual = _usual_gap(lines)
    for ln in lines:
        new = prev is None or ln.page != prev.page
        if not new:
            height = max(prev.bottom - prev.top, 6)
            gap = ln.top - prev.bottom
            new = gap > max(height * 0.45, 4.5, usual + max(2.5, 0.3 * height)) or bool(_LIST_START.match(ln.text)) \
                or ln.bold != prev.bold
        if new:
            out.append(Paragraph([ln]))
        else:
            out[-1].lines.append(ln)
        prev = ln
    return _across_page_breaks(out, tables)


def _across_page_breaks(paras: list[Paragraph], tables) -> list[Paragraph]:
    """A sentence cut by the page end ('... berjumlah 20' | page number | '(Dua Ratus) ...') goes
    on in the first paragraph of the next page: joined when the page's last paragraph ends
    mid-sentence, the next starts in lower case or with a bracket, and no table stands between."""
    out: list[Paragraph] = []
    for p in paras:
        last = out[-1] if out else None
        if (last is not None and p.page == last.lines[-1].page + 1 and p is _first_on(paras, p.page)
                and last is _last_on(paras, last.lines[-1].page)
                and not re.search(r"[.:;!?]\s*$", last.text) and re.match(r"^\s*(?:[a-z(]|\d+\b(?![.)]))", p.text)
                and not _LIST_START.match(p.text)
                and not any(t.page == last.lines[-1].page and t.bbox[1] >= last.lines[-1].bottom for t in tables)
                and not any(t.page == p.page and t.bbox[3] <= p.lines[0].top for t in tables)):
            last.lines.extend(p.lines)
            continue
        out.append(p)
    return out


def _first_on(paras: list[Paragraph], page: int) -> Paragraph | None:
    return next((p for p in paras if p.page == page), None)


def _last_on(paras: list[Paragraph], page: int) -> Paragraph | None:
    return next((p for p in reversed(paras) if p.lines[-1].page == page), None)


# ---------------------------------------------------------------- the laid-out document
@dataclass
class Layout:
    pages: dict[int, Page]
    body: dict[int, list[Line]]  # lines outside tables, without furniture
    tables: list[Table]
    paragraphs: list[Paragraph]
    furniture: list[Line] = field(default_factory=list)  # running headers / footers (the instansi, the year)

    def lines(self) -> list[Line]:
        return [ln for n in sorted(self.body) for ln in self.body[n]]


_FIGURE_WORD = re.compile(r"^\(?-?[\d.,]+%?\)?$|^[-–—]$")


def _has_figures(row: list[Cell]) -> bool:
    return any(c.text and all(_FIGURE_WORD.match(w) for w in c.text.split()) for c in row[1:])


def _rows_above_grid(t: Table, lines: list[Line]) -> list[Line]:
    """A ruled grid drawn from its second row on (the heading, and sometimes the first row, set
    above the rules, unruled or shaded): the lines just above the grid whose words fall within
    its columns are its first rows. Lines with figures are rows; above them, a tight block of
    lines without figures (two lines or more set close, over three columns or more) is the
    heading. Returns the lines left as text."""
    if not t.rows or not _has_figures(t.rows[0]) or len(t.col_x) < 3:
        return lines
    x0, top, x1 = t.bbox[0], t.bbox[1], t.bbox[2]
    above = [ln for ln in lines if ln.bottom <= top + 1]
    inside = lambda ln: ln.x0 >= x0 - 10 and max(w.x1 for w in ln.words) <= x1 + 10
    col = lambda w: max(k for k in range(len(t.col_x)) if t.col_x[k] <= (w.x0 + w.x1) / 2 + 1) \
        if (w.x0 + w.x1) / 2 + 1 >= t.col_x[0] else 0
    data, head, edge = [], [], top
    for ln in reversed(above):
        gap = edge - ln.bottom
        marks = [w.text for w in ln.words[1:] if _FIGURE_WORD.match(w.text)]
        figures = any(re.search(r"\d", m) for m in marks) or len(marks) >= 2  # ('Laki – laki': a dash in words)
        if not inside(ln):
            break
        if figures and not head and gap <= 12 and len({col(w) for w in ln.words}) >= 2:
            data.insert(0, ln)
        elif not figures and (gap <= 12 if not head else gap <= 3):
            head.insert(0, ln)
        else:
            break
        edge = ln.top
    if len(head) < 2 or len({col(w) for ln in head for w in ln.words}) < 3:
        return lines
    page = t.page
    rows = [[_cell_from_words([w for w in ln.words if col(w) == k], None, page) for k in range(len(t.col_x))]
            for ln in head[-4:] + data]  # one heading row per line: a column's bottom cell names it most surely
    t.rows = rows + t.rows
    t.bbox = (t.bbox[0], round(head[0].top, 1), t.bbox[2], t.bbox[3])
    taken = {id(ln) for ln in head + data}
    return [ln for ln in lines if id(ln) not in taken]


def lay_out(pages: list[Page]) -> Layout:
    keys = furniture_keys(pages)
    body: dict[int, list[Line]] = {}
    tables: list[Table] = []
    furniture: list[Line] = []
    ended_with_table = False
    for p in pages:
        in_table: set[int] = set()
        page_tables = []
        for raw in p.tables:
            x0, top, x1, bottom = raw.bbox
            inside = [w for w in p.words
                      if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and top - 1 <= (w.top + w.bottom) / 2 <= bottom + 1]
            in_table.update(id(w) for w in inside)
            page_tables.append(build_table(raw, inside))
        all_lines = group_lines([w for w in p.words if id(w) not in in_table])
        furniture += [ln for ln in all_lines if is_furniture(ln, p, keys) and not _PAGE_NUMBER.match(ln.text)]
        lines = [ln for ln in all_lines if not is_furniture(ln, p, keys)]
        lines = _drop_page_number(lines, page_tables)
        if ended_with_table:
            lines = _adopt_orphan_row(lines, page_tables)
        lines = _rows_below_grid(lines, page_tables)
        body[p.number] = lines
        last_table_bottom = max((t.bbox[3] for t in page_tables), default=None)
        ended_with_table = last_table_bottom is not None and not any(ln.top > last_table_bottom for ln in lines)
        for t in page_tables:
            lines = _rows_above_grid(t, lines)
        body[p.number] = lines
        for t in page_tables:
            above = [ln for ln in lines if ln.bottom <= t.bbox[1] + 1]
            t.caption = " ".join(ln.text for ln in above[-3:])
        tables.extend(sorted(page_tables, key=lambda t: t.bbox[1]))
    tables = join_across_pages(tables, {p.number: p for p in pages}, body)
    paras = paragraphs([ln for n in sorted(body) for ln in body[n]], tables)
    return Layout({p.number: p for p in pages}, body, tables, paras, furniture)
