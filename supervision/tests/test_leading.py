"""Leading recovery: a leader's monthly reflection and pattern, private to them; listening windows
the team answers anonymously (ADR 0005's design, with the team signed in as well as by card);
their own example in figures; and only counts across teams."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.leading import BEHAVIOUR_SLUGS, COMPONENTS, PULSE_QUESTIONS, PULSE_SLUGS
from supervision.models import (
    About,
    FeedbackAnswer,
    FeedbackCard,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackVoter,
    LeadershipReflection,
)
from supervision.tests.factories import FeedbackCardFactory, SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory
from trip.tests.factories import LeadRoleFactory


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def results(response) -> str:
    """The results part of a listening window's page: everything above its sharing form."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("<h2>Sharing</h2>")]


def reflection_form(**change):
    data = dict.fromkeys(BEHAVIOUR_SLUGS, "2")
    data.update({"thanked-aloud": "3", "note": "A hard month, and the team pulled together."})
    data.update({"try_next": "Ask for ideas at handover before giving mine.", "bring_to_supervision": "on"})
    data.update(change)
    return data


def pulse_form(score="4", **change):
    data = dict.fromkeys(PULSE_SLUGS, score)
    data.update({"comment": ""})
    data.update(change)
    return data


@pytest.fixture
def window(manager):
    """Maya, the ward's manager, is listening to the team."""
    return services.listening_window_open(
        leader=manager, closes_on=timezone.localdate() + dt.timedelta(days=14)
    )


def answer_signed_in(client_for, member, window, **change):
    return client_for(member).post(url("pulse", pk=window.pk), pulse_form(**change))


# --- Who leads ---


def test_managers_and_lead_role_holders_are_leaders(ward, manager, staff, service_user):
    LeadRoleFactory(team=ward, holder=service_user)
    assert [services.is_leader(m) for m in (manager, staff, service_user)] == [True, False, True]


def test_a_member_who_leads_nothing_is_told_kindly(client_for, staff):
    response = client_for(staff).get(url("leading_reflect"))
    assert response.status_code == 403
    assert "for the team's leaders" in text(response)


# --- The monthly reflection ---


def test_a_leader_reflects_on_the_month_and_sees_their_pattern(client_for, manager):
    response = client_for(manager).post(url("leading_reflect"), reflection_form(), follow=True)

    saved = LeadershipReflection.objects.get()
    assert (saved.leader, saved.month) == (manager, timezone.localdate().replace(day=1))
    assert saved.ratings.count() == len(BEHAVIOUR_SLUGS)
    page = response.content.decode()
    assert "Your reflection for this month is saved, just for you." in page
    # Walking the talk: 2, 3, 2 -> 2.3; the others all 2.0.
    assert "2.3" in page and "Ask for ideas at handover before giving mine." in page


def test_coming_back_changes_this_months_reflection_rather_than_adding_one(client_for, manager):
    client_for(manager).post(url("leading_reflect"), reflection_form())
    page = client_for(manager).get(url("leading_reflect")).content.decode()
    assert "A hard month, and the team pulled together." in page
    client_for(manager).post(url("leading_reflect"), reflection_form(note="Better now."))
    assert list(LeadershipReflection.objects.values_list("note", flat=True)) == ["Better now."]


def test_an_unanswered_behaviour_is_named_and_nothing_typed_is_lost(client_for, manager):
    response = client_for(manager).post(url("leading_reflect"), reflection_form(**{"asked-first": ""}))
    page = text(response)
    assert response.status_code == 200
    assert "Please say how often: “This month I asked for the team's ideas before giving my own”." in page
    assert "A hard month, and the team pulled together." in page
    assert not LeadershipReflection.objects.exists()


