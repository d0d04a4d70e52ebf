"""Each log line is written once, in development (DEBUG) as in production."""

import os
import subprocess
import sys

import pytest

CODE = """
import logging, django
django.setup()
logging.getLogger("django.tasks").info("Task id=1 path=outbox.mail.deliver state=RUNNING")
logging.getLogger("django.utils.autoreload").info("Watching for file changes")
logging.getLogger("loti").warning("A portal warning")
"""


@pytest.mark.parametrize("debug", ["true", "false"])
def test_a_line_logged_under_django_is_written_once(debug):
    env = {**os.environ, "DJANGO_DEBUG": debug, "DJANGO_SETTINGS_MODULE": "loti.settings"}
    result = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True)
    lines = (result.stdout + result.stderr).splitlines()
    # The worker's task lines and runserver's reloader went to Django's own console handler and the root's.
    assert lines.count("Task id=1 path=outbox.mail.deliver state=RUNNING") == 1
    assert lines.count("Watching for file changes") == 1
    assert lines.count("A portal warning") == 1
