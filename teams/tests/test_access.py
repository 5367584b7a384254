import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from teams.access import team_view
from teams.models import STAFF_ROLES


@team_view(roles=STAFF_ROLES)
def staff_page(request, member):
    return HttpResponse(f"{member.team.name}: {member.name}")


def call(member_or_user, slug="willow-ward"):
    request = RequestFactory().get("/")
    request.user = getattr(member_or_user, "user", member_or_user)
    request.session = {}
    request.htmx = HtmxDetails(request)  # as django-htmx's middleware sets it
    return staff_page(request, team=slug)


def test_a_member_reaches_their_team_page(staff):
    assert call(staff).content == b"Willow Ward: Sam"


def test_an_outsider_is_told_nothing_about_another_team(outsider, ward):
    with pytest.raises(Http404):
        call(outsider)


def test_a_member_who_left_no_longer_gets_in(staff):
    staff.leave()
    with pytest.raises(Http404):
        call(staff)


def test_a_role_the_page_is_not_for_is_refused(service_user):
    with pytest.raises(PermissionDenied):
        call(service_user)


def test_anonymous_is_sent_to_sign_in(ward):
    from django.contrib.auth.models import AnonymousUser

    response = call(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_teams_own_address_leads_each_member_to_their_start_page(client_for, staff, service_user):
    assert client_for(staff).get("/t/willow-ward/").url == "/t/willow-ward/handover/"
    assert client_for(service_user).get("/t/willow-ward/").url == "/t/willow-ward/wall/"


def test_the_teams_own_address_asks_anyone_else_to_sign_in_and_tells_outsiders_nothing(
    client, client_for, outsider, ward
):
    assert client.get("/t/willow-ward/").url == "/sign-in/?next=/t/willow-ward/"
    assert client_for(outsider).get("/t/willow-ward/").status_code == 404
    assert client_for(outsider).get("/t/no-such-team/").status_code == 404
