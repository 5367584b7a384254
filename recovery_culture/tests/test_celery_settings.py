from celery.schedules import crontab
from django.conf import settings

from recovery_culture.celery import app


def test_a_killed_workers_tasks_come_back_within_one_beat_period():
    # Redis hands an unacknowledged task out again after the visibility timeout (an hour unless
    # set): a digest whose worker was killed must be retried by the next beat, not an hour later.
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    digest_beat = settings.CELERY_BEAT_SCHEDULE["queue-due-weekly-digests"]["schedule"]
    assert digest_beat == crontab(minute="*/15")
    assert timeout == 15 * 60