def test_the_pattern_shows_each_part_month_by_month(manager):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    for month, often in ((last_month, 1), (this_month, 3)):
        services.leadership_reflection_save(
            leader=manager,
            month=month,
            how_often=dict.fromkeys(BEHAVIOUR_SLUGS, often),
            note="",
            try_next="",
            bring_to_supervision=False,
        )
    pattern = services.leadership_pattern(manager)
    assert [row.reflection.month for row in pattern] == [this_month, last_month]
    assert [[part.score for part in row.components] for row in pattern] == [[3.0] * 4, [1.0] * 4]
    assert [part.component for part in pattern[0].components] == list(COMPONENTS)


def test_the_thing_to_try_is_carried_into_the_leaders_own_supervision(client_for, ward, manager, staff):
    client_for(manager).post(url("leading_reflect"), reflection_form())
    session = SupervisionSessionFactory(supervisor=staff, supervisee=manager)

    as_supervisee = client_for(manager).get(url("session", pk=session.pk)).content.decode()
    as_supervisor = client_for(staff).get(url("session", pk=session.pk)).content.decode()
    assert "Ask for ideas at handover before giving mine." in as_supervisee
    assert "Ask for ideas at handover" not in as_supervisor
    assert "A hard month" not in as_supervisee  # only the thing to try, never the rest


def test_a_reflection_is_the_leaders_alone_even_from_the_person_above_them(client_for, ward, manager):
    client_for(manager).post(url("leading_reflect"), reflection_form())
    # Maya's own manager, in the same team, and the person who supervises her.
    above = MembershipFactory(team=ward, role=Role.MANAGER)
    supervisor = MembershipFactory(team=ward, role=Role.STAFF)
    SupervisionSessionFactory(supervisor=supervisor, supervisee=manager)
    LeadRoleFactory(team=ward, holder=supervisor)
    for other in (above, supervisor):
        for page in ("leading_pattern", "leading_reflect", "leading"):
            text = client_for(other).get(url(page)).content.decode()
            assert "A hard month" not in text and "Ask for ideas at handover" not in text
        example = client_for(other).get(reverse("dashboard:my_example", kwargs={"team": "willow-ward"}))
        assert "Ask for ideas" not in example.content.decode()


# --- Listening windows: the team answers, anonymously ---


def test_a_leader_opens_a_listening_window_and_shares_its_link(client_for, manager):
    closes_on = timezone.localdate() + dt.timedelta(days=14)
    response = client_for(manager).post(
        url("listening_new"), {"closes_on": closes_on.isoformat()}, follow=True
    )
    window = FeedbackRequest.objects.get()
    assert (window.worker, window.about, window.closes_on) == (manager, About.LEADING, closes_on)
    page = response.content.decode()
    assert "0 people have answered so far." in page
    assert url("pulse", pk=window.pk) in page


def test_a_window_ending_today_or_too_far_ahead_is_refused_kindly(client_for, manager):
    response = client_for(manager).post(
        url("listening_new"), {"closes_on": timezone.localdate().isoformat()}, follow=True
    )
    assert "Please choose a day after today" in response.content.decode()
    assert not FeedbackRequest.objects.exists()


def test_members_of_every_kind_answer_once_each(client_for, window, staff, service_user, supporter):
    for member in (staff, service_user, supporter):
        response = answer_signed_in(client_for, member, window)
        assert "Your answers are saved." in response.content.decode()
    again = answer_signed_in(client_for, staff, window, score="1")
    assert "already" in again.content.decode()
    assert FeedbackResponse.objects.filter(request=window).count() == 3
    assert set(FeedbackAnswer.objects.filter(response__request=window).values_list("score", flat=True)) == {4}


def test_the_pulse_speaks_of_leading_in_plain_words(client_for, window, service_user):
    page = client_for(service_user).get(url("pulse", pk=window.pk)).content.decode()
    assert "How Maya leads the team" in page
    for question in PULSE_QUESTIONS:
        assert question.text.replace("'", "&#39;") in page


