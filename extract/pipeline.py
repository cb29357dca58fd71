"""One PDF in, one validated and reconciled `Report` out:
read -> lay out -> read fields -> build models -> reconcile."""

from __future__ import annotations

from pathlib import Path

from models import (
    BarisAnggaran,
    Belanja,
    Indikator,
    Laporan,
    Pegawai,
    Report,
    Temuan,
    Wilayah,
    build,
)

from .checks import text as reconcile_text
from .checks.ocr_doubt import doubt_figures, doubtful_words
from .checks.coverage import left_out, money_coverage, unread_tables
from .checks.sums import Reconciler
from .core.findings import temuan
from .core.numbers import percent_agrees
from .core.patterns import slug
from .core.reference import Reference, load
from .layout.page_layout import Layout, lay_out
from .layout.roles import is_header_row
from .layout.unruled import find_unruled_tables
from .pages.document import Document, ReadFailure
from .pages.ocr import LOW_CONFIDENCE
from .readers import anggaran as anggaran_reader
from .readers.belanja import combine_belanja, read_belanja_prose, read_total_percent
from .readers.common import Context
from .readers.mentions import merge_mentions
from .readers.laporan import FROM_REFERENCE, read_laporan, resolve_region, title_case
from .readers.pegawai_prose import merge_with_tables, read_pegawai_prose
from .readers.prose import build_prose
from .readers.tables import (
    read_indikator,
    read_pegawai,
    read_pegawai_across,
    read_pegawai_pairs,
    read_wilayah,
)

EXTRACTOR_VERSION = "0.1.0"


def report_id(lap: dict, sha256: str, berkas: str) -> str:
    """Stable and readable: <kabupaten>_<kecamatan or instansi>_<tahun>_<sha8>, slugs only, from
    what the document prints: the same file gets the same id with or without reference data."""
    printed = {k: v for k, v in lap.items() if k not in lap.get(FROM_REFERENCE, ())}
    parts = [slug(printed.get("kabupaten_kota") or printed.get("provinsi") or "x"),
             slug(lap.get("kecamatan") or lap.get("nama_instansi") or Path(berkas).stem),
             str(lap.get("tahun") or "x"), sha256[:8]]
    return "_".join(parts)


def extract_report(path: Path, reference: Reference | None = None, password: str | None = None) -> Report:
    """The report of one PDF (the first, when the PDF holds several units' reports)."""
    return extract_reports(path, reference, password)[0]


def extract_reports(path: Path, reference: Reference | None = None, password: str | None = None,
                    ocr: bool = True) -> list[Report]:
    """Every report in one PDF: usually one; a form covering several kecamatan gives one report
    per kecamatan. Scanned pages are read by OCR. Raises ReadFailure when the document cannot be
    read at all."""
    return read_document(path, reference, password, ocr)[0]


