"""The definition format: a lifecycle as frozen data (`model`), read strictly from YAML
(`strict_yaml`, `loader`), checked for soundness (`structure`), handed out by name and version
(`registry`), and the named checks a definition may refer to (`checks`)."""
