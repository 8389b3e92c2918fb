"""How long accepting a 10 MB file takes, on SQLite and PostgreSQL, with a real clamd.

Accepting is the whole of ``portal.files.services.accept``: the council's limits, the
virus scan (clamd over its Unix socket, INSTREAM in 64 KiB chunks), the kind from the
bytes, the cleaning (a photo decoded and re-encoded by Pillow, a PDF rewritten by pikepdf,
a voice note's container checked) and the store in 256 KiB chunks, committed. Then the
time to read it back through ``stream``. Each file is accepted RUNS times; p50 and the
slowest are printed. clamd is the tests' own (tests/support/clamd.py: a temporary socket,
the EICAR signature only), so the scan's figure is clamd's protocol and engine with a tiny
database: a production clamd with the full signature set scans slower. Run:

    .venv/bin/python benchmarks/bench_file_accept.py [RUNS]

Exit status 2 if PostgreSQL (TEST_DATABASE_URL) cannot be reached or clamd is missing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support

from journeys import postgres_database, sqlite_database  # noqa: E402

from portal import create_app  # noqa: E402
from portal.councils.services import load_demo_council  # noqa: E402
from portal.db import migrate  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.files import services  # noqa: E402
from portal.files.scan import Clamd  # noqa: E402
from portal.models.files import StoredFile  # noqa: E402
from portal.vocab.files import FilePurpose  # noqa: E402
from tests.support import files as samples  # noqa: E402
from tests.support.clamd import running_clamd  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
MB = 1024 * 1024


def _audio(size: int) -> bytes:
    """An MP4 voice note of about ``size`` bytes (a sound track, then its data)."""
    import random

    return samples.mp4(b"soun") + random.Random(3).randbytes(size)


def files() -> dict[str, bytes]:
    return {
        "JPEG photo": samples.big_jpeg(3900, 2900, quality=88),  # ~10 MB of noise: a worst case
        "PDF": samples.plain_pdf(padding=10 * MB - 4096),
        "M4A voice note": _audio(10 * MB - 4096),
    }


def run(url: str, clamd: Clamd, made: dict[str, bytes]) -> dict[str, tuple[list[float], float]]:
    migrate.upgrade(url)
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "b" * 40, "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False, "DRAFT_DIR": tempfile.mkdtemp(prefix="d-")})
    figures: dict[str, tuple[list[float], float]] = {}
    with app.app_context():
        session = db.session()
        council = load_demo_council(session)
        council.settings = {**council.settings, "upload_max_file_mb": 11,
                            "upload_max_files": 20, "upload_max_total_mb": 200}
        session.commit()
        for name, data in made.items():
            times = []
            stored: StoredFile | None = None
            for n in range(RUNS):
                start = time.perf_counter()
                result = services.accept(session, data, name=f"{name}.bin",
                                         purpose=FilePurpose.EVIDENCE, council=council,
                                         draft_token=f"bench-{name}-{n}", scanner=clamd)
                session.commit()
                times.append((time.perf_counter() - start) * 1000)
                assert isinstance(result, StoredFile), result
                stored = result
            assert stored is not None
            start = time.perf_counter()
            size = sum(len(piece) for piece in services.stream(session, stored.id))
            read_ms = (time.perf_counter() - start) * 1000
            assert size == stored.size
            figures[name] = (times, read_ms)
        session.close()
    assert db.engine is not None
    db.engine.dispose()
    return figures


def timed(what: str, make: Callable[[], object]) -> None:
    start = time.perf_counter()
    make()
    print(f"  {what}: {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> int:
    made = files()
    for name, data in made.items():
        print(f"{name}: {len(data) / MB:.1f} MB")
    with tempfile.TemporaryDirectory(prefix="clamd-") as folder:
        try:
            context = running_clamd(Path(folder))
            clamd = context.__enter__()
        except RuntimeError as error:
            print(error)
            return 2
        try:
            print("Parts, once (no database):")
            for name, data in made.items():
                timed(f"{name}: scan", lambda d=data: clamd.scan(d))  # type: ignore[misc]
                from portal.files.clean import clean

                timed(f"{name}: sniff and clean", lambda d=data: clean(d))  # type: ignore[misc]
            for label, database in (("SQLite", sqlite_database),
                                    ("PostgreSQL", postgres_database)):
                try:
                    with database() as url:
                        figures = run(url, clamd, made)
                except Exception as error:  # noqa: BLE001 - one sentence, then stop
                    if label == "PostgreSQL":
                        print(f"{label}: cannot be reached at TEST_DATABASE_URL "
                              f"({error.__class__.__name__})")
                        return 2
                    raise
                for name, (times, read_ms) in figures.items():
                    print(f"{label}, {name}: accept p50 {statistics.median(times):.0f} ms, "
                          f"slowest {max(times):.0f} ms over {len(times)}; "
                          f"read back (stream) {read_ms:.0f} ms")
        finally:
            context.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
