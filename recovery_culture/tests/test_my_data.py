"""A member's own data: the download holds everything about them and nothing private of anyone
else's; erasure, confirmed by a manager, leaves nothing in the database that names them, and the
results of closed benchmark rounds exactly as they were."""

import json

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone

from conversations.models import BlanketRule, RuleAnswer
from conversations.services import rule_answer, rule_close, rule_spread
from recovery_culture.my_data import member_erase_for_them
from successes.models import Success, ThankYou
from supervision.leading import BEHAVIOUR_SLUGS
from supervision.models import FeedbackRequest, LeadershipReflection, Reflection, SupervisionSession
from supervision.services import feedback_request_close, leadership_reflection_save
from supervision.tests.factories import (
    FeedbackRequestFactory,
    ReflectionFactory,
    SupervisionSessionFactory,
    answer_feedback,
)
from teams.models import AuditAction, AuditEvent, ErasureRequest, Invitation, Membership, Role, User
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    SuccessFactory,
    TeamFactory,
    ThankYouFactory,
    UserFactory,
)
from trip.models import Asset, BenchmarkRating, Priority
from trip.results import round_results
from trip.tests.factories import (
    ActionFactory,
    AssetFactory,
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    CommunityResourceFactory,
    CycleFactory,
    LeadRoleFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    ResourceRatingFactory,
    StatementFactory,
)

NAME, SIGN_IN, EMAIL = "Zebedee Quarrington", "zquarrington", "zebedee.q@example.test"


