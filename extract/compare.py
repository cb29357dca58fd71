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
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, select_autoescape

from .reference import norm_name

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
    out["laporan"] = out["laporan"].drop_duplicates("id_laporan")
    for t in TABLES[1:]:
        out[t] = out[t].drop_duplicates()
    return out


# ---------------------------------------------------------------- names
def _cluster(names: list[str], cutoff: float = CLOSE_NAME) -> dict[str, tuple[str, float]]:
    """Each name -> (its group's first name, similarity). Close spellings join one group."""
    heads: list[str] = []
    out: dict[str, tuple[str, float]] = {}
    for n in names:
        if n in out:
            continue
        best = max(((h, difflib.SequenceMatcher(None, n, h).ratio()) for h in heads), key=lambda x: x[1], default=None)
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
    lap["nama_norm"] = lap["_nama"].map(norm_name)
    groups = _cluster(sorted(lap["nama_norm"].unique()))
    code = lap["kode_wilayah"].astype(str).where(lap["kode_wilayah"].astype(str).str.count(r"\.") >= 2, "")
    lap["instansi"] = [f"kode:{c}" if c else f"nama:{groups[n][0]}" for c, n in zip(code, lap["nama_norm"])]
    # the spelling most reports use; on a tie, the latest report's
    shown = {k: max(g.groupby("_nama")["tahun"].agg(["size", "max"]).itertuples(), key=lambda r: (r[1], r[2], r[0]))[0]
             for k, g in lap.groupby("instansi")}
    lap["nama_instansi_baku"] = lap["instansi"].map(shown)
    return lap[["id_laporan", "instansi", "nama_instansi_baku", "kabupaten_kota", "tahun"]]


