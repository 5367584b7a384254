import datetime as dt

import factory

from tests.factories import MembershipFactory, TeamFactory
from trip.models import (
    Action,
    Asset,
    AssetKind,
    BenchmarkRating,
    BenchmarkRound,
    CommunityResource,
    Cycle,
    LeadRole,
    Perspective,
    Priority,
    PriorityRating,
    ProgressUpdate,
    ResourceRating,
    Statement,
    StatementVersion,
    Theme,
    Visibility,
)


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


class StatementFactory(factory.django.DjangoModelFactory):
    """A team's own statement, with its first version as the current words."""

    class Meta:
        model = Statement
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    theme = Theme.LIFE_GOALS

    @factory.post_generation
    def text(obj, create, extracted, **kwargs):
        words = extracted or f"We try something good, number {obj.pk}."
        obj.current_version = StatementVersion.objects.create(statement=obj, number=1, text=words)
        obj.save(update_fields=["current_version"])


class BenchmarkRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenchmarkRound

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"How we are doing, round {n}")


class BenchmarkRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenchmarkRating

    round = factory.SubFactory(BenchmarkRoundFactory)
    statement = factory.SubFactory(StatementFactory, team=factory.SelfAttribute("..round.cycle.team"))
    version = factory.LazyAttribute(lambda r: r.statement.current_version)
    member = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..round.cycle.team"))
    perspective = factory.LazyAttribute(lambda r: Perspective.of(r.member))
    score = 3


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"A friendlier first letter {n}")
    change = "Write the first-appointment letter with people using the service, in plain words."


class PriorityRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityRating

    priority = factory.SubFactory(PriorityFactory)
    member = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..priority.cycle.team"))
    impact = 4
    ease = 3


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Sequence(lambda n: f"Draft the new letter, step {n}")
    owner = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..priority.cycle.team"))
    due_on = dt.date(2026, 6, 1)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    priority = factory.SubFactory(PriorityFactory)
    author = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..priority.cycle.team"))
    text = factory.Sequence(lambda n: f"We met and read three letters from other teams ({n}).")
