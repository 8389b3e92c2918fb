"""Staff and advocate accounts, roles, and the audit log."""
