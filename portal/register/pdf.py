"""The annual report as a tagged PDF (the PDF/UA-1 variant) a council can publish.

The PDF is the standalone HTML report (``render.render_html``: the same
template, tables and charts), laid out on A4 by WeasyPrint's ``pdf/ua-1``
variant, which writes the structure tree from the HTML: H1 and H2 headings,
sections, Table with Caption, THead and TBody, TH and TD cells (each TD
naming its headers), and a Figure for each chart. WeasyPrint also sets the
title (shown in the title bar: DisplayDocTitle), ``/Lang`` (en-GB or cy-GB),
``/MarkInfo``, the PDF/UA identifier in the XMP metadata, an outline entry
for every heading, and embeds its fonts (DejaVu Sans, which has ŵ and ŷ).

``_complete`` then adds what WeasyPrint 70 leaves out: each TH's ``/Scope``,
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

import io
from typing import Any

import pikepdf
from flask_babel import gettext

from portal.register.render import document_language, render_html
from portal.register.report import Report

_SCOPES = {"/THead": pikepdf.Name.Column, "/TBody": pikepdf.Name.Row, "/TFoot": pikepdf.Name.Column}


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

    # A BCP 47 tag, e.g. en-GB or cy-GB: the words' language, in the UK.
    html = render_html(report, previous, lang=lang or f"{document_language()}-GB", **words)
    drawn = HTML(string=html.decode("utf-8")).write_pdf(pdf_variant="pdf/ua-1")
    return _complete(drawn)


def _complete(drawn: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(drawn)) as pdf:
        tagged = _tagged_content(pdf)
        for element in _elements(pdf.Root.StructTreeRoot):
            kind = str(element.S)
            if kind == "/TH":
                _set_scope(element)
            elif kind == "/Figure":
                _describe_chart(element)
        _mark_untagged_as_artifacts(pdf, tagged)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """Every structure element under ``node``, in reading order."""
    found: list[pikepdf.Dictionary] = []
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found.extend(_elements(kid))
    return found


def _tagged_content(pdf: pikepdf.Pdf) -> set[tuple[tuple[int, int], int]]:
    """(page, marked-content id) of everything the structure tree reaches."""
    tagged = set()
    for element in _elements(pdf.Root.StructTreeRoot):
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                tagged.add((element.Pg.objgen, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.Pg if "/Pg" in kid else element.Pg
                tagged.add((page.objgen, int(kid.MCID)))
    return tagged


def _set_scope(header: pikepdf.Dictionary) -> None:
    # The template's header cells are scope="col" in <thead> and scope="row" in
    # <tbody>; WeasyPrint links each TD to its headers but writes no /Scope, which
    # some screen readers use instead of /Headers.
    scope = _SCOPES.get(str(header.P.P.S))
    if scope is not None:
        header.A.Scope = scope


def _describe_chart(figure: pikepdf.Dictionary) -> None:
    # A chart stays a Figure, not an artifact: a sighted reader sees it, so a screen
    # reader says it is there. Its /Alt names it and points to the table above,
    # which carries every figure in it with headers: reading all the bars out again
    # (as the HTML's longer <desc> does) would only repeat the table. WeasyPrint
    # takes /Alt from the SVG's <title>, the table's caption.
    caption = str(figure.get("/Alt", "")).strip()
    if not caption:
        raise ValueError("a chart in the report PDF has no text alternative")
    figure.Alt = pikepdf.String(gettext(
        "Bar chart of “%(caption)s”. The same figures are in the table above.",
        caption=caption,
    ))


def _mark_untagged_as_artifacts(pdf: pikepdf.Pdf, tagged: set[tuple[tuple[int, int], int]]
                                ) -> None:
    """Make marked content the structure tree does not reach a pagination artifact.

    WeasyPrint 70 marks the page-margin boxes' text (our page numbers) with an id
    but leaves it out of the tree, so it is neither content nor artifact. That is
    the only content it leaves out; the tests check every heading and cell is in
    the tree.
    """
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    for page in pdf.pages:
        changed = False
        operations: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands = instruction.operands
            if (str(instruction.operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
                    and "/MCID" in operands[1]
                    and (page.obj.objgen, int(operands[1].MCID)) not in tagged):
                parents[int(page.obj.StructParents)][int(operands[1].MCID)] = None
                instruction = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                    instruction.operator)
                changed = True
            operations.append(instruction)
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
