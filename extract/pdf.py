"""Reading PDFs: words with their boxes, ruling lines and tables' raw cells, per page.

Everything downstream works on `Page` / `Word`, never on pdfplumber objects, so
a later OCR source can fill the same structures. Pages are read lazily and
cached: readers that need only the text layer never pay for table geometry.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect


class ReadFailure(Exception):
    """A document that cannot be read at all. `tahap` and `alasan` go to gagal.csv."""

    def __init__(self, tahap: str, alasan: str):
        super().__init__(alasan)
        self.tahap = tahap
        self.alasan = alasan


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int  # 1-based
    bold: bool = False
    size: float = 0.0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


@dataclass
class RawTable:
    """A ruled table as found on one page: rows of cells (None = covered by a merged cell)."""
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[tuple[float, float, float, float] | None]]


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[RawTable] = field(default_factory=list)
    source: str = "layer"  # layer | ocr


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _has_doubled_chars(chars) -> bool:
    """Fake bold prints each character twice at (almost) the same place; deduplicating is costly,
    so it runs only on pages that show it."""
    prev = None
    for c in chars:
        if prev is not None and c["text"] == prev["text"] and c["text"].strip() \
                and abs(c["x0"] - prev["x0"]) <= 1 and abs(c["top"] - prev["top"]) <= 1:
            return True
        prev = c
    return False


def _is_bold(fontname: str) -> bool:
    f = (fontname or "").lower()
    return "bold" in f or "black" in f or f.endswith(",b") or "-bd" in f


def _is_white(colour) -> bool:
    if colour is None:
        return False
    vals = colour if isinstance(colour, (list, tuple)) else [colour]
    try:
        return len(vals) > 0 and all(float(v) >= 0.97 for v in vals[:3]) and (len(vals) != 4 or float(vals[3]) <= 0.03)
    except (TypeError, ValueError):
        return False


def _visible_rule(obj) -> bool:
    """Table geometry comes from what a reader sees as rules: white boxes (text frames, cell
    backgrounds) and large shaded areas draw no line."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    if obj["object_type"] == "rect":
        thin = min(obj["width"], obj["height"]) <= 2.5
        if obj.get("fill") and not obj.get("stroke"):
            return thin and not _is_white(obj.get("non_stroking_color"))
        return not _is_white(obj.get("stroking_color"))
    return not _is_white(obj.get("stroking_color"))


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# bounds for untrusted input (environment variables change them): a document or page past them
# is refused or skipped with a reason, instead of exhausting the machine
MAX_FILE_MB = _limit("LAKIP_MAX_FILE_MB", 300)
MAX_PAGES = _limit("LAKIP_MAX_PAGES", 3000)
MAX_CHARS_PER_PAGE = _limit("LAKIP_MAX_CHARS_PER_PAGE", 200_000)
MAX_OBJECTS_PER_PAGE = _limit("LAKIP_MAX_OBJECTS_PER_PAGE", 100_000)


TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                  "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}


class Document:
    """An open PDF. Use as a context manager; `page(n)` reads page n (1-based) once."""

    def __init__(self, path: Path, password: str | None = None):
        self.path = Path(path)
        if not self.path.exists():
            raise ReadFailure("baca", "file does not exist")
        if self.path.is_dir():
            raise ReadFailure("baca", "is a folder, not a file")
        with open(self.path, "rb") as f:
            head = f.read(1024)
        if b"%PDF" not in head:
            raise ReadFailure("baca", "file is not a PDF")
        size_mb = self.path.stat().st_size / 1e6
        if size_mb > MAX_FILE_MB:
            raise ReadFailure("baca", f"file is {size_mb:.0f} MB, over the limit of {MAX_FILE_MB} MB (LAKIP_MAX_FILE_MB)")
        self.sha256 = sha256_of(self.path)
        try:
            self._pdf = pdfplumber.open(self.path, password=password or "")
            self.n_pages = len(self._pdf.pages)
        except Exception as exc:  # pdfminer raises many kinds on damaged files; pdfplumber wraps them
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, PDFPasswordIncorrect) or isinstance(exc, PDFPasswordIncorrect):
                raise ReadFailure("baca", "file is encrypted and no password was given" if not password
                                  else "file is encrypted and the password is wrong") from None
            raise ReadFailure("baca", "file is damaged and cannot be opened") from None
        if self.n_pages == 0:
            self.close()
            raise ReadFailure("baca", "file has no pages")
        if self.n_pages > MAX_PAGES:
            self.close()
            raise ReadFailure("baca", f"file has {self.n_pages} pages, over the limit of {MAX_PAGES} (LAKIP_MAX_PAGES)")
        self.skipped: dict[int, str] = {}  # page -> why it was not read
        self._pages: dict[int, Page] = {}

    def __enter__(self) -> "Document":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pdf = getattr(self, "_pdf", None)
        if pdf is not None:
            pdf.close()
            self._pdf = None

    def page(self, number: int) -> Page:
        if number not in self._pages:
            self._pages[number] = self._read_page(number)
        return self._pages[number]

    @cached_property
    def pages(self) -> list[Page]:
        return [self.page(n) for n in range(1, self.n_pages + 1)]

    def _read_page(self, number: int) -> Page:
        p = self._pdf.pages[number - 1]
        try:
            n_chars, n_objects = len(p.chars), len(p.rects) + len(p.lines) + len(p.curves)
            if n_chars > MAX_CHARS_PER_PAGE or n_objects > MAX_OBJECTS_PER_PAGE:
                self.skipped[number] = (f"page {number} holds {n_chars} characters and {n_objects} drawn objects, "
                                        "over the limits (LAKIP_MAX_CHARS_PER_PAGE, LAKIP_MAX_OBJECTS_PER_PAGE); not read")
                p.flush_cache() if hasattr(p, "flush_cache") else None
                return Page(number, float(p.width), float(p.height), [])
            if _has_doubled_chars(p.chars):
                p = p.dedupe_chars(tolerance=1)  # fake-bold doubled characters
            raw = p.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5,
                                  extra_attrs=["fontname", "size"])
        except Exception as exc:
            raise ReadFailure("baca", f"page {number} cannot be read ({type(exc).__name__})") from None
        words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], number,
                      _is_bold(w.get("fontname", "")), round(float(w.get("size", 0)), 1)) for w in raw]
        tables: list[RawTable] = []
        if len(p.edges) >= 4:  # only pages with ruling lines pay for table geometry
            for t in p.filter(_visible_rule).find_tables(TABLE_SETTINGS):
                rows = [list(r.cells) for r in t.rows]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    tables.append(RawTable(number, tuple(t.bbox), rows))
        page = Page(number, float(p.width), float(p.height), words, tables)
        p.flush_cache() if hasattr(p, "flush_cache") else None
        return page
