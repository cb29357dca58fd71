"""Staff counts stated in sentences or bullet lists, beside a chart or instead of a table:
'didukung ... sebanyak 8 orang PNS dan 1 PPPK', '- Golongan III = 36 (tiga puluh enam) orang',
'S1 : 7 orang'. A spaCy Matcher finds the counts ('<n> [(<words>)] orang'); the category is
the word next to it. Digits that disagree with the words beside them are not exported."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import Matcher

from ..core.findings import rule
from ..core.patterns import parse_golongan, parse_pendidikan, terbilang_to_int
from .common import Context
from .prose import ProseDoc, nlp

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("pegawai.nilai_berbeda", "warning", "a staff count differs between a table and the text (the table's is exported)",
     "pegawai {kategori}: tabel di halaman {halaman_tabel} mencatat {di_tabel}, teks di halaman {halaman_teks} "
     "mencatat {di_teks}; nilai tabel yang diekspor")


_STAFF_CONTEXT = re.compile(r"\b(pegawai|sumber\s+daya\s+manusia|sdm|aparatur|personil|personel|asn|staf)\b", re.I)
_STATUS = [
    ("PPPK", r"^(pppk|p3k)$"),
    ("PNS", r"^(pns|asn)$"),
    ("honorer", r"^(honorer|thl|tks|non[-\s]?pns|kontrak|ptt)$"),
]
_LINKERS = {":", "=", "sebanyak", "berjumlah", "sejumlah", "ada", "yaitu", "adalah", "terdiri", "dari", "-", "–"}


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    m = Matcher(nlp().vocab)
    m.add("COUNT", [
        [{"LIKE_NUM": True}, {"ORTH": "("}, {"IS_ALPHA": True, "OP": "{1,6}"}, {"ORTH": ")"}, {"LOWER": "orang"}],
        [{"LIKE_NUM": True}, {"LOWER": "orang"}],
        [{"LIKE_NUM": True}, {"LOWER": {"REGEX": r"^(pns|pppk|p3k|honorer|thl)$"}}],
    ])
    return m


def _category(tokens) -> tuple[str, str] | None:
    text = " ".join(t.text for t in tokens)
    for code, pat in _STATUS:
        if any(re.match(pat, t.text, re.I) for t in tokens):
            return "status_kepegawaian", code
    if re.search(r"\bgol(ongan)?\b", text, re.I):
        g = parse_golongan(text)
        if g:
            return "golongan", g
    p = parse_pendidikan(text)
    if p and re.search(r"\b(s[123]|d[1-4]|d-?i{1,3}v?|sd|smp|sma|smk|slt[ap]|sarjana|strata|diploma|magister|doktor)\b",
                       text, re.I):
        return "pendidikan", p
    return None


def read_pegawai_prose(ctx: Context, prose: ProseDoc) -> list[dict]:
    doc = prose.doc
    out: dict[tuple[str, str], dict] = {}
    for _, s, e in sorted(_matcher()(doc), key=lambda m: (m[1], -m[2])):
        if out and any(s < v["_end"] and e > v["_start"] for v in out.values()):
            continue
        para = prose.para_of_word[prose.word_index(doc[s])]
        window = doc[max(0, s - 40):min(len(doc), e + 10)].text
        if not _STAFF_CONTEXT.search(window):
            continue
        # the category: just after ('8 orang PNS', '1 PPPK'), else just before ('Golongan III = 36 orang')
        after = [t for t in doc[e:e + 3] if prose.para_of_word[prose.word_index(t)] == para]
        k = s - 1
        while k >= 0 and doc[k].lower_ in _LINKERS:
            k -= 1
        before = [t for t in doc[max(0, k - 3):k + 1] if prose.para_of_word[prose.word_index(t)] == para]
        last = doc[e - 1]
        cat = None
        if last.lower_ in ("pns", "pppk", "p3k", "honorer", "thl"):
            cat = _category([last])
        cat = cat or (_category(after[:1]) if after else None) or (_category(before) if before else None)
        if cat is None or cat in out:
            continue
        digits = doc[s].text
        if not digits.isdigit():
            continue
        value = int(digits)
        page, bbox = prose.where(doc[s:e])
        words = [t.text for t in doc[s + 1:e] if t.is_alpha and t.lower_ != "orang"]
        if words:
            said = terbilang_to_int(" ".join(words))
            if said is not None and said != value:
                ctx.finding("angka.kata_berbeda", page, cat[1], value, said, bbox,
                            teks=f"{cat[1]} {value} ({' '.join(words)})", angka=value, kata=said,
                            akibat="; jumlahnya dikosongkan")
                continue
        out[cat] = {"dimensi": cat[0], "kategori": cat[1], "jumlah": value, "halaman": page, "bbox": bbox,
                    "_start": s, "_end": e}
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in out.values()]


def merge_with_tables(ctx: Context, table_rows: list[dict], prose_rows: list[dict]) -> list[dict]:
    """Tables win: a dimension a table gives is not taken from prose; a prose figure that
    disagrees with the table's is a finding."""
    table_dims = {r["dimensi"] for r in table_rows}
    by_key = {(r["dimensi"], r["kategori"]): r for r in table_rows}
    out = list(table_rows)
    for r in prose_rows:
        t = by_key.get((r["dimensi"], r["kategori"]))
        if t is not None and t["jumlah"] != r["jumlah"]:
            ctx.finding("pegawai.nilai_berbeda", r["halaman"], r["kategori"], r["jumlah"], t["jumlah"], r.get("bbox"),
                        kategori=r["kategori"], halaman_tabel=t["halaman"], di_tabel=t["jumlah"],
                        halaman_teks=r["halaman"], di_teks=r["jumlah"])
        if r["dimensi"] not in table_dims:
            out.append(r)
    return out
