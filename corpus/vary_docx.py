"""The first producer of corpus/vary.py: a Word document (python-docx) exported by LibreOffice, as
most LAKIPs are made."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from build import _add_page_number_footer, _add_runs, _mark_header_row, add_toc, new_document, to_pdf as soffice_pdf
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def _running(section, style: str) -> None:
    section.footer.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    for r in list(footer.runs):
        r._r.getparent().remove(r._r)
    if style == "none":
        return
    if style == "halaman":
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run("Halaman ").font.size = Pt(9)
        _add_page_number_footer(section)
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return
    _add_page_number_footer(section)
    if style == "title":
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = head.add_run("Laporan Kinerja Tahun")
        run.italic, run.font.size = True, Pt(9)


def _orient(doc, landscape: bool, running: str):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    w, h = Cm(21.0), Cm(29.7)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (h, w) if landscape else (w, h)
    _running(sec, running)
    return sec


def _table(doc, it, size: float, usable_cm: float) -> None:
    ncols = max(len(r) for r in it.rows)
    table = doc.add_table(rows=0, cols=ncols)
    if it.ruled:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for ri, cells in enumerate(it.rows):
        row = table.add_row()
        head = ri < it.header_rows
        if head and it.repeat_header:
            _mark_header_row(row)
        for ci in range(ncols):
            cell = row.cells[ci]
            text = cells[ci] if ci < len(cells) else ""
            for li, line in enumerate(text.split("\n")):
                p = cell.paragraphs[0] if li == 0 else cell.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                if head:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif ci in it.right_cols:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _add_runs(p, line, bold=head or ri in it.bold_rows)
                for r in p.runs:
                    r.font.size = Pt(size - 1)
    if it.widths:
        scale = usable_cm / sum(it.widths)
        table.autofit = False
        for ci, gc in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
            gc.set(qn("w:w"), str(int(it.widths[ci] * scale * 567)))
        for row in table.rows:
            for ci, w in enumerate(it.widths):
                row.cells[ci].width = Cm(w * scale)
        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            table._tbl.tblPr.append(tbl_w)
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(usable_cm * 567)))
    doc.add_paragraph()


def to_pdf(v, items, pdf: Path) -> Path:
    doc = new_document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = v.font, Pt(v.size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), v.font)
    _running(doc.sections[0], v.running)
    for it in items:
        if it.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif it.kind in ("para", "split"):
            p = doc.add_paragraph()
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "heading": WD_ALIGN_PARAGRAPH.LEFT}.get(
                it.style, WD_ALIGN_PARAGRAPH.JUSTIFY)
            if it.style in ("bullet", "item"):
                p.paragraph_format.left_indent = Cm(0.7)
            for li, line in enumerate(it.text.split("\n")):
                if li:
                    p.add_run().add_break()
                _add_runs(p, line, bold=it.style in ("heading", "center"))
            if it.kind == "split":
                p.add_run().add_break(WD_BREAK.PAGE)
                _add_runs(p, it.second)
        elif it.kind == "toc":
            add_toc(doc, it.rows)
        elif it.kind == "table":
            _table(doc, it, v.size, 15.5)
        elif it.kind == "budget":
            if it.landscape:
                _orient(doc, True, v.running)
            _table(doc, it, v.size, 24.7 if it.landscape else 15.5)
            if it.landscape:
                _orient(doc, False, v.running)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{pdf.stem}.docx"
        doc.save(docx)
        shutil.copy(soffice_pdf(docx, Path(tmp)), pdf)
    return pdf
