import rules
from django.conf import settings

# The service navigation: (section, label, URL name). A section is a URL
# namespace, or a URL name for pages outside any namespace.
NAV_ITEMS = [
    ("home", "Home", "home"),
    ("projects", "Projects", "projects:list"),
    ("jobs", "Jobs", "jobs:list"),
    ("ideas", "Ideas", "ideas:list"),
    ("okrs", "OKRs", "okrs:current"),
    ("boroughs", "Boroughs", "boroughs:list"),
]


# Pages that have their own navigation item rather than their URL namespace's.
OWN_NAV_ITEM = {"projects:my_borough": "my_borough", "projects:my_borough_project": "my_borough"}


def site(request):
    """Values every page's layout needs."""
    match = request.resolver_match  # None on a 404
    return {
        "service_name": "LOTI Portal",
        "nav_items": NAV_ITEMS,
        "nav_section": (OWN_NAV_ITEM.get(match.view_name) or match.namespace or match.url_name) if match else None,
        "loti_contact_email": settings.LOTI_CONTACT_EMAIL,
        # Lazy (templates call it), and asked of the rules directly: user.has_perm would also query Django's
        # permission tables on every page for people the rule says no to.
        "can_report_commitments": lambda: rules.has_perm("projects.report_commitments", request.user),
    }
