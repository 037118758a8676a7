"""The core: people, initiatives and their history; the requirements of a move and the facts they
look up; the gate rule; the state machine of a definition; and moves."""
