"""What WeasyPrint 70 leaves out of a tagged PDF, added with pikepdf (``complete``).

Its own module, imported only when a PDF is written (``pdf.render_pdf``, the letters):
pikepdf is a large library a web worker otherwise never needs at start-up. The tags it
adds and why are described in ``portal/register/pdf.py``.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from flask_babel import gettext

_SCOPES = {"/THead": pikepdf.Name.Column, "/TBody": pikepdf.Name.Row, "/TFoot": pikepdf.Name.Column}


def complete(drawn: bytes) -> bytes:
    """``drawn`` (WeasyPrint's PDF/UA-1 output) with the scopes, artifacts and chart
    descriptions added."""
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
