"""The register in the back office: import, export, the annual report and timeliness.

The same work as ``flask --app portal register ...`` and ``report ...``, for
officers who never open a terminal. Import is all or nothing and names every
bad row; exports are CSV (REGISTER.md) or XLSX written so that no cell can
become a formula; the annual report is shown with its charts and offered in
every format of REPORT.md.
"""

from __future__ import annotations

import io
from datetime import date
from typing import IO, TYPE_CHECKING

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wsgi import wrap_file
from wtforms import DateField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.validators import ValidationError as FieldError

from portal.common.clock import london_today
from portal.common.forms import GovDateField, PortalForm
from portal.common.widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from portal.councils.services import council_calendar, council_settings, current_council
from portal.db.session import keep_on_refusal, reads_from_now
from portal.extensions import db
from portal.models.councils import Council
from portal.register.csvio import RegisterFileError, read_register
from portal.register.export import SPOOL_BYTES, RegisterExport
from portal.register.formats import WORDED, renderer
from portal.register.narrative import (
    MAX_CHARS,
    SECTIONS,
    Narrative,
    load_narrative,
    narrative_sections,
    save_narrative,
)
from portal.register.pdf import PdfUnavailable
from portal.register.render import report_sections
from portal.register.report import Period, Report
from portal.register.report_db import database_reports, database_timeliness
from portal.register.services import (
    ReferenceTaken,
    import_register,
    withheld_message,
)
from portal.register.summary import key_figures
from portal.register.tables import period_label, report_title
from portal.register.timescales import Timescales
from portal.security.sanitise import exact_text
from portal.staff.access import current_user, deny, requires, scope_of, signed_in_user
from portal.staff.permissions import Permission, may
from portal.staff.services import audit
from portal.vocab.register import Procedure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

bp = Blueprint("register_office", __name__, url_prefix="/staff/register")

PDF_UNAVAILABLE = _l("This server cannot make PDFs yet: it needs the Pango library "
                     "(run make system-deps, or install libpango-1.0-0). The HTML download "
                     "is the same report and can be printed or saved as a PDF.")

DOWNLOAD_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportForm(PortalForm):
    file = FileField(
        _l("Register file (CSV)"), widget=GovFileInput(),
        description=_l("A CSV file with the columns of the register. Nothing is imported if "
                       "any row has a problem."),
        validators=[FileRequired(_l("Choose a CSV file"))],
    )
    submit = SubmitField(_l("Import"), widget=GovSubmitInput())


def _not_before(start_field: str):  # type: ignore[no-untyped-def]
    def check(form: FlaskForm, field: DateField) -> None:
        start = form[start_field].data
        if start and field.data and field.data < start:
            raise FieldError(gettext("The last day must be the same as or after the first day"))
    return check


class ExportForm(PortalForm):
    received_from = GovDateField(_l("Received from (optional)"), validators=[Optional()],
                                 description=_l("For example, 1 4 2025"))
    received_to = GovDateField(_l("Received up to (optional)"),
                               validators=[Optional(), _not_before("received_from")])
    file_format = RadioField(
        _l("Format"), widget=GovRadioInput(), default="csv",
        choices=[SelectChoice("csv", _l("CSV (the register's own format)")),
                 SelectChoice("xlsx", _l("Spreadsheet (XLSX)"))],
        validators=[InputRequired(_l("Choose a format"))],
    )
    submit = SubmitField(_l("Export"), widget=GovSubmitInput())


class ReportForm(PortalForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    period_from = GovDateField(_l("First day"),
                               validators=[InputRequired(_l("Enter the first day of the "
                                                            "period"))])
    period_to = GovDateField(_l("Last day"),
                             validators=[InputRequired(_l("Enter the last day of the period")),
                                         _not_before("period_from")])
    submit = SubmitField(_l("Show the report"), widget=GovSubmitInput())


def _not_too_long(form: FlaskForm, field: TextAreaField) -> None:
    length = len(exact_text(field.data))  # as stored: a browser's \r\n is one break
    if length > MAX_CHARS:
        raise FieldError(gettext(
            "%(section)s must be %(limit)s characters or fewer. It has %(length)s: "
            "shorten it, or move some of it to another section.",
            section=field.label.text, limit=f"{MAX_CHARS:,}", length=f"{length:,}"))


def _narrative_field(label: object) -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), validators=[_not_too_long],
                         description=_l("Optional. Plain text; leave a blank line between "
                                        "paragraphs."))


class NarrativeForm(PortalForm):
    """The council's own words for one period (narrative.SECTIONS, in the same order)."""

    start = HiddenField()
    end = HiddenField()
    introduction = _narrative_field(SECTIONS[0][1])
    learning = _narrative_field(SECTIONS[1][1])
    priorities = _narrative_field(SECTIONS[2][1])
    submit = SubmitField(_l("Save the report's words"), widget=GovSubmitInput())