def read_document(path: Path, reference: Reference | None = None, password: str | None = None, ocr: bool = True,
                  only: list[int] | None = None, doc: Document | None = None) -> tuple[list[Report], Layout]:
    """The reports and the layout they were read from; `only` reads just those pages (lakip
    debug), from `doc` when it is already open (its pages are read once)."""
    if doc is None:
        with Document(path, password=password, ocr=ocr) as opened:
            return read_document(path, reference, password, ocr, only, opened)
    ref = reference or load(None)
    if only and not all(1 <= n <= doc.n_pages for n in only):
        raise ValueError(f"page {', '.join(map(str, only))} is outside 1..{doc.n_pages}")
    pages = doc.pages if not only else [doc.page(n) for n in only]
    n_words = sum(len(p.words) for p in pages)
    if doc.ocr_unavailable and n_words < 5 * len(pages):
        raise ReadFailure("ocr", f"the pages are scans without a text layer, and {doc.ocr_unavailable}")
    if n_words == 0 and not doc.skipped and not only:
        raise ReadFailure("baca", "the document holds no text: no text layer and no scanned image")
    layout = lay_out(pages)
    find_unruled_tables(layout)
    n_pages, sha, skipped, images = doc.n_pages, doc.sha256, dict(doc.skipped), dict(doc.unread_images)
    # a text page with a scan pasted in counts as read by OCR too: its OCR words have a confidence
    n_ocr = sum(p.source == "ocr" or any(w.conf < 100 for w in p.words) for p in pages)
    unsure = doubtful_words([w for p in pages for w in p.words if p.source == "ocr" or w.conf < 100], LOW_CONFIDENCE)
    try:
        reports = _read(layout, Path(path), n_pages, sha, ref)
        for r in reports:
            r.laporan.halaman_ocr = n_ocr
            doubt_figures(r, unsure)
        for page, why in sorted(skipped.items()):
            reports[0].temuan.append(temuan("halaman.dilewati", page, f"halaman {page}", alasan=why,
                                            id_laporan=reports[0].laporan.id_laporan))
        for page, boxes in sorted(images.items()):
            reports[0].temuan.append(temuan("halaman.gambar_tidak_dibaca", page, f"halaman {page}",
                                            bbox=tuple(round(v, 1) for v in boxes[0]),
                                            id_laporan=reports[0].laporan.id_laporan))
        return reports, layout
    except ReadFailure:
        raise
    except MemoryError:
        raise ReadFailure("ekstraksi", "the document needs more memory than is allowed (--max-memory)") from None
    except Exception as exc:  # a reader bug must not take the batch down: name it for the user
        raise ReadFailure("ekstraksi", f"extraction failed ({type(exc).__name__}: {exc})") from exc


BACK = 4  # pages read before the one asked for, at most, to find the header of a table continued on it


def _continues(layout: Layout, first: int) -> bool:
    """The earliest page read opens with a table whose header is not on it: its first row holds figures."""
    page = layout.pages[first]
    tops = [t for t in layout.tables if t.page == first and t.bbox[1] < page.height * 0.25]
    return bool(tops) and bool(tops[0].rows) and not is_header_row(tops[0].rows[0])


def read_page(path: Path, page_no: int, resolution: float, reference: Reference | None = None,
              password: str | None = None):
    """One page read alone (lakip debug), with the pages back to the header of a table continued
    on it: the reports read from them, their layout, and the page's image in the frame it was
    read in."""
    with Document(path, password=password) as doc:
        first = page_no
        reports, layout = read_document(path, reference, password, only=[page_no], doc=doc)
        while first > 1 and page_no - first < BACK and _continues(layout, first):
            first -= 1  # a table continued from the page before: read back to its header
            reports, layout = read_document(path, reference, password, only=list(range(first, page_no + 1)),
                                            doc=doc)
        return reports, layout, doc.render(page_no, resolution)


