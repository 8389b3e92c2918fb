"""PDFs cleaned of what runs, what hides and what identifies, or refused.

A PDF can run JavaScript when opened or when a page is shown, launch a program, carry other
files inside it, and name its author and the software and machine that made it. Whoever
opens a complainant's PDF (an officer, a manager, the Ombudsman) must not be put at risk by
it, and what the council keeps must be only what the page shows.
"""

from __future__ import annotations

import io
from typing import Any

from portal.files.refusals import Reason, Refusal

#: Actions that run something or reach outside the document.
DANGEROUS_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm",
                               "/Rendition", "/RichMediaExecute", "/Sound", "/Movie",
                               "/GoToE"})
#: Keys dropped from every dictionary in the file: automatic actions, scripts, metadata,
#: associated (embedded) files.
DROPPED_KEYS = ("/OpenAction", "/AA", "/JS", "/Metadata", "/PieceInfo", "/AF")
#: Name trees dropped from the catalogue's /Names.
DROPPED_NAMES = ("/JavaScript", "/EmbeddedFiles")
#: Annotations that carry a file or media.
DROPPED_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen",
                                 "/RichMedia", "/3D"})


def _is_dangerous_action(value: Any) -> bool:
    import pikepdf

    return isinstance(value, pikepdf.Dictionary) and str(value.get("/S", "")) in DANGEROUS_ACTIONS


def _clean_dictionary(obj: Any) -> None:
    import pikepdf

    for key in DROPPED_KEYS:
        if key in obj:
            del obj[key]
    if "/A" in obj and _is_dangerous_action(obj["/A"]):
        del obj["/A"]
    if "/Next" in obj and _is_dangerous_action(obj["/Next"]):
        del obj["/Next"]
    annotations = obj.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [a for a in annotations
                if not (isinstance(a, pikepdf.Dictionary)
                        and str(a.get("/Subtype", "")) in DROPPED_ANNOTATIONS)]
        if len(kept) != len(annotations):
            obj["/Annots"] = pikepdf.Array(kept)


def _strip(pdf: Any) -> None:
    import pikepdf

    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for tree in DROPPED_NAMES:
            if tree in names:
                del names[tree]
    form = pdf.Root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary) and "/XFA" in form:
        del form["/XFA"]  # XFA forms carry their own scripts
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _clean_dictionary(obj)
    _clean_dictionary(pdf.Root)
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]


def clean_pdf(data: bytes) -> bytes | Refusal:
    """The PDF without JavaScript (its name tree and every /JS), automatic actions
    (/OpenAction, /AA), launch and other outward actions, embedded files (their name tree
    and file-attachment annotations), XMP metadata and the /Info dictionary.

    Why: a complainant's PDF is opened by staff and may be passed on; nothing in it may
    run or hide another file, and the author's name or device it carries is not part of
    the complaint (UK GDPR art. 5(1)(c)). An encrypted PDF is refused (it cannot be
    checked, and staff could not open it), as is one that cannot be read.
    """
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return Refusal(Reason.PDF_ENCRYPTED)
    except (pikepdf.PdfError, OSError, ValueError) as error:
        return Refusal(Reason.PDF_UNREADABLE, type(error).__name__)
    with pdf:
        if pdf.is_encrypted:
            return Refusal(Reason.PDF_ENCRYPTED)
        try:
            if len(pdf.pages) == 0:
                return Refusal(Reason.PDF_UNREADABLE, "no pages")
            _strip(pdf)
            out = io.BytesIO()
            # Only what the catalogue still reaches is written: the dropped scripts and
            # embedded files do not survive as unreferenced objects.
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
        except (pikepdf.PdfError, OSError, ValueError, KeyError) as error:
            return Refusal(Reason.PDF_UNREADABLE, type(error).__name__)
    return out.getvalue()
