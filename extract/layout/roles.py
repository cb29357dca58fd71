"""Locating content by the vocabulary of the field: what a table holds (from its header
cells) and what role each of its columns plays. No page numbers, no sentences of one
document: only the words LAKIP table headers are made of.

A table can hold several kinds at once (an indicator table with the programs and
budget that serve each indicator): `kinds` lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.headers import normalize_header
from ..core.patterns import (
    YEAR_RE,
    Number,
    normalize_space,
    parse_amount,
    parse_gender,
    parse_golongan,
    parse_pendidikan,
    parse_status,
)
from .page_layout import Cell, Table

# column roles, tried in order on the header in the field's words (core.headers): the first
# whose pattern matches wins. '%' headers are decided before (_percent_role).
ROLE_PATTERNS: list[tuple[str, str]] = [
    ("no", r"^(no|nomor|nomer|nmr|#)$"),
    ("kode", r"\bkode\b|\brekening\b"),
    ("fisik", r"\bfisik\b"),
    ("sisa", r"\bsisa\b|\bselisih\b|\bsilpa\b"),
    ("tahun_lalu", r"tahun\s*(lalu|sebelum\w*)"),
    ("indikator", r"\bindikator\b|\btolok\s*ukur\b"),
    ("capaian", r"\bcapaian\b|\bpencapaian\b"),
    ("realisasi", r"\brealisasi\b|\bterealisasi\b|\bpenyerapan\b|\bserapan\b"),
    ("sasaran", r"\bsasaran\b|\btujuan\b"),
    ("satuan", r"\bsatuan\b"),
    ("target", r"\btarget\b|\brencana\b"),
    ("sumber", r"\bsumber\s+(?:dana|anggaran|pendanaan)\b"),
    ("pagu", r"\bpagu\b|\banggaran\b|\balokasi\b|\bdpa\b|\bplafon\b"),
    ("persen", r"^%$|%|\bpersen\b|\bpersentase\b"),
    ("pendidikan", r"\bpendidikan\b"),
    ("golongan", r"\bgolongan\b|\bpangkat\b"),
    ("eselon", r"\bes+elon\w*\b|\bjabatan\s+struktural\b"),  # I/II/III/IV of office, not golongan
    ("status", r"\bstatus\b(?:\s+kepegawaian)?|\bjenis\s+(?:pegawai|kepegawaian)\b"),
    ("desa", r"\bdesa\b|\bkelurahan\b|\bnagari\b|\bgampong\b"),
    ("luas", r"\bluas\b"),
    ("penduduk", r"\bpenduduk\b|\bjiwa\b"),
    ("jumlah", r"\bjumlah\b|\btotal\b"),
    ("laki", r"^(l|lk|laki|laki laki|pria)$|^(laki laki|pria)\b(?! ?dan)"),
    ("perempuan", r"^(p|pr|perempuan|wanita)$|^(perempuan|wanita)\b"),
    ("nama", r"\buraian\b|\bprogram\b|\bkegiatan\b|\bnama\b|\burusan\b"),
    ("kategori", r"\bkategori\b|\bpredikat\b|\bkriteria\b|\bpenilaian\b"),
    ("keterangan", r"\bketerangan\b"),
]
_MONEY_HEADER = re.compile(r"\brp\b|\brupiah\b|\bkeuangan\b|\banggaran\b|\bpagu\b|\balokasi\b|\bdpa\b|\bbiaya\b"
                           r"|\bdana\b|\bbelanja\b|\bpenyerapan\b|\bserapan\b", re.I)
_PERCENT = re.compile(r"%|\bpersen\b|\bpersentase\b")
_PERFORMANCE = re.compile(r"\b(kinerja|capaian|pencapaian|indikator|sasaran)\b")
# a figure of another period than the year's: a plan's end ('Target Akhir Renstra', 's.d. 2018'),
# a five-year document's, or a comparison against one
# 'terhadap' a base other than the year's target: 'Realisasi 2016 thdp Thn 2015', '... thdp capaian nasional'
_OTHER_PERIOD = re.compile(r"\b(renstra|rpjmd|rpjmn|akhir\s+periode|terhadap(?!\s+(?:target|pk|perjanjian))|kumulatif|"
                           r"nasional)\b|\bsd\s+(?:19|20)\d{2}\b")


def role_of(header: str) -> str | None:
    """The role a header names, in the field's words; a '%' header is a percent of the
    realisation (persen), of the performance (capaian) or of the physical progress (fisik)."""
    h = normalize_header(header)
    if not h:
        return None
    if re.search(r"\bcapaian\s+sasaran\b", h):
        return "capaian_sasaran"  # one figure per goal, not per indicator row
    unit_only = re.search(r"\b(realisasi|target)\s*\(\s*%\s*\)\s*$", " ".join((header or "").lower().split())) \
        and not _MONEY_HEADER.search(h)  # 'Realisasi (%)': a realisation counted in percent, not a percent of it
    if _PERCENT.search(h) and not unit_only and \
            not re.search(r"\b(indikator|sasaran|uraian|program|kegiatan|nama|target|tolok)\b", h):
        if re.search(r"\b(sisa|silpa|selisih)\b", h):
            return "sisa_persen"  # the share left unspent, not the realisation
        if re.search(r"\bfisik\b", h):
            return "fisik"
        if _MONEY_HEADER.search(h):
            return "persen"
        if _PERFORMANCE.search(h):
            return "capaian"
        return "persen"
    for role, pat in ROLE_PATTERNS:
        if re.search(pat, h):
            return role
    return None


_NUMERIC = re.compile(r"^[\s\d.,%()\-rRpP]+$")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class TableView:
    """A table with its header understood: kinds, header rows, columns per role."""
    table: Table
    kinds: list[str]
    header_rows: int
    roles: dict[str, list[int]] = field(default_factory=dict)  # role -> column indices
    headers: list[str] = field(default_factory=list)
    other_year: bool = False  # titled or headed with another year than the report's
    notes: list[dict] = field(default_factory=list)  # columns whose arithmetic overrode their header

    @property
    def kind(self) -> str:
        return self.kinds[0] if self.kinds else "lainnya"

    @property
    def body(self):
        return self.table.rows[self.header_rows:]

    def cells(self, row, role) -> list[Cell]:
        out: list[Cell] = []
        for i in self.roles.get(role, []):
            if i < len(row) and all(row[i] is not c for c in out):
                out.append(row[i])
        return out

    def cell(self, row, role) -> Cell | None:
        cs = self.cells(row, role)
        return next((c for c in cs if c.text), cs[0] if cs else None)

    def text(self, row, role) -> str:
        return " ".join(c.text for c in self.cells(row, role) if c.text)

    def header_of(self, role) -> str:
        cols = self.roles.get(role, [])
        return self.headers[cols[0]] if cols else ""


_GROUP_WORD = re.compile(r"^\s*(?:program|kegiatan|sub\s*kegiatan|urusan|bidang|sasaran|misi|tujuan)\b", re.I)


def _group_row(row) -> bool:
    """One cell over the whole width naming a program (or urusan, sasaran ...): the body's first
    group row, not a line of the heading."""
    cells = list({id(c): c for c in row if c.text}.values())
    if len(cells) == 1:
        return len(row) >= 2 and bool(_GROUP_WORD.match(cells[0].text))
    # 'H. | Program Peningkatan Kapasitas Aparatur': a numbered program row under the heading
    return len(cells) == 2 and bool(re.fullmatch(r"\s*(?:[A-Z]|[IVX]+|\d{1,2})[.)]?\s*", cells[0].text)) \
        and bool(_GROUP_WORD.match(cells[1].text))


def is_header_row(row) -> bool:
    """A row of words without figures (a year and the '(1) (2) (3)' row under a header count as words)."""
    texts = [c.text for c in row if c.text]
    if not texts:
        return True
    if all(_COLUMN_NUMBERS.match(t) for t in texts) and len(texts) >= 3:
        return True  # the '(1) (2) (3)' row under a header
    # a year ('2015', under 'TAHUN' or 'CAPAIAN KINERJA') is a heading, not a figure
    return not any(_NUMERIC.match(t) and re.search(r"\d", t) and not re.fullmatch(r"(?:19|20)\d{2}", t.strip())
                   for t in texts)


# roles a header's most specific (bottom) cell decides over the cells above it: 'Realisasi'
# under 'Target', '%' under 'Keuangan', 'L' under 'Jumlah Pegawai'
_SPECIFIC = {"persen", "capaian", "fisik", "realisasi", "target", "satuan", "laki", "perempuan", "tahun_lalu",
             "pagu", "sisa", "kode", "no"}
_PERIOD_ROLES = {"target", "capaian", "realisasi", "persen", "pagu", "fisik"}


def _header_role(full: str, bottom: str, year: int | None, money_table: bool) -> str | None:
    """One column's role from its header: the bottom cell when it names a specific role, the
    whole header otherwise; a figure of another year or period plays no role of this year's."""
    r_full, r_bottom = role_of(full), role_of(bottom)
    r = r_bottom if r_bottom in _SPECIFIC else r_full
    if r is None:
        return None
    h = normalize_header(full)
    if r in ("persen", "capaian") and re.search(r"\bfisik\b", h):
        return "fisik"  # 'Realisasi' over 'Fisik' over '(%)': the physical progress
    if r in ("persen", "capaian"):
        # a percent column is the budget's or the performance's by the cells above it ('Keuangan' over
        # 'Capaian (%)', 'Kinerja' over '% Realisasi'), else by its own words, else by the table
        above = normalize_header(full[: max(0, len(full) - len(bottom))]) if bottom and full.endswith(bottom) else ""
        for words in (above, normalize_header(bottom), h):
            if _MONEY_HEADER.search(words):
                r = "persen"
                break
            if _PERFORMANCE.search(words):
                r = "capaian"
                break
        else:
            r = "persen" if money_table else r
    years = {int(y) for y in YEAR_RE.findall(full)}
    of_the_year = r == "target" and year is not None and years == {year} and not re.search(
        r"\b(?:akhir|kumulatif|sd|terhadap)\b", h)  # 'Target Renstra Tahun 2016': the plan's target for the year
    if r in _PERIOD_ROLES and _OTHER_PERIOD.search(h) and not of_the_year:
        return None  # 'Target Akhir Renstra', 'Capaian terhadap target RPJMD', 'Target s.d. 2018'
    if year and years and year not in years:
        return "tahun_lalu" if r in ("realisasi", "capaian") and years == {year - 1} else None
    money = bool(_MONEY_HEADER.search(h)) or money_table
    if r == "realisasi" and money:
        return "realisasi_rp"
    return r


