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
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from openpyxl import Workbook
from sqlalchemy.orm import Session
from wtforms import DateField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.validators import ValidationError as FieldError

from portal.common.clock import london_today
from portal.common.widgets import (
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
)
from portal.councils.models import Council
from portal.councils.services import council_calendar, council_settings, current_council
from portal.extensions import db
from portal.register.csvio import COLUMNS, RegisterFileError, read_register, register_text
from portal.register.pdf import PdfUnavailable
from portal.register.queries import register_rows, report_rows
from portal.register.rag import timeliness_by_team
from portal.register.render import renderer, report_sections
from portal.register.report import Period, Report
from portal.register.services import (
    ReferenceTaken,
    annual_reports,
    import_register,
    withheld_message,
)
from portal.register.tables import period_label, report_title
from portal.register.timescales import Timescales
from portal.register.xlsx import put
from portal.staff.access import current_user, roles_required
from portal.staff.models import Role
from portal.staff.services import audit

bp = Blueprint("register_office", __name__, url_prefix="/staff/register")

#: Who runs the register (import and export hold every case's facts).
REGISTER_ROLES = (Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER)
#: Who reads the reports: counts only, identifying no one.
REPORT_ROLES = (*REGISTER_ROLES, Role.CHILDRENS_RIGHTS_OFFICER)

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


class ImportForm(FlaskForm):
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


class ExportForm(FlaskForm):
    received_from = DateField(_l("Received from (optional)"), widget=GovDateInput(),
                              format="%d %m %Y", validators=[Optional()],
                              description=_l("For example, 1 4 2025"))
    received_to = DateField(_l("Received up to (optional)"), widget=GovDateInput(),
                            format="%d %m %Y",
                            validators=[Optional(), _not_before("received_from")])
    file_format = RadioField(
        _l("Format"), widget=GovRadioInput(), default="csv",
        choices=[SelectChoice("csv", _l("CSV (the register's own format)")),
                 SelectChoice("xlsx", _l("Spreadsheet (XLSX)"))],
        validators=[InputRequired(_l("Choose a format"))],
    )
    submit = SubmitField(_l("Export"), widget=GovSubmitInput())


class ReportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    period_from = DateField(_l("First day"), widget=GovDateInput(), format="%d %m %Y",
                            validators=[InputRequired(_l("Enter the first day of the period"))])
    period_to = DateField(_l("Last day"), widget=GovDateInput(), format="%d %m %Y",
                          validators=[InputRequired(_l("Enter the last day of the period")),
                                      _not_before("period_from")])
    submit = SubmitField(_l("Show the report"), widget=GovSubmitInput())


def last_full_year(today: date) -> Period:
    """The last whole reporting year (1 April to 31 March) before ``today``."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return Period(date(end_year - 1, 4, 1), date(end_year, 3, 31))


def build_annual(session: Session, council: Council, period: Period
                 ) -> tuple[Report, Report | None]:
    """The annual report for ``period`` and the year before it, when the register holds it."""
    return annual_reports(
        report_rows(session, council.id), period=period,
        timescales=Timescales.from_mapping(council_settings(council).report_timescales),
        calendar=council_calendar(council),
    )


def register_xlsx(rows: list[Any]) -> bytes:
    """The register as a spreadsheet, one row per representation, text never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Register"
    for column, name in enumerate(COLUMNS, start=1):
        put(sheet, 1, column, name)
    for row_number, row in enumerate(rows, start=2):
        for column, name in enumerate(COLUMNS, start=1):
            value = getattr(row, name)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, tuple | list):
                value = ";".join(str(v) for v in value)
            elif value is not None and not isinstance(value, int | date):
                value = str(value)
            put(sheet, row_number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(data: bytes, filename: str, fmt: str) -> Response:
    response = Response(data, mimetype=DOWNLOAD_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/")
@roles_required(*REPORT_ROLES)
def index() -> str:
    return render_template("register/office/index.html",
                           can_run_register=current_user().role in REGISTER_ROLES)  # type: ignore[union-attr]


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*REGISTER_ROLES)
def import_file() -> str | tuple[str, int]:
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
            session.commit()
            return render_template("register/office/import.html", form=form,
                                   problems=problems), 400
        audit(current_user(), "register_imported",
              detail={"created": result.created, "updated": result.updated,  # type: ignore[union-attr]
                      "unchanged": result.unchanged})  # type: ignore[union-attr]
        session.commit()
    return render_template("register/office/import.html", form=form, problems=problems,
                           result=result,
                           withheld=withheld_message(result.withheld)
                           if result is not None and result.withheld else None)


@bp.route("/export", methods=["GET", "POST"])
@roles_required(*REGISTER_ROLES)
def export() -> str | Response:
    form = ExportForm()
    if form.validate_on_submit():
        session = db.session()
        council = current_council(session)
        rows = register_rows(session, council_id=council.id,
                             received_from=form.received_from.data,
                             received_to=form.received_to.data)
        audit(current_user(), "register_exported",
              detail={"rows": len(rows), "format": form.file_format.data})
        session.commit()
        if form.file_format.data == "xlsx":
            return _download(register_xlsx(rows), "register.xlsx", "xlsx")
        return _download(register_text(rows).encode("utf-8"), "register.csv", "csv")
    return render_template("register/office/export.html", form=form)


@bp.get("/annual-report")
@roles_required(*REPORT_ROLES)
def annual_report() -> str | Response | tuple[str, int]:
    default = last_full_year(london_today())
    asked = "period_from" in request.args
    form = ReportForm(request.args if asked else None,
                      data={"period_from": default.start, "period_to": default.end})
    if asked and not form.validate():
        return render_template("register/office/report.html", form=form, report=None), 400
    period = Period(form.period_from.data, form.period_to.data)
    session = db.session()
    report, previous = build_annual(session, current_council(session), period)
    fmt = request.args.get("download")
    audit(current_user(), "report_viewed", detail={"from": period.start.isoformat(),
                                                   "to": period.end.isoformat(),
                                                   "format": fmt or "page"})
    session.commit()
    unavailable = None
    if fmt in DOWNLOAD_TYPES:
        name = f"annual-report-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
        try:
            return _download(renderer(fmt)(report, previous), name, fmt)
        except PdfUnavailable:
            # Said on the page, with the same report beside it, rather than a server error.
            unavailable = PDF_UNAVAILABLE
    return render_template(
        "register/office/report.html", form=form, report=report, title=report_title(report),
        previous_period=period_label(previous) if previous is not None else None,
        sections=report_sections(report, previous), formats=list(DOWNLOAD_TYPES),
        period=period, unavailable=unavailable,
    ), 503 if unavailable else 200


@bp.get("/timeliness")
@roles_required(*REPORT_ROLES)
def timeliness() -> str:
    session = db.session()
    council = current_council(session)
    today = london_today()
    result = timeliness_by_team(
        report_rows(session, council.id), today=today,
        timescales=Timescales.from_mapping(council_settings(council).report_timescales),
        calendar=council_calendar(council),
    )
    audit(current_user(), "timeliness_viewed")
    session.commit()
    return render_template("register/office/timeliness.html", result=result, today=today)

