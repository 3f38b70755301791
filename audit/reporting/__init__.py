"""Reports: exports (JSON, CSV, Markdown, HTML, iCalendar) and the PDF."""


class ReportError(Exception):
    """A report that cannot be made as asked (brand, template, PDF engine); one line."""


# At the top of every copy that holds the consultant's private notes and flags for review
# (`--include-private`): the client's copy leaves them out.
INTERNAL_MARK = "internal: includes private notes"
