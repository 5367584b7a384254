import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import views
from conversations.models import Phrase, SwitchOff, WordList
from conversations.services import language_check, phrase_propose

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, **kwargs) -> str:
    return reverse(f"conversations:{name}", kwargs={"team": "willow-ward", **kwargs})


def check(client: Client, text: str, field: str = "text"):
    return client.post(url("check"), {field: text, "lens_field": field}, **HTMX)


def proposal(member, phrase: str = "challenging") -> Phrase:
    return phrase_propose(
        member=member,
        phrase=phrase,
        kind="deficit",
        why="It blames the person.",
        alternatives=["upset", "sad"],
    )


# --- The check endpoint -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "manager", "service_user", "supporter", "partner"])
def test_every_member_gets_quiet_hints(request, client_for, role):
    response = check(client_for(request.getfixturevalue(role)), "Patient was non-compliant")

    assert response.status_code == 200
    html = response.content.decode()
    assert "&ldquo;Patient&rdquo;" in html and "&ldquo;non-compliant&rdquo;" in html
    assert "It hides the person&#39;s reasons" in html
    assert 'data-lens-alternative="choosing not to …"' in html
    assert 'data-lens-alternative="people using the service"' in html
    assert "Keep my words" in html
    assert reverse("conversations:words", kwargs={"team": "willow-ward"}) in html


def test_a_phrase_used_again_and_again_is_one_hint_at_its_first_place(client_for, staff):
    html = check(
        client_for(staff), "The patient ate. Patient slept. A patient laughed. He lacks insight."
    ).content.decode()

    assert html.count("data-lens-hint ") == 2
    assert 'data-phrase="patient" data-start="4"' in html
    assert 'data-phrase="lacks insight"' in html


def test_nothing_to_flag_is_an_empty_box(client_for, staff):
    response = check(client_for(staff), "A calm breakfast. You did brilliantly.")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_offsets_match_the_textarea_where_lines_end_in_a_newline(client_for, staff):
    html = check(client_for(staff), "A good day.\r\nHe lacks insight.").content.decode()
    assert 'data-phrase="lacks insight" data-start="15"' in html


def test_the_check_is_post_only_with_csrf(client_for, staff):
    assert client_for(staff).get(url("check")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff.user, backend="teams.backends.EmailOrUsernameBackend")
    assert check(strict, "Patient was non-compliant").status_code == 403


def test_outsiders_and_strangers_get_no_check(client, client_for, outsider, staff):
    assert check(client_for(outsider), "Patient").status_code == 404
    # Asked for while someone types: a sign-in that ran out must not take the page away from them.
    response = check(client, "Patient")
    assert response.status_code == 401 and response["HX-Reswap"] == "none" and not response.content


def test_the_check_stores_and_logs_nothing(client_for, staff, caplog):
    client = client_for(staff)
    check(client, "warm up the compiled list")
    caplog.set_level(logging.DEBUG)
    secret = "Jo Bloggs at 12 Canal Street was non-compliant"
    with CaptureQueriesContext(connection) as queries:
        response = check(client, secret)
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert all("django_session" in sql for sql in writes), writes  # the signed-in session only
    assert not any("Canal Street" in q["sql"] for q in queries)
    assert not any("Canal Street" in record.getMessage() for record in caplog.records)


def test_too_many_checks_pause_the_lens_but_nothing_else(client_for, staff, monkeypatch):
    monkeypatch.setattr(views, "CHECK_RATE", "2/m")
    client = client_for(staff)
    assert check(client, "Patient").status_code == 200
    assert check(client, "Patient").status_code == 200
    assert check(client, "Patient").status_code == 429
    # Saving never waits for the lens.
    response = client.post(
        reverse("successes:handover", kwargs={"team": "willow-ward"}),
        {"shift": "early", "text": "Patient was non-compliant", "on_wall": "true"},
    )
    assert response.status_code == 302


def test_another_members_limit_is_their_own(client_for, staff, colleague, monkeypatch):
    monkeypatch.setattr(views, "CHECK_RATE", "1/m")
    assert check(client_for(staff), "Patient").status_code == 200
    assert check(client_for(staff), "Patient").status_code == 429
    assert check(client_for(colleague), "Patient").status_code == 200


def test_the_lens_sits_under_the_little_miracle_and_the_thank_you(client_for, staff, colleague):
    client = client_for(staff)
    handover = client.get(reverse("successes:handover", kwargs={"team": "willow-ward"})).content.decode()
    assert (
        'id="lens-id_text"' in handover and 'hx-trigger="input changed delay:500ms from:#id_text"' in handover
    )
    assert 'aria-live="polite"' in handover
    thank = client.get(reverse("successes:thank", kwargs={"team": "willow-ward"})).content.decode()
    assert 'id="lens-id_message"' in thank and '"lens_field": "message"' in thank
    assert "/static/js/lens.js" in thank


