"""Reconciliation against the report's own sentences: number words beside digits, counts the
text states against the rows read, a paragraph repeated under another heading, and
achievement sentences ('merencanakan 74 titik ... terlaksana 74 titik sehingga capaiannya
99 %') whose percent does not follow from their own figures."""

from __future__ import annotations

import difflib
import re
from decimal import ROUND_HALF_UP, Decimal

from models import Temuan

from ..core.findings import rule, temuan
from ..core.patterns import DIGITS_WORDS_RE, terbilang_to_int
from ..layout.page_layout import Paragraph, union

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("teks.jumlah_pegawai", "warning",
     "a staff total the text states ('Jumlah pegawai ... 52 orang') against the counts read",
     "teks menyebut {n} pegawai tetapi jumlah yang terbaca: {terbaca}")
rule("teks.jumlah_baris", "warning",
     "a count the text states ('12 (Dua Belas) kegiatan', 'terdiri dari 12 desa') against the rows read",
     "teks menyebut {n} {jenis} tetapi {terbaca} yang terbaca dari laporan")
rule("teks.paragraf_berulang", "warning", "a narrative paragraph repeated word for word further on",
     "paragraf di halaman {halaman}{judul} mengulang kata demi kata paragraf di halaman {halaman_lain}")
rule("indikator.capaian_narasi", "warning",
     "a sentence's capaian against its own planned and realised counts ('74 titik ... 74 titik ... 99 %')",
     "teks merencanakan {rencana} dan melaporkan {terlaksana} terlaksana, yaitu {nilai_hitung} %, tetapi mencetak "
     "capaian {capaian} %")



def _finding(aturan, halaman, subjek="", dilaporkan=None, hitung=None, where=None, **values) -> Temuan:
    bbox = union(ln.bbox for ln in where.lines if ln.page == where.page) if where is not None else None
    return temuan(aturan, halaman, subjek, dilaporkan, hitung, bbox, **values)


def digits_against_words(paras: list[Paragraph]) -> list[Temuan]:
    """'20 (Dua Ratus)': the digits and the words beside them disagree."""
    out = []
    for p in paras:
        for m in DIGITS_WORDS_RE.finditer(p.text):
            said = terbilang_to_int(m.group(2))
            if said is not None and said != int(m.group(1)):
                out.append(_finding("angka.kata_berbeda", p.page, m.group(0)[:60], int(m.group(1)), said, p,
                                    teks=m.group(0), angka=int(m.group(1)), kata=said, akibat=""))
    return out


# a stated count: a quantity word before it ('terdiri dari 12 desa', 'melaksanakan 4 program') or its
# number words after it ('12 (Dua Belas) kegiatan'); 'Juara 1 Desa X' is not a count
_COUNTED = re.compile(
    r"(?:\b(?:terdiri\s+(?:dari|atas)|sebanyak|sejumlah|berjumlah|melaksanakan|dilaksanakan|dalam|meliputi|mencakup|"
    r"membawahi|terdapat|memiliki)\s+(\d{1,4})\s*|\b(\d{1,4})\s*\(\s*[A-Za-z ]+\s*\)\s*)"
    r"(sub\s*kegiatan|kegiatan|program|desa)\b", re.I)


def stated_counts(paras: list[Paragraph], counts: dict[str, int]) -> list[Temuan]:
    """'12 (Dua Belas) kegiatan dalam 4 (Empat) program': the text's counts against the rows read
    (only for kinds that were read at all)."""
    out, seen = [], set()
    for p in paras:
        for m in _COUNTED.finditer(p.text):
            kind = re.sub(r"\s+", "_", m.group(3).lower())
            n = int(m.group(1) or m.group(2))
            have = counts.get(kind)
            if not have or n == have or (kind, n) in seen:
                continue
            seen.add((kind, n))
            out.append(_finding("teks.jumlah_baris", p.page, kind, n, have, p, n=n, jenis=m.group(3).lower(),
                                terbaca=have))
    return out


