"""The quarterly rhythm: the municipality's schedule file, statuses, what a day calls for and the
mail it means, the outbox and the SMTP sender, stalled cases, and the scheduler process."""
