"""A real clamd for the tests and benchmarks, on a signature database made here.

There is no network for freshclam, so the database is one line: the EICAR test file's
MD5 hash signature (``md5:size:name``, an ``.hdb`` file), which clamd accepts as a whole
database and loads in a fraction of a second. clamd runs in the foreground on a Unix
socket in a temporary folder and is stopped when the run ends. A machine without clamd
fails the run with the install hint: the scan path must never be skipped silently.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from portal.files.scan import Clamd

#: The anti-virus industry's test file (eicar.org): harmless, detected by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE_NAME = "Eicar-Test-Signature"
#: clamd marks a signature from a database nobody signed as unofficial.
DETECTED_AS = f"{SIGNATURE_NAME}.UNOFFICIAL"
INSTALL_HINT = ("clamd is not installed: run 'apt-get install clamav-daemon' (make system-deps "
                "does it), as the file upload tests scan with a real clamd")
START_SECONDS = 30


def clamd_binary() -> str | None:
    return shutil.which("clamd") or next(
        (str(p) for p in (Path("/usr/sbin/clamd"), Path("/usr/bin/clamd")) if p.exists()), None)


@contextmanager
def running_clamd(folder: Path) -> Iterator[Clamd]:
    """clamd serving on a socket in ``folder``, with only the EICAR signature; raises
    RuntimeError (with the install hint) if it is missing or does not start."""
    binary = clamd_binary()
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    database = folder / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "eicar.hdb").write_text(
        f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE_NAME}\n",  # noqa: S324
        encoding="ascii")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text("\n".join([
        f"LocalSocket {sock}",
        "Foreground yes",
        f"DatabaseDirectory {database}",
        f"TemporaryDirectory {folder}",
        f"LogFile {folder / 'clamd.log'}",
        "StreamMaxLength 64M",
        "SelfCheck 0",
        "",
    ]), encoding="ascii")
    process = subprocess.Popen([binary, "-c", str(config)],  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    scanner = Clamd(socket_path=str(sock), timeout=30)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not (sock.exists() and scanner.ping()):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text(errors="replace")[-2000:] \
                    if (folder / "clamd.log").exists() else ""
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"clamd did not start: {error} {log}")
            time.sleep(0.02)
        yield scanner
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
