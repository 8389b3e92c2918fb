"""The case's history: the one writer of its append-only event log (``events.py``)."""
