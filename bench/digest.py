"""How long does a Friday's weekly digest take for a whole trust?

Seeds TEAMS teams of 30 members (default 1,000 teams, 30,000 people), each with a week of little
miracles and thank-yous, in the `<name>_bench` database, then:

1. times one team's digest step by step, in this process (the floor: one core, no broker);
2. sends every team's digest end to end: two Celery worker processes (prefork, concurrency 1
   each) on Redis, to a real SMTP server in a process of its own (Postfix's smtp-sink where it is
   installed, else aiosmtpd), and waits until the last email arrives. It prints the time, emails
   per second, and checks that everyone got exactly one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_culture \\
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/digest.py [--teams 1000]
"""

import argparse
import collections
import datetime as dt
import logging
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wall_and_handover import analyze, start_django, use_bench_database  # noqa: E402

MEMBERS = 30
STORIES = 20
THANKS = 10
PREFIX = "digest-bench-"
GOAL_SECONDS = 60


class Sink:
    """aiosmtpd's handler, in a process of its own: writes each recipient to `log` as smtp-sink
    does ("X-Rcpt-Args: <address>"), and "connect" for each connection made."""

    def __init__(self, log: Path):
        self.log = log

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.log.open("a") as log:
            log.write("connect\n")
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.log.open("a") as log:
            log.writelines(f"X-Rcpt-Args: <{address}>\n" for address in envelope.rcpt_tos)
        return "250 OK"


def run_aiosmtpd(log: Path, port: int) -> None:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd tells every command
    Controller(Sink(log), hostname="127.0.0.1", port=port).start()
    while True:
        time.sleep(3600)


SMTP_SINK = Path("/usr/sbin/smtp-sink")


