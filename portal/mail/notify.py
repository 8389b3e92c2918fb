"""Sending email and text messages through GOV.UK Notify (MAIL_BACKEND=notify).

Most UK councils already have a Notify service. The council makes two templates
there, each with placeholders the portal fills in (Notify calls them
"personalisation"):

- an email template whose subject is ``((subject))`` and whose message is ``((body))``
  (NOTIFY_EMAIL_TEMPLATE_ID);
- a text message template whose message is ``((body))`` (NOTIFY_SMS_TEMPLATE_ID;
  without it, texts cannot be sent and are given up as soon as they are due).

NOTIFY_API_KEY is the service's API key (a secret: "live" to reach anyone,
"team and guest list" to try it out); NOTIFY_BASE_URL is Notify's API
(https://api.notifications.service.gov.uk unless told otherwise; tests point it
at a local fake). Each notification's ``reference`` is the queue row's id, so
Notify's records can be matched to ours without a name or an address.

Failures: Notify answers 400 when this message can never be sent (a number
that is not a mobile, a recipient a trial key may not reach, a bad template):
that is permanent, and the mail is given up at once. Anything else (403 for a
key Notify does not accept, 429 for too many requests, 5xx, a timeout, no
connection) is transient: the queue tries again later with back-off, so
nothing is lost while a key is fixed or Notify recovers. Only the status code
is kept and logged, never Notify's words, which could repeat an address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from portal.config import key_problem
from portal.mail.errors import PermanentFailure, TransientFailure
from portal.models.mail import Channel, OutgoingMail

NOTIFY_URL = "https://api.notifications.service.gov.uk"
#: Answers that mean this message will never be accepted, however often it is sent.
PERMANENT_STATUSES = frozenset({400})


class NotifyBackend:
    """Delivers email and, given a text template, text messages through Notify."""

    def __init__(self, *, api_key: str, email_template_id: str,
                 sms_template_id: str | None = None, base_url: str = NOTIFY_URL,
                 timeout: float = 20.0) -> None:
        problem = key_problem(api_key)
        if problem:
            raise ValueError(f"MAIL_BACKEND is notify but {problem}")
        if not email_template_id:
            raise ValueError("MAIL_BACKEND is notify but NOTIFY_EMAIL_TEMPLATE_ID is not set")
        self.email_template_id = email_template_id
        self.sms_template_id = sms_template_id
        self.base_url = base_url
        self.channels = frozenset({Channel.EMAIL, Channel.SMS} if sms_template_id
                                  else {Channel.EMAIL})
        self._client = NotificationsAPIClient(api_key.strip(), base_url=base_url,
                                              timeout=timeout)

    def __repr__(self) -> str:  # never the key
        return f"NotifyBackend(base_url={self.base_url!r})"

    @classmethod
    def from_environment(cls, env: Mapping[str, Any]) -> NotifyBackend:
        return cls(
            api_key=str(env.get("NOTIFY_API_KEY") or ""),
            email_template_id=str(env.get("NOTIFY_EMAIL_TEMPLATE_ID") or ""),
            sms_template_id=str(env.get("NOTIFY_SMS_TEMPLATE_ID") or "") or None,
            base_url=str(env.get("NOTIFY_BASE_URL") or NOTIFY_URL),
            timeout=float(env.get("NOTIFY_TIMEOUT") or 20.0),
        )

    def send(self, mail: OutgoingMail) -> None:
        try:
            if mail.channel == Channel.SMS:
                if not self.sms_template_id:
                    raise PermanentFailure("NotifyNoSmsTemplate")
                self._client.send_sms_notification(
                    phone_number=mail.to_address, template_id=self.sms_template_id,
                    personalisation={"body": mail.body}, reference=str(mail.id))
            else:
                self._client.send_email_notification(
                    email_address=mail.to_address, template_id=self.email_template_id,
                    personalisation={"subject": mail.subject, "body": mail.body},
                    reference=str(mail.id))
        except APIError as error:
            # The library wraps timeouts and refused connections as status 503.
            status = error.status_code
            if status in PERMANENT_STATUSES:
                raise PermanentFailure(f"NotifyRejected {status}") from None
            raise TransientFailure(f"NotifyUnavailable {status}") from None
