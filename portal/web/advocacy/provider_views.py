"""Advocacy providers and their advocates' languages, capacity and availability.

The administrator keeps the council's list of providers (DOMAIN.md: "administrator:
... providers"); each provider's coordinator, and the administrator, keep their
advocates' profiles, which matching reads.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from portal.advocacy import queries, services
from portal.councils.services import current_council
from portal.extensions import db
from portal.models.advocacy import AdvocacyProvider
from portal.models.staff import Role, User
from portal.staff.access import deny, requires, signed_in_user
from portal.staff.permissions import Permission, may
from portal.staff.services import audit
from portal.web.advocacy import bp
from portal.web.advocacy.forms import ProfileForm, ProviderForm


def _provider_for(provider_id: int) -> AdvocacyProvider:
    """The provider if this person may manage it: the administrator any of the council's,
    a coordinator only their own (another's is refused with 403: it names no case)."""
    user = signed_in_user()
    provider = db.session.get(AdvocacyProvider, provider_id)
    if provider is None or provider.council_id != current_council().id:
        deny(user, unseen=True)
    assert provider is not None
    if user.role is Role.ADVOCACY_COORDINATOR and user.provider_id != provider.id:
        deny(user)
    return provider


@bp.route("/advocacy/providers", methods=["GET", "POST"])
@requires(Permission.MANAGE_PROVIDERS)
def providers() -> Response | tuple[str, int]:
    council = current_council()
    form = ProviderForm()
    if form.validate_on_submit():
        provider = services.save_provider(
            db.session(), council, None, name=form.name.data or "", in_house=form.in_house.data,
            phone=form.phone.data, email=form.email.data, active=form.active.data)
        audit(signed_in_user(), "advocacy_provider_added", detail={"provider_id": provider.id})
        return redirect(url_for("advocacy.provider", provider_id=provider.id))
    return render_template(
        "advocacy/providers.html", form=form,
        providers=queries.providers(db.session(), council.id, active_only=False),
    ), 400 if form.errors else 200


@bp.route("/advocacy/providers/<int:provider_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ADVOCATES)
def provider(provider_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    provider = _provider_for(provider_id)
    form = ProviderForm(obj=provider)
    may_edit = may(user, Permission.MANAGE_PROVIDERS)
    if may_edit and form.validate_on_submit():
        services.save_provider(db.session(), current_council(), provider,
                               name=form.name.data or "", in_house=form.in_house.data,
                               phone=form.phone.data, email=form.email.data,
                               active=form.active.data)
        audit(user, "advocacy_provider_changed", detail={"provider_id": provider.id})
        return redirect(url_for("advocacy.provider", provider_id=provider.id))
    advocates = queries.advocates(db.session(), provider.council_id, provider_id=provider.id)
    profiled = {a.user_id for a in advocates}
    unprofiled = [u for u in queries.advocates_without_profile(
        db.session(), provider.council_id, provider_id=provider.id,
        include_unattached=may_edit) if u.id not in profiled]
    return render_template(
        "advocacy/provider.html", provider=provider, form=form, advocates=advocates,
        unprofiled=unprofiled, can_edit=may_edit,
    ), 400 if form.errors else 200


@bp.route("/advocacy/advocates/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ADVOCATES)
def advocate_profile(user_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    council = current_council()
    advocate = db.session.get(User, user_id)
    if advocate is None or advocate.council_id != council.id \
            or advocate.role is not Role.ADVOCATE:
        deny(user, unseen=True)
    assert advocate is not None
    if user.role is Role.ADVOCACY_COORDINATOR and (
            user.provider_id is None or advocate.provider_id != user.provider_id):
        deny(user)  # another provider's advocate: 403, as it names no case
    profile = queries.profile(db.session(), advocate.id)
    form = ProfileForm(data=None if profile is None else {
        "provider": profile.provider_id, "languages": ", ".join(profile.languages or []),
        "capacity": profile.capacity, "available": profile.available,
    })
    if may(user, Permission.MANAGE_PROVIDERS):  # whoever keeps the list: any provider
        form.provider.choices = [(p.id, p.name) for p in queries.providers(
            db.session(), council.id, active_only=False)]
    else:
        own = db.session.get(AdvocacyProvider, user.provider_id)
        assert own is not None
        form.provider.choices = [(own.id, own.name)]
    problem = None
    if form.validate_on_submit():
        chosen = db.session.get(AdvocacyProvider, form.provider.data)
        assert chosen is not None  # the choices hold only the council's providers
        try:
            services.save_profile(db.session(), advocate, chosen,
                                  languages=form.languages.data or "",
                                  capacity=form.capacity.data or 0,
                                  available=form.available.data)
        except services.AdvocacyError as error:
            db.session.rollback()
            problem = str(error)
        else:
            audit(user, "advocate_profile_saved", detail={"advocate_user_id": advocate.id})
            return redirect(url_for("advocacy.provider", provider_id=chosen.id))
    return render_template("advocacy/advocate-profile.html", advocate=advocate, form=form,
                           problem=problem), 400 if (form.errors or problem) else 200
