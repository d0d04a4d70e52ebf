"""Judge a load test run from its log: errors, the outage, latency, and every write in the database."""

import json
import statistics

from django.core.management.base import BaseCommand, CommandError

from ideas.models import Idea
from jobs.models import JobDescription
from projects.models import Participation

# How to find each kind of write in the database: history for notes, which later writes overwrite.
FIND = {
    "participation_note": lambda token: Participation.history.model.objects.filter(note=token).exists(),
    "idea": lambda token: Idea.objects.filter(title=token).exists(),
    "job_description": lambda token: JobDescription.objects.filter(title=token).exists(),
}

FRIENDLY_503 = "Sorry, the service is unavailable"


class Command(BaseCommand):
    help = "Check a load test log (make loadtest) against the database."

    def add_arguments(self, parser):
        parser.add_argument("log")
        parser.add_argument("--outage-start", type=float, help="When PostgreSQL was stopped (epoch seconds).")
        parser.add_argument("--outage-end", type=float, help="When PostgreSQL was started again.")
        parser.add_argument("--grace", type=float, default=3.0, help="Seconds after the restart still allowed a 503.")

    def handle(self, *args, log, outage_start=None, outage_end=None, grace=3.0, **options):
        records = [json.loads(line) for line in open(log)]
        requests = [r for r in records if r["kind"] == "request"]
        writes = [r for r in records if r["kind"] == "write"]
        problems = []

        def in_outage(record):
            return outage_start is not None and outage_start <= record["at"] <= outage_end + grace

        outage_503s = []
        for r in requests:
            if r["status"] in (200, 302):
                continue
            if r["status"] == 503 and in_outage(r):
                outage_503s.append(r)
                if FRIENDLY_503 not in r["body"]:
                    problems.append(f"503 without the friendly page on {r['name']}: {r['body'][:80]!r}")
                continue
            problems.append(f"{r['status']} on {r['method']} {r['name']} at {r['at']:.1f}")

        latencies = [r["ms"] for r in requests if r["status"] in (200, 302)]
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies, default=0)
        slowest_503 = max((r["ms"] for r in outage_503s), default=0)
        if slowest_503 > 6000:
            problems.append(f"a 503 during the outage took {slowest_503:.0f} ms")
        if outage_start is not None:
            after = [r for r in requests if r["at"] > outage_end + grace]
            if not any(r["status"] == 200 for r in after):
                problems.append("no successful request after the database came back")

        succeeded = [w for w in writes if w["ok"]]
        failed = [w for w in writes if not w["ok"]]
        missing = [w["token"] for w in succeeded if not FIND[w["what"]](w["token"])]
        half_there = [w["token"] for w in failed if FIND[w["what"]](w["token"])]
        kinds = sorted({w["what"] for w in succeeded})
        if missing:
            problems.append(f"{len(missing)} writes told they succeeded are missing, e.g. {missing[:3]}")
        if half_there:
            problems.append(f"{len(half_there)} writes told they failed are in the database, e.g. {half_there[:3]}")

        self.stdout.write(
            f"{len(requests)} requests, p95 {p95:.0f} ms; "
            f"{len(succeeded)} writes ({', '.join(kinds)}) succeeded and are all in the "
            f"database: {not missing}; {len(failed)} refused and none half there: {not half_there}; "
            f"{len(outage_503s)} friendly 503s during the outage (slowest {slowest_503:.0f} ms)."
        )
        if not succeeded:
            problems.append("no write succeeded: the journeys did not run")
        if problems:
            raise CommandError("Load test failed:\n  " + "\n  ".join(problems[:20]))
        self.stdout.write(self.style.SUCCESS("Load test passed."))
