"""A report as a PDF for the agenda system: the printable HTML page (`html.write_html`) laid out
by WeasyPrint on A4 across, its title and page numbers on every page, its charts drawn from the
inline SVG. WeasyPrint is imported only here, when a PDF is asked for."""

from __future__ import annotations

import io
from typing import IO, Any, NoReturn

from workflow.reports.html import write_html
from workflow.reports.model import Report

__all__ = ["pdf_of_page", "write_pdf"]


def write_pdf(report: Report, out: IO[bytes], language: str) -> None:
    """Write the PDF to `out` (a binary stream), every text in `language`."""
    # WeasyPrint lays out a whole document at once: the page is made first, then the PDF.
    page = io.StringIO()
    write_html(report, page, language)
    pdf_of_page(page.getvalue(), out)


def pdf_of_page(page: str, out: IO[bytes]) -> None:
    """Lay out a self-contained HTML page (its style in it) as a PDF, written to `out`."""
    from weasyprint import HTML

    HTML(string=page, url_fetcher=_nothing_fetched).write_pdf(out)


def _nothing_fetched(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """The page holds everything it shows: a report never makes WeasyPrint fetch anything."""
    raise ValueError(f"a report fetches nothing ({url[:60]})")
