"""The fast reading pass: words and ruling lines straight from pdfium.

pdfplumber (pdfminer) parses a page in pure Python, about 40 times slower than pdfium's C++
text layer. Here pdfium gives the characters with their boxes and the path objects with
their segments; words are built the way pdfplumber's extract_words builds them, and tables
are found by pdfplumber's own lattice algorithm fed with pdfium's edges. So no page is
parsed twice and none by pdfminer.
"""

from __future__ import annotations

import ctypes
import itertools
import math

import pypdfium2.raw as pdfium_c

# page object types and path segment types of the pdfium C API
_PATH, _IMAGE, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_X_TOLERANCE = 1.5  # as extract_words(x_tolerance=1.5): a wider gap starts a new word
_Y_TOLERANCE = 3.0


class View:
    """How the page is shown: PDF user space (y up, crop box anywhere, /Rotate) to the top-down
    frame of a reader looking at the page, origin at the crop box's top-left. A page whose text
    runs sideways (a landscape table printed on a portrait page) is turned too."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int):
        self.box = box
        self.rotation = rotation % 360
        left, bottom, right, top = box
        self.width, self.height = (right - left, top - bottom) if self.rotation in (0, 180) \
            else (top - bottom, right - left)
        self._affine = self.affine()

    def turned(self, extra: int) -> "View":
        return View(self.box, self.rotation + extra)

    def affine(self) -> tuple[float, float, float, float, float, float]:
        """(a, b, c, d, e, f) with X = a*x + b*y + c and Y = d*x + e*y + f: `point` as numbers."""
        left, bottom, right, top = self.box
        return {90: (0, 1, -bottom, 1, 0, -left), 180: (-1, 0, right, 0, 1, -bottom),
                270: (0, -1, top, -1, 0, right)}.get(self.rotation, (1, 0, -left, 0, -1, top))

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._affine
        return a * x + b * y + c, d * x + e * y + f

    def direction(self, dx: float, dy: float) -> int:
        """The reading direction (0, 90, 180, 270 degrees clockwise) of a baseline vector."""
        X, Y = {0: (dx, -dy), 90: (dy, dx), 180: (-dx, dy), 270: (-dy, -dx)}[self.rotation]
        if abs(X) >= abs(Y):
            return 0 if X > 0 else 180
        return 90 if Y > 0 else 270


class Font:
    """What one text object's characters share: font name, bold, size, baseline direction."""
    __slots__ = ("name", "bold", "size", "dx", "dy")

    def __init__(self, name: str, bold: bool, size: float, dx: float, dy: float):
        self.name, self.bold, self.size, self.dx, self.dy = name, bold, size, dx, dy


class Char:
    """A character in user space: its loose box (l, b, r, t) and its font."""
    __slots__ = ("text", "l", "b", "r", "t", "font")

    def __init__(self, text, l, b, r, t, font):
        self.text, self.l, self.b, self.r, self.t, self.font = text, l, b, r, t, font


# FPDFText_GetTextObject returning a plain address: text objects are compared per character
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)


def _all_text(textpage, n: int) -> str | None:
    """The page's characters in one call; None when they do not map one to one (surrogates)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _gap_to_next(textpage, i: int, prev: "Char | None", loose_box, rect) -> float | None:
    """The gap a generated space stands in, when it is a word gap the tolerance would miss: on
    one line, between 0.2 of the line's height and the tolerance."""
    if prev is None or i + 1 >= pdfium_c.FPDFText_CountChars(textpage):
        return None
    loose_box(textpage, i + 1, rect)
    gap = rect.left - prev.r
    same_line = abs(rect.bottom - prev.b) < 0.5 and prev.font.dx > 0 and prev.font.dy == 0
    height = prev.t - prev.b  # the loose box's height: ascent and descent of the size drawn
    return gap if same_line and height > 0 and 0.2 * height <= gap <= 1.5 else None