# --- Words we use -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "manager", "service_user", "supporter", "partner"])
def test_every_member_sees_the_words_with_why_and_alternatives(
    request, client_for, role, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(role))
    with django_assert_max_num_queries(10):
        response = client.get(url("words"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Words we use</h1>" in html
    for phrase in Phrase.objects.built_in():
        assert phrase.phrase in html
    assert "Everyone needs connection" in html and "seeking connection" in html


def test_outsiders_and_strangers_do_not_see_the_words(client, client_for, outsider, ward):
    assert client_for(outsider).get(url("words")).status_code == 404
    assert client.get(url("words")).status_code == 302


def test_a_proposal_is_used_once_a_manager_accepts_it(client_for, staff, manager):
    response = client_for(staff).post(
        url("propose"),
        {
            "phrase": "Challenging",
            "kind": "deficit",
            "why": "It blames the person.",
            "alternatives": "upset\nsad",
        },
    )
    assert response.status_code == 302
    phrase = Phrase.objects.get(team=staff.team)
    assert phrase.status == Phrase.Status.PROPOSED
    assert language_check(text="He was challenging.", team=staff.team) == []

    assert client_for(staff).post(url("decide", pk=phrase.pk), {"decision": "accept"}).status_code == 403
    assert client_for(manager).post(url("decide", pk=phrase.pk), {"decision": "accept"}).status_code == 302

    phrase.refresh_from_db()
    assert (phrase.status, phrase.decided_by) == (Phrase.Status.IN_USE, manager)
    assert [f.phrase for f in language_check(text="He was challenging.", team=staff.team)] == ["challenging"]
    assert "Our own" in client_for(staff).get(url("words")).content.decode()


def test_the_service_user_lead_decides_and_other_service_users_propose(
    client_for, manager, service_user, ward
):
    other = proposal(manager)
    assert (
        client_for(service_user).post(url("decide", pk=other.pk), {"decision": "accept"}).status_code == 403
    )
    WordList.objects.create(team=ward, service_user_lead=service_user)
    assert (
        client_for(service_user).post(url("decide", pk=other.pk), {"decision": "decline"}).status_code == 302
    )
    other.refresh_from_db()
    assert other.status == Phrase.Status.DECLINED


def test_a_proposal_with_mistakes_keeps_what_was_typed(client_for, staff):
    response = client_for(staff).post(
        url("propose"), {"phrase": "(bad", "kind": "deficit", "why": "", "alternatives": "only one"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Use letters, spaces, hyphens and apostrophes only." in html
    assert "Say in a sentence why it matters" in html
    assert "Give two or three things to say instead" in html
    assert "only one" in html
    assert not Phrase.objects.filter(team__isnull=False).exists()


def test_a_built_in_phrase_is_switched_off_with_a_reason_for_one_team_only(
    client_for, manager, staff, outsider
):
    patient = Phrase.objects.built_in().get(phrase="patient")
    # Staff alone do not decide how people are described: the gate refuses them the form itself.
    assert client_for(staff).get(url("switch_off", pk=patient.pk)).status_code == 403
    refused = client_for(staff).post(url("switch_off", pk=patient.pk), {"reason": "We are a GP surgery."})
    assert refused.status_code == 403
    empty = client_for(manager).post(url("switch_off", pk=patient.pk), {"reason": "  "})
    assert empty.status_code == 400 and "Say why" in empty.content.decode()

    response = client_for(manager).post(url("switch_off", pk=patient.pk), {"reason": "We are a GP surgery."})
    assert response.status_code == 302
    assert [f.phrase for f in language_check(text="The patient was seen.", team=manager.team)] == []
    assert [f.phrase for f in language_check(text="The patient was seen.", team=outsider.team)] == ["patient"]
    html = client_for(staff).get(url("words")).content.decode()
    assert "Switched off for our team" in html and "We are a GP surgery." in html

    assert client_for(manager).post(url("switch_on", pk=patient.pk)).status_code == 302
    assert not SwitchOff.objects.exists()
    assert [f.phrase for f in language_check(text="The patient was seen.", team=manager.team)] == ["patient"]


def test_the_word_pages_take_only_their_methods(client_for, manager):
    client = client_for(manager)
    assert client.post(url("words")).status_code == 405
    assert client.get(url("switch_on", pk=1)).status_code == 405
    assert client.get(url("decide", pk=1)).status_code == 405
