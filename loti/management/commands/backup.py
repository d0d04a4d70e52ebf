"""manage.py backup: the database and the private uploads, together, in one timestamped folder."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loti.backups import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the private uploads into one folder under BACKUP_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=None, help="The folder to write the backup under (default BACKUP_ROOT).")

    def handle(self, *args, to=None, **options):
        root = to or settings.BACKUP_ROOT
        try:
            folder = backup_create(root=root)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {folder}")
        for old in backups_prune(root=root, keep_days=settings.BACKUP_KEEP_DAYS):
            self.stdout.write(f"Deleted {old.name}: older than {settings.BACKUP_KEEP_DAYS} days")
