"""`lakip compare`: several datasets (or one with many reports) side by side, across years
and across kecamatan.

Reports are grouped by instansi: the kecamatan's region code when the reference gave one,
else its normalized name ('Kec.', case, spacing), with close spellings (a vowel written
two ways) taken as one. Budget lines are aligned by their printed kode, else by level,
normalized name and parent (exactly, or a close spelling with its score recorded);
indicators by normalized name. Outputs are tidy long CSVs for pivoting,
wide pivot CSVs for spreadsheets, and an offline HTML report with SVG charts.
"""

from __future__ import annotations

import difflib
import math
import shutil
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, select_autoescape

from ..core.numbers import angka, rupiah
from ..core.reference import norm_name
from .outdir import new_build_dir, swap_into_place

TABLES = ("laporan", "belanja", "anggaran", "indikator", "pegawai", "temuan")
CLOSE_NAME = 0.9  # difflib ratio at which two normalized names are one (a spelling variant)


# ---------------------------------------------------------------- reading datasets
def _read_one(source: Path) -> dict[str, pd.DataFrame]:
    if source.is_file() and source.suffix == ".duckdb":
        with duckdb.connect(str(source), read_only=True) as con:
            return {t: con.sql(f"SELECT * FROM {t}").df() for t in TABLES}
    if source.is_dir() and (source / "laporan.csv").is_file():
        return {t: pd.read_csv(source / f"{t}.csv", dtype={"kode_wilayah": str, "kode": str, "id_induk": str,
                                                           "kode_nomenklatur": str}, keep_default_na=True)
                for t in TABLES}
    raise ValueError(f"{source}: not a dataset folder (no laporan.csv) nor a lakip.duckdb file")


def read_datasets(sources: list[Path]) -> dict[str, pd.DataFrame]:
    """The tables of all sources, one report kept once when several sources hold it."""
    parts = [_read_one(Path(s)) for s in sources]
    out = {t: pd.concat([p[t] for p in parts], ignore_index=True) for t in TABLES}
    lap = out["laporan"].drop_duplicates("id_laporan")
    # the same file read into two datasets (or by two lakip versions) is one report: one per
    # file and unit (a form covering several kecamatan is one file with several reports)
    unit = lap["kecamatan"].fillna("").astype(str) + "|" + lap["nama_instansi"].fillna("").astype(str)
    lap = lap[~pd.DataFrame({"s": lap["sha256"], "u": unit}).duplicated()]
    out["laporan"] = lap.reset_index(drop=True)
    for t in TABLES[1:]:
        out[t] = out[t][out[t]["id_laporan"].isin(lap["id_laporan"])].drop_duplicates().reset_index(drop=True)
    return out


