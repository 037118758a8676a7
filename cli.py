"""The `tiltag` command, run from a checkout (`python cli.py ...`): the same as the installed
`tiltag`, whose code is `workflow/cli.py` (the package carries it; see docs/architecture.md)."""

from workflow.cli import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
