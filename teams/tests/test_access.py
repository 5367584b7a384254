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
