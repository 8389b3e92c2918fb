"""The council: its settings, teams and categories, as data a council edits.

The admin pages are in portal.web.councils.
"""

# Each closed case's stored retention date follows the ORM's writes from any session.
from portal.councils import retention_dates as retention_dates  # noqa: E402
