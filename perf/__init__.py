"""Tooling, not the product: the benchmark (make bench) and the load test (make loadtest).

Run with DJANGO_SETTINGS_MODULE=perf.settings, which adds this app (for its
management commands) and perf.urls (for the floor view) to the portal's own
settings. Nothing in the portal imports this package.
"""
