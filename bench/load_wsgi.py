"""The production WSGI application, with the floor page added (bench/floor_urls.py). gunicorn
loads it from the project's root as bench.load_wsgi."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_culture.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.floor_urls"
