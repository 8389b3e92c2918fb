"""Parts of a page that read the same for everyone in one language, rendered once per worker.

The chrome around every question (skip link, header with the language switcher, Exit this
page, the footer) is built from GOV.UK Frontend macros and a dozen translated strings, and
was about a third of a question page's time (pyinstrument, benchmarks/bench_http.py),
though it changes only with the language, the council's name and, for the switcher, the
page's address. A template wraps such a part in ``{% call fragment(key...) %}``: the first
page to render it keeps the HTML under its key and later pages reuse it.

What may be a fragment: only what is wholly decided by its key. Never anything of one
person's: a CSRF token, a CSP nonce, an answer, a name, a time. The key names everything the
part reads (the language first), so a change of any of them is a new entry, never a stale
one. The store is bounded: when full it is emptied and refilled, which costs one render of
each part again and never a wrong page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

#: Entries one worker keeps; languages x switcher addresses is the most that grows.
MOST = 2000
_KEPT: dict[tuple[Hashable, ...], Markup] = {}


def fragment(*key: Hashable, caller: Callable[[], Markup]) -> Markup:
    """The HTML ``caller`` renders for ``key``, rendered once (``{% call fragment(...) %}``).
    ``caller`` is the call block's body: Jinja gives its output already escaped."""
    html = _KEPT.get(key)
    if html is None:
        html = caller()
        if len(_KEPT) >= MOST:
            _KEPT.clear()
        _KEPT[key] = html
    return html


def forget_fragments() -> None:
    """Empty the store (tests that change a template's inputs behind its key)."""
    _KEPT.clear()
