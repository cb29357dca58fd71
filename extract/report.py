"""`lakip report DATASET_DIR`: a static, offline HTML site for reviewers (Inspektorat, BPKP,
journalists): an index of the reports with their findings counted by severity, and one
page per report with its findings, each beside a crop of the page around the values
concerned, and the tables read from it.

Document text is untrusted: every value goes through Jinja2's autoescaping, and file names
come from `id_laporan` slugs only. No script, no CDN: the site opens from disk.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

from jinja2 import Environment, select_autoescape

from .pdf import Document, sha256_of

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top;font-size:.9rem}th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#a00;font-weight:bold}.warning{color:#a60}.info{color:#446}
.finding{border:1px solid #ddd;border-left:5px solid #999;padding:.6rem;margin:.8rem 0;display:flex;gap:1rem}
.finding.error{border-left-color:#c00}.finding.warning{border-left-color:#e90}.finding.info{border-left-color:#88a}
.finding img{max-width:520px;border:1px solid #bbb}.finding .text{flex:1}code{font-size:.85rem}
"""

INDEX = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>lakip: laporan</title>
<style>{{ css }}</style></head><body>
<h1>Laporan yang dibaca ({{ reports|length }})</h1>
<table><tr><th>Laporan</th><th>Instansi</th><th>Tahun</th><th>Berkas</th>
<th class="error">error</th><th class="warning">warning</th><th class="info">info</th></tr>
{% for r in reports %}<tr><td><a href="{{ r.href }}">{{ r.id_laporan }}</a></td><td>{{ r.nama_instansi }}</td>
<td>{{ r.tahun }}</td><td>{{ r.berkas }}</td><td class="n error">{{ r.counts.error }}</td>
<td class="n warning">{{ r.counts.warning }}</td><td class="n info">{{ r.counts.info }}</td></tr>{% endfor %}
</table>{% if gagal %}<h2>Tidak terbaca ({{ gagal|length }})</h2><table><tr><th>Berkas</th><th>Tahap</th><th>Alasan</th></tr>
{% for g in gagal %}<tr><td>{{ g.berkas }}</td><td>{{ g.tahap }}</td><td>{{ g.alasan }}</td></tr>{% endfor %}</table>{% endif %}
</body></html>"""

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{{ lap.id_laporan }}</title>
<style>{{ css }}</style></head><body>
<p><a href="../index.html">&larr; semua laporan</a></p>
<h1>{{ lap.nama_instansi or lap.berkas }} {{ lap.tahun or "" }}</h1>
<table>{% for k, v in meta %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>
<h2 id="temuan">Temuan ({{ findings|length }})</h2>
{% for f in findings %}<div class="finding {{ f.keparahan }}" id="t{{ loop.index }}"><div class="text">
<p><span class="{{ f.keparahan }}">{{ f.keparahan }}</span> <code>{{ f.aturan }}</code> &middot; halaman {{ f.halaman }}</p>
<p>{{ f.pesan }}</p>{% if f.nilai_dilaporkan or f.nilai_hitung %}<p>dilaporkan <b>{{ f.nilai_dilaporkan }}</b>,
dihitung <b>{{ f.nilai_hitung }}</b>{% if f.selisih %}, selisih <b>{{ f.selisih }}</b>{% endif %}</p>{% endif %}</div>
{% if f.img %}<img src="{{ f.img }}" alt="halaman {{ f.halaman }}">{% else %}<p><i>page image not available</i></p>{% endif %}
</div>{% endfor %}
{% for title, cols, rows in tables %}{% if rows %}<h2>{{ title }} ({{ rows|length }})</h2><table><tr>
{% for c in cols %}<th>{{ c }}</th>{% endfor %}</tr>{% for r in rows %}<tr>{% for c in cols %}
<td{% if r[c] is number %} class="n"{% endif %}>{{ "" if r[c] is none else r[c] }}</td>{% endfor %}</tr>{% endfor %}
</table>{% endif %}{% endfor %}
</body></html>"""

TABLES = [
    ("Anggaran", ["id_baris", "id_induk", "tingkat", "kode", "nama", "pagu", "realisasi", "persen", "halaman"], "anggaran"),
    ("Belanja", ["jenis", "pagu", "realisasi", "persen", "halaman"], "belanja"),
    ("Indikator", ["id_indikator", "sasaran", "indikator", "target", "realisasi", "capaian", "capaian_hitung", "halaman"],
     "indikator"),
    ("Pegawai", ["dimensi", "kategori", "jumlah", "halaman"], "pegawai"),
    ("Wilayah", ["desa_kelurahan", "luas_km2", "jumlah_penduduk", "halaman"], "wilayah"),
]
META = ["id_laporan", "berkas", "jenis_instansi", "nama_instansi", "kecamatan", "kabupaten_kota", "provinsi", "tahun",
        "tempat_laporan", "tanggal_laporan", "penandatangan", "nip_penandatangan", "jabatan_penandatangan",
        "kode_wilayah", "jumlah_halaman"]


