"""The council: its settings, teams and categories, as data a council edits.

The admin pages are in portal.web.councils.
"""
