from django.conf import settings

# The service navigation: (section, label, URL name). A section is a URL
# namespace, or a URL name for pages outside any namespace.
NAV_ITEMS = [
    ("home", "Home", "home"),
    ("boroughs", "Boroughs", "boroughs:list"),
]


def site(request):
    """Values every page's layout needs."""
    return {
        "service_name": "LOTI Portal",
        "nav_items": NAV_ITEMS,
        "loti_contact_email": settings.LOTI_CONTACT_EMAIL,
    }
