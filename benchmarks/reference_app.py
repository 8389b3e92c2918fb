"""The reference the portal is measured against: the least a Flask form that stores one row does.

Flask, Flask-WTF (a CSRF-protected form with one required text field) and SQLAlchemy
(one INSERT, committed), the parts the portal is built from, with nothing of the portal's
own. SQLite gets the portal's durability (WAL, ``synchronous=FULL``), so a submission is
on disk when the answer goes back, as the portal's is. ``benchmarks/bench_http.py`` serves
it with gunicorn beside the portal, in the same rounds, and prints the portal's figures as
ratios of these. Run it alone with:

    .venv/bin/python -c "from benchmarks.reference_app import create_schema as c; \
        c('sqlite:////tmp/ref.db')"
    REFERENCE_DATABASE_URL=sqlite:////tmp/ref.db .venv/bin/gunicorn -w 2 \
        'benchmarks.reference_app:create_app()'
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from flask import Flask, redirect, render_template_string
from flask_wtf import CSRFProtect, FlaskForm
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, create_engine, event
from wtforms import TextAreaField
from wtforms.validators import DataRequired

metadata = MetaData()
messages = Table("messages", metadata,
                 Column("id", Integer, primary_key=True),
                 Column("body", Text, nullable=False),
                 Column("created_at", DateTime(timezone=True), nullable=False))

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tell us</title></head>
<body><main><h1>What happened?</h1>
<form method="post" novalidate>{{ form.hidden_tag() }}
{% for error in form.body.errors %}<p>{{ error }}</p>{% endfor %}
<label for="body">Tell us in your own words</label>
<textarea id="body" name="body">{{ form.body.data or "" }}</textarea>
<button>Send</button></form></main></body></html>"""


class MessageForm(FlaskForm):
    body = TextAreaField(validators=[DataRequired()])


def _durable_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def create_schema(url: str) -> None:
    """The one table, made once before the workers start (each worker making it would
    race): a benchmark's scratch table, not a production path."""
    engine = create_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("REFERENCE_SECRET_KEY", "r" * 40)
    url = os.environ["REFERENCE_DATABASE_URL"]
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _durable_sqlite)
    CSRFProtect(app)

    @app.route("/", methods=["GET", "POST"])
    def form() -> Any:
        form = MessageForm()
        if form.validate_on_submit():
            with engine.begin() as connection:
                connection.execute(messages.insert().values(
                    body=form.body.data, created_at=datetime.now(UTC)))
            return redirect("/thanks", 303)
        return render_template_string(PAGE, form=form)

    @app.get("/thanks")
    def thanks() -> str:
        return "<!doctype html><title>Thank you</title><p>Thank you.</p>"

    return app
