"""Service results as text for a terminal (and CSV or JSON for scripts): initiatives, people and
history; records, decisions and forum queues; statuses, a day's mail and the outbox."""
