"""Quick reflections and feedback comments are kept for the period the team chose, then deleted
by the nightly task (or the command that runs the same service by hand)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from supervision.models import FeedbackRequest, FeedbackResponse, LeadershipReflection, Reflection
from supervision.services import feedback_request_close, leadership_reflection_save
from supervision.tasks import apply_retention
from supervision.tests.factories import FeedbackRequestFactory, ReflectionFactory, answer_feedback
from teams.models import RetentionPeriod

START = dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC)


def _closed_request_with_comments(worker) -> FeedbackRequest:
    request = FeedbackRequestFactory(worker=worker, closes_on=timezone.localdate() + dt.timedelta(days=3))
    for comment in ("Always listens to me", "Helped me find a walking group", "Kind and patient"):
        answer_feedback(request, comment=comment)
    return feedback_request_close(request=request)


@pytest.mark.django_db
def test_reflections_and_comments_older_than_the_period_are_deleted(staff):
    with time_machine.travel(START, tick=False):
        old_reflection = ReflectionFactory(author=staff)
        old_request = _closed_request_with_comments(staff)
    assert sorted(old_request.results["comments"]) == [
        "Always listens to me",
        "Helped me find a walking group",
        "Kind and patient",
    ]
    with time_machine.travel(START + dt.timedelta(days=300), tick=False):
        recent_reflection = ReflectionFactory(author=staff)
        recent_request = _closed_request_with_comments(staff)

    # 23 months on, the default two years have not passed: nothing goes.
    with time_machine.travel(START + dt.timedelta(days=700), tick=False):
        apply_retention()
    assert Reflection.objects.filter(pk=old_reflection.pk).exists()
    old_request.refresh_from_db()
    assert len(old_request.results["comments"]) == 3

    # Just over two years on: the old reflection and the old comments go, the scores stay.
    with time_machine.travel(START + dt.timedelta(days=735), tick=False):
        apply_retention()
        apply_retention()  # a second run deletes nothing more and breaks nothing
    assert not Reflection.objects.filter(pk=old_reflection.pk).exists()
    assert Reflection.objects.filter(pk=recent_reflection.pk).exists()
    old_request.refresh_from_db()
    assert "comments" not in old_request.results
    assert old_request.results["responses"] == 3 and old_request.results["averages"]
    assert set(FeedbackResponse.objects.filter(request=old_request).values_list("comment", flat=True)) == {""}
    recent_request.refresh_from_db()
    assert len(recent_request.results["comments"]) == 3


@pytest.mark.django_db
def test_a_shorter_period_chosen_by_the_team_is_applied(staff, colleague):
    staff.team.retention_months = RetentionPeriod.SIX_MONTHS
    staff.team.save()
    with time_machine.travel(START, tick=False):
        mine = ReflectionFactory(author=staff)
    with time_machine.travel(START + dt.timedelta(days=190), tick=False):
        kept = ReflectionFactory(author=colleague)
        call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Reflection.objects.filter(pk=mine.pk).exists()
    assert Reflection.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_another_teams_longer_period_is_its_own(staff):
    from tests.factories import MembershipFactory

    elsewhere = MembershipFactory(team__retention_months=RetentionPeriod.THREE_YEARS)
    with time_machine.travel(START, tick=False):
        ours = ReflectionFactory(author=staff)
        theirs = ReflectionFactory(author=elsewhere)
    with time_machine.travel(START + dt.timedelta(days=800), tick=False):
        apply_retention()
    assert not Reflection.objects.filter(pk=ours.pk).exists()
    assert Reflection.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_a_manager_chooses_the_period_on_the_settings_page(client, manager, staff):
    client.force_login(manager.user, backend="teams.backends.EmailOrUsernameBackend")
    url = f"/t/{manager.team.slug}/settings/"
    page = client.get(url)
    assert "How long we keep private notes" in page.content.decode()
    response = client.post(url, {"form": "retention", "retention_months": "12"})
    assert response.status_code == 302
    manager.team.refresh_from_db()
    assert manager.team.retention_months == 12
    bad = client.post(url, {"form": "retention", "retention_months": "1"})
    assert bad.status_code == 200 and "Error:" in bad.content.decode()

    client.force_login(staff.user, backend="teams.backends.EmailOrUsernameBackend")
    seen = client.get(url).content.decode()
    assert "feedback comments for 12 months" in seen and 'name="retention_months"' not in seen
    assert client.post(url, {"form": "retention", "retention_months": "6"}).status_code == 403
    manager.team.refresh_from_db()
    assert manager.team.retention_months == 12


@pytest.mark.django_db
def test_leadership_reflections_older_than_the_period_are_deleted(manager):
    def reflect(month):
        return leadership_reflection_save(
            leader=manager, month=month, how_often={}, note="Private", try_next="", bring_to_supervision=False
        )

    with time_machine.travel(START, tick=False):
        old = reflect(START.date())
    with time_machine.travel(START + dt.timedelta(days=300), tick=False):
        recent = reflect((START + dt.timedelta(days=300)).date())
    with time_machine.travel(START + dt.timedelta(days=735), tick=False):
        apply_retention()
    assert list(LeadershipReflection.objects.all()) == [recent]
    assert old.pk != recent.pk