_LIST_ITEM = re.compile(r"^\s*(?:[-•▪●*–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


_STAFF_TOTAL = re.compile(r"\b(?:jumlah|total)\s+(?:seluruh\s+)?(?:pegawai|personil|personel|aparatur|asn|sdm)\b"
                          r"[^.]{0,80}?\b(\d{1,5})\s*(?:\(\s*[A-Za-z ]+\s*\)\s*)?orang", re.I)


def stated_staff_total(paras: list[Paragraph], totals: dict[str, int]) -> list[Temuan]:
    """'Jumlah pegawai ... 52 orang' against the staff counted by pendidikan, golongan, status."""
    if not totals:
        return []
    out = []
    for p in paras:
        for m in _STAFF_TOTAL.finditer(p.text):
            n = int(m.group(1))
            if n not in totals.values():
                dims = ", ".join(f"{k} {v}" for k, v in totals.items())
                out.append(_finding("teks.jumlah_pegawai", p.page, "pegawai", n, max(totals.values()), p, n=n,
                                    terbaca=dims))
    return out


def repeated_paragraphs(paras: list[Paragraph], min_words: int = 12) -> list[Temuan]:
    """The same narrative paragraph printed again further on (often under another heading)."""
    out, first = [], {}
    for k, p in enumerate(paras):
        words = re.findall(r"\w+", p.text.lower())
        if len(words) < min_words or _LIST_ITEM.match(p.text):
            continue  # a list item (a duty listed under 'tugas' and again under 'fungsi') may well repeat
        key = " ".join(words)
        if key not in first and any(w.conf < 100 for w in p.words):
            key = _near_copy(words, first) or key  # OCR misreads a letter or two of the same paragraph
        if key in first:
            j = first[key]
            heading = _heading_before(paras, k)
            out.append(_finding("teks.paragraf_berulang", p.page, p.text[:60], where=p,
                                judul=f" di bawah judul '{heading}'" if heading else "", halaman_lain=paras[j].page))
        else:
            first[key] = k
    return out


def _near_copy(words: list[str], seen: dict[str, int]) -> str | None:
    """An earlier paragraph nearly word for word the same (at least 95 % of the words in order)."""
    for key in seen:
        other = key.split(" ")
        if abs(len(other) - len(words)) <= 0.05 * len(words) + 1 and \
                difflib.SequenceMatcher(None, other, words, autojunk=False).ratio() >= 0.95:
            return key
    return None


def _heading_before(paras: list[Paragraph], k: int) -> str | None:
    for p in reversed(paras[max(0, k - 3):k]):
        if len(p.text) < 120 and re.match(r"^\s*(?:[A-Z]\.|\d+(?:\.\d+)*\.?)\s+\S", p.text):
            return p.text.strip()
    return None


_ACHIEVED = re.compile(
    r"(?:merencanakan|direncanakan|menargetkan|ditargetkan|target)\D{0,80}?(\d{1,6})\s*(?:\([a-z ]+\)\s*)?([a-z]+)?"
    r".{0,160}?(?:terlaksana|dilaksanakan|terealisasi|tercapai|realisasi(?:nya)?)\D{0,40}?(\d{1,6})"
    r"[^%]{0,220}?capai\w*\s*(?:sebesar|adalah|yaitu)?\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%", re.I | re.S)


def achievement_sentences(paras: list[Paragraph]) -> list[Temuan]:
    """'merencanakan ... 74 titik dan sudah terlaksana 74 titik sehingga capaiannya 99 %': the
    printed capaian against realised / planned."""
    out = []
    for p in paras:
        for m in _ACHIEVED.finditer(p.text):
            plan, done = int(m.group(1)), int(m.group(3))
            printed = Decimal(m.group(4).replace(",", "."))
            if plan == 0:
                continue
            computed = (Decimal(done) * 100 / Decimal(plan)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if abs(computed - printed) >= 1:
                out.append(_finding("indikator.capaian_narasi", p.page, p.text[:60], printed, computed, p,
                                    rencana=plan, terlaksana=done, nilai_hitung=computed, capaian=printed))
    return out
