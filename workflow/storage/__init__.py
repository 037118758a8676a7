"""Storage: the tables, opening the database and bringing it to this version's schema (the
migrations), the compiled statements of a move's fast path, queries on states and gains, databases
made for simulation, and the check of stored values."""
