"""Reading PDFs: words with their boxes, ruling lines and tables' raw cells, per page.

pdfium (C++) reads the text layer and the drawn paths; pdfplumber's lattice algorithm turns
the rules into table cells (see pdfium.py). Everything downstream works on `Page` / `Word`,
so an OCR source fills the same structures. Pages are read lazily and cached.
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ..core.findings import rule
from . import pdfium as fast
from .model import TABLE_SETTINGS, Page, RawTable, Word
from .ocr import OcrUnavailable, bare_images, ocr_page, read_pasted_scans, tesseract, text_layer_unusable

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("halaman.gambar_tidak_dibaca", "info",
     "a large image on a text page that no reading took (a chart, a diagram, or a pasted scan OCR could not read)",
     "halaman {halaman} memuat gambar besar yang tidak terbaca sebagai teks (grafik, bagan, atau pindaian); "
     "periksa apakah ada tabel di dalamnya")
rule("halaman.dilewati", "warning",
     "a page not read: over the size limits for untrusted input, or a scan while OCR is unavailable",
     "{alasan}")



class ReadFailure(Exception):
    """A document that cannot be read at all. `tahap` and `alasan` go to gagal.csv."""

    def __init__(self, tahap: str, alasan: str):
        super().__init__(alasan)
        self.tahap = tahap
        self.alasan = alasan


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def count_pages(path: Path, password: str | None = None) -> int:
    """The number of pages, cheaply (pdfium reads the page tree only); 0 when it cannot be opened."""
    try:
        pdf = pypdfium2.PdfDocument(str(path), password=password or None)
    except (pypdfium2.PdfiumError, OSError, ValueError):
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def _has_no_pages(path: Path) -> bool:
    """pdfium refuses a well-formed PDF without pages as it refuses a damaged one; pdfminer
    tells the two apart (asked only after pdfium failed)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    try:
        with open(path, "rb") as f:
            return next(PDFPage.create_pages(PDFDocument(PDFParser(f))), None) is None
    except Exception:  # pdfminer raises many kinds on a damaged file
        return False


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
# crossings of distinct horizontal and vertical rules: the table finder's work grows with them
# (a 150 x 150 grid takes seconds); real tables stay far below
# an image covering this share of a text page may be a scan pasted in (a signed PK, a table as a picture)
PASTED_SCAN_SHARE = 0.2
MAX_GRID_CROSSINGS = _limit("LAKIP_MAX_GRID_CROSSINGS", 10_000)



