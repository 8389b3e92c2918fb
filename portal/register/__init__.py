"""The central register: CSV import and export, the annual report, the feed to other systems.

Modules:

- ``vocabulary``: the register's closed value lists (from ``portal.vocab.cases``).
- ``csvio``: the CSV contract of spec/REGISTER.md (``RegisterRow``, ``read_register``,
  ``write_register``).
- ``report``, ``timescales``: the annual report of spec/REPORT.md as a pure function.
- ``tables``, ``charts``, ``labels``, ``render``, ``xlsx``, ``pdf``: the report as
  CSV, accessible HTML, XLSX and PDF.
- ``rag``: red, amber and green timeliness of open cases per team.
- ``queries``, ``services``, ``bulk``: the register in the database.
- ``models``, ``feed``, ``api``: change sequence, outbox, signed push delivery, and the
  read-only JSON API (``bp``, at ``/api/v1/register``).
- ``cli``: ``flask --app portal register import|export|api-token|endpoint|deliver`` and
  ``flask --app portal report annual|timeliness``.
"""
