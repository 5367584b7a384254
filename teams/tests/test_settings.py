import datetime as dt

import pytest

from teams.models import Team

SETTINGS = "/t/willow-ward/settings/"
EVERYONE = ["manager", "staff", "service_user", "supporter", "partner"]
NOT_MANAGERS = ["staff", "service_user", "supporter", "partner"]


@pytest.mark.parametrize("role", EVERYONE)
def test_every_member_has_a_settings_page(client_for, role, request):
    member = request.getfixturevalue(role)
    response = client_for(member).get(SETTINGS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "My settings" in html
    assert f'value="{member.user.display_name}"' in html


def test_a_member_changes_the_name_their_team_sees(client_for, staff):
    response = client_for(staff).post(
        SETTINGS, {"form": "me", "display_name": "  Sam   Okafor ", "weekly_digest": "on"}, follow=True
    )
    assert "Your settings are saved." in response.content.decode()
    staff.user.refresh_from_db()
    assert staff.user.display_name == "Sam Okafor"


def test_a_member_with_email_opts_out_of_the_digest_and_back_in(client_for, staff):
    client = client_for(staff)
    html = client.get(SETTINGS).content.decode()
    assert "sam@example.test" in html
    assert 'name="weekly_digest" type="checkbox" value="on" checked' in html
    client.post(SETTINGS, {"form": "me", "display_name": "Sam"})
    staff.refresh_from_db()
    assert staff.digest_opt_out
    assert 'value="on" checked' not in client.get(SETTINGS).content.decode()
    client.post(SETTINGS, {"form": "me", "display_name": "Sam", "weekly_digest": "on"})
    staff.refresh_from_db()
    assert not staff.digest_opt_out


def test_without_email_the_digest_choice_is_explained_not_offered(client_for, service_user):
    client = client_for(service_user)
    html = client.get(SETTINGS).content.decode()
    assert "You joined without an email address" in html
    assert 'name="weekly_digest"' not in html
    client.post(SETTINGS, {"form": "me", "display_name": "Alex R"})
    service_user.refresh_from_db()
    assert service_user.user.display_name == "Alex R"
    assert not service_user.digest_opt_out  # unchanged


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Please type the name you would like your team to see."),
        ("    ", "Please type the name you would like your team to see."),
        ("S" * 61, "Please use a shorter name, up to 60 letters."),
    ],
)
def test_a_bad_name_is_explained_and_nothing_changes(client_for, staff, name, message):
    response = client_for(staff).post(SETTINGS, {"form": "me", "display_name": name})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "There is a problem" in html
    staff.user.refresh_from_db()
    assert staff.user.display_name == "Sam"
    staff.refresh_from_db()
    assert not staff.digest_opt_out


def test_a_name_with_html_is_shown_as_text(client_for, staff):
    client = client_for(staff)
    client.post(SETTINGS, {"form": "me", "display_name": "<i>Sam</i>", "weekly_digest": "on"})
    html = client.get(SETTINGS).content.decode()
    assert "<i>Sam</i>" not in html
    assert "&lt;i&gt;Sam&lt;/i&gt;" in html


def test_a_manager_sets_the_meeting_day_and_time(client_for, manager, ward):
    client = client_for(manager)
    html = client.get(SETTINGS).content.decode()
    assert 'value="15:00"' in html
    assert '<option value="4" selected>Friday</option>' in html
    response = client.post(
        SETTINGS, {"form": "meeting", "meeting_weekday": "3", "meeting_time": "14:30"}, follow=True
    )
    assert "The meeting day and time are saved." in response.content.decode()
    ward.refresh_from_db()
    assert ward.meeting_weekday == Team.Weekday.THURSDAY
    assert ward.meeting_time == dt.time(14, 30)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"meeting_weekday": "4", "meeting_time": "half past three"}, "Please type a time like 15:00."),
        ({"meeting_weekday": "4", "meeting_time": "25:00"}, "Please type a time like 15:00."),
        ({"meeting_weekday": "4", "meeting_time": ""}, "Please type a time, like 15:00."),
        ({"meeting_weekday": "9", "meeting_time": "15:00"}, "Select a valid choice"),
    ],
)
def test_a_bad_meeting_time_is_explained_and_kept(client_for, manager, ward, data, message):
    response = client_for(manager).post(SETTINGS, {"form": "meeting", **data})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{data["meeting_time"]}"' in html
    ward.refresh_from_db()
    assert ward.meeting_weekday == Team.Weekday.FRIDAY
    assert ward.meeting_time == dt.time(15, 0)


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_members_see_the_meeting_time_but_cannot_change_it(client_for, role, request, ward):
    client = client_for(request.getfixturevalue(role))
    html = client.get(SETTINGS).content.decode()
    assert "Willow Ward meets on Fridays at 15:00" in html
    assert 'name="meeting_time"' not in html
    response = client.post(SETTINGS, {"form": "meeting", "meeting_weekday": "0", "meeting_time": "09:00"})
    assert response.status_code == 403
    ward.refresh_from_db()
    assert ward.meeting_weekday == Team.Weekday.FRIDAY


def test_an_unknown_form_just_shows_the_page(client_for, staff):
    assert client_for(staff).post(SETTINGS, {"form": "other"}).status_code == 200


def test_settings_take_get_and_post_only(client_for, staff):
    assert client_for(staff).delete(SETTINGS).status_code == 405


def test_settings_need_sign_in(client, ward):
    response = client.get(SETTINGS)
    assert response["Location"] == f"/sign-in/?next={SETTINGS}"


def test_another_teams_member_is_told_nothing(client_for, outsider, ward):
    assert client_for(outsider).get(SETTINGS).status_code == 404
    assert client_for(outsider).post(SETTINGS, {"form": "meeting", "meeting_weekday": "0"}).status_code == 404


def test_the_settings_page_is_in_the_team_navigation(client_for, staff):
    html = client_for(staff).get(SETTINGS).content.decode()
    assert 'aria-current="page"' in html
    assert "My settings" in html


def test_a_manager_says_the_team_does_not_work_shifts_and_back(client_for, manager, ward):
    client = client_for(manager)
    assert 'name="works_shifts" type="checkbox" value="on" checked' in client.get(SETTINGS).content.decode()

    response = client.post(SETTINGS, {"form": "shifts"}, follow=True)

    assert "Handover now logs what went well today, without asking for a shift." in response.content.decode()
    ward.refresh_from_db()
    assert not ward.works_shifts
    response = client.post(SETTINGS, {"form": "shifts", "works_shifts": "on"}, follow=True)
    assert "Handover now asks which shift you are handing over from." in response.content.decode()
    ward.refresh_from_db()
    assert ward.works_shifts


def test_staff_see_whether_the_team_works_shifts_but_cannot_change_it(client_for, staff, ward):
    client = client_for(staff)
    html = client.get(SETTINGS).content.decode()
    assert "Willow Ward works early, late and night shifts" in html
    assert 'name="works_shifts"' not in html
    assert client.post(SETTINGS, {"form": "shifts"}).status_code == 403
    ward.refresh_from_db()
    assert ward.works_shifts
