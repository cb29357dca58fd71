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


_STAFF_CONTEXT = re.compile(r"\b(pegawai|sumber\s+daya\s+manusia|sdm|aparatur|personil|personel|asn|staf|c?pns|"
                            r"pangkat|golongan)\b", re.I)
_STATUS = [
    ("PPPK", r"^(pppk|p3k)$"),
    ("CPNS", r"^cpns$"),
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
    if re.search(r"\bgol(ongan)?\b|^(?:IV|III|II|I)\s*/\s*[a-e]$", text, re.I):
        g = parse_golongan(text)
        if g:
            return "golongan", g
    p = parse_pendidikan(text)
    if p and re.search(r"\b(s[123]|d[1-4]|d-?i{1,3}v?|sd|smp|sma|smk|slt[ap]|sarjana|strata|diploma|magister|doktor)\b",
                       text, re.I):
        return "pendidikan", p
    return None


_OTHER_PEOPLE = re.compile(r"\b(penduduk|warga|masyarakat|siswa|murid|peserta|pasien|petani|tenaga\s+kerja)\b", re.I)


def _about_staff(before: str, after: str) -> bool:
    """The count is of the unit's staff: the nearest word before it naming people is a staff
    word (a list under 'Pegawai menurut golongan' is; 'penduduk tamat SD' is not)."""
    staff = [m.end() for m in _STAFF_CONTEXT.finditer(before)]
    other = [m.end() for m in _OTHER_PEOPLE.finditer(before)]
    if staff and (not other or staff[-1] > other[-1]):
        return True
    return not other and bool(_STAFF_CONTEXT.search(after))


def read_pegawai_prose(ctx: Context, prose: ProseDoc) -> list[dict]:
    doc = prose.doc
    out: dict[tuple[str, str], dict] = {}
    for _, s, e in sorted(_matcher()(doc), key=lambda m: (m[1], -m[2])):
        if out and any(s < v["_end"] and e > v["_start"] for v in out.values()):
            continue
        para = prose.para_of_word[prose.word_index(doc[s])]
        if not _about_staff(doc[max(0, s - 120):s].text, doc[e:min(len(doc), e + 10)].text):
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
        # the words nearest the count name its category ('Sarjana (S1) 12 orang', 'Pembina IV/a 4 Orang')
        cat = cat or (_category(after[:1]) if after else None) or next(
            (c for n in range(1, len(before) + 1) if (c := _category(before[-n:]))), None)
        if cat is None or cat in out:
            continue
        digits = doc[s].text
        if not digits.isdigit():
            continue
        value = int(digits)
        page, bbox = prose.where(doc[s:e])
        words = [t.text for t in doc[s + 1:e] if t.is_alpha and t.lower_ != "orang"]
        said = terbilang_to_int(" ".join(words)) if words else None
        out[cat] = {"dimensi": cat[0], "kategori": cat[1], "jumlah": value, "halaman": page, "bbox": bbox,
                    "_start": s, "_end": e, "_said": said if said is not None and said != value else None,
                    "_teks": f"{cat[1]} {value} ({' '.join(words)})"}
    rows = list(out.values())
    _settle_by_total(ctx, doc, rows)
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows if r["jumlah"] is not None]


_TOTAL_BEFORE = re.compile(r"\b(?:jumlah|seluruh(?:nya)?|keseluruhan|total)\b[^.;]{0,60}?\b(\d{1,5})\s*(?:\([a-z ]+\)\s*)?orang",
                           re.I)


def _settle_by_total(ctx: Context, doc, rows: list[dict]) -> None:
    """'Golongan III = 28 (dua puluh enam) orang': digits and words disagree. When the stated total
    just before the list ('Jumlah pegawai ... 52 orang yang terdiri dari') is met by one reading and
    the other counts of the list, that reading is kept and a finding says why; else it is left empty."""
    for r in [r for r in rows if r["_said"] is not None]:
        same = [o for o in rows if o["dimensi"] == r["dimensi"] and o is not r]
        first = min([r["_start"]] + [o["_start"] for o in same])
        total = None
        for m in _TOTAL_BEFORE.finditer(doc[max(0, first - 40):first].text):
            total = int(m.group(1))
        rest = sum(o["jumlah"] or 0 for o in same) if all(o["_said"] is None for o in same) else None
        kept = None
        if total is not None and rest is not None:
            kept = r["jumlah"] if rest + r["jumlah"] == total else r["_said"] if rest + r["_said"] == total else None
        akibat = (f"; {kept} dipakai karena jumlahnya dengan kategori lain sama dengan total {total} yang disebut"
                  if kept is not None else "; jumlahnya dikosongkan")
        ctx.finding("angka.kata_berbeda", r["halaman"], r["kategori"], r["jumlah"], r["_said"], r["bbox"],
                    teks=r["_teks"], angka=r["jumlah"], kata=r["_said"], akibat=akibat)
        r["jumlah"] = kept


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
