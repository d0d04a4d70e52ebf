"""Every save or delete of content raises the content version (see versions.py).

Content is everything in the apps below except the models no page shows.
Writes that bypass signals (QuerySet.update, bulk_create) call
content_changed() themselves.
"""

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache.versions import content_changed

CONTENT_APPS = {"boroughs", "projects", "okrs", "jobs", "ideas"}
NOT_CONTENT = {"boroughs.invitation", "jobs.formsubmission"}


def is_content(model):
    meta = model._meta
    if meta.app_label not in CONTENT_APPS or meta.label_lower in NOT_CONTENT:
        return False
    # Data migrations save through historical models, perhaps before this app's
    # table exists; post_migrate counts them all at once afterwards.
    if meta.apps is not global_apps:
        return False
    # django-simple-history's audit copies: their originals' saves already count.
    return not hasattr(model, "instance_type")


def on_save(sender, update_fields=None, using="default", **kwargs):
    # Signing in stamps last_login, which no page shows.
    if is_content(sender) and update_fields != frozenset({"last_login"}):
        content_changed(using)


def on_delete(sender, using="default", **kwargs):
    if is_content(sender):
        content_changed(using)


def on_m2m(sender, instance, action, using="default", **kwargs):
    if action.startswith("post_") and is_content(type(instance)):
        content_changed(using)


def on_migrate(using="default", **kwargs):
    content_changed(using)


def connect(app_config):
    post_save.connect(on_save, dispatch_uid="pagecache.save")
    post_delete.connect(on_delete, dispatch_uid="pagecache.delete")
    m2m_changed.connect(on_m2m, dispatch_uid="pagecache.m2m")
    # post_migrate is sent once for every app: counting this app's is counting the migration once.
    post_migrate.connect(on_migrate, sender=app_config, dispatch_uid="pagecache.migrate")
