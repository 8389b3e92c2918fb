"""Words a low layer says, in the reader's language, without importing Flask or Babel.

The council's settings are plain data (setup.cfg's contracts keep Flask out of
portal.settings, and routing's rules reach the settings), yet a settings error is read
by an administrator, in English or Welsh. So the settings say their words through this
module's ``gettext``: the app installs Flask-Babel's at start (``portal.i18n``), and
until then, in plain Python, the English text is used, as Babel itself does outside a
request. The name is gettext's so the message extraction finds these strings too.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[..., str]


def _english(text: str, **params: object) -> str:
    return text % params if params else text


_translate: Translator = _english


def install(translate: Translator) -> None:
    """Say words through ``translate(text, **params)`` from now on (the app's Babel)."""
    global _translate
    _translate = translate


def gettext(text: str, **params: object) -> str:
    """``text`` in the reader's language, with ``%(name)s`` filled from ``params``."""
    return _translate(text, **params)
