"""Build the corpus PDFs the way the field makes them: a Word document with real
tables, exported to PDF by LibreOffice headless.

    python corpus/build.py [--seed PATH] [--out corpus/]

Needs python-docx and LibreOffice (`soffice`). The PDFs are committed, so tests
never need LibreOffice; rerun this only to rebuild them.

Variants of the seed report (a text conversion of a real LAKIP):
  * ``*-narasi``: as the seed is, budget realisation written as prose;
  * ``*-tabel``: section C printed as one budget table (No, Program/Kegiatan/Sub
    Kegiatan, Pagu, Realisasi, %) running over several pages, as most LAKIPs do;
  * ``*-tabel-salah-ketik``: the table variant with one sub kegiatan's realisasi mistyped
    (the reconciliation must name that line, its parent and the page).

This script is allowed to know the seed's wording: it is the printer, not the
reader. Nothing in ``extract/`` may.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for landscape variants)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = HERE.parent.parent / "shared" / "seeds" / "lakip-semende-darat-tengah-2023.txt"
STEM = "lakip-semende-darat-tengah-2023"

FONT = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif


# ---------------------------------------------------------------- seed parsing
@dataclass
class Block:
    kind: str  # para | table | toc | formula | pagebreak
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    center: bool = False


def _clean_cell(text: str) -> str:
    """HTML lists left by the text conversion become one numbered line each."""
    if "<li>" in text:
        items = re.findall(r"<li>(.*?)</li>", text, flags=re.S)
        return "\n".join(f"{i}. {t.strip()}" for i, t in enumerate(items, 1))
    return text.strip()


def _latex_to_text(tex: str) -> str:
    tex = tex.strip().strip("$").strip()
    tex = re.sub(r"\\text\{([^}]*)\}", r"\1", tex)
    while "\\frac" in tex:
        tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1 / \2", tex)
        if re.search(r"\\frac\{", tex) and not re.search(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", tex):
            break
    tex = tex.replace("\\times", "x").replace("\\%", "%")
    return re.sub(r"\s+", " ", tex)


def parse_seed(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if line.strip().startswith("$$"):
            blocks.append(Block("formula", [_latex_to_text(line)], center=True))
            i += 1
            continue
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([_clean_cell(c) for c in lines[i].rstrip("\n").split("\t")])
                i += 1
            is_toc = all(len(r) == 2 and re.fullmatch(r"[ivxlc\d]+", r[1].strip()) for r in rows)
            blocks.append(Block("toc" if is_toc else "table", rows=rows))
            continue
        para = [line]
        i += 1
        # markdown keeps bold titles over several lines until the closing **
        if line.startswith("**") and line.count("**") == 1:
            while i < len(lines) and "**" not in lines[i]:
                para.append(lines[i].rstrip())
                i += 1
            if i < len(lines):
                para.append(lines[i].rstrip())
                i += 1
        blocks.append(Block("para", para))
    return blocks


# ---------------------------------------------------------------- page layout
def _page_break_before(blocks: list[Block]) -> list[Block]:
    """Chapters and front matter start on a new page; the cover is centred."""
    out: list[Block] = []
    starts = re.compile(r"^(IKHTISAR EKSEKUTIF|KATA PENGANTAR|DAFTAR ISI)$")
    in_format = False
    cover = True
    for b in blocks:
        first = b.lines[0].strip() if b.lines else ""
        if first.startswith("C. **FORMAT PENULISAN"):
            in_format = True
        if first.startswith("LAMPIRAN"):
            in_format = False
        if b.kind == "para" and starts.match(first):
            cover = False
            out.append(Block("pagebreak"))
        elif b.kind == "para" and re.match(r"^BAB [IV]+\b", first) and not in_format:
            out.append(Block("pagebreak"))
        elif cover and b.kind == "para" and first.startswith("**LAPORAN") and out:
            out.append(Block("pagebreak"))
        if cover and b.kind == "para":
            b.center = True
        out.append(b)
    return out


def _add_page_number_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(11)


def _add_runs(paragraph, text: str, bold: bool = False) -> None:
    """Markdown ** and * become bold and italic runs."""
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**"):
            r = paragraph.add_run(part[2:-2])
            r.bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            r = paragraph.add_run(part[1:-1])
            r.italic = True
            r.bold = bold
        else:
            r = paragraph.add_run(part.replace("**", ""))
            r.bold = bold


def _mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _add_table(doc, rows: list[list[str]], widths_cm: list[float] | None = None,
               header: bool = True, bold_rows: set[int] = frozenset(),
               right_cols: set[int] = frozenset(), font_pt: float | None = None) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for ri, cells in enumerate(rows):
        row = table.add_row()
        if ri == 0 and header:
            _mark_header_row(row)
        for ci in range(ncols):
            text = cells[ci] if ci < len(cells) else ""
            cell = row.cells[ci]
            cell.paragraphs[0].text = ""
            for li, line in enumerate(text.split("\n")):
                p = cell.paragraphs[0] if li == 0 else cell.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                if ci in right_cols and ri > 0:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if ri == 0 and header:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _add_runs(p, line, bold=(ri == 0 and header) or ri in bold_rows)
                if font_pt:
                    for r in p.runs:
                        r.font.size = Pt(font_pt)
    if widths_cm:
        table.autofit = False
        grid = table._tbl.tblGrid
        for ci, gc in enumerate(grid.findall(qn("w:gridCol"))):
            gc.set(qn("w:w"), str(int(widths_cm[ci] * 567)))
        for ci, w in enumerate(widths_cm):
            table.columns[ci].width = Cm(w)
        for row in table.rows:
            for ci, w in enumerate(widths_cm):
                row.cells[ci].width = Cm(w)
    doc.add_paragraph()


def new_document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.5)
    _add_page_number_footer(sec)
    return doc


def add_toc(doc, rows) -> None:
    """A table of contents: each entry, a dotted leader, its page number at the right margin."""
    for left, right in rows:
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(15.5), alignment=2, leader=1)
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{left.strip()}\t{right.strip()}")


def render(blocks: list[Block], doc, budget_table: list[list[str]] | None = None) -> None:
    for b in blocks:
        if b.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif b.kind == "para":
            text = " ".join(x.strip() for x in b.lines) if not b.center else "\n".join(b.lines)
            if text.strip() == "@BUDGET_TABLE@" and budget_table:
                _add_budget_table(doc, budget_table)
                continue
            p = doc.add_paragraph()
            if b.center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            m = re.match(r"^(\s*)- ", b.lines[0])
            if m:
                p.paragraph_format.left_indent = Cm(0.6 + 0.6 * (len(m.group(1)) > 0))
                text = text.strip()[2:]
            heading = bool(re.match(r"^(BAB [IVX]+|[A-D]\. [A-Z ]{6,}|IKHTISAR|KATA PENGANTAR|DAFTAR ISI)", text))
            for li, line in enumerate(text.split("\n")):
                if li:
                    p.add_run().add_break()
                _add_runs(p, line, bold=heading or b.center)
        elif b.kind == "formula":
            p = doc.add_paragraph(b.lines[0])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "toc":
            add_toc(doc, b.rows)
        elif b.kind == "table":
            _add_table(doc, b.rows)


# ---------------------------------------------------------------- budget table variant
LEVEL = re.compile(r"^(?:[-\d\w]+\.\s+|-\s+)?(Program|Kegiatan|Sub Kegiatan)\s+(.*)$")
AMOUNTS = re.compile(r"Rp\.\s*([\d.]+,\d{2})")


def parse_budget_prose(section_lines: list[str]) -> list[dict]:
    """The seed's section C prose, one dict per line in document order (builder only)."""
    out = []
    for raw in section_lines:
        line = raw.strip().lstrip("- ").strip()
        line = re.sub(r"^([a-z0-9]+\.)\s+", "", line)
        m = re.match(r"^(Program|Kegiatan|Sub Kegiatan)\s+(.*)$", line)
        if not m:
            continue
        level, rest = m.groups()
        amounts = AMOUNTS.findall(rest)
        name = re.split(r",?\s+(?:Pagu Anggaran|Alokasi Anggaran|alokasi)\s+sebesar", rest)[0].strip()
        pagu, real = (int(Decimal(a.replace(".", "").replace(",", "."))) for a in amounts[:2])
        out.append({"level": level, "name": name, "pagu": pagu, "realisasi": real})
    return out


