import time
from pathlib import Path

import pytest

from jobs.antispam import started_token
from jobs.storage import stored_names
from tests.factories import RoleFactory, RoleFamilyFactory


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    """Uploads go to a fresh folder per test, outside the project, like a real private root."""
    settings.PRIVATE_UPLOADS_ROOT = tmp_path / "private-uploads"
    return settings.PRIVATE_UPLOADS_ROOT


@pytest.fixture(params=["folder", "bucket"])
def private_store(request, private_uploads):
    """The private storage, once as the local folder and once as a bucket on a loopback S3 server."""
    if request.param == "bucket":
        request.getfixturevalue("s3_bucket")
    return request.param


def stored_files(where):
    """The files in a private folder (a Path), or the names in the private storage (private_store)."""
    if isinstance(where, Path):
        return sorted(path for path in where.rglob("*") if path.is_file()) if where.exists() else []
    return stored_names()


def opened_a_minute_ago(form_name="contribute"):
    """The anti-spam clock of a form a person opened a minute ago."""
    return started_token(form_name, time.time() - 60)


@pytest.fixture
def data_family(db):
    return RoleFamilyFactory(name="Data", slug="data")


@pytest.fixture
def data_analyst(data_family):
    return RoleFactory(family=data_family, name="Data analyst", slug="data-analyst", level="practitioner")


def contribution(role, /, **overrides):
    """A complete, valid contribution: a link to a Camden data analyst job description."""
    data = {
        "role": str(role.pk),
        "title": "Data Analyst (Housing)",
        "council": "camden",
        "other_council": "",
        "grade": "PO4",
        "salary_min": "42000",
        "salary_max": "48000",
        "london_weighting": "included",
        "advertised_on_0": "3",
        "advertised_on_1": "3",
        "advertised_on_2": "2025",
        "external_url": "https://www.camden.gov.uk/jobs/data-analyst",
        "summary": "Analyses housing repairs data.",
        "contributor_name": "Ada Contributor",
        "contributor_email": "ada@camden.example",
        "website": "",
        "started": opened_a_minute_ago(),
    }
    data.update(overrides)
    return data
