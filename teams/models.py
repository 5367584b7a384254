import datetime as dt
import enum
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class User(AbstractUser):
    """Anyone who signs in. People using the service often have no email address: they sign in
    with the sign-in name they were given when they joined."""

    display_name = models.CharField("name shown to your team", max_length=60)

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_when_set"
            )
        ]

    def __str__(self) -> str:
        return name_shown(self.display_name, self.username)


def name_shown(display_name: str, username: str) -> str:
    """The name a person goes by: the one they gave, or else their sign-in name."""
    return display_name or username


def name_key(name: str) -> str:
    """A name as people read it: "Maya Okafor" and " maya  okafor " are the same name."""
    return " ".join(name.split()).casefold()


class Organisation(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class RetentionPeriod(models.IntegerChoices):
    """How long a team keeps the texts nobody needs for ever: quick reflections and the comments
    of feedback. A choice of a few periods, not any number, so a slip cannot delete them all."""

    SIX_MONTHS = 6, "6 months"
    ONE_YEAR = 12, "12 months"
    TWO_YEARS = 24, "24 months (2 years)"
    THREE_YEARS = 36, "36 months (3 years)"


class Team(models.Model):
    class Kind(models.TextChoices):
        WARD = "ward", "Inpatient ward"
        COMMUNITY = "community", "Community team"
        VOLUNTARY = "voluntary", "Voluntary-sector service"
        DEPARTMENT = "department", "Non-clinical department"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARD)
    meeting_weekday = models.PositiveSmallIntegerField(
        "little-miracles meeting day", choices=Weekday.choices, default=Weekday.FRIDAY
    )
    meeting_time = models.TimeField("little-miracles meeting time", default=dt.time(15, 0))
    works_shifts = models.BooleanField(
        "the team works shifts",
        default=True,
        help_text="A ward hands over between early, late and night shifts. A community or office team "
        "that works in the day logs what went well today instead.",
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep quick reflections and feedback comments for",
        choices=RetentionPeriod.choices,
        default=RetentionPeriod.TWO_YEARS,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:50]
        super().save(*args, **kwargs)

    def name_in_use(self, name: str, *, other_than: User | None = None) -> bool:
        """Whether someone in this team, other than `other_than`, goes by `name` in any case or
        spacing. Former members count too: their stories stay on the wall under their name.

        This is the rule, checked by the join and settings services under a lock on the team row.
        It cannot be a database constraint: the name is on the User (one person, one name in all
        their teams) and the team is on the Membership, and a unique index covers one table."""
        key = name_key(name)
        names = self.memberships.exclude(user=other_than).values_list("user__display_name", flat=True)
        return any(name_key(taken) == key for taken in names)

    def meeting_at(self, week_start: dt.date) -> dt.datetime:
        """When this team's little-miracles meeting falls in the week starting on `week_start`."""
        day = week_start + dt.timedelta(days=self.meeting_weekday)
        return dt.datetime.combine(day, self.meeting_time, tzinfo=timezone.get_current_timezone())


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    MANAGER = "manager", "Team manager"
    SERVICE_USER = "service_user", "Person using the service"
    SUPPORTER = "supporter", "Supporter (relative or friend)"
    PARTNER = "partner", "Community partner"


# How a role reads beside a name on the wall: "Maya (manager)".
ROLE_BESIDE_NAME = {
    Role.STAFF: "staff",
    Role.MANAGER: "manager",
    Role.SERVICE_USER: "person using the service",
    Role.SUPPORTER: "supporter",
    Role.PARTNER: "community partner",
}


class Audience(enum.Enum):
    """Who reads a member's name, and so how much of it they may see."""

    # Pages signed-in members of the team see: everyone is named, with their role beside the name.
    TEAM_SCREEN = "team_screen"
    # PDFs, emails and CSV files: they can be printed, forwarded and read by anyone.
    LEAVES_APP = "leaves_app"


STAFF_ROLES = frozenset({Role.STAFF, Role.MANAGER})
MANAGER_ROLES = frozenset({Role.MANAGER})
ALL_ROLES = frozenset(Role)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def removed(self):
        """Removed by a manager and not erased since: these a manager may let back in."""
        return self.filter(removed_at__isnull=False, erased_at__isnull=True)

    def staff(self):
        return self.active().filter(role__in=STAFF_ROLES)

    def names(self, *, with_role: bool = False) -> list[tuple[int, str]]:
        """(pk, name) of each member, in name order, read as rows rather than as a member and a
        person each: a team's colleague list is on every handover and thank-you page, and building
        fifty pairs of models took three times as long as reading the rows. `with_role` puts the
        role beside each name, as the wall does: "Alex (person using the service)"."""
        named = []
        for pk, display_name, username, role in self.values_list(
            "pk", "user__display_name", "user__username", "role"
        ):
            name = name_shown(display_name, username)
            named.append((pk, f"{name} ({ROLE_BESIDE_NAME[role]})" if with_role else name))
        return named


