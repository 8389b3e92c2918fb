"""Advocacy: providers, advocates and each child's advocacy from offer to closure.

The pages (/advocacy/ and /advocate/) are in portal.web.advocacy.
"""
