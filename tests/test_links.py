"""Every address the app prints, as text or in a QR code, starts from SITE_URL: none points at
another port or host than the one the app is on (`make run PORT=8100` sets it)."""

import re

import pytest
import qrcode
from django.test import Client
from qrcode.image.svg import SvgPathImage

from supervision.tests.factories import FeedbackCardFactory, FeedbackRequestFactory, SupervisionSessionFactory
from tests.factories import JoinCodeFactory
from trip.tests.factories import BenchmarkRoundFactory, CycleFactory

SITE = "http://127.0.0.1:8100"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def qr_draws(svg: bytes, link: str) -> bool:
    expected = qrcode.make(link, image_factory=SvgPathImage).to_string(encoding="unicode")
    squares = re.compile(r' d="([^"]+)"')
    return squares.search(svg.decode()).group(1) == squares.search(expected).group(1)


def test_a_join_codes_page_and_qr(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    client = client_for(manager)
    page = client.get(f"/t/willow-ward/members/join-codes/{code.pk}/").content.decode()
    assert f"Go to <strong>{SITE}/join/</strong>" in page
    assert "8000" not in page
    assert qr_draws(
        client.get(f"/t/willow-ward/members/join-codes/{code.pk}/qr.svg").content,
        f"{SITE}/join/?code=ABCD3467",
    )


def test_a_rounds_address_and_qr(client_for, manager, ward):
    round_ = BenchmarkRoundFactory(cycle=CycleFactory(team=ward))
    client = client_for(manager)
    address = f"{SITE}/t/willow-ward/trip/rounds/{round_.pk}/"
    assert address in client.get(f"/t/willow-ward/trip/rounds/{round_.pk}/").content.decode()
    assert qr_draws(client.get(f"/t/willow-ward/trip/rounds/{round_.pk}/qr.svg").content, address)


def test_feedback_cards_and_their_qr(client_for, manager, staff):
    SupervisionSessionFactory(supervisor=manager, supervisee=staff)
    card = FeedbackCardFactory(request=FeedbackRequestFactory(worker=staff))
    client = client_for(manager)
    sheet = client.get(f"/t/willow-ward/supervision/feedback-cards/{card.request.pk}/").content.decode()
    assert f"{SITE}/t/willow-ward/supervision/feedback/answer/" in sheet
    qr = client.get(f"/t/willow-ward/supervision/feedback-cards/{card.request.pk}/{card.code}/qr.svg")
    assert qr_draws(qr.content, f"{SITE}/t/willow-ward/supervision/feedback/answer/{card.code}/")


def test_a_password_reset_codes_link(client_for, manager, service_user):
    page = client_for(manager).post(f"/t/willow-ward/members/{service_user.pk}/reset-code/").content.decode()
    assert f"<strong>{SITE}/password/code/</strong>" in page


def test_emails(client_for, manager, mailoutbox, django_capture_on_commit_callbacks, staff):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(
            "/t/willow-ward/members/invite/", {"email": "new@example.test", "role": "staff"}
        )
    assert f"{SITE}/invitation/" in mailoutbox[-1].body
    client_for(manager).logout()

    Client().post("/password/forgotten/", {"email": staff.user.email})
    assert f"{SITE}/password/new/" in mailoutbox[-1].body
