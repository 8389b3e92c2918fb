"""The law as pure functions: the procedure's steps and who may take them (``machine``),
its timescales and statuses (``rules``), a case's next deadline (``deadlines``), when
staff are reminded (``reminders``), advocacy's states (``advocacy``) and the retention
schedule (``retention``). Each rule names its legal source. Nothing here reads the clock,
the database or the request: import contracts in setup.cfg keep it that way."""
