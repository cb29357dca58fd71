"""Report metadata: who reports (instansi, kecamatan, kabupaten), on which year, and
who signed where and when. Read from the cover's short lines and the signature
block (place-date line, jabatan, name, pangkat, NIP)."""

from __future__ import annotations

import re
from collections import Counter

from ..core.patterns import YEAR_RE, normalize_space, parse_date, parse_nip
from ..core.reference import Reference
from ..layout.page_layout import Line
from .common import Context

INSTANSI_WORDS = r"KECAMATAN|KELURAHAN|DINAS|BADAN|BIRO|SEKRETARIAT|INSPEKTORAT|KANTOR|SATUAN|RUMAH SAKIT"
# 'LAPORAN KINERJA (LKJ) KECAMATAN KARE TAHUN 2019': the instansi inside a title line
_INSTANSI_IN_TITLE = re.compile(r"\b(KECAMATAN|KELURAHAN)\s+([A-Z][A-Z' -]*?[A-Z])(?=\s+(?:KABUPATEN|KAB\.|KOTA|PROVINSI|"
                                r"TAHUN|TA\b|\d{4})|\s*$)")
_IN_FIGURES = re.compile(r"\b(Kecamatan|Kelurahan|Distrik)\s+([A-Z][A-Za-z' -]{1,40}?)\s+Dalam\s+Angka\b", re.I)
_INSTANSI_LINE = re.compile(rf"^\s*({INSTANSI_WORDS})\b\s*(.*)$", re.I)
# the region's name: capitalised words only (a sentence going on in lower case is not a name)
_REGION_LINE = re.compile(r"^\s*(?:PEMERINTAH(?:AN)?\s+)?(KABUPATEN|KAB\.|KOTA|PROVINSI)\s+"
                          r"((?-i:[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)*))\s*$", re.I)
_REGION_IN_TEXT = re.compile(r"\b(Kabupaten|Kota|Provinsi)\s+((?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?!(?:Tahun|Nomor|Tentang|Dalam|"
                             r"Indikator|Laporan|Rencana|Dinas|Badan|Kecamatan|Kelurahan|Desa|Pada|Yang|Dan)\b)"
                             r"(?:[A-Z][a-z]+|[A-Z]{2,})){0,2})")
# in running text a kecamatan is only trusted when its kabupaten/kota follows: 'Kecamatan X Kabupaten Y'
_KEC_IN_TEXT = re.compile(r"\bKecamatan\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,3})\s+(?:Kabupaten|Kota)\s+[A-Z]")
_LABELLED_INSTANSI = re.compile(rf"\b(?:nama\s+)?(?:organisasi|instansi|skpd|opd|perangkat daerah|unit kerja)\s*:\s*"
                                rf"((?:{INSTANSI_WORDS})\b[A-Za-z ,.'-]{{2,80}})", re.I)
# the document's own title under the instansi's name: not part of the name
_DOCUMENT_TITLE = re.compile(r"^\s*(?:LAPORAN|RENCANA|PERJANJIAN|DOKUMEN|RINGKASAN|DAFTAR|REALISASI|LKJIP|LAKIP|LKIP|"
                             r"RENSTRA|RENJA|PENETAPAN|INDIKATOR|PROFIL)\b", re.I)
_CITATION = re.compile(r"\b(?:nomor|no\.?)\s*[\w./-]+\s+tahun\s+(?:19|20)\d{2}", re.I)
_REPORT_YEAR = re.compile(r"\b(?:tahun(?:\s+anggaran)?|TA\.?|LAKIP|LKjIP|LKIP|LKj|IKU|kinerja\s+utama|RKT|renja)\s+"
                          r"((?:19|20)\d{2})\b", re.I)
_PLACE_DATE = re.compile(r"^\s*([A-Z][A-Za-z .'-]{1,40}?)\s*,\s*(.*\b(?:19|20)\d{2})\s*$")
_JABATAN = re.compile(r"\b(camat|lurah|kepala|sekretaris|inspektur|direktur|plt|plh|pj|kabag|kepala biro|gubernur|bupati|walikota)\b", re.I)
_PANGKAT = re.compile(r"\b(pembina|penata|pengatur|juru)\b|\b(IV|III|II|I)\s*[/.]\s*[a-e]\b", re.I)
_TITLES_BEFORE = re.compile(r"^(?:(?:prof|dr|drs|dra|ir|h|hj|kh|dr\.?\s*h)\.?\s+)+", re.I)
_SMALL = {"dan", "di", "ke", "dari", "yang", "pada"}
_JENIS = {"kecamatan": "kecamatan", "kelurahan": "kelurahan", "dinas": "dinas", "badan": "badan",
          "biro": "sekretariat", "sekretariat": "sekretariat", "inspektorat": "inspektorat"}


