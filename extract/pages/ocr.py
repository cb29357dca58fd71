"""Pages without a usable text layer, read by Tesseract into the same `Page` / `Word` a text
page gives, ruled tables included, so every reader downstream is unchanged.

render (pypdfium2, 300 dpi: low-resolution scans are upscaled) -> greyscale -> sideways pages
turned (Tesseract's orientation detection, asked of landscape-shaped pages) -> deskew
(projection profile) -> binarise (Otsu) -> Tesseract words with boxes and confidences (ind+eng)
-> ruling lines found in the image -> pdfplumber's table finder.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFilter

from .model import TABLE_SETTINGS, Page, RawTable, Word
from .pdfium import table_grids

DPI = 300
LANGS = "ind+eng"
LOW_CONFIDENCE = 60  # Tesseract word confidence (0-100) below which a figure is doubted
_WORDLIKE = re.compile(r"^[\w.,:;()%/'\"-]+$")
_FIGURE_TOKEN = re.compile(r"^[(\[]?[-+]?\d[\d.,/%]*[)\],.:;]?$")
# a word of the language somewhere in the token ('Desa/Kelurahan', '1.Sukamaju'): four letters or
# more with a vowel and a consonant, not the I-l-t fragments of a bad OCR layer
_SYLLABIC = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]*[aeiouAEIOU])(?=[A-Za-z]*[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z])"
                       r"[A-Za-z]{4,}(?![A-Za-z])")


class OcrUnavailable(Exception):
    pass


@lru_cache(maxsize=1)
def tesseract() -> str:
    """The tesseract command with the languages needed, or OcrUnavailable saying what is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        raise OcrUnavailable("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind)")
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    missing = [lang for lang in LANGS.split("+") if lang not in langs]
    if missing:
        raise OcrUnavailable(f"Tesseract has no language data for {', '.join(missing)} "
                             f"(apt-get install {' '.join('tesseract-ocr-' + m for m in missing)})")
    return exe


def text_layer_unusable(page: Page) -> bool:
    """No text, almost none, or garbage (an earlier OCR layer of symbols and fragments)."""
    words = page.words
    if len(words) < 5:
        return True
    letters = sum(sum(ch.isalnum() for ch in w.text) for w in words)
    total = sum(len(w.text) for w in words)
    wordlike = sum(bool(_WORDLIKE.match(w.text)) for w in words)
    # an old OCR layer read sideways: fragments of I, l, t and ! where words and figures should be
    readable = sum(bool(_FIGURE_TOKEN.match(w.text) or _SYLLABIC.search(w.text) or w.text in "-–—")
                   for w in words)
    return letters < 0.5 * total or wordlike < 0.6 * len(words) or readable < 0.35 * len(words)


def _run(args: list[str], image: Image.Image) -> str:
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # uncompressed: encoding a page as PNG took longer than reading it
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # parallel over documents, not inside Tesseract
    res = subprocess.run([tesseract(), "stdin", "stdout", *args], input=buf.getvalue(), capture_output=True,
                         env=env, timeout=600)
    return res.stdout.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- image preparation
def _otsu(a: np.ndarray) -> int:
    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    total = a.size
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    mean = cum_mean[-1] / total
    between = (mean * cum - cum_mean) ** 2 / np.maximum(cum * (total - cum), 1)
    return int(np.argmax(between))


def _profile_score(img: Image.Image, angle: float) -> float:
    a = np.asarray(img.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32)
    rows = a.sum(axis=1)
    return float(np.var(rows))


def _small_ink(grey: Image.Image) -> np.ndarray:
    """The page's ink (True) on a thumbnail, for the measures of the whole page."""
    small = grey.copy()
    small.thumbnail((900, 900))
    a = np.asarray(small)
    return a < _otsu(a)


def skew_angle(grey: Image.Image) -> float:
    """The angle (degrees) that makes text lines horizontal: the rotation whose row sums of ink
    vary most (lines of text and white gaps between them sharpest)."""
    ink = Image.fromarray((_small_ink(grey) * 255).astype(np.uint8))
    best = max(np.arange(-4.0, 4.01, 0.25), key=lambda t: _profile_score(ink, float(t)))
    fine = max(np.arange(best - 0.25, best + 0.26, 0.05), key=lambda t: _profile_score(ink, float(t)))
    return round(float(fine), 2)