def _read(layout, path: Path, n_pages: int, sha: str, ref: Reference) -> list[Report]:
    ctx = Context(layout, ref=ref)
    findings = ctx.findings
    prose = build_prose(layout.paragraphs)

    meta, prov = read_laporan(ctx, ref)
    ctx.year = meta.get("tahun")

    # budget lines: tables and prose; the same line printed twice is merged
    table_budget = anggaran_reader.read_tables(ctx)
    lines = merge_mentions(table_budget.lines + anggaran_reader.read_prose(ctx, prose), ctx, table_budget.unplaced)

    bel = combine_belanja(ctx, table_budget.belanja_rows, read_belanja_prose(ctx, prose), table_budget.totals)
    if "total" in bel and bel["total"].get("persen") is None:
        rate = read_total_percent(prose)
        tot = bel["total"]
        known = tot.get("pagu") and tot.get("realisasi") is not None
        # a sentence's overall rate is the total's only when the total's own figures give it (the
        # text may state the rate of the APBD programs alone)
        if rate and (not known or percent_agrees(rate[0], tot["pagu"], tot["realisasi"])[0]):
            tot["persen"] = rate[0]

    indikator_rows = read_indikator(ctx)
    findings += text_checks(layout.paragraphs, lines, read_wilayah(ctx)[0])
    peg_rows, peg_totals = read_pegawai(ctx)
    peg_rows += [r for r in read_pegawai_pairs(ctx) if r["dimensi"] not in {p["dimensi"] for p in peg_rows}]
    across = [r for r in read_pegawai_across(ctx)[0] if r["dimensi"] not in {p["dimensi"] for p in peg_rows}]
    peg_rows += across
    peg_rows = merge_with_tables(ctx, peg_rows, read_pegawai_prose(ctx, prose))
    staff_totals = {}
    for r in peg_rows:
        if r["dimensi"] in ("pendidikan", "golongan", "status_kepegawaian"):
            staff_totals[r["dimensi"]] = staff_totals.get(r["dimensi"], 0) + r["jumlah"]
    findings += reconcile_text.stated_staff_total(layout.paragraphs, staff_totals)
    wil_rows, wil_totals = read_wilayah(ctx)

    unread = unread_tables(ctx.views(), ctx.read, ctx.year)  # (every reader has run: what none took)
    doubt = _doubtful_pages(ctx, unread)
    units = list(dict.fromkeys(u.unit for u in table_budget.units))
    if len(units) < 2:
        reports = [_assemble(meta, prov, path, n_pages, sha, ref, findings, lines, table_budget.totals, bel,
                             indikator_rows, peg_rows, peg_totals, wil_rows, wil_totals, doubt)]
        return _coverage(ctx, reports, unread)
    # a form covering several units: one report per unit; what is not the units' own stays with the first
    reports = []
    metas = [unit_metadata(meta, unit, ref) for unit in units]
    _share_region(metas, ref)
    for k, unit in enumerate(units):
        row = next(u for u in table_budget.units if u.unit == unit)
        umeta = metas[k]
        ubel = {"total": {"jenis": "total", "pagu": row.pagu, "realisasi": row.realisasi, "persen": row.persen,
                          "halaman": row.halaman}}
        reports.append(_assemble(umeta, prov if k == 0 else {}, path, n_pages, sha, ref,
                                 findings if k == 0 else [], [ln for ln in lines if ln.unit == unit],
                                 [t for t in table_budget.totals if t.unit == unit], ubel,
                                 indikator_rows if k == 0 else [], peg_rows if k == 0 else [],
                                 peg_totals if k == 0 else [], wil_rows if k == 0 else [], wil_totals if k == 0 else [],
                                 doubt))
    return _coverage(ctx, reports, unread)


def _doubtful_pages(ctx: Context, unread: list[Temuan]) -> dict[int, str]:
    """Pages whose reading may have lost a line: read by OCR, or holding a table with figures no
    reader took (page -> why, in Indonesian, for the findings)."""
    out: dict[int, str] = {}
    for f in unread:
        if f.halaman:
            out.setdefault(f.halaman, "memuat tabel yang tidak terbaca")
    for n, page in ctx.layout.pages.items():
        if page.source == "ocr" or any(w.conf < 100 for w in page.words):
            out[n] = "dibaca dengan OCR"
    return out


def _coverage(ctx: Context, reports: list[Report], unread: list[Temuan]) -> list[Report]:
    """Every table no reader took (`unread`) is a finding of the (first) report; each report says
    what share of the document's money figures reached an exported row."""
    for f in unread:
        f.id_laporan = reports[0].laporan.id_laporan
    reports[0].temuan.extend(unread)
    gaps = left_out(ctx.layout, reports, unread)
    for f in gaps:
        f.id_laporan = reports[0].laporan.id_laporan
    reports[0].temuan.extend(gaps)
    share = money_coverage(ctx.layout, reports)
    for r in reports:
        r.laporan.cakupan_angka = share
        r.laporan.tabel_tidak_dibaca = len(unread)
    return reports


