"""Tables without rules: a line of header words (Indikator / Target / Realisasi / Capaian,
Program / Pagu / Realisasi / %, Pendidikan / Jumlah ...) spaced into columns, and the
lines below it aligned under those columns. They become `Table`s like ruled ones, so the
same readers take them.

Rows: a line carrying a figure anchors a row; lines with text only are the wrapped rest of
a cell. When the first row's figures are on its first line (top-aligned cells), text lines
belong to the row above them; otherwise to the nearest anchored row.
"""

from __future__ import annotations

import re

from ..pages.model import Word
from .page_layout import (
    Cell,
    Layout,
    Line,
    Table,
    _CUT_NUMBER,
    group_lines,
    join_cell_lines,
    paragraphs,
    union,
)
from .roles import role_of

_VALUE_ROLES = {"target", "realisasi", "capaian", "pagu", "jumlah", "luas", "persen", "penduduk", "laki", "perempuan"}
_NAME_ROLES = {"indikator", "nama", "sasaran", "pendidikan", "golongan", "desa", "no", "kode"}
_NIL = re.compile(r"^[-–—]$")
_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[a-z])[.)]\s+\S")
_FIGURE = re.compile(r"^\(?[<>≤≥]?\s*(?:rp\.?\s*)?\d[\d.,]*\s*%?\)?,?-?$|^[.,]\d{3}(?:[.,]\d{3})*,?-?$", re.I)
# (the second form: the rest of an amount a stray space cut, '1 .250.000.000')
_SCALE = re.compile(r"^\(?0{3}(?:\.0{3})?\)?$")  # '(Rp 000)' in a heading: the unit, no figure
_YEAR = re.compile(r"^\(?(?:19|20)\d\d\)?$")  # 'TAHUN 2016' in a heading is no figure
_LEVEL_WORD = re.compile(r"^\s*(?:program|kegiatan|sub\s*kegiatan)\s+\S", re.I)  # rows opening like the first
_CURRENCY = re.compile(r"^(?:rp\.?|%)$", re.I)  # 'Rp' or '%' printed apart from its figure


def _groups(line: Line, gap: float = 9.0) -> list[list[Word]]:
    """Words of a line in column groups: a gap wider than a few spaces starts the next."""
    out: list[list[Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 <= gap and not _apart(out[-1][-1], w):
            out[-1].append(w)
        else:
            out.append([w])
    return out


_AMOUNT = re.compile(r"^\(?-?\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?,?-?\)?$|^-?\d+[.,]\d{1,2}\s*%?$")
_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,4}){2,}\.?$")


def _apart(prev: Word, w: Word) -> bool:
    """Two cells set close together: an amount then 'Rp' or another amount (bold figures run
    into the next column), or a kode rekening then the name beside it (a long code in a
    narrow Kode column)."""
    if _AMOUNT.match(prev.text) and (_CURRENCY.match(w.text) and w.text != "%" or _AMOUNT.match(w.text)):
        return True
    return bool(_CODE.match(prev.text) and re.match(r"^[A-Za-z(]", w.text))


def _split_headings(groups: list[list[Word]]) -> list[list[Word]]:
    """Headings of narrow columns set close ('Target Realisasi Capaian' with a few points between):
    a group that splits into two headings of different roles is two columns."""
    out: list[list[Word]] = []
    for g in groups:
        while len(g) >= 2:
            cut = next((k for k in range(1, len(g)) if g[k].x0 - g[k - 1].x1 > 4.5  # (wider than a space)
                        and role_of(" ".join(w.text for w in g[:k])) not in (None, role_of(" ".join(w.text for w in g[k:])))
                        and role_of(" ".join(w.text for w in g[k:])) is not None), None)
            if cut is None:
                break
            out.append(g[:cut])
            g = g[cut:]
        out.append(g)
    return out


