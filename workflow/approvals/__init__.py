"""Records and forum decisions as services: filing records (`dossier`) under what the forums have
decided on them (`record_rules`), and recording the forums' decisions at the gates
(`decisions`)."""