def _signed_in(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
    return client


@pytest.fixture
def zeb(ward):
    user = UserFactory(display_name=NAME, username=SIGN_IN, email=EMAIL)
    return MembershipFactory(team=ward, user=user, role=Role.STAFF)


@pytest.fixture
def history(ward, zeb, manager, colleague, service_user):
    """Zeb's traces in every app, beside other people's."""
    helped = SuccessFactory(author=colleague, text="Priya and a colleague planned a trip to the allotment.")
    helped.helpers.add(zeb)
    own = SuccessFactory(author=zeb, text="Someone chose their own breakfast today.")
    ThankYouFactory(sender=zeb, recipient=colleague, message="Thanks for covering the late.")
    ThankYouFactory(sender=service_user, recipient=zeb, message="Thank you for listening to me.")
    AssetFactory(owner=zeb, title="Plays the ukulele")
    LeadRoleFactory(team=ward, holder=zeb)
    ResourceRatingFactory(resource=CommunityResourceFactory(team=ward), member=zeb, comment="Zeb's favourite")
    ReflectionFactory(author=zeb, went_well="Zeb's own reflection words")
    leadership_reflection_save(
        leader=zeb,
        month=timezone.localdate(),
        how_often=dict.fromkeys(BEHAVIOUR_SLUGS, 2),
        note="Zeb's leadership note",
        try_next="Ask first",
        bring_to_supervision=False,
    )
    ReflectionFactory(author=colleague, went_well="Priya's private reflection")
    SupervisionSessionFactory(supervisor=manager, supervisee=zeb, preparation="Zeb's own preparation")
    SupervisionSessionFactory(supervisor=zeb, supervisee=colleague, preparation="Priya's preparation")
    feedback = FeedbackRequestFactory(worker=zeb)
    for comment in ("Zeb is kind", "Listens well", "Always on time"):
        answer_feedback(feedback, comment=comment)
    feedback_request_close(request=feedback)

    # A closed round, rated by three staff and three people using the service, and an open one.
    closed = BenchmarkRoundFactory(cycle=CycleFactory(team=ward), closed_at=timezone.now())
    statement = StatementFactory(team=ward)
    others = [
        manager,
        colleague,
        service_user,
        *(MembershipFactory(team=ward, role=Role.SERVICE_USER) for _ in "ab"),
    ]
    for rater, score in zip([zeb, *others], [1, 4, 5, 2, 3, 4], strict=True):
        BenchmarkRatingFactory(round=closed, statement=statement, member=rater, score=score)
    BenchmarkRating.objects.filter(member=zeb).update(achieved="Zeb's note: we listen more", next_step="")
    open_round = BenchmarkRoundFactory(cycle=CycleFactory(team=ward))
    BenchmarkRatingFactory(round=open_round, statement=statement, member=zeb, score=2)

    priority = PriorityFactory(
        cycle=closed.cycle, status="active", staff_lead=zeb, service_user_lead=service_user
    )
    ActionFactory(priority=priority, owner=zeb)
    ProgressUpdateFactory(priority=priority, author=zeb)

    InvitationFactory(team=ward, email=EMAIL, accepted_at=timezone.now())
    AuditEvent.objects.record(actor=manager, action=AuditAction.RESET_CODE, subject=zeb)
    AccessAttempt.objects.create(username=SIGN_IN.upper(), ip_address="10.0.0.1", failures_since_start=1)
    return {"own": own, "helped": helped, "closed": closed, "priority": priority}


# --- Download ---


@pytest.mark.django_db
def test_the_download_holds_everything_about_them_and_nothing_private_of_others(zeb, history):
    response = _signed_in(zeb).get(f"/t/{zeb.team.slug}/settings/my-data/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["sign-in name"] == SIGN_IN and data["account"]["email"] == EMAIL
    team = data["teams"][0]
    assert team["about you in this team"]["role"] == "Staff"
    assert [s["text"] for s in team["little miracles you wrote"]] == [
        "Someone chose their own breakfast today."
    ]
    assert team["thank-yous you received"][0]["message"] == "Thank you for listening to me."
    # A person using the service is not named in a file that leaves the app.
    assert team["thank-yous you received"][0]["from"] == "a person using the service"
    assert team["what you bring (TRIP assets)"][0]["in a few words"] == "Plays the ukulele"
    assert [r["note"] for r in team["your leadership reflections"]] == ["Zeb's leadership note"]
    assert {r["your score"] for r in team["your benchmark ratings"]} == {"Not yet", "Just starting"}
    assert team["priorities you co-lead"][0]["priority"] == history["priority"].title
    assert len(team["actions you own"]) == 1 and len(team["progress updates you wrote"]) == 1
    assert team["your quick reflections"][0]["what went well"] == "Zeb's own reflection words"
    sessions = {s["you were"]: s for s in team["your supervision sessions"]}
    assert sessions["supervisee"]["your preparation notes"] == "Zeb's own preparation"
    assert "your preparation notes" not in sessions["supervisor"]
    feedback = team["feedback you asked for"][0]
    assert feedback["people who answered"] == 3 and sorted(feedback["comments"])[0] == "Always on time"

    text = response.content.decode()
    assert "Priya's private reflection" not in text
    assert "Priya's preparation" not in text
    assert "code" not in json.dumps(feedback)  # no card, no answer on its own


@pytest.mark.django_db
def test_the_printable_page_shows_the_same(zeb, history):
    page = _signed_in(zeb).get(f"/t/{zeb.team.slug}/settings/my-data/everything/").content.decode()
    assert "Everything we hold about you" in page
    assert "Plays the ukulele" in page and "Zeb&#39;s own reflection words" in page
    assert "Priya&#39;s private reflection" not in page


@pytest.mark.django_db
def test_an_open_feedback_request_shows_no_count_in_the_download(zeb):
    answer_feedback(FeedbackRequestFactory(worker=zeb), comment="Too early to tell anyone")
    data = _signed_in(zeb).get(f"/t/{zeb.team.slug}/settings/my-data/my-data.json").json()
    request = data["teams"][0]["feedback you asked for"][0]
    assert "people who answered" not in request and "Too early" not in json.dumps(request)


@pytest.mark.django_db
def test_a_person_using_the_service_downloads_theirs_too(service_user, staff):
    ThankYouFactory(sender=staff, recipient=service_user, message="Well done on the walk.")
    data = _signed_in(service_user).get(f"/t/{service_user.team.slug}/settings/my-data/my-data.json").json()
    assert data["account"]["sign-in name"] == "alex" and data["account"]["email"] == ""
    received = data["teams"][0]["thank-yous you received"]
    assert received == [{"on": received[0]["on"], "from": "Sam", "message": "Well done on the walk."}]


# --- Erasure, end to end ---


def _text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [field.attname for field in model._meta.concrete_fields if isinstance(field, kinds)]


def _rows_naming(*needles: str) -> list[str]:
    """Every row of every table whose text names any of `needles`, in any case."""
    found = []
    lowered = [needle.lower() for needle in needles]
    for model in apps.get_models(include_auto_created=True):
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *columns):
            text = json.dumps(row[1:], default=str).lower()
            found += [f"{model._meta.label} {row[0]}: {needle}" for needle in lowered if needle in text]
    return found


@pytest.mark.django_db
def test_erasure_leaves_nothing_that_names_them_and_closed_results_unchanged(
    zeb, manager, colleague, history
):
    assert _rows_naming(NAME, SIGN_IN, EMAIL)  # the search finds them before
    closed = history["closed"]
    before = round_results(round=closed)

    asked = _signed_in(zeb).post(
        f"/t/{zeb.team.slug}/settings/my-data/erase/", {"successes": "keep", "sure": "yes"}
    )
    assert asked.status_code == 302
    wish = ErasureRequest.objects.get(member=zeb)
    members_page = _signed_in(manager).get(f"/t/{zeb.team.slug}/members/").content.decode()
    assert "Asking to be erased" in members_page and NAME in members_page
    assert f"/members/erasures/{wish.pk}/" in members_page

    refused = _signed_in(manager).post(f"/t/{zeb.team.slug}/members/erasures/{wish.pk}/", {})
    assert refused.status_code == 400 and User.objects.filter(username=SIGN_IN).exists()
    done = _signed_in(manager).post(f"/t/{zeb.team.slug}/members/erasures/{wish.pk}/", {"sure": "yes"})
    assert done.status_code == 302

    assert _rows_naming(NAME, SIGN_IN, EMAIL) == []
    assert not LeadershipReflection.objects.exists()
    tombstone = Membership.objects.get(pk=zeb.pk)
    assert tombstone.is_erased and not tombstone.is_active and tombstone.name == "A former member"
    user = tombstone.user
    assert not user.is_active and not user.has_usable_password() and user.email == ""

    # Attack: comparing a closed round's results before and after the erasure shows nothing, not
    # even which note was theirs. The open round's rating is gone.
    after = round_results(round=closed)
    assert after.themes == before.themes
    assert after.achieved == before.achieved and "Zeb's note: we listen more" in after.achieved
    assert BenchmarkRating.objects.filter(member=tombstone).count() == 1
    assert BenchmarkRating.objects.filter(member=tombstone, round=closed).count() == 1

    # Kept as they chose: their little miracle, as a former member; priorities keep working.
    assert Success.objects.get(pk=history["own"].pk).author.name == "A former member"
    assert list(history["helped"].helpers.all()) == [tombstone]
    priority = Priority.objects.get(pk=history["priority"].pk)
    assert priority.staff_lead.name == "A former member"
    plan = _signed_in(manager).get(f"/t/{zeb.team.slug}/trip/priorities/{priority.pk}/")
    assert plan.status_code == 200 and "A former member" in plan.content.decode()
    wall = _signed_in(colleague).get(f"/t/{zeb.team.slug}/wall/")
    assert wall.status_code == 200 and "Someone chose their own breakfast today." in wall.content.decode()

    # Their personal texts are gone; other people's are untouched.
    assert not ThankYou.objects.exists()
    assert not Asset.objects.exists()
    assert list(Reflection.objects.values_list("went_well", flat=True)) == ["Priya's private reflection"]
    assert list(SupervisionSession.objects.values_list("preparation", flat=True)) == ["Priya's preparation"]
    assert not FeedbackRequest.objects.exists()
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()

    event = AuditEvent.objects.get(action=AuditAction.ERASED)
    assert event.actor == manager and event.subject == tombstone and event.detail == ""

    # They cannot sign in any more, by any name.
    for typed in (SIGN_IN, EMAIL):
        client = Client()
        client.post("/sign-in/", {"username": typed, "password": "a-good-long-password"})
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_member_may_have_their_little_miracles_removed(zeb, manager, history):
    _signed_in(zeb).post(
        f"/t/{zeb.team.slug}/settings/my-data/erase/", {"successes": "remove", "sure": "yes"}
    )
    wish = ErasureRequest.objects.get(member=zeb)
    _signed_in(manager).post(f"/t/{zeb.team.slug}/members/erasures/{wish.pk}/", {"sure": "yes"})
    assert not Success.objects.filter(pk=history["own"].pk).exists()
    assert list(history["helped"].helpers.all()) == []
    assert Success.objects.filter(pk=history["helped"].pk).exists()  # someone else's story stays


@pytest.mark.django_db
def test_asking_needs_a_choice_and_can_be_cancelled(zeb):
    client = _signed_in(zeb)
    url = f"/t/{zeb.team.slug}/settings/my-data/erase/"
    page = client.get(url).content.decode()
    assert "What goes" in page and "What stays" in page
    bad = client.post(url, {"successes": "keep"})
    assert bad.status_code == 400 and "Please tick the box" in bad.content.decode()
    assert not ErasureRequest.objects.exists()
    client.post(url, {"successes": "remove", "sure": "yes"})
    assert ErasureRequest.objects.get(member=zeb).keep_successes is False
    assert "You asked to be erased" in client.get(f"/t/{zeb.team.slug}/settings/my-data/").content.decode()
    client.post(url, {"cancel": "yes"})
    assert not ErasureRequest.objects.exists()


@pytest.mark.django_db
def test_a_manager_erases_on_a_members_behalf_keeping_their_stories(zeb, manager, history):
    url = f"/t/{zeb.team.slug}/members/{zeb.pk}/erase/"
    client = _signed_in(manager)
    assert "This cannot be undone" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"sure": "yes"}).status_code == 302
    assert _rows_naming(NAME, SIGN_IN, EMAIL) == []
    assert Success.objects.get(pk=history["own"].pk).author.name == "A former member"
    assert AuditEvent.objects.filter(action=AuditAction.ERASED, actor=manager, subject=zeb).exists()


