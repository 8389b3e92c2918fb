"""Staff and advocate accounts, roles, and the audit log.

views.py holds the /staff/ blueprint (sign-in with two factors, sign-out,
password reset, home, accounts) and registers the access hook with it. The
package imports nothing on purpose: models are imported across the portal and
must not pull in the views.
"""
