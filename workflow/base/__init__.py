"""The ground every layer stands on, with no tiltag module below it: the exception tree, the closed
vocabulary, the clock, the Danish budget calendar, checks of user text, bounded files, logging."""
