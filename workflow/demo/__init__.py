"""The demo: a database made for simulation, filled with Sorø's, Fredericia's, Slagelse's and Høje-
Taastrup's initiatives and played through 2010 (`run`, with its data in `script`)."""
