"""Reports: exports (JSON, CSV, Markdown, HTML, iCalendar) and the PDF."""


class ReportError(Exception):
    """A report that cannot be made as asked (brand, template, PDF engine); one line."""