def _runs_in_columns(grey: Image.Image) -> bool:
    """Text lines run top to bottom (a page printed sideways): columns of ink vary more than rows."""
    ink = _small_ink(grey).astype(np.float32)
    return float(np.var(ink.sum(axis=0))) > 1.5 * float(np.var(ink.sum(axis=1)))


def orientation(grey: Image.Image) -> int:
    """Degrees to turn the image clockwise so its text is upright (0 for most pages). Tesseract's
    orientation detection is asked only of a landscape-shaped page (a portrait sheet scanned
    sideways, or a real landscape table) or one whose ink runs in columns."""
    if grey.width <= grey.height and not _runs_in_columns(grey):
        return 0
    out = _run(["--psm", "0", "-l", "osd", "--dpi", str(DPI)], grey)
    m = re.search(r"Rotate:\s*(\d+)", out)
    return int(m.group(1)) % 360 if m else 90


# ---------------------------------------------------------------- ruling lines from the image
def _segments(ink: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """Runs of ink at least `min_len` long in each row: (row, start, end)."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    d = np.diff(padded, axis=1)
    starts = np.argwhere(d == 1)
    ends = np.argwhere(d == -1)
    keep = (ends[:, 1] - starts[:, 1]) >= min_len
    return [(int(r), int(s), int(e)) for (r, s), (_, e) in zip(starts[keep], ends[keep])]


def _lines(segments: list[tuple[int, int, int]]) -> list[tuple[float, int, int]]:
    """Segments of neighbouring rows that overlap are one (thick or slightly slanted) line."""
    open_: list[list] = []  # [last_row, x0, x1, sum_rows, n]
    done: list[list] = []
    for r, s, e in sorted(segments):
        for ln in open_:
            if r - ln[0] <= 2 and s <= ln[2] + 3 and e >= ln[1] - 3:
                ln[0], ln[1], ln[2] = r, min(ln[1], s), max(ln[2], e)
                ln[3] += r
                ln[4] += 1
                break
        else:
            open_.append([r, s, e, r, 1])
        still = []
        for ln in open_:
            (still if r - ln[0] <= 2 else done).append(ln)
        open_ = still
    return [(ln[3] / ln[4], ln[1], ln[2]) for ln in done + open_]


def ruling_lines(ink: np.ndarray, scale: float) -> list[dict]:
    """Horizontal and vertical rules of a binarised page as pdfplumber edges (points)."""
    min_len = int(14 * scale)  # 14 pt: longer than any letter's stroke
    bridged = ink.copy()
    bridged[:, 1:] |= ink[:, :-1]  # a rule broken by a pixel of noise stays one run
    edges = []
    for y, x0, x1 in _lines(_segments(bridged, min_len)):
        edges.append({"x0": x0 / scale, "x1": x1 / scale, "top": y / scale, "bottom": y / scale,
                      "width": (x1 - x0) / scale, "height": 0.0, "orientation": "h", "object_type": "line"})
    bridged = ink.T.copy()
    bridged[:, 1:] |= ink.T[:, :-1]
    for x, y0, y1 in _lines(_segments(bridged, min_len)):
        edges.append({"x0": x / scale, "x1": x / scale, "top": y0 / scale, "bottom": y1 / scale,
                      "width": 0.0, "height": (y1 - y0) / scale, "orientation": "v", "object_type": "line"})
    return edges


def _erase_rules(ink: np.ndarray, edges: list[dict], scale: float, half: int = 4) -> np.ndarray:
    """The ink without the table's rules: Tesseract reads a digit boxed in by rules as a bar or
    as garbage, and reads it right once the rules are gone."""
    out = ink.copy()
    for e in edges:
        x0, x1, top, bottom = (int(round(e[k] * scale)) for k in ("x0", "x1", "top", "bottom"))
        out[max(top - half, 0):bottom + half + 1, max(x0 - half, 0):x1 + half + 1] = False
    return out


# ---------------------------------------------------------------- words
_GOLONGAN_LIKE = re.compile(r"^(\(?)([IVl1|]{1,3})(/[a-eA-E]\)?[.,]?)$")
_PERCENT_LIKE = {"Yo", "Y%", "%o", "o/o", "0/0", "%6"}


def _fix(text: str, previous: str | None) -> str:
    """Two misreadings Tesseract makes in these reports: the roman numeral of a golongan read
    with ones and ells ('(111/c)', '(Il/a)'), and a percent sign after a number read as 'Yo'."""
    m = _GOLONGAN_LIKE.match(text)
    if m:
        return m.group(1) + re.sub(r"[l1|]", "I", m.group(2)) + m.group(3)
    if text in _PERCENT_LIKE and previous and re.search(r"\d$", previous):
        return "%"
    return text


def _tsv_lines(tsv: str) -> list[tuple[list[dict], int, int]]:
    """Tesseract's words grouped by its lines, each with the line's top and bottom (pixels)."""
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
            if r.get("level") == "5" and (r.get("text") or "").strip().strip("|")]
    lines: dict[tuple, list[dict]] = {}
    for r in rows:
        lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(r)
    return [(ln, min(int(r["top"]) for r in ln), max(int(r["top"]) + int(r["height"]) for r in ln))
            for ln in lines.values()]


def _grown(top: float, bottom: float, usual: float) -> tuple[float, float]:
    grow = max(0.0, usual - (bottom - top))
    return top - 0.6 * grow, bottom + 0.4 * grow


def _speck(text: str, conf: float) -> bool:
    """Dust or a stamp's edge read as a token: marks without a letter or digit, or two letters,
    that Tesseract itself barely believes ('.', '”', 'oo', 'ag' at confidence 0-40)."""
    if conf >= 45 or os.environ.get("NOSPECK"):
        return False
    return not any(ch.isalnum() for ch in text) or (len(text) <= 2 and text.isalpha() and conf < 20
                                                    and text.lower() not in ("rp", "di", "ke", "no"))


def _line_words(line: list[dict], top: float, bottom: float, to_page, number: int) -> list[Word]:
    """One Tesseract line's words, all with the line's top and bottom; `to_page` maps a pixel x."""
    out, previous = [], None
    for r in line:
        text = r["text"].strip().strip("|")  # a table's rule read as a bar beside a word
        if not text or _speck(text, float(r["conf"])):
            continue
        text, previous = _fix(text, previous), text
        left, width = int(r["left"]), int(r["width"])
        out.append(Word(text, to_page(left), to_page(left + width), top, bottom, number, conf=float(r["conf"])))
    return out


def _words(tsv: str, scale: float, number: int) -> tuple[list[Word], float]:
    """Tesseract's words, and the usual line height (points). A word box hugs its glyphs ('ada'
    is shorter than 'Kegiatan'); a text layer's box is the font's, the same for a whole line. So
    each word takes its line's top and bottom, grown to the page's usual line height: lines keep
    their gaps as in print."""
    lines = _tsv_lines(tsv)
    heights = sorted(b - t for _, t, b in lines)
    usual = 1.35 * heights[len(heights) // 2] / scale if heights else 0.0
    words = []
    for line, top, bottom in lines:
        t, b = _grown(top / scale, bottom / scale, usual)
        words += _line_words(line, t, b, lambda x: x / scale, number)
    return words, usual


MAX_REREAD = 400  # cells per page read again


def _doubtful(cell, words: list[Word]) -> bool:
    """A table cell page-layout OCR may have misread: empty, a short figure (a numbering '1.2.1',
    a count), a word of low confidence, or a word taller than the cell (a column of short
    numbers read as one vertical word)."""
    x0, top, x1, bottom = cell
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
    short_figure = sum(len(w.text) for w in inside) <= 10 and any(ch.isdigit() for w in inside for ch in w.text)
    return not inside or short_figure or any(w.conf < 85 or w.bottom - w.top > bottom - top + 2 for w in inside)


def _reread_cells(clean: Image.Image, cells: list, words: list[Word], scale: float, number: int,
                  usual: float) -> list[Word]:
    """Cells read again, one per line of a mosaic: in page layout Tesseract takes a column of short
    numbers ('1.', '2.', '3.') for one vertical word and returns garbage; alone on a line, each
    is read right. The crops are cut from the binarised page (greyscale crops read worse) and
    enlarged twice: the dots of '1.2.1' survive.
    One Tesseract call for all of a page's doubtful cells."""
    gap, pad, inset, zoom = 60, 30, 4, 2
    crops, offsets, y = [], [], gap
    for x0, top, x1, bottom in cells:
        box = (int(x0 * scale) + inset, int(top * scale) + inset, int(x1 * scale) - inset, int(bottom * scale) - inset)
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        crop = clean.crop(box)
        crop = crop.resize((crop.width * zoom, crop.height * zoom), Image.LANCZOS)
        crops.append((crop, box))
        offsets.append(y)
        y += crop.height + gap
    if not crops:
        return words
    mosaic = Image.new("L", (max(c.width for c, _ in crops) + 2 * pad, y), 255)
    for (crop, _), oy in zip(crops, offsets):
        mosaic.paste(crop, (pad, oy))
    fresh: list[Word] = []
    for line, top, bottom in _tsv_lines(_run(["-l", LANGS, "--psm", "6", "--dpi", str(DPI * zoom), "tsv"], mosaic)):
        mid = (top + bottom) / 2
        k = next((i for i, oy in enumerate(offsets) if oy - gap / 2 <= mid <= oy + crops[i][0].height + gap / 2), None)
        if k is None:
            continue
        box, oy = crops[k][1], offsets[k]
        t, b = _grown((box[1] + (top - oy) / zoom) / scale, (box[1] + (bottom - oy) / zoom) / scale, usual)
        fresh += _line_words(line, t, b, lambda x, box=box: (box[0] + (x - pad) / zoom) / scale, number)
    inside = lambda w, c: c[0] <= (w.x0 + w.x1) / 2 <= c[2] and c[1] <= (w.top + w.bottom) / 2 <= c[3]  # noqa: E731
    kept = [w for w in words if not any(inside(w, c) for c in cells)]
    return kept + fresh


