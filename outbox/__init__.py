"""Outgoing email: every message the portal sends is queued here and delivered by the task worker.

A web request never talks to the mail server: a slow or failing server must
not slow a page, fail it, or reveal by timing which accounts exist.
"""
