"""The Team Recovery Implementation Plan (TRIP): cycles, and the assets the team finds in itself.

A cycle belongs to a team and moves through stages. Assets belong to a member, not to a cycle:
what someone brings to the team carries across cycles until they change it."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from teams.models import ROLE_BESIDE_NAME, Membership, PreparedPdf, Role, Team

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

    def beside_name(self, role: str) -> str:
        """The role as it reads in brackets after a name: "Sam (staff)", never "(Supporter
        (relative or friend))"."""
        if role == Role.SERVICE_USER and self.is_department:
            return "person we serve"
        return ROLE_BESIDE_NAME[role]

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


# --- Benchmarking: good-practice statements, rounds and ratings ---

STATEMENT_LIMIT = 300
NOTE_LIMIT = 500
SCORE_MIN, SCORE_MAX = 1, 5


class Theme(models.TextChoices):
    """Where a statement comes from: the five domains of the Recovery Self-Assessment, then
    ImROC's ten organisational challenges, each named in our own words."""

    LIFE_GOALS = "life_goals", "Life goals"
    INVOLVEMENT = "involvement", "Involvement"
    TREATMENT_OPTIONS = "treatment_options", "A range of support to choose from"
    CHOICE = "choice", "Choice"
    TAILORED = "tailored", "Support shaped around each person"
    INTERACTIONS = "interactions", "Everyday conversations"
    EDUCATION = "education", "Learning about recovery together"
    LEADERSHIP = "leadership", "Leadership"
    COMMITMENT = "commitment", "The whole organisation behind recovery"
    PERSONALISED = "personalised", "Personal care and planning"
    WORKFORCE = "workforce", "Staff with lived experience"
    STAFF_WELLBEING = "staff_wellbeing", "Supporting staff in their own recovery"
    CO_PRODUCTION = "co_production", "People using the service involved in everything"
    RISK = "risk", "Recovery and safety together"
    USER_INVOLVEMENT = "user_involvement", "New kinds of involvement"


RSA_THEMES = frozenset(
    {Theme.LIFE_GOALS, Theme.INVOLVEMENT, Theme.TREATMENT_OPTIONS, Theme.CHOICE, Theme.TAILORED}
)
THEME_ORDER = list(Theme)
THEME_RANK = {theme: rank for rank, theme in enumerate(THEME_ORDER)}


class Perspective(models.TextChoices):
    STAFF = "staff", "Staff"
    SERVICE_USER = "service_user", "People using the service"
    SUPPORTER = "supporter", "Supporters"
    PARTNER = "partner", "Community partners"

    @classmethod
    def of(cls, member: Membership) -> "Perspective":
        """The perspective a member rates from: managers rate as staff."""
        return cls.STAFF if member.is_staff_member else cls(member.role)


class StatementQuerySet(models.QuerySet):
    def for_team(self, team: Team):
        """The shared library and the team's own statements, retired ones included."""
        return self.filter(models.Q(team__isnull=True) | models.Q(team=team))

    def in_use_by(self, team: Team):
        return self.for_team(team).exclude(retirements__team=team)

    def in_theme_order(self) -> list["Statement"]:
        """The statements, fetched, theme by theme in THEME_ORDER: in each, the library's first and
        then the team's own, oldest first. Sorted here, not in SQL: the ORM took longer to build a
        CASE of fifteen themes than the database took to run the whole query."""
        return sorted(self, key=lambda s: (THEME_RANK[s.theme], s.team_id is not None, s.pk))