def _scan_resolution(pdf_page) -> tuple[float, int] | None:
    """(dpi, bits per pixel) of the page's largest image, or None."""
    import pypdfium2.raw as pdfium_c
    best = None
    for k in range(pdfium_c.FPDFPage_CountObjects(pdf_page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(pdf_page.raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        meta = pdfium_c.FPDF_IMAGEOBJ_METADATA()
        if not pdfium_c.FPDFImageObj_GetImageMetadata(obj, pdf_page.raw, meta) or not meta.width:
            continue
        if best is None or meta.width * meta.height > best[2]:
            best = (float(meta.horizontal_dpi or 0), int(meta.bits_per_pixel), meta.width * meta.height)
    return (best[0], best[1]) if best and best[0] > 0 else None


def ocr_page(pdf_page, number: int) -> Page:
    """Page `number` of an open pypdfium2 document, read from its image."""
    scale = DPI / 72.0
    grey = pdf_page.render(scale=scale, grayscale=True, may_draw_forms=False).to_pil().convert("L")
    source = _scan_resolution(pdf_page)
    if source and (source[0] < 0.75 * DPI or source[1] == 1):
        # a low-resolution or black-and-white scan comes out of upscaling as blocks of pixels, which
        # Tesseract reads as nothing; smoothing over one source pixel gives it strokes again
        grey = grey.filter(ImageFilter.GaussianBlur(0.5 * DPI / max(source[0], 50)))
    turn = orientation(grey)
    if turn:
        grey = grey.rotate(-turn, expand=True, fillcolor=255)
    angle = skew_angle(grey)
    if abs(angle) >= 0.05:
        grey = grey.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(grey)
    ink = a < _otsu(a)
    edges = ruling_lines(ink, scale)
    clean = Image.fromarray(np.where(_erase_rules(ink, edges, scale), 0, 255).astype(np.uint8), "L")
    words, usual = _words(_run(["-l", LANGS, "--psm", "3", "--dpi", str(DPI), "tsv"], clean), scale, number)
    width, height = grey.width / scale, grey.height / scale
    tables = [RawTable(number, bbox, rows) for bbox, rows in table_grids(edges, width, height, TABLE_SETTINGS)] \
        if len(edges) >= 4 else []
    doubtful = [c for t in tables for r in t.rows for c in r if c and _doubtful(c, words)]
    if doubtful:
        words = _reread_cells(clean, doubtful[:MAX_REREAD], words, scale, number, usual)
    rules = [(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges]
    return Page(number, width, height, words, tables, source="ocr", rules=rules, turn=turn)


def _text_like(grey: Image.Image) -> bool:
    """A page of print on white (a scanned letter, a table): mostly white, little grey. Photos,
    coloured charts and diagrams on tinted ground are not worth the OCR."""
    a = np.asarray(grey)
    white = (a >= 225).mean()
    mid = ((a >= 110) & (a < 225)).mean()
    return white >= 0.75 and mid <= 0.2


def _reads_as_text(image: Image.Image, words: int = 25) -> bool:
    """A quick look at 100 dpi (a tenth of the full reading's time): enough confident words to be
    print, not a chart's or an organisation diagram's labels."""
    rows = [r for r in csv.DictReader(io.StringIO(_run(["-l", LANGS, "--psm", "3", "--dpi", "100", "tsv"], image)),
                                      delimiter="\t", quoting=csv.QUOTE_NONE)
            if r.get("level") == "5" and len((r.get("text") or "").strip()) >= 2]
    return sum(float(r.get("conf") or 0) >= 60 for r in rows) >= words


def _inside(w: Word, b) -> bool:
    return b[0] <= (w.x0 + w.x1) / 2 <= b[2] and b[1] <= (w.top + w.bottom) / 2 <= b[3]


def bare_images(boxes, words: list[Word]) -> list:
    """The image boxes over which the text layer has (almost) nothing: what only OCR could read."""
    return [b for b in boxes if sum(_inside(w, b) for w in words) < 5]


def read_pasted_scans(pdf_page, number: int, boxes, words: list[Word]):
    """Words, ruled tables and rules read by OCR from scanned pages pasted as images into a
    text page (a signed Perjanjian Kinerja, a table kept as a picture): only images over which
    the text layer has almost nothing, that look like print on white, and whose OCR reads as
    text (25 words or more, median confidence 60 or more). Returns ([], [], []) otherwise."""
    inside = _inside
    boxes = bare_images(boxes, words)
    if not boxes:
        return [], [], []
    small = pdf_page.render(scale=100 / 72, grayscale=True, may_draw_forms=False).to_pil().convert("L")
    k = 100 / 72
    boxes = [b for b in boxes if _text_like(small.crop(tuple(int(v * k) for v in b)))
             and _reads_as_text(small.crop(tuple(int(v * k) for v in b)))]
    if not boxes:
        return [], [], []
    page = ocr_page(pdf_page, number)
    if page.turn:
        return [], [], []
    got_words, got_tables, got_rules = [], [], []
    for b in boxes:
        mine = [w for w in page.words if inside(w, b)]
        confs = sorted(w.conf for w in mine)
        if len(mine) < 25 or confs[len(confs) // 2] < 60:
            continue
        got_words += [w if w.conf < 100 else Word(w.text, w.x0, w.x1, w.top, w.bottom, w.page, w.bold, w.size, 99.0)
                      for w in mine]  # (below 100: read by OCR, so its figures are checked for doubt)
        got_tables += [t for t in page.tables if b[0] - 2 <= t.bbox[0] and t.bbox[2] <= b[2] + 2
                       and b[1] - 2 <= t.bbox[1] and t.bbox[3] <= b[3] + 2]
        got_rules += [r for r in page.rules if b[0] - 2 <= r[0] and r[2] <= b[2] + 2 and b[1] - 2 <= r[1]
                      and r[3] <= b[3] + 2]
    return got_words, got_tables, got_rules
