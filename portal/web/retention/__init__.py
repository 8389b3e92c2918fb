"""/staff/retention: the retention schedule, legal holds and the destruction log."""
