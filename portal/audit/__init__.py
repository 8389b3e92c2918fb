"""The audit log, searched: who looked at or changed what, and when (DOMAIN.md, "Data
protection"). The pages are in portal.web.audit.
"""
