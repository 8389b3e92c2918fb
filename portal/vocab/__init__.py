"""The portal's closed value lists, one module per area: what a status, a route, an
advocacy step, a notice or a safety decision may be. Plain enums and tables, no framework
(setup.cfg's import contracts keep it so), so every layer may use them."""