def _env() -> Environment:
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _safe(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower())[:120] or "x"


def _find_pdfs(dirs: list[Path]) -> dict[str, Path]:
    """PDFs by sha256, so a crop is only ever cut from the very file that was read."""
    found: dict[str, Path] = {}
    for d in dirs:
        for p in ([d] if d.is_file() else sorted(d.rglob("*.pdf")) if d.is_dir() else []):
            try:
                found.setdefault(sha256_of(p), p)
            except OSError:
                continue
    return found


def _boxes(doc: dict) -> dict[str, tuple[int, list]]:
    """Where each subject of a finding was read: id_baris, id_indikator, jenis, names."""
    out: dict[str, tuple[int, list]] = {}
    for key, table in (("id_baris", "anggaran"), ("id_indikator", "indikator"), ("jenis", "belanja"),
                       ("nama", "anggaran"), ("indikator", "indikator"), ("kategori", "pegawai"),
                       ("desa_kelurahan", "wilayah")):
        for r in doc.get(table, []):
            if r.get("bbox") and r.get(key):
                out.setdefault(str(r[key])[:60], (r["halaman"], r["bbox"]))
    return out


def _crop(doc: Document, page_no: int, bbox, path: Path, resolution: int = 110) -> bool:
    """The band of the page around `bbox` (the whole page, small, without one), as a PNG."""
    if not 1 <= page_no <= doc.n_pages:
        return False
    page = doc.page(page_no)
    if not bbox:
        resolution = 50
    # a giant page (a poster-size scan) is drawn at most 2400 pixels wide
    resolution = max(min(resolution, int(2400 * 72 / max(page.width, 1)), int(4000 * 72 / max(page.height, 1))), 10)
    img = doc.render(page_no, resolution)
    if bbox:
        scale = resolution / 72.0
        top, bottom = max(0.0, bbox[1] - 40), min(page.height, bbox[3] + 40)
        img = img.crop((0, int(top * scale), img.width, int(bottom * scale) + 1))
    img.save(path, format="PNG")
    return True


def write_report(dataset: Path, out: Path | None = None, pdf_dirs: list[Path] | None = None) -> Path:
    dataset = Path(dataset)
    out = Path(out) if out else dataset / "report"
    if out.exists():
        shutil.rmtree(out)
    (out / "r").mkdir(parents=True)
    with open(dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        laporan = list(csv.DictReader(f))
    gagal = []
    if (dataset / "gagal.csv").exists():
        with open(dataset / "gagal.csv", newline="", encoding="utf-8") as f:
            gagal = list(csv.DictReader(f))
    pdfs = _find_pdfs(pdf_dirs or [])
    env = _env()
    index_rows = []
    for lap in laporan:
        rid = lap["id_laporan"]
        safe = _safe(rid)
        doc = json.loads((dataset / "json" / f"{rid}.json").read_text(encoding="utf-8"))
        findings = [{k: ("" if v is None else v) for k, v in t.items()} for t in doc.get("temuan", [])]
        boxes = _boxes(doc)
        pdf_path = pdfs.get(lap["sha256"])
        img_dir = out / "r" / safe
        if findings and pdf_path:
            img_dir.mkdir()
            with Document(pdf_path) as pdf:
                for n, f in enumerate(findings, 1):
                    page, bbox = (f["halaman"], f["bbox"]) if f.get("bbox") else \
                        boxes.get(f["subjek"], (int(f["halaman"]) if f["halaman"] else None, None))
                    if page and _crop(pdf, page, bbox, img_dir / f"{n}.png"):
                        f["img"] = f"{safe}/{n}.png"
        counts = Counter(f["keparahan"] for f in findings)
        index_rows.append({**lap, "href": f"r/{safe}.html", "counts": {k: counts.get(k, 0) for k in
                                                                       ("error", "warning", "info")}})
        tables = [(title, cols, doc.get(key, [])) for title, cols, key in TABLES]
        meta = [(k, doc["laporan"].get(k)) for k in META if doc["laporan"].get(k) not in (None, "")]
        html = env.from_string(PAGE).render(css=CSS, lap=doc["laporan"], meta=meta, findings=findings, tables=tables)
        (out / "r" / f"{safe}.html").write_text(html, encoding="utf-8")
    html = env.from_string(INDEX).render(css=CSS, reports=index_rows, gagal=gagal)
    (out / "index.html").write_text(html, encoding="utf-8")
    return out