class Membership(models.Model):
    """A person's place in one team, with the perspective they bring to it.

    Leaving a team keeps the row (their stories stay on the team's record) but closes access.
    Someone a manager removed stays out, even with a join code or an invitation, until a manager
    lets them back in."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    digest_opt_out = models.BooleanField("no weekly digest email", default=False)
    monthly_report_opt_in = models.BooleanField("monthly story report email (managers)", default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField("removed by a manager", null=True, blank=True)
    # Theirs alone to choose, in their own settings: see name_for().
    chose_to_be_named = models.BooleanField("named in files and emails that leave the app", default=False)
    # Set when the person was erased: the row stays as "a former member", so the team's record
    # (stories they chose to keep, priorities, closed rounds' counts) keeps its shape (ADR 0007).
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team"),
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True) | models.Q(left_at__isnull=False),
                name="membership_removed_means_left",
            ),
        ]
        ordering = ["user__display_name"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return str(self.user)

    @property
    def name_with_role(self) -> str:
        """The name with the role beside it, so that nobody can pass for someone they are not."""
        return f"{self.name} ({ROLE_BESIDE_NAME[self.role]})"

    def name_for(self, audience: Audience) -> str:
        """How this member is named to `audience`: the one rule, see docs/adr/0006.

        The team sees everyone's name with their role. What leaves the app names staff; a person
        using the service only if they chose to be named; supporters and community partners never
        (a relative's name can point to the person they support). The others are their role."""
        if self.is_erased:
            return "a former member"
        if audience is Audience.TEAM_SCREEN:
            return self.name_with_role
        if self.is_staff_member or (self.role == Role.SERVICE_USER and self.chose_to_be_named):
            return self.name
        return f"a {ROLE_BESIDE_NAME[self.role]}"

    @property
    def name_outside_app(self) -> str:
        """`name_for(Audience.LEAVES_APP)`, for the templates of PDFs and emails."""
        return self.name_for(Audience.LEAVES_APP)

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def start_url(self) -> str:
        """Where this member lands: staff at handover, everyone else at the wall."""
        page = "successes:handover" if self.is_staff_member else "successes:wall"
        return reverse(page, kwargs={"team": self.team.slug})

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    def leave(self) -> None:
        self.left_at = timezone.now()
        self.save(update_fields=["left_at"])

    def remove(self) -> None:
        self.left_at = self.removed_at = timezone.now()
        self.save(update_fields=["left_at", "removed_at"])

    def let_back(self) -> None:
        self.left_at = self.removed_at = None
        self.joined_at = timezone.now()
        self.save(update_fields=["left_at", "removed_at", "joined_at"])


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=7)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.team}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


# No 0/O, 1/I/L, 5/S or 2/Z: a code read aloud or copied from a poster should not be misread.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def display_code(code: str) -> str:
    """A code as people read it aloud or copy it: ABCD-3467."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_join_code(typed: str) -> str:
    """What a person typed, as the code is stored: any case, spaces or dashes allowed."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class JoinCodeQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class JoinCode(models.Model):
    """A short code with which a person joins a team from their own phone, no email needed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_codes")
    code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SERVICE_USER)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = JoinCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return display_code(self.code)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


def reset_code_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=RESET_CODE_HOURS)


RESET_CODE_HOURS = 24


def reset_code_digest(typed: str) -> str:
    """How a reset code is kept: only its hash, so a copy of the database opens no account."""
    return hashlib.sha256(normalise_join_code(typed).encode()).hexdigest()


class PasswordResetCodeQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class PasswordResetCode(models.Model):
    """A one-time code a team manager gives a member who forgot their password and has no email
    address to receive a link. Shown once, to the manager; it works once, for a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=reset_code_expiry)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = PasswordResetCodeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reset code for {self.user}"


class AuditAction(models.TextChoices):
    EXPORTED = "exported", "downloaded a file of team figures"
    PRINTED = "printed", "made a PDF"
    RESET_CODE = "reset_code", "made a password reset code"
    ROLE_CHANGED = "role_changed", "changed a role"
    REMOVED = "removed", "removed a member"
    ERASED = "erased", "erased a member's data"
    HIDDEN = "hidden", "hid something from the wall"
    SHOWN = "shown", "showed something on the wall again"


class AuditEventQuerySet(models.QuerySet):
    def record(
        self, *, actor: "Membership", action: str, subject: "Membership | None" = None, detail: str = ""
    ):
        """Note that `actor` did something a data protection officer may ask about. `detail` names
        the thing (a file, a month), never its private content."""
        return self.create(team=actor.team, actor=actor, action=action, subject=subject, detail=detail)


class AuditEvent(models.Model):
    """Who exported, printed, erased, made a password reset code, changed a role, removed a
    member or hid something from the wall, and when. (Nobody can read another person's
    supervision record, so that needs no row.) A small model rather than django-auditlog: these
    are actions, not changes to rows, and a row-change log would copy the private texts it must never hold."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    subject = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()}"


class ErasureRequestQuerySet(models.QuerySet):
    def for_team(self, team: Team):
        return self.filter(member__team=team)


class ErasureRequest(models.Model):
    """A member's wish to be erased, waiting for a manager of the team to confirm it. Once it is
    carried out the row goes too: the audit trail keeps that it happened, never who it was."""

    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="erasure_request")
    keep_successes = models.BooleanField(
        'keep my little miracles on the team\'s record as "a former member"', default=True
    )
    requested_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Erasure request {self.pk}"


# --- A PDF made in the background (TRIP report, supervision record, monthly story report) ---


class PreparedPdf(models.Model):
    """A PDF someone asked for, made by a Celery task: the page polls until `pdf` is there, or
    says kindly that it failed. Shared by the TRIP report, the supervision record and the monthly
    story report."""

    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None

    @property
    def is_pending(self) -> bool:
        return self.ready_at is None and self.failed_at is None

    # Each kind of PDF names its file (`filename`) and says what the audit trail calls it
    # (`audit_detail`, e.g. "TRIP report, Spring 2026") and whose record it is (`audit_subject`).
    audit_subject: "Membership | None" = None

    def note_printed(self, member: Membership) -> AuditEvent:
        """Note in the audit trail that `member` took this PDF: which one, never what it holds."""
        return AuditEvent.objects.record(
            actor=member,
            action=AuditAction.PRINTED,
            subject=self.audit_subject,
            detail=self.audit_detail[:200],
        )
