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
_FIGURE = re.compile(r"^\(?[<>≤≥]?\s*(?:rp\.?\s*)?\d[\d.,]*\s*%?\)?,?-?$", re.I)


def _groups(line: Line, gap: float = 9.0) -> list[list[Word]]:
    """Words of a line in column groups: a gap wider than a few spaces starts the next."""
    out: list[list[Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 <= gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _header(line: Line) -> list[list[Word]] | None:
    groups = _groups(line)
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
    if any(_FIGURE.match(w.text) and re.search(r"\d{2,}", w.text) for g in groups for w in g):
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
        if any(_FIGURE.match(w.text) and re.search(r"\d{2,}", w.text) for ln in block for w in ln.words):
            return found
        words = sorted((w for ln in block for w in ln.words), key=lambda w: w.x0)
        groups: list[list[Word]] = []
        for w in words:
            if groups and w.x0 - max(x.x1 for x in groups[-1]) <= 4:
                groups[-1].append(w)
            else:
                groups.append([w])
        groups = [sorted(g, key=lambda w: (round(w.top), w.x0)) for g in groups]
        if len(groups) < 3:
            continue
        roles = [role_of(" ".join(w.text for w in g)) for g in groups]
        if sum(r is not None for r in roles) >= 3 and _VALUE_ROLES & set(roles) and _NAME_ROLES & set(roles):
            found = (groups, depth)  # the deepest block that reads as a header
    return found


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
    for page_no in sorted(layout.body):
        lines = layout.body[page_no]
        i = 0
        while i < len(lines):
            head, depth = _header(lines[i]), 1
            if head is None:
                head, depth = _stacked_header(lines, i)
            if head is None:
                i += 1
                continue
            table, used = _table_below(lines, i + depth - 1, head, page_no)
            if table is not None:
                used |= set(range(i, i + depth))
            if table is None:
                i += 1
                continue
            layout.tables.append(table)
            lines = [ln for k, ln in enumerate(lines) if k not in used]
            changed = True
        layout.body[page_no] = lines
    if changed:
        layout.tables.sort(key=lambda t: (t.page, t.bbox[1]))
        layout.paragraphs = paragraphs([ln for n in sorted(layout.body) for ln in layout.body[n]])


def _table_below(lines: list[Line], h: int, head: list[list[Word]], page_no: int):
    starts = [g[0].x0 for g in head]
    bounds = [(head[k][-1].x1 + head[k + 1][0].x0) / 2 for k in range(len(head) - 1)]
    value_cols = {k for k, g in enumerate(head) if role_of(" ".join(w.text for w in g)) in _VALUE_ROLES}
    body: list[Line] = []
    prev = lines[h]
    for ln in lines[h + 1:]:
        height = max(prev.bottom - prev.top, 6)
        if ln.top - prev.bottom > 2.2 * height or _is_prose(ln) or ln.x0 < starts[0] - 45:
            break
        body.append(ln)
        prev = ln
    cells_by_line = []
    for ln in body:
        cols: dict[int, list[Word]] = {}
        for g in _groups(ln):
            # words run together are one cell: a long name running past the header's midpoint
            # stays in its column; a figure stands where its middle is
            figure = all(_FIGURE.match(w.text) or _NIL.match(w.text) for w in g)
            x = (g[0].x0 + g[-1].x1) / 2 if figure else g[0].x0
            cols.setdefault(_column_of(x, bounds), []).extend(g)
        has_value = any(k in value_cols and all(_FIGURE.match(w.text) for w in ws) for k, ws in cols.items()) or \
            sum(1 for k, ws in cols.items() if k in value_cols and all(_NIL.match(w.text) for w in ws)) >= 2
            # a row of nothing ('– – –'): a row all the same
        cells_by_line.append((ln, cols, has_value))
    anchors = [k for k, (_, _, v) in enumerate(cells_by_line) if v]
    if len(anchors) < 2:
        return None, set()
    top_aligned = anchors[0] == 0
    rows: dict[int, list[int]] = {a: [] for a in anchors}
    opened = False  # a numbered line without figures opens the next row ('3. Program ... dan')
    for k in range(len(cells_by_line)):
        if k in rows:
            rows[k].append(k)
            opened = False
            continue
        above = [a for a in anchors if a < k]
        below = [a for a in anchors if a > k]
        opened = opened or bool(_ROW_NUMBER.match(cells_by_line[k][0].text) and
                                _ROW_NUMBER.match(cells_by_line[anchors[0]][0].text))
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
    used_lines = [lines[h]] + [cells_by_line[k][0] for k in range(last_used + 1)]
    bbox = union(ln.bbox for ln in used_lines)
    caption = " ".join(ln.text for ln in lines[max(0, h - 3):h] if lines[h].top - ln.bottom < 60)
    table = Table(table_rows, [page_no], bbox, caption=caption, col_x=starts)
    used = {h} | {h + 1 + k for k in range(last_used + 1)}
    return table, used


def _cell(words: list[Word], page: int) -> Cell:
    if not words:
        return Cell("", None, page)
    grouped = group_lines(words)
    return Cell(join_cell_lines([g.text for g in grouped]), union(w.bbox for w in words), page,
                [g.text for g in grouped], sum(w.bold for w in words) > len(words) / 2,
                [(g.top, g.bottom, g.x0) for g in grouped])
