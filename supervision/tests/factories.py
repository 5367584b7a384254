import datetime as dt

import factory
from django.utils import timezone

from supervision.models import (
    FeedbackAnswer,
    FeedbackCard,
    FeedbackRequest,
    FeedbackResponse,
    Reflection,
    ReflectionTip,
    SessionTip,
    SupervisionSession,
)
from supervision.questions import QUESTION_SLUGS
from tests.factories import MembershipFactory


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection
        skip_postgeneration_save = True

    author = factory.SubFactory(MembershipFactory)
    went_well = "They laughed for the first time this week when we talked about their allotment."

    @factory.post_generation
    def tips(obj, create, extracted, **kwargs):
        if create:
            for tip in extracted if extracted is not None else ["listen"]:
                ReflectionTip.objects.create(reflection=obj, tip=tip)


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession
        skip_postgeneration_save = True

    supervisor = factory.SubFactory(MembershipFactory)
    supervisee = factory.SubFactory(MembershipFactory, team=factory.SelfAttribute("..supervisor.team"))
    team = factory.SelfAttribute("supervisor.team")
    recorded_by = factory.SelfAttribute("supervisor")
    confirmed_at = factory.LazyFunction(timezone.now)  # confirmed by the supervisee unless a test says not
    held_on = dt.date(2026, 11, 2)
    preparation = "I would like to talk about a morning that went really well."
    agreed_goals = "Ask about hobbies at every first meeting"

    @factory.post_generation
    def tips(obj, create, extracted, **kwargs):
        if create:
            for tip in extracted if extracted is not None else ["strengths"]:
                SessionTip.objects.create(
                    session=obj,
                    tip=tip,
                    went_well="Noticed their cooking skills and said so.",
                    was_hard="Finding time on a busy shift.",
                    try_next="Ask what they are proud of.",
                )


class FeedbackRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackRequest

    worker = factory.SubFactory(MembershipFactory)


class FeedbackCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackCard

    request = factory.SubFactory(FeedbackRequestFactory)


def answer_feedback(
    request: FeedbackRequest, score: int = 4, comment: str = "", **scores: int
) -> FeedbackResponse:
    response = FeedbackResponse.objects.create(request=request, comment=comment)
    for question in QUESTION_SLUGS:
        value = scores.get(question.replace("-", "_"), score)
        if value:
            FeedbackAnswer.objects.create(response=response, question=question, score=value)
    return response