def read_chars(textpage) -> list[Char]:
    """Every printed character. The box is pdfium's loose box: advance width by the font's
    ascent and descent, so every character of a line shares top and bottom, as in pdfminer."""
    n = pdfium_c.FPDFText_CountChars(textpage)
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    buf = (ctypes.c_char * 128)()
    is_generated = pdfium_c.FPDFText_IsGenerated
    loose_box, get_matrix = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix
    font_size = pdfium_c.FPDFText_GetFontSize
    text = _all_text(textpage, n)
    if text is None:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    chars: list[Char] = []
    last_object = None  # font facts are asked once per text object, not per character
    font = Font("", False, 0.0, 1.0, 0.0)
    for i, ch in enumerate(text):
        if ch in "\ufffe\x02":  # a hyphen that ends a line: U+0002 per character, U+FFFE in bulk text
            if pdfium_c.FPDFText_GetUnicode(textpage, i) != 2:
                continue
            ch = "-"
        if ch in "\r\n\x00\ufffe\uffff":
            continue
        if ch == " " and is_generated(textpage, i):
            # a space pdfium inferred from a gap: words are cut at gaps below, except a gap a little
            # narrower than the tolerance but wide for the font (a form printing 'Belanja Pegawai'
            # with 1.4 pt between the words, where the PDF draws a space pdfium reports as inferred)
            gap = _gap_to_next(textpage, i, chars[-1] if chars else None, loose_box, rect)
            if gap is not None:
                prev = chars[-1]
                chars.append(Char(" ", prev.r, prev.b, prev.r + gap, prev.t, prev.font))
            continue
        loose_box(textpage, i, rect)
        obj = _text_object(textpage, i)
        if obj != last_object:
            get_matrix(textpage, i, matrix)
            font = _font(textpage, i, buf, font_size(textpage, i), matrix)
            last_object = obj
        chars.append(Char(ch, rect.left, rect.bottom, rect.right, rect.top, font))
    return chars


def _font(textpage, i: int, buf, size: float, matrix) -> Font:
    n = pdfium_c.FPDFText_GetFontInfo(textpage, i, buf, len(buf), None)
    name = bytes(buf[: max(n - 1, 0)]).decode("latin-1")
    low = name.lower()
    bold = pdfium_c.FPDFText_GetFontWeight(textpage, i) >= 600 or "bold" in low or "black" in low \
        or low.endswith(",b") or "-bd" in low
    scale = math.hypot(matrix.c, matrix.d) or 1.0
    return Font(name, bold, round(size * scale if size <= 2 else size, 1), matrix.a, matrix.b)


def reading_turn(chars: list[Char], view: View) -> int:
    """The extra turn that makes most of the page's text upright (0 for an ordinary page)."""
    per_font: dict[int, list] = {}
    for c in chars:
        if c.text != " ":
            entry = per_font.setdefault(id(c.font), [c.font, 0])
            entry[1] += 1
    counts = [0, 0, 0, 0]
    for font, n in per_font.values():
        counts[view.direction(font.dx, font.dy) // 90] += n
    best = max(range(4), key=lambda k: counts[k])
    return (360 - best * 90) % 360 if counts[best] > 0.6 * sum(counts) and best else 0


class PlacedChar:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "font", "bold", "size")

    def __init__(self, text, x0, x1, top, bottom, font: Font):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.font, self.bold, self.size = font.name, font.bold, font.size


def place(chars: list[Char], view: View) -> list[PlacedChar]:
    """The characters that read left to right in this view, in its top-down frame; text at
    other angles (a sideways column header) is left out, as pdfplumber's words leave it, and so
    is slanted text (a diagonal watermark)."""
    upright: dict[int, bool] = {}
    out = []
    a, b, c_, d, e, f_ = view.affine()
    for c in chars:
        f = c.font
        ok = upright.get(id(f))
        if ok is None:
            # text set at a slant (a diagonal watermark across the page) is no part of the page's text
            slanted = abs(f.dx) > 1e-6 and abs(f.dy) > 1e-6 and 0.18 < abs(f.dy / f.dx) < 5.6
            ok = upright[id(f)] = view.direction(f.dx, f.dy) == 0 and not slanted
        if ok:
            xa, ya = a * c.l + b * c.b + c_, d * c.l + e * c.b + f_
            xb, yb = a * c.r + b * c.t + c_, d * c.r + e * c.t + f_
            out.append(PlacedChar(c.text, xa if xa < xb else xb, xb if xa < xb else xa,
                                  ya if ya < yb else yb, yb if ya < yb else ya, f))
    return out


