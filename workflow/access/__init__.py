"""Signing people in: web sessions, one-time sign-in links by mail, and single sign-on."""
