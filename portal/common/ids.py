"""Record ids from outside (an address, a form): only those an ``integer`` column can hold.

PostgreSQL refuses a query that compares an ``integer`` column with a larger number
(an error, so a server error page); SQLite refuses one past 64 bits. An id past
``MAX_ID`` names no record, so it is answered as one that does not exist, before
any query.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map, ValidationError

#: The largest value of a PostgreSQL (and SQLAlchemy ``Integer``) column.
MAX_ID = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    """``<int:...>`` in every route: a whole number from 0 to ``MAX_ID``, else 404."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> Any:
        if len(value) > len(str(MAX_ID)):  # int() refuses thousands of digits with an error
            raise ValidationError()
        return super().to_python(value)