def understand(table: Table, year: int | None = None) -> TableView:
    """What a table holds and what each column is, from the clues that agree:

    - the header, read loosely (core.headers): header rows are the leading rows without
      figures (at most 4), a column's header the join of its header cells, its most specific
      (bottom) cell deciding where it names a value ('Realisasi' under 'Target');
    - the values: money (large, with thousand separators), percents, counts, names;
    - the arithmetic between columns: a column equal to B / A x 100 on the rows is the percent of
      B over A, so A is the pagu (or target) and B the realisasi, whatever their headers say.
    Where the header and the arithmetic disagree, the arithmetic wins and `notes` says so.
    With `year`, a column headed with another year (a previous year's realisation, a five-year
    target) plays no role of this year."""
    n = 0
    while n < min(4, len(table.rows) - 1) and is_header_row(table.rows[n]) and not (n and _group_row(table.rows[n])):
        n += 1
    n = max(n, 1)
    headers, bottoms = [], []
    for ci in range(table.ncols):
        parts = []
        for r in table.rows[:n]:
            t = r[ci].text if ci < len(r) else ""
            if t and not _COLUMN_NUMBERS.match(t) and t not in parts:
                parts.append(t)
        headers.append(normalize_space(" ".join(parts)))
        bottoms.append(parts[-1] if parts else "")
    values = _column_values(table, n)
    money_cols = {ci for ci, vs in enumerate(values) if _money_like(vs)}
    budget_table = any(role_of(h) == "pagu" for h in headers) and not any(role_of(h) == "indikator" for h in headers)
    roles: dict[str, list[int]] = {}
    elsewhere: set[int] = set()
    for ci, h in enumerate(headers):
        q = quarter_of(h)
        if q:
            roles.setdefault(f"tw{q}_{'rp' if _MONEY_HEADER.search(normalize_header(h)) else 'k'}", []).append(ci)
            continue
        r = _header_role(h, bottoms[ci], year, budget_table or ci in money_cols)
        if r is None:
            if role_of(h) is not None:
                elsewhere.add(ci)  # a figure of another year or period: no role, and no part in the arithmetic
            continue
        if r == "pagu" and "pagu" in roles and _REVISED.search(h) and not _REVISED.search(headers[roles["pagu"][0]]):
            roles["pagu"] = [ci]  # 'Anggaran Murni' beside 'Anggaran Perubahan': the revised budget is the pagu
            continue
        if r == "pagu" and "pagu" in roles and _REVISED.search(headers[roles["pagu"][0]]) and not _REVISED.search(h):
            continue
        if r in roles and roles[r][-1] != ci - 1:
            continue  # a second group of the same role: keep the first
        roles.setdefault(r, []).append(ci)
    if "target" in roles and _OTHER_PERIOD.search(normalize_header(headers[roles["target"][0]])) and \
            (elsewhere or "tahun_lalu" in roles):
        # the plan's target for the year counts in a table of the year only; beside other years'
        # and periods' columns the table compares the plan over its period
        elsewhere.update(roles.pop("target"))
    _split_name_columns(roles, headers)
    _drop_wordy_value_columns(table, n, roles)
    _drop_numbering_value_columns(table, n, roles)
    if not quarters(roles) and quarters(roles, "k") and any(_MONEY_HEADER.search(normalize_header(h)) for h in headers) \
            and not any(_small_decimals(values[roles[q][0]]) for q in quarters(roles, "k")):
        # quarter columns without 'Rp' in a money table (a DPA's withdrawal plan), holding money: they are money
        for q in quarters(roles, "k"):
            roles[q.replace("_k", "_rp")] = roles.pop(q)
    notes = _roles_by_arithmetic([vs if ci not in elsewhere else [None] * len(vs) for ci, vs in enumerate(values)],
                                 money_cols, roles, headers)
    if "indikator" in roles and "capaian" not in roles and "kategori" in roles and _percent_first(table, n, roles["kategori"][0]):
        roles["capaian"] = list(roles["kategori"])  # '58,40 % (Sedang)': the capaian with its category
    if "indikator" in roles and "pagu" not in roles and "persen" in roles and "capaian" not in roles:
        roles["capaian"] = roles.pop("persen")  # '%' beside an indicator's target and realisasi is its capaian
    kinds = classify(roles)
    if "indikator" in kinds and "target" not in roles and any(role_of(headers[c]) == "target" for c in elsewhere):
        kinds = [k for k in kinds if k != "indikator"] or ["lainnya"]  # its capaian is against another period's target
    if sum(1 for b in bottoms if b and (parse_pendidikan(b) or re.fullmatch(r"(?:gol\.?\s*)?(?:IV|III|II|I)(?:\s*/\s*[a-e])?",
                                                                           b.strip(), re.I))) >= 3:
        kinds = ["pegawai_across"]  # staff categories across the columns (S3, S2, S1 ... or IV, III, II, I)
        roles.pop("pendidikan", None)
        roles.pop("golongan", None)
    if _label_value_pairs(table) >= 4 and not (({"pendidikan", "golongan", "status"} & set(roles))
                                               and ({"jumlah", "laki"} & set(roles))):
        kinds = ["pegawai_pairs"]  # a grid of 'IV/d : 3' cells (not a table with its own category column)
    if kinds == ["lainnya"] and "eselon" not in roles:
        kinds = _staff_from_row_names(table, n, roles) or kinds
    if kinds == ["lainnya"] and any(n.get("relation") for n in notes):
        kinds = _kinds_from_relation(table, n, roles, notes)
    if "anggaran" in kinds and "nama" not in roles and not any(r.startswith("nama_") for r in roles):
        name_col = _widest_text_column(table, n, roles)
        if name_col is None:  # figures without names of program or kegiatan (a table by funding source)
            kinds = [k for k in kinds if k != "anggaran"] or ["lainnya"]
        else:
            roles["nama"] = [name_col]
    # the table's own title when the caption holds one ('... Tahun 2016 Tabel 3.4 Rencana ... Tahun 2017')
    title = table.caption[[m.start() for m in re.finditer(r"\btabel\b", table.caption, re.I)][-1]:] \
        if re.search(r"\btabel\b", table.caption, re.I) else table.caption
    years_in_caption = {int(y) for y in YEAR_RE.findall(re.sub(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", " ", title))}
    # the columns' own year is surer than a title's ('Tabel 3.2 ... Tahun 2015' over 'Tahun 2016 | Target')
    headed_year = bool(year) and any(str(year) in headers[c] for r in _PERIOD_ROLES for c in roles.get(r, []))
    other_year = bool(year and years_in_caption and year not in years_in_caption and not headed_year)
    view = TableView(table, kinds, n, roles, headers, other_year)
    view.notes = [n for n in notes if n.get("header_role")]
    return view


# ---------------------------------------------------------------- evidence from the values
_FIGURE_ROLES = ("target", "realisasi", "capaian", "pagu", "realisasi_rp", "persen")


def _drop_wordy_value_columns(table: Table, header_rows: int, roles: dict[str, list[int]]) -> None:
    """A column headed like a figure but holding names (a 'Program ...' column under a header
    that mentions a target) plays no figure's role: its cells say what it is."""
    for role in _FIGURE_ROLES:
        for ci in list(roles.get(role, [])):
            texts = [r[ci].text for r in table.rows[header_rows:] if ci < len(r) and r[ci].text.strip()]
            with_digits = sum(1 for t in texts if re.search(r"\d", t))
            wordy = sum(1 for t in texts if len(re.findall(r"[A-Za-z]{3,}", t)) >= 3)
            if len(texts) >= 2 and with_digits < 0.3 * len(texts) and wordy >= 0.5 * len(texts):
                roles[role].remove(ci)
        if role in roles and not roles[role]:
            del roles[role]


_COUNTED_ROLES = _FIGURE_ROLES + ("luas", "jumlah", "penduduk", "laki", "perempuan")


def _drop_numbering_value_columns(table: Table, header_rows: int, roles: dict[str, list[int]]) -> None:
    """A column headed like a figure whose cells count 1, 2, 3 ... down the rows is the rows'
    numbering (a heading mixed up with the line above it): its numbers are no figures."""
    for role in _COUNTED_ROLES:
        for ci in list(roles.get(role, [])):
            texts = [r[ci].text.strip().rstrip(".") for r in table.rows[header_rows:] if ci < len(r) and r[ci].text.strip()]
            if len(texts) >= 3 and texts == [str(k) for k in range(1, len(texts) + 1)] and (ci == 0 or "no" not in roles):
                roles[role].remove(ci)
                roles.setdefault("no", [ci])
        if role in roles and not roles[role]:
            del roles[role]


def _column_values(table: Table, header_rows: int) -> list[list[tuple[float, int] | None]]:
    """Per column, per body row: (value, decimals printed, thousands grouped, zero-padded) of a number, else None."""
    out = []
    for ci in range(table.ncols):
        col = []
        for r in table.rows[header_rows:]:
            t = (r[ci].text if ci < len(r) else "") or ""
            got = parse_amount(t) if re.search(r"\d", t) and not re.search(r"[A-Za-z]{3,}", t) else None
            if isinstance(got, Number):
                digits = re.sub(r"[^\d.,]", "", t)
                dec = len(re.split(r"[.,]", digits)[-1]) if re.search(r"[.,]\d{1,2}$", digits) else 0
                grouped = bool(re.search(r"\d[.,]\d{3}(?:\D|$)", digits))
                col.append((float(got.value), dec, grouped, bool(re.fullmatch(r"\s*0\d+\s*", t))))
            else:
                col.append(None)
        out.append(col)
    return out


def _percent_first(table: Table, header_rows: int, ci: int) -> bool:
    """Most cells of the column open with a percent ('58,40 % (Sedang)')."""
    texts = [r[ci].text for r in table.rows[header_rows:] if ci < len(r) and r[ci].text.strip()]
    return len(texts) >= 2 and sum(1 for t in texts if re.match(r"^\s*-?\d[\d.,]*\s*%", t)) >= 0.6 * len(texts)


def _small_decimals(vs) -> bool:
    """Values like '0.14', '2.72': fractions (a quarter's share of a target), never rupiah."""
    nums = [v for v in vs if v is not None]
    return bool(nums) and sum(1 for v in nums if v[1] and not v[2] and abs(v[0]) < 1000) >= 0.5 * len(nums)


def _code_like(vs) -> bool:
    """Code segments printed zero-padded ('01', '086'): numbering, not quantities."""
    nums = [v for v in vs if v is not None]
    return len(nums) >= 2 and sum(1 for v in nums if v[3]) >= 0.5 * len(nums)


def _money_like(vs) -> bool:
    """Most figures of the column are amounts of money: in the thousands and more, grouped."""
    nums = [v for v in vs if v is not None]
    big = [v for v in nums if abs(v[0]) >= 1000 and (v[2] or abs(v[0]) >= 100_000)]
    return len(nums) >= 1 and len(big) >= 0.6 * len(nums)


def _percent_of(c, a, b) -> bool:
    """c (as printed, with its decimals) is b / a x 100, rounded or cut to c's decimals."""
    cv, dec, av, bv = c[0], c[1], a[0], b[0]
    if not av:
        return False
    exact = bv / av * 100
    unit = 10 ** -dec
    return abs(cv - exact) <= unit / 2 + 1e-9 or 0 <= exact - cv < unit + 1e-9


def _relation(values, c: int, money_cols: set[int], role_at: dict[int, str] | None = None):
    """The columns (a, b) whose ratio b / a x 100 column c prints, on most rows that show all three;
    among equally good pairs, the one the headers agree with (a budget percent over money columns,
    a pagu / target and a realisasi by their headers)."""
    role_at = role_at or {}
    best, best_key = None, None
    col_c = values[c]
    for a in range(len(values)):
        for b in range(len(values)):
            if len({a, b, c}) < 3:
                continue
            checked = agree = 0
            for va, vb, vc in zip(values[a], values[b], col_c):
                if va is None or vb is None or vc is None or not va[0]:
                    continue
                checked += 1
                agree += _percent_of(vc, va, vb)
            if not agree or agree < 0.6 * checked:
                continue
            money = a in money_cols and b in money_cols
            fit = (role_at.get(c) == ("persen" if money else "capaian")) + \
                (role_at.get(a) in (("pagu",) if money else ("target",))) + \
                (role_at.get(b) in (("realisasi_rp",) if money else ("realisasi",)))
            key = (agree, fit)
            if best_key is None or key > best_key:
                best, best_key = (a, b, agree, checked), key
    return best


def _roles_by_arithmetic(values, money_cols: set[int], roles: dict[str, list[int]], headers: list[str]) -> list[dict]:
    """Percent columns found by their arithmetic, and the base and realisation they relate;
    returns notes on what was decided, with the header's own reading where it differed."""
    role_at = {ci: r for r, cols in roles.items() for ci in cols}
    notes: list[dict] = []
    candidates = [ci for ci, vs in enumerate(values) if ci not in money_cols
                  and sum(v is not None for v in vs) >= 1
                  and all(-1000 <= v[0] <= 10_000 for v in vs if v is not None)]
    codes = {ci for ci, vs in enumerate(values) if _code_like(vs)}
    taken: set[int] = set()
    for c in candidates:
        if role_at.get(c) in ("no", "kode", "target", "satuan", "laki", "perempuan", "jumlah") or c in taken:
            continue
        if c in codes:
            continue
        found = _relation([vs if ci not in codes else [None] * len(vs) for ci, vs in enumerate(values)], c, money_cols,
                          role_at)
        if not found:
            continue
        a, b, agree, checked = found
        if a in taken or b in taken:
            continue
        header_says_percent = role_at.get(c) in ("persen", "capaian", "fisik")
        # small whole numbers agree by chance now and then: three rows, or a header that says percent
        if agree < 3 and not (header_says_percent and (agree >= 2 or checked == 1)):
            continue
        if role_at.get(a) in ("no", "kode") or role_at.get(b) in ("no", "kode"):
            continue
        money = a in money_cols and b in money_cols
        want = {c: "persen" if money else "capaian", a: "pagu" if money else "target",
                b: "realisasi_rp" if money else "realisasi"}
        fits = {c: (None, "persen", "capaian", "realisasi", "realisasi_rp"),
                a: (None, "pagu", "target", "jumlah", "realisasi", "realisasi_rp"),
                b: (None, "realisasi", "realisasi_rp", "jumlah", "capaian", "persen")}
        if any(role_at.get(ci) not in ok for ci, ok in fits.items()):
            continue  # a column the header names otherwise (fisik, sisa, target, a year before) is not its part
        for ci, r in want.items():
            old = role_at.get(ci)
            if old == r:
                continue
            for cols in roles.values():
                if ci in cols:
                    cols.remove(ci)
            roles[r] = sorted(set(roles.get(r, [])) | {ci}) if r not in roles or ci - 1 in roles[r] or \
                ci + 1 in roles[r] else [ci]
            role_at[ci] = r
            notes.append({"column": ci, "header": headers[ci], "header_role": old, "role": r, "agree": agree,
                          "checked": checked})
        for r in [r for r, cols in roles.items() if not cols]:
            del roles[r]
        taken |= {a, b, c}
        notes.append({"relation": (a, b, c), "money": money, "agree": agree, "checked": checked})
    return notes


_PAIR_LABEL = re.compile(r"^\s*(?:gol(?:ongan)?\.?\s*)?(?:IV|III|II|I)\s*/\s*[a-e]\s*:?\s*$|^\s*(?:S\s*-?[1-3]|D\s*-?[1-4]|"
                         r"SD|SMP|SLTP|SMA|SLTA|SMK)\s*:?\s*$", re.I)


def _label_value_pairs(table: Table) -> int:
    """Cells holding a staff category ('IV/d :', 'S1') with its count in the cell to the right."""
    n = 0
    for row in table.rows:
        for a, b in zip(row, row[1:]):
            if a is not b and _PAIR_LABEL.match(a.text or "") and re.fullmatch(r"\s*(?:\d{1,4}|[-–])\s*(?:orang)?\s*",
                                                                               b.text or ""):
                n += 1
    return n


def _staff_from_row_names(table: Table, header_rows: int, roles: dict[str, list[int]]) -> list[str] | None:
    """A table of counts whose header says only 'Uraian' / 'Jumlah': its rows' names tell what it
    counts (pendidikan 'Strata 1', 'SLTA'; golongan 'Golongan III', 'III/a'; status 'PNS', 'Non PNS')."""
    if not ({"jumlah", "laki", "perempuan"} & set(roles)):
        return None
    name_col = (roles.get("nama") or [None])[0]
    if name_col is None:
        name_col = _widest_text_column(table, header_rows, roles)
    if name_col is None:
        return None
    names = [r[name_col].text for r in table.rows[header_rows:] if name_col < len(r) and r[name_col].text.strip()
             and not is_total_label(r[name_col].text)]
    if len(names) < 2:
        return None
    for dim, parse in (("pendidikan", parse_pendidikan), ("golongan", parse_golongan), ("status", parse_status),
                       ("jenis_kelamin", parse_gender)):
        if sum(1 for x in names if parse(x)) >= max(2, 0.6 * len(names)):
            roles.pop("nama", None)
            roles[dim] = [name_col]
            return ["pegawai"]
    return None


_PLACE_HEADER = re.compile(r"\b(kabupaten|kota|kab|kecamatan|desa|kelurahan|wilayah|puskesmas|provinsi|daerah)\b")


def _kinds_from_relation(table: Table, header_rows: int, roles: dict[str, list[int]], notes) -> list[str]:
    """A table no header word placed, whose columns relate as pagu / realisasi / % (a budget)
    or target / realisasi / capaian (indicators), with a column of names beside them."""
    rel = next(n for n in notes if n.get("relation"))
    name_col = _widest_text_column(table, header_rows, roles)
    if name_col is None:
        return ["lainnya"]
    body = table.rows[header_rows:]
    named = sum(1 for r in body if name_col < len(r) and len(re.findall(r"[A-Za-z]{3,}", r[name_col].text or "")) >= 2)
    if named < max(1, len(body) // 3):
        return ["lainnya"]
    if _PLACE_HEADER.search(normalize_header(" ".join(r[name_col].text for r in table.rows[:header_rows]))):
        return ["lainnya"]  # one figure broken down by kabupaten / kecamatan / desa: not budget lines nor indicators
    if rel["money"]:
        roles.setdefault("nama", [name_col])
        return ["anggaran"]
    roles.setdefault("indikator", [name_col])
    return classify(roles)


_REVISED = re.compile(r"\b(perubahan|setelah|p-?apbd|akhir|revisi)\b", re.I)
_QUARTER_WORD = re.compile(r"\b(triwulan|tw|trw|kuartal)\b", re.I)


def quarter_of(header: str) -> int | None:
    """'Realisasi ... Triwulan I - IV ... II Rp' -> 2; 'TW III' -> 3; None when not a quarter column."""
    if not _QUARTER_WORD.search(header) or re.search(r"\bs\.?\s*/?\s*d\b|sampai", header, re.I):
        return None  # 'Realisasi s.d. Triwulan IV' is the year's cumulative figure, not one quarter
    h = re.sub(r"\b(?:I|1)\s*[-–s/d.]+\s*(?:IV|4)\b", " ", header)  # the span 'I - IV' names all quarters
    h = re.sub(r"(?:19|20)\d{2}", " ", h)
    found = re.findall(r"\b(IV|III|II|I|[1-4])\b", h)
    return {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}[found[-1]] if found else None


def quarters(roles: dict[str, list[int]], suffix: str = "rp") -> list[str]:
    return [f"tw{q}_{suffix}" for q in range(1, 5) if f"tw{q}_{suffix}" in roles]


def _split_name_columns(roles: dict[str, list[int]], headers: list[str]) -> None:
    """A Program column beside a Kegiatan column (and a Sub Kegiatan one): each names its level."""
    cols = roles.get("nama", [])
    if len(cols) < 2:
        return
    levels = {}
    for ci in cols:
        words = {re.sub(r"[\s-]+", "_", w.lower()) for w in re.findall(r"sub[\s-]*kegiatan|kegiatan|program", headers[ci], re.I)}
        if len(words) != 1:
            return
        levels[ci] = words.pop().replace("subkegiatan", "sub_kegiatan")
    if len(set(levels.values())) == len(levels):
        del roles["nama"]
        for ci, lv in levels.items():
            roles[f"nama_{lv}"] = [ci]


def classify(roles: dict[str, list[int]]) -> list[str]:
    kinds = []
    if quarters(roles) and "nama" in roles and "pagu" not in roles:
        kinds.append("anggaran")
    if "indikator" in roles and sum(r in roles for r in ("target", "realisasi", "capaian")) >= 2 \
            and ("realisasi" in roles or "capaian" in roles):
        kinds.append("indikator")  # measured: two of target, realisasi and capaian
    elif "indikator" in roles and "target" in roles:
        kinds.append("indikator_target")  # Perjanjian Kinerja, RKT, IKU: targets only
    if "pagu" in roles and ("nama" in roles or "nama_kegiatan" in roles or "indikator" not in roles):
        # budget by sasaran (the goals, not program / kegiatan lines) is not a budget tree
        kinds.append("anggaran_sasaran" if "sasaran" in roles and not any(r.startswith("nama") for r in roles)
                     and "indikator" not in roles else "anggaran")
    if any(d in roles for d in ("pendidikan", "golongan", "status", "jenis_kelamin")) and \
            ("jumlah" in roles or "laki" in roles):
        kinds.append("pegawai")
    if "desa" in roles and ("luas" in roles or "penduduk" in roles):
        kinds.append("wilayah")
    return kinds or ["lainnya"]


def _widest_text_column(table: Table, header_rows: int, roles: dict[str, list[int]]) -> int | None:
    """The column of the rows' names: the one with most text that no role took; None when none has text."""
    used = {i for cols in roles.values() for i in cols}
    best, best_len = None, 0
    for ci in range(table.ncols):
        if ci in used:
            continue
        n = sum(len(r[ci].text) for r in table.rows[header_rows:] if ci < len(r) and not _NUMERIC.match(r[ci].text or "0"))
        if n > best_len:
            best, best_len = ci, n
    return best


# a total row's label is the total word alone, or with words of what it totals ('JUMLAH BELANJA
# LANGSUNG', 'TOTAL APBD 2016', 'TOTAL ANGGARAN (WAJIB + PILIHAN)'); 'Jumlah lokasi desa ...' is an
# indicator, not a total
_TOTAL_WORD = re.compile(r"^\s*(?:grand\s*total|sub\s*-?\s*total|jumlah\s*total|total|jumlah|rata\s*[-–]?\s*rata|rerata)\b",
                         re.I)
_TOTAL_OF = {"seluruhnya", "keseluruhan", "total", "belanja", "tidak", "langsung", "anggaran", "program", "kegiatan",
             "capaian", "pegawai", "luas", "desa", "apbd", "apbn", "urusan", "wajib", "pilihan", "dan", "daerah",
             "dana", "alokasi", "sasaran", "strategis", "bl", "btl", "kinerja", "keuangan", "realisasi", "provinsi",
             "kabupaten", "kota", "murni", "perubahan", "i", "ii", "iii", "iv", "semua", "umum", "pendapatan",
             "operasi", "modal", "rp", "kelurahan"}


def is_total_label(text: str) -> bool:
    text = re.sub(r"\b(?:\w ){2,}\w\b", lambda m: m.group(0).replace(" ", ""), text or "")  # 'J u m l a h'
    m = _TOTAL_WORD.match(text)
    if not m:
        return False
    rest = re.findall(r"[a-z]+|\d+", text[m.end():].lower())
    # a year, or the row's figure left in its label cell ('Rata-rata 99,28')
    return all(w in _TOTAL_OF or w.isdigit() for w in rest)
