"""The retention schedule: legal holds, the purge and the destruction log (DOMAIN.md,
"Data protection": records are kept and purged by a retention schedule).

rules.py is the schedule as pure functions; models.py the holds and the log;
purge.py what destruction means; cli.py ``flask --app portal retention purge``;
views.py the back office's pages (/staff/retention, holds on a case). The
package imports nothing on purpose, like portal.cases: models are imported
by portal.models, and must not pull the views in.
"""
