"""Build laid-out text (words with made-up positions) for reader unit tests: each line of the
given text is one line on the page, a blank line separates paragraphs."""

from __future__ import annotations

from extract.layout.page_layout import Line, Paragraph
from extract.pages.model import Word


def paragraphs(text: str, page: int = 1) -> list[Paragraph]:
    out: list[Paragraph] = []
    y = 50.0
    current: list[Line] = []
    for raw in text.strip("\n").splitlines():
        if not raw.strip():
            if current:
                out.append(Paragraph(current))
                current = []
            y += 14
            continue
        x = 72.0
        words = []
        for w in raw.split():
            words.append(Word(w, x, x + 6 * len(w), y, y + 11, page))
            x += 6 * len(w) + 4
        current.append(Line(words))
        y += 14
    if current:
        out.append(Paragraph(current))
    return out


def page_lines(rows: list[list[tuple[float, str]]], page: int = 1, top: float = 100.0,
               step: float = 14.0) -> list[Line]:
    """Lines of words placed at given x positions: [(x, 'text with spaces'), ...] per line."""
    out = []
    y = top
    for row in rows:
        words = []
        for x, text in row:
            for w in text.split():
                words.append(Word(w, x, x + 5.5 * len(w), y, y + 11, page))
                x += 5.5 * len(w) + 3
        out.append(Line(words))
        y += step
    return out