def test_a_leader_cannot_answer_their_own_window(client_for, window, manager):
    # The stuffing attack: answers of their own would let them work out someone else's.
    assert answer_signed_in(client_for, manager, window).status_code == 404
    with pytest.raises(services.FeedbackRefused):
        services.pulse_answer(window=window, member=manager, scores={}, comment="")
    assert not FeedbackResponse.objects.exists()


def test_a_leader_never_holds_a_card_for_their_own_window(client_for, window, manager, staff):
    assert client_for(manager).get(url("feedback_cards_sheet", pk=window.pk)).status_code == 404
    assert (
        url("feedback_cards_sheet", pk=window.pk)
        not in client_for(manager).get(url("feedback_cards")).content.decode()
    )
    # Anyone else on the staff may print cards for people without an account.
    sheet = client_for(staff).post(url("feedback_cards_sheet", pk=window.pk), {"count": "3"}, follow=True)
    assert sheet.status_code == 200 and FeedbackCard.objects.filter(request=window).count() == 3
    assert "How Maya leads the team" in sheet.content.decode()


def test_a_person_with_a_card_answers_with_no_account(window):
    card = FeedbackCardFactory(request=window)
    page = Client().get(url("feedback_answer", code=card.code)).content.decode()
    assert "How Maya leads the team" in page and PULSE_QUESTIONS[0].text in page
    response = Client().post(url("feedback_answer", code=card.code), pulse_form(comment="Maya listens."))
    assert "Your answers are saved." in response.content.decode()
    assert FeedbackAnswer.objects.filter(response__request=window).count() == len(PULSE_SLUGS)


def test_no_results_while_open_and_none_from_fewer_than_three(client_for, window, manager, staff, colleague):
    answer_signed_in(client_for, staff, window, comment="Maya always says thank you.")
    answer_signed_in(client_for, colleague, window)
    open_page = client_for(manager).get(url("listening", pk=window.pk)).content.decode()
    assert "2 people have answered so far." in open_page
    assert "Maya always says thank you." not in open_page and "4.0" not in open_page

    closed = client_for(manager).post(url("listening_close", pk=window.pk), follow=True).content.decode()
    assert "2 people answered." in closed
    assert "Maya always says thank you." not in closed and "4.0" not in closed


def test_after_the_close_one_tally_and_nothing_else_is_kept(
    client_for, window, manager, staff, colleague, supporter
):
    for member, score in ((staff, "5"), (colleague, "4"), (supporter, "3")):
        answer_signed_in(client_for, member, window, score=score, comment=f"Said by {member.name}")
    page = client_for(manager).post(url("listening_close", pk=window.pk), follow=True).content.decode()
    assert "3 people answered." in page and "4.0" in page
    assert all(f"Said by {m.name}" in page for m in (staff, colleague, supporter))
    # Nobody, not even the database, can pair a person with what they said any more.
    assert not FeedbackResponse.objects.filter(request=window).exists()
    assert not FeedbackVoter.objects.filter(request=window).exists()


def test_an_answer_after_the_close_changes_nothing(
    client_for, window, manager, staff, colleague, supporter, partner
):
    # The differencing attack: compare the results before and after one more answer.
    for member in (staff, colleague, supporter):
        answer_signed_in(client_for, member, window)
    services.feedback_request_close(request=window)
    before = results(client_for(manager).get(url("listening", pk=window.pk)))
    late = answer_signed_in(client_for, partner, window, score="1", comment="Late words")
    assert "closed" in late.content.decode()
    after = results(client_for(manager).get(url("listening", pk=window.pk)))
    assert before == after and "Late words" not in after


