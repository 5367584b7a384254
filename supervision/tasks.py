"""Celery tasks for supervision. Thin: ids in, a service called, retries as
recovery_culture/lib/tasks.py declares them."""

import logging

from celery import shared_task

from recovery_culture.lib.tasks import DATABASE_RETRY, pdf_build
from supervision import services
from supervision.models import SupervisionRecord

logger = logging.getLogger(__name__)


@shared_task(**DATABASE_RETRY)
def build_supervision_record(self, record_id: int) -> bool:
    return pdf_build(
        self,
        SupervisionRecord.objects.select_related("supervisee__user", "supervisee__team"),
        record_id,
        lambda record: services.supervision_record_build(record=record),
        "supervision record",
    )


@shared_task
def apply_retention() -> None:
    """Daily: delete the reflections and feedback comments older than each team's chosen period."""
    expired = services.retention_apply_everywhere()
    logger.info("Retention deleted %s reflections and %s comments", expired.reflections, expired.comments)
