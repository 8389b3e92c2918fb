"""The register's back-office pages (import, export, the annual report) and its JSON API."""
