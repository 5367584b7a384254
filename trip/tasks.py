"""Celery tasks for the TRIP. Thin: ids in, a service called, retries declared."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from trip import services
from trip.models import TripReport

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=5)
def build_trip_report(self, report_id: int) -> bool:
    report = TripReport.objects.select_related("cycle__team").defer("pdf").filter(pk=report_id).first()
    if report is None or report.is_ready:
        # Deleted meanwhile, or a second delivery of a task already done: nothing to do.
        return False
    try:
        services.trip_report_build(report=report)
    except (OperationalError, InterfaceError) as problem:
        # The database was out of reach for a moment: worth another go, a few times.
        if self.request.retries < self.max_retries:
            raise self.retry(exc=problem) from problem
        logger.exception("Could not reach the database for TRIP report %s", report_id)
    except Exception:
        # The same cycle would fail the same way: say so on the page, and let the member ask
        # again, rather than retry in a loop.
        logger.exception("Could not make TRIP report %s", report_id)
    else:
        return True
    TripReport.objects.filter(pk=report_id).update(failed_at=timezone.now())
    return False
