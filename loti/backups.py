"""Backups of the whole portal: the PostgreSQL database and the private uploads, together.

A backup is one folder, `loti-backup-<UTC time>`, holding
- database.dump: `pg_dump -Fc`, one consistent snapshot of every table;
- uploads/<name>: every file in the private storage (folder or bucket), read
  through the storage, so it does not matter which one is configured;
- manifest.json: when it was made, and the size and SHA-256 of every file.

The dump is taken first and the files after it: a file is always written
before the row that names it (jobs.storage), so every file a row in the dump
names is in the copy, unless it was deleted in between. The folder is written
under a `.partial` name and renamed when complete, so a half-written backup
never looks like one. `restore` checks every checksum first, and only
restores into an empty database and an empty storage.
"""

import hashlib
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import connection

from jobs.storage import private_storage, stored_names
from pagecache.versions import content_changed

PREFIX = "loti-backup-"
STAMP = "%Y%m%dT%H%M%SZ"
DATABASE_FILE = "database.dump"
UPLOADS_FOLDER = "uploads"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_program(name):
    """pg_dump or pg_restore: from PG_BIN if set, else the PATH, else Debian's newest server binaries."""
    if folder := os.environ.get("PG_BIN"):
        return str(Path(folder) / name)
    if found := shutil.which(name):
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} is not installed: apt-get install postgresql-client")


def postgres_environment():
    """libpq's variables for the default database, so no password is ever on a command line."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are of PostgreSQL (DATABASE_URL=postgres://...); this database is not.")
    values = {"PGHOST": db["HOST"], "PGPORT": db["PORT"], "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"]}
    return {**os.environ, "PGDATABASE": db["NAME"], **{key: str(value) for key, value in values.items() if value}}


def run(command):
    result = subprocess.run(command, env=postgres_environment(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup_create(*, root, now=None):
    """Write a new backup folder under root and return its path."""
    now = now or datetime.now(UTC)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    folder = root / f"{PREFIX}{now.strftime(STAMP)}"
    partial = folder.with_name(folder.name + ".partial")
    if folder.exists():
        raise BackupError(f"{folder} already exists.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    run([postgres_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial / DATABASE_FILE)])
    uploads = []
    for name in stored_names():
        target = partial / UPLOADS_FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with private_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        uploads.append({"name": name, "bytes": target.stat().st_size, "sha256": sha256(target)})
    manifest = {
        "created_at": now.isoformat(),
        "database": {
            "file": DATABASE_FILE,
            "bytes": (partial / DATABASE_FILE).stat().st_size,
            "sha256": sha256(partial / DATABASE_FILE),
        },
        "uploads": uploads,
    }
    (partial / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    partial.rename(folder)
    return folder


def backup_verify(folder):
    """The manifest, once every file in the backup matches its checksum; raise BackupError if not."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST_FILE}: {error}") from None
    expected = {DATABASE_FILE: manifest["database"]["sha256"]}
    expected |= {f"{UPLOADS_FOLDER}/{upload['name']}": upload["sha256"] for upload in manifest["uploads"]}
    for name, checksum in expected.items():
        path = folder / name
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"{name} in {folder} is missing or does not match its checksum: not restoring.")
    return manifest


def database_is_empty():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def backup_restore(*, folder):
    """Restore a backup into the configured database and private storage, both of which must be empty."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    postgres_environment()  # refuses anything but PostgreSQL before touching either
    if not database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if stored_names():
        raise BackupError("The private storage is not empty: restore into a new, empty folder or bucket.")
    run(
        [
            postgres_program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(folder / DATABASE_FILE),
        ]
    )
    for upload in manifest["uploads"]:
        with open(folder / UPLOADS_FOLDER / upload["name"], "rb") as source:
            saved = private_storage.save(upload["name"], File(source))
        if saved != upload["name"]:
            raise BackupError(f"{upload['name']} was stored as {saved}: the storage was not empty.")
    # Pages a shared cache holds were drawn from other data.
    content_changed()
    return manifest


def backups_prune(*, root, keep_days, now=None):
    """Delete the backups under root older than keep_days (by the time in their names); return those deleted."""
    now = now or datetime.now(UTC)
    deleted = []
    for folder in sorted(Path(root).glob(f"{PREFIX}*")):
        try:
            made = datetime.strptime(folder.name.removeprefix(PREFIX), STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours (or still .partial): leave it
        if now - made > timedelta(days=keep_days):
            shutil.rmtree(folder)
            deleted.append(folder)
    return deleted
