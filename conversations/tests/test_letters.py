"""Checking a letter, poster or note, and the team's house texts kept version by version."""

import html
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import views
from conversations.letters import check_text
from conversations.models import HouseText
from conversations.services import house_text_keep, language_check

OLD_LETTER = (
    "Dear patient,\n"
    "You must arrive 15 minutes before your appointment. If you fail to attend without notifying "
    "the department in advance, your referral will be returned to the referrer.\n"
    "You should bring a list of your medication."
)
NEW_LETTER = (
    "Dear Sam,\n"
    "We are looking forward to meeting you on Tuesday. I will be there to welcome you.\n"
    "If the time does not suit you, please ring us and we will find another together."
)


def url(name: str, **kwargs) -> str:
    return reverse(f"conversations:{name}", kwargs={"team": "willow-ward", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- The counts --------------------------------------------------------------------------------


def test_the_check_counts_labels_strengths_and_who_the_sentences_speak_for(ward):
    old = check_text(OLD_LETTER, language_check(text=OLD_LETTER, team=ward))
    new = check_text(NEW_LETTER, language_check(text=NEW_LETTER, team=ward))

    assert [f.phrase for f in old.findings] == ["patient", "You must", "fail to attend", "You should"]
    assert (old.labels, old.you_sentences, old.first_person_sentences, old.strengths) == (1, 2, 0, 0)
    assert (new.you_sentences, new.first_person_sentences, new.labels) == (0, 3, 0)
    assert new.strengths == 2  # welcome, together
    assert new.reading_ease > old.reading_ease
    assert [s.text for s in old.hardest][0].startswith("If you fail to attend")


def test_the_marked_pieces_put_the_text_back_together(ward):
    checked = check_text(OLD_LETTER, language_check(text=OLD_LETTER, team=ward))

    pieces = checked.segments()
    assert "".join(piece for piece, _ in pieces) == OLD_LETTER
    assert [(piece, number) for piece, number in pieces if number] == [
        ("patient", 1),
        ("You must", 2),
        ("fail to attend", 3),
        ("You should", 4),
    ]


# --- The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "service_user", "supporter"])
def test_anyone_in_the_team_checks_a_text_and_nothing_is_kept(request, client_for, role, caplog):
    client = client_for(request.getfixturevalue(role))
    caplog.set_level(logging.DEBUG)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url("letter_check"), {"text": OLD_LETTER})

    assert response.status_code == 200
    page = text(response)
    assert "What we found" in page
    assert "<mark>You must</mark><sup>2</sup>" in page
    assert "Sentences that tell the reader what to do" in page
    assert "If you fail to attend" in page  # among the hardest sentences
    assert "Keep this version" in page
    assert not HouseText.objects.exists()
    assert not any("referrer" in q["sql"] for q in queries)
    assert not any("referrer" in record.getMessage() for record in caplog.records)


def test_a_blank_or_too_long_text_gets_a_kind_message_and_keeps_what_was_typed(client_for, staff):
    client = client_for(staff)

    blank = client.post(url("letter_check"), {"text": "   \n "})
    assert blank.status_code == 400
    assert "Paste or write the text you would like to check." in text(blank)

    long = "Welcome. " * 2300
    too_long = client.post(url("letter_check"), {"text": long})
    assert too_long.status_code == 400
    assert "Please check up to 20000 characters at a time" in text(too_long)
    assert long.strip() in text(too_long)


def test_too_many_checks_in_a_minute_get_a_pause(client_for, staff, monkeypatch):
    monkeypatch.setattr(views, "LETTER_RATE", "1/m")
    client = client_for(staff)
    assert client.post(url("letter_check"), {"text": NEW_LETTER}).status_code == 200

    paused = client.post(url("letter_check"), {"text": NEW_LETTER})
    assert paused.status_code == 429
    assert "Please wait a moment and check again." in text(paused)
    assert NEW_LETTER.split("\n")[1] in text(paused)


# --- House texts -------------------------------------------------------------------------------


def test_a_house_text_is_kept_version_by_version(client_for, staff, colleague):
    first = client_for(staff).post(
        url("house_text_keep"), {"text": OLD_LETTER, "name": "Our first-appointment letter"}, follow=True
    )
    assert "\u201cOur first-appointment letter\u201d is kept." in text(first)

    second = client_for(colleague).post(
        url("house_text_keep"), {"text": NEW_LETTER, "name": "our first-appointment LETTER "}, follow=True
    )

    assert "is kept as version 2." in text(second)
    kept = HouseText.objects.get()
    assert kept.name == "Our first-appointment letter"
    assert [(v.number, v.labels, v.you_sentences, v.kept_by) for v in kept.versions.all()] == [
        (2, 0, 0, colleague),
        (1, 1, 2, staff),
    ]
    page = text(second)
    assert "Version 2, " in page and "Version 1, " in page
    assert "Kept by Priya" in page


def test_keeping_without_a_name_loses_nothing(client_for, staff):
    response = client_for(staff).post(url("house_text_keep"), {"text": OLD_LETTER, "name": ""})

    assert response.status_code == 400
    page = text(response)
    assert "Give it a name, so the team can find it again." in page
    assert "You should bring a list of your medication." in page  # still in the box
    assert "What we found" in page
    assert not HouseText.objects.exists()


def test_a_new_version_starts_from_the_newest_one(client_for, staff):
    version = house_text_keep(member=staff, name="Ward poster", text="No phones after 10pm.")

    page = text(client_for(staff).get(url("letter_check") + f"?house_text={version.house_text_id}"))

    assert "No phones after 10pm." in page
    assert 'value="Ward poster"' in page


def test_another_teams_house_text_stays_theirs(client_for, staff, outsider):
    theirs = house_text_keep(member=outsider, name="Their letter", text="A secret letter.")

    assert client_for(staff).get(url("house_text", pk=theirs.house_text_id)).status_code == 404
    prefilled = text(client_for(staff).get(url("letter_check") + f"?house_text={theirs.house_text_id}"))
    assert "A secret letter." not in prefilled
    assert "Their letter" not in prefilled
