"""Database plumbing: the declarative base, column types, the session and migrations."""
