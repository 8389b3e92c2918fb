"""The council: its settings, teams and categories, as data a council edits."""
