"""Celery tasks for supervision. Thin: ids in, a service called, retries as
recovery_culture/lib/tasks.py declares them."""

from celery import shared_task

from recovery_culture.lib.tasks import DATABASE_RETRY, pdf_build
from supervision import services
from supervision.models import SupervisionRecord


@shared_task(**DATABASE_RETRY)
def build_supervision_record(self, record_id: int) -> bool:
    return pdf_build(
        self,
        SupervisionRecord.objects.select_related("supervisee__user", "supervisee__team"),
        record_id,
        lambda record: services.supervision_record_build(record=record),
        "supervision record",
    )