class Statement(models.Model):
    """A good-practice statement a team rates itself against. The shared library has no team;
    a team's own statements belong to it. The words live in versions, so that a rating keeps
    the words that were rated after the statement is reworded."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="statements")
    theme = models.CharField("theme", max_length=20, choices=Theme.choices)
    # Names a library statement, so that the data migration can find it again.
    key = models.SlugField(max_length=60, blank=True)
    current_version = models.ForeignKey(
        "StatementVersion", on_delete=models.RESTRICT, null=True, related_name="+"
    )
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(theme__in=Theme.values), name="statement_theme_known"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(team__isnull=True) & ~models.Q(key=""),
                name="library_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.current_version.text if self.current_version_id else f"Statement {self.pk}"

    @property
    def is_shared(self) -> bool:
        return self.team_id is None

    @property
    def text(self) -> str:
        return self.current_version.text

    @property
    def is_rsa(self) -> bool:
        return self.theme in RSA_THEMES

    @property
    def theme_label(self) -> str:
        # What get_theme_display() says, without rebuilding the choices on every call: a rating
        # round names the theme twice for each of its statements.
        return Theme(self.theme).label


class StatementVersion(models.Model):
    """The words of a statement at one time. Never changed once written."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField("the statement", max_length=STATEMENT_LIMIT)
    written_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["statement_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="statement_version_number_unique"),
            _not_blank("text", "statement_version_text_not_blank"),
        ]

    def __str__(self) -> str:
        return self.text


class StatementRetirement(models.Model):
    """A statement this team no longer rates. Retiring is per team, so a shared library statement
    can be set aside by one team and still be used by the others; bringing it back deletes the row."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="statement_retirements")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="retirements")
    retired_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "statement"], name="statement_retired_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.statement} retired by {self.team}"


class BenchmarkRoundQuerySet(models.QuerySet):
    def for_team(self, team: Team | int):
        return self.filter(cycle__team=team)

    def closed(self):
        """Rounds whose answers are final. An open round's results change with each answer, so
        showing or comparing them would tell a watcher what the newest person said."""
        return self.filter(closed_at__isnull=False)

    def to_compare_with(self, round: "BenchmarkRound"):
        """The rounds `round` may be compared with to see how far the team has come, latest first:
        closed rounds of the team's earlier cycles, opened before it."""
        return self.for_team(round.cycle.team_id).earlier_than(
            cycle_id=round.cycle_id, opened_at=round.opened_at
        )

    def earlier_than(self, *, cycle_id, opened_at):
        """The rule of `to_compare_with`, for a round given by its cycle and opening: values, or
        `OuterRef`s so that one query finds the round to compare with for each of its rounds."""
        return (
            self.closed()
            .filter(opened_at__lt=opened_at)
            .exclude(cycle_id=cycle_id)
            .order_by("-opened_at", "-id")
        )


