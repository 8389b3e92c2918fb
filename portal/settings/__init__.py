"""What a council configures, as plain data with its readers and defaults: routing and
timescales (``routing``), contact numbers and opening hours (``council``), texting hours
(``texting``) and the retention schedule (``retention``). No framework, no database."""
