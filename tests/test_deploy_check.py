"""The production shape: Django's deployment checklist passes with production's environment, and
pages render with the hashed static files whitenoise serves in production."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command


def test_check_deploy_reports_no_issues_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "CSRF_TRUSTED_ORIGINS": "https://example.org",
        "SITE_URL": "https://example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{settings.BASE_DIR / 'db.sqlite3'}"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    # Set for the browser tests in this same process; never in production (Django's async.E001).
    for test_only in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(test_only, None)

    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_pages_render_with_hashed_static_files(db, client, settings, tmp_path):
    # Production's storage (whitenoise's compressed variant of this) only knows collected files:
    # a template asking static() for anything else fails there and nowhere else.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)

    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert re.search(r"/static/dist/css/main\.[0-9a-f]{12}\.css", response.content.decode())
