"""What every Celery task does when something goes wrong, declared once.

Two kinds of task, two policies:
- `DATABASE_RETRY`, for the tasks that make a PDF someone is waiting for (`pdf_build`): a moment
  when the database is out of reach is worth a few more goes; anything else would fail the same
  way again, so the page says so kindly and the person may ask again, rather than a retry loop.
- `SMTP_RETRY`, for the tasks that email a team (`send_for_team`, queued by `queue_for_teams`):
  a mail server refusing for a while is retried with growing waits. Safe because each recipient
  is claimed before their email goes (recovery_culture/lib/delivery.py): a retry sends only the
  ones missed.

Both ack late, so a worker that dies mid-task leaves the task to another."""

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from celery import Task
from django.db import InterfaceError, OperationalError, models
from django.utils import timezone

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)

DATABASE_RETRY = {"bind": True, "acks_late": True, "max_retries": 3, "default_retry_delay": 5}

SMTP_RETRY = {
    "bind": True,
    "acks_late": True,
    # The send services raise once every recipient has been tried, whatever refused them.
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
}

Job = TypeVar("Job", bound=models.Model)
Owner = TypeVar("Owner", bound=models.Model)


def pdf_build(
    task: Task, jobs: models.QuerySet[Job], pk: int, build: Callable[[Job], object], what: str
) -> bool:
    """Make the PDF of the job `pk` (a `teams.models.PreparedPdf`) with `build`; True if made now.

    A job deleted meanwhile, or already made (a second delivery of the task), is left alone. Under
    `DATABASE_RETRY`: database errors are retried, then, like any other error, the job is marked
    as failed so the page stops waiting. `what` names the job in the logs, e.g. "TRIP report"."""
    job = jobs.filter(pk=pk).first()
    if job is None or job.is_ready:
        return False
    try:
        build(job)
    except DATABASE_ERRORS as problem:
        if task.request.retries < task.max_retries:
            raise task.retry(exc=problem) from problem
        logger.exception("Could not reach the database for %s %s", what, pk)
    except Exception:
        logger.exception("Could not make %s %s", what, pk)
    else:
        return True
    jobs.filter(pk=pk).update(failed_at=timezone.now())
    return False


def queue_for_teams(send: Task, due: Iterable[tuple[Owner, str]], what: str) -> int:
    """For the beat: queue `send(team.pk, period)` for each `(team, period)` in `due`; return how
    many were queued. `what` names the email in the logs, e.g. "weekly digest".

    A broker hiccup (or, with in-process tasks, the send itself failing) for one team must not
    hold back the others: the next beat finds that team still waiting."""
    queued = 0
    for team, period in due:
        try:
            send.delay(team.pk, period)
        except Exception:
            logger.exception("Could not queue the %s for team %s, %s", what, team.slug, period)
        else:
            queued += 1
    return queued


def send_for_team(
    task: Task, teams: models.QuerySet[Owner], pk: int, send: Callable[[Owner], int], what: str
) -> int:
    """Send `what` (e.g. "Weekly digest, week of 2026-11-23") to the team `pk` with `send`; return
    how many emails went. Under `SMTP_RETRY`, whose retries each failure is logged against."""
    team = teams.filter(pk=pk).first()
    if team is None:
        logger.info("Team %s no longer exists: no %s to send", pk, what)
        return 0
    try:
        return send(team)
    except Exception:
        logger.exception(
            "%s for team %s failed (attempt %d of %d)",
            what,
            team.slug,
            task.request.retries + 1,
            task.max_retries + 1,
        )
        raise