def _share_region(metas: list[dict], ref: Reference) -> None:
    """The units of one form lie in one kabupaten/kota: a kecamatan name found in several
    kabupaten (and so left open) takes the one its neighbours in the form resolved to."""
    kabs = {m.get("kabupaten_kota") for m in metas if m.get("kabupaten_kota")}
    if len(kabs) != 1 or not ref.available:
        return
    kab_name = kabs.pop()
    kab = ref.kabupaten(kab_name)
    for m in metas:
        if not m.get("kabupaten_kota") and m.get("kecamatan") and kab and ref.kecamatan(m["kecamatan"], kab):
            m["kabupaten_kota"] = kab_name
            m.setdefault(FROM_REFERENCE, set()).add("kabupaten_kota")
            resolve_region(m, None, ref)


def text_checks(paras, lines, wilayah_rows) -> list[Temuan]:
    counts = {lv: sum(1 for ln in lines if ln.tingkat == lv) for lv in ("program", "kegiatan", "sub_kegiatan")}
    counts["desa"] = len(wilayah_rows)
    return (reconcile_text.digits_against_words(paras) + reconcile_text.stated_counts(paras, counts)
            + reconcile_text.repeated_paragraphs(paras) + reconcile_text.achievement_sentences(paras))


def unit_metadata(meta: dict, unit: str, ref: Reference) -> dict:
    """The report metadata of one unit of a multi-unit form: the unit's own name, and its
    kabupaten / provinsi from the reference when the document does not print them."""
    name = title_case(unit)
    out = {k: v for k, v in meta.items() if k not in ("nama_instansi", "jenis_instansi", "kecamatan", "kode_wilayah")}
    out[FROM_REFERENCE] = set(meta.get(FROM_REFERENCE, ()))
    out["nama_instansi"] = name
    word = name.split(" ")[0].lower()
    out["jenis_instansi"] = {"kecamatan": "kecamatan", "kelurahan": "kelurahan", "dinas": "dinas",
                             "badan": "badan"}.get(word, "lainnya")
    if out["jenis_instansi"] == "kecamatan":
        out["kecamatan"] = name.split(" ", 1)[1]
    resolve_region(out, None, ref)
    return out


def _assemble(meta, prov, path: Path, n_pages: int, sha: str, ref: Reference, findings: list[Temuan], lines,
              table_totals, bel, indikator_rows, peg_rows, peg_totals, wil_rows, wil_totals,
              doubt_pages: dict[int, str] | None = None) -> Report:
    findings = list(findings)
    rid = report_id(meta, sha, path.name)
    meta = {k: v for k, v in meta.items() if k != FROM_REFERENCE}
    laporan = build(Laporan, {"id_laporan": rid, "berkas": path.name, "sha256": sha, "jumlah_halaman": n_pages,
                              "halaman_ocr": 0, **meta, "sumber": prov}, findings, "laporan")
    bidang = "7.01" if meta.get("jenis_instansi") == "kecamatan" else None
    anggaran = _budget_models(lines, findings, ref, bidang)
    groups = {f"b{n:03d}": ln.group for n, ln in enumerate(lines, 1)}
    printed = {f"b{n:03d}": ln.printed for n, ln in enumerate(lines, 1)}
    belanja = [b for b in (build(Belanja, r, findings, r["jenis"]) for r in _order_belanja(bel)) if b]
    indikator = [i for i in (build(Indikator, r, findings, r["indikator"][:60]) for r in indikator_rows) if i]
    pegawai = [p for p in (build(Pegawai, r, findings, r["kategori"]) for r in peg_rows) if p]
    wilayah = [w for w in (build(Wilayah, r, findings, r["desa_kelurahan"]) for r in wil_rows) if w]

    rec = Reconciler()
    rec.anggaran(anggaran, table_totals, belanja, groups, printed, doubt_pages)
    rec.table_total_percent(table_totals)
    rec.belanja(belanja)
    rec.indikator(indikator)
    rec.kategori(indikator)
    rec.staff_dimensions(pegawai)
    for dim in ("pendidikan", "golongan", "status_kepegawaian"):
        rec.sums("pegawai.jumlah", [p.jumlah for p in pegawai if p.dimensi == dim],
                 [t for t in peg_totals if t.what == f"pegawai.{dim}"], f"pegawai menurut {dim.replace('_', ' ')}",
                 doubt_pages)
    rec.sums("wilayah.jumlah", [w.luas_km2 for w in wilayah if w.luas_km2 is not None], wil_totals, "luas desa/kelurahan",
             doubt_pages)

    report = Report(laporan=laporan or Laporan(id_laporan=rid, berkas=path.name, sha256=sha, jumlah_halaman=n_pages),
                    anggaran=anggaran, belanja=belanja, indikator=indikator, pegawai=pegawai, wilayah=wilayah,
                    temuan=_unique(findings + rec.findings))
    return _stamp(report, rid)


