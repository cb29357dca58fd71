"""The second producer of corpus/vary.py: the report as HTML, printed to PDF by headless Chromium
(as reports exported from web applications and online editors are)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path


def _runs(text: str) -> str:
    """Markdown ** and * as bold and italic, the rest escaped; line breaks kept."""
    out = []
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(f"<b>{html.escape(part[2:-2])}</b>")
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(f"<i>{html.escape(part[1:-1])}</i>")
        else:
            out.append(html.escape(part.replace("**", "")))
    return "".join(out).replace("\n", "<br>")


def _table(it, budget: bool) -> str:
    cls = "ruled" if it.ruled else "plain"
    total = sum(it.widths) if it.widths else 0
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in it.widths) if total else ""
    head, body = it.rows[:it.header_rows], it.rows[it.header_rows:]
    cell = lambda tag, ri, ci, c: (  # noqa: E731
        f'<{tag}{" class=r" if ci in it.right_cols and tag == "td" else ""}>{_runs(c)}</{tag}>')
    h = "".join("<tr>" + "".join(cell("th", 0, ci, c) for ci, c in enumerate(r)) + "</tr>" for r in head)
    rows = []
    for ri, r in enumerate(body, it.header_rows):
        b = ' class="b"' if ri in it.bold_rows else ""
        rows.append(f"<tr{b}>" + "".join(cell("td", ri, ci, c) for ci, c in enumerate(r)) + "</tr>")
    thead = f"<thead>{h}</thead>" if it.repeat_header else ""
    tbody = ("" if it.repeat_header else h) + "".join(rows)
    wide = " wide" if it.landscape else ""
    return f'<div class="tbl{wide}"><table class="{cls}{" budget" if budget else ""}">{cols}{thead}<tbody>{tbody}</tbody></table></div>'


def page_css(v) -> str:
    margin = "2.5cm 2.5cm 2.5cm 3cm"
    boxes = {
        "number": "@bottom-center { content: counter(page); font-size: 10pt; }",
        "halaman": "@bottom-right { content: \"Halaman \" counter(page); font-size: 9pt; }",
        "title": (f"@top-right {{ content: \"Laporan Kinerja Tahun\"; font-size: 9pt; font-style: italic; }}"
                  "@bottom-center { content: \"- \" counter(page) \" -\"; font-size: 10pt; }"),
        "none": "",
    }[v.running]
    return f"""
@page {{ size: A4; margin: {margin}; {boxes} }}
@page wide {{ size: A4 landscape; margin: 2cm 2.5cm; {boxes} }}
.wide {{ page: wide; }}
body {{ font-family: "{v.font}"; font-size: {v.size}pt; line-height: 1.3; }}
p {{ margin: 0 0 6pt 0; text-align: justify; }}
p.center {{ text-align: center; font-weight: bold; }}
p.heading {{ font-weight: bold; text-align: left; margin-top: 8pt; }}
p.bullet {{ margin-left: 0.8cm; }}
p.item {{ margin-left: 0.6cm; }}
p.split2 {{ break-before: page; }}
.pb {{ break-after: page; }}
.toc {{ display: flex; }} .toc span.l {{ flex: 1; border-bottom: 1px dotted #000; margin-right: 4pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: {v.size - 1}pt; }}
table.ruled td, table.ruled th {{ border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: top; }}
table.plain td, table.plain th {{ border: none; padding: 1.5pt 4pt; vertical-align: top; }}
table.plain thead th, table.plain tr:first-child th {{ border-bottom: 0.75pt solid #000; }}
th {{ font-weight: bold; text-align: center; }}
td.r {{ text-align: right; white-space: nowrap; }}
tr.b td {{ font-weight: bold; }}
"""


def document(v, items) -> str:
    parts = []
    for it in items:
        if it.kind == "pagebreak":
            parts.append('<div class="pb"></div>')
        elif it.kind == "para":
            parts.append(f'<p class="{it.style}">{_runs(it.text)}</p>')
        elif it.kind == "split":
            parts.append(f'<p class="{it.style}">{_runs(it.text)}</p>')
            parts.append(f'<p class="{it.style} split2">{_runs(it.second)}</p>')
        elif it.kind == "toc":
            parts.extend(f'<div class="toc"><span class="l">{_runs(a)}</span><span>{html.escape(b)}</span></div>'
                         for a, b in it.rows)
        elif it.kind in ("table", "budget"):
            parts.append(_table(it, it.kind == "budget"))
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><style>{page_css(v)}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("Chromium is needed for the HTML variants: apt-get install chromium")


def to_pdf(v, items, pdf: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(document(v, items), encoding="utf-8")
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", src.as_uri()],
                       check=True, capture_output=True, timeout=180)
    return pdf
