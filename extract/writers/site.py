"""`lakip report DATASET_DIR`: a static, offline HTML site for reviewers (Inspektorat, BPKP,
journalists), in Indonesian: an index of the reports with their findings counted by severity,
and one page per report with its findings (errors first), each naming the row it concerns and
showing a crop of the page around that row with the value boxed (a click opens the whole
page), and the tables read from it.

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
from PIL import ImageDraw

from ..core.numbers import angka, rupiah
from ..pages.document import Document, sha256_of
from .outdir import new_build_dir, swap_into_place

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;color:#222;max-width:1150px;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top;font-size:.9rem}th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sev.error,th.error,td.error{color:#a00;font-weight:bold}.sev.warning,th.warning,td.warning{color:#a60}.sev.info,th.info,td.info{color:#446}
.finding{border:1px solid #ddd;border-left:6px solid #999;padding:.6rem .8rem;margin:1rem 0}
.finding.error{border-left-color:#c00}.finding.warning{border-left-color:#e90}.finding.info{border-left-color:#88a}
.finding p{margin:.25rem 0}.finding img{max-width:100%;border:1px solid #bbb;margin-top:.4rem;display:block}
.dihitung{font-style:italic;color:#555}.dihitung::after{content:" *"}
.banner{background:#fff4d6;border:1px solid #e0b040;padding:.6rem .8rem}code{font-size:.85rem}
"""

SEVERITY = {"error": "Kesalahan", "warning": "Peringatan", "info": "Info"}
ORDER = {"error": 0, "warning": 1, "info": 2}

INDEX = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>lakip: laporan yang dibaca</title>
<style>{{ css }}</style></head><body>
<h1>Laporan yang dibaca ({{ reports|length }})</h1>
{% if banner %}<p class="banner">{{ banner }}</p>{% endif %}
<table><tr><th>Laporan</th><th>Instansi</th><th>Tahun</th><th>Berkas</th>
<th class="error">Kesalahan</th><th class="warning">Peringatan</th><th class="info">Info</th></tr>
{% for r in reports %}<tr><td><a href="{{ r.href }}">{{ r.id_laporan }}</a></td><td>{{ r.nama_instansi }}</td>
<td>{{ r.tahun }}</td><td>{{ r.berkas }}</td><td class="n error">{{ r.counts.error }}</td>
<td class="n warning">{{ r.counts.warning }}</td><td class="n info">{{ r.counts.info }}</td></tr>{% endfor %}
</table>{% if gagal %}<h2>Berkas yang tidak terbaca ({{ gagal|length }})</h2><table><tr><th>Berkas</th><th>Tahap</th><th>Alasan</th></tr>
{% for g in gagal %}<tr><td>{{ g.berkas }}</td><td>{{ g.tahap }}</td><td>{{ g.alasan }}</td></tr>{% endfor %}</table>{% endif %}
<p>Nilai bertanda <span class="dihitung">miring</span> dihitung oleh lakip, tidak dicetak di laporan.</p>
</body></html>"""

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{{ lap.id_laporan }}</title>
<style>{{ css }}</style></head><body>
<p><a href="../index.html">&larr; semua laporan</a></p>
<h1>{{ lap.nama_instansi or lap.berkas }} {{ lap.tahun or "" }}</h1>
{% if banner %}<p class="banner">{{ banner }}</p>{% endif %}
<table>{% for k, v in meta %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>
<h2 id="temuan">Temuan ({{ findings|length }}: {{ counts.error }} kesalahan, {{ counts.warning }} peringatan, {{ counts.info }} info)</h2>
{% for f in findings %}<div class="finding {{ f.keparahan }}" id="t{{ loop.index }}">
<p><span class="sev {{ f.keparahan }}">{{ f.label }}</span> <code>{{ f.aturan }}</code> &middot; halaman {{ f.halaman }}{% if f.halaman_lain %} dan {{ f.halaman_lain }}{% endif %}</p>
{% if f.baris %}<p>{{ "Baris" if f.row else "Tentang" }}: <b>{{ f.baris }}</b></p>{% endif %}
<p>{{ f.pesan }}</p>{% if f.nilai_dilaporkan or f.nilai_hitung %}<p>dilaporkan <b>{{ f.nilai_dilaporkan }}</b>{% if f.nilai_hitung %},
<span class="dihitung">dihitung</span> <b>{{ f.nilai_hitung }}</b>{% endif %}{% if f.selisih %}, selisih <b>{{ f.selisih }}</b>{% endif %}</p>{% endif %}
{% if f.img %}<a href="{{ f.page_img }}" title="buka halaman {{ f.halaman }} utuh"><img class="crop" src="{{ f.img }}" alt="potongan halaman {{ f.halaman }}"{% if f.geometry %} data-geometry="{{ f.geometry }}"{% endif %}></a>
{% else %}<p><i>gambar halaman tidak tersedia{% if not pdf_found %} (PDF tidak ditemukan; beri --pdfs){% endif %}</i></p>{% endif %}
</div>{% endfor %}
{% for title, cols, rows in tables %}{% if rows %}<h2>{{ title }} ({{ rows|length }})</h2><table><tr>
{% for key, head in cols %}<th>{{ head }}</th>{% endfor %}</tr>{% for r in rows %}<tr>{% for key, head in cols %}
{% set c = r.cells[key] %}<td{% if c.num %} class="n"{% endif %}>{% if c.dihitung %}<span class="dihitung" title="dihitung, tidak dicetak">{{ c.text }}</span>{% else %}{{ c.text }}{% endif %}</td>{% endfor %}</tr>{% endfor %}
</table>{% endif %}{% endfor %}
<p>Nilai bertanda <span class="dihitung">miring</span> dihitung oleh lakip, tidak dicetak di laporan.</p>
</body></html>"""