class BenchmarkRound(models.Model):
    """A time when the team rates itself against its statements. While it is open anyone in the
    team can rate; once it is closed the ratings stay as they are."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="benchmark_rounds")
    name = models.CharField(max_length=NAME_LIMIT)
    opened_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = BenchmarkRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            _not_blank("name", "benchmark_round_name_not_blank"),
            models.UniqueConstraint(
                fields=["cycle"], condition=models.Q(closed_at__isnull=True), name="one_open_round_per_cycle"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Score(models.IntegerChoices):
    NOT_YET = 1, "Not yet"
    STARTING = 2, "Just starting"
    PARTLY = 3, "Partly in place"
    MOSTLY = 4, "Mostly in place"
    FULLY = 5, "Fully in place"


class BenchmarkRating(models.Model):
    """One member's answer to one statement in one round, from their own perspective. An empty
    score means "don't know". Answering again changes the same row."""

    round = models.ForeignKey(BenchmarkRound, on_delete=models.CASCADE, related_name="ratings")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="ratings")
    version = models.ForeignKey(StatementVersion, on_delete=models.RESTRICT, related_name="ratings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="benchmark_ratings")
    perspective = models.CharField(max_length=20, choices=Perspective.choices)
    score = models.PositiveSmallIntegerField(choices=Score.choices, null=True, blank=True)
    achieved = models.TextField("what we have achieved", max_length=NOTE_LIMIT, blank=True)
    next_step = models.TextField("what could be next", max_length=NOTE_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round_id", "statement_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement", "member"], name="one_rating_per_member_per_statement_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="benchmark_score_on_the_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(perspective__in=Perspective.values), name="benchmark_perspective_known"
            ),
            _within("achieved", NOTE_LIMIT, "benchmark_achieved_within_limit"),
            _within("next_step", NOTE_LIMIT, "benchmark_next_step_within_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.member} rated {self.statement_id} in {self.round}"


class TeamAgreement(models.Model):
    """In meeting mode, the one rating the group agrees for a statement, and why, beside what
    everyone said on their own. Agreeing again changes the same row."""

    round = models.ForeignKey(BenchmarkRound, on_delete=models.CASCADE, related_name="agreements")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agreements")
    version = models.ForeignKey(StatementVersion, on_delete=models.RESTRICT, related_name="agreements")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    reason = models.TextField("why we agreed this", max_length=NOTE_LIMIT)
    agreed_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement"], name="one_agreement_per_statement_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="agreement_score_on_the_scale",
            ),
            _not_blank("reason", "agreement_reason_not_blank"),
            _within("reason", NOTE_LIMIT, "agreement_reason_within_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_score_display()}"


# --- Priorities and action plans ---

PRIORITY_TITLE_LIMIT = 120
UPDATE_LIMIT = 300
ACTION_LIMIT = 200


class PriorityStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Chosen: under way"
    DONE = "done", "Done"
    DROPPED = "dropped", "Set aside"


# A priority that was chosen (under way or done) always has its two co-leads.
LED_STATUSES = (PriorityStatus.ACTIVE, PriorityStatus.DONE)


class PriorityQuerySet(models.QuerySet):
    def for_team(self, team: Team | int):
        return self.filter(cycle__team=team)


class Priority(models.Model):
    """Something the team chooses to do differently, co-led by a member of staff and a person
    using the service once it is chosen, and helped by anyone."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField("name of the priority", max_length=PRIORITY_TITLE_LIMIT)
    change = models.TextField("what we want to change", max_length=DESCRIPTION_LIMIT)
    statements = models.ManyToManyField(Statement, blank=True, related_name="priorities")
    status = models.CharField(max_length=10, choices=PriorityStatus.choices, default=PriorityStatus.PROPOSED)
    proposed_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    # Memberships are kept when people leave, so PROTECT never gets in the way of leaving.
    staff_lead = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="priorities_staff_led"
    )
    service_user_lead = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="priorities_co_led"
    )
    helpers = models.ManyToManyField(Membership, blank=True, related_name="priorities_helped")
    created_at = models.DateTimeField(default=timezone.now)
    chosen_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the team sees of the ratings: a tally, brought up to date only once SMALLEST_GROUP
    # people have rated or changed their rating since the last one (ADR 0014), so that no
    # difference between two tallies is one person's answer.
    tally_count = models.PositiveIntegerField(default=0)
    tally_impact = models.FloatField(null=True, blank=True)
    tally_ease = models.FloatField(null=True, blank=True)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "priorities"
        constraints = [
            _not_blank("title", "priority_title_not_blank"),
            _not_blank("change", "priority_change_not_blank"),
            _within("change", DESCRIPTION_LIMIT, "priority_change_within_limit"),
            models.CheckConstraint(
                condition=models.Q(status__in=PriorityStatus.values), name="priority_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=LED_STATUSES)
                | models.Q(staff_lead__isnull=False, service_user_lead__isnull=False),
                name="chosen_priority_has_two_co_leads",
            ),
            models.CheckConstraint(
                condition=models.Q(staff_lead__isnull=True)
                | ~models.Q(staff_lead=models.F("service_user_lead")),
                name="priority_co_leads_are_two_people",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_lead(self, member: Membership) -> bool:
        return member.pk in (self.staff_lead_id, self.service_user_lead_id)

    def can_plan(self, member: Membership) -> bool:
        """Managers and the two co-leads add actions and progress updates."""
        return member.is_manager or self.is_lead(member)

    def can_edit(self, member: Membership) -> bool:
        """Whoever suggested it, or a manager, may put it better while it is still an idea."""
        return self.status == PriorityStatus.PROPOSED and (
            member.is_manager or self.proposed_by_id == member.pk
        )

    def can_withdraw(self, member: Membership) -> bool:
        """Whoever suggested it may take it back while it is still an idea."""
        return self.status == PriorityStatus.PROPOSED and self.proposed_by_id == member.pk

    def co_leads_still_needed(self) -> str:
        """Which co-lead is still to be chosen, in words, or "" when both are."""
        words = TeamWords(self.cycle.team)
        missing = [
            who
            for who, lead in (
                ("a member of staff", self.staff_lead_id),
                (f"a {words.person}", self.service_user_lead_id),
            )
            if lead is None
        ]
        if not missing:
            return ""
        if len(missing) == 2:
            return f"A member of staff and a {words.person} as co-leads are still needed."
        return f"{missing[0].capitalize()} as co-lead is still needed."

    @property
    def is_active(self) -> bool:
        return self.status == PriorityStatus.ACTIVE

    @property
    def is_quick_win(self) -> bool:
        return bool(self.tally_count) and self.tally_impact >= 3 and self.tally_ease >= 3


class PriorityRating(models.Model):
    """One member's view of how much a priority would change (impact) and how easy it is."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="priority_ratings")
    impact = models.PositiveSmallIntegerField()
    ease = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)
    # False from the moment it is given or changed until the priority's tally counts it.
    in_tally = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["priority", "member"], name="one_rating_per_member_per_priority"),
            models.CheckConstraint(
                condition=models.Q(impact__gte=STARS_MIN, impact__lte=STARS_MAX),
                name="priority_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(ease__gte=STARS_MIN, ease__lte=STARS_MAX), name="priority_ease_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} rated {self.priority}"


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class Action(models.Model):
    """One step of a priority's plan, with who is doing it and by when."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField("what needs doing", max_length=ACTION_LIMIT)
    owner = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="trip_actions", verbose_name="who will do it"
    )
    due_on = models.DateField("by when")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_DO)
    added_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            _not_blank("text", "action_text_not_blank"),
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="action_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class ProgressUpdate(models.Model):
    """A few words on how a priority is going: together they make its timeline."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("how is it going", max_length=UPDATE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            _not_blank("text", "progress_update_not_blank"),
            _within("text", UPDATE_LIMIT, "progress_update_within_limit"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- The TRIP report ---


class TripReportQuerySet(models.QuerySet):
    def for_team(self, team: Team | int):
        return self.filter(cycle__team=team)


class TripReport(PreparedPdf):
    """A PDF of one cycle: assets, benchmark results with charts, priorities and how they are
    going. It is the team's shared plan, so any member may ask for it and read it. A Celery task
    fills in `pdf`; the page polls until it is there."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = TripReportQuerySet.as_manager()

    def __str__(self) -> str:
        return f"TRIP report of {self.cycle}"

    def get_absolute_url(self) -> str:
        """The page that waits for the PDF, then offers it."""
        return reverse("trip:report", kwargs={"team": self.cycle.team.slug, "pk": self.pk})

    @property
    def filename(self) -> str:
        return f"trip-report-{self.cycle_id}-{self.requested_at:%Y-%m-%d}.pdf"

    @property
    def audit_detail(self) -> str:
        return f"TRIP report, {self.cycle.name}"


QUESTION_LIMIT = 500


class Question(models.Model):
    """ "Ask about this": a short message from one member to another about something they shared in
    the skills register, or a lead role they hold. Emailed to someone with an email address, and
    kept as a notice in the app for everyone; nothing else is done with it."""

    sender = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="questions")
    # What it was about, in words, as it was when asked: the thing itself may be changed or removed.
    about = models.CharField(max_length=200)
    text = models.TextField(max_length=QUESTION_LIMIT)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            _not_blank("text", "question_text_not_blank"),
            _within("text", QUESTION_LIMIT, "question_text_within_limit"),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="question_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"About {self.about}"