# ---------------------------------------------------------------- outputs
def summary(data: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
    """Per report: total pagu and realisasi (the belanja total, else the programs' sum), %, findings."""
    bel = data["belanja"]
    total = bel[bel["jenis"] == "total"].groupby("id_laporan")[["pagu", "realisasi"]].first()
    progs = data["anggaran"][data["anggaran"]["tingkat"] == "program"].groupby("id_laporan")[["pagu", "realisasi"]].sum()
    tot = total.combine_first(progs)
    found = data["temuan"].groupby(["id_laporan", "keparahan"]).size().unstack(fill_value=0)
    out = keys.merge(tot, left_on="id_laporan", right_index=True, how="left")
    out["persen"] = (out["realisasi"] / out["pagu"] * 100).round(2)
    out[["pagu", "realisasi"]] = out[["pagu", "realisasi"]].round().astype("Int64")
    for sev in ("error", "warning", "info"):
        out[f"temuan_{sev}"] = out["id_laporan"].map(found[sev] if sev in found else {}).fillna(0).astype(int)
    out["temuan"] = out[[f"temuan_{s}" for s in ("error", "warning", "info")]].sum(axis=1)
    return out.sort_values(["nama_instansi_baku", "tahun"]).reset_index(drop=True)


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
    and the change from the same instansi's previous year."""
    a = _line_keys(data["anggaran"]).merge(keys, on="id_laporan")
    a = a.sort_values(["instansi", "kunci_baris", "tahun"])
    g = a.groupby(["instansi", "kunci_baris"])
    a["tahun_sebelumnya"] = g["tahun"].shift()
    a["id_baris_sebelumnya"] = g["id_baris"].shift()
    for f in ("pagu", "realisasi"):
        prev = g[f].shift()
        a[f"{f}_sebelumnya"] = prev
        a[f"selisih_{f}"] = a[f] - prev
        a[f"perubahan_{f}_persen"] = ((a[f] - prev) / prev * 100).round(2)
    for f in ("pagu", "realisasi", "pagu_sebelumnya", "realisasi_sebelumnya", "selisih_pagu", "selisih_realisasi",
              "tahun_sebelumnya"):
        a[f] = a[f].round().astype("Int64")  # money is whole rupiah, also beside an empty cell
    cols = ["instansi", "nama_instansi_baku", "kabupaten_kota", "tahun", "id_laporan", "id_baris", "tingkat", "kode",
            "kode_nomenklatur", "nama", "kunci_baris", "metode", "skor", "pagu", "realisasi", "persen",
            "tahun_sebelumnya", "id_baris_sebelumnya", "pagu_sebelumnya", "realisasi_sebelumnya", "selisih_pagu",
            "selisih_realisasi", "perubahan_pagu_persen", "perubahan_realisasi_persen"]
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
    cols = df["nama_instansi_baku"].astype(str) + " " + df["tahun"].astype(int).astype(str)
    return df.assign(_kolom=cols).pivot_table(index=index, columns="_kolom", values=value, aggfunc="first").reset_index()


# ---------------------------------------------------------------- HTML
def _bar_chart(rows: list[dict]) -> dict:
    """Grouped bars: realisasi % per instansi, one bar per year."""
    years = sorted({r["tahun"] for r in rows})
    names = sorted({r["nama"] for r in rows})
    colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"]
    bw, h = 30, 220
    step = max(len(years) * bw + 40, 170)  # room for the kecamatan's name under its bars
    bars = []
    for i, n in enumerate(names):
        for j, y in enumerate(years):
            v = next((r["persen"] for r in rows if r["nama"] == n and r["tahun"] == y), None)
            if v is None or v != v:
                continue
            x = 50 + i * step + j * bw
            bh = max(0.0, min(v, 110)) / 110 * h
            bars.append({"x": x, "y": 20 + h - bh, "w": bw - 4, "h": bh, "fill": colours[j % len(colours)],
                         "label": f"{v:.2f}", "title": f"{n} {y}: {v:.2f} %"})
    width = 60 + len(names) * step
    groups = [{"x": 50 + i * step + len(years) * bw / 2, "name": n} for i, n in enumerate(names)]
    legend = [{"x": 50 + j * 90, "fill": colours[j % len(colours)], "year": y} for j, y in enumerate(years)]
    return {"width": max(width, 400), "height": h + 80, "bars": bars, "groups": groups, "legend": legend, "base": 20 + h}


def _line_chart(points: list[tuple[int, float]], w: int = 240, h: int = 90) -> dict:
    ys = [v for _, v in points]
    lo, hi = min(ys + [0.0]), max(ys + [100.0])
    xs = [p[0] for p in points]
    x0, x1 = min(xs), max(xs)
    pos = [(40 + (x - x0) / ((x1 - x0) or 1) * (w - 80), h - 15 - (v - lo) / ((hi - lo) or 1) * (h - 35)) for x, v in points]
    return {"w": w, "h": h, "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in pos),
            "dots": [{"x": x, "y": y, "label": f"{p[0]}: {p[1]:g}"} for (x, y), p in zip(pos, points)]}


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>lakip compare</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}td.n{text-align:right}svg{background:#fafafa;margin:.5em 0}
.trend{display:inline-block;margin:0 1em 1em 0;vertical-align:top;font-size:12px;width:240px}</style></head><body>
<h1>Perbandingan LAKIP</h1>
<p>{{ reports|length }} laporan, {{ n_instansi }} instansi, tahun {{ years|join(", ") }}.</p>
<h2>Realisasi anggaran (%) per instansi dan tahun</h2>
<svg id="chart-realisasi" class="chart" width="{{ bar.width }}" height="{{ bar.height }}" role="img">
{% for b in bar.bars %}<rect x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}" fill="{{ b.fill }}"><title>{{ b.title }}</title></rect>
<text x="{{ b.x + b.w / 2 }}" y="{{ b.y - 3 }}" font-size="9" text-anchor="middle">{{ b.label }}</text>{% endfor %}
<line x1="40" x2="{{ bar.width - 10 }}" y1="{{ bar.base }}" y2="{{ bar.base }}" stroke="#333"/>
{% for g in bar.groups %}<text x="{{ g.x }}" y="{{ bar.base + 16 }}" font-size="11" text-anchor="middle">{{ g.name }}</text>{% endfor %}
{% for l in bar.legend %}<rect x="{{ l.x }}" y="{{ bar.base + 32 }}" width="12" height="12" fill="{{ l.fill }}"/>
<text x="{{ l.x + 16 }}" y="{{ bar.base + 42 }}" font-size="11">{{ l.year }}</text>{% endfor %}
</svg>
<table><tr><th>Instansi</th><th>Tahun</th><th>Pagu</th><th>Realisasi</th><th>%</th><th>Temuan (error/warning/info)</th></tr>
{% for r in reports %}<tr><td>{{ r.nama_instansi_baku }}</td><td>{{ r.tahun }}</td><td class="n">{{ "{:,.0f}".format(r.pagu) if r.pagu == r.pagu else "" }}</td>
<td class="n">{{ "{:,.0f}".format(r.realisasi) if r.realisasi == r.realisasi else "" }}</td><td class="n">{{ r.persen }}</td>
<td class="n">{{ r.temuan_error }}/{{ r.temuan_warning }}/{{ r.temuan_info }}</td></tr>{% endfor %}</table>
<h2>Perubahan terbesar dari tahun sebelumnya (realisasi)</h2>
<table id="perubahan"><tr><th>Instansi</th><th>Tingkat</th><th>Nama</th><th>Tahun</th><th>Realisasi sebelumnya</th><th>Realisasi</th><th>Selisih</th><th>%</th></tr>
{% for c in changes %}<tr><td>{{ c.nama_instansi_baku }}</td><td>{{ c.tingkat }}</td><td>{{ c.nama }}</td><td>{{ c.tahun_sebelumnya|int }} → {{ c.tahun }}</td>
<td class="n">{{ "{:,.0f}".format(c.realisasi_sebelumnya) }}</td><td class="n">{{ "{:,.0f}".format(c.realisasi) }}</td>
<td class="n">{{ "{:+,.0f}".format(c.selisih_realisasi) }}</td><td class="n">{{ c.perubahan_realisasi_persen }}</td></tr>{% endfor %}</table>
<h2>Tren indikator (capaian %)</h2>
{% for t in trends %}<div class="trend"><b>{{ t.instansi }}</b><br>{{ t.indikator }}
<svg class="chart trend-chart" width="{{ t.chart.w }}" height="{{ t.chart.h }}"><polyline points="{{ t.chart.points }}" fill="none" stroke="#4e79a7" stroke-width="2"/>
{% for d in t.chart.dots %}<circle cx="{{ d.x }}" cy="{{ d.y }}" r="3" fill="#4e79a7"><title>{{ d.label }}</title></circle>
<text x="{{ d.x }}" y="{{ d.y - 6 }}" font-size="9" text-anchor="middle">{{ d.label }}</text>{% endfor %}</svg></div>{% endfor %}
</body></html>"""


def write_html(path: Path, reports: pd.DataFrame, lines: pd.DataFrame, series: pd.DataFrame) -> None:
    env = Environment(autoescape=select_autoescape(default=True))
    bar = _bar_chart([{"nama": r.nama_instansi_baku, "tahun": int(r.tahun), "persen": r.persen}
                      for r in reports.itertuples() if r.persen == r.persen])
    moved = lines.dropna(subset=["selisih_realisasi"])
    changes = moved.reindex(moved["selisih_realisasi"].abs().sort_values(ascending=False).index).head(15)
    trends = []
    for (inst, key), s in series.dropna(subset=["capaian"]).groupby(["nama_instansi_baku", "kunci_indikator"]):
        if s["tahun"].nunique() >= 2 and len(trends) < 24:
            pts = sorted((int(t), float(c)) for t, c in zip(s["tahun"], s["capaian"]))
            trends.append({"instansi": inst, "indikator": s["indikator"].iloc[-1], "chart": _line_chart(pts)})
    html = env.from_string(PAGE).render(reports=reports.to_dict("records"), bar=bar, changes=changes.to_dict("records"),
                                        trends=trends, n_instansi=reports["instansi"].nunique(),
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
    keys = instansi_keys(data["laporan"])
    reports = summary(data, keys)
    lines = aligned_lines(data, keys)
    series = indicator_series(data, keys)
    people = staff(data, keys)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".compare-", dir=out.parent))
    try:
        _tidy(reports).to_csv(tmp / "ringkasan.csv", index=False)
        _tidy(lines).to_csv(tmp / "anggaran_selaras.csv", index=False)
        _tidy(series).to_csv(tmp / "indikator_seri.csv", index=False)
        _tidy(people).to_csv(tmp / "pegawai_tahun.csv", index=False)
        wide = tmp / "pivot"
        wide.mkdir()
        reports.pivot_table(index="nama_instansi_baku", columns="tahun", values="persen", aggfunc="first") \
            .to_csv(wide / "realisasi_persen.csv")
        _tidy(_pivot(lines, ["tingkat", "kunci_baris"], "realisasi")).to_csv(wide / "anggaran_realisasi.csv", index=False)
        _tidy(_pivot(lines, ["tingkat", "kunci_baris"], "pagu")).to_csv(wide / "anggaran_pagu.csv", index=False)
        _tidy(_pivot(series, ["kunci_indikator"], "capaian")).to_csv(wide / "indikator_capaian.csv", index=False)
        _tidy(_pivot(people, ["dimensi", "kategori"], "jumlah")).to_csv(wide / "pegawai.csv", index=False)
        write_html(tmp / "perbandingan.html", reports, lines, series)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out
