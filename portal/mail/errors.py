"""Delivery failures a backend raises so the queue knows what to do with them."""

from __future__ import annotations


class DeliveryError(Exception):
    """A failure the queue records: ``description`` is safe to keep and to log (it never
    holds an address, a number or a word of the message)."""

    permanent = False

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class PermanentFailure(DeliveryError):
    """This message can never be delivered: give it up now rather than retry."""

    permanent = True


class TransientFailure(DeliveryError):
    """Try again later, with the queue's back-off."""