def _justified(line: Line, width: float = 0.0) -> bool:
    """A line of prose set justified: seven words or more, the spaces between them all alike
    (a heading's gaps between columns are many times its spaces within a column)."""
    if len(line.words) < 7 or line.words[-1].x1 - line.words[0].x0 < 0.6 * width:
        return False  # (a name wrapped in its cell is set with even spaces too, but within its column)
    gaps = sorted(b.x0 - a.x1 for a, b in zip(line.words, line.words[1:]))
    return gaps[-1] < 2.0 * max(gaps[0], 1.0) + 2 and gaps[len(gaps) // 2] < max(line.bottom - line.top, 6)


def _header(line: Line) -> list[list[Word]] | None:
    groups = _split_headings(_groups(line))
    if len(groups) < 2:
        return None
    roles = [role_of(" ".join(w.text for w in g)) for g in groups]
    if len(groups) == 2:
        # a list of names and their amounts ('PROGRAM    ANGGARAN (Rp.)'): two short headings only
        if roles[0] not in ("nama", "indikator") or roles[1] not in ("pagu", "jumlah") \
                or any(len(g) > 4 for g in groups):
            return None
    elif sum(r is not None for r in roles) < 3:
        return None
    if not (_VALUE_ROLES & set(roles)) or not (_NAME_ROLES & set(roles)):
        return None
    if any(_FIGURE.match(w.text) and re.search(r"\d{2,}", w.text) and not _YEAR.match(w.text) and not _SCALE.match(w.text)
           for g in groups for w in g):
        return None
    return groups


def _stacked_header(lines: list[Line], i: int) -> tuple[list[list[Word]] | None, int]:
    """A header set over two to five close lines ('Luas' above 'Desa/Kelurahan' above '(m2)'):
    its words grouped into columns by where they stand, whatever line they are on."""
    found: tuple[list[list[Word]] | None, int] = (None, 0)
    for depth in range(2, 7):
        block = lines[i:i + depth]
        if len(block) < depth or any(b.top - a.bottom > 1.5 * max(a.bottom - a.top, 6)
                                     for a, b in zip(block, block[1:])):
            return found
        span = max(w.x1 for ln in block for w in ln.words) - min(w.x0 for ln in block for w in ln.words)
        if any(_justified(ln, span) for ln in block):
            return found  # a justified sentence above the heading: prose, however wide its spaces
        first_line = block[0]
        if len(_groups(first_line)) == 1 and len(first_line.words) >= 3 and \
                first_line.words[-1].x1 - first_line.words[0].x0 > 0.35 * span:
            return found  # a caption line over the table ('(dalam ribuan rupiah)'), not a column's heading
        if all(w.bold for w in block[0].words) and not any(w.bold for w in block[-1].words):
            return found  # a heading set in bold ends where plain type begins (the rest of a row cut by the page end)
        if any(_FIGURE.match(w.text) and re.search(r"\d{2,}", w.text) and not (n and _YEAR.match(w.text))
               and not _SCALE.match(w.text)
               for n, ln in enumerate(block) for w in ln.words):
            return found  # (a year under a heading's first line: 'TARGET' / 'TAHUN 2016')
        if any(re.fullmatch(r"[-–]|\d+[.,]?\d*\s*%?", w.text) and not _YEAR.match(w.text) and not _SCALE.match(w.text)
               for w in block[-1].words):
            return found  # a line of figures ('1  –  1'): the first row, not the heading
        after = lines[i + depth] if i + depth < len(lines) else None
        if after is not None and after.top < block[-1].bottom - 1 and any(
                re.fullmatch(r"[-–]|\d+[.,]?\d*\s*%?", w.text) for w in after.words):
            continue  # its last line shares a band with the line below: a row's name beside its figures
        groups = _block_groups(block)
        alone = _header(block[-1])
        if depth == 2 and alone is not None and len(alone) >= len(groups):
            return found  # the line below is the whole heading: the line above is text, not part of it
        if len(groups) < 3:
            continue
        roles = [role_of(" ".join(w.text for w in g)) for g in groups]
        if sum(r is not None for r in roles) >= 3 and _VALUE_ROLES & set(roles) and _NAME_ROLES & set(roles):
            found = (groups, depth)  # the deepest block that reads as a header
    return found


def _block_groups(block: list[Line]) -> list[list[Word]]:
    """The words of a heading block grouped into columns by where they stand, whatever line."""
    words = sorted((w for ln in block for w in ln.words), key=lambda w: w.x0)
    groups: list[list[Word]] = []
    for w in words:
        if groups and w.x0 - max(x.x1 for x in groups[-1]) <= 4:
            groups[-1].append(w)
        else:
            groups.append([w])
    return [sorted(g, key=lambda w: (round(w.top), w.x0)) for g in groups]


def _words(head: list[list[Word]]) -> str:
    return " ".join(w.text for g in head for w in g)


def _column_of(x: float, bounds: list[float]) -> int:
    k = 0
    while k < len(bounds) and x >= bounds[k]:
        k += 1
    return k


def _is_prose(line: Line) -> bool:
    """A sentence running across the columns: many words and no column gaps."""
    return len(line.words) >= 10 and len(_groups(line)) == 1


def find_unruled_tables(layout: Layout) -> None:
    """Add the unruled tables of every page to `layout` (their lines leave the prose)."""
    changed = False
    cut: tuple[int, str, Table] | None = None  # the table that reached the foot of the page before
    for page_no in sorted(layout.body):
        lines = layout.body[page_no]
        i = 0
        while i < len(lines):
            head, depth = _header(lines[i]), 1
            stacked, deep = _stacked_header(lines, i)
            if stacked is not None and (head is None or (deep > 1 and len(stacked) == len(head))):
                head, depth = stacked, deep  # a heading over several lines ('TARGET' / 'RENSTRA' / 'TAHUN 2016')
            if head is None:
                i += 1
                continue
            if cut and cut[0] == page_no - 1 and _words(head) != cut[1]:
                # the heading repeated over the table going on from the page before, and under it
                # the rest of a row the page end cut: the heading is the lines that repeat it
                for d in range(depth - 1, 0, -1):
                    fewer = _block_groups(lines[i:i + d]) if d > 1 else _header(lines[i])
                    if fewer and _words(fewer) == cut[1]:
                        head, depth = fewer, d
                        break
            words = _words(head)
            going_on = cut if cut and cut[0] == page_no - 1 and cut[1] == words else None
            table, used = _table_below(lines, i + depth - 1, head, page_no, top=i,
                                       aligned=getattr(going_on[2], "top_aligned", None) if going_on else None,
                                       cut_row=going_on[2].rows[-1] if going_on else None)
            if table is not None:
                used |= set(range(i, i + depth))
            if table is not None and table.lead and going_on and len(going_on[2].rows) > 1:
                last = going_on[2].rows[-1]
                going_on[2].rows[-1] = [_joined(a, b) for a, b in zip(last, table.lead)]
            if table is None and i + depth >= len(lines) and len(head) >= 3 and \
                    sum(role_of(" ".join(w.text for w in g)) in _VALUE_ROLES for g in head) >= 2:
                # the heading alone at the foot of the page: its rows are on the next page (a table of
                # two figure columns at least: a list of programs with one amount, as a PK's, stays text)
                caption = " ".join(ln.text for ln in lines[max(0, i - 3):i])
                alone = Table([[_cell(g, page_no) for g in head]], [page_no],
                              union(ln.bbox for ln in lines[i:i + depth]), caption=caption,
                              col_x=[g[0].x0 for g in head])
                alone.top_aligned = None
                if _continue_on(layout, page_no + 1, head, alone):
                    lines = lines[:i]
                    changed = True
                    break
            if table is None:
                i += 1
                continue
            layout.tables.append(table)
            reaches_foot = max(used) >= len(lines) - 2  # at most the page number below it
            lines = [ln for k, ln in enumerate(lines) if k not in used]
            changed = True
            if reaches_foot:
                cut = (page_no, words, table)
                _continue_on(layout, page_no + 1, head, table)
        layout.body[page_no] = lines
    if changed:
        layout.tables.sort(key=lambda t: (t.page, t.bbox[1]))
        layout.paragraphs = paragraphs([ln for n in sorted(layout.body) for ln in layout.body[n]], layout.tables)


def _continue_on(layout: Layout, page_no: int, head: list[list[Word]], above: Table) -> bool:
    """An unruled table cut by the page end goes on at the top of the next page without its
    header: the first lines there that fall into its columns with a figure are its rows
    (the running header above them, at most two lines, stays out)."""
    lines = layout.body.get(page_no)
    if not lines:
        return False
    for first in range(min(3, len(lines))):
        table, used = _table_below(lines, first - 1, head, page_no, first=first,
                                   aligned=getattr(above, "top_aligned", None), cut_row=above.rows[-1])
        if table is not None or len(_groups(lines[first])) >= 2:
            break
    if table is None or not table.rows[1:]:
        return False
    heading = {w.text.lower() for g in head for w in g}
    lead_words = [w.lower() for c in table.lead for w in c.text.split()]
    if lead_words and sum(w in heading for w in lead_words) >= len(lead_words) / 2:
        return False  # the heading printed again at the top: the page's own table, found under it
    if table.lead and len(above.rows) > 1:  # the rest of the row the page end cut
        above.rows[-1] = [_joined(a, b) for a, b in zip(above.rows[-1], table.lead)]
    table.caption = above.caption
    layout.tables.append(table)
    layout.body[page_no] = [ln for k, ln in enumerate(lines) if k not in used]
    if max(used) >= len(lines) - 2:
        _continue_on(layout, page_no + 1, head, table)  # and on over the page after
    return True


def _table_below(lines: list[Line], h: int, head: list[list[Word]], page_no: int, first: int | None = None,
                 top: int | None = None, aligned: bool | None = None, cut_row: list[Cell] | None = None):
    starts = [g[0].x0 for g in head]
    bounds = [(head[k][-1].x1 + head[k + 1][0].x0) / 2 for k in range(len(head) - 1)]
    value_cols = {k for k, g in enumerate(head) if role_of(" ".join(w.text for w in g)) in _VALUE_ROLES}
    body: list[Line] = []
    prev = lines[h] if first is None else None  # continued on a new page: no header line above
    left = starts[0]
    if h + 1 < len(lines) and len(_groups(lines[h + 1])) >= 2 and any(
            _FIGURE.match(w.text) for w in lines[h + 1].words):
        left = min(left, lines[h + 1].x0)  # a heading centred over a wide first column: its rows start left of it
    for ln in lines[h + 1:]:
        height = max(prev.bottom - prev.top, 6) if prev else 0
        if (prev and ln.top - prev.bottom > 2.2 * height) or _is_prose(ln) or ln.x0 < left - 45:
            break
        if body and (_justified(ln, head[-1][-1].x1 - head[0][0].x0) or _header(ln) is not None):
            break  # a sentence of the text, or the heading of the next table
        body.append(ln)
        prev = ln
    bounds = _bounds_from_gaps(head, body, bounds)
    centres = [(g[0].x0 + g[-1].x1) / 2 for g in head]
    cells_by_line = []
    for ln in body:
        cols: dict[int, list[Word]] = {}
        for g in _groups(ln):
            # words run together are one cell: a long name running past the header's midpoint
            # stays in its column; a figure stands where its middle is
            figure = all(_FIGURE.match(w.text) or _NIL.match(w.text) or _CURRENCY.match(w.text) for w in g) \
                and not all(_CURRENCY.match(w.text) for w in g)
            x = (g[0].x0 + g[-1].x1) / 2 if figure else g[0].x0
            c = _column_of(x, bounds)
            if figure and c not in value_cols and value_cols:
                # a figure set left in its column, nearer the figure column's heading than its own
                # column's: the figure column's ('-' and '1' under 'Jumlah (Orang)' centred far right)
                near = min(value_cols, key=lambda k: abs(centres[k] - x))
                if abs(near - c) == 1 and abs(centres[near] - x) < abs(centres[c] - x):
                    c = near
            cols.setdefault(c, []).extend(g)
        has_value = any(k in value_cols and all(_FIGURE.match(w.text) or _CURRENCY.match(w.text) for w in ws)
                        and not all(_CURRENCY.match(w.text) for w in ws) for k, ws in cols.items()) or \
            sum(1 for k, ws in cols.items() if k in value_cols and all(_NIL.match(w.text) for w in ws)) >= \
            min(2, len(value_cols))
            # a row of nothing ('– – –'): a row all the same
        if has_value and not cells_by_line and aligned and cut_row and _only_cut_tails(
                cols, {k: c.text.split() for k, c in enumerate(cut_row) if c.text}, value_cols):
            has_value = False  # the figures of the row the page break cut, printed under its 'Rp' on the page before
        if has_value and cells_by_line and _only_cut_tails(
                cols, {k: [w.text for w in ws] for k, ws in cells_by_line[-1][1].items()}, value_cols):
            has_value = False  # '0' under '100,0': the rest of a figure the narrow column cut, not a row
        cells_by_line.append((ln, cols, has_value))
    anchors = [k for k, (_, _, v) in enumerate(cells_by_line) if v]
    if anchors and anchors[-1] < len(cells_by_line) - 1:
        # text below the last figures is that row's rest only when set as close as the table's lines
        gaps = sorted(b.top - a.bottom for a, b in zip(body, body[1:anchors[-1] + 1]))
        usual = gaps[len(gaps) // 2] if gaps else 3.0
        for k in range(anchors[-1] + 1, len(cells_by_line)):
            if body[k].top - body[k - 1].bottom > 1.8 * max(usual, 1.0) + 2:
                cells_by_line = cells_by_line[:k]
                break
    # one row is a table too when the heading has three columns and the row figures in two of them
    # ('Indikator | Target | Realisasi | Capaian' over a single indicator)
    single = len(anchors) == 1 and len(head) >= 3 and sum(
        1 for k, ws in cells_by_line[anchors[0]][1].items() if k in value_cols and any(_FIGURE.match(w.text) for w in ws)) >= 2
    if len(anchors) < (1 if first is not None or single else 2) or (first is not None and anchors[0] > 0 and not aligned):
        return None, set()
    top_aligned = anchors[0] == 0
    lead: list[int] = []
    if aligned and not top_aligned:
        # the same table went on from the page before, its rows top-aligned there: the lines
        # above the first figures are the rest of that page's last row, cut by the page break
        top_aligned, lead = True, list(range(anchors[0]))
    rows: dict[int, list[int]] = {a: [] for a in anchors}
    opened = False  # a numbered line without figures opens the next row ('3. Program ... dan')
    for k in range(len(cells_by_line)):
        if k in lead:
            continue
        if k in rows:
            rows[k].append(k)
            opened = False
            continue
        above = [a for a in anchors if a < k]
        below = [a for a in anchors if a > k]
        opened = opened or any(bool(p.match(cells_by_line[k][0].text) and p.match(cells_by_line[anchors[0]][0].text))
                               for p in (_ROW_NUMBER, _LEVEL_WORD))
        if opened and below:
            target = below[0]
        elif top_aligned and above:
            target = above[-1]
        elif not above:
            target = below[0]
        elif not below:
            target = above[-1]
        else:
            ya, yb = cells_by_line[above[-1]][0].top, cells_by_line[below[0]][0].top
            y = cells_by_line[k][0].top
            target = above[-1] if y - ya <= yb - y else below[0]
        rows[target].append(k)
    last_used = max(max(v) for v in rows.values())
    table_rows = [[_cell([w for g in head for w in g if _column_of((w.x0 + w.x1) / 2, bounds) == c], page_no)
                   for c in range(len(head))]]
    for a in anchors:
        members = sorted(rows[a])
        row = []
        for c in range(len(head)):
            ws = [w for m in members for w in cells_by_line[m][1].get(c, [])]
            row.append(_cell(ws, page_no))
        table_rows.append(row)
    used_lines = ([lines[h]] if first is None else []) + [cells_by_line[k][0] for k in range(last_used + 1)]
    bbox = union(ln.bbox for ln in used_lines)
    top = h if top is None else top  # the heading's first line
    caption = " ".join(ln.text for ln in lines[max(0, top - 3):top] if lines[top].top - ln.bottom < 60) \
        if first is None else ""
    table = Table(table_rows, [page_no], bbox, caption=caption, col_x=starts)
    table.top_aligned = top_aligned
    table.lead = [_cell([w for m in lead for w in cells_by_line[m][1].get(c, [])], page_no) for c in range(len(head))] \
        if lead else []
    used = (set(range(top, h + 1)) if first is None else set()) | {h + 1 + k for k in range(last_used + 1)}
    return table, used


def _bounds_from_gaps(head: list[list[Word]], body: list[Line], bounds: list[float]) -> list[float]:
    """Column boundaries from the body's white space: headings are often centred over a wide
    column ('INDIKATOR KINERJA' over names that start far left of it), so the midpoint between
    two headings can cut through a column. Between two headings' centres, the x that the
    fewest body lines cover (none, or one line in ten) is the boundary; else the midpoint."""
    if len(body) < 2:
        return bounds
    centres = [(g[0].x0 + g[-1].x1) / 2 for g in head]
    spans = [(w.x0, w.x1) for ln in body for w in ln.words]
    out = []
    for k, mid in enumerate(bounds):
        a, b = int(centres[k]) + 1, int(centres[k + 1])
        best = None
        for x in range(a, b):
            n = sum(1 for ln in body if any(w.x0 - 1 <= x <= w.x1 + 1 for w in ln.words))
            key = (n, abs(x - mid))
            if best is None or key < best[0]:
                best = (key, x)
        if best is not None and best[0][0] <= len(body) // 10:
            # the middle of the white run around it
            x = best[1]
            free = lambda v: not any(x0 - 1 <= v <= x1 + 1 for x0, x1 in spans)
            lo, hi = x, x
            while lo - 1 > a and free(lo - 1):
                lo -= 1
            while hi + 1 < b and free(hi + 1):
                hi += 1
            out.append((lo + hi) / 2 if free(x) else x)
        else:
            out.append(mid)
    return out


def _only_cut_tails(cols: dict[int, list[Word]], above: dict[int, list[str]], value_cols: set[int]) -> bool:
    """A line whose figures are one or two digits, each under a figure cut short on the line above,
    or amounts each under an 'Rp' the narrow column left alone on the line above."""
    vals = {k: ws for k, ws in cols.items() if k in value_cols}

    def goes_on(k: int, ws: list[Word]) -> bool:
        up = above.get(k)
        if not up:
            return False
        if len(ws) == 1 and re.fullmatch(r"\d{1,2}%?", ws[0].text) and _CUT_NUMBER.search(up[-1]):
            return True
        return all(_CURRENCY.match(t) and t != "%" for t in up)
    return bool(vals) and all(goes_on(k, ws) for k, ws in vals.items())


def _joined(a: Cell, b: Cell) -> Cell:
    """A cell of a row cut by the page break, with its rest from the next page."""
    if not b.text:
        return a
    lines = a.lines + b.lines
    return Cell(join_cell_lines(lines), a.bbox or b.bbox, a.page if a.text else b.page, lines, a.bold, a.spans + b.spans)


def _cell(words: list[Word], page: int) -> Cell:
    if not words:
        return Cell("", None, page)
    grouped = group_lines(words)
    return Cell(join_cell_lines([g.text for g in grouped]), union(w.bbox for w in words), page,
                [g.text for g in grouped], sum(w.bold for w in words) > len(words) / 2,
                [(g.top, g.bottom, g.x0) for g in grouped])
