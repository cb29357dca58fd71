"""Pages in, layout out: lines, paragraphs, running headers and footers kept apart, ruled tables
and tables without rules (columns from the alignment of their words), joined across pages; and
what each table is and what role each of its columns plays (`roles.understand`)."""
