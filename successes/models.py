import datetime as dt

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from recovery_culture.lib import dates
from teams.models import Membership, Team

TEXT_LIMIT = 2000
THANK_YOU_LIMIT = 500


class Shift(models.TextChoices):
    EARLY = dates.EARLY, "Early"
    LATE = dates.LATE, "Late"
    NIGHT = dates.NIGHT, "Night"
    # A team that does not work shifts (a community or office team) logs the day as a whole.
    DAY = "day", "Day"


# The shifts a ward chooses between at handover; DAY is never one of them.
WORKED_SHIFTS = [
    (Shift.EARLY.value, Shift.EARLY.label),
    (Shift.LATE.value, Shift.LATE.label),
    (Shift.NIGHT.value, Shift.NIGHT.label),
]


def shift_now(team: Team) -> str:
    """The shift a handover now belongs to: the clock's guess on a ward, the whole day elsewhere."""
    return dates.shift_at(timezone.now()) if team.works_shifts else Shift.DAY


HIDDEN_REASON_LIMIT = 500


class WallQuerySet(models.QuerySet):
    def in_week(self, week_start: dt.date):
        begin, end = dates.week_bounds(week_start)
        return self.filter(created_at__gte=begin, created_at__lt=end)

    def shown(self):
        """What a manager has not hidden. Every page, file and email that shows wall items reads
        through this (or `seen_by`, which adds back the viewer's own), so none can forget it."""
        return self.filter(hidden_at__isnull=True)

    def seen_by(self, member: Membership):
        """What `member` may see: all that is shown, and the hidden items they wrote (to read why);
        a manager sees every hidden item, to show it again."""
        if member.is_manager:
            return self.all()
        return self.shown() | self.filter(**{self.model.AUTHOR_FIELD: member})


class WallItem(models.Model):
    """What a manager can take off the wall without deleting it: a little miracle or a thank-you
    that names someone or hurts. Its author sees why; a manager can show it again."""

    AUTHOR_FIELD: str

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(max_length=HIDDEN_REASON_LIMIT, blank=True)

    class Meta:
        abstract = True
        constraints = [
            # A hidden item always says why, so its author is never left guessing.
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | models.Q(hidden_reason__regex=r"\S"),
                name="%(class)s_hidden_with_reason",
            ),
        ]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def is_author(self, member: Membership) -> bool:
        return member.pk == getattr(self, f"{self.AUTHOR_FIELD}_id")


class SuccessQuerySet(WallQuerySet):
    def on_wall(self):
        return self.filter(on_wall=True)

    def snippets(self):
        return self.filter(share_beyond_team=True)

    def with_people(self):
        """With each entry's author and helpers, and their names: the helpers in one query (they are
        ordered by name, so their people are joined anyway)."""
        helpers = models.Prefetch("helpers", queryset=Membership.objects.select_related("user"))
        return self.select_related("author__user").prefetch_related(helpers)

    def for_wall(self):
        return self.on_wall().with_people()


class Success(WallItem):
    """A little miracle: one thing a member achieved, however small, named at handover."""

    AUTHOR_FIELD = "author"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="successes")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="successes")
    shift = models.CharField(max_length=10, choices=Shift.choices)
    text = models.TextField(max_length=TEXT_LIMIT)
    helpers = models.ManyToManyField(Membership, blank=True, related_name="successes_helped")
    on_wall = models.BooleanField(
        "show on the wall", default=True, help_text="Untick to keep it only in the team's records."
    )
    share_beyond_team = models.BooleanField("share as a snippet for managers and newsletters", default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at"], name="success_team_recent"),
            # Who shared this month, on the dashboards: each person's entries by date.
            models.Index(fields=["author", "created_at"], name="success_author_recent"),
        ]
        constraints = [
            *WallItem.Meta.constraints,
            models.CheckConstraint(condition=models.Q(text__regex=r"\S"), name="success_text_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), TEXT_LIMIT), name="success_text_within_limit"
            ),
        ]
        verbose_name = "little miracle"

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def shift_words(self) -> str:
        """How the entry's shift reads beside its author ("late shift"); nothing for a day's entry."""
        return "" if self.shift == Shift.DAY else f"{self.get_shift_display().lower()} shift"

    def can_change(self, member: Membership) -> bool:
        """Authors may edit or delete their own entry on the day they wrote it."""
        return member.pk == self.author_id and timezone.localdate(self.created_at) == timezone.localdate()


class ThankYouQuerySet(WallQuerySet):
    def for_wall(self):
        return self.select_related("sender__user", "recipient__user")


class ThankYou(WallItem):
    """A "thank you" or "well done" from one member to another, noticed and kept."""

    AUTHOR_FIELD = "sender"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="thank_yous")
    sender = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="thanks_sent")
    recipient = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="thanks_received")
    message = models.TextField(max_length=THANK_YOU_LIMIT)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ThankYouQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at"], name="thankyou_team_recent"),
            models.Index(fields=["recipient", "created_at"], name="thankyou_recipient_recent"),
        ]
        constraints = [
            *WallItem.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="thank_you_not_to_self"
            ),
            models.CheckConstraint(condition=models.Q(message__regex=r"\S"), name="thank_you_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} thanked {self.recipient}"


class DigestDelivery(models.Model):
    """One member's weekly digest email, claimed before it is sent.

    The unique constraint is what makes the digest exactly-once: a second beat, a retry or a
    second worker cannot claim the same (team, week, member) row again (docs/adr/0003)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="digest_deliveries")
    week_start = models.DateField()
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="digest_deliveries")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "week_start", "member"], name="one_digest_per_member_week"
            )
        ]
        verbose_name_plural = "digest deliveries"

    def __str__(self) -> str:
        return f"{self.team} digest, week of {self.week_start}, to {self.member}"
