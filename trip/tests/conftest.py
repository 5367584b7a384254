import importlib
import re

import pytest
from django.apps import apps

from trip.models import AssetKind, Statement, Visibility
from trip.tests.factories import (
    ActionFactory,
    AssetFactory,
    CommunityResourceFactory,
    CycleFactory,
    LeadRoleFactory,
    PriorityFactory,
)


@pytest.fixture(autouse=True)
def statement_library(request):
    """The shared library the data migration loads, even when a browser test on the same worker
    has emptied the database before (a live server's test flushes every table, seeded rows too)."""
    if not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    if not Statement.objects.filter(team__isnull=True).exists():
        importlib.import_module("trip.migrations.0003_statement_library").load_library(apps, None)


@pytest.fixture
def cycle(ward):
    return CycleFactory(team=ward, name="Spring 2026")


@pytest.fixture
def lead_role(ward, staff):
    return LeadRoleFactory(team=ward, title="Family, friends and carers lead", holder=staff)


@pytest.fixture
def place(ward, partner):
    return CommunityResourceFactory(team=ward, name="Canal Side College", added_by=partner)


@pytest.fixture
def interest():
    def make(owner, title, visibility=Visibility.TEAM, **fields):
        return AssetFactory(
            owner=owner, kind=AssetKind.INTEREST, title=title, visibility=visibility, **fields
        )

    return make


def shared_lines(page: str) -> list[str]:
    """The "People who share this interest" lines of a page, as a person reads them."""
    found = re.findall(r'class="[^"]*trip-shared">(.*?)</p>', page, re.S)
    return [" ".join(line.split()) for line in found]


@pytest.fixture
def priority(cycle, staff):
    return PriorityFactory(cycle=cycle, title="A friendlier first letter", proposed_by=staff)


@pytest.fixture
def led_priority(priority, staff, service_user):
    """A chosen priority, co-led by Sam (staff) and Alex (a person using the service)."""
    priority.staff_lead, priority.service_user_lead, priority.status = staff, service_user, "active"
    priority.save()
    return priority


@pytest.fixture
def action(led_priority, service_user):
    return ActionFactory(priority=led_priority, owner=service_user, text="Read letters from other teams")
