"""The monthly story report: the PDFs managers ask for, and who has had each month's email."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from teams.models import Membership, PreparedPdf, Team


class MonthlyReport(PreparedPdf):
    """A month's numbers beside the snippets a manager chose, as a PDF a Celery task makes.
    The page polls until `pdf` is there; the monthly email reuses the latest choice of stories."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.DateField(help_text="The first day of the month reported on.")
    stories = models.ManyToManyField("successes.Success", blank=True, related_name="+")
    requested_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta(PreparedPdf.Meta):
        # Moved from teams without moving the data (migrations 0001 here, 0003 in teams).
        db_table = "teams_monthlyreport"
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_report_month_is_first_day")
        ]

    def __str__(self) -> str:
        return f"{self.team} story report, {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        """The page that waits for the PDF, then offers it."""
        return reverse("dashboard:report_status", kwargs={"team": self.team.slug, "pk": self.pk})

    @property
    def filename(self) -> str:
        return f"{self.team.slug}-stories-{self.month:%Y-%m}.pdf"

    @property
    def audit_detail(self) -> str:
        return f"Monthly story report, {self.month:%B %Y}"


class MonthlyReportDelivery(models.Model):
    """One manager's monthly report email, claimed before it is sent: the unique constraint makes
    it exactly-once, as for the weekly digest (docs/adr/0003)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="monthly_report_deliveries")
    month = models.DateField()
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="monthly_report_deliveries")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "teams_monthlyreportdelivery"
        constraints = [
            models.UniqueConstraint(fields=["team", "month", "member"], name="one_monthly_report_per_member")
        ]
        verbose_name_plural = "monthly report deliveries"

    def __str__(self) -> str:
        return f"{self.team} monthly report, {self.month:%B %Y}, to {self.member}"
