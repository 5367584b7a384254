"""The weekly digest through real Celery worker processes on Redis: sent again, and twice at once,
each member still gets exactly one email.

Needs REDIS_URL and PostgreSQL; skipped without them, unless REQUIRE_WORKER=1 (CI), which makes a
missing service a failure instead."""

import datetime as dt
import email
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings

from recovery_culture.celery import app as celery_app
from recovery_culture.lib import dates
from successes.models import DigestDelivery
from successes.tasks import send_weekly_digest
from tests.factories import SuccessFactory

pytestmark = pytest.mark.worker

WAIT = 30  # seconds: for the workers to start, and for tasks to finish
# The file-based mail backend needs EMAIL_FILE_PATH, which settings.py does not read from the
# environment; this small start-up gives it to the worker, then runs the ordinary `celery` command.
MESSAGE_END = b"\n" + b"-" * 79 + b"\n"  # how the file-based backend separates messages


@pytest.fixture(autouse=True)
def redis_and_postgres():
    missing = []
    if not django_settings.REDIS_URL:
        missing.append("REDIS_URL")
    if "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        missing.append("a PostgreSQL DATABASE_URL")
    if missing:
        reason = f"a real Celery worker needs {' and '.join(missing)}"
        if os.environ.get("REQUIRE_WORKER") == "1":
            pytest.fail(f"REQUIRE_WORKER=1, but {reason}")
        pytest.skip(reason)


@pytest.fixture
def tasks_to_redis(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not celery_app.conf.task_always_eager


def worker_database_url() -> str:
    """The test database (its name is only known once pytest-django has created it)."""
    db = django_settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'])}"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def tasks_done(self) -> int:
        return len(re.findall(r"send_weekly_digest\[[^\]]+\] (?:succeeded|raised|retry)", self.log_text()))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class Workers:
    queue: str
    outbox: Path
    workers: list[Worker]

    def logs(self) -> str:
        return "\n".join(f"--- worker {n} ---\n{w.log_text()}" for n, w in enumerate(self.workers, 1))

    def wait_until(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            for worker in self.workers:
                assert worker.process.poll() is None, (
                    f"a worker stopped while waiting for {what}:\n{self.logs()}"
                )
            assert time.monotonic() < deadline, f"waited {WAIT}s for {what}:\n{self.logs()}"
            time.sleep(0.1)

    def wait_for_tasks(self, count: int) -> None:
        self.wait_until(
            lambda: sum(w.tasks_done() for w in self.workers) >= count, f"{count} tasks to finish"
        )

    def emails(self) -> Counter:
        """(recipient, subject) of every email the workers wrote."""
        sent = Counter()
        for path in self.outbox.iterdir():
            for raw in path.read_bytes().split(MESSAGE_END):
                if raw.strip():
                    message = email.message_from_bytes(raw)
                    sent[message["To"], " ".join(message["Subject"].split())] += 1
        return sent


@pytest.fixture
def workers(transactional_db, tasks_to_redis, tmp_path):
    """Two worker processes (solo pool: one task at a time each) on a queue of this test's own."""
    queue = f"digest-test-{uuid.uuid4().hex}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recovery_culture.settings",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }
    started: list[Worker] = []
    try:
        for n in (1, 2):
            log = tmp_path / f"worker{n}.log"
            with log.open("wb") as log_file:
                process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
                    [
                        sys.executable, "-m", "celery",
                        "-A", "recovery_culture", "worker",
                        "-P", "solo", "--without-mingle", "--without-gossip", "--without-heartbeat",
                        "-Q", queue, "-n", f"{queue}-{n}@%h", "--loglevel=INFO",
                    ],
                    cwd=django_settings.BASE_DIR,
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )  # fmt: skip
            started.append(Worker(process, log))
        running = Workers(queue, outbox, started)
        running.wait_until(lambda: all(" ready." in w.log_text() for w in started), "the workers to start")
        yield running
    finally:
        for worker in started:
            worker.stop()
        # kombu keeps the queue's bindings in Redis after the queue is gone.
        redis.Redis.from_url(django_settings.REDIS_URL).delete(
            f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


def test_a_real_worker_sends_each_member_exactly_one_digest(
    workers, manager, staff, colleague, service_user, supporter
):
    supporter.digest_opt_out = True
    supporter.save()
    SuccessFactory(author=staff, text="Alex rang the college about the pottery course.")
    ward = staff.team
    this_week = dates.this_week_start()
    last_week = this_week - dt.timedelta(days=7)
    recipients = sorted(m.user.email for m in (manager, staff, colleague))

    def digest(week):
        send_weekly_digest.apply_async((ward.pk, week.isoformat()), queue=workers.queue)

    def subject(week) -> str:
        return f"Little miracles at {ward.name}: the week of {dates.format_day(week)}"

    # Sent, then sent again once the first has finished: the second sends nothing.
    digest(this_week)
    workers.wait_for_tasks(1)
    digest(this_week)
    workers.wait_for_tasks(2)

    # Two at once, one on each worker, racing for the same members' claims.
    digest(last_week)
    digest(last_week)
    workers.wait_for_tasks(4)

    expected = {(address, subject(week)): 1 for address in recipients for week in (this_week, last_week)}
    assert workers.emails() == expected, workers.logs()
    assert DigestDelivery.objects.filter(team=ward).count() == 6