class MailServer:
    """The mail server the digests go to, on `port`: Postfix's smtp-sink where it is installed
    (`apt-get install postfix`), a C program made for timing mail clients, which keeps every
    message in one dump file; else aiosmtpd, in Python, which took a quarter of a core on the
    same two cores as the workers, and kept them waiting on its replies."""

    def __init__(self, port: int, python: bool = False):
        self.folder = folder = Path(tempfile.mkdtemp())
        self.offset, self.partial, self.emails = 0, b"", collections.Counter()
        if SMTP_SINK.exists() and not python:
            self.name = "Postfix's smtp-sink"
            folder.chmod(0o777)  # it writes as "nobody"
            self.log, self.counters = folder / "dump", folder / "counters.txt"
            with self.counters.open("w") as counters:
                self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
                    [SMTP_SINK, "-u", "nobody", "-c", "-D", self.log, f"127.0.0.1:{port}", "256"],
                    stdout=counters,
                    stderr=subprocess.STDOUT,
                )
        else:
            self.name = "aiosmtpd"
            self.log, self.counters = folder / "received.txt", None
            self.process = multiprocessing.get_context("spawn").Process(
                target=run_aiosmtpd, args=(self.log, port), daemon=True
            )
            self.process.start()

    def received(self) -> collections.Counter:
        """Emails per recipient so far (since forget()), reading only what was added since last time."""
        if self.log.exists():
            with self.log.open("rb") as log:
                log.seek(self.offset)
                added = log.read()
            self.offset += len(added)
            lines = (self.partial + added).split(b"\n")
            self.partial = lines.pop()
            for line in lines:
                if line.startswith(b"X-Rcpt-Args: "):
                    self.emails[line[13:].strip().strip(b"<>").decode()] += 1
        return self.emails

    def forget(self) -> None:
        self.received()
        self.emails.clear()

    def connections(self) -> int:
        """Connections made in all, as the server counts them."""
        if self.counters is None:
            return self.log.read_text().count("connect\n")
        return int(re.findall(r"sess=(\d+)", self.counters.read_text())[-1])

    def stop(self) -> None:
        self.process.terminate()
        shutil.rmtree(self.folder)  # smtp-sink's dump of 30,000 emails is half a gigabyte


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(teams: int) -> None:
    """`teams` teams of 30, each with this week's stories; reused when already there."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from successes.models import Shift, Success, ThankYou
    from teams.models import Membership, Organisation, Role, Team, User

    have = Team.objects.filter(slug__startswith=PREFIX)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    fresh = Success.objects.filter(team__slug__startswith=PREFIX, created_at__date__gte=monday).exists()
    if have.count() == teams and fresh:
        return
    print(f"Seeding {teams:,} teams of {MEMBERS} (a minute or two)...", flush=True)
    with transaction.atomic():
        ThankYou.objects.filter(team__slug__startswith=PREFIX).delete()
        Success.objects.filter(team__slug__startswith=PREFIX).delete()
        Membership.objects.filter(team__slug__startswith=PREFIX).delete()
        have.delete()
        User.objects.filter(username__startswith=PREFIX).delete()
        organisation, _ = Organisation.objects.get_or_create(
            slug="digest-bench", defaults={"name": "Bench Trust"}
        )
        made = Team.objects.bulk_create(
            Team(organisation=organisation, name=f"Bench team {t}", slug=f"{PREFIX}{t}") for t in range(teams)
        )
        password = make_password("bench-password-2026")
        users = User.objects.bulk_create(
            (
                User(
                    username=f"{PREFIX}{t}-{m}",
                    display_name=f"Person {m}",
                    email=f"{PREFIX}{t}-{m}@example.test",
                    password=password,
                )
                for t in range(teams)
                for m in range(MEMBERS)
            ),
            batch_size=5000,
        )
        roles = [Role.MANAGER] * 2 + [Role.STAFF] * 22 + [Role.SERVICE_USER] * 6
        members = Membership.objects.bulk_create(
            (
                Membership(team=team, user=users[t * MEMBERS + m], role=roles[m])
                for t, team in enumerate(made)
                for m in range(MEMBERS)
            ),
            batch_size=5000,
        )
        now = timezone.now()
        Success.objects.bulk_create(
            (
                Success(
                    team=team,
                    author=members[t * MEMBERS + 2 + s % 22],
                    shift=Shift.EARLY,
                    text=f"Someone came to the breakfast group and stayed to help clear up ({s}).",
                    created_at=now - dt.timedelta(minutes=s),
                )
                for t, team in enumerate(made)
                for s in range(STORIES)
            ),
            batch_size=5000,
        )
        ThankYou.objects.bulk_create(
            (
                ThankYou(
                    team=team,
                    sender=members[t * MEMBERS + k % MEMBERS],
                    recipient=members[t * MEMBERS + 2 + (k + 1) % 22],
                    message="Thank you for staying calm and kind on a busy shift.",
                    created_at=now - dt.timedelta(minutes=k),
                )
                for t, team in enumerate(made)
                for k in range(THANKS)
            ),
            batch_size=5000,
        )


def one_team_in_steps(team, week_start: dt.date) -> dict[str, float]:
    """Milliseconds for each step of one team's digest, as weekly_digest_send does them."""
    from django.core.mail import get_connection

    from recovery_culture.lib.emails import make_message
    from successes.digests import digest_recipients, digest_shared
    from successes.services import wall_week

    steps = {}
    start = time.perf_counter()
    members = list(digest_recipients().filter(team=team).select_related("user"))
    wall = wall_week(team, week_start)
    steps["queries (members, wall)"] = time.perf_counter() - start
    start = time.perf_counter()
    shared = digest_shared(wall)
    steps["drawing the shared part"] = time.perf_counter() - start
    start = time.perf_counter()
    messages = [make_message("weekly_digest", m.user.email, {**shared, "member": m}) for m in members]
    steps[f"building {len(messages)} emails"] = time.perf_counter() - start
    start = time.perf_counter()
    for message in messages:
        message.message().as_bytes(linesep="\r\n")
    steps["turning them into MIME"] = time.perf_counter() - start
    start = time.perf_counter()
    with get_connection() as connection:
        connection.send_messages(messages)
    steps["sending (MIME again + SMTP)"] = time.perf_counter() - start
    return {name: seconds * 1000 for name, seconds in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--aiosmtpd", action="store_true", help="aiosmtpd even where smtp-sink is installed")
    arguments = parser.parse_args()
    teams = arguments.teams
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL, e.g. redis://127.0.0.1:6379/14: the workers take their tasks from it")
    database = use_bench_database()
    port = free_port()
    os.environ.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    start_django()

    from django.utils import timezone

    from successes.models import DigestDelivery
    from successes.tasks import send_weekly_digest
    from teams.models import Team

    logging.getLogger("recovery_culture.lib.delivery").setLevel(logging.WARNING)
    seed(teams)
    analyze()
    mail = MailServer(port, python=arguments.aiosmtpd)
    time.sleep(2)
    week_start = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    bench_teams = list(Team.objects.filter(slug__startswith=PREFIX).order_by("pk"))

    print(f"\n{teams:,} teams of {MEMBERS}, {STORIES} stories and {THANKS} thank-yous each ({database}).")
    print("\nOne team's digest, step by step, in this process (median of 5 teams):")
    runs = [one_team_in_steps(team, week_start) for team in bench_teams[:5]]
    for step in runs[0]:
        print(f"  {step:<34} {statistics.median(run[step] for run in runs):>8.1f} ms")
    # Sending makes the MIME again, so that step is shown but not added.
    per_team = statistics.median(
        sum(v for k, v in run.items() if k != "turning them into MIME") for run in runs
    )
    rate = MEMBERS / per_team * 1000
    print(f"  {'one team in all':<34} {per_team:>8.1f} ms  ({rate:.0f} emails/s on one core)")

    DigestDelivery.objects.filter(team__slug__startswith=PREFIX, week_start=week_start).delete()
    connections_before = mail.connections()
    mail.forget()
    workers = [
        subprocess.Popen(  # noqa: S603 (our own fixed command line)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "recovery_culture",
                "worker",
                "-c",
                "1",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
                "-n",
                f"bench{n}@%h",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        for n in (1, 2)
    ]
    try:
        time.sleep(8)  # the workers start and connect before the clock starts
        expected = {
            member.user.email for team in bench_teams for member in team.memberships.select_related("user")
        }
        start = time.perf_counter()
        for team in bench_teams:
            send_weekly_digest.delay(team.pk, week_start.isoformat())
        while len(mail.received()) < len(expected) and time.perf_counter() - start < 3600:
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        time.sleep(2)  # anything sent twice would arrive now
        emails, connections = mail.received(), mail.connections() - connections_before
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait()
        mail.stop()

    twice = [address for address, n in emails.items() if n > 1]
    missing = expected - set(emails)
    total = sum(emails.values())
    print(f"\nEnd to end, two worker processes, a real SMTP server ({mail.name}): {total:,} emails")
    print(f"  {elapsed:.1f} s (goal {GOAL_SECONDS} s), {total / elapsed:.0f} emails/s,")
    print(f"  {connections:,} SMTP connections for {len(bench_teams):,} teams")
    print(f"  sent twice: {len(twice)}, missing: {len(missing)}")


if __name__ == "__main__":
    main()
