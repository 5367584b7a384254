import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_culture.settings")

app = Celery("recovery_culture")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
