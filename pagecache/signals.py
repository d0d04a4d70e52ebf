"""Apps declare their content: `watch(Model, ..., group=...)` in their AppConfig.ready().

Every save, delete or many-to-many change of a watched model raises its
group's version (versions.py): the app's label unless the app names another
group. Models no page shows are simply not watched; writes that send no
signals (QuerySet.update, bulk_create) call content_changed(group) themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache.versions import content_changed

# Per watched model, its group and the fields whose saves alone change no page.
_groups = {}
_unshown_fields = {}


def watch(*models, unshown_fields=(), group=None):
    for model in models:
        label = model._meta.label_lower
        _groups[model] = group or model._meta.app_label
        _unshown_fields[model] = frozenset(unshown_fields)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"pagecache.save.{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"pagecache.delete.{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            _groups[through] = _groups[model]
            m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"pagecache.m2m.{through._meta.label_lower}")


def watched(model):
    return model in _unshown_fields


def group_of(model):
    return _groups[model]


def all_groups():
    """Every group some model is watched under, in a fixed order."""
    return tuple(sorted(set(_groups.values())))


def _on_save(sender, update_fields=None, using=None, **kwargs):
    if not (update_fields and update_fields <= _unshown_fields[sender]):
        content_changed(_groups[sender], using=using)


def _on_delete(sender, using=None, **kwargs):
    content_changed(_groups[sender], using=using)


def _on_m2m(sender, action, using=None, **kwargs):
    if action.startswith("post_"):
        content_changed(_groups[sender], using=using)


def _on_migrate(using=None, **kwargs):
    # Data migrations save through historical models, which nobody watches.
    content_changed(using=using)


def connect(app_config):
    # post_migrate is sent once for every app: this app's is the migration, once.
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="pagecache.migrate")
