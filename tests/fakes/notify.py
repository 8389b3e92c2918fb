"""A local fake of GOV.UK Notify's API, on 127.0.0.1, for tests that must not reach the internet.

It does what the real API does with what the portal sends, so the real client
library (notifications-python-client) is exercised end to end:

- every request must carry ``Authorization: Bearer <JWT>``, signed HS256 with the
  API key's secret, whose ``iss`` is the service id and whose ``iat`` is within 30
  seconds of now; otherwise 403 AuthError, as Notify answers;
- ``POST /v2/notifications/email`` needs ``email_address`` and ``template_id``,
  ``POST /v2/notifications/sms`` needs ``phone_number`` (a UK mobile) and
  ``template_id``; a template the service does not have, or a number that is not a
  UK mobile, is 400 BadRequestError/ValidationError; success is 201 with Notify's shape;
- it records every accepted notification, and can be told to fail the next requests
  with a status (500, 400, 429...) or to answer too slowly (a timeout).

Notify's documentation of these: https://docs.notifications.service.gov.uk/rest-api.html
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

#: How far a token's "iat" may be from now, as Notify allows.
CLOCK_LEEWAY = 30
_MOBILE = re.compile(r"^(?:\+?44|0)7\d{9}$")


@dataclass
class Sent:
    """One notification the fake accepted."""

    kind: str  # "email" or "sms"
    data: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def reference(self) -> str | None:
        return self.data.get("reference")

    @property
    def personalisation(self) -> dict[str, Any]:
        return dict(self.data.get("personalisation") or {})


class FakeNotify:
    """``with FakeNotify(...) as notify:`` serves until the block ends."""

    def __init__(self, *, email_template_id: str | None = None,
                 sms_template_id: str | None = None) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.email_template_id = email_template_id or str(uuid.uuid4())
        self.sms_template_id = sms_template_id or str(uuid.uuid4())
        self.sent: list[Sent] = []
        #: Every request, accepted or not: (path, status answered).
        self.requests: list[tuple[str, int]] = []
        self._failures: list[int] = []
        self.delay = 0.0
        self._lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_key(self) -> str:
        """A key in Notify's shape: its name, the service id, the secret."""
        return f"portal_tests-{self.service_id}-{self.secret}"

    def config(self) -> dict[str, str]:
        """The portal's settings for sending through this fake."""
        return {"MAIL_BACKEND": "notify", "NOTIFY_API_KEY": self.api_key,
                "NOTIFY_BASE_URL": self.url,
                "NOTIFY_EMAIL_TEMPLATE_ID": self.email_template_id,
                "NOTIFY_SMS_TEMPLATE_ID": self.sms_template_id}

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``status`` (after checking the token)."""
        with self._lock:
            self._failures += [status] * times

    def with_reference(self, reference: object) -> list[Sent]:
        return [s for s in self.sent if s.reference == str(reference)]

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the API ---------------------------------------------------------------------------

    def _authorise(self, header: str | None) -> str | None:
        """None when the bearer token is good, else Notify's message for it."""
        if not header or not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, key=self.secret, algorithms=["HS256"],
                                options={"require": ["iss", "iat"], "verify_iat": False})
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if claims["iss"] != self.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims["iat"])) > CLOCK_LEEWAY:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def _answer(self, path: str, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        problem = self._authorise(headers.get("Authorization"))
        if problem:
            return 403, _errors(403, "AuthError", problem)
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            return failure, _errors(failure, "BadRequestError" if failure < 500 else
                                    "Exception", "Told to fail by the test")
        kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(path)
        if kind is None:
            return 404, _errors(404, "NotFound", "Not Found")
        try:
            data = json.loads(body)
        except ValueError:
            return 400, _errors(400, "ValidationError", "Invalid JSON")
        to_field, template = (("email_address", self.email_template_id) if kind == "email"
                              else ("phone_number", self.sms_template_id))
        if not data.get(to_field):
            return 400, _errors(400, "ValidationError", f"{to_field} is a required property")
        if data.get("template_id") != template:
            return 400, _errors(400, "BadRequestError", "Template not found")
        if kind == "sms" and not _MOBILE.match(re.sub(r"[\s()-]", "", data["phone_number"])):
            return 400, _errors(400, "ValidationError", "phone_number Not a UK mobile number")
        sent = Sent(kind, data)
        with self._lock:
            self.sent.append(sent)
        return 201, {"id": sent.id, "reference": data.get("reference"),
                     "content": {"body": (data.get("personalisation") or {}).get("body", "")},
                     "uri": f"{self.url}/v2/notifications/{sent.id}",
                     "template": {"id": template, "version": 1,
                                  "uri": f"{self.url}/v2/template/{template}"}}

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = fake._answer(self.path, self.headers, body)
                with fake._lock:
                    fake.requests.append((self.path, status))
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _errors(status: int, error: str, message: str) -> dict[str, Any]:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}
