import datetime as dt

import factory

from tests.factories import MembershipFactory, TeamFactory
from trip.models import Asset, AssetKind, CommunityResource, Cycle, LeadRole, ResourceRating, Visibility


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Our TRIP number {n}")
    starts_on = dt.date(2026, 5, 1)


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    owner = factory.SubFactory(MembershipFactory)
    kind = AssetKind.SKILL
    title = factory.Sequence(lambda n: f"Plain-English writing {n}")
    description = "Happy to help make leaflets easier to read."
    visibility = Visibility.TEAM


class LeadRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadRole

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Physical health lead {n}")
    offer = "Helps anyone in the team plan exercise and healthy eating."


class CommunityResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityResource

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Canal Side Walking Group {n}")
    offer = "A friendly walk every Saturday morning, all welcome."
    contact = "canalside-walks.example.test"


class ResourceRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceRating

    resource = factory.SubFactory(CommunityResourceFactory)
    member = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..resource.team"))
    stars = 4
