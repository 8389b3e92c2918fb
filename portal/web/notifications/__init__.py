"""/staff/notifications: what each person is told, and how (an email each, or a digest)."""
