"""What a page is once read, whatever read it (pdfium's text layer or OCR): words with their
boxes, ruling lines, and the raw cells of its ruled tables. Every later stage works on these."""

from __future__ import annotations

from dataclasses import dataclass, field

# pdfplumber's lattice table finder, fed with ruling lines (from pdfium's paths or a scan's image)
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                  "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}


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
    conf: float = 100.0  # OCR confidence (0-100); a text layer's words are certain

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
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # ruling lines seen
    turn: int = 0  # degrees the page was turned clockwise, past its /Rotate, to make its text upright
