"""Celery tasks for the TRIP. Thin: ids in, a service called, retries as
recovery_culture/lib/tasks.py declares them."""

from celery import shared_task

from recovery_culture.lib.tasks import DATABASE_RETRY, pdf_build
from trip import services
from trip.models import TripReport


@shared_task(**DATABASE_RETRY)
def build_trip_report(self, report_id: int) -> bool:
    return pdf_build(
        self,
        TripReport.objects.select_related("cycle__team").defer("pdf"),
        report_id,
        lambda report: services.trip_report_build(report=report),
        "TRIP report",
    )