def fmt_rp(v: int) -> str:
    return f"{v:,}".replace(",", ".") + ",00"


def fmt_pct(p: int, r: int) -> str:
    return f"{(Decimal(r) * 100 / Decimal(p)).quantize(Decimal('0.01'))}".replace(".", ",")


def budget_table_rows(lines: list[dict]) -> tuple[list[list[str]], set[int]]:
    rows = [["No", "Program/Kegiatan/Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"]]
    bold = set()
    p = k = s = 0
    for ln in lines:
        if ln["level"] == "Program":
            p, k = p + 1, 0
            no, name = f"{p}", f"Program {ln['name']}"
            bold.add(len(rows))
        elif ln["level"] == "Kegiatan":
            k, s = k + 1, 0
            no, name = f"{p}.{k}", ln["name"]
        else:
            s += 1
            no, name = f"{p}.{k}.{s}", ln["name"]
        rows.append([no, name, fmt_rp(ln["pagu"]), fmt_rp(ln["realisasi"]), fmt_pct(ln["pagu"], ln["realisasi"])])
    progs = [ln for ln in lines if ln["level"] == "Program"]
    tp, tr = sum(x["pagu"] for x in progs), sum(x["realisasi"] for x in progs)
    bold.add(len(rows))
    rows.append(["", "JUMLAH", fmt_rp(tp), fmt_rp(tr), fmt_pct(tp, tr)])
    return rows, bold


