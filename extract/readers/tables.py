"""Readers of the small tables every LAKIP carries: performance indicators
(target / realisasi / capaian), staff counts (pendidikan, golongan) and the desa
of the area with their size."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..core.findings import rule
from ..core.patterns import normalize_space, parse_gender, parse_golongan, parse_pendidikan, parse_status
from ..layout.page_layout import join_cell_lines
from ..layout.roles import TableView, is_total_label
from .common import Context, cell_page_bbox

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("indikator.sebutan_berbeda", "warning",
     "an indicator printed in two tables with different figures (the main measurement table's is exported)",
     "'{indikator}': {field} tercetak {dipakai} di halaman {halaman_lain} tetapi {lain} di halaman {halaman}; "
     "nilai tabel pengukuran yang diekspor")
rule("pegawai.kategori_tidak_dikenal", "info", "a staff row whose category is not a known pendidikan / golongan",
     "kategori pegawai '{label}' bukan {dimensi} yang dikenal; tidak diekspor")



@dataclass
class Total:
    """A printed total row, kept for reconciliation."""
    what: str
    value: float | None
    halaman: int


# ---------------------------------------------------------------- indikator
_LOWER_IS_BETTER = re.compile(r"\b(menurun|penurunan|turun|berkurang|pengurangan|angka kematian|kasus|"
                              r"tingkat pengangguran|kemiskinan|jumlah temuan|pelanggaran)\b", re.I)
_UNIT_IN_VALUE = re.compile(r"^\s*(?:[<>≤≥]=?\s*)?[-–]?\s*[\d.,]+\s*(%|persen|[a-zA-Z/ ]+"
                            r"|(?:/|per)\s*[\d.]+\s*[a-zA-Z ]*)?\s*$", re.I)  # ('91,20/ 100.000 KH')


def _sasaran_from_caption(caption: str) -> str | None:
    """'Tabel ... Capaian Sasaran Meningkatnya ...' -> 'Meningkatnya ...'."""
    m = list(re.finditer(r"\bsasaran\b\s*:?\s*", caption, re.I))
    if m:
        rest = caption[m[-1].end():].strip(" .:")
        if len(rest.split()) >= 2:
            return rest
    return None


def kategori(capaian: float | None) -> str | None:
    if capaian is None:
        return None
    if capaian >= 90:
        return "sangat_baik"
    if capaian > 80:
        return "baik"
    if capaian > 70:
        return "cukup"
    if capaian > 0:
        return "kurang"
    return "sangat_kurang"


def capaian_hitung(target, realisasi, lower_is_better: bool):
    if target is None or realisasi is None or target == 0:
        return None
    v = (2 * target - realisasi) / target * 100 if lower_is_better else realisasi / target * 100
    return round(v, 2)


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|[-•▪●])\s+\S")
_PAREN_PCT = re.compile(r"\(\s*(\d{1,4}(?:[.,]\d{1,4})?)\s*%?\s*\)")
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[a-z][.)]|[-•▪●])\s+(?=\S)")
_GROUP_ROW = re.compile(r"^\s*(?:\d{1,2}\.?\s*)?sasaran\s*(?:strategis)?\s*(?:ke\s*-?\s*\d{1,2}|\d{1,2})?\s*:?\s*",
                        re.I)  # ('Sasaran ke-1 : ...', 'Sasaran 2 : ...')


def _blocks(cell) -> list[list[int]]:
    """Indicator entries inside one ruled cell: a list marker or a blank line starts the next."""
    if not cell or not cell.spans or len(cell.spans) != len(cell.lines):
        return [list(range(len(cell.lines)))] if cell and cell.lines else []
    blocks: list[list[int]] = []
    for i, (top, _bottom, _) in enumerate(cell.spans):
        if blocks:
            ptop, pbottom, _ = cell.spans[i - 1]
            gap = top - pbottom
            crossed_page = top >= 10_000 > ptop  # the tail of a row broken by the page goes on
            new = _LIST_ITEM.match(cell.lines[i]) or (gap > 0.6 * max(pbottom - ptop, 6) and not crossed_page)
        else:
            new = True
        if new:
            blocks.append([i])
        else:
            blocks[-1].append(i)
    return blocks


def _assign(cell, blocks_y: list[tuple[float, float]]) -> list[list[str]]:
    """The lines of a value cell, given to the entries of the key cell: in order when the
    counts agree, else each line to the entry nearest to it vertically."""
    out: list[list[str]] = [[] for _ in blocks_y]
    if not cell or not cell.lines:
        return out
    if len(blocks_y) == 1 or not cell.spans:
        out[0] = list(cell.lines)
        return out
    groups = _blocks(cell)
    if len(groups) == len(blocks_y):
        return [[cell.lines[i] for i in g] for g in groups]
    for i, (top, bottom, _) in enumerate(cell.spans):
        mid = (top + bottom) / 2
        if mid < blocks_y[0][0] - 2 and len(cell.lines) > len(blocks_y):
            continue  # a figure above the first entry, one too many: the group's own (a sasaran's average)
        k = min(range(len(blocks_y)), key=lambda b: 0 if blocks_y[b][0] - 2 <= mid <= blocks_y[b][1] + 2
                else min(abs(mid - blocks_y[b][0]), abs(mid - blocks_y[b][1])))
        out[k].append(cell.lines[i])
    return out


def _entries(view: TableView, row) -> list[dict]:
    """One dict of texts per indicator entry of a ruled row (usually one)."""
    key = view.cell(row, "indikator")
    blocks = _blocks(key)
    roles = ("target", "realisasi", "capaian", "satuan", "kategori", "tahun_lalu")
    # figures on one line each: one entry, whatever the spacing of the name's wrapped lines
    single = all(sum(1 for ln in c.lines if re.search(r"\d", ln)) <= 1
                 for c in (view.cell(row, r) for r in ("target", "realisasi", "capaian")) if c)
    if len(blocks) <= 1 or single:
        return [{"indikator": view.text(row, "indikator"), **{r: view.text(row, r) for r in roles},
                 "bbox": None}]
    ys = [(key.spans[b[0]][0], key.spans[b[-1]][1]) for b in blocks]
    per_role = {r: _assign(view.cell(row, r), ys) for r in roles}
    out = []
    for k, b in enumerate(blocks):
        name = join_cell_lines([key.lines[i] for i in b])
        out.append({"indikator": re.sub(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|[-•▪●])\s+", "", name),
                    **{r: join_cell_lines(per_role[r][k]) for r in roles},
                    "bbox": (key.bbox[0], ys[k][0], key.bbox[2], ys[k][1]) if key.bbox and ys[k][1] < 10_000 else None})
    return out


def _seen_before(seen: dict, name: str, figures: tuple) -> bool:
    """An indicator already read with the same figures under (nearly) the same name."""
    key = re.sub(r"[^a-z0-9]+", "", name.lower())
    for other in seen.get(figures, []):
        if other == key or difflib.SequenceMatcher(None, other, key).ratio() >= 0.9:
            return True
    seen.setdefault(figures, []).append(key)
    return False


def _same_measure(kept: dict, row: dict, key: str) -> bool:
    """One indicator named a little otherwise ('Menurunnya angka pengangguran terbuka' / 'Jumlah
    angka pengangguran terbuka'): most words shared, every figure both print equal, and one of
    them telling (not 100, 0 or a round figure)."""
    a, b = set(kept["_kunci"].split()), set(key.split())
    if not a or not b or len(a & b) < 0.75 * min(len(a), len(b)) or len(a & b) < 3:
        return False
    shared = [(kept.get(f), row.get(f)) for f in ("target", "realisasi", "capaian")
              if kept.get(f) is not None and row.get(f) is not None]
    if not shared or any(x != y for x, y in shared):
        return False
    # (a decimal or a large uneven figure: small whole ones like 12 or 345 recur by chance)
    return any(x not in (0, 100) and (x != int(x) or (x >= 1000 and x % 100)) for x, _ in shared)


def read_indikator(ctx: Context) -> list[dict]:
    """Indicator rows of every measurement table, each indicator once: from the table that
    measures it most fully (target, realisasi and capaian of the year), its other mentions
    (comparison tables, summaries) merged in, a differing figure a finding."""
    rows = _read_indicator_rows(ctx)
    kept: list[dict] = []
    for r in sorted(rows, key=lambda r: (-r["_wibawa"], r["_urut"])):
        key = re.sub(r"[^a-z0-9]+", " ", r["indikator"].lower()).strip()
        same = next((k for k in kept if k["_tabel"] != r["_tabel"]
                     and difflib.SequenceMatcher(None, k["_kunci"], key).ratio() >= 0.9), None) or \
            next((k for k in kept if k["_tabel"] != r["_tabel"] and _same_measure(k, r, key)), None)
        if same is None:
            r["_kunci"] = key
            kept.append(r)
            continue
        if len(key) > len(same["_kunci"]) and same["_kunci"] in key:
            # the kept row's name was cut short (a name broken over rows): the fuller one names it
            same["indikator"], same["_kunci"] = r["indikator"], key
        for f in ("target", "realisasi", "capaian"):
            mine, theirs = same.get(f), r.get(f)
            if mine is None and theirs is not None and r["_wibawa"] >= 2:
                same[f] = theirs
            elif mine is not None and theirs is not None and mine != theirs and r["_wibawa"] >= 2:
                ctx.finding("indikator.sebutan_berbeda", r["halaman"], same["indikator"][:60], theirs, mine,
                            r["bbox"], halaman_lain=same["halaman"], indikator=same["indikator"][:80], field=f,
                            dipakai=mine, lain=theirs)
    kept.sort(key=lambda r: r["_urut"])
    for k, r in enumerate(kept, 1):
        r["id_indikator"] = f"i{k:03d}"
        r["capaian_hitung"] = capaian_hitung(r["target"], r["realisasi"], bool(_LOWER_IS_BETTER.search(r["indikator"])))
        r["kategori"] = kategori(r["capaian"])
        for f in ("_wibawa", "_urut", "_tabel", "_kunci"):
            r.pop(f, None)
    return kept


def _read_indicator_rows(ctx: Context) -> list[dict]:
    out = []
    seen: dict[tuple, list[str]] = {}
    # target-only tables (Perjanjian Kinerja, RKT, IKU) count only when nothing was measured
    views = ctx.tables("indikator") or ctx.tables("indikator_target")
    for t_index, view in enumerate(views):
        # how fully the table measures its indicators: target, realisasi and capaian of the year
        authority = sum(r in view.roles for r in ("target", "realisasi", "capaian"))
        table_sasaran = _sasaran_from_caption(view.table.caption)
        current_sasaran = None
        us_style = _comma_thousands(view)
        for row in view.body:
            if "sasaran" in view.roles and view.text(row, "sasaran"):
                current_sasaran = normalize_space(view.text(row, "sasaran"))
            page, row_bbox = cell_page_bbox(view, row)
            for e in _entries(view, row):
                name = normalize_space(_LIST_MARK.sub("", e["indikator"]))
                if len(view.roles.get("indikator", [])) > 1 and re.fullmatch(
                        r"\s*\d{1,2}[.)]?\s*", row[view.roles["indikator"][0]].text or ""):
                    name = re.sub(r"^\d{1,2}[.)]?\s+", "", name)  # its number in a column of its own
                t_txt, r_txt, c_txt = (normalize_space(e[k]) for k in ("target", "realisasi", "capaian"))
                if not name or is_total_label(name) or not re.search(r"[A-Za-z]{3,}", name):
                    continue  # no name to speak of: a numbering row, a total
                merged = len({id(c) for c in row if c.text}) == 1  # one cell over the whole row: a heading
                if not re.search(r"\d", t_txt + r_txt + c_txt) or (merged and _GROUP_ROW.match(name)):
                    # no figure: a 'Sasaran : ...' row (its words may run over the value columns)
                    m = _GROUP_ROW.match(name) or _GROUP_ROW.match(view.text(row, "sasaran") or "")
                    if m:  # a 'Sasaran : ...' row heads the indicators below it
                        current_sasaran = name[m.end():].strip(" :.") or current_sasaran
                    continue
                subj = name[:60]
                # '(2.75)' alone in its cell: a negative figure, as accounts write it ('(91.60)' beside it)
                t_txt, r_txt, c_txt = (re.sub(r"^\(\s*([\d.,]+\s*%?)\s*\)$", r"-\1", x.strip())
                                       if c_txt.strip() and re.fullmatch(r"\(\s*[\d.,]+\s*%?\s*\)", x.strip())
                                       else x for x in (t_txt, r_txt, c_txt))
                # '86 (101%)': the realisasi with its capaian in brackets below it
                paren = _PAREN_PCT.search(r_txt)
                if paren and (not c_txt or "capaian" not in view.roles):
                    c_txt = c_txt or paren.group(0)
                    r_txt = r_txt[:paren.start()].strip()
                # footnote marks after a figure ('10.250.300 *)', '85 **') are not part of it, nor the
                # category printed with a capaian ('58,40 % (Sedang)')
                t_txt, r_txt, c_txt = (_FOOTNOTE.sub("", x).strip() for x in (t_txt, r_txt, c_txt))
                c_txt = re.sub(r"\s*\(\s*[A-Za-z ]+\)\s*$", "", c_txt)
                target, real, cap = (ctx.decimal(_figure(x, us_style), subj, page) if _looks_numeric(x) else None
                                     for x in (t_txt, r_txt, c_txt))
                satuan = normalize_space(e["satuan"]) or _unit_of(t_txt) or _unit_of(r_txt)
                if _seen_before(seen, name, (target, real, cap)):
                    continue  # the same indicator with the same figures in another table
                lower = bool(_LOWER_IS_BETTER.search(name))
                ctx.took(view)
                out.append({
                    "_wibawa": authority, "_urut": len(out), "_tabel": t_index,
                    "id_indikator": f"i{len(out) + 1:03d}",
                    "sasaran": current_sasaran or table_sasaran,
                    "indikator": name,
                    "satuan": satuan or None,
                    "target": target, "realisasi": real,
                    "target_teks": t_txt or None, "realisasi_teks": r_txt or None,
                    "capaian": cap,
                    "capaian_hitung": capaian_hitung(target, real, lower),
                    "kategori": kategori(cap),
                    "kategori_teks": normalize_space(e.get("kategori", "")) or None,
                    "tahun_lalu": ctx.decimal(e["tahun_lalu"], subj, page) if _looks_numeric(e.get("tahun_lalu", ""))
                    else None,
                    "tabel": normalize_space(view.table.caption) or None,
                    "halaman": page, "bbox": e["bbox"] or row_bbox,
                })
    return out


_FOOTNOTE = re.compile(r"(?<=[\d%])\s*\*+\)?\s*$|^\s*\*+\)?(?=\s*\d)")


def _looks_numeric(text: str) -> bool:
    return bool(re.search(r"\d", text or "")) and bool(_UNIT_IN_VALUE.match(re.sub(r"[()]", "", text)))


def _figure(text: str, comma_thousands: bool = False) -> str:
    """The figure of a value printed with its unit ('70 poin', '64.15poin', '27 desa/kel'); in a
    table that writes '172.40' and '215,360', the comma groups thousands."""
    m = re.match(r"^\s*([<>≤≥]=?\s*)?(-?[\d.,]*\d)\s*[A-Za-z][A-Za-z/ .]{0,20}$", text or "")
    # a rate with its base: '95/100.000 KH', '91,20/ 100.000 KH', '6,1 per 1000 KH'
    rate = re.match(r"^\s*(-?\d[\d.,]*)\s*(?:/|per)\s*(?:10+|1\.000|10\.000|100\.000)\s*[A-Za-z][A-Za-z ]{0,12}$",
                    text or "", re.I)
    figure = m.group(2) if m else rate.group(1) if rate else text
    if comma_thousands and re.fullmatch(r"\s*-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*%?\s*", figure or ""):
        figure = figure.replace(",", "")
    return figure


def _comma_thousands(view: TableView) -> bool:
    """The table writes decimals with a point ('172.40') and never with a comma: '215,360' is
    two hundred and two thousand, not a fraction."""
    texts = [view.text(r, role) for r in view.body for role in ("target", "realisasi", "capaian") if role in view.roles]
    dot = sum(1 for t in texts if re.search(r"\d\.\d{1,2}(?!\d)", t or ""))
    comma = sum(1 for t in texts if re.search(r"\d,\d{1,2}(?!\d)", t or ""))
    return dot >= 2 and comma == 0


def _unit_of(text: str) -> str | None:
    if "%" in (text or "") or re.search(r"\bpersen\b", text or "", re.I):
        return "%"
    m = re.match(r"^\s*[\d.,]+\s*([A-Za-z][A-Za-z/ ]{0,20})$", text or "")
    rate = re.match(r"^\s*[\d.,]+\s*((?:/|per)\s*[\d.]+\s*[A-Za-z][A-Za-z ]{0,12})$", text or "", re.I)
    return m.group(1).strip() if m else " ".join(rate.group(1).split()) if rate else None


# ---------------------------------------------------------------- pegawai
def _count(ctx: Context, text: str, subj: str, page: int):
    """A staff count: a printed '-' (or nothing, in a filled table) is zero."""
    if text.strip() in ("-", "–", "—", ""):
        return 0
    v = ctx.amount(text, subj, page)
    return int(v) if v is not None else None


def read_pegawai(ctx: Context) -> tuple[list[dict], list[Total]]:
    """Staff tables with the categories in rows: a Jumlah column, or L and P columns (men,
    women) that add up to it."""
    rows, totals = [], []
    for view in ctx.tables("pegawai"):
        dim = next(d for d in ("pendidikan", "golongan", "status", "jenis_kelamin") if d in view.roles)
        col = dim
        dim = "status_kepegawaian" if dim == "status" else dim
        gender = "laki" in view.roles and "perempuan" in view.roles
        by_gender = {"L": 0, "P": 0}
        for row in view.body:
            label = normalize_space(view.text(row, col))
            no = view.text(row, "no")
            page, bbox = cell_page_bbox(view, row)
            subj = label[:60]
            count = _count(ctx, view.text(row, "jumlah"), subj, page) if "jumlah" in view.roles else None
            lp = [_count(ctx, view.text(row, r), subj, page) for r in ("laki", "perempuan")] if gender else []
            if count is None and lp and None not in lp:
                count = sum(lp)
            if is_total_label(label) or (not label and is_total_label(no)):
                totals.append(Total(f"pegawai.{dim}", count, page))
                continue
            if not label:
                continue
            kat = {"pendidikan": parse_pendidikan, "golongan": parse_golongan, "status_kepegawaian": parse_status,
                   "jenis_kelamin": parse_gender}[dim](label)
            if kat is None:
                ctx.finding("pegawai.kategori_tidak_dikenal", page, subj, label=label, dimensi=dim)
                continue
            if count is None:
                continue
            rows.append({"dimensi": dim, "kategori": kat, "jumlah": count, "halaman": page, "bbox": bbox})
            ctx.took(view)
            if lp and None not in lp:
                by_gender["L"] += lp[0]
                by_gender["P"] += lp[1]
        if gender and not any(r["dimensi"] == "jenis_kelamin" for r in rows) and sum(by_gender.values()):
            page = view.table.page
            rows += [{"dimensi": "jenis_kelamin", "kategori": k, "jumlah": v, "halaman": page, "bbox": None}
                     for k, v in by_gender.items()]
    return _without_group_subtotals(rows), totals


def _without_group_subtotals(rows: list[dict]) -> list[dict]:
    """'Golongan III' over its ruang 'III/a' ... 'III/d' is their subtotal: the ruang are kept."""
    ruang = {r["kategori"].split("/")[0] for r in rows if r["dimensi"] == "golongan" and "/" in r["kategori"]}
    return [r for r in rows if not (r["dimensi"] == "golongan" and r["kategori"] in ruang)]


_GOL_HEAD = re.compile(r"^(?:gol(?:ongan)?\.?\s*)?(IV|III|II|I)(?:\s*/\s*[a-e])?$", re.I)
_PEND_HEAD = re.compile(r"^(S\s*-?[1-3]|D\s*-?(?:[1-4]|I{1,3}|IV)|SD|SMP|SLTP|SMA|SMK|SLTA|SMU|MTS|MA|DIPL(?:OMA)?\.?)$", re.I)


def read_pegawai_pairs(ctx: Context) -> list[dict]:
    """A grid of 'IV/d : 3' cells (label, then its count in the next cell), read pair by pair."""
    rows: list[dict] = []
    for view in ctx.tables("pegawai_pairs"):
        for r in view.table.rows:
            for a, b in zip(r, r[1:]):
                if a is b or not a.text:
                    continue
                label = a.text.strip().rstrip(":").strip()
                gol, pend = parse_golongan(label), parse_pendidikan(label)
                n = _count(ctx, re.sub(r"orang", "", b.text or ""), label, a.page) if re.fullmatch(
                    r"\s*(?:\d{1,4}|[-–])\s*(?:orang)?\s*", b.text or "") else None
                if n is None or not (gol or pend):
                    continue
                rows.append({"dimensi": "golongan" if gol else "pendidikan", "kategori": gol or pend, "jumlah": n,
                             "halaman": a.page, "bbox": a.bbox})
        if rows:
            ctx.took(view)
    return rows


def read_pegawai_across(ctx: Context) -> tuple[list[dict], list[Total]]:
    """Staff tables with the categories across the columns (golongan IV, III, II, I, each maybe
    split in L and P) and units down the rows: the counts are the Jumlah row's (or the sum
    of the rows), a category's L and P added up."""
    rows: list[dict] = []
    for view in ctx.tables("pegawai_across") + ctx.tables("lainnya"):
        t = view.table
        heads = [[r[ci].text.strip() for r in t.rows[:view.header_rows]] for ci in range(t.ncols)]
        cats: dict[int, tuple[str, str]] = {}
        for ci, parts in enumerate(heads):
            for part in parts:
                if _GOL_HEAD.match(part):
                    cats[ci] = ("golongan", parse_golongan(part if "/" in part else f"Golongan {part}"))
                    break
                if _PEND_HEAD.match(part):
                    cats[ci] = ("pendidikan", parse_pendidikan(part))
                    break
        dims = {d for d, _ in cats.values()}
        if len(cats) < 2 or len(dims) != 1 or not re.search(r"pegawai|pns|asn|personil|aparatur|sdm",
                                                           t.caption + " " + " ".join(view.headers), re.I):
            continue
        body = view.body
        total_rows = [r for r in body if is_total_label(r[0].text) or (len(r) > 1 and is_total_label(r[1].text))]
        use = total_rows[:1] or body
        counts: dict[tuple[str, str], int] = {}
        for r in use:
            seen: set[int] = set()
            for ci, cat in cats.items():
                cell = r[ci]
                if id(cell) in seen:
                    continue  # a merged total cell over L and P is read once
                seen.add(id(cell))
                n = _count(ctx, cell.text, cat[1], t.page)
                if n is None:
                    break
                counts[cat] = counts.get(cat, 0) + n
        page = use[0][0].page if use and use[0] else t.page
        got = [{"dimensi": d, "kategori": k, "jumlah": n, "halaman": page, "bbox": None}
               for (d, k), n in counts.items() if k]
        if got and "laki" in view.roles and "perempuan" in view.roles:  # men and women across too
            for kat, role in (("L", "laki"), ("P", "perempuan")):
                n = sum(_count(ctx, view.text(r, role), kat, t.page) or 0 for r in use)
                got.append({"dimensi": "jenis_kelamin", "kategori": kat, "jumlah": n, "halaman": page, "bbox": None})
        if got:
            ctx.took(view)
        rows += got
    return rows, []


