"""The programme themes that projects, OKRs and ideas share."""

from django.db import migrations

THEMES = [
    ("Skills & Capability", "skills-and-capability", "Digital, data and leadership skills in borough teams."),
    ("Future Workplace", "future-workplace", "How and where borough staff work, and the tools they use."),
    ("Innovation in Procurement", "innovation-in-procurement", "Buying technology together and more wisely."),
    ("Cyber Security", "cyber-security", "Keeping borough systems and residents' data safe."),
    ("Data Collaboration", "data-collaboration", "Boroughs using their data together for better services."),
    ("New Service Models", "new-service-models", "Redesigning services with technology and residents."),
    ("Digital Inclusion", "digital-inclusion", "Making sure every Londoner can get online."),
    ("Digital Districts", "digital-districts", "Connectivity and smart places across the city."),
    ("Information Governance", "information-governance", "Sharing information lawfully, safely and quickly."),
]


def load(apps, schema_editor):
    Theme = apps.get_model("projects", "Theme")
    for order, (name, slug, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})


def unload(apps, schema_editor):
    apps.get_model("projects", "Theme").objects.filter(slug__in=[t[1] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