def title_case(text: str) -> str:
    """'SUKA MAJU BARAT' -> 'Suka Maju Barat'; mixed case is kept as printed."""
    text = normalize_space(text)
    if text != text.upper():
        return text
    words = text.lower().split(" ")
    return " ".join(w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def strip_titles(name: str) -> str:
    """'Budi Santoso, S.Sos' -> 'Budi Santoso'; 'Drs. H. Ahmad, M.Si' -> 'Ahmad'."""
    name = normalize_space(name).split(",")[0]
    return _TITLES_BEFORE.sub("", name).strip()


_INSTANSI_IN_TEXT = re.compile(
    r"\b((?:Biro|Badan|Dinas|Inspektorat|Sekretariat|Kecamatan|Kelurahan|Kantor|Satuan)"
    r"(?:,?\s+(?:dan\s+|&\s+)?(?:[A-Z][\w/.-]*))+)")


def _trim_instansi(name: str) -> str:
    """'Badan X Provinsi Y Tahun 2016' -> without the year; a kecamatan or kelurahan
    without the kabupaten that follows it ('Kecamatan Kare Kabupaten Madiun' -> 'Kecamatan Kare')."""
    name = re.split(r"\s+(?:Tahun|TA\.?)\s+(?:19|20)\d{2}\b", name)[0]
    if re.match(r"^\s*(kecamatan|kelurahan)\b", name, re.I):
        name = re.split(r"\s+(?:Kabupaten|Kab\.|Kota|Provinsi)\b", name, flags=re.I)[0]
    return title_case(name.strip(" ,.:"))


def _instansi_phrase(text: str) -> str | None:
    m = _INSTANSI_IN_TEXT.search(text)
    if not m or len(m.group(1).split()) < 2:
        return None
    rest = text[m.start():]
    return _trim_instansi(re.split(r"\s+(?:Tahun|TA\.?)\s+(?:19|20)\d{2}\b", rest)[0])


def _without_citations(text: str) -> str:
    """Legal citations ('Nomor 7 Tahun 1999') and ranges ('Tahun 2013 - 2018') are not the report year."""
    return re.sub(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", " ", _CITATION.sub(" ", text))


_BUDGET_YEAR = re.compile(r"\b(?:tahun\s+anggaran|T\.?\s?A\.?)\s+((?:19|20)\d{2})\b", re.I)


def _cited_years(ctx: Context, text_lines: list[Line]) -> Counter:
    """How often each year is cited as the one of the report: 'Tahun 2016', 'LKIP 2016' in the
    text, table captions and header rows; a budget year ('Tahun Anggaran 2016', 'TA 2016') counts
    three times."""
    texts = [ln.text for ln in text_lines] + [t.caption for t in ctx.layout.tables]
    texts += [" ".join(c.text for r in t.rows[:3] for c in r if c.text) for t in ctx.layout.tables]
    years: Counter = Counter()
    for tx in texts:
        clean = _without_citations(tx)
        years.update(int(y) for y in _REPORT_YEAR.findall(clean))
        years.update({int(y): 2 for y in _BUDGET_YEAR.findall(clean)})
    return years


def _front_lines(ctx: Context, max_pages: int = 3) -> list[Line]:
    pages = sorted(ctx.layout.body)[:max_pages]
    return [ln for p in pages for ln in ctx.layout.body[p]]


def read_laporan(ctx: Context, ref: Reference) -> tuple[dict, dict]:
    """Returns (values, provenance by field)."""
    vals: dict = {}
    prov: dict = {}

    def put(field: str, value, line: Line | None):
        if value and field not in vals:
            vals[field] = value
            if line is not None:
                prov[field] = {"halaman": line.page, "bbox": line.bbox}

    front = _front_lines(ctx)
    # a statistics publication's title ('Kecamatan X Dalam Angka 2024', on its cover or
    # as its running header) names the area it is about; the cover's publisher (BPS) is not it
    for ln in front + ctx.layout.furniture:
        m = _IN_FIGURES.search(ln.text)
        if m:
            put("instansi", title_case(f"{m.group(1)} {m.group(2)}"), ln)
            break
    # cover: short lines naming the instansi and the region, and the year reported on
    for i, ln in enumerate(front):
        text = ln.text.strip()
        if len(text) > 90:
            continue
        inner = _INSTANSI_IN_TITLE.search(text) if text.upper() == text else None
        if inner and "instansi" not in vals and not _INSTANSI_LINE.match(text):
            put("instansi", title_case(f"{inner.group(1)} {inner.group(2)}"), ln)
        m = _INSTANSI_LINE.match(text)
        if m and "instansi" not in vals and m.group(2) and text.upper() == text:
            name = text
            nxt = front[i + 1].text.strip() if i + 1 < len(front) else ""
            if nxt and nxt.upper() == nxt and not _REGION_LINE.match(nxt) and not YEAR_RE.search(nxt) \
                    and not _DOCUMENT_TITLE.match(nxt) \
                    and front[i + 1].page == ln.page and len(nxt) < 60:
                name += " " + nxt
            elif nxt and _REGION_LINE.match(nxt) and front[i + 1].page == ln.page \
                    and not re.match(r"^\s*(KECAMATAN|KELURAHAN|DESA|DISTRIK)\b", text, re.I):
                # a dinas or badan is named with its province or kabupaten ('... Provinsi Y')
                name += " " + nxt
            put("instansi", title_case(name), ln)
        m = _REGION_LINE.match(text)
        if m and (len(re.sub(r"\W", "", m.group(2))) < 3 or any(w.conf < 60 for w in ln.words)):
            m = None  # 'KABUPATEN KE' from a cover's artwork read by OCR: no region name to trust
        if m:
            kind = m.group(1).lower().rstrip(".")
            field = "provinsi" if kind == "provinsi" else "kabupaten_kota"
            put(field, title_case(m.group(2)), ln)
            if kind != "provinsi":
                put("kabupaten_prefix", "Kota" if kind == "kota" else "Kabupaten", ln)
    # no cover: the running header, a labelled field, then the instansi most named in the text
    text_lines = ctx.layout.lines()
    joined = " ".join(ln.text for ln in front)
    if "instansi" not in vals:
        for ln in ctx.layout.furniture:
            name = _instansi_phrase(ln.text)
            if name:
                put("instansi", name, ln)
                break
    if "instansi" not in vals:
        m = _LABELLED_INSTANSI.search(joined)
        if m:
            vals["instansi"] = title_case(m.group(1).strip(" ,."))
    if "instansi" not in vals:
        m = _KEC_IN_TEXT.search(joined)
        if m:
            vals["instansi"] = "Kecamatan " + m.group(1)
    if "instansi" not in vals:
        named = Counter(n for ln in text_lines[:600] for n in _INSTANSI_IN_TEXT.findall(ln.text)
                        if not re.match(r"^(kecamatan|kelurahan|desa)$", n, re.I))
        if named and named.most_common(1)[0][1] >= 3:
            vals["instansi"] = _trim_instansi(named.most_common(1)[0][0])
    # the region: in the instansi's own name, on the cover, else the one most named
    inst = vals.get("instansi") or ""
    for m in _REGION_IN_TEXT.finditer(inst):
        field = "provinsi" if m.group(1).lower() == "provinsi" else "kabupaten_kota"
        put(field, title_case(m.group(2)), None)
        if field == "kabupaten_kota":
            put("kabupaten_prefix", m.group(1).title(), None)
    if "kabupaten_kota" not in vals and "provinsi" not in vals:
        counts = Counter((m.group(1).lower(), title_case(m.group(2))) for ln in text_lines[:600] + ctx.layout.furniture
                         for m in _REGION_IN_TEXT.finditer(ln.text))
        kab = [(k, c) for k, c in counts.most_common() if k[0] != "provinsi"]
        prov_ = [(k, c) for k, c in counts.most_common() if k[0] == "provinsi"]
        if kab and kab[0][1] >= 2 and (not prov_ or kab[0][1] >= prov_[0][1] or inst.lower().startswith("kecamatan")):
            vals["kabupaten_kota"] = kab[0][0][1]
            vals["kabupaten_prefix"] = kab[0][0][0].title()
        elif prov_ and prov_[0][1] >= 2:
            vals["provinsi"] = prov_[0][0][1]

    # year reported on: 'TAHUN 2023' on the cover, unless the report keeps speaking of the year
    # before (a cover printed with the publication year); else the most cited 'Tahun (Anggaran) YYYY'
    cover = None
    for ln in front:
        # a cover line: short and upper case ('TAHUN 2023', 'LKjIP 2019')
        m = _REPORT_YEAR.search(_without_citations(ln.text))
        if m and len(ln.text) < 120 and ln.text.upper() == ln.text:
            cover = (int(m.group(1)), ln)
            break
    years = _cited_years(ctx, text_lines)
    if cover and not (years[cover[0] - 1] >= max(5, 3 * years[cover[0]])):
        put("tahun", cover[0], cover[1])
    elif years:
        vals["tahun"] = years.most_common(1)[0][0]

    _read_signature(text_lines, put)

    inst = vals.pop("instansi", None)
    out: dict = {}
    if inst:
        out["nama_instansi"] = inst
        word = inst.split(" ")[0].lower()
        out["jenis_instansi"] = _JENIS.get(word, "lainnya")
        if out["jenis_instansi"] == "kecamatan":
            out["kecamatan"] = inst.split(" ", 1)[1] if " " in inst else None
    for f in ("kabupaten_kota", "provinsi", "tahun", "tempat_laporan", "tanggal_laporan", "penandatangan",
              "nip_penandatangan", "jabatan_penandatangan"):
        if f in vals:
            out[f] = vals[f]
    resolve_region(out, vals.get("kabupaten_prefix"), ref)
    prov = {k: v for k, v in prov.items() if k in out or k == "instansi"}
    if "instansi" in prov:
        prov["nama_instansi"] = prov.pop("instansi")
    return out, prov


def _read_signature(lines: list[Line], put) -> None:
    """The block '<Place>, <date>' / jabatan / name / pangkat / 'NIP ...'. The first block
    that has a NIP wins (the cover letter or foreword is signed by the head)."""
    for i, ln in enumerate(lines):
        nip = parse_nip(ln.text)
        if not nip:
            continue
        window = lines[max(0, i - 10):i]
        window = [w for w in window if w.page in (ln.page, ln.page - 1)]
        name_line = None
        for cand in reversed(window):
            t = cand.text.strip()
            if not t or _PANGKAT.search(t) and not re.search(r",", t):
                continue
            if _JABATAN.search(t) or parse_date(t) or t.lower().startswith(("mengetahui", "menyetujui")):
                break
            name_line = cand
            break
        date_i = next((k for k in range(len(window) - 1, -1, -1) if _PLACE_DATE.match(window[k].text)
                       and parse_date(window[k].text)), None)
        put("nip_penandatangan", nip, ln)
        if name_line is not None:
            put("penandatangan", strip_titles(name_line.text), name_line)
        if date_i is not None:
            d = window[date_i]
            m = _PLACE_DATE.match(d.text)
            put("tempat_laporan", title_case(m.group(1)), d)
            put("tanggal_laporan", parse_date(d.text), d)
            between = window[date_i + 1:]
        else:
            between = window
        jab = [w.text.strip() for w in between
               if w is not name_line and _JABATAN.search(w.text) and not parse_nip(w.text)]
        if jab:
            put("jabatan_penandatangan", title_case(" ".join(jab)), between[0])
        return


FROM_REFERENCE = "_dari_referensi"  # the metadata keys filled from reference data, not printed


def resolve_region(out: dict, prefix: str | None, ref: Reference) -> None:
    """Codes and the provinsi from the reference; a kabupaten the document does not print is
    taken from the kecamatan's name only when a single kabupaten/kota has such a kecamatan."""
    if not ref.available:
        return
    kab_name = out.get("kabupaten_kota")
    kab = ref.kabupaten(f"{prefix or ''} {kab_name}".strip()) if kab_name else None
    if kab is None and not kab_name and out.get("kecamatan"):
        kec = ref.kecamatan_anywhere(out["kecamatan"])
        kab = ref.regions.get(kec.kode_induk) if kec else None
        if kab:
            out["kabupaten_kota"] = re.sub(r"^(Kabupaten|Kota)\s+", "", kab.nama)
            out.setdefault(FROM_REFERENCE, set()).add("kabupaten_kota")  # not printed: the id does not use it
    if kab:
        prov = ref.provinsi_of(kab)
        if prov and not out.get("provinsi"):
            out["provinsi"] = prov.nama
            out.setdefault(FROM_REFERENCE, set()).add("provinsi")
        out["kode_wilayah"] = kab.kode
        if out.get("kecamatan"):
            kec = ref.kecamatan(out["kecamatan"], kab)
            if kec:
                out["kode_wilayah"] = kec.kode
    elif out.get("provinsi"):
        p = ref._find("provinsi", out["provinsi"])
        if p:
            out["kode_wilayah"] = p.kode
