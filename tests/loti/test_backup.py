"""Backups that have been restored: make one of the demo portal, restore it somewhere new, find the same portal."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from contextlib import closing
from datetime import UTC, datetime

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from jobs.models import JobDescription
from jobs.storage import private_storage, stored_names
from loti.backups import MANIFEST_FILE, BackupError, backup_create, backup_restore, backups_prune
from projects.models import Project
from tests.conftest import load_reference_data
from tests.servers import S3_CREDENTIALS, make_bucket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("backups are of PostgreSQL: run with scripts/test.sh")
    return connection.settings_dict


@pytest.fixture
def fresh_database(postgres):
    """A new, empty database on the same server, dropped afterwards."""
    name = f"loti_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def table_fingerprints(name):
    """Every table's row count and a checksum of its rows, in database `name`."""
    db = connection.settings_dict
    params = {"dbname": name, "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"], "port": db["PORT"]}
    with closing(psycopg2.connect(**params)) as c:
        with c.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            fingerprints = {}
            for table in tables:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                fingerprints[table] = cursor.fetchone()
    return fingerprints


def file_checksums():
    return {name: hashlib.sha256(private_storage.open(name, "rb").read()).hexdigest() for name in stored_names()}


PAGES = """
import hashlib, json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client()
pages = {}
for path in json.loads(__import__("sys").argv[1]):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    pages[path] = [response.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps(pages))
"""


def public_pages(paths, env):
    """Status and checksum of each page, drawn by a separate portal process with these settings."""
    result = subprocess.run(
        [sys.executable, "-c", PAGES, json.dumps(paths)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "loti.settings", "PAGE_CACHE_SECONDS": "0", **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def restore(folder, env):
    """manage.py restore, in its own process configured only by the environment, as an operator would run it."""
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "loti.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def demo_portal(postgres, settings, tmp_path):
    load_reference_data()  # transactional tests start with empty tables
    settings.PRIVATE_UPLOADS_ROOT = tmp_path / "uploads"
    return settings


def storage_env(kind, request, tmp_path):
    """Where the portal keeps uploads, as environment variables, and a fresh place of that kind to restore into."""
    if kind == "folder":
        return {"PRIVATE_UPLOADS_ROOT": str(tmp_path / "uploads")}, {"PRIVATE_UPLOADS_ROOT": str(tmp_path / "restored")}
    endpoint = request.getfixturevalue("s3_server")
    bucket = request.getfixturevalue("s3_bucket")
    common = {
        "PRIVATE_STORAGE_ENDPOINT_URL": endpoint,
        "PRIVATE_STORAGE_REGION": S3_CREDENTIALS["region_name"],
        "AWS_ACCESS_KEY_ID": S3_CREDENTIALS["access_key"],
        "AWS_SECRET_ACCESS_KEY": S3_CREDENTIALS["secret_key"],
    }
    return {**common, "PRIVATE_STORAGE_BUCKET": bucket}, {**common, "PRIVATE_STORAGE_BUCKET": make_bucket(endpoint)}


@pytest.mark.parametrize("kind", ["folder", "bucket"])
def test_a_backup_restored_into_a_fresh_database_and_storage_is_the_same_portal(
    demo_portal, fresh_database, request, tmp_path, kind
):
    original_env, restored_env = storage_env(kind, request, tmp_path)
    call_command("load_demo_data", force=True)
    jd = JobDescription.objects.published().exclude(file="").first()
    project = Project.objects.public().first()
    assert jd and project
    paths = [
        "/",
        "/projects/",
        project.get_absolute_url(),
        "/jobs/",
        jd.get_absolute_url(),
        f"/jobs/descriptions/{jd.pk}/file/",
        "/boroughs/",
        "/okrs/",
    ]
    files_before = file_checksums()
    assert jd.file.name in files_before

    folder = backup_create(root=tmp_path / "backups")

    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    assert {upload["name"]: upload["sha256"] for upload in manifest["uploads"]} == files_before
    assert folder.name.startswith("loti-backup-") and (folder / "database.dump").stat().st_size > 0

    result = restore(folder, {"DATABASE_URL": database_url(fresh_database), **restored_env})
    assert result.returncode == 0, result.stderr
    assert f"Restored the database and {len(files_before)} files" in result.stdout

    # The same records, table by table...
    original_tables = table_fingerprints(connection.settings_dict["NAME"])
    assert table_fingerprints(fresh_database) == original_tables
    assert original_tables["jobs_jobdescription"][0] > 0 and original_tables["projects_project"][0] > 0
    # ...the same files, by checksum, in the new storage...
    if kind == "folder":
        demo_portal.PRIVATE_UPLOADS_ROOT = tmp_path / "restored"
    else:
        demo_portal.STORAGES = {
            **demo_portal.STORAGES,
            "private": {
                **demo_portal.STORAGES["private"],
                "OPTIONS": {
                    **demo_portal.STORAGES["private"]["OPTIONS"],
                    "bucket_name": restored_env["PRIVATE_STORAGE_BUCKET"],
                },
            },
        }
    assert file_checksums() == files_before
    # ...and the same public pages, the file download among them.
    before = public_pages(paths, {"DATABASE_URL": database_url(connection.settings_dict["NAME"]), **original_env})
    after = public_pages(paths, {"DATABASE_URL": database_url(fresh_database), **restored_env})
    assert all(status == 200 for status, _ in before.values()), before
    assert after == before


def test_restore_refuses_a_database_that_is_not_empty_and_writes_nothing(demo_portal, tmp_path):
    call_command("load_demo_data", force=True)
    folder = backup_create(root=tmp_path / "backups")
    demo_portal.PRIVATE_UPLOADS_ROOT = tmp_path / "empty"
    with pytest.raises(BackupError, match="database is not empty"):
        backup_restore(folder=folder)
    assert stored_names() == []


def test_restore_refuses_a_backup_whose_files_do_not_match_their_checksums(demo_portal, fresh_database, tmp_path):
    call_command("load_demo_data", force=True)
    folder = backup_create(root=tmp_path / "backups")
    upload = next((folder / "uploads").rglob("*.*"))
    upload.write_bytes(upload.read_bytes() + b"tampered")
    result = restore(
        folder, {"DATABASE_URL": database_url(fresh_database), "PRIVATE_UPLOADS_ROOT": str(tmp_path / "r")}
    )
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
    assert table_fingerprints(fresh_database) == {}
    assert not (tmp_path / "r").exists()


def test_backups_older_than_the_retention_are_deleted_and_newer_ones_kept(tmp_path):
    for stamp in ("20261001T020000Z", "20261102T020000Z", "20261130T020000Z"):
        (tmp_path / f"loti-backup-{stamp}").mkdir()
    (tmp_path / "loti-backup-20260101T020000Z.partial").mkdir()  # not a finished backup: left for a person
    deleted = backups_prune(root=tmp_path, keep_days=30, now=datetime(2026, 12, 1, 3, tzinfo=UTC))
    assert [folder.name for folder in deleted] == ["loti-backup-20261001T020000Z"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "loti-backup-20260101T020000Z.partial",
        "loti-backup-20261102T020000Z",
        "loti-backup-20261130T020000Z",
    ]
