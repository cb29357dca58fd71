"""Readers of the small tables every LAKIP carries: performance indicators
(target / realisasi / capaian), staff counts (pendidikan, golongan) and the desa
of the area with their size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..locate import TableView, is_total_label
from ..patterns import normalize_space, parse_golongan, parse_pendidikan
from .common import Context, cell_page_bbox


@dataclass
class Total:
    """A printed total row, kept for reconciliation."""
    what: str
    value: float | None
    halaman: int


# ---------------------------------------------------------------- indikator
_LOWER_IS_BETTER = re.compile(r"\b(menurun|penurunan|turun|berkurang|pengurangan|angka kematian|kasus|"
                              r"tingkat pengangguran|kemiskinan|jumlah temuan|pelanggaran)\b", re.I)
_UNIT_IN_VALUE = re.compile(r"^\s*[\d.,]+\s*(%|persen|[a-zA-Z/ ]+)?\s*$")


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


def read_indikator(ctx: Context) -> list[dict]:
    out = []
    for view in ctx.tables("indikator"):
        table_sasaran = _sasaran_from_caption(view.table.caption)
        current_sasaran = None
        for row in view.body:
            name = normalize_space(view.text(row, "indikator"))
            if "sasaran" in view.roles and view.text(row, "sasaran"):
                current_sasaran = normalize_space(view.text(row, "sasaran"))
            if not name:
                continue
            page, bbox = cell_page_bbox(view, row)
            subj = name[:60]
            t_txt, r_txt, c_txt = (normalize_space(view.text(row, k)) for k in ("target", "realisasi", "capaian"))
            target = ctx.decimal(t_txt, subj, page) if _looks_numeric(t_txt) else None
            real = ctx.decimal(r_txt, subj, page) if _looks_numeric(r_txt) else None
            cap = ctx.decimal(c_txt, subj, page) if _looks_numeric(c_txt) else None
            satuan = normalize_space(view.text(row, "satuan")) or _unit_of(t_txt) or _unit_of(r_txt)
            lower = bool(_LOWER_IS_BETTER.search(name))
            out.append({
                "id_indikator": f"i{len(out) + 1:03d}",
                "sasaran": current_sasaran or table_sasaran,
                "indikator": name,
                "satuan": satuan or None,
                "target": target, "realisasi": real,
                "target_teks": t_txt or None, "realisasi_teks": r_txt or None,
                "capaian": cap,
                "capaian_hitung": capaian_hitung(target, real, lower),
                "kategori": kategori(cap),
                "tabel": normalize_space(view.table.caption) or None,
                "halaman": page, "bbox": bbox,
            })
    return out


def _looks_numeric(text: str) -> bool:
    return bool(re.search(r"\d", text or "")) and bool(_UNIT_IN_VALUE.match(re.sub(r"[()]", "", text)))


def _unit_of(text: str) -> str | None:
    if "%" in (text or "") or re.search(r"\bpersen\b", text or "", re.I):
        return "%"
    m = re.match(r"^\s*[\d.,]+\s+([A-Za-z][A-Za-z/ ]{0,20})$", text or "")
    return m.group(1).strip() if m else None


# ---------------------------------------------------------------- pegawai
def read_pegawai(ctx: Context) -> tuple[list[dict], list[Total]]:
    rows, totals = [], []
    for view in ctx.tables("pegawai"):
        dim = "pendidikan" if "pendidikan" in view.roles else "golongan"
        col = dim
        for row in view.body:
            label = normalize_space(view.text(row, col))
            no = view.text(row, "no")
            page, bbox = cell_page_bbox(view, row)
            count = ctx.amount(view.text(row, "jumlah"), label[:60], page)
            if is_total_label(label) or (not label and is_total_label(no)):
                totals.append(Total(f"pegawai.{dim}", count, page))
                continue
            kat = parse_pendidikan(label) if dim == "pendidikan" else parse_golongan(label)
            if not label:
                continue
            if kat is None:
                ctx.finding("pegawai.kategori_tidak_dikenal", "info",
                            f"staff category {label!r} is not a known {dim}; not exported", page, label[:60])
                continue
            raw = view.text(row, "jumlah").strip()
            if count is None and raw in ("-", "–", "—", ""):
                count = 0  # a printed '-' is zero in a count table
            if count is None:
                continue
            rows.append({"dimensi": dim, "kategori": kat, "jumlah": int(count), "halaman": page, "bbox": bbox})
    return rows, totals


# ---------------------------------------------------------------- wilayah
def read_wilayah(ctx: Context) -> tuple[list[dict], list[Total]]:
    rows, totals = [], []
    for view in ctx.tables("wilayah"):
        for row in view.body:
            name = normalize_space(view.text(row, "desa"))
            page, bbox = cell_page_bbox(view, row)
            luas = ctx.decimal(view.text(row, "luas"), name[:60], page) if "luas" in view.roles else None
            pend = ctx.amount(view.text(row, "penduduk"), name[:60], page) if "penduduk" in view.roles else None
            if is_total_label(name) or (not name and is_total_label(view.text(row, "no"))):
                totals.append(Total("wilayah.luas", luas, page))
                continue
            if not name or (luas is None and pend is None):
                continue
            rows.append({"desa_kelurahan": name, "luas_km2": luas,
                         "jumlah_penduduk": int(pend) if pend is not None else None,
                         "halaman": page, "bbox": bbox})
    return rows, totals
