"""The annual report as a tagged PDF (the PDF/UA-1 variant) a council can publish.

The PDF is the standalone HTML report (``render.render_html``: the same
template, tables and charts), laid out on A4 by WeasyPrint's ``pdf/ua-1``
variant, which writes the structure tree from the HTML: H1 and H2 headings,
sections, Table with Caption, THead and TBody, TH and TD cells (each TD
naming its headers), and a Figure for each chart. WeasyPrint also sets the
title (shown in the title bar: DisplayDocTitle), ``/Lang`` (en-GB or cy-GB),
``/MarkInfo``, the PDF/UA identifier in the XMP metadata, an outline entry
for every heading, and embeds its fonts (DejaVu Sans, which has ŵ and ŷ).

``pdf_tags.complete`` then adds what WeasyPrint 70 leaves out: each TH's ``/Scope``,
the page numbers marked as pagination artifacts (WeasyPrint tags them but
leaves them out of the tree: Kozea/WeasyPrint#1836), and a chart's
alternative text that says it is a chart of the table above it.

What was checked (tests/unit/register/test_report_pdf.py): those tags and entries,
the headings' and cells' text, and that every piece of text or drawing on
every page is either tagged content in the tree or an artifact. It has not
been through a full PDF/UA validator: veraPDF and PAC are not available from
PyPI, npm or Debian; PyPI's ``pdfua`` 0.1.3, which checks 16 of the 106
PDF/UA-1 rules, found nothing. Known limits: an element that runs over a page
break becomes two elements, one on each page (only a table longer than a page
is split; each part repeats the header row, so has its TH cells); and a
Figure's ``/BBox`` is in CSS pixels from the top of the page, as WeasyPrint
writes it.
"""

from __future__ import annotations

from typing import Any

from portal.register.render import document_language, render_html
from portal.register.report import Report


class PdfUnavailable(RuntimeError):
    """This server cannot lay out PDFs: WeasyPrint could not load Pango."""


def render_pdf(report: Report, previous: Report | None = None, *,
               lang: str | None = None, **words: Any) -> bytes:
    """The report as a tagged A4 PDF, in the locale's language (``lang``: a BCP 47 tag);
    ``words`` (the narrative, the stage 1 timescale) as ``render.render_html`` takes them."""
    try:
        # Imported here: WeasyPrint loads Pango, needed only when a PDF is asked for, so
        # a server without it still runs everything else.
        from weasyprint import HTML
    except OSError as error:  # the shared library is missing
        raise PdfUnavailable(str(error)) from error
    # pikepdf is large: loaded when a PDF is written, never at a web worker's start.
    from portal.register.pdf_tags import complete

    # A BCP 47 tag, e.g. en-GB or cy-GB: the words' language, in the UK.
    html = render_html(report, previous, lang=lang or f"{document_language()}-GB", **words)
    drawn = HTML(string=html.decode("utf-8")).write_pdf(pdf_variant="pdf/ua-1")
    return complete(drawn)
