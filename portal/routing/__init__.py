"""Routing: which procedure a submission follows, why, and its legal deadlines.

``spec/ROUTING.md`` is the contract; ``spec/DOMAIN.md`` the law behind it.

- ``vocabulary.py``: the contract's words (one enum per field).
- ``submission.py``: :class:`Submission` and ``parse_submission`` (clear errors).
- ``settings.py``: :class:`RoutingSettings`, the council's configuration, with
  ``ENGLAND_DEFAULTS`` and ``WALES_PROFILE``; JSON in and out.
- ``rules.py``: ``route(submission, *, settings, calendar) -> Decision``, pure.
- ``decision.py``: :class:`Decision` (data); ``reason_codes.py``: :class:`Reason` (codes).
- ``reasons.py``: reason codes and their words for officers and for the child.
- ``services.py``: the decision on the register entry, and an officer's override.
- ``cli.py``: ``flask --app portal route < submissions.json > decisions.json``.
"""