def has_doubled_chars(chars: list[PlacedChar]) -> bool:
    prev = None
    for c in chars:
        if prev is not None and c.text == prev.text and not c.text.isspace() \
                and abs(c.x0 - prev.x0) <= 1 and abs(c.top - prev.top) <= 1:
            return True
        prev = c
    return False


def dedupe(chars: list[PlacedChar]) -> list[PlacedChar]:
    """Fake bold prints each character twice at (almost) the same place."""
    out: list[PlacedChar] = []
    for c in chars:
        if any(o.text == c.text and abs(o.x0 - c.x0) <= 1 and abs(o.top - c.top) <= 1 for o in out[-4:]):
            continue
        out.append(c)
    return out


def words_from_chars(chars: list[PlacedChar]) -> list[tuple[str, float, float, float, float, bool, float]]:
    """Characters into words as pdfplumber's extract_words(x_tolerance=1.5, keep_blank_chars=False,
    use_text_flow=False, extra_attrs=[fontname, size]) does: each run of characters in one font
    (in content-stream order) is clustered into lines, sorted left to right, and cut into words
    at blanks and at gaps wider than the tolerance. Text printed over other text in another
    font (a stamp, a running header) so stays apart."""
    words = []
    for _, run in itertools.groupby(chars, key=lambda c: (c.font, c.size)):
        lines: list[list[PlacedChar]] = []
        prev_top = None
        for c in sorted(run, key=lambda c: c.top):  # chained clusters, as pdfplumber's cluster_objects
            if prev_top is None or c.top - prev_top > _Y_TOLERANCE:
                lines.append([c])
            else:
                lines[-1].append(c)
            prev_top = c.top
        for line in lines:
            line.sort(key=lambda c: c.x0)
            current: list[PlacedChar] = []
            for c in line:
                if c.text.isspace():
                    if current:
                        words.append(_word(current))
                        current = []
                    continue
                if current and c.x0 > current[-1].x1 + _X_TOLERANCE:
                    words.append(_word(current))
                    current = []
                current.append(c)
            if current:
                words.append(_word(current))
    return words


def _word(chars: list[PlacedChar]):
    return ("".join(c.text for c in chars), min(c.x0 for c in chars), max(c.x1 for c in chars),
            min(c.top for c in chars), max(c.bottom for c in chars),
            sum(c.bold for c in chars) * 2 > len(chars), chars[0].size)


