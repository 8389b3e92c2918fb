"""A child who may be at risk reaches a person the same day (DOMAIN.md, "Safety").

vocab.py names where an alert came from and what a person did; models.py the
alert; services.py raises alerts and tells people, in the caller's transaction;
views.py the back office's urgent list and the decision form. Like
portal.cases, the package imports nothing on purpose: models are imported by
portal.models, and must not pull the views in.
"""
