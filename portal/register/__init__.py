"""The central register: CSV import and export, the annual report, the feed to other systems."""