# ---------------------------------------------------------------- names
def _close(a: str, b: str) -> float:
    """How alike two normalized names are, 0 when they are not spellings of one name: the same
    number of words, each the same or spelt a little differently ('kecamatan' / 'kecamatn'), and
    numbers never differing ('bagian 1' is not 'bagian 2')."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return 0.0
    for x, y in zip(wa, wb):
        if x != y and (any(c.isdigit() for c in x + y) or difflib.SequenceMatcher(None, x, y).ratio() < 0.75):
            return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _cluster(names: list[str], cutoff: float = CLOSE_NAME) -> dict[str, tuple[str, float]]:
    """Each name -> (its group's first name, similarity). Close spellings join one group."""
    heads: list[str] = []
    out: dict[str, tuple[str, float]] = {}
    for n in names:
        if n in out:
            continue
        best = max(((h, _close(n, h)) for h in heads), key=lambda x: x[1], default=None)
        if best and best[1] >= cutoff:
            out[n] = best
        else:
            heads.append(n)
            out[n] = (n, 1.0)
    return out


def instansi_keys(laporan: pd.DataFrame) -> pd.DataFrame:
    """id_laporan -> instansi key and the name shown for it (the spelling most reports use)."""
    lap = laporan.copy()
    lap["_nama"] = lap["kecamatan"].where(lap["kecamatan"].notna() & (lap["kecamatan"] != ""), lap["nama_instansi"])
    unnamed = lap["_nama"].isna() | (lap["_nama"].astype(str).str.strip() == "")
    # a report whose instansi was not read is its own instansi, shown by its file name
    lap.loc[unnamed, "_nama"] = lap.loc[unnamed, "berkas"].map(lambda b: "(" + Path(str(b).split(" | ")[0]).stem + ")")
    lap["nama_norm"] = lap["_nama"].map(norm_name)
    lap["tahun"] = pd.to_numeric(lap["tahun"], errors="coerce").astype("Int64")
    groups = _cluster(sorted(lap["nama_norm"].unique()))
    code = lap["kode_wilayah"].astype(str).where(lap["kode_wilayah"].astype(str).str.count(r"\.") >= 2, "")
    lap["instansi"] = [f"kode:{c}" if c else f"nama:{groups[n][0]}" for c, n in zip(code, lap["nama_norm"])]
    # the spelling most reports use; on a tie, the latest report's
    shown = {k: max(g.groupby("_nama")["tahun"].agg(["size", "max"]).fillna(0).itertuples(),
                    key=lambda r: (r[1], r[2], r[0]))[0]
             for k, g in lap.groupby("instansi")}
    lap["nama_instansi_baku"] = lap["instansi"].map(shown)
    return lap[["id_laporan", "instansi", "nama_instansi_baku", "kabupaten_kota", "tahun"]]


# ---------------------------------------------------------------- outputs
def summary(data: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
    """Per report: total pagu and realisasi and the realisation %, each with where it came from.

    The percent is the one the report prints for its belanja total (`dicetak`); else computed
    from that total (`dihitung_total`); else from the programs' realisasi, but only when their
    pagu add up to the total, so that the lines are the whole budget (`dihitung_program`). No
    pagu, no percent."""
    bel = data["belanja"]
    total = bel[bel["jenis"] == "total"].groupby("id_laporan")[["pagu", "realisasi", "persen"]].first()
    ang = data["anggaran"]
    progs = ang[ang["tingkat"] == "program"].groupby("id_laporan").agg(
        pagu_program=("pagu", lambda v: v.sum() if v.notna().all() else None),
        realisasi_program=("realisasi", lambda v: v.sum() if v.notna().all() else None))
    found = data["temuan"].groupby(["id_laporan", "keparahan"]).size().unstack(fill_value=0)
    out = keys.merge(total, left_on="id_laporan", right_index=True, how="left") \
        .merge(progs, left_on="id_laporan", right_index=True, how="left")
    rows = []
    for r in out.itertuples():
        pagu, real, pct, src = _num(r.pagu), _num(r.realisasi), _num(r.persen), None
        if pct is not None:
            src = "dicetak"
        elif pagu and real is not None:
            pct, src = round(real / pagu * 100, 2), "dihitung_total"
        elif pagu and _num(r.realisasi_program) is not None and _num(r.pagu_program) == pagu:
            real = _num(r.realisasi_program)
            pct, src = round(real / pagu * 100, 2), "dihitung_program"
        elif pagu is None and _num(r.pagu_program):
            pagu, real = _num(r.pagu_program), _num(r.realisasi_program)  # the lines' sum, shown; no percent
        rows.append({"pagu": pagu, "realisasi": real, "persen": pct, "sumber_persen": src})
    vals = pd.DataFrame(rows, index=out.index)
    out = pd.concat([out.drop(columns=["pagu", "realisasi", "persen", "pagu_program", "realisasi_program"]), vals], axis=1)
    out[["pagu", "realisasi"]] = out[["pagu", "realisasi"]].round().astype("Int64")
    for sev in ("error", "warning", "info"):
        out[f"temuan_{sev}"] = out["id_laporan"].map(found[sev] if sev in found else {}).fillna(0).astype(int)
    out["temuan"] = out[[f"temuan_{s}" for s in ("error", "warning", "info")]].sum(axis=1)
    same = out.groupby(["instansi", "tahun"], dropna=False)["id_laporan"].transform(
        lambda ids: " | ".join(sorted(ids)) if len(ids) > 1 else "")
    out["laporan_tahun_sama"] = [" | ".join(i for i in s.split(" | ") if i != rid) if s else ""
                                 for s, rid in zip(same, out["id_laporan"])]
    return out.sort_values(["nama_instansi_baku", "tahun", "id_laporan"]).reset_index(drop=True)


def _num(v) -> float | None:
    """A finite number, or None (pandas' NaN / NA and infinities are not numbers here)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def variants(reports: pd.DataFrame) -> pd.DataFrame:
    """Instansi with several reports for one year (versions, revisions): listed, never paired."""
    dup = reports[reports["laporan_tahun_sama"] != ""]
    return dup[["instansi", "nama_instansi_baku", "tahun", "id_laporan", "pagu", "realisasi", "persen"]] \
        .sort_values(["nama_instansi_baku", "tahun", "id_laporan"]).reset_index(drop=True)


def _line_keys(ang: pd.DataFrame) -> pd.DataFrame:
    """Each budget line's alignment key, the method that gave it and its score."""
    a = ang.copy()
    a["nama_norm"] = a["nama"].map(norm_name)
    names = {(r.id_laporan, r.id_baris): r.nama_norm for r in a.itertuples()}
    a["induk_norm"] = [names.get((r.id_laporan, r.id_induk), "") for r in a.itertuples()]
    keys, methods, scores = [], [], []
    heads: dict[tuple, list[str]] = {}  # (tingkat, parent) -> names seen
    used: dict[str, set[str]] = {}  # report -> keys taken: two lines of one report never share one
    for r in a.itertuples():
        taken = used.setdefault(r.id_laporan, set())
        kode = str(r.kode) if isinstance(r.kode, str) and r.kode.strip() else ""
        if kode and f"kode:{kode}" not in taken:
            key, method, score = f"kode:{kode}", "kode", 1.0
        else:
            seen = heads.setdefault((r.tingkat, r.induk_norm), [])
            name, score = r.nama_norm, 1.0
            if f"{r.tingkat}:{name}|{r.induk_norm}" in taken or name not in seen:
                cands = [(h, difflib.SequenceMatcher(None, name, h).ratio()) for h in seen
                         if h != name and f"{r.tingkat}:{h}|{r.induk_norm}" not in taken]
                best = max(cands, key=lambda x: x[1], default=None)
                if best and best[1] >= CLOSE_NAME:
                    name, score = best
                elif name not in seen:
                    seen.append(name)
            key, method = f"{r.tingkat}:{name}|{r.induk_norm}", ("nama" if score == 1.0 else "nama_mirip")
        taken.add(key)
        keys.append(key)
        methods.append(method)
        scores.append(round(score, 3))
    a["kunci_baris"], a["metode"], a["skor"] = keys, methods, scores
    return a.drop(columns=["nama_norm", "induk_norm"])


def aligned_lines(data: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
    """Budget lines, one row per line per report, with the key that aligns them across reports
    and the change from the same instansi's previous year: the latest earlier year that has one
    report of that instansi (several reports of one year are variants, not a series)."""
    cols = ["instansi", "nama_instansi_baku", "kabupaten_kota", "tahun", "id_laporan", "id_baris", "tingkat", "kode",
            "kode_nomenklatur", "nama", "kunci_baris", "metode", "skor", "pagu", "realisasi", "persen",
            "tahun_sebelumnya", "id_baris_sebelumnya", "pagu_sebelumnya", "realisasi_sebelumnya", "selisih_pagu",
            "selisih_realisasi", "perubahan_pagu_persen", "perubahan_realisasi_persen"]
    if data["anggaran"].empty:
        return pd.DataFrame(columns=cols)
    a = _line_keys(data["anggaran"]).merge(keys, on="id_laporan")
    per_year = keys.groupby(["instansi", "tahun"])["id_laporan"].nunique()
    single = {k for k, n in per_year.items() if n == 1}
    prev_rows = {}
    for r in a.itertuples():
        if (r.instansi, r.tahun) in single:
            prev_rows[(r.instansi, r.kunci_baris, r.tahun)] = r
    years = {}
    for (inst, year) in per_year.index:
        years.setdefault(inst, []).append(year)
    found = []
    for r in a.itertuples():
        earlier = [y for y in years.get(r.instansi, []) if pd.notna(y) and pd.notna(r.tahun) and y < r.tahun]
        prev = None
        if earlier and (r.instansi, max(earlier)) in single:
            prev = prev_rows.get((r.instansi, r.kunci_baris, max(earlier)))
        found.append(prev)
    a["tahun_sebelumnya"] = [p.tahun if p is not None else None for p in found]
    a["id_baris_sebelumnya"] = [p.id_baris if p is not None else None for p in found]
    for f in ("pagu", "realisasi"):
        prev = pd.Series([_num(getattr(p, f)) if p is not None else None for p in found], index=a.index, dtype="float")
        cur = pd.to_numeric(a[f], errors="coerce")
        a[f"{f}_sebelumnya"] = prev
        a[f"selisih_{f}"] = cur - prev
        change = (cur - prev) / prev.where(prev != 0) * 100  # no previous amount (or 0): no percent change
        a[f"perubahan_{f}_persen"] = change.round(2)
    for f in ("pagu", "realisasi", "pagu_sebelumnya", "realisasi_sebelumnya", "selisih_pagu", "selisih_realisasi",
              "tahun_sebelumnya"):
        a[f] = pd.to_numeric(a[f], errors="coerce").round().astype("Int64")  # money is whole rupiah
    a = a.sort_values(["instansi", "kunci_baris", "tahun", "id_laporan"], kind="stable")
    return a[cols].reset_index(drop=True)


def indicator_series(data: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
    ind = data["indikator"].merge(keys, on="id_laporan")
    groups = _cluster(sorted(ind["indikator"].map(norm_name).unique()))
    ind["kunci_indikator"] = ind["indikator"].map(lambda n: groups[norm_name(n)][0])
    ind["skor"] = ind["indikator"].map(lambda n: round(groups[norm_name(n)][1], 3))
    cols = ["instansi", "nama_instansi_baku", "tahun", "id_laporan", "kunci_indikator", "indikator", "skor", "satuan",
            "target", "realisasi", "capaian"]
    return ind[cols].sort_values(["instansi", "kunci_indikator", "tahun"]).reset_index(drop=True)


def staff(data: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
    peg = data["pegawai"].merge(keys, on="id_laporan")
    return peg[["instansi", "nama_instansi_baku", "tahun", "id_laporan", "dimensi", "kategori", "jumlah"]] \
        .sort_values(["instansi", "dimensi", "kategori", "tahun"]).reset_index(drop=True)


def _pivot(df: pd.DataFrame, index: list[str], value: str) -> pd.DataFrame:
    df = df.dropna(subset=["tahun"])
    if df.empty:
        return pd.DataFrame(columns=index)
    cols = df["nama_instansi_baku"].astype(str) + " " + df["tahun"].astype(int).astype(str)
    return df.assign(_kolom=cols).pivot_table(index=index, columns="_kolom", values=value, aggfunc="first").reset_index()


# ---------------------------------------------------------------- HTML
COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"]
CHART_WIDTH = 960  # fits a laptop screen; more instansi make the chart taller, never wider


def _clip(text: str, n: int) -> str:
    """Cut in the middle, so that names differing at their end stay apart ('Sungai … Bagian 03')."""
    if len(text) <= n:
        return text
    head = (n - 1) * 3 // 5
    return text[:head].rstrip() + "…" + text[-(n - 1 - head):].lstrip()


def _bar_chart(rows: list[dict]) -> dict:
    """Horizontal bars: one band per instansi (its name at the left, cut to fit), one bar per
    report, coloured by year (several reports of one year each get a bar, named by their id),
    the percent at the bar's end. Height grows with the instansi; width stays fixed."""
    years = sorted({r["tahun"] for r in rows})
    names = sorted({r["nama"] for r in rows})
    label_w, bar_h, gap, top = 230, 14, 10, 30
    plot_w = CHART_WIDTH - label_w - 70
    bars, groups, y = [], [], top
    for n in names:
        mine = sorted((r for r in rows if r["nama"] == n), key=lambda r: (r["tahun"], r["id"]))
        band = len(mine) * bar_h
        groups.append({"y": y + band / 2 + 4, "name": _clip(n, 34), "full": n})
        for j, r in enumerate(mine):
            v = r["persen"]
            w = max(0.0, min(v, 120.0)) / 120.0 * plot_w
            bars.append({"x": label_w, "y": y + j * bar_h, "w": round(w, 1), "h": bar_h - 2,
                         "fill": COLOURS[years.index(r["tahun"]) % len(COLOURS)], "label": angka(round(v, 2)),
                         "lx": label_w + w + 4, "title": f"{n} {r['tahun']} ({r['id']}): {angka(round(v, 2))} %"})
        y += band + gap
    ticks = [{"x": label_w + t / 120.0 * plot_w, "t": t} for t in (0, 20, 40, 60, 80, 100, 120)]
    legend = [{"x": label_w + j * 70, "fill": COLOURS[j % len(COLOURS)], "year": yr} for j, yr in enumerate(years)]
    return {"width": CHART_WIDTH, "height": y + 30, "bars": bars, "groups": groups, "ticks": ticks, "legend": legend,
            "label_w": label_w, "base": y, "top": top}


def _line_chart(points: list[tuple[int, float]], w: int = 240, h: int = 90) -> dict:
    ys = [v for _, v in points]
    lo, hi = min(ys + [0.0]), max(ys + [100.0])
    xs = [p[0] for p in points]
    x0, x1 = min(xs), max(xs)
    pos = [(40 + (x - x0) / ((x1 - x0) or 1) * (w - 80), h - 15 - (v - lo) / ((hi - lo) or 1) * (h - 35)) for x, v in points]
    return {"w": w, "h": h, "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in pos),
            "dots": [{"x": x, "y": y, "label": f"{p[0]}: {angka(p[1])}"} for (x, y), p in zip(pos, points)]}


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>lakip: perbandingan</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;margin:1.5em auto;max-width:1000px;padding:0 1em}table{border-collapse:collapse;margin:1em 0;width:100%}
td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;vertical-align:top}td.n{text-align:right;white-space:nowrap}
svg{background:#fafafa;margin:.5em 0;max-width:100%;height:auto}.note{color:#555;font-size:13px}
.trend{display:inline-block;margin:0 1em 1em 0;vertical-align:top;font-size:12px;width:240px}</style></head><body>
<h1>Perbandingan laporan kinerja</h1>
<p>{{ reports|length }} laporan, {{ n_instansi }} instansi, tahun {{ years|join(", ") }}.</p>
<h2>Realisasi anggaran (%) per instansi dan tahun</h2>
<p class="note">Persen yang dicetak laporan untuk total belanja; bila tidak dicetak, dihitung dari total itu, atau dari
jumlah program bila program-program itu berjumlah sama dengan total. Laporan tanpa pagu tidak digambar.</p>
<svg id="chart-realisasi" class="chart" viewBox="0 0 {{ bar.width }} {{ bar.height }}" width="{{ bar.width }}" height="{{ bar.height }}" role="img">
{% for t in bar.ticks %}<line x1="{{ t.x }}" x2="{{ t.x }}" y1="{{ bar.top - 6 }}" y2="{{ bar.base }}" stroke="#ddd"/>
<text x="{{ t.x }}" y="{{ bar.top - 10 }}" font-size="10" text-anchor="middle">{{ t.t }}</text>{% endfor %}
{% for g in bar.groups %}<text x="{{ bar.label_w - 8 }}" y="{{ g.y }}" font-size="12" text-anchor="end"><title>{{ g.full }}</title>{{ g.name }}</text>{% endfor %}
{% for b in bar.bars %}<rect x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}" fill="{{ b.fill }}"><title>{{ b.title }}</title></rect>
<text x="{{ b.lx }}" y="{{ b.y + b.h - 2 }}" font-size="10">{{ b.label }}</text>{% endfor %}
{% for l in bar.legend %}<rect x="{{ l.x }}" y="{{ bar.base + 8 }}" width="12" height="12" fill="{{ l.fill }}"/>
<text x="{{ l.x + 16 }}" y="{{ bar.base + 18 }}" font-size="11">{{ l.year }}</text>{% endfor %}
</svg>
<table><tr><th>Instansi</th><th>Tahun</th><th>Pagu (Rp)</th><th>Realisasi (Rp)</th><th>%</th><th>Sumber %</th><th>Temuan (kesalahan/peringatan/info)</th></tr>
{% for r in reports %}<tr><td>{{ r.nama_instansi_baku }}</td><td>{{ r.tahun_teks }}</td><td class="n">{{ r.pagu_teks }}</td>
<td class="n">{{ r.realisasi_teks }}</td><td class="n">{{ r.persen_teks }}</td><td>{{ r.sumber_teks }}</td>
<td class="n">{{ r.temuan_error }}/{{ r.temuan_warning }}/{{ r.temuan_info }}</td></tr>{% endfor %}</table>
{% if variants %}<h2>Beberapa laporan untuk instansi dan tahun yang sama</h2>
<p class="note">Versi atau revisi laporan yang sama; tidak dibandingkan satu sama lain sebagai perubahan tahunan.</p>
<table id="varian"><tr><th>Instansi</th><th>Tahun</th><th>Id laporan</th><th>Pagu (Rp)</th><th>Realisasi (Rp)</th></tr>
{% for v in variants %}<tr><td>{{ v.nama_instansi_baku }}</td><td>{{ v.tahun_teks }}</td><td>{{ v.id_laporan }}</td>
<td class="n">{{ v.pagu_teks }}</td><td class="n">{{ v.realisasi_teks }}</td></tr>{% endfor %}</table>{% endif %}
<h2>Perubahan terbesar dari tahun sebelumnya (realisasi)</h2>
<table id="perubahan"><tr><th>Instansi</th><th>Tingkat</th><th>Nama</th><th>Tahun</th><th>Realisasi sebelumnya (Rp)</th><th>Realisasi (Rp)</th><th>Selisih (Rp)</th><th>%</th></tr>
{% for c in changes %}<tr><td>{{ c.nama_instansi_baku }}</td><td>{{ c.tingkat }}</td><td>{{ c.nama }}</td><td>{{ c.tahun_sebelumnya }} → {{ c.tahun }}</td>
<td class="n">{{ c.sebelum }}</td><td class="n">{{ c.sesudah }}</td><td class="n">{{ c.selisih }}</td><td class="n">{{ c.persen }}</td></tr>{% endfor %}</table>
<h2>Tren indikator (capaian %)</h2>
{% for t in trends %}<div class="trend"><b>{{ t.instansi }}</b><br>{{ t.indikator }}
<svg class="chart trend-chart" width="{{ t.chart.w }}" height="{{ t.chart.h }}"><polyline points="{{ t.chart.points }}" fill="none" stroke="#4e79a7" stroke-width="2"/>
{% for d in t.chart.dots %}<circle cx="{{ d.x }}" cy="{{ d.y }}" r="3" fill="#4e79a7"><title>{{ d.label }}</title></circle>
<text x="{{ d.x }}" y="{{ d.y - 6 }}" font-size="9" text-anchor="middle">{{ d.label }}</text>{% endfor %}</svg></div>{% endfor %}
</body></html>"""

SOURCE = {"dicetak": "dicetak", "dihitung_total": "dihitung dari total", "dihitung_program": "dihitung dari program"}


def _txt(v, money: bool = False) -> str:
    f = _num(v)
    if f is None:
        return ""
    return rupiah(round(f)) if money else angka(round(f, 2))


def write_html(path: Path, reports: pd.DataFrame, lines: pd.DataFrame, series: pd.DataFrame,
               dup: pd.DataFrame) -> None:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    bar = _bar_chart([{"nama": r.nama_instansi_baku, "tahun": int(r.tahun), "persen": _num(r.persen), "id": r.id_laporan}
                      for r in reports.itertuples() if _num(r.persen) is not None and pd.notna(r.tahun)])
    moved = lines[pd.to_numeric(lines["selisih_realisasi"], errors="coerce").notna()]
    order = pd.to_numeric(moved["selisih_realisasi"], errors="coerce").abs().sort_values(ascending=False, kind="stable")
    changes = [{"nama_instansi_baku": c.nama_instansi_baku, "tingkat": str(c.tingkat).replace("_", " "), "nama": c.nama,
                "tahun": c.tahun, "tahun_sebelumnya": c.tahun_sebelumnya, "sebelum": _txt(c.realisasi_sebelumnya, True),
                "sesudah": _txt(c.realisasi, True), "selisih": _txt(c.selisih_realisasi, True),
                "persen": _txt(c.perubahan_realisasi_persen)} for c in moved.loc[order.index[:15]].itertuples()]
    trends = []
    for (inst, key), s in series.dropna(subset=["capaian", "tahun"]).groupby(["nama_instansi_baku", "kunci_indikator"]):
        if s["tahun"].nunique() >= 2 and len(trends) < 24:
            pts = sorted((int(t), float(c)) for t, c in zip(s["tahun"], s["capaian"]))
            trends.append({"instansi": inst, "indikator": s["indikator"].iloc[-1], "chart": _line_chart(pts)})

    def shown(df):
        return [{**r, "tahun_teks": "" if pd.isna(r["tahun"]) else int(r["tahun"]), "pagu_teks": _txt(r["pagu"], True),
                 "realisasi_teks": _txt(r["realisasi"], True), "persen_teks": _txt(r.get("persen")),
                 "sumber_teks": SOURCE.get(r.get("sumber_persen") or "", "")} for r in df.to_dict("records")]
    html = env.from_string(PAGE).render(reports=shown(reports), bar=bar, changes=changes, trends=trends,
                                        variants=shown(dup), n_instansi=reports["instansi"].nunique(),
                                        years=sorted(int(y) for y in reports["tahun"].dropna().unique()))
    path.write_text(html, encoding="utf-8")


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding whole numbers only are written as integers ('85', not '85.0')."""
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]) and c != "skor":
            vals = df[c].dropna()
            if len(vals) and (vals == vals.round()).all() and vals.abs().max() < 2 ** 53:
                df[c] = df[c].round().astype("Int64")
    return df


def compare(sources: list[Path], out: Path) -> Path:
    """Writes the comparison into `out` (replaced as a whole, built beside it first)."""
    data = read_datasets(sources)
    if data["laporan"].empty:
        raise ValueError("the datasets hold no report to compare")
    keys = instansi_keys(data["laporan"])
    reports = summary(data, keys)
    dup = variants(reports)
    lines = aligned_lines(data, keys)
    series = indicator_series(data, keys)
    people = staff(data, keys)
    out = Path(out)
    tmp = new_build_dir(out)
    try:
        _tidy(reports).to_csv(tmp / "ringkasan.csv", index=False)
        _tidy(dup).to_csv(tmp / "varian.csv", index=False)
        _tidy(lines).to_csv(tmp / "anggaran_selaras.csv", index=False)
        _tidy(series).to_csv(tmp / "indikator_seri.csv", index=False)
        _tidy(people).to_csv(tmp / "pegawai_tahun.csv", index=False)
        wide = tmp / "pivot"
        wide.mkdir()
        single = reports[reports["laporan_tahun_sama"] == ""].dropna(subset=["tahun"])
        _tidy(single.pivot_table(index="nama_instansi_baku", columns="tahun", values="persen", aggfunc="first")
              .reset_index() if not single.empty else pd.DataFrame(columns=["nama_instansi_baku"])) \
            .to_csv(wide / "realisasi_persen.csv", index=False)
        _tidy(_pivot(lines, ["tingkat", "kunci_baris"], "realisasi")).to_csv(wide / "anggaran_realisasi.csv", index=False)
        _tidy(_pivot(lines, ["tingkat", "kunci_baris"], "pagu")).to_csv(wide / "anggaran_pagu.csv", index=False)
        _tidy(_pivot(series, ["kunci_indikator"], "capaian")).to_csv(wide / "indikator_capaian.csv", index=False)
        _tidy(_pivot(people, ["dimensi", "kategori"], "jumlah")).to_csv(wide / "pegawai.csv", index=False)
        write_html(tmp / "perbandingan.html", reports, lines, series, dup)
        swap_into_place(tmp, out, "perbandingan")
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out
