"""Benchmark the portal on gunicorn: pages served, drawn for signed-in people, drawn afresh, and as the data grows.

`make bench` prepares a small and a production-scale database and runs this
against the production one (DATABASE_URL). It copies that database twice and
grows the copies to 3x and 10x the job descriptions and projects
(perf.growth), counts each page's queries at every size, then:

1. on gunicorn with the page cache on: the floor view, each page as visitors
   get it, each page drawn for a signed-in CDIO and central-team member
   (caches warm), and each page's weight (perf.weight);
2. on one gunicorn per size with every cache empty (a dummy cache backend):
   each page drawn afresh at 1x, its admin changelist, and the page at 3x and
   10x, taken in turns so that the machine's load falls on all alike.

perf.report turns the numbers into rows, misses and tables.
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
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from boroughs.models import User
from jobs.models import JobDescription
from perf import report
from perf.measure import Sample, force_login_verified, sample_page
from perf.pages import portal_pages, signed_in_people
from perf.weight import page_weight
from projects.models import Project


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user):
    client = Client(SERVER_NAME="127.0.0.1")
    force_login_verified(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def database_url_for(url, scale):
    """The URL of the grown copy of the database at `url`: its name with _3x, _10x."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{scale}"))


class Command(BaseCommand):
    help = "Measure the main pages on gunicorn against a floor view and the admin, at 1x, 3x and 10x (make bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small-database-url", required=True, help="The same pages on the small dataset, for query counts."
        )
        parser.add_argument("--requests", type=int, default=200, help="Most requests a timing at 1x.")
        parser.add_argument("--max-seconds", type=float, default=3, help="A timing stops after this, once...")
        parser.add_argument("--min-requests", type=int, default=12, help="...it has this many requests.")
        parser.add_argument("--growth", default="3,10", help="The sizes the data is grown to, times 1x.")
        parser.add_argument("--growth-requests", type=int, default=40, help="Most requests a timing at 3x and 10x.")
        parser.add_argument("--growth-max-seconds", type=float, default=2)
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--started-at", type=float, help="When make bench started (seconds since the epoch).")
        parser.add_argument(
            "--allow-misses", action="store_true", help="Exit 0 when targets are missed (results are always written)."
        )

    def handle(self, *args, **options):
        self.options = options
        self._static_root = None
        started = self.started = options["started_at"] or time.time()
        pages = portal_pages()
        people = signed_in_people()
        growth = [int(x) for x in options["growth"].split(",") if x.strip()]
        scales = ["1x"] + [f"{g}x" for g in growth]

        # Sessions first: the grown copies are made from this database, and so share them.
        emails = {page.user for page in pages if page.user} | set(people.values())
        cookies = {None: None} | {email: session_cookie(User.objects.get(email=email)) for email in emails}
        staff = User.objects.filter(is_superuser=True, email__startswith="bench").first()
        admin_cookie = session_cookie(staff)

        urls = {"1x": os.environ["DATABASE_URL"]}
        for factor in growth:
            source = urls[scales[scales.index(f"{factor}x") - 1]]
            urls[f"{factor}x"] = self.grown_copy(source, factor)
        sizes = {scale: self.sizes_on(url) for scale, url in urls.items()}

        counts = {"small": self.queries_on(options["small_database_url"])}
        counts |= {scale: self.queries_on(url) for scale, url in urls.items()}

        load_at_start = os.getloadavg()[0]
        served, signed_in, weights, floors = self.served_phase(pages, people, cookies)
        drawn, admin, fresh_floors = self.fresh_phase(pages, scales, urls, people, cookies, admin_cookie)
        floors |= fresh_floors
        drawn_by = {email: who for who, email in people.items()}

        rows = [
            report.page_row(
                page,
                queries={size: counts[size][page.name] for size in counts},
                served=served[page.name],
                signed_in=signed_in[page.name],
                drawn={scale: drawn[scale][page.name] for scale in scales},
                admin=admin.get(page.name),
                weight=weights.get(page.name),
                floors=floors,
                drawn_by=drawn_by.get(page.user),
            )
            for page in pages
        ]
        results = {
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{os.cpu_count()} cores",
            "gunicorn_workers": options["workers"],
            "concurrency": options["concurrency"],
            "requests_per_page": options["requests"],
            "max_seconds": options["max_seconds"],
            "min_requests": options["min_requests"],
            "growth_requests_per_page": options["growth_requests"],
            "duration_minutes": round((time.time() - started) / 60, 1),
            # The machine is shared: how busy it was says how far to trust the times.
            "load_average": [round(load_at_start, 1), round(os.getloadavg()[0], 1)],
            "scales": sizes,
            "signed_in_people": list(people),
            "floors": floors,
            "targets": report.TARGETS,
            "pages": rows,
        }
        results["misses"] = report.misses(results)
        self.stdout.write("\n" + report.write(results, settings.BASE_DIR))
        if results["misses"] and not options["allow_misses"]:
            raise CommandError("Targets missed:\n  " + "\n  ".join(results["misses"]))

    def say(self, text):
        elapsed = time.time() - self.started
        self.stdout.write(f"[{int(elapsed // 60):02d}:{int(elapsed % 60):02d}] {text}")

    def timed(self, port, path, cookie=None, *, growth=False, share=1, warmup=None):
        """A Sample of `path`: `share` of a timing's requests and seconds (a timing taken in turns)."""
        o = self.options
        requests = o["growth_requests"] if growth else o["requests"]
        seconds = o["growth_max_seconds"] if growth else o["max_seconds"]
        return sample_page(
            port,
            path,
            cookie=cookie,
            requests=max(1, round(requests * share)),
            concurrency=o["concurrency"],
            # One request a connection: each worker draws the page once (templates
            # loaded, caches filled) before the timed requests.
            warmup=o["concurrency"] if warmup is None else warmup,
            max_seconds=seconds * share,
            min_requests=max(1, round((o["min_requests"] // 2 if growth else o["min_requests"]) * share)),
        )

    def served_phase(self, pages, people, cookies):
        """Pages as visitors get them, drawn for signed-in people, and their weights: page cache on."""
        port = free_port()
        server = self.start_gunicorn(port, os.environ["DATABASE_URL"], page_cache=True)
        served, signed_in, weights = {}, {}, {}
        try:
            floor = self.timed(port, "/bench/floor/", warmup=20)
            floors = {}
            for who, email in people.items():
                floors[who] = self.timed(port, "/bench/floor/", cookies[email]).timing().as_dict()
            for page in pages:
                self.say(f"Timing {page.name} served and signed in...")
                served[page.name] = self.timed(port, page.path, cookies[page.user]).timing().as_dict()
                signed_in[page.name] = {}
                for who in page.signed_in:
                    email = people[who]
                    signed_in[page.name][who] = (
                        served[page.name]
                        if email == page.user
                        else self.timed(port, page.path, cookies[email]).timing().as_dict()
                    )
                weights[page.name] = page_weight(port, page.path, cookie=cookies[page.user]).as_dict()
            floor += self.timed(port, "/bench/floor/")  # at the start and the end: the machine's load drifts
            floors["served"] = floor.timing().as_dict()
        finally:
            self.stop(server)
        return served, signed_in, weights, floors

    def fresh_phase(self, pages, scales, urls, people, cookies, admin_cookie):
        """Each page drawn afresh at every size and its admin changelist at 1x, in turns: two rounds of each.

        Returns the timings and the floors drawn afresh: {"fresh": visitors', "fresh CDIO": ..., ...}.
        """
        ports = {scale: free_port() for scale in scales}
        servers = []
        try:
            for scale in scales:
                servers.append(self.start_gunicorn(ports[scale], urls[scale], page_cache=False))
            base = ports["1x"]
            floor = self.timed(base, "/bench/floor/", warmup=20)
            floors = {
                f"fresh {who}": self.timed(base, "/bench/floor/", cookies[email]) for who, email in people.items()
            }
            drawn = {scale: {} for scale in scales}
            admin = {}
            for page in pages:
                self.say(f"Timing {page.name} drawn afresh at {', '.join(scales)}...")
                cookie = cookies[page.user]
                samples = {scale: Sample() for scale in scales}
                admin_sample = Sample()
                for turn in range(2):
                    # Nothing to fill with every cache empty: one draw a worker loads the templates.
                    warmup = self.options["workers"] if turn == 0 else 0
                    samples["1x"] += self.timed(base, page.path, cookie, share=0.5, warmup=warmup)
                    if page.admin_path:
                        admin_sample += self.timed(base, page.admin_path, admin_cookie, share=0.5, warmup=warmup)
                    for scale in scales[1:]:
                        samples[scale] += self.timed(
                            ports[scale], page.path, cookie, growth=True, share=0.5, warmup=warmup
                        )
                for scale in scales:
                    drawn[scale][page.name] = samples[scale].timing().as_dict()
                if page.admin_path:
                    admin[page.name] = admin_sample.timing().as_dict()
            floor += self.timed(base, "/bench/floor/")  # at the start and the end: the machine's load drifts
            for who, email in people.items():
                floors[f"fresh {who}"] += self.timed(base, "/bench/floor/", cookies[email])
        finally:
            for server in servers:
                self.stop(server)
        floors = {key: sample.timing().as_dict() for key, sample in floors.items()}
        return drawn, admin, {"fresh": floor.timing().as_dict()} | floors

    def grown_copy(self, source_url, factor):
        """A copy of the database at `source_url`, grown to `factor` times its job descriptions and projects."""
        target_url = database_url_for(os.environ["DATABASE_URL"], f"{factor}x")
        source, target = urlsplit(source_url).path.lstrip("/"), urlsplit(target_url).path.lstrip("/")
        self.say(f"Copying {source} to {target} and growing it to {factor}x...")
        connection.close()  # a template database must have no one connected
        admin = psycopg2.connect(urlunsplit(urlsplit(source_url)._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        admin.close()
        self.manage(target_url, "bench_grow", "--factor", str(factor))
        return target_url

    def sizes_on(self, url):
        if url == os.environ["DATABASE_URL"]:
            return {"descriptions": JobDescription.objects.count(), "projects": Project.objects.count()}
        return json.loads(self.manage(url, "bench_grow", "--count").strip().splitlines()[-1])

    def queries_on(self, database_url):
        self.say(f"Counting queries on {urlsplit(database_url).path.lstrip('/')}...")
        return json.loads(self.manage(database_url, "bench_queries").strip().splitlines()[-1])

    def manage(self, database_url, *command):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "perf.settings",
            # Query counts are those of a page drawn afresh: no cache to fill or read.
            "CACHE_URL": "dummycache://",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"manage.py {' '.join(command)} failed:\n{result.stderr}")
        return result.stdout

    def stop(self, server):
        server.terminate()
        server.wait(timeout=30)

    def static_root(self):
        """Static files collected once a run (with their compressed copies), for every server."""
        if not getattr(self, "_static_root", None):
            self._static_root = tempfile.mkdtemp(prefix="loti-bench-static-")
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                env=self.server_env(os.environ["DATABASE_URL"], page_cache=True),
                cwd=settings.BASE_DIR,
                check=True,
            )
        return self._static_root

    def server_env(self, database_url, *, page_cache):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            # The same secret as this process, so the session cookies made here are valid there.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            # perf.settings, whatever this process was started with: it serves the floor view.
            "DJANGO_SETTINGS_MODULE": "perf.settings",
            "STATIC_ROOT": self._static_root,
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": os.environ.get("PAGE_CACHE_SECONDS", "600") if page_cache else "0",
        }
        if not page_cache:
            # Drawn completely afresh: every cache empty, every time (fragments and all).
            env["CACHE_URL"] = "dummycache://"
        return env

    def start_gunicorn(self, port, database_url, *, page_cache):
        self.static_root()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [
                str(gunicorn),
                "loti.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.options["workers"]),
                "--log-level",
                "warning",
            ],
            env=self.server_env(database_url, page_cache=page_cache),
            cwd=settings.BASE_DIR,
        )
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start")
