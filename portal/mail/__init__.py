"""Outgoing email through a queue: a mail fault never loses a submission."""
