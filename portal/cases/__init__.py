"""The back office's work on a case, between the models below and the pages above.

guard.py reads a case into the procedure's facts and says a refusal in words;
services/ holds what an officer does, one module per part of the procedure (triage,
responses, the next stages, messages and letters...); queries.py and search.py find
cases; plans.py, follow_through.py, reroute.py, lateness.py, windows.py and letters.py
the rest of the procedure's work. The tables are in portal.models, the rules in
portal.procedure, the pages in portal.web.cases.
"""

# Each case's stored next deadline follows the ORM's writes from any session.
from portal.cases import due_dates as due_dates  # noqa: E402
