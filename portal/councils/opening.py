"""The public pages are closed until a council is loaded.

Without a council the journey would ask a child every question and then fail at
"Check your answers" with a 500, losing their words (issue 13, part 8). So the
home page, every journey page and the tracking pages say kindly that the portal
is not open yet, before the first question, with status 503; the footer pages,
Exit this page and the health check still answer. The log names the command
that loads a council.
"""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request

from portal.councils.services import NoCouncil, council_settings, public_council

log = logging.getLogger(__name__)

#: Blueprints whose every page needs the council: making a complaint and following it.
NEEDS_A_COUNCIL = frozenset({"complaints"})
#: Other pages that lead straight into the journey.
NEEDS_A_COUNCIL_ENDPOINTS = frozenset({"public.index"})


def init_opening(app: Flask) -> None:
    @app.before_request
    def _not_open_without_a_council() -> tuple[str, int] | None:
        if (request.blueprint not in NEEDS_A_COUNCIL
                and request.endpoint not in NEEDS_A_COUNCIL_ENDPOINTS):
            return None
        try:
            council = public_council()
        except NoCouncil as error:
            # No request data here: only the fix for whoever runs the portal.
            log.error("The public pages say the portal is not open yet. %s", error)
            g.council, g.council_settings = None, None
            return render_template("errors/not-open.html"), 503
        # The layout's context processor uses these instead of asking again.
        g.council, g.council_settings = council, council_settings(council)
        return None