def test_a_window_past_its_last_day_is_tallied_when_looked_at(client_for, window, manager, staff):
    answer_signed_in(client_for, staff, window)
    FeedbackRequest.objects.filter(pk=window.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    page = client_for(manager).get(url("listening", pk=window.pk)).content.decode()
    assert "1 person answered." in page
    assert answer_signed_in(client_for, MembershipFactory(team=manager.team), window).status_code == 200
    assert FeedbackRequest.objects.get(pk=window.pk).results == {"responses": 1}


# --- Results are the leader's, unless they share them ---


@pytest.fixture
def tallied(client_for, window, staff, colleague, supporter):
    for member in (staff, colleague, supporter):
        answer_signed_in(client_for, member, window, comment="Maya asks us first.")
    return services.feedback_request_close(request=window)


def test_results_are_the_leaders_alone_until_shared(client_for, ward, tallied, staff):
    above = MembershipFactory(team=ward, role=Role.MANAGER)
    supervisor = MembershipFactory(team=ward, role=Role.STAFF)
    SupervisionSessionFactory(supervisor=supervisor, supervisee=tallied.worker)
    for other in (above, supervisor, staff):
        assert client_for(other).get(url("listening", pk=tallied.pk)).status_code == 404


def test_shared_with_the_supervisor_only_they_see_the_results(client_for, ward, manager, tallied, staff):
    supervisor = MembershipFactory(team=ward, role=Role.STAFF)
    SupervisionSessionFactory(supervisor=supervisor, supervisee=manager)
    client_for(manager).post(url("listening_share", pk=tallied.pk), {"shared_with": "supervisor"})

    shown = client_for(supervisor).get(url("listening", pk=tallied.pk)).content.decode()
    assert "Maya asks us first." in shown and "Close now" not in shown
    assert client_for(staff).get(url("listening", pk=tallied.pk)).status_code == 404


def test_shared_with_the_team_every_member_sees_them(client_for, manager, tallied, service_user):
    client_for(manager).post(url("listening_share", pk=tallied.pk), {"shared_with": "team"})
    assert "Results shared with you" in client_for(service_user).get(url("leading")).content.decode()
    assert (
        "Maya asks us first."
        in client_for(service_user).get(url("listening", pk=tallied.pk)).content.decode()
    )


def test_sharing_an_open_window_shows_nothing_before_the_close(client_for, manager, window, staff):
    client_for(manager).post(url("listening_share", pk=window.pk), {"shared_with": "team"})
    assert client_for(staff).get(url("listening", pk=window.pk)).status_code == 404


def test_an_open_window_is_a_next_step_for_those_who_have_not_answered(client_for, window, staff):
    assert services.next_step_for(staff) == url("pulse", pk=window.pk)
    answer_signed_in(client_for, staff, window)
    assert services.next_step_for(staff) is None
    assert services.next_step_for(window.worker) is None


# --- My example, and across teams ---


def test_my_example_counts_what_the_leader_did_this_month(client_for, ward, manager, staff, colleague):
    ThankYouFactory(sender=manager, recipient=staff, message="Thank you for staying late.")
    ThankYouFactory(sender=manager, recipient=staff, message="Thank you again.")
    ThankYouFactory(sender=manager, recipient=colleague, message="You handled the manipulative patient well.")
    SuccessFactory(author=manager, text="The garden group grew tomatoes.")
    SupervisionSessionFactory(supervisor=manager, supervisee=staff)

    page = client_for(manager).get(reverse("dashboard:my_example", kwargs={"team": "willow-ward"}))
    text = page.content.decode()
    assert "3 to 2 different people" in text
    assert "1 session with 1 person" in text
    assert "1 of 4 things I wrote" in text
    assert "staying late" not in text  # counts only, never the texts


def test_across_teams_a_manager_sees_only_whether_leaders_reflect_and_listen(client_for, manager, window):
    services.leadership_reflection_save(
        leader=manager,
        month=timezone.localdate(),
        how_often=dict.fromkeys(BEHAVIOUR_SLUGS, 1),
        note="Private words",
        try_next="",
        bring_to_supervision=False,
    )
    page = client_for(manager).get(reverse("dashboard:overview")).content.decode()
    assert "Leaders&#39; reflections this month" in page or "Leaders' reflections this month" in page
    assert "Private words" not in page
