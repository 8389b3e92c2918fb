"""clamd's answers, read (the real clamd is in tests/integration/files)."""

from __future__ import annotations

from portal.files.scan import Clamd, Clean, Infected, ScannerError, parse_reply, scanner_from


def test_replies() -> None:
    assert parse_reply("stream: OK") == Clean()
    assert parse_reply("stream: Eicar-Test-Signature FOUND") == Infected("Eicar-Test-Signature")
    assert isinstance(parse_reply("INSTREAM size limit exceeded. ERROR"), ScannerError)


def test_configuration() -> None:
    assert scanner_from({}) is None
    assert scanner_from({"CLAMD_SOCKET": "/run/clamd.sock"}) == Clamd(socket_path="/run/clamd.sock")
    assert scanner_from({"CLAMD_HOST": "av", "CLAMD_PORT": 3311}) == Clamd(host="av", port=3311)


def test_an_unreachable_clamd_is_an_error_not_a_pass(tmp_path: object) -> None:
    assert isinstance(Clamd(socket_path="/nonexistent/clamd.sock").scan(b"x"), ScannerError)


def test_clamd_settings_from_the_environment() -> None:
    import pytest

    from portal.config import ConfigError, load_settings

    base = {"PORTAL_ENV": "test", "SECRET_KEY": "k" * 40}
    settings = load_settings({**base, "CLAMD_SOCKET": "/run/clamav/clamd.ctl"})
    assert settings.flask_config()["CLAMD_SOCKET"] == "/run/clamav/clamd.ctl"
    settings = load_settings({**base, "CLAMD_HOST": "scanner", "CLAMD_PORT": "3311"})
    assert (settings.clamd_host, settings.clamd_port) == ("scanner", 3311)
    with pytest.raises(ConfigError, match="both set"):
        load_settings({**base, "CLAMD_SOCKET": "/s", "CLAMD_HOST": "h"})
    with pytest.raises(ConfigError, match="CLAMD_PORT"):
        load_settings({**base, "CLAMD_HOST": "h", "CLAMD_PORT": "nope"})