class Document:
    """An open PDF. Use as a context manager; `page(n)` reads page n (1-based) once."""

    def __init__(self, path: Path, password: str | None = None, ocr: bool = True):
        self.path = Path(path)
        self.ocr = ocr and os.environ.get("LAKIP_OCR", "1") != "0"  # (lakip extract --no-ocr)
        self.ocr_unavailable: str | None = None  # why scanned pages could not be read
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
            self._pdf = pypdfium2.PdfDocument(str(self.path), password=password or None)
            self.n_pages = len(self._pdf)
        except pypdfium2.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise ReadFailure("baca", "file is encrypted and no password was given" if not password
                                  else "file is encrypted and the password is wrong") from None
            if _has_no_pages(self.path):
                raise ReadFailure("baca", "file has no pages") from None
            raise ReadFailure("baca", "file is damaged and cannot be opened") from None
        if self.n_pages == 0:
            self.close()
            raise ReadFailure("baca", "file has no pages")
        if self.n_pages > MAX_PAGES:
            self.close()
            raise ReadFailure("baca", f"file has {self.n_pages} pages, over the limit of {MAX_PAGES} (LAKIP_MAX_PAGES)")
        self.skipped: dict[int, str] = {}  # page -> why it was not read
        self.pasted_scans: list[int] = []  # text pages whose pasted scan was read by OCR
        self.unread_images: dict[int, list] = {}  # text pages with a large image nothing read (its boxes)
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
        page = textpage = None
        try:
            page = self._pdf[number - 1]
            view = fast.View(tuple(page.get_cropbox()), page.get_rotation())
            textpage = page.get_textpage()
            n_chars = pdfium_c.FPDFText_CountChars(textpage.raw)
            n_objects = pdfium_c.FPDFPage_CountObjects(page.raw)
            if n_chars > MAX_CHARS_PER_PAGE or n_objects > MAX_OBJECTS_PER_PAGE:
                self.skipped[number] = (f"halaman {number} memuat {n_chars} karakter dan {n_objects} objek gambar, "
                                        "melebihi batas (LAKIP_MAX_CHARS_PER_PAGE, LAKIP_MAX_OBJECTS_PER_PAGE); "
                                        "tidak dibaca")
                return Page(number, view.width, view.height, [])
            chars = fast.read_chars(textpage.raw)
            shown = view
            turn = fast.reading_turn(chars, view)
            view = view.turned(turn)
            placed = fast.place(chars, view)
            if fast.has_doubled_chars(placed):
                placed = fast.dedupe(placed)  # fake-bold doubled characters
            words = [Word(t, x0, x1, top, bottom, number, bold, size)
                     for t, x0, x1, top, bottom, bold, size in fast.words_from_chars(placed)]
            if self._scanned(page, words):
                return self._ocr(page, number, shown)
            edges = fast.read_edges(page.raw, view)
            tables: list[RawTable] = []
            crossings = len({round(e["top"]) for e in edges if e["orientation"] == "h"}) * \
                len({round(e["x0"]) for e in edges if e["orientation"] == "v"})
            if crossings > MAX_GRID_CROSSINGS:
                self.skipped[number] = (f"halaman {number} bergaris menjadi kisi dengan {crossings} persilangan, "
                                        f"melebihi batas {MAX_GRID_CROSSINGS} (LAKIP_MAX_GRID_CROSSINGS); "
                                        "tabelnya tidak dibaca")
            elif len(edges) >= 4:  # only pages with ruling lines pay for table geometry
                tables = [RawTable(number, bbox, rows)
                          for bbox, rows in fast.table_grids(edges, view.width, view.height, TABLE_SETTINGS)]
            pasted = fast.image_boxes(page.raw, view, PASTED_SCAN_SHARE) if self.ocr and not turn else []
        except pypdfium2.PdfiumError as exc:
            raise ReadFailure("baca", f"page {number} cannot be read ({exc})") from None
        finally:
            for handle in (textpage, page):
                if handle is not None:
                    handle.close()
        rules = [(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges]
        pasted = bare_images(pasted, words)
        if pasted and self._ocr_ready():
            fresh = self._pdf[number - 1]
            try:
                extra_words, extra_tables, extra_rules = read_pasted_scans(fresh, number, pasted, words)
            finally:
                fresh.close()
            if extra_words:
                words, tables, rules = words + extra_words, tables + extra_tables, rules + extra_rules
                self.pasted_scans.append(number)
            else:
                self.unread_images[number] = pasted  # a chart, a diagram, or print OCR could not read
        return Page(number, view.width, view.height, words, tables, rules=rules, turn=turn)

    def _ocr_ready(self) -> bool:
        try:
            tesseract()
            return True
        except OcrUnavailable:
            return False

    @staticmethod
    def _scanned(page, words: list[Word]) -> bool:
        """No usable text layer, and an image to read instead."""
        return text_layer_unusable(Page(0, 0, 0, words)) and fast.count_objects(page.raw)[1] > 0

    def _ocr(self, page, number: int, view) -> Page:
        try:
            if not self.ocr:
                raise OcrUnavailable("OCR is switched off")
            tesseract()
        except OcrUnavailable as exc:
            self.ocr_unavailable = str(exc)
            self.skipped[number] = f"halaman {number} hasil pindaian tanpa lapisan teks dan tidak dibaca: {exc}"
            return Page(number, view.width, view.height, [])
        return ocr_page(page, number)

    def render(self, number: int, resolution: float = 110, turn: int | None = None):
        """Page `number` as a PIL image in the frame of its words (crop box, /Rotate and turn).
        `turn`, when the page was already read elsewhere, spares reading it again."""
        turn = self.page(number).turn if turn is None else turn
        page = self._pdf[number - 1]
        try:
            return page.render(scale=resolution / 72.0, rotation=turn).to_pil().convert("RGB")
        finally:
            page.close()
