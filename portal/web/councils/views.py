"""The administrator's pages for the council's settings, teams and categories."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.councils.services import (
    add_category,
    add_team,
    council_settings,
    current_council,
    update_settings,
)
from portal.extensions import db
from portal.models.councils import Category, Team
from portal.staff.access import current_user, requires
from portal.staff.permissions import Permission
from portal.staff.queries import team_limited_officers
from portal.staff.services import audit
from portal.web.councils import bp
from portal.web.councils.forms import (
    CouncilSettingsForm,
    NewCategoryForm,
    NewTeamForm,
    ToggleForm,
    officer_teams_form,
)

admin_only = requires(Permission.ADMINISTER_COUNCIL)


@bp.route("/settings", methods=["GET", "POST"])
@admin_only
def settings() -> Response | str:
    council = current_council()
    current = council_settings(council)
    form = CouncilSettingsForm(data={
        "name": council.name,
        "duty_line": current.contacts.duty_line,
        "out_of_hours": current.contacts.out_of_hours,
        "complaints_phone": current.contacts.complaints_phone,
        "complaints_email": current.contacts.complaints_email,
        "safeguarding_email": current.contacts.safeguarding_email,
        "languages": list(current.languages),
        "allow_draft_languages": current.allow_draft_languages,
        "reference_prefix": current.reference_prefix,
        "advocacy_target_working_days": current.advocacy_target_working_days,
        "exit_url": current.exit_url,
        "sms_from": current.sms_from,
        "sms_until": current.sms_until,
        "officers_see_own_teams": current.officers_see_own_teams,
    })
    if form.validate_on_submit():
        changes = update_settings(
            council, name=form.name.data.strip(),
            contacts={
                "duty_line": form.duty_line.data.strip(),
                "out_of_hours": (form.out_of_hours.data or "").strip() or None,
                "complaints_phone": (form.complaints_phone.data or "").strip() or None,
                "complaints_email": (form.complaints_email.data or "").strip() or None,
                "safeguarding_email": (form.safeguarding_email.data or "").strip() or None,
            },
            languages=form.languages.data or [],
            allow_draft_languages=bool(form.allow_draft_languages.data),
            reference_prefix=form.reference_prefix.data.strip(),
            advocacy_target_working_days=form.advocacy_target_working_days.data,
            exit_url=form.exit_url.data.strip(),
            sms_from=form.sms_from.data.strip(),
            sms_until=form.sms_until.data.strip(),
            officers_see_own_teams=bool(form.officers_see_own_teams.data),
        )
        audit(current_user(), "council_settings_changed", detail={"changed": sorted(changes)})
        flash(gettext("Settings saved."))
        return redirect(url_for("councils.settings"))
    return render_template("councils/settings.html", form=form)


@bp.route("/teams", methods=["GET", "POST"])
@admin_only
def teams() -> Response | str:
    council = current_council()
    form = NewTeamForm()
    if form.validate_on_submit():
        team = add_team(db.session(), council, form.name.data, social_care=form.social_care.data)
        if team is None:
            form.name.errors = [gettext("There is already a team with that name")]
        else:
            audit(current_user(), "team_added", detail={"team": team.name})
            flash(gettext("Team added."))
            return redirect(url_for("councils.teams"))
    return render_template("councils/list.html", kind="team", form=form, items=council.teams,
                           toggle_endpoint="councils.toggle_team")


@bp.post("/teams/<int:item_id>/toggle")
@admin_only
def toggle_team(item_id: int) -> Response:
    team = db.session.get(Team, item_id)
    if team is None or team.council_id != current_council().id or not ToggleForm().validate():
        abort(404)
    team.active = not team.active
    audit(current_user(), "team_changed", detail={"team": team.name, "active": team.active})
    return redirect(url_for("councils.teams"))


@bp.route("/categories", methods=["GET", "POST"])
@admin_only
def categories() -> Response | str:
    council = current_council()
    form = NewCategoryForm()
    if form.validate_on_submit():
        category = add_category(db.session(), council, form.name.data)
        if category is None:
            form.name.errors = [gettext("There is already a category with that name")]
        else:
            audit(current_user(), "category_added", detail={"category": category.name})
            flash(gettext("Category added."))
            return redirect(url_for("councils.categories"))
    return render_template("councils/list.html", kind="category", form=form,
                           items=council.categories, toggle_endpoint="councils.toggle_category")


@bp.post("/categories/<int:item_id>/toggle")
@admin_only
def toggle_category(item_id: int) -> Response:
    category = db.session.get(Category, item_id)
    if (category is None or category.council_id != current_council().id
            or not ToggleForm().validate()):
        abort(404)
    category.active = not category.active
    audit(current_user(), "category_changed",
          detail={"category": category.name, "active": category.active})
    return redirect(url_for("councils.categories"))


@bp.route("/officer-teams", methods=["GET", "POST"])
@admin_only
def officer_teams() -> Response | str | tuple[str, int]:
    """Each complaints officer's team: what "Officers see only their own teams' cases"
    limits them to (portal.staff.access.case_scope)."""
    council = current_council()
    officers = team_limited_officers(db.session(), council.id)
    form = officer_teams_form(officers, council.teams)
    if form.validate_on_submit():
        names = {team.id: team.name for team in council.teams}
        changed = []
        for officer in officers:
            raw = form[f"team_{officer.id}"].data
            team_id = int(raw) if raw else None
            if team_id != officer.team_id:
                officer.team_id = team_id
                changed.append({"user_id": officer.id, "team": names.get(team_id or 0)})
        if changed:
            audit(current_user(), "officer_teams_changed", detail={"changed": changed})
        flash(gettext("Officers' teams saved."))
        return redirect(url_for("councils.officer_teams"))
    on = council_settings(council).officers_see_own_teams
    return render_template("councils/officer-teams.html", form=form, limited=on,
                           officers=officers), 400 if form.errors else 200