def last_full_year(today: date) -> Period:
    """The last whole reporting year (1 April to 31 March) before ``today``."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return Period(date(end_year - 1, 4, 1), date(end_year, 3, 31))


def stage1_days(council: Council) -> int:
    """The council's stage 1 base timescale, which the key figures name."""
    timescales = Timescales.from_mapping(council_settings(council).report_timescales)
    return timescales.stage(Procedure.CHILDREN_STATUTORY, 1).base


def build_annual(session: Session, council: Council, period: Period
                 ) -> tuple[Report, Report | None]:
    """The annual report for ``period`` and the year before it, when the register holds it,
    counted by the database (register/report_db.py)."""
    return database_reports(
        session, council.id, period=period,
        timescales=Timescales.from_mapping(council_settings(council).report_timescales),
        calendar=council_calendar(council),
    )


def _download(data: bytes, filename: str, fmt: str) -> Response:
    response = Response(data, mimetype=DOWNLOAD_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _download_file(file: IO[bytes], filename: str, fmt: str) -> Response:
    """A file sent from where it is and closed once sent; a small one, still in memory
    (export.SPOOL_BYTES), as its bytes, leaving no file for anyone to close."""
    if file.seek(0, io.SEEK_END) <= SPOOL_BYTES:
        with file:
            file.seek(0)
            return _download(file.read(), filename, fmt)
    file.seek(0)
    response = Response(wrap_file(request.environ, file), mimetype=DOWNLOAD_TYPES[fmt],
                        direct_passthrough=True)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/")
@requires(Permission.READ_REPORTS)
def index() -> str:
    user = signed_in_user()
    return render_template("register/office/index.html",
                           can_run_register=may(user, Permission.USE_REGISTER),
                           can_import=scope_of(user) is None)


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.USE_REGISTER)
def import_file() -> str | tuple[str, int]:
    if scope_of(signed_in_user()) is not None:
        # An import writes any case, whatever its team: while officers see only their own
        # teams' cases (portal.staff.access.case_scope), it is the complaints manager's.
        deny(signed_in_user(), representation_id=None)
    form = ImportForm()
    problems: list[str] = []
    result = None
    if form.validate_on_submit():
        session = db.session()
        try:
            text = form.file.data.read().decode("utf-8-sig")
            rows = read_register(io.StringIO(text))
            # All or nothing: a refusal undoes this import and nothing else.
            with session.begin_nested():
                result = import_register(session, current_council(session), rows)
        except UnicodeDecodeError:
            problems = [gettext("The file is not UTF-8 text. Save it as CSV UTF-8 and try "
                                "again.")]
        except RegisterFileError as error:
            problems = [str(problem) for problem in error.problems]
        except ReferenceTaken as error:
            problems = [gettext("Nothing was imported: another council's register already "
                                "holds these references: %(references)s",
                                references=", ".join(error.references))]
        if problems:
            audit(current_user(), "register_import_refused",
                  detail={"problems": len(problems)})
            keep_on_refusal()  # the refused import is part of the record (its rows are not)
            return render_template("register/office/import.html", form=form,
                                   problems=problems), 400
        audit(current_user(), "register_imported",
              detail={"created": result.created, "updated": result.updated,  # type: ignore[union-attr]
                      "unchanged": result.unchanged,  # type: ignore[union-attr]
                      "open_cases": result.open_cases,  # type: ignore[union-attr]
                      "overdue": result.overdue})  # type: ignore[union-attr]
    return render_template("register/office/import.html", form=form, problems=problems,
                           result=result,
                           withheld=withheld_message(result.withheld)
                           if result is not None and result.withheld else None
                           ), 400 if form.errors else 200


@bp.route("/export", methods=["GET", "POST"])
@requires(Permission.USE_REGISTER)
def export() -> tuple[str, int] | Response:
    form = ExportForm()
    if form.validate_on_submit():
        session = db.session()
        council = current_council(session)
        found = RegisterExport.of(council.id, signed_in_user(),
                                  received_from=form.received_from.data,
                                  received_to=form.received_to.data)
        audit(current_user(), "register_exported",
              detail={"rows": found.count(session), "format": form.file_format.data,
                      **({"team_limited": True} if found.team_limited else {})})
        # Committed before the file is made, not at the request's end: a large register
        # takes a while to write out, and SQLite's one write lock, taken by this POST
        # (portal.db.session), must not make every Send wait meanwhile.
        session.commit()
        reads_from_now()
        if form.file_format.data == "xlsx":
            return _download_file(found.xlsx_file(session), "register.xlsx", "xlsx")
        # Sent as it is read, a batch of rows at a time (register/export.py): the first
        # byte leaves at once and memory stays flat whatever the size of the register.
        response = Response(stream_with_context(found.csv_chunks(db.session)),
                            mimetype=DOWNLOAD_TYPES["csv"])
        response.headers["Content-Disposition"] = 'attachment; filename="register.csv"'
        return response
    return render_template("register/office/export.html", form=form,
                           team_limited=scope_of(signed_in_user()) is not None
                           ), 400 if form.errors else 200