# ---------------------------------------------------------------- wilayah
def read_wilayah(ctx: Context) -> tuple[list[dict], list[Total]]:
    rows, totals = [], []
    for view in ctx.tables("wilayah"):
        # an area in hectares or square metres is converted to km2
        head = view.header_of("luas")
        per_km2 = 100 if re.search(r"\b(ha|hektar|hektare)\b", head, re.I) else \
            1_000_000 if re.search(r"\bm\s*2\b|\bm²|\bsq\.?\s*m\b|meter\s+persegi", head, re.I) else 1
        for row in view.body:
            name = normalize_space(re.sub(r"^\s*\d{1,3}\s*[.)]\s*", "", view.text(row, "desa")))  # '10.Mekarsari'
            if re.match(r"^(kecamatan|jumlah|total)\b", name, re.I):
                name = "Jumlah"  # the kecamatan's own row is the total of its desa
            page, bbox = cell_page_bbox(view, row)
            luas = ctx.decimal(view.text(row, "luas"), name[:60], page) if "luas" in view.roles else None
            if luas is not None and per_km2 != 1:
                luas = round(luas / per_km2, 6)
            pend = ctx.amount(view.text(row, "penduduk"), name[:60], page) if "penduduk" in view.roles else None
            if is_total_label(name) or (not name and is_total_label(view.text(row, "no"))):
                totals.append(Total("wilayah.luas", luas, page))
                continue
            if not name or (luas is None and pend is None):
                continue
            ctx.took(view)
            rows.append({"desa_kelurahan": name, "luas_km2": luas,
                         "jumlah_penduduk": int(pend) if pend is not None else None,
                         "halaman": page, "bbox": bbox})
    return _one_row_per_desa(rows), totals


def _one_row_per_desa(rows: list[dict]) -> list[dict]:
    """A desa listed in the area table and again in the population table is one row: the later
    table fills what the first lacks."""
    by_name: dict[str, dict] = {}
    out = []
    for r in rows:
        key = re.sub(r"[^a-z0-9]+", "", r["desa_kelurahan"].lower())
        first = by_name.get(key)
        if first is None:
            by_name[key] = r
            out.append(r)
            continue
        for f in ("luas_km2", "jumlah_penduduk"):
            if first[f] is None and r[f] is not None:
                first[f] = r[f]
    return out
