"""The GOV.UK Design System plumbing every app uses: forms, widgets, filters, CSV, formats, markup, tags.

The bottom layer of the portal: it imports no LOTI app (import-linter checks it),
so any app may use it and nothing here knows about boroughs, projects or jobs.
"""