@bp.get("/annual-report")
@requires(Permission.READ_REPORTS)
def annual_report() -> str | Response | tuple[str, int]:
    default = last_full_year(london_today())
    asked = "period_from" in request.args
    form = ReportForm(request.args if asked else None,
                      data={"period_from": default.start, "period_to": default.end})
    if asked and not form.validate():
        return render_template("register/office/report.html", form=form, report=None), 400
    period = Period(form.period_from.data, form.period_to.data)
    fmt = request.args.get("download")
    return _report_page(form, period, fmt=fmt)


def _report_page(form: ReportForm, period: Period, *, fmt: str | None = None,
                 narrative_form: NarrativeForm | None = None
                 ) -> str | Response | tuple[str, int]:
    """The report for ``period`` as a page or a download; with ``narrative_form`` (a
    refused save) the page shows what was typed and its errors."""
    session = db.session()
    council = current_council(session)
    report, previous = build_annual(session, council, period)
    narrative = load_narrative(session, council.id, period)
    days = stage1_days(council)
    audit(current_user(), "report_viewed", detail={"from": period.start.isoformat(),
                                                   "to": period.end.isoformat(),
                                                   "format": fmt or "page"})
    # Committed now, not at the request's end: the view is recorded even when the
    # download cannot be made (503), and a PDF takes seconds to make, during which
    # SQLite's one write lock (portal.db.session) must not make every Send wait.
    session.commit()
    unavailable = None
    if fmt in DOWNLOAD_TYPES:
        name = f"annual-report-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
        words = {"narrative": narrative, "stage1_days": days} if fmt in WORDED else {}
        try:
            return _download(renderer(fmt)(report, previous, **words), name, fmt)
        except PdfUnavailable:
            # Said on the page, with the same report beside it, rather than a server error.
            unavailable = PDF_UNAVAILABLE
    can_write = may(current_user(), Permission.USE_REGISTER)
    if narrative_form is None and can_write:
        narrative_form = NarrativeForm(formdata=None, start=period.start.isoformat(),
                                       end=period.end.isoformat(),
                                       introduction=narrative.introduction,
                                       learning=narrative.learning,
                                       priorities=narrative.priorities)
    refused = narrative_form is not None and bool(narrative_form.errors)
    return render_template(
        "register/office/report.html", form=form, report=report, title=report_title(report),
        previous_period=period_label(previous) if previous is not None else None,
        key_figures=key_figures(report, previous, stage1_days=days),
        narrative=narrative_sections(narrative), narrative_form=narrative_form,
        sections=report_sections(report, previous), formats=list(DOWNLOAD_TYPES),
        period=period, unavailable=unavailable,
    ), 503 if unavailable else 400 if refused else 200


@bp.post("/annual-report/words")
@requires(Permission.USE_REGISTER)
def save_words() -> str | Response | tuple[str, int]:
    """Save the council's narrative for one period; refused, the page shows what was typed."""
    narrative_form = NarrativeForm()
    try:
        period = Period(date.fromisoformat(narrative_form.start.data or ""),
                        date.fromisoformat(narrative_form.end.data or ""))
    except ValueError:
        abort(400)
    form = ReportForm(formdata=None, data={"period_from": period.start, "period_to": period.end})
    if not narrative_form.validate_on_submit():
        audit(current_user(), "report_narrative_refused",
              detail={"problems": len(narrative_form.errors)})
        return _report_page(form, period, narrative_form=narrative_form)
    narrative = Narrative(*(exact_text(narrative_form[key].data) for key, _h in SECTIONS))
    session = db.session()
    save_narrative(session, current_council(session).id, period, narrative)
    # The words may name people: the log records which sections were written, not what.
    audit(current_user(), "report_narrative_saved",
          detail={"from": period.start.isoformat(), "to": period.end.isoformat(),
                  "sections": narrative.written()})
    flash(gettext("The report's words were saved. They appear in the page, the HTML and "
                  "the PDF for this period."))
    return redirect(url_for(  # type: ignore[return-value]
        ".annual_report", _anchor="narrative-form",
        period_from=[period.start.day, period.start.month, period.start.year],
        period_to=[period.end.day, period.end.month, period.end.year]))


@bp.get("/timeliness")
@requires(Permission.READ_REPORTS)
def timeliness() -> str:
    session = db.session()
    council = current_council(session)
    today = london_today()
    result = database_timeliness(
        session, council.id, today=today,
        timescales=Timescales.from_mapping(council_settings(council).report_timescales),
        calendar=council_calendar(council),
    )
    audit(current_user(), "timeliness_viewed")
    return render_template("register/office/timeliness.html", result=result, today=today)

