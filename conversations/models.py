"""The words a team uses: the built-in list every team starts with, the phrases a team adds for
itself, and the built-in ones a team has switched off (always with a reason)."""

from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from conversations.matcher import KINDS, PhraseEntry
from teams.models import Membership, Role, Team

PHRASE_LIMIT = 80
WHY_LIMIT = 200
REASON_LIMIT = 300


def _not_blank(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__regex": r"\S"}), name=name)


class Kind(models.TextChoices):
    DEFICIT = "deficit", "Deficit label"
    YOU_STATEMENT = "you-statement", "\u201cYou\u201d statement"
    SERVICE_WORD = "service-word", "Service-centred word"


assert {kind.value for kind in Kind} == set(KINDS)


class WordList(models.Model):
    """One team's own words: a version number that moves with every change (so a compiled list
    can be kept until it does), and the person using the service who co-leads it with managers."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="word_list")
    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    service_user_lead = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"role": Role.SERVICE_USER},
        verbose_name="person using the service who leads the team's words",
    )

    def __str__(self) -> str:
        return f"{self.team}'s words (version {self.version})"

    def can_decide(self, member: Membership) -> bool:
        """Managers, and the person using the service who leads the words, accept a proposed
        phrase or switch a built-in one off: staff alone do not decide how people are described."""
        if member.team_id != self.team_id or not member.is_active:
            return False
        return member.is_manager or (
            member.pk == self.service_user_lead_id and member.role == Role.SERVICE_USER
        )


class PhraseQuerySet(models.QuerySet):
    def built_in(self):
        return self.filter(team__isnull=True, status=Phrase.Status.IN_USE)

    def in_use_for(self, team: Team):
        """Every phrase the team's lens looks for: the built-in ones it has not switched off, and
        its own that were accepted."""
        return self.filter(status=Phrase.Status.IN_USE).filter(
            models.Q(team__isnull=True) & ~models.Q(switch_offs__team=team) | models.Q(team=team)
        )


class Phrase(models.Model):
    """A phrase the lens gives a hint about. Built in (no team, seeded by a migration from
    conversations/seed.py) or a team's own (proposed by a member, then accepted or not)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        IN_USE = "in_use", "In use"
        DECLINED = "declined", "Not taken up"
        RETIRED = "retired", "Replaced by a newer built-in list"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="phrases")
    phrase = models.CharField(max_length=PHRASE_LIMIT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    why = models.CharField("why it matters", max_length=WHY_LIMIT)
    alternatives = models.JSONField(default=list)
    # How the phrase is written out for the matcher (conversations/matcher.py); empty: the phrase.
    forms = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField("built-in list version", default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PhraseQuerySet.as_manager()

    class Meta:
        ordering = ["kind", Lower("phrase"), "id"]
        constraints = [
            _not_blank("phrase", "phrase_not_blank"),
            _not_blank("why", "phrase_why_not_blank"),
            models.CheckConstraint(condition=models.Q(kind__in=KINDS), name="phrase_kind_known"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("phrase"), PHRASE_LIMIT), name="phrase_within_limit"
            ),
            models.UniqueConstraint(
                Lower("phrase"),
                "version",
                condition=models.Q(team__isnull=True),
                name="built_in_phrase_unique_per_version",
            ),
            models.UniqueConstraint(
                "team",
                Lower("phrase"),
                condition=models.Q(status__in=["proposed", "in_use"]),
                name="team_phrase_unique_while_open",
            ),
        ]

    def __str__(self) -> str:
        return self.phrase

    @property
    def is_built_in(self) -> bool:
        return self.team_id is None

    def entry(self) -> PhraseEntry:
        return PhraseEntry(
            phrase=self.phrase,
            kind=self.kind,
            why=self.why,
            alternatives=tuple(self.alternatives),
            forms=tuple(self.forms),
        )


class SwitchOff(models.Model):
    """A built-in phrase one team has chosen not to be prompted about, and why."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="phrase_switch_offs")
    phrase = models.ForeignKey(Phrase, on_delete=models.CASCADE, related_name="switch_offs")
    reason = models.CharField(max_length=REASON_LIMIT)
    switched_off_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "phrase"], name="switch_off_once_per_team"),
            _not_blank("reason", "switch_off_reason_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} switched off for {self.team}"


class LanguageMonth(models.Model):
    """How one team wrote in one month, as counts only: the words it saved in its texts, the
    deficit phrases among them, and the lens's hints it was shown and took up. Never a text, never
    a person: the lens's trend on the team dashboard."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="language_months")
    month = models.DateField(help_text="The first day of the month.")
    words = models.PositiveIntegerField(default=0)
    deficit_phrases = models.PositiveIntegerField(default=0)
    hints_shown = models.PositiveIntegerField(default=0)
    hints_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["team", "month"]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="language_month_once_per_team"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="language_month_first_day"),
            models.CheckConstraint(
                condition=models.Q(hints_taken__lte=models.F("hints_shown")),
                name="language_month_taken_within_shown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}'s words in {self.month:%B %Y}"

    @property
    def deficit_per_thousand(self) -> float | None:
        return round(self.deficit_phrases * 1000 / self.words, 1) if self.words else None

    @property
    def uptake_percent(self) -> int | None:
        return round(self.hints_taken * 100 / self.hints_shown) if self.hints_shown else None


HOUSE_TEXT_NAME_LIMIT = 100
HOUSE_TEXT_LIMIT = 20_000


class HouseText(models.Model):
    """A text the team gives people again and again (its first-appointment letter, a ward poster),
    kept by the team's choice so it can see the words get friendlier, version by version."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="house_texts")
    name = models.CharField(max_length=HOUSE_TEXT_NAME_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [Lower("name"), "id"]
        constraints = [
            _not_blank("name", "house_text_name_not_blank"),
            models.UniqueConstraint("team", Lower("name"), name="house_text_name_unique_per_team"),
        ]

    def __str__(self) -> str:
        return self.name


class HouseTextVersion(models.Model):
    """One kept version of a house text, with its check as it was on the day: the word list may
    change later, and the trend should show what the team saw then."""

    house_text = models.ForeignKey(HouseText, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=HOUSE_TEXT_LIMIT)
    kept_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kept_at = models.DateTimeField(default=timezone.now)
    words = models.PositiveIntegerField()
    labels = models.PositiveIntegerField()
    strengths = models.PositiveIntegerField()
    you_sentences = models.PositiveIntegerField()
    first_person_sentences = models.PositiveIntegerField()
    reading_ease = models.FloatField(null=True)

    class Meta:
        ordering = ["house_text", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["house_text", "number"], name="house_text_version_once"),
            _not_blank("text", "house_text_version_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.house_text}, version {self.number}"

    def summary(self) -> str:
        """What its check found, in a line: "2 labels that hide the person, 1 sentence telling…"."""

        def count(number: int, one: str, many: str) -> str:
            return f"{number} {one if number == 1 else many}"

        found = [count(self.labels, "label that hides", "labels that hide") + " the person"]
        if self.you_sentences:
            found.append(
                count(self.you_sentences, "sentence", "sentences") + " telling the reader what to do"
            )
        if self.reading_ease is not None:
            found.append(f"a reading ease of {self.reading_ease:.0f} (60 or more is plain English)")
        return ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else found[0]


RULE_LIMIT = 150
RULE_TEXT_LIMIT = 1000
RULE_COMMENT_LIMIT = 500

# Who answers how a rule feels: the people it is made for and those who visit them.
RULE_ANSWERERS = frozenset({Role.SERVICE_USER, Role.SUPPORTER})


class Feeling(models.IntegerChoices):
    HELPS = 1, "It helps me"
    NO_DIFFERENCE = 2, "It makes no difference to me"
    HARDER = 3, "It makes things harder for me"
    UPSETS = 4, "It upsets me"


class Decision(models.TextChoices):
    KEEP = "keep", "Keep it, and explain it kindly"
    TAILOR = "tailor", "Tailor it to each person"
    CHANGE = "change", "Change it"


class BlanketRule(models.Model):
    """A "one size fits all" rule the team reviews with the people it affects: why it exists, how
    it feels to them, what else could be done, and the decision the team comes to."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="blanket_rules")
    rule = models.CharField("the rule", max_length=RULE_LIMIT)
    why = models.TextField("why it exists", max_length=RULE_TEXT_LIMIT)
    affects = models.TextField("who it affects", max_length=RULE_TEXT_LIMIT)
    alternatives = models.TextField("what else could be done", max_length=RULE_TEXT_LIMIT, blank=True)
    script = models.TextField("how to explain it kindly, if it stays", max_length=RULE_TEXT_LIMIT, blank=True)
    added_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answers_closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(max_length=RULE_TEXT_LIMIT, blank=True)
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            _not_blank("rule", "blanket_rule_not_blank"),
            models.CheckConstraint(
                condition=models.Q(decision="") | models.Q(answers_closed_at__isnull=False),
                name="blanket_rule_decided_after_listening",
            ),
        ]

    def __str__(self) -> str:
        return self.rule

    @property
    def is_open(self) -> bool:
        return self.answers_closed_at is None


class RuleAnswer(models.Model):
    """How a rule feels to one person using the service or supporter: one answer each, which they
    may change while answers are open. Shown only as a spread, once answers close, from three."""

    rule = models.ForeignKey(BlanketRule, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="rule_answers")
    feeling = models.PositiveSmallIntegerField(choices=Feeling.choices)
    comment = models.TextField(max_length=RULE_COMMENT_LIMIT, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "member"], name="rule_answer_once_per_member"),
            models.CheckConstraint(condition=models.Q(feeling__in=Feeling.values), name="rule_feeling_known"),
        ]

    def __str__(self) -> str:
        return f"An answer about {self.rule}"