@pytest.mark.django_db
def test_a_manager_cannot_erase_someone_who_is_in_another_team_too(zeb, manager):
    MembershipFactory(team=TeamFactory(), user=zeb.user)
    response = _signed_in(manager).post(f"/t/{zeb.team.slug}/members/{zeb.pk}/erase/", {"sure": "yes"})
    assert response.status_code == 400 and "part of another team" in response.content.decode()
    assert User.objects.get(pk=zeb.user_id).display_name == NAME


@pytest.mark.django_db
def test_a_manager_cannot_confirm_their_own_erasure(manager):
    _signed_in(manager).post(
        f"/t/{manager.team.slug}/settings/my-data/erase/", {"successes": "keep", "sure": "yes"}
    )
    wish = ErasureRequest.objects.get(member=manager)
    response = _signed_in(manager).post(
        f"/t/{manager.team.slug}/members/erasures/{wish.pk}/", {"sure": "yes"}
    )
    assert response.status_code == 400 and "Another manager" in response.content.decode()
    assert User.objects.get(pk=manager.user_id).is_active


@pytest.mark.django_db
def test_the_erased_do_not_show_among_removed_members(zeb, manager):
    from teams.services import member_remove

    member_remove(member=zeb, removed_by=manager)
    _signed_in(manager).post(f"/t/{zeb.team.slug}/members/{zeb.pk}/erase/", {"sure": "yes"})
    assert not zeb.team.memberships.removed().exists()


def test_their_answers_about_rules_are_in_their_data_and_go_with_them(ward, manager, service_user):
    open_rule, closed_rule = (
        BlanketRule.objects.create(team=ward, rule=rule, why="Why.", affects="Everyone.")
        for rule in ("No phones after 10pm", "No visitors 12 to 2")
    )
    rule_answer(member=service_user, rule=open_rule, feeling=3, comment="Alex's words about phones")
    rule_answer(member=service_user, rule=closed_rule, feeling=4, comment="Alex's words about visitors")
    rule_close(member=manager, rule=closed_rule)

    download = _signed_in(service_user).get(f"/t/{ward.slug}/settings/my-data/my-data.json")
    assert "Alex's words about phones" in download.content.decode()

    before = rule_spread(closed_rule)

    member_erase_for_them(member=service_user, manager=manager)

    # The open rule's answer goes; the closed one's stays as it was counted, words included, so
    # comparing what the team sees before and after shows nothing of which words were theirs.
    assert list(RuleAnswer.objects.values_list("rule__rule", "feeling", "comment")) == [
        ("No visitors 12 to 2", 4, "Alex's words about visitors")
    ]
    assert rule_spread(closed_rule) == before
