"""/staff/safety: the urgent list of children who may be at risk, and each decision."""
