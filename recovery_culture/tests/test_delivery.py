"""The exactly-once delivery helper on its own, with the weekly digest's claim rows standing in for
any delivery model (the digest and the monthly report test it again through their own sends)."""

import datetime as dt
import logging

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recovery_culture.lib import delivery
from successes.models import DigestDelivery
from teams.models import Membership
from tests.factories import MembershipFactory

WEEK = dt.date(2026, 11, 23)


@pytest.fixture
def three(ward) -> list[Membership]:
    return [MembershipFactory(team=ward) for _ in range(3)]


def claim(member: Membership) -> None:
    DigestDelivery.objects.create(team_id=member.team_id, week_start=WEEK, member=member)


def message(member: Membership) -> EmailMessage:
    return EmailMessage(subject="Hello", body="This week's news.", to=[member.user.email])


def send(members: list[Membership], build=message) -> delivery.Delivered:
    return delivery.send_once_each(members, claim=claim, message=build, label="Test delivery")


def test_each_recipient_gets_one_email_however_often_it_runs(three, mailoutbox):
    assert send(three) == delivery.Delivered(sent=3, failed=0)
    assert send(three) == delivery.Delivered(sent=0, failed=0)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(member.user.email for member in three)
    assert DigestDelivery.objects.count() == 3


def test_someone_already_claimed_is_skipped_without_building_their_email(three, mailoutbox):
    claim(three[0])
    built = []

    def build(member: Membership) -> EmailMessage:
        built.append(member)
        return message(member)

    assert send(three, build) == delivery.Delivered(sent=2, failed=0)
    assert built == three[1:]


@pytest.mark.django_db(transaction=True)
def test_each_email_costs_its_claim_alone_in_a_transaction_of_its_own(three, mailoutbox):
    claim(three[0])

    with CaptureQueriesContext(connection) as queries:
        send(three)

    # No savepoints: a taken row rolls back the recipient's whole transaction, which held nothing else.
    statements = [query["sql"].split()[0] for query in queries]
    assert statements == ["BEGIN", "INSERT", "ROLLBACK"] + ["BEGIN", "INSERT", "COMMIT"] * 2
    assert len(mailoutbox) == 2


def test_a_failed_send_leaves_no_claim_and_the_others_still_go(three, mailoutbox, caplog):
    def build(member: Membership) -> EmailMessage:
        if member == three[1]:
            raise ConnectionError("the mail server hung up")
        return message(member)

    with caplog.at_level(logging.ERROR):
        assert send(three, build) == delivery.Delivered(sent=2, failed=1)

    assert len(mailoutbox) == 2
    assert not DigestDelivery.objects.filter(member=three[1]).exists()
    assert f"Test delivery, to member {three[1].pk}, could not be sent" in caplog.text
    # The next run sends exactly the one that failed.
    assert send(three) == delivery.Delivered(sent=1, failed=0)


def test_awaiting_leaves_out_whoever_has_a_row_for_the_period(three):
    claim(three[0])
    DigestDelivery.objects.create(team=three[1].team, week_start=WEEK - dt.timedelta(days=7), member=three[1])
    recipients = Membership.objects.filter(pk__in=[m.pk for m in three])

    waiting = delivery.awaiting(recipients, DigestDelivery.objects.filter(week_start=WEEK))

    assert set(waiting) == {three[1], three[2]}
