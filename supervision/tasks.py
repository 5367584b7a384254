"""Celery tasks for supervision. Thin: ids in, a service called."""

import logging

from celery import shared_task
from django.utils import timezone

from supervision import services
from supervision.models import SupervisionRecord

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def build_supervision_record(record_id: int) -> bool:
    record = (
        SupervisionRecord.objects.select_related("supervisee__user", "supervisee__team")
        .filter(pk=record_id)
        .first()
    )
    if record is None or record.is_ready:
        # Deleted meanwhile, or a second delivery of a task already done: nothing to do.
        return False
    try:
        services.supervision_record_build(record=record)
    except Exception:
        # Rendering the same sessions again would fail the same way: say so on the page, and let
        # the person ask again, rather than retry in a loop.
        logger.exception("Could not make supervision record %s", record_id)
        SupervisionRecord.objects.filter(pk=record_id).update(failed_at=timezone.now())
        return False
    return True


@shared_task
def apply_retention() -> None:
    """Daily: delete the reflections and feedback comments older than each team's chosen period."""
    expired = services.retention_apply_everywhere()
    logger.info("Retention deleted %s reflections and %s comments", expired.reflections, expired.comments)
