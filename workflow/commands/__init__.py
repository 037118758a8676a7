"""The commands of `tiltag`, one module per subject; `cli.py` assembles them."""
