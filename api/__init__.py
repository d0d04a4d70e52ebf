"""Open data: the portal's public records as read-only JSON at /api/v1/, described by an OpenAPI document.

Built on django-ninja (README: Why these tools). Every endpoint reads
through the same QuerySet methods and filters as the HTML pages, so the API
can show nothing a signed-out visitor could not see there.
"""
