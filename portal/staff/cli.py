"""`flask --app portal staff ...`: accounts from the command line (the first administrator)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.extensions import db

staff_cli = AppGroup("staff", help="Staff and advocate accounts.")


@staff_cli.command("create")
@click.option("--email", required=True, help="The account's email address (its sign-in name).")
@click.option("--role", required=True,
              type=click.Choice(["administrator", "complaints_manager", "complaints_officer",
                                 "childrens_rights_officer", "responding_manager",
                                 "investigating_officer", "independent_person", "panel_member",
                                 "adjudicating_officer", "advocacy_coordinator", "advocate"]))
@click.option("--name", default=None, help="The person's name (default: the email).")
@click.password_option("--password", prompt="Password", hide_input=True,
                       confirmation_prompt=True,
                       help="Prompted for, hidden, twice; never pass it on the command line.")
def create(email: str, role: str, name: str | None, password: str) -> None:
    """Create an account; prints its two-factor key for an authenticator app."""
    from portal.councils.services import NoCouncil, current_council
    from portal.models.staff import Role
    from portal.staff.auth import MIN_PASSWORD_LENGTH, PasswordTooShort
    from portal.staff.services import AccountExists, create_user

    try:
        council = current_council()
        user, secret = create_user(db.session(), council, email=email, role=Role(role),
                                   name=name or email, password=password)
    except NoCouncil as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except AccountExists:
        click.echo(f"An account with the email {email} already exists.", err=True)
        sys.exit(1)
    except PasswordTooShort:
        click.echo(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
                   err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
    click.echo(f"Two-factor key (add it to an authenticator app): {secret}")
