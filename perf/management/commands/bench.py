"""Benchmark the portal on gunicorn: latency, throughput and queries per page, with two baselines.

`make bench` prepares two databases (small and production-scale) and runs
this against the production one. Each page is compared, in the same run on
the same server, with a view that renders nothing (the framework's floor) and
with the Django admin's changelist of the same model at the same page size.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from boroughs.models import User
from perf.measure import force_login_verified, time_page
from perf.pages import portal_pages

RESULTS = Path(settings.BASE_DIR) / "bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user):
    client = Client(SERVER_NAME="127.0.0.1")
    force_login_verified(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Command(BaseCommand):
    help = "Measure the main pages on gunicorn against a floor view and the admin (see make bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small-database-url", required=True, help="The same pages on the small dataset, for query counts."
        )
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, small_database_url, requests, concurrency, workers, **options):
        pages = portal_pages()
        self.stdout.write("Counting queries on the production-scale dataset...")
        large_counts = json.loads(self.queries_on(os.environ["DATABASE_URL"]))
        self.stdout.write("Counting queries on the small dataset...")
        small_counts = json.loads(self.queries_on(small_database_url))

        staff = User.objects.filter(is_staff=True, email__startswith="bench").first()
        cookies = {None: None}
        for page in pages:
            if page.user and page.user not in cookies:
                cookies[page.user] = session_cookie(User.objects.get(email=page.user))
        admin_cookie = session_cookie(staff)

        def timed(port, path, cookie=None):
            return time_page("127.0.0.1", port, path, cookie=cookie, requests=requests, concurrency=concurrency)

        # First as visitors get the pages, signed-out ones from the page cache;
        # then on a server with the cache off, to time drawing each page.
        port = free_port()
        server = self.start_gunicorn(port, workers, page_cache=True)
        try:
            floor = timed(port, "/bench/floor/")
            # The same view for each signed-in person: the session and user lookups
            # every signed-in page pays before drawing anything.
            signed_in_floors = {user: timed(port, "/bench/floor/", cookies[user]) for user in cookies if user}
            served, admin = {}, {}
            for page in pages:
                self.stdout.write(f"Timing {page.name}...")
                served[page.name] = timed(port, page.path, cookies[page.user])
                if page.admin_path:
                    admin[page.name] = timed(port, page.admin_path, admin_cookie)
        finally:
            self.stop(server)
        server = self.start_gunicorn(port, workers, page_cache=False)
        try:
            drawn = {}
            for page in pages:
                self.stdout.write(f"Timing {page.name} drawn afresh...")
                drawn[page.name] = timed(port, page.path, cookies[page.user])
        finally:
            self.stop(server)
        rows = []
        for page in pages:
            timing, fresh, baseline = served[page.name], drawn[page.name], admin.get(page.name)
            rows.append(
                {
                    "page": page.name,
                    "path": page.path,
                    "queries_small": small_counts[page.name],
                    "queries_production": large_counts[page.name],
                    **timing.as_dict(),
                    "x_floor": round(timing.median_ms / floor.median_ms, 1),
                    "target_x_floor": page.target,
                    "x_signed_in_floor": (
                        round(timing.median_ms / signed_in_floors[page.user].median_ms, 1) if page.user else None
                    ),
                    "drawn_median_ms": fresh.median_ms,
                    "drawn_p95_ms": fresh.p95_ms,
                    "drawn_errors": fresh.errors,
                    "admin_path": page.admin_path,
                    "admin_median_ms": baseline.median_ms if baseline else None,
                    # The admin has no page cache: compare it with the page drawn afresh.
                    "x_admin": round(fresh.median_ms / baseline.median_ms, 2) if baseline else None,
                }
            )
        results = {
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{os.cpu_count()} cores",
            "gunicorn_workers": workers,
            "concurrency": concurrency,
            "requests_per_page": requests,
            "floor": floor.as_dict(),
            "signed_in_floors": {user: timing.as_dict() for user, timing in signed_in_floors.items()},
            "pages": rows,
        }
        self.write(results)
        failures = self.check_targets(results)
        if failures:
            raise CommandError("Targets missed:\n  " + "\n  ".join(failures))

    def queries_on(self, database_url):
        env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "perf.settings"}
        result = subprocess.run(
            [sys.executable, "manage.py", "bench_queries"],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    def stop(self, server):
        server.terminate()
        server.wait(timeout=30)

    def start_gunicorn(self, port, workers, *, page_cache):
        static_root = tempfile.mkdtemp(prefix="loti-bench-static-")
        env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            # The same secret as this process, so the session cookies made here are valid there.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            # perf.settings, whatever this process was started with: it serves the floor view.
            "DJANGO_SETTINGS_MODULE": "perf.settings",
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": os.environ.get("PAGE_CACHE_SECONDS", "600") if page_cache else "0",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [
                str(gunicorn),
                "loti.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start")

    def write(self, results):
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        table = markdown_table(results)
        (RESULTS / "results.md").write_text(table)
        self.stdout.write("\n" + table)
        readme = Path(settings.BASE_DIR) / "README.md"
        text = readme.read_text()
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            after = rest.split(end, 1)[1]
            readme.write_text(f"{before}{start}\n{table}{end}{after}")

    def check_targets(self, results):
        failures = []
        for row in results["pages"]:
            if row["queries_small"] != row["queries_production"]:
                failures.append(
                    f"{row['page']}: {row['queries_small']} queries small, {row['queries_production']} at scale"
                )
            if row["queries_production"] > 12:
                failures.append(f"{row['page']}: {row['queries_production']} queries, over 12")
            if row["errors"] or row["drawn_errors"]:
                failures.append(f"{row['page']}: {row['errors'] + row['drawn_errors']} error responses")
            target = row.get("target_x_floor", 5)
            if row["x_floor"] > target:
                failures.append(f"{row['page']}: {row['x_floor']}x the floor's median, over {target}x")
            if row["x_admin"] is not None and row["x_admin"] >= 1:
                failures.append(f"{row['page']}: not faster than the admin changelist ({row['x_admin']}x)")
        return failures


def markdown_table(results):
    floor = results["floor"]
    lines = [
        f"Measured {results['when']} on {results['machine']}: gunicorn with {results['gunicorn_workers']} workers, "
        f"{results['requests_per_page']} requests a page at concurrency {results['concurrency']}, "
        "production-scale data. "
        f"Floor (a view that renders nothing): median {floor['median_ms']} ms, p95 {floor['p95_ms']} ms, "
        f"{floor['throughput']} requests/s. "
        + "".join(
            f"The same view signed in as {user}: median {timing['median_ms']} ms. "
            for user, timing in results.get("signed_in_floors", {}).items()
        )
        + "× floor signed in: a signed-in page against that (its session and user lookups included). "
        "Served: as visitors get the page, signed-out visitors from the page cache. "
        "Drawn: the same page with the page cache off, as the first visitor after a change gets it; "
        "the admin, which has no page cache, is compared with this. "
        "Queries: those drawing the page makes; a page served from the cache makes none.",
        "",
        "| page | queries (small / production) | served median ms | served p95 ms | requests/s | × floor "
        "| × floor signed in | drawn median ms | admin changelist median ms | drawn × admin |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["pages"]:
        admin = f"{r['admin_median_ms']}" if r["admin_median_ms"] is not None else "–"
        x_admin = f"{r['x_admin']}" if r["x_admin"] is not None else "–"
        x_signed_in = f"{r['x_signed_in_floor']}" if r.get("x_signed_in_floor") is not None else "–"
        lines.append(
            f"| {r['page']} | {r['queries_small']} / {r['queries_production']} | {r['median_ms']} | {r['p95_ms']} | "
            f"{r['throughput']} | {r['x_floor']} | {x_signed_in} | {r['drawn_median_ms']} | {admin} | {x_admin} |"
        )
    return "\n".join(lines) + "\n"
