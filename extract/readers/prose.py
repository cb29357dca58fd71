"""The running text of a report as one spaCy `blank("id")` document whose tokens know
the PDF words they came from. Amounts and percents are merged into single tokens
(entities MONEY / PERCENT), so Matcher patterns read like the sentences they match:
LEVEL-word ... PAGU-keyword MONEY ... REALISASI-keyword MONEY (PERCENT).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..layout.page_layout import Paragraph, union
from ..pages.model import Word

MONEY_TEXT = re.compile(
    r"(?:Rp\.?\s*)(?:\d[\d.,]*\d|\d)(?:\s*,-|,-|\.-)?(?![\d.,]*\s*%)"  # Rp-prefixed (not 'Rp. 97,53%')
    r"|(?<![\w.,])\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d{1,2})?(?:,-)?(?![\w])"  # 1.234.567(,00)
)
PERCENT_TEXT = re.compile(r"\(?\s*(?<![\w.,])\d{1,4}(?:[.,]\d{1,4})?\s*%\s*\)?")

PAGU_WORDS = ["pagu", "alokasi", "anggaran", "anggarannya", "dianggarkan", "disediakan", "dana", "plafon", "dpa",
              "nilai"]
REAL_WORDS = ["realisasi", "terealisasi", "realisasinya", "penyerapan", "serapan", "terserap"]
LINKERS = ["sebesar", "senilai", "sejumlah", "yaitu", "adalah", "mencapai", ":", "=", "dengan", "keuangan",
           "anggaran", "total", "rp", "rp."]


@lru_cache(maxsize=1)
def nlp():
    """One blank Indonesian pipeline per process (workers reuse it). spaCy's Indonesian tokenizer
    carries ~15 600 reduplicated words ('anak-anak') as exceptions, and loading them takes
    seconds per process; the patterns here never need them, so only abbreviations stay."""
    from spacy.lang.id import Indonesian
    from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    class AbbreviationsOnly(Indonesian.Defaults):
        tokenizer_exceptions = {k: v for k, v in TOKENIZER_EXCEPTIONS.items() if "-" not in k}

    class LakipIndonesian(Indonesian):
        lang = "id"
        Defaults = AbbreviationsOnly

    return LakipIndonesian()


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    m = Matcher(nlp().vocab)
    m.add("LEVEL_SUB", [[{"LOWER": "sub"}, {"LOWER": "kegiatan"}], [{"LOWER": {"IN": ["subkegiatan", "sub-kegiatan"]}}],
                        [{"LOWER": "sub"}, {"ORTH": "-"}, {"LOWER": "kegiatan"}]])
    m.add("LEVEL_KEG", [[{"LOWER": "kegiatan"}]])
    # 'dalamPROGRAM PEMBINAAN ...': a word the PDF glued to the level word in capitals
    m.add("LEVEL_PROG", [[{"LOWER": "program"}], [{"TEXT": {"REGEX": "^[a-z]{2,}PROGRAM$"}}]])
    m.add("PAGU", [[{"LOWER": {"IN": PAGU_WORDS}}, {"LOWER": {"IN": LINKERS}, "OP": "{0,3}"}, {"ENT_TYPE": "MONEY"}]])
    m.add("REAL", [[{"LOWER": {"IN": REAL_WORDS}}, {"LOWER": {"IN": LINKERS}, "OP": "{0,3}"}, {"ENT_TYPE": "MONEY"}]])
    return m


@dataclass
class ProseDoc:
    doc: Doc
    words: list[Word]
    starts: list[int]  # char offset of each word
    para_of_word: list[int]
    para_first_word: set[int]

    def words_of(self, span: Span) -> list[Word]:
        a = bisect.bisect_right(self.starts, span.start_char) - 1
        b = bisect.bisect_left(self.starts, span.end_char)
        return self.words[max(a, 0):max(b, a + 1)]

    def where(self, span: Span) -> tuple[int, tuple]:
        ws = self.words_of(span)
        return ws[0].page, union(w.bbox for w in ws if w.page == ws[0].page)

    def word_index(self, token) -> int:
        return bisect.bisect_right(self.starts, token.idx) - 1

    def starts_paragraph(self, token) -> bool:
        """True when the token is the first word of a paragraph, or follows only a list marker."""
        wi = self.word_index(token)
        if self.starts[wi] != token.idx:
            return False
        if wi in self.para_first_word:
            return True
        return wi - 1 in self.para_first_word and bool(_LIST_MARKER.match(self.words[wi - 1].text))


_LIST_MARKER = re.compile(r"^(?:[-•▪●*–]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\d+(?:\.\d+)+\.?|[IVX]+\.)$")


def build_prose(paragraphs: list[Paragraph]) -> ProseDoc:
    words: list[Word] = []
    starts: list[int] = []
    para_of: list[int] = []
    first: set[int] = set()
    parts: list[str] = []
    pos = 0
    for pi, p in enumerate(paragraphs):
        for k, w in enumerate(p.words):
            if k == 0:
                first.add(len(words))
            starts.append(pos)
            words.append(w)
            para_of.append(pi)
            # 'Rp 87.500.000,-atau': the amount's dash glued to the next word; same length, so the
            # words' offsets hold
            parts.append(re.sub(r"(?<=\d),-(?=[A-Za-z])", ", ", w.text))
            pos += len(w.text) + 1
    text = " ".join(parts)
    doc = nlp()(text)
    spans = []
    taken = [False] * (len(text) + 1)
    for label, rx in (("MONEY", MONEY_TEXT), ("PERCENT", PERCENT_TEXT)):
        for m in rx.finditer(text):
            a, b = m.start(), m.end()
            while a < b and text[a] in " (":
                a += 1
            while b > a and text[b - 1] in " )":
                b -= 1
            if any(taken[a:b]):
                continue
            span = doc.char_span(a, b, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                for i in range(span.start_char, span.end_char):
                    taken[i] = True
    spans = spacy.util.filter_spans(spans)
    with doc.retokenize() as r:
        for s in spans:
            r.merge(s)
    doc.ents = [Span(doc, t.i, t.i + 1, label=_label_for(t.text)) for t in doc if _label_for(t.text)]
    return ProseDoc(doc, words, starts, para_of, first)


def _label_for(text: str) -> str | None:
    if PERCENT_TEXT.fullmatch(text.strip()):
        return "PERCENT"
    if MONEY_TEXT.fullmatch(text.strip()):
        return "MONEY"
    return None
