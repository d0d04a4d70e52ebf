"""Time a few benchmarked pages in this process, quickly: no gunicorn, no network.

`make bench` takes minutes and measures under concurrency; this draws pages
one after another through Django's test client against the database in
DATABASE_URL (build it once with `manage.py bench_data --scale production`),
with the page cache off, and prints each page's median and its ratio to the
floor view drawn the same way. --profile prints cProfile's heaviest calls.

    DJANGO_SETTINGS_MODULE=perf.settings DJANGO_DEBUG=false DATABASE_URL=... \\
        .venv/bin/python manage.py bench_profile "My borough" --profile
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from boroughs.models import User
from perf.measure import force_login_verified
from perf.pages import portal_pages


def client_for(email):
    client = Client(SERVER_NAME="127.0.0.1")
    if email:
        # Past the second factor, as make bench signs in: else a CDIO's pages redirect to the code step.
        force_login_verified(client, User.objects.get(email=email))
        client.get("/")  # the first request after sign-in refreshes the session
    return client


def database_cpu_seconds():
    """CPU time used so far by this connection's PostgreSQL backend (Linux, same machine), or 0 if unknown."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timings_ms(client, path, repeat):
    """(median, fastest, CPU time a request) of `repeat` requests, in ms.

    On a busy machine the CPU time (this process's and the database
    backend's, averaged) says more than the median: it leaves out the time
    spent waiting for a core.
    """
    wall = []
    started_cpu, started_db = time.process_time(), database_cpu_seconds()
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    cpu = time.process_time() - started_cpu + database_cpu_seconds() - started_db
    return statistics.median(wall), min(wall), cpu * 1000 / repeat


class Command(BaseCommand):
    help = "Time benchmarked pages in-process against the floor view (a quick look before make bench)."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Pages whose name contains any of these (default: all).")
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--profile", action="store_true", help="Print cProfile's top calls for each page.")
        parser.add_argument("--top", type=int, default=40)

    def handle(self, *args, names, repeat, profile, top, **options):
        pages = [p for p in portal_pages() if not names or any(n.lower() in p.name.lower() for n in names)]
        with override_settings(PAGE_CACHE_SECONDS=0):
            visitor = client_for(None)
            timings_ms(visitor, "/bench/floor/", 10)  # warm up: the first request imports and builds much
            floor, floor_min, floor_cpu = timings_ms(visitor, "/bench/floor/", repeat)
            self.stdout.write(f"Floor: median {floor:.2f} ms, fastest {floor_min:.2f} ms, CPU {floor_cpu:.2f} ms")
            signed_in_floors = {}
            for page in pages:
                client = client_for(page.user)
                if page.user and page.user not in signed_in_floors:
                    timings_ms(client, "/bench/floor/", 10)
                    signed_in_floors[page.user] = timings_ms(client, "/bench/floor/", repeat)
                    _, _, cpu = signed_in_floors[page.user]
                    self.stdout.write(f"Floor signed in as {page.user}: CPU {cpu:.2f} ms")
                timings_ms(client, page.path, 3)  # warm up
                queries = []

                def count(execute, sql, *args, queries=queries):
                    queries.append(sql)
                    return execute(sql, *args)

                with connection.execute_wrapper(count):
                    client.get(page.path)
                ms, fastest, cpu = timings_ms(client, page.path, repeat)
                self.stdout.write(
                    f"{page.name}: median {ms:.2f} ms ({ms / floor:.1f}x the floor), "
                    f"fastest {fastest:.2f} ms ({fastest / floor_min:.1f}x), "
                    f"CPU {cpu:.2f} ms ({cpu / floor_cpu:.1f}x), {len(queries)} queries"
                )
                if page.user:
                    _, _, signed_in_cpu = signed_in_floors[page.user]
                    self.stdout.write(f"  CPU {cpu / signed_in_cpu:.1f}x the floor signed in as the same person")
                if profile:
                    profiler = cProfile.Profile()
                    profiler.enable()
                    for _ in range(10):
                        client.get(page.path)
                    profiler.disable()
                    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)
