"""The pages, one module per subject, each a router of thin routes over the service functions."""
