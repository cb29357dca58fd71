"""Indonesian text patterns of LAKIP reports: numbers, money, percent, number
words (terbilang), months and dates, NIP, golongan, level words, pendidikan.

Parsing is strict. A number is returned with ``repaired=True`` only when its
malformed form has one reading (for example a doubled separator); every other
malformed number is ``None`` with a reason, so the caller can record a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Number:
    value: Decimal
    text: str
    repaired: bool = False
    note: str = ""


@dataclass(frozen=True)
class Unreadable:
    text: str
    reason: str


EMPTY_MARKS = {"", "-", "--", "—", "–", "n/a", "na", "n.a", "n.a.", "tidak ada", "nihil", "x"}
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.I)
_GROUP3 = re.compile(r"^\d{1,3}$")


def _clean_numeric_text(text: str) -> tuple[str, bool]:
    """Strip currency, spaces, brackets and trailing ',-'; tell whether it was negative."""
    t = text.strip().replace("\u00a0", " ")
    neg = False
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1].strip()
    t = _CURRENCY.sub("", t).strip()
    if re.search(r"\d\s+\d", t):
        return "\x00", neg  # two figures side by side ('4 3') are not one number
    t = t.replace(" ", "")
    t = re.sub(r"[,.]?-+$", "", t)  # "1.234,-" and "1.234.-"
    t = t.rstrip("%").strip()
    t = re.sub(r"^(?:[<>≤≥]=?|=)\s*", "", t)  # '≥ 100': the bound is the figure
    if t.startswith("-") and len(t) > 1:
        neg, t = True, t[1:]
    return t, neg


def _thousands_ok(groups: list[str]) -> bool:
    return bool(groups) and _GROUP3.match(groups[0]) is not None and all(len(g) == 3 and g.isdigit() for g in groups[1:])


def _digits_or_verdict(text: str):
    """(cleaned digits, negative) or the final answer: None for an empty mark, Unreadable."""
    t, neg = _clean_numeric_text(text)
    if t.lower() in EMPTY_MARKS:
        return None
    if not re.fullmatch(r"[\d.,]+", t) or not re.search(r"\d", t):
        return Unreadable(text, "bukan angka")
    return t, neg


def parse_amount(text: str) -> Number | Unreadable | None:
    """Money and counts: '1.234.567,00', '1.234.567,-', 'Rp.1.234.567', '1,002,654,953.00',
    '17.320.000.00'. Returns None for empty marks ('-', 'n/a')."""
    raw = text
    got = _digits_or_verdict(text)
    if not isinstance(got, tuple):
        return got
    t, neg = got
    repaired, note = False, ""
    if re.search(r"[.,]{2,}", t):
        # '163.305..000': a doubled separator has a single reading once collapsed
        fixed = re.sub(r"([.,])[.,]+", r"\1", t)
        got = parse_amount(fixed)
        if isinstance(got, Number):
            return Number(-got.value if neg else got.value, raw, True, f"pemisah ganda dalam '{raw}'")
        return Unreadable(raw, f"angka cacat '{raw}'")
    t = t.strip(".,") if not re.search(r"[.,]\d{1,2}$", t) else t.lstrip(".,")
    if re.match(r"0\d{1,2}[.,]\d{3}", t):
        # '04.321.765.100': no amount opens with a zero; its first digit was cut off (a clipped cell)
        return Unreadable(raw, f"angka cacat '{raw}': diawali nol, mungkin terpotong")
    dots, commas = t.count("."), t.count(",")
    try:
        if dots and commas:
            dec_sep = "," if t.rfind(",") > t.rfind(".") else "."
            th_sep = "." if dec_sep == "," else ","
            whole, _, frac = t.rpartition(dec_sep)
            if th_sep in frac or dec_sep in whole or not _thousands_ok(whole.split(th_sep)) or len(frac) > 2:
                return Unreadable(raw, f"angka cacat '{raw}'")
            value = Decimal(whole.replace(th_sep, "") + "." + frac)
        elif dots or commas:
            sep = "." if dots else ","
            groups = t.split(sep)
            if len(groups) > 1 and _thousands_ok(groups):
                value = Decimal("".join(groups))
            elif len(groups) > 2 and _thousands_ok(groups[:-1]) and len(groups[-1]) == 2:
                # '17.320.000.00': the last separator is a decimal point ('2.607.847.0' is a figure
                # a narrow cell cut, not one with a tenth: unreadable)
                value = Decimal("".join(groups[:-1]) + "." + groups[-1])
            elif len(groups) == 2 and len(groups[1]) in (1, 2):
                value = Decimal(groups[0] + "." + groups[1])
            else:
                return Unreadable(raw, f"angka cacat '{raw}'")
        else:
            value = Decimal(t)
    except InvalidOperation:
        return Unreadable(raw, f"angka cacat '{raw}'")
    return Number(-value if neg else value, raw, repaired, note)


def parse_decimal(text: str) -> Number | Unreadable | None:
    """Measures and percents: one separator is a decimal point ('32,24', '91.19', '106.81');
    with both, the last one is ('1.234,5')."""
    raw = text
    got = _digits_or_verdict(text)
    if not isinstance(got, tuple):
        return got
    t, neg = got
    if t.count(".") == 1 and not t.count(",") and re.fullmatch(r"\d{1,3}\.\d{3}", t):
        return Number(Decimal(t.replace(".", "")) * (-1 if neg else 1), raw)  # '2.050': Indonesian thousands
    if t.count(".") + t.count(",") == 1:
        t = t.replace(",", ".")
        try:
            v = Decimal(t.strip("."))
        except InvalidOperation:
            return Unreadable(raw, f"angka cacat '{raw}'")
        return Number(-v if neg else v, raw)
    return parse_amount(text)


def to_plain(value: Decimal | None):
    """int when whole, else float: what the models and CSV carry."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------- terbilang
_UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
    "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
}
_SCALES = {"puluh": 10, "ratus": 100, "ribu": 1000, "juta": 10**6, "miliar": 10**9, "milyar": 10**9,
           "triliun": 10**12, "trilyun": 10**12}


def _split_se(words: list[str]) -> list[str]:
    out = []
    for w in words:
        if w.startswith("se") and w[2:] in _SCALES | {"belas": 0}:
            out += ["satu", w[2:]]
        else:
            out.append(w)
    return out


def terbilang_to_int(text: str) -> int | None:
    """'Dua Belas' -> 12, 'seratus' -> 100, 'tiga puluh empat' -> 34; None if not number words."""
    words = _split_se(re.findall(r"[a-z]+", text.lower()))
    if not words or any(w not in _UNITS and w not in _SCALES and w != "belas" for w in words):
        return None
    total = current = last = 0
    for w in words:
        if w in _UNITS:
            current, last = current + _UNITS[w], _UNITS[w]
        elif w == "belas":
            current, last = current + 10, 0
        elif w == "puluh":  # multiplies only the digit just read: 'dua ratus tiga puluh'
            current, last = current + last * 9, 0
        elif w == "ratus":
            current, last = current + last * 99, 0
        else:  # ribu, juta, miliar: close the group
            total, current, last = total + max(current, 1) * _SCALES[w], 0, 0
    return total + current


# digits followed by words in brackets: '12 (Dua Belas)', '20 (Dua Ratus)'
DIGITS_WORDS_RE = re.compile(r"\b(\d{1,9})\s*\(\s*([A-Za-z][A-Za-z ]{1,60}?)\s*\)")

# ---------------------------------------------------------------- dates
MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8,
    "ags": 8, "agt": 8, "sep": 9, "okt": 10, "nov": 11, "des": 12,
}
_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
DATE_WORDS_RE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH_ALT})\s+((?:19|20)\d{{2}})\b", re.I)
DATE_NUM_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})\b")


def parse_date(text: str) -> str | None:
    """ISO 8601 date, or year-month when the day is not printed."""
    m = DATE_WORDS_RE.search(text)
    if m:
        day, month, year = m.group(1), MONTHS[m.group(2).lower()], int(m.group(3))
        if day and 1 <= int(day) <= 31:
            return f"{year:04d}-{month:02d}-{int(day):02d}"
        return f"{year:04d}-{month:02d}"
    m = DATE_NUM_RE.search(text)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return None


YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")

# ---------------------------------------------------------------- NIP, golongan
NIP_RE = re.compile(r"\bNIP\b\.?\s*:?\s*((?:\d[\s.]?){17,24}\d)", re.I)


# a NIP printed alone on its line without the label, in its groups: birth date, appointment
# month, sex, number ('19700101 199503 1 002')
_BARE_NIP = re.compile(r"^\s*((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?(?:19|20)\d{2}(?:0[1-9]|1[0-2])"
                       r"\s?[12]\s?\d{3})\s*$")


def parse_nip(text: str) -> str | None:
    m = NIP_RE.search(text) or _BARE_NIP.match(text)
    if not m:
        return None
    return re.sub(r"\D", "", m.group(1))


_ROMAN = r"(IV|III|II|I)"
GOLONGAN_RE = re.compile(rf"\b{_ROMAN}\s*[/.\-]?\s*([a-e])\b", re.I)
GOLONGAN_GROUP_RE = re.compile(rf"(?:\bgol(?:ongan)?\.?\s*){_ROMAN}\b", re.I)


def parse_golongan(text: str) -> str | None:
    """'(IV/b)', 'III.d', 'III / d' -> 'IV/b', 'III/d'; 'Golongan III' -> 'III'."""
    m = GOLONGAN_RE.search(text)
    if m:
        return f"{m.group(1).upper()}/{m.group(2).lower()}"
    m = GOLONGAN_GROUP_RE.search(text)
    if m:
        return m.group(1).upper()
    t = text.strip().upper()
    if re.fullmatch(_ROMAN, t):
        return t
    return None


