"""lakip: LAKIP / LKjIP PDFs in, a validated and reconciled dataset out.

The stages, in the order data flows (a stage imports only the ones before it):

    core      Indonesian text patterns, number writing, reference lists, the findings registry
    pages     PDF -> pages: words with boxes, ruling lines, raw table cells (pdfium; OCR for scans)
    layout    pages -> lines, paragraphs, ruled and unruled tables joined across pages, table roles
    readers   tables and prose -> rows: report metadata, budget lines, belanja, indicators, staff, wilayah
    checks    rows -> findings: every reconciliation rule (sums, percents, capaian, the text's own claims)
    writers   rows and findings -> files: the dataset (CSV/JSON/Parquet/DuckDB/xlsx), the audit site,
              the comparison, the debug drawing; output folders that are never a user's

On top: pipeline (one document), batch (many, in parallel, cached), cli (the command).
"""
