"""The portal's settings plus the benchmark and load test: their commands and the floor view.

scripts/bench.sh and scripts/loadtest.sh set DJANGO_SETTINGS_MODULE=perf.settings;
production never does, so it has neither.
"""

from loti.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "perf"]  # noqa: F405
ROOT_URLCONF = "perf.urls"

# The benchmark sends hundreds of API requests a minute from one address: no rate limit here.
API_REQUESTS_PER_MINUTE = 0
