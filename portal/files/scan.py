"""A small clamd client: the file's bytes sent with INSTREAM, over a Unix or TCP socket.

clamd's protocol (clamd(8)): ``zINSTREAM\\0``, then the data in chunks, each preceded by its
length as 4 bytes in network order, then a zero length; clamd answers ``stream: OK`` or
``stream: NAME FOUND``. Written here (some 50 lines) rather than taken from PyPI, whose
clamd clients are unmaintained. Nothing is sent anywhere but the configured clamd.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Bytes per INSTREAM chunk (well under clamd's StreamMaxLength).
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Clean:
    pass


@dataclass(frozen=True)
class Infected:
    name: str


@dataclass(frozen=True)
class ScannerError:
    """clamd could not be reached or gave no verdict: the file must not be kept."""

    detail: str


ScanResult = Clean | Infected | ScannerError


@dataclass(frozen=True)
class Clamd:
    """Where clamd listens: a Unix socket, or a host and port."""

    socket_path: str = ""
    host: str = ""
    port: int = 3310
    timeout: float = TIMEOUT_SECONDS

    def _connect(self) -> socket.socket:
        if self.socket_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(self.socket_path)
            except OSError:
                sock.close()
                raise
            return sock
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def scan(self, data: bytes) -> ScanResult:
        """clamd's verdict on ``data``."""
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                view = memoryview(data)
                for at in range(0, len(data), CHUNK):
                    piece = view[at:at + CHUNK]
                    sock.sendall(struct.pack("!L", len(piece)))
                    sock.sendall(piece)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    got = sock.recv(4096)
                    if not got:
                        break
                    reply += got
        except OSError as error:
            return ScannerError(f"clamd unreachable: {type(error).__name__}")
        return parse_reply(reply.rstrip(b"\0").decode("utf-8", "replace").strip())

    def ping(self) -> bool:
        try:
            with self._connect() as sock:
                sock.sendall(b"zPING\0")
                return sock.recv(16).rstrip(b"\0") == b"PONG"
        except OSError:
            return False


def parse_reply(reply: str) -> ScanResult:
    """``stream: OK``, ``stream: NAME FOUND``, or an error."""
    _, _, verdict = reply.partition(": ")
    if verdict == "OK":
        return Clean()
    if verdict.endswith(" FOUND"):
        return Infected(verdict.removesuffix(" FOUND"))
    return ScannerError(f"clamd said: {reply[:200]}")


def scanner_from(config: Mapping[str, Any]) -> Clamd | None:
    """The clamd the configuration names (CLAMD_SOCKET, else CLAMD_HOST and CLAMD_PORT), or
    None when none is configured."""
    path = str(config.get("CLAMD_SOCKET") or "")
    host = str(config.get("CLAMD_HOST") or "")
    if path:
        return Clamd(socket_path=path)
    if host:
        return Clamd(host=host, port=int(config.get("CLAMD_PORT") or 3310))
    return None


def scan(data: bytes, scanner: Clamd | None = None) -> ScanResult:
    """Clean, Infected(name), or ScannerError: what ``scanner`` (by default the app's
    configured clamd) says of ``data``. No scanner configured is a ScannerError here: the
    caller decides whether an unscanned file may be kept (services.accept)."""
    if scanner is None:
        from flask import current_app

        scanner = scanner_from(current_app.config)
    if scanner is None:
        return ScannerError("no scanner configured")
    return scanner.scan(data)
