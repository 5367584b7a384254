"""Email each recipient exactly once, by construction (docs/adr/0003): the weekly digest and the
monthly story report both send through here.

Each recipient's email is sent inside its own transaction, after claiming that recipient's
delivery row, whose unique constraint a second beat, a retry or a second worker cannot get past.
A concurrent claimer's insert waits on the unique index until the first transaction ends: it then
fails if the first committed (the email went) and succeeds if it rolled back. If sending raises,
the claim rolls back with it, so running the same delivery again sends exactly the ones missed.

Deliberately not one transaction: each claim and email commit on their own, so one refused
address neither holds back nor un-sends the others. Must run in autocommit (a task or a command),
not inside someone else's transaction, or the claims are only as good as theirs."""

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, QuerySet

logger = logging.getLogger(__name__)

Recipient = TypeVar("Recipient", bound=models.Model)


def awaiting(recipients: QuerySet[Recipient], delivered: QuerySet) -> QuerySet[Recipient]:
    """The recipients without a row in `delivered`: one period's delivery rows, each with the
    `team` and `member` it went to (one query, on the delivery's unique index)."""
    return recipients.exclude(Exists(delivered.filter(team=OuterRef("team"), member=OuterRef("pk"))))


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int


def send_once_each(
    recipients: Sequence[Recipient],
    *,
    claim: Callable[[Recipient], object],
    message: Callable[[Recipient], EmailMessage],
    label: str,
) -> Delivered:
    """Claim, build and send each recipient's email, skipping those someone else has claimed.

    `claim` creates the recipient's delivery row (an IntegrityError means it is taken); `message`
    builds the email, only once the claim is ours. `label` names the delivery in the logs, e.g.
    "Weekly digest for team willow-ward, week of 2026-11-23". Every recipient is tried, whatever
    fails; the caller decides what a failure means (the tasks retry)."""
    sent, failed = 0, 0
    # One connection to the mail server for the whole batch, not one per email.
    connection = get_connection()
    try:
        for recipient in recipients:
            try:
                if _send_once(recipient, claim, message, connection):
                    sent += 1
                    logger.info("%s: sent to member %s", label, recipient.pk)
            except Exception:
                failed += 1
                logger.exception(
                    "%s, to member %s, could not be sent; it will be retried", label, recipient.pk
                )
                # The server may have dropped us: the next email opens a fresh connection.
                _close_quietly(connection)
    finally:
        _close_quietly(connection)
    logger.info("%s: %d sent, %d failed", label, sent, failed)
    return Delivered(sent=sent, failed=failed)


class _Taken(Exception):
    """Someone else holds this recipient's delivery row."""


def _send_once(
    recipient: Recipient,
    claim: Callable[[Recipient], object],
    message: Callable[[Recipient], EmailMessage],
    connection: BaseEmailBackend,
) -> bool:
    # The claim is the transaction's first statement, with no savepoint around it (two round
    # trips fewer an email): a taken row rolls the whole transaction back, and nothing is lost.
    try:
        with transaction.atomic():
            try:
                claim(recipient)
            except IntegrityError as taken:
                raise _Taken from taken
            email = message(recipient)
            email.connection = connection
            connection.open()  # kept open from the last email; opened again after a failure
            # If this raises, the claim rolls back with the transaction and a retry sends it.
            email.send()
    except _Taken:
        return False
    return True


def _close_quietly(connection: BaseEmailBackend) -> None:
    with contextlib.suppress(Exception):
        connection.close()