_BELANJA_ORDER = ["total", "belanja_operasi", "belanja_modal", "belanja_pegawai", "belanja_barang_jasa",
                  "belanja_tidak_terduga", "belanja_transfer", "belanja_langsung", "belanja_tidak_langsung", "pendapatan"]


def _order_belanja(bel: dict[str, dict]) -> list[dict]:
    return [bel[k] for k in _BELANJA_ORDER if k in bel and "halaman" in bel[k]]


def _budget_models(lines, findings: list[Temuan], ref: Reference, bidang: str | None) -> list[BarisAnggaran]:
    ids: dict[int, str] = {}
    out: list[BarisAnggaran] = []
    for n, ln in enumerate(lines, 1):
        ids[id(ln)] = f"b{n:03d}"
        data = {"id_baris": ids[id(ln)], "id_induk": ids.get(id(ln.parent)) if ln.parent else None,
                "tingkat": ln.tingkat, "kode": ln.kode, "nama": ln.nama, "pagu": ln.pagu,
                "realisasi": ln.realisasi, "persen": ln.persen, "persen_fisik": ln.persen_fisik,
                "sumber": ln.sumber, "halaman": ln.halaman, "bbox": ln.bbox, "dihitung": list(ln.dihitung),
                "kode_nomenklatur": (ln.kode if ln.kode and ln.kode.count(".") >= 2 else None)
                or (ref.nomenklatur_code(ln.tingkat, ln.nama, bidang) if ref.available else None)}
        m = build(BarisAnggaran, data, findings, ln.nama[:60])
        if m:
            out.append(m)
    return out


def _unique(findings: list[Temuan]) -> list[Temuan]:
    """The same finding read twice (a figure repeated in the text) is reported once."""
    seen, out = set(), []
    for f in findings:
        key = (f.aturan, f.subjek, f.nilai_dilaporkan, f.nilai_hitung, f.pesan)
        if key not in seen:
            seen.add(key)
            out.append(f)
    # digits against their words, found by the text check and again by a reader that says what it
    # did with them: the reader's finding tells more
    said = {(f.halaman, f.nilai_dilaporkan, f.nilai_hitung) for f in out if f.aturan == "angka.kata_berbeda" and
            f.pesan.count(";")}
    return [f for f in out if not (f.aturan == "angka.kata_berbeda" and not f.pesan.count(";") and
                                   (f.halaman, f.nilai_dilaporkan, f.nilai_hitung) in said)]


def _stamp(report: Report, rid: str) -> Report:
    """Every row carries its report's id."""
    for name in ("anggaran", "belanja", "indikator", "pegawai", "wilayah", "temuan"):
        for row in getattr(report, name):
            row.id_laporan = rid
    report.laporan.id_laporan = rid
    return report