MONEY = {"pagu", "realisasi"}
TABLES = [
    ("Anggaran", [("id_baris", "Baris"), ("id_induk", "Induk"), ("tingkat", "Tingkat"), ("kode", "Kode"),
                  ("nama", "Nama"), ("pagu", "Pagu (Rp)"), ("realisasi", "Realisasi (Rp)"), ("persen", "%"),
                  ("halaman", "Hal.")], "anggaran"),
    ("Belanja", [("jenis", "Jenis"), ("pagu", "Pagu (Rp)"), ("realisasi", "Realisasi (Rp)"), ("persen", "%"),
                 ("halaman", "Hal.")], "belanja"),
    ("Indikator kinerja", [("id_indikator", "No"), ("sasaran", "Sasaran"), ("indikator", "Indikator"),
                           ("target", "Target"), ("realisasi", "Realisasi"), ("capaian", "Capaian (%)"),
                           ("capaian_hitung", "Capaian dihitung (%)"), ("halaman", "Hal.")], "indikator"),
    ("Pegawai", [("dimensi", "Dimensi"), ("kategori", "Kategori"), ("jumlah", "Jumlah"), ("halaman", "Hal.")],
     "pegawai"),
    ("Wilayah", [("desa_kelurahan", "Desa / kelurahan"), ("luas_km2", "Luas (km²)"),
                 ("jumlah_penduduk", "Penduduk"), ("halaman", "Hal.")], "wilayah"),
]
META = [("id_laporan", "Id laporan"), ("berkas", "Berkas"), ("jenis_instansi", "Jenis instansi"),
        ("nama_instansi", "Nama instansi"), ("kecamatan", "Kecamatan"), ("kabupaten_kota", "Kabupaten/kota"),
        ("provinsi", "Provinsi"), ("tahun", "Tahun"), ("tempat_laporan", "Tempat"), ("tanggal_laporan", "Tanggal"),
        ("penandatangan", "Penandatangan"), ("nip_penandatangan", "NIP"), ("jabatan_penandatangan", "Jabatan"),
        ("kode_wilayah", "Kode wilayah"), ("jumlah_halaman", "Jumlah halaman"), ("halaman_ocr", "Halaman OCR")]
LEVEL = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}


def _env() -> Environment:
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _safe(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower())[:120] or "x"


def find_pdfs(dirs: list[Path]) -> dict[str, Path]:
    """PDFs by sha256, so a crop is only ever cut from the very file that was read."""
    found: dict[str, Path] = {}
    for d in dirs:
        for p in ([d] if d.is_file() else sorted(d.rglob("*.pdf")) if d.is_dir() else []):
            try:
                found.setdefault(sha256_of(p), p)
            except OSError:
                continue
    return found


# ---------------------------------------------------------------- which row a finding is about
def _rows_by_key(doc: dict) -> dict[str, tuple[str, dict]]:
    """subjek -> (how the row is named for a reader, the row): ids first, then names."""
    out: dict[str, tuple[str, dict]] = {}
    for r in doc.get("anggaran", []):
        out.setdefault(r["id_baris"], (f"{LEVEL[r['tingkat']]} '{r['nama']}' ({r['id_baris']})", r))
    for r in doc.get("indikator", []):
        out.setdefault(r["id_indikator"], (f"indikator '{r['indikator'][:120]}' ({r['id_indikator']})", r))
    for r in doc.get("belanja", []):
        out.setdefault(r["jenis"], (f"belanja {r['jenis'].replace('_', ' ')}", r))
    for r in doc.get("anggaran", []):
        out.setdefault(r["nama"][:60], (f"{LEVEL[r['tingkat']]} '{r['nama']}' ({r['id_baris']})", r))
    for r in doc.get("indikator", []):
        out.setdefault(r["indikator"][:60], (f"indikator '{r['indikator'][:120]}' ({r['id_indikator']})", r))
        out.setdefault(r["indikator"][:80], (f"indikator '{r['indikator'][:120]}' ({r['id_indikator']})", r))
    for r in doc.get("pegawai", []):
        out.setdefault(r["kategori"], (f"pegawai {r['dimensi']} {r['kategori']}", r))
    for r in doc.get("wilayah", []):
        out.setdefault(r["desa_kelurahan"][:60], (f"desa/kelurahan '{r['desa_kelurahan']}'", r))
    return out