# ---------------------------------------------------------------- pendidikan
_PENDIDIKAN = [
    ("S3", r"\bS\s*-?\s*3\b|strata\s*(?:3|iii|tiga)\b|doktor"),
    ("S2", r"\bS\s*-?\s*2\b|strata\s*(?:2|ii|dua)\b|magister|pasca\s*sarjana"),
    ("S1", r"\bS\s*-?\s*1\b|strata\s*(?:1|i|satu)\b|sarjana(?!\s*muda)"),
    ("D4", r"\b(?-i:D)\s*[-.]?\s*(?:4|(?-i:IV))\b|\bd\s*[-.]?\s*4\b|diploma\s*(?:4|iv|empat)\b"),
    ("D3", r"\b(?-i:D)\s*[-.]?\s*(?:3|(?-i:III))\b|\bd\s*[-.]?\s*3\b|diploma\s*(?:3|iii|tiga)\b|sarjana\s*muda|akademi"),
    ("D2", r"\b(?-i:D)\s*[-.]?\s*(?:2|(?-i:II))\b|\bd\s*[-.]?\s*2\b|diploma\s*(?:2|ii|dua)\b"),
    # ('di UPTD', 'D I'): the letter and the numeral in capitals, else 'di' (in) reads as D1
    ("D1", r"\b(?-i:D)\s*[-.]?\s*(?:1|(?-i:I))\b|\bd\s*[-.]?\s*1\b|diploma\s*(?:1|i|satu)\b"),
    ("SLTA", r"\bSLTA\b|\bSMA\b|\bSMK\b|\bSMU\b|\bSTM\b|\bSPG\b|\bSMEA\b|\bMA\b|sekolah menengah atas"),
    ("SLTP", r"\bSLTP\b|\bSMP\b|\bMTS\b|sekolah menengah pertama"),
    ("SD", r"\bSD\b|\bMI\b|sekolah dasar"),
    ("Diploma", r"^\s*dipl(?:oma)?\.?\s*$"),  # a diploma of no stated level
]


def parse_pendidikan(text: str) -> str | None:
    for code, pat in _PENDIDIKAN:
        if re.search(pat, text, re.I):
            return code
    return None


# ---------------------------------------------------------------- status kepegawaian
_STATUS = [
    ("CPNS", r"\bCPNS\b|calon\s+pegawai\s+negeri"),
    ("PPPK", r"\bP3K\b|\bPPPK\b|pegawai\s+pemerintah\s+dengan\s+perjanjian\s+kerja"),
    ("honorer", r"\bhonorer\b|\bnon[\s-]*(?:PNS|ASN)\b|tenaga\s+(?:kontrak|harian|honorer|pendukung|outsourc\w*)"
                r"|\bTHL\b|\bPTT\b|\bTKK\b|pegawai\s+tidak\s+tetap|kontrak\s+kerja"),
    ("PNS", r"\bPNS\b|pegawai\s+negeri\s+sipil|\bASN\b"),
]


def parse_gender(text: str) -> str | None:
    """'Laki-laki', 'Laki - laki', 'Pria', 'L' -> 'L'; 'Perempuan', 'Wanita', 'P' -> 'P' (a row's
    name in a table of staff by sex)."""
    t = re.sub(r"^\s*(?:\d{1,2}[.)]?\s*)", "", text or "").strip().lower()
    if re.fullmatch(r"laki\s*[-–]?\s*laki|pria|l|lk", t):
        return "L"
    if re.fullmatch(r"perempuan|wanita|p|pr", t):
        return "P"
    return None


def parse_status(text: str) -> str | None:
    """'Pegawai Negeri Sipil (PNS)' -> 'PNS'; 'Tenaga Kontrak Kerja', 'Non PNS' -> 'honorer'."""
    for code, pat in _STATUS:
        if re.search(pat, text, re.I):
            return code
    return None


# ---------------------------------------------------------------- level words
LEVEL_WORD_RE = re.compile(r"^\s*(sub[\s-]*kegiatan|kegiatan|program)\b\s*:?\s*", re.I)


def level_of(text: str) -> str | None:
    m = LEVEL_WORD_RE.match(text)
    if not m:
        return None
    w = re.sub(r"[\s-]+", "", m.group(1).lower())
    return {"program": "program", "kegiatan": "kegiatan", "subkegiatan": "sub_kegiatan"}[w]


def strip_level_word(text: str) -> str:
    return LEVEL_WORD_RE.sub("", text, count=1).strip()


# budget nomenclature code '7.01.01.2.01.0001' or older '1.20.03.01.05'
KODE_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,4}){2,6}|[xX]\.[xX]{2}(?:\.\d{1,4}){1,4})\b")


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def slug(text: str) -> str:
    """File-name-safe slug of [a-z0-9_-]: document text never decides paths."""
    t = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return t[:60] or "x"