def _add_budget_table(doc, spec) -> None:
    rows, bold = spec
    _add_table(doc, rows, widths_cm=[1.4, 5.8, 3.4, 3.4, 1.5], font_pt=11, bold_rows=bold, right_cols={2, 3, 4})


def table_variant(seed_text: str):
    """Replace section C's per-program prose with a caption and one budget table."""
    lines = seed_text.splitlines()
    start = next(i for i, l in enumerate(lines) if "dirincikan sebagai berikut" in l) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("D. ASPEK PENDUKUNG"))
    budget = parse_budget_prose(lines[start:end])
    caption = ["", "Tabel 3.3", "Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan Tahun 2023", "",
               "@BUDGET_TABLE@", ""]
    new_text = "\n".join(lines[:start] + caption + lines[end:])
    return new_text, budget_table_rows(budget)


# the typo of the altered variant: one sub kegiatan's realisasi, its other cells (and its %,
# its parent's subtotal, the JUMLAH row) left as they were, as when a figure is mistyped
ALTERED_LINE = "Penyediaan Jasa Surat Menyurat"
ALTERED_FROM, ALTERED_TO = "7.490.000,00", "7.940.000,00"


def altered(spec):
    rows, bold = spec
    rows = [list(r) for r in rows]
    row = next(r for r in rows if r[1] == ALTERED_LINE)
    assert row[3] == ALTERED_FROM, row
    row[3] = ALTERED_TO
    return rows, bold


# ---------------------------------------------------------------- build
def to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to build the corpus: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True, timeout=300)
    return out_dir / (docx.stem + ".pdf")


def build(seed: Path, out: Path) -> list[Path]:
    text = seed.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        variants = {f"{STEM}-narasi": (text, None)}
        tv_text, tv_table = table_variant(text)
        variants[f"{STEM}-tabel"] = (tv_text, tv_table)
        variants[f"{STEM}-tabel-salah-ketik"] = (tv_text, altered(tv_table))
        for name, (body, budget_table) in variants.items():
            doc = new_document()
            render(_page_break_before(parse_seed(body)), doc, budget_table)
            docx = tmp / f"{name}.docx"
            doc.save(docx)
            pdf = to_pdf(docx, tmp)
            shutil.copy(pdf, out / pdf.name)
            made.append(out / pdf.name)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=HERE)
    a = ap.parse_args()
    for p in build(a.seed, a.out):
        print(p)


if __name__ == "__main__":
    main()