# ---------------------------------------------------------------- ruling lines
def _white(get_colour, obj) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not get_colour(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 247


def _compose(m, n):
    """The matrix m followed by n, both (a, b, c, d, e, f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj):
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def count_objects(page) -> tuple[int, int]:
    """(drawn objects, images) on the page, form contents included."""
    paths = images = 0
    for obj, _ in _walk(page):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        paths += kind == _PATH
        images += kind == _IMAGE
    return paths, images


def image_boxes(page, view: View, min_share: float) -> list[tuple[float, float, float, float]]:
    """Boxes (top-down, in the view's frame) of the images covering at least `min_share` of the
    page: a scanned page or table pasted into a text document."""
    out = []
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for obj, outer in _walk(page):
        if pdfium_c.FPDFPageObj_GetType(obj) != _IMAGE or outer != (1.0, 0.0, 0.0, 1.0, 0.0, 0.0):
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        (x0, y0), (x1, y1) = view.point(l.value, b.value), view.point(r.value, t.value)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if (box[2] - box[0]) * (box[3] - box[1]) >= min_share * view.width * view.height:
            out.append(box)
    return out


def _walk(page, form=None, outer=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), depth=0):
    """Every page object with the matrix that maps its form's space to the page."""
    count = pdfium_c.FPDFFormObj_CountObjects(form) if form is not None else pdfium_c.FPDFPage_CountObjects(page)
    for k in range(count):
        obj = pdfium_c.FPDFFormObj_GetObject(form, k) if form is not None else pdfium_c.FPDFPage_GetObject(page, k)
        yield obj, outer
        if pdfium_c.FPDFPageObj_GetType(obj) == _FORM and depth < 8:
            yield from _walk(page, obj, _compose(_matrix(obj), outer), depth + 1)


def read_edges(page, view: View) -> list[dict]:
    """Ruling lines as pdfplumber edge dicts, in top-down coordinates: every straight axis-aligned
    segment of a path a reader sees. White boxes (text frames, cell backgrounds) and large shaded
    areas draw no line."""
    edges: list[dict] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, outer in _walk(page):
        if pdfium_c.FPDFPageObj_GetType(obj) != _PATH:
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        filled, stroked = fill_mode.value != 0, bool(stroke.value)
        if not (filled or stroked):
            continue  # a clipping path only
        m = _compose(_matrix(obj), outer)
        points: list[list[tuple[float, float]]] = []
        curved: list[bool] = []
        for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px = m[0] * x.value + m[2] * y.value + m[4]
            py = m[1] * x.value + m[3] * y.value + m[5]
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == _MOVETO or not points:
                points.append([(px, py)])
                curved.append(False)
            else:
                points[-1].append((px, py))
                curved[-1] = curved[-1] or kind == _BEZIER
            if pdfium_c.FPDFPathSegment_GetClose(seg) and len(points[-1]) > 1:
                points[-1].append(points[-1][0])
        if not points:
            continue
        # one path object can hold many subpaths (a whole grid filled at once): each is judged alone
        invisible = _white(pdfium_c.FPDFPageObj_GetFillColor if filled and not stroked
                           else pdfium_c.FPDFPageObj_GetStrokeColor, obj)
        if invisible:
            continue
        for sub, is_curve in zip(points, curved):
            if filled and not stroked and not is_curve and _is_box(sub):
                w = max(p[0] for p in sub) - min(p[0] for p in sub)
                h = max(p[1] for p in sub) - min(p[1] for p in sub)
                if min(w, h) > 2.5:
                    continue  # a shaded box, not a rule; filled rings and rounded outlines still are
            for (x0, y0), (x1, y1) in zip(sub, sub[1:]):
                edge = _edge(*view.point(x0, y0), *view.point(x1, y1))
                if edge:
                    edges.append(edge)
    return edges


def _is_box(points: list[tuple[float, float]]) -> bool:
    """An axis-aligned rectangle (as pdfminer's rect): at most four distinct corners."""
    corners = {(round(x, 2), round(y, 2)) for x, y in points}
    return len(corners) <= 4 and len({c[0] for c in corners}) <= 2 and len({c[1] for c in corners}) <= 2


def _edge(x0: float, y0: float, x1: float, y1: float) -> dict | None:
    """A segment in the view's top-down frame as a pdfplumber edge, when it is horizontal or vertical."""
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = min(y0, y1), max(y0, y1)
    if abs(y0 - y1) < 0.01 and right - left > 0:
        return {"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left, "height": 0.0,
                "orientation": "h", "object_type": "line"}
    if abs(x0 - x1) < 0.01 and bottom - top > 0:
        return {"x0": left, "x1": left, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                "orientation": "v", "object_type": "line"}
    return None  # curves and diagonals draw no table rule


class _EdgePage:
    """What pdfplumber's TableFinder reads of a page: its edges and its box."""

    def __init__(self, edges: list[dict], width: float, height: float):
        self.edges = edges
        self.bbox = (0, 0, width, height)


def find_tables(edges: list[dict], width: float, height: float, settings: dict):
    from pdfplumber.table import TableFinder
    return TableFinder(_EdgePage(edges, width, height), settings).tables


def table_grids(edges: list[dict], width: float, height: float, settings: dict) -> list[tuple[tuple, list[list]]]:
    """(bbox, rows of cell boxes) of each table the rules draw, at least 2 rows by 2 columns;
    text pages and OCR'd pages both come here."""
    out = []
    for t in find_tables(edges, width, height, settings):
        rows = [list(r.cells) for r in t.rows]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            out.append((tuple(t.bbox), rows))
    return out