def _plain(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _value_box(pdf: Document, page_no: int, text: str | None):
    """Where a value a finding quotes is printed on its page (its words' box), when it is."""
    want = _plain(text or "")
    if len(want) < 3 or not 1 <= page_no <= pdf.n_pages:
        return None
    for w in pdf.page(page_no).words:
        got = _plain(w.text)
        if got and (got == want or (len(want) >= 6 and want in got)):
            return w.bbox
    return None


# ---------------------------------------------------------------- images
CROP_WIDTH_PX = 1100  # the site's column: a crop is drawn to fit it at a readable scale


def _crop(pdf: Document, page_no: int, bbox, path: Path) -> tuple[float, float, float, float]:
    """The part of the page around `bbox` (the row's band, at most a column wide), the value
    boxed in red, at a scale where print is readable. Returns the region cut, in page points."""
    page = pdf.page(page_no)
    x0, top, x1, bottom = bbox
    left, right = max(0.0, x0 - 40), min(page.width, x1 + 40)
    if right - left < 360:  # a short value: show some of its row around it
        mid = (x0 + x1) / 2
        left, right = max(0.0, mid - 180), min(page.width, mid + 180)
    up, down = max(0.0, top - 60), min(page.height, bottom + 60)
    resolution = max(96.0, min(200.0, CROP_WIDTH_PX / max(right - left, 1) * 72))
    scale = resolution / 72.0
    img = pdf.render(page_no, resolution)
    img = img.crop((int(left * scale), int(up * scale), int(right * scale) + 1, int(down * scale) + 1))
    draw = ImageDraw.Draw(img)
    draw.rectangle([(x0 - left) * scale - 3, (top - up) * scale - 3, (x1 - left) * scale + 3,
                    (bottom - up) * scale + 3], outline=(220, 0, 0), width=3)
    img.save(path, format="PNG")
    return left, up, right, down


def _whole_page(pdf: Document, page_no: int, path: Path) -> None:
    page = pdf.page(page_no)
    resolution = max(min(100, int(2000 * 72 / max(page.width, 1)), int(3000 * 72 / max(page.height, 1))), 10)
    pdf.render(page_no, resolution).save(path, format="PNG")


# ---------------------------------------------------------------- cells
def _cell(key: str, value, row: dict, table: str) -> dict:
    computed = key in (row.get("dihitung") or []) or key == "capaian_hitung"
    if value is None or value == "":
        return {"text": "", "num": False, "dihitung": False}
    if key in MONEY and table in ("anggaran", "belanja"):
        return {"text": rupiah(value), "num": True, "dihitung": computed}
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "halaman":
        return {"text": angka(value), "num": True, "dihitung": computed}
    if key == "tingkat":
        value = LEVEL.get(value, value)
    return {"text": str(value), "num": key == "halaman", "dihitung": computed}


def _finding_value(v: str | None) -> str:
    """A finding's value for reading: money and counts with Indonesian separators."""
    if v in (None, ""):
        return ""
    try:
        return angka(float(v))
    except ValueError:
        return str(v)


# ---------------------------------------------------------------- the site
def write_report(dataset: Path, out: Path, pdf_dirs: list[Path] | None = None) -> tuple[Path, str | None]:
    """Build the site for `dataset` into `out` (replaced whole). Returns the site and a warning
    for the user when page images could not be made (no --pdfs, or none of the PDFs read)."""
    dataset, out = Path(dataset), Path(out)
    with open(dataset / "laporan.csv", newline="", encoding="utf-8") as f:
        laporan = list(csv.DictReader(f))
    gagal = []
    if (dataset / "gagal.csv").exists():
        with open(dataset / "gagal.csv", newline="", encoding="utf-8") as f:
            gagal = list(csv.DictReader(f))
    pdfs = find_pdfs(pdf_dirs or [])
    missing = [lap for lap in laporan if lap["sha256"] not in pdfs]
    warning = None
    if not pdf_dirs:
        warning = "no --pdfs given: the findings are shown without page images"
    elif missing:
        where = ", ".join(str(d) for d in pdf_dirs)
        warning = (f"{len(missing)} of {len(laporan)} reports have no PDF under {where} (matched by sha256): "
                   "their findings are shown without page images")
    banner = None
    if warning:
        banner = ("PDF laporan tidak diberikan (--pdfs): temuan ditampilkan tanpa potongan halaman."
                  if not pdf_dirs else
                  f"{len(missing)} dari {len(laporan)} laporan tidak ditemukan PDF-nya di {where}: "
                  "temuannya ditampilkan tanpa potongan halaman.")
    env = _env()
    tmp = new_build_dir(out)
    try:
        (tmp / "r").mkdir()
        index_rows = []
        for lap in laporan:
            index_rows.append(_report_page(env, dataset, tmp, lap, pdfs.get(lap["sha256"]), banner))
        html = env.from_string(INDEX).render(css=CSS, reports=index_rows, gagal=gagal, banner=banner)
        (tmp / "index.html").write_text(html, encoding="utf-8")
        swap_into_place(tmp, out, "situs")
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out, warning


def _report_page(env: Environment, dataset: Path, site: Path, lap: dict, pdf_path: Path | None,
                 banner: str | None) -> dict:
    rid = lap["id_laporan"]
    safe = _safe(rid)
    doc = json.loads((dataset / "json" / f"{rid}.json").read_text(encoding="utf-8"))
    rows = _rows_by_key(doc)
    findings = []
    for t in sorted(doc.get("temuan", []), key=lambda t: (ORDER[t["keparahan"]], t.get("halaman") or 0)):
        f = {k: ("" if v is None else v) for k, v in t.items()}
        named = rows.get(str(t.get("subjek") or ""))
        f["baris"] = named[0] if named else (t.get("subjek") or "")
        f["row"] = named[1] if named else None
        f["label"] = SEVERITY[t["keparahan"]]
        f["nilai_dilaporkan_asli"] = t.get("nilai_dilaporkan")
        f["nilai_dilaporkan"], f["nilai_hitung"], f["selisih"] = (
            _finding_value(t.get("nilai_dilaporkan")), _finding_value(t.get("nilai_hitung")),
            _finding_value(t.get("selisih")))
        findings.append(f)
    img_dir = site / "r" / safe
    if findings and pdf_path:
        img_dir.mkdir()
        with Document(pdf_path) as pdf:
            pages_drawn: set[int] = set()
            for n, f in enumerate(findings, 1):
                page, bbox = _where(pdf, f)
                if not page:
                    continue
                if page not in pages_drawn:
                    _whole_page(pdf, page, img_dir / f"hal-{page}.png")
                    pages_drawn.add(page)
                f["page_img"] = f"{safe}/hal-{page}.png"
                if bbox:
                    region = _crop(pdf, page, bbox, img_dir / f"{n}.png")
                    f["img"] = f"{safe}/{n}.png"
                    size = pdf.page(page)
                    f["geometry"] = " ".join(f"{v:.1f}" for v in (*region, *bbox, size.width, size.height))
                else:
                    f["img"] = f["page_img"]
                f["halaman"] = page
    counts = Counter(f["keparahan"] for f in findings)
    tables = []
    for title, cols, key in TABLES:
        cells = [{"cells": {k: _cell(k, r.get(k), r, key) for k, _ in cols}} for r in doc.get(key, [])]
        tables.append((title, cols, cells))
    meta = [(label, doc["laporan"].get(k)) for k, label in META if doc["laporan"].get(k) not in (None, "")]
    html = env.from_string(PAGE).render(css=CSS, lap=doc["laporan"], meta=meta, findings=findings, tables=tables,
                                        counts={k: counts.get(k, 0) for k in ORDER}, banner=banner,
                                        pdf_found=pdf_path is not None)
    (site / "r" / f"{safe}.html").write_text(html, encoding="utf-8")
    return {**lap, "href": f"r/{safe}.html", "counts": {k: counts.get(k, 0) for k in ORDER}}


def _where(pdf: Document, f: dict):
    """The page and box a finding's crop is cut around: its own box, its row's, or where the
    value it quotes is printed on its page."""
    row = f.get("row")
    page = f.get("halaman") or (row or {}).get("halaman")
    try:
        page = int(page) if page else None
    except ValueError:
        page = None
    if not page or not 1 <= page <= pdf.n_pages:
        return None, None
    if f.get("bbox"):
        return page, f["bbox"]
    if row and row.get("bbox") and row.get("halaman") == page:
        return page, row["bbox"]
    for text in (f.get("nilai_dilaporkan_asli"), f.get("subjek")):
        box = _value_box(pdf, page, text)
        if box:
            return page, box
    return page, None
