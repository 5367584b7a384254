import datetime as dt

import factory
from django.utils import timezone

from successes.models import Shift, Success, ThankYou
from teams.models import Invitation, JoinCode, Membership, Organisation, Role, Team, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.Faker("first_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "a-good-long-password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Riverside Mental Health Trust {n}")
    slug = factory.Sequence(lambda n: f"riverside-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Willow Ward {n}")
    slug = factory.Sequence(lambda n: f"willow-ward-{n}")
    kind = Team.Kind.WARD


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STAFF


class SuccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Success

    author = factory.SubFactory(MembershipFactory)
    team = factory.SelfAttribute("author.team")
    shift = Shift.EARLY
    text = factory.Sequence(lambda n: f"Helped someone plan a walk to the park, little miracle number {n}.")


class ThankYouFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYou

    sender = factory.SubFactory(MembershipFactory)
    team = factory.SelfAttribute("sender.team")
    recipient = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..sender.team"))
    message = "Thank you for staying calm and kind on a busy shift."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"new.colleague{n}@example.test")
    role = Role.STAFF


class JoinCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinCode

    team = factory.SubFactory(TeamFactory)
    role = Role.SERVICE_USER
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
