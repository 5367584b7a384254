"""Blanket rules, looked at together: anyone lists one, the people it affects say how it feels,
shown only as a spread once answers close and only from three answers, and the team decides."""

import html
import re

import pytest
from django.urls import reverse

from conversations.models import BlanketRule, RuleAnswer, WordList
from conversations.services import rule_answer, rule_close
from teams.models import Role
from tests.factories import MembershipFactory, UserFactory


def url(name: str, **kwargs) -> str:
    return reverse(f"conversations:{name}", kwargs={"team": "willow-ward", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def phones_rule(ward, staff):
    return BlanketRule.objects.create(
        team=ward,
        rule="No mobile phones on the ward",
        why="Photos of other people were shared once.",
        affects="Everyone staying on the ward, and their families.",
        added_by=staff,
    )


@pytest.fixture
def people(ward):
    """Five people using the service, each with their own sign-in."""
    return [
        MembershipFactory(team=ward, role=Role.SERVICE_USER, user=UserFactory(display_name=f"Person {n}"))
        for n in range(5)
    ]


def spread_rows(page: str) -> list[list[str]]:
    table = page.split('id="rule-spread"')[1].split("</table>")[0].split("<tbody")[1]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<t[dh]\b.*?</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr\b.*?</tr>", table, re.S)
    ]


def answer(client_for, member, rule, feeling: int, comment: str = ""):
    return client_for(member).post(url("rule_answer", pk=rule.pk), {"feeling": feeling, "comment": comment})


def test_anyone_in_the_team_adds_a_rule_and_a_mistake_keeps_what_was_typed(client_for, service_user):
    client = client_for(service_user)
    missing = client.post(url("rule_new"), {"rule": "No visitors 12 to 2", "why": "", "affects": "  "})

    assert missing.status_code == 400
    assert "Please say why the rule exists." in text(missing)
    assert "Please say who the rule affects." in text(missing)
    assert 'value="No visitors 12 to 2"' in text(missing)

    saved = client.post(
        url("rule_new"),
        {"rule": "No visitors 12 to 2", "why": "Lunch and rest.", "affects": "Families who work."},
        follow=True,
    )
    assert "\u201cNo visitors 12 to 2\u201d is on the list to look at together." in text(saved)
    assert BlanketRule.objects.get().added_by == service_user


@pytest.mark.parametrize(
    "role, status", [("service_user", 302), ("supporter", 302), ("staff", 403), ("manager", 403)]
)
def test_the_people_it_affects_answer_how_it_feels(request, client_for, phones_rule, role, status):
    response = answer(
        client_for, request.getfixturevalue(role), phones_rule, 3, "I miss my daughter's calls."
    )

    assert response.status_code == status
    assert RuleAnswer.objects.count() == (1 if status == 302 else 0)


def test_answering_again_changes_the_one_answer(client_for, service_user, phones_rule):
    answer(client_for, service_user, phones_rule, 3)
    answer(client_for, service_user, phones_rule, 1, "Now I see why.")

    assert list(RuleAnswer.objects.values_list("feeling", "comment")) == [(1, "Now I see why.")]
    page = text(client_for(service_user).get(url("rule", pk=phones_rule.pk)))
    assert "1 person has answered so far." in page
    assert "Change my answer" in page


def test_a_missing_answer_gets_a_kind_message_and_keeps_the_comment(client_for, service_user, phones_rule):
    response = answer(client_for, service_user, phones_rule, "", "My words stay here")

    assert response.status_code == 400
    assert "Please choose how the rule feels to you." in text(response)
    assert "My words stay here" in text(response)


def test_the_spread_waits_for_the_answers_to_close(client_for, manager, people, phones_rule):
    # The attack: someone watching the page before and after one person answers would learn their
    # answer. While answers are open, however many there are, only the number answered shows.
    for person, feeling in zip(people[:4], [3, 4, 3, 1], strict=True):
        answer(client_for, person, phones_rule, feeling, f"Said by {person.name}")
    watching = text(client_for(people[4]).get(url("rule", pk=phones_rule.pk)))
    answer(client_for, people[4], phones_rule, 4)
    after = text(client_for(people[4]).get(url("rule", pk=phones_rule.pk)))

    for page in (watching, after):
        assert "It upsets me" not in page.split("Your answer")[0]
        assert "Said by" not in page
    assert "5 people have answered so far." in after

    client_for(manager).post(url("rule_close", pk=phones_rule.pk))
    closed = text(client_for(manager).get(url("rule", pk=phones_rule.pk)))

    assert "5 people answered." in closed
    assert spread_rows(closed) == [
        ["It helps me", "1"],
        ["It makes no difference to me", "0"],
        ["It makes things harder for me", "2"],
        ["It upsets me", "2"],
    ]
    # Comments in the order of their words, not of answering, and with no one's name beside them.
    shown = [line for line in closed.split("\n") if "Said by" in line]
    assert [line.strip() for line in shown] == sorted(line.strip() for line in shown)
    assert "Change my answer" not in text(client_for(people[0]).get(url("rule", pk=phones_rule.pk)))


def test_fewer_than_three_answers_are_never_shown(client_for, manager, people, phones_rule):
    answer(client_for, people[0], phones_rule, 4, "Only two of us answered")
    answer(client_for, people[1], phones_rule, 1)
    client_for(manager).post(url("rule_close", pk=phones_rule.pk))

    page = text(client_for(manager).get(url("rule", pk=phones_rule.pk)))

    assert "Fewer than 3 people answered, so the answers are not shown." in page
    assert "Only two of us answered" not in page
    assert 'id="rule-spread"' not in page


def test_once_closed_nobody_can_answer_again(people, phones_rule, manager):
    rule_answer(member=people[0], rule=phones_rule, feeling=1, comment="")
    rule_close(member=manager, rule=phones_rule)

    with pytest.raises(Exception, match="closed"):
        rule_answer(member=people[0], rule=phones_rule, feeling=4, comment="")
    assert RuleAnswer.objects.get().feeling == 1


@pytest.mark.parametrize("role", ["staff", "service_user"])
def test_only_a_manager_or_the_words_lead_closes_and_decides(request, client_for, phones_rule, role):
    client = client_for(request.getfixturevalue(role))

    assert client.post(url("rule_close", pk=phones_rule.pk)).status_code == 403
    phones_rule.refresh_from_db()
    assert phones_rule.is_open


def test_the_words_lead_closes_and_the_team_decides_after_listening(client_for, service_user, phones_rule):
    WordList.objects.create(team=service_user.team, service_user_lead=service_user)
    client = client_for(service_user)

    too_soon = client.post(url("rule_decide", pk=phones_rule.pk), {"decision": "tailor"})
    assert too_soon.status_code == 403
    assert "Close the answers first" in text(too_soon)

    client.post(url("rule_close", pk=phones_rule.pk))
    blank = client.post(url("rule_decide", pk=phones_rule.pk), {"note": "Phones in the day room"})
    assert blank.status_code == 400
    assert "Please choose what the team has decided." in text(blank)
    assert "Phones in the day room" in text(blank)

    decided = client.post(
        url("rule_decide", pk=phones_rule.pk),
        {"decision": "tailor", "note": "Phones in the day room"},
        follow=True,
    )
    assert "We decided: Tailor it to each person." in text(decided)
    assert "Make the change a TRIP priority" in text(decided)
    phones_rule.refresh_from_db()
    assert (phones_rule.decision, phones_rule.decided_by) == ("tailor", service_user)
