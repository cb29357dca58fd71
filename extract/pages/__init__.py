"""PDF in, pages out: each page's words with their boxes, its ruling lines and the raw cells of
its ruled tables (`model.Page`), read from the text layer by pdfium, or by Tesseract when the
page is a scan. Nothing after this stage knows which of the two read a page."""
