"""The scheduler process, from a checkout: the same as `tiltag scheduler`, whose code is
`workflow/schedule/process.py` (the package carries it; see docs/architecture.md)."""

from workflow.schedule.process import catch_up, daily_job, days_to_run, due_until, run, send_job

__all__ = ["catch_up", "daily_job", "days_to_run", "due_until", "run", "send_job"]
