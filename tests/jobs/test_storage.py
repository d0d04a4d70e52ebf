"""The private storage on S3-compatible object storage (a moto server on loopback)."""

import subprocess
import sys

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from jobs.models import JobDescription
from jobs.storage import PrivateBucketStorage, PrivateFolderStorage, private_storage, stored_names
from tests.jobs import files
from tests.jobs.conftest import contribution, stored_files
from tests.servers import S3_CREDENTIALS

URL = "/jobs/contribute/"


def bucket_objects(endpoint_url, bucket):
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=S3_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_CREDENTIALS["secret_key"],
        region_name=S3_CREDENTIALS["region_name"],
    )
    listing = client.list_objects_v2(Bucket=bucket)
    return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"]) for item in listing.get("Contents", [])}


def test_a_contributed_file_goes_to_the_bucket_and_nothing_to_the_folder(
    client, data_analyst, private_uploads, s3_server, s3_bucket
):
    post = contribution(data_analyst, external_url="", document=files.upload("analyst.pdf", files.PDF))
    assert client.post(URL, post).status_code == 302
    jd = JobDescription.objects.get()
    objects = bucket_objects(s3_server, s3_bucket)
    assert list(objects) == [jd.file.name]
    assert objects[jd.file.name]["Body"].read() == files.PDF
    assert stored_files(private_uploads) == []
    assert stored_names() == [jd.file.name]


def test_the_download_view_streams_the_file_from_the_bucket_with_the_same_headers(client, data_analyst, s3_bucket):
    post = contribution(data_analyst, external_url="", document=files.upload("analyst.pdf", files.PDF))
    client.post(URL, post)
    jd = JobDescription.objects.get()
    jd.publish(by=None)
    jd.save()
    response = client.get(f"/jobs/descriptions/{jd.pk}/file/")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Length"] == str(len(files.PDF))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="job-description-{jd.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # The page links to the portal's view, never to the bucket.
    page = client.get(jd.get_absolute_url()).text
    assert f'href="/jobs/descriptions/{jd.pk}/file/"' in page
    assert s3_bucket not in page and "127.0.0.1:" not in page


def test_a_bucket_file_has_no_public_or_signed_url(s3_bucket):
    name = private_storage.save("job-descriptions/x.pdf", ContentFile(files.PDF))
    assert isinstance(storages["private"], PrivateBucketStorage)
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(name)


def test_a_clash_of_names_in_the_bucket_never_replaces_a_file(s3_bucket):
    first = private_storage.save("job-descriptions/same.pdf", ContentFile(b"%PDF-1.4 first"))
    second = private_storage.save("job-descriptions/same.pdf", ContentFile(b"%PDF-1.4 second"))
    assert first != second
    assert private_storage.open(first).read() == b"%PDF-1.4 first"


def storage_from_environment(**variables):
    """STORAGES["private"] as settings.py builds it from these environment variables, in a fresh process."""
    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['private']))"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "loti.settings", **variables}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(result.stdout)


def test_the_folder_is_the_default_and_a_bucket_is_chosen_by_settings_alone():
    assert storage_from_environment() == {"BACKEND": "jobs.storage.PrivateFolderStorage"}
    assert storage_from_environment(
        PRIVATE_STORAGE_BUCKET="loti-uploads",
        PRIVATE_STORAGE_ENDPOINT_URL="https://s3.example.net",
        PRIVATE_STORAGE_REGION="eu-west-2",
    ) == {
        "BACKEND": "jobs.storage.PrivateBucketStorage",
        "OPTIONS": {
            "bucket_name": "loti-uploads",
            "endpoint_url": "https://s3.example.net",
            "region_name": "eu-west-2",
            "location": "",
        },
    }


def test_the_field_follows_the_private_storage_setting(private_uploads, settings, s3_bucket):
    assert isinstance(storages["private"], PrivateBucketStorage)
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "jobs.storage.PrivateFolderStorage"}}
    assert isinstance(JobDescription._meta.get_field("file").storage.backend, PrivateFolderStorage)
