"""Telling staff what needs them (issue 16, part 4).

Staff are emailed, in their chosen language, when a case or a stage role is
given to them, when the complainant or the child's advocate writes, three
working days before each deadline and the day after one is missed. Each
person may choose one email a day listing these instead of an email each.

vocab.py names the kinds of notice; models.py the notices (what was told, to
whom, when) and each account's choice; rules.py when a deadline reminder is
due (pure); queries.py who is told; services.py records notices and queues
the mail in the caller's transaction; cli.py the two daily commands
(``flask --app portal notify deadlines`` and ``notify digest``); views.py the
page ``/staff/notifications``. Like portal.safety, this package imports
nothing on purpose: models are imported by portal.models.
"""
