"""Rows in, findings out: every reconciliation rule, each declared (id, severity, message) beside
its code. Sums and percents of the budget, belanja kinds, staff and areas (`sums`), the text's
own claims (`text`), OCR figures nothing confirms (`ocr_doubt`)."""
