import pytest
from django.utils import timezone

from supervision.models import SupervisionRecord
from supervision.tests.factories import (
    FeedbackCardFactory,
    FeedbackRequestFactory,
    ReflectionFactory,
    SupervisionSessionFactory,
)
from teams.models import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def other_staff(ward):
    """A member of staff in the same team who is in neither the session nor the reflection."""
    return MembershipFactory(team=ward, role=Role.STAFF, user=UserFactory(display_name="Dee", username="dee"))


@pytest.fixture
def supervision(ward, staff, colleague):
    """Sam supervises Priya."""
    return SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, tips=["strengths", "listen"], agreed_goals="Secret goal words"
    )


@pytest.fixture
def reflection(staff):
    return ReflectionFactory(author=staff, went_well="Private reflection words", tips=["keep-hope"])


@pytest.fixture
def unconfirmed(ward, staff, colleague):
    """Sam recorded supervising Priya; Priya has not confirmed it yet."""
    return SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, recorded_by=staff, confirmed_at=None
    )


@pytest.fixture
def feedback(staff):
    """Sam asked for feedback."""
    return FeedbackRequestFactory(worker=staff)


@pytest.fixture
def card(feedback):
    """One answer card for Sam's request, as Maya (the manager) would print it."""
    return FeedbackCardFactory(request=feedback)


@pytest.fixture
def record(colleague, supervision):
    """Priya's own supervision record, ready to download."""
    return SupervisionRecord.objects.create(
        supervisee=colleague, ready_at=timezone.now(), pdf=b"%PDF-1.7 Priya's record"
    )
