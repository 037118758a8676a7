"""The web app: people sign in as themselves and do their own work in a browser. A thin shell
over the same service functions as the command line (see docs/web.md)."""
