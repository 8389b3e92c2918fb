"""Outgoing email and text messages through a queue: a mail fault never loses a submission."""
