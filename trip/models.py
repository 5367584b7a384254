"""The Team Recovery Implementation Plan (TRIP): cycles, and the assets the team finds in itself.

A cycle belongs to a team and moves through stages. Assets belong to a member, not to a cycle:
what someone brings to the team carries across cycles until they change it."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from teams.models import Membership, Role, Team

NAME_LIMIT = 120
TITLE_LIMIT = 80
DESCRIPTION_LIMIT = 500
CONTACT_LIMIT = 200
COMMENT_LIMIT = 300
STARS_MIN, STARS_MAX = 1, 5


def _not_blank(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__regex": r"\S"}), name=name)


def _within(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class Stage(models.TextChoices):
    ASSETS = "assets", "Finding our assets"
    BENCHMARKING = "benchmarking", "Seeing how we are doing"
    PRIORITIES = "priorities", "Choosing our priorities"
    DELIVERING = "delivering", "Making it happen"
    REVIEW = "review", "Looking back"


STAGE_ORDER = list(Stage)

STAGE_SUMMARIES = {
    Stage.ASSETS: "Everyone shares what they bring: skills, interests, languages, contacts and lived "
    "experience.",
    Stage.BENCHMARKING: "Staff and {people} rate together how we are doing, starting with what is "
    "already going well.",
    Stage.PRIORITIES: "We choose a few things to do differently. Each one is led by a member of staff "
    "and a {person} together.",
    Stage.DELIVERING: "We make the changes and keep track of how they are going.",
    Stage.REVIEW: "We look back at how far we have come, and get ready for the next cycle.",
}


@dataclass(frozen=True)
class TeamWords:
    """The few words that change with the kind of team: a finance or IT department serves people
    too, but they are not "using the service" in the clinical sense."""

    team: Team

    @property
    def is_department(self) -> bool:
        return self.team.kind == Team.Kind.DEPARTMENT

    @property
    def people(self) -> str:
        return "people we serve" if self.is_department else "people using the service"

    @property
    def person(self) -> str:
        return "person we serve" if self.is_department else "person using the service"

    def role(self, role: str) -> str:
        if role == Role.SERVICE_USER and self.is_department:
            return "Person we serve"
        return Role(role).label

    def stage_summary(self, stage: str) -> str:
        return STAGE_SUMMARIES[Stage(stage)].format(people=self.people, person=self.person)


class CycleQuerySet(models.QuerySet):
    def current_first(self):
        """Cycles still running (no end date, or it has not passed) first, newest start first."""
        running = models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=timezone.localdate())
        return self.annotate(
            still_running=models.Case(
                models.When(running, then=models.Value(True)), default=models.Value(False)
            )
        ).order_by("-still_running", "-starts_on", "-id")


class Cycle(models.Model):
    """One round of the TRIP. It never ends as a tick box: the next cycle picks up from it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="trip_cycles")
    name = models.CharField(max_length=NAME_LIMIT)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date", null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ASSETS)
    started_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            _not_blank("name", "cycle_name_not_blank"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="cycle_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="cycle_stage_known"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_number(self) -> int:
        return STAGE_ORDER.index(Stage(self.stage)) + 1

    @property
    def next_stage(self) -> Stage | None:
        index = STAGE_ORDER.index(Stage(self.stage))
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None

    def is_running_on(self, day: dt.date) -> bool:
        return self.ends_on is None or self.ends_on >= day

    @property
    def is_running(self) -> bool:
        return self.is_running_on(timezone.localdate())


class AssetKind(models.TextChoices):
    SKILL = "skill", "Skill"
    QUALIFICATION = "qualification", "Qualification"
    INTEREST = "interest", "Interest or hobby"
    LANGUAGE = "language", "Language or cultural knowledge"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience I choose to share"
    CONTACT = "contact", "Community contact or network"


class Visibility(models.TextChoices):
    TEAM = "team", "Everyone in the team"
    STAFF = "staff", "Staff only"
    MANAGER = "manager", "Only me and the team manager"


class AssetQuerySet(models.QuerySet):
    def visible_to(self, member: Membership):
        """The assets of `member`'s team that `member` may see: their own, everything shared with
        the team, "staff only" for staff, and all of it for managers. Members who left are out."""
        mine = models.Q(owner=member)
        seen = mine | models.Q(visibility=Visibility.TEAM)
        if member.is_staff_member:
            seen |= models.Q(visibility=Visibility.STAFF)
        if member.is_manager:
            seen = models.Q()
        return self.filter(seen, owner__team_id=member.team_id, owner__left_at__isnull=True)


class Asset(models.Model):
    """Something a member brings: a skill, an interest, a language, a contact, lived experience."""

    owner = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField("what kind of thing is it", max_length=20, choices=AssetKind.choices)
    title = models.CharField("in a few words", max_length=TITLE_LIMIT)
    description = models.TextField("tell us a little more", max_length=DESCRIPTION_LIMIT, blank=True)
    visibility = models.CharField("who can see this", max_length=10, choices=Visibility.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["kind", Lower("title"), "id"]
        constraints = [
            _not_blank("title", "asset_title_not_blank"),
            _within("description", DESCRIPTION_LIMIT, "asset_description_within_limit"),
            models.CheckConstraint(condition=models.Q(kind__in=AssetKind.values), name="asset_kind_known"),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values), name="asset_visibility_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_interest(self) -> bool:
        return self.kind == AssetKind.INTEREST


# Words too common to say two interests are alike ("walking and cooking" is not like "reading and
# writing" because both have "and"). Words under three letters are left out anyway.
_COMMON_WORDS = frozenset(
    "and the for with our its from about into like love doing going playing watching making".split()  # noqa: SIM905
)


def title_words(title: str) -> frozenset[str]:
    """The words of an interest's title that say what it is about, in lower case, plural "s" off."""
    words = set()
    for word in re.findall(r"[^\W_]+", title.lower()):
        if word in _COMMON_WORDS or len(word) < 3:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def words_alike(a: str, b: str) -> bool:
    """ "garden" and "gardening" are alike; "art" and "artichoke" are not (too short to tell)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def titles_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(words_alike(x, y) for x in a for y in b)


class LeadRole(models.Model):
    """A role someone offers across the whole team, not only to the people they work with."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="lead_roles")
    title = models.CharField("name of the role", max_length=TITLE_LIMIT)
    offer = models.TextField("what it offers across the team", max_length=DESCRIPTION_LIMIT)
    holder = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_roles",
        verbose_name="who holds it",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [Lower("title"), "id"]
        constraints = [
            models.UniqueConstraint("team", Lower("title"), name="lead_role_title_unique_in_team"),
            _not_blank("title", "lead_role_title_not_blank"),
            _not_blank("offer", "lead_role_offer_not_blank"),
            _within("offer", DESCRIPTION_LIMIT, "lead_role_offer_within_limit"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current_holder(self) -> Membership | None:
        """The holder while they are still in the team; someone who left holds nothing."""
        return self.holder if self.holder is not None and self.holder.is_active else None


class CommunityResourceQuerySet(models.QuerySet):
    def with_ratings(self):
        """Each place with its average stars and number of ratings, worked out by the database."""
        return self.annotate(average_stars=models.Avg("ratings__stars"), rating_count=models.Count("ratings"))


class CommunityResource(models.Model):
    """A place or group outside mental-health services: a college, a club, a faith group, an
    employer. Members rate it, "trip-advisor" style, so others know what to expect."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="community_resources")
    name = models.CharField("name of the place or group", max_length=NAME_LIMIT)
    offer = models.TextField("what they offer", max_length=DESCRIPTION_LIMIT)
    contact = models.CharField("how to get in touch", max_length=CONTACT_LIMIT, blank=True)
    added_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommunityResourceQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "id"]
        constraints = [
            models.UniqueConstraint("team", Lower("name"), name="community_resource_name_unique_in_team"),
            _not_blank("name", "community_resource_name_not_blank"),
            _not_blank("offer", "community_resource_offer_not_blank"),
            _within("offer", DESCRIPTION_LIMIT, "community_resource_offer_within_limit"),
        ]

    def __str__(self) -> str:
        return self.name

    def can_change(self, member: Membership) -> bool:
        return member.is_manager or member.pk == self.added_by_id


class ResourceRating(models.Model):
    """One member's stars for one place. Rating again changes the same row."""

    resource = models.ForeignKey(CommunityResource, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="resource_ratings")
    stars = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=COMMENT_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "member"], name="one_rating_per_member_per_resource"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=STARS_MIN, stars__lte=STARS_MAX), name="rating_stars_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} gave {self.resource} {self.stars} stars"
