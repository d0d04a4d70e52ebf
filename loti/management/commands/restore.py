"""manage.py restore <folder>: a backup brought back into an empty database and private storage."""

from django.core.management.base import BaseCommand, CommandError

from loti.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder (manage.py backup) into the configured database and storage, both empty."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A loti-backup-<time> folder.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup_restore(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the database and {len(manifest['uploads'])} files from the backup made {manifest['created_at']}"
        )
