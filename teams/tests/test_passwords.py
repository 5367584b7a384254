"""Forgotten passwords: members with email get Django's emailed link; people without email get a
one-time reset code from their team manager, as text and QR. Nobody learns who has an account."""

import datetime as dt
import re

import time_machine
from django.utils import timezone

from teams.models import MANAGER_ROLES, PasswordResetCode, Role
from tests.factories import MembershipFactory, TeamFactory

OLD = "a-good-long-password"
NEW = "blue kettle morning walk"


def can_sign_in(client, name, password) -> bool:
    client.logout()
    return client.post("/sign-in/", {"username": name, "password": password}).status_code == 302


# --- the way in from sign-in ---


def test_sign_in_and_the_locked_page_show_the_way_to_a_new_password(client, db):
    assert 'href="/password/forgotten/"' in client.get("/sign-in/").content.decode()
    page = client.get("/password/forgotten/").content.decode()
    assert "If you have a reset code from your team manager" in page
    assert 'href="/password/code/"' in page


# --- by email ---


def email_link(mailoutbox) -> str:
    [message] = mailoutbox
    return re.search(r"http://\S+/password/new/\S+/", message.body).group(0)


def test_a_member_with_email_gets_a_link_and_chooses_a_new_password(client, staff, mailoutbox):
    response = client.post("/password/forgotten/", {"email": "  SAM@example.test "})
    assert response["Location"] == "/password/forgotten/sent/"
    assert mailoutbox[0].to == ["sam@example.test"]
    assert "Choose a new password" in mailoutbox[0].subject

    form_page = client.get(email_link(mailoutbox), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(form_page.redirect_chain[-1][0], {"new_password": NEW})

    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(staff.user.pk)
    assert can_sign_in(client, "sam@example.test", NEW)
    assert not can_sign_in(client, "sam@example.test", OLD)


def test_the_emailed_link_works_once(client, staff, mailoutbox):
    client.post("/password/forgotten/", {"email": "sam@example.test"})
    link = email_link(mailoutbox)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password": NEW})

    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work any more" in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, staff, mailoutbox):
    known = client.post("/password/forgotten/", {"email": "sam@example.test"}, follow=True)
    unknown = client.post("/password/forgotten/", {"email": "nobody@example.test"}, follow=True)
    assert len(mailoutbox) == 1

    def strip(page) -> str:
        html = re.sub(r'nonce="[^"]*"|[A-Za-z0-9]{64}', "", page.content.decode())  # per response
        return html.replace("sam@example.test", "X").replace("nobody@example.test", "X")

    assert strip(known) == strip(unknown)


def test_a_weak_new_password_is_refused_kindly(client, staff, mailoutbox):
    client.post("/password/forgotten/", {"email": "sam@example.test"})
    form_page = client.get(email_link(mailoutbox), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password": "short"})
    assert "Please choose a longer password" in response.content.decode()
    assert can_sign_in(client, "sam@example.test", OLD)


def test_a_bad_address_keeps_what_was_typed(client, db):
    response = client.post("/password/forgotten/", {"email": "sam at work"})
    html = response.content.decode()
    assert "Please type an email address like name@example.com." in html
    assert 'value="sam at work"' in html


def test_a_sign_in_name_typed_as_the_address_is_shown_the_way_to_a_reset_code(client, service_user):
    response = client.post("/password/forgotten/", {"email": "alex"})
    html = response.content.decode()
    assert "That looks like a sign-in name, not an email address." in html
    assert "your team manager can give you a reset code" in html
    assert 'value="alex"' in html
    # The same words for a name nobody has: nobody learns whose sign-in name it is.
    other = client.post("/password/forgotten/", {"email": "nobody-called-this"}).content.decode()
    assert "That looks like a sign-in name, not an email address." in other


def test_asking_for_links_again_and_again_is_paused(client, staff, mailoutbox):
    for _ in range(5):
        assert client.post("/password/forgotten/", {"email": "sam@example.test"}).status_code == 302
    response = client.post("/password/forgotten/", {"email": "sam@example.test"})
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert len(mailoutbox) == 5


# --- with a reset code from the team manager ---


def make_code(client, member) -> str:
    response = client.post(f"/t/willow-ward/members/{member.pk}/reset-code/")
    assert response.status_code == 200
    return re.search(
        r'class="app-join-code nhsuk-heading-xl">([A-Z0-9-]+)<', response.content.decode()
    ).group(1)


def test_a_manager_makes_a_code_shown_once_as_text_and_qr(client_for, manager, service_user):
    client = client_for(manager)
    members = client.get("/t/willow-ward/members/").content.decode()
    assert f'href="/t/willow-ward/members/{service_user.pk}/reset-code/"' in members

    response = client.post(f"/t/willow-ward/members/{service_user.pk}/reset-code/")
    html = response.content.decode()
    assert "Give this code to Alex in person" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "no-store" in response["Cache-Control"]
    code = re.search(r'class="app-join-code nhsuk-heading-xl">([A-Z0-9-]+)<', html).group(1)
    # Only its hash is kept: a copy of the database opens no account.
    stored = PasswordResetCode.objects.get()
    assert code.replace("-", "") not in stored.digest
    # Coming back shows no code: it was shown once, and only its hash is kept.
    again = client.get(f"/t/willow-ward/members/{service_user.pk}/reset-code/").content.decode()
    assert code not in again
    assert "app-join-code" not in again


def test_a_person_without_email_chooses_a_new_password_with_the_code(
    client, client_for, manager, service_user
):
    code = make_code(client_for(manager), service_user)
    response = client.post("/password/code/", {"code": code.lower().replace("-", " "), "new_password": NEW})
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(service_user.user.pk)
    assert can_sign_in(client, "alex", NEW)
    assert not can_sign_in(client, "alex", OLD)


def test_a_code_works_once(client, client_for, manager, service_user):
    code = make_code(client_for(manager), service_user)
    client.post("/password/code/", {"code": code, "new_password": NEW})
    client.logout()
    response = client.post("/password/code/", {"code": code, "new_password": "another fine password"})
    assert "That code does not work" in response.content.decode()
    assert can_sign_in(client, "alex", NEW)


def test_a_code_runs_out_after_a_day(client, client_for, manager, service_user):
    code = make_code(client_for(manager), service_user)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        response = client.post("/password/code/", {"code": code, "new_password": NEW})
    assert "That code does not work" in response.content.decode()


def test_a_new_code_switches_off_the_last_one(client, client_for, manager, service_user):
    first = make_code(client_for(manager), service_user)
    second = make_code(client_for(manager), service_user)
    assert (
        "That code does not work"
        in client.post("/password/code/", {"code": first, "new_password": NEW}).content.decode()
    )
    assert client.post("/password/code/", {"code": second, "new_password": NEW}).status_code == 302


def test_a_mistake_keeps_what_was_typed_and_says_what_to_fix(client, client_for, manager, service_user):
    code = make_code(client_for(manager), service_user)
    response = client.post("/password/code/", {"code": code, "new_password": "kettle"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please choose a longer password" in html
    assert f'value="{code}"' in html
    wrong = client.post("/password/code/", {"code": "WXYZ-7896", "new_password": NEW}).content.decode()
    assert "That code does not work" in wrong
    assert 'value="WXYZ-7896"' in wrong


def test_guessing_codes_is_paused(client, client_for, manager, service_user):
    code = make_code(client_for(manager), service_user)
    for _ in range(10):
        assert client.post("/password/code/", {"code": "WXYZ7896", "new_password": NEW}).status_code == 200
    assert client.post("/password/code/", {"code": "WXYZ7896", "new_password": NEW}).status_code == 429
    response = client.post("/password/code/", {"code": code, "new_password": NEW})
    assert response.status_code == 429
    assert can_sign_in(client, "alex", OLD)


def test_no_code_for_a_manager(client_for, manager, ward):
    other_manager = MembershipFactory(team=ward, role=Role.MANAGER)
    assert other_manager.role in MANAGER_ROLES
    response = client_for(manager).post(f"/t/willow-ward/members/{other_manager.pk}/reset-code/")
    assert response.status_code == 400
    assert "Managers get a new password by email" in response.content.decode()
    assert not PasswordResetCode.objects.exists()


def test_no_code_for_someone_also_in_a_team_the_manager_does_not_manage(client_for, manager, service_user):
    MembershipFactory(team=TeamFactory(name="Oak"), user=service_user.user, role=Role.SERVICE_USER)
    response = client_for(manager).post(f"/t/willow-ward/members/{service_user.pk}/reset-code/")
    assert response.status_code == 400
    assert "also part of a team you do not manage" in response.content.decode()
    assert not PasswordResetCode.objects.exists()


def test_only_managers_of_the_team_make_codes(client_for, staff, outsider, service_user):
    path = f"/t/willow-ward/members/{service_user.pk}/reset-code/"
    assert client_for(staff).post(path).status_code == 403
    assert client_for(outsider).post(path).status_code == 404
    assert not PasswordResetCode.objects.exists()
