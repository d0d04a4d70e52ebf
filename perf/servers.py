"""Debian's nginx and redis-server, and gunicorn, run on loopback for the tests and `make loadtest`.

nginx runs the deployment's own site file (deploy/nginx/loti.conf) with only
its `listen` line and upstream servers changed, inside a minimal main
configuration that keeps every file in a temporary folder, in the foreground.
The loadtest script uses the command line:

    python -m perf.servers nginx --dir D --port P --upstream 127.0.0.1:A [--upstream ...]
    python -m perf.servers redis --dir D --port P

Each replaces itself with the server (exec), so the caller's `$!` is the server's id.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = ROOT / "deploy" / "nginx" / "loti.conf"
LISTEN = "listen 80 default_server;"
UPSTREAM = "server web:8000;"


def nginx_binary():
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def redis_binary():
    return shutil.which("redis-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace_once(text, old, new):
    # The deployment file must keep exactly one of each, or the loopback run would test something else.
    if text.count(old) != 1:
        raise ValueError(f"{SITE_CONFIG.name} must contain {old!r} exactly once")
    return text.replace(old, new)


def nginx_config(*, directory, port, upstreams):
    """The whole nginx.conf for a loopback run: the deployment's site file inside a throwaway main block."""
    site = _replace_once(SITE_CONFIG.read_text(), LISTEN, f"listen 127.0.0.1:{port} default_server;")
    site = _replace_once(site, UPSTREAM, " ".join(f"server {upstream};" for upstream in upstreams))
    temp = "\n".join(
        f"    {kind}_temp_path {directory}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as `nobody`, who cannot enter a private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
{site}
}}
"""


def nginx_command(*, directory, port, upstreams):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "nginx.conf"
    config.write_text(nginx_config(directory=directory, port=port, upstreams=upstreams))
    return [nginx_binary(), "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(config)]


def redis_command(*, directory, port):
    # A cache: nothing is saved to disk, and it forgets the oldest keys when full, as production would.
    return [
        redis_binary(),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(directory),
        "--save",
        "",
        "--appendonly",
        "no",
        "--maxmemory",
        "128mb",
        "--maxmemory-policy",
        "allkeys-lru",
    ]


def gunicorn_command(*, port, workers=2, worker_class="sync"):
    return [
        str(Path(sys.executable).parent / "gunicorn"),
        "loti.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]


def wait_for_port(port, process=None, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {seconds} s")


def wait_for_health(port, process=None, seconds=60):
    """Until /healthz answers 200: gunicorn listens before its workers have loaded Django."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before /healthz answered")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "127.0.0.1"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"/healthz on 127.0.0.1:{port} did not answer 200 within {seconds} s")


def stop(process, seconds=10):
    if process is None or process.poll() is not None:
        return
    # SIGINT: a quick shutdown for gunicorn, nginx and redis-server alike; SIGTERM would have
    # gunicorn wait out its graceful timeout for workers that nobody is talking to any more.
    process.send_signal(signal.SIGINT)
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", choices=["nginx", "redis"])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", action="append", default=[])
    args = parser.parse_args(argv)
    if args.server == "nginx":
        if not nginx_binary() or not args.upstream:
            parser.error("needs Debian's nginx (make nginx) and at least one --upstream")
        command = nginx_command(directory=args.dir, port=args.port, upstreams=args.upstream)
    else:
        if not redis_binary():
            parser.error("needs Debian's redis-server (make redis-server)")
        Path(args.dir).mkdir(parents=True, exist_ok=True)
        command = redis_command(directory=args.dir, port=args.port)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
