"""A load run anyone can repeat, on the production shape: gunicorn (DEBUG=false, two workers),
PostgreSQL, Redis and a Celery worker, with locust (bench/locustfile.py) as the people.

1. Handover under load: 16 members save little miracles with htmx back to back, then 16 clients
   ask for a one-line Jinja page through the same stack (the floor); it prints both rates.
2. A day's mix: 50 members signed in (staff at handover and the wall, managers at the
   dashboards) for three minutes; it prints p50/p95/p99 and errors per page.
3. The resident memory of each gunicorn worker after the run.

    .venv/bin/pip install -r bench/requirements.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_culture REDIS_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python bench/load.py [--minutes 3] [--burst-seconds 30]
"""

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import wall_and_handover  # noqa: E402
from digest import free_port  # noqa: E402

BIN = Path(sys.executable).parent
USERS = 50
BURST_USERS = 16
RATIO_GOAL = 0.5
P95_GOAL_MS = 300
RSS_GOAL_MB = 150


def production_env(port: int) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        # As docker-compose.yml deploys it: each worker keeps its database connection.
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=HERE.parent, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def wait_for(url: str) -> None:
    for _ in range(60):
        try:
            # As the TLS proxy in front of it would say (otherwise: a redirect to https).
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer: see the gunicorn log")


def locust(host: str, users: int, seconds: int, user_class: str, out: Path, rate: int) -> dict[str, dict]:
    """Run locust headless, starting `rate` users a second; its per-page rows, by name
    ("Aggregated" for all). Errors are counted in the rows, not raised."""
    prefix = out / user_class
    subprocess.run(  # noqa: S603
        [
            str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), user_class, "--headless",
            "-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--host", host,
            "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        ],
        cwd=HERE.parent,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def serve(env: dict, port: int, *, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with the production WSGI app and the floor page, answering on `port`."""
    # As the image does: hashed static files in staticfiles/ (git ignores it).
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=HERE.parent,
        env=env,
        check=True,
    )
    web = start(
        [str(BIN / "gunicorn"), "bench.load_wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env,
        log,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/bench/bare-jinja/")
    except SystemExit:
        web.terminate()
        raise
    return web


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--burst-seconds", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL, e.g. redis://127.0.0.1:6379/14")
    database = wall_and_handover.use_bench_database()
    wall_and_handover.start_django()
    wall_and_handover.seed(wall_and_handover.TEAM_SLUG)
    wall_and_handover.analyze()

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = production_env(port)
    logs = Path(tempfile.mkdtemp())
    web = serve(env, port, workers=2, log=logs / "gunicorn.log")
    worker = start(
        [sys.executable, "-m", "celery", "-A", "recovery_culture", "worker", "-c", "1", "--loglevel=WARNING"],
        env,
        logs / "worker.log",
    )
    try:
        print(f"\ngunicorn (2 workers, DEBUG=false) + a Celery worker on database {database}; logs in {logs}")
        saves = locust(host, BURST_USERS, args.burst_seconds, "HandoverSaver", logs, BURST_USERS)
        floor = locust(host, BURST_USERS, args.burst_seconds, "Floor", logs, BURST_USERS)
        save, bare = saves["handover save (htmx)"], floor["bare view"]
        ratio = float(save["Requests/s"]) / float(bare["Requests/s"])
        print(f"\nHandover under load, {BURST_USERS} at once, {args.burst_seconds} s each:")
        print(f"  {'htmx saves':<22} {float(save['Requests/s']):>7.1f} requests/s  p95 {save['95%']} ms")
        print(
            f"  {'floor (bare Jinja)':<22} {float(bare['Requests/s']):>7.1f} requests/s  p95 {bare['95%']} ms"
        )
        print(f"  ratio {ratio:.0%} (goal ≥ {RATIO_GOAL:.0%}), errors {save['Failure Count']}")

        rows = locust(host, USERS, int(args.minutes * 60), "TeamMember", logs, 5)
        goal = f"goal: 0 errors, p95 ≤ {P95_GOAL_MS} ms"
        print(f"\nA day's mix, {USERS} members for {args.minutes:g} minutes ({goal}):")
        print(f"  {'page':<24} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
        for name, row in rows.items():
            print(
                f"  {name:<24} {row['Request Count']:>8} {row['Failure Count']:>6}"
                f" {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
            )
        children = Path(f"/proc/{web.pid}/task/{web.pid}/children").read_text().split()
        sizes = ", ".join(f"{resident_mb(int(pid)):.0f} MB" for pid in children)
        print(f"\nResident memory of each gunicorn worker after the run: {sizes} (goal ≤ {RSS_GOAL_MB} MB)")
    finally:
        for process in (web, worker):
            process.terminate()
            process.wait()
        from successes.models import Success

        Success.objects.filter(text__startswith="Load run: ").delete()


if __name__ == "__main__":
    main()
