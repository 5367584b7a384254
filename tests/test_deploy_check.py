"""The production shape: Django's deployment checklist passes with production's environment, and
pages render with the hashed static files whitenoise serves in production."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from recovery_culture.settings import DEVELOPMENT_SECRET_KEY


def production_env(**changes: str | None) -> dict[str, str]:
    """Production's environment variables, with `changes` on top (None unsets a variable)."""
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
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("key", [None, "", "   ", "development"], ids=["unset", "empty", "blank", "public"])
def test_production_refuses_to_start_without_a_secret_key_of_its_own(key):
    # "development": the key written in settings.py, which anyone can read and sign cookies with.
    env = production_env(SECRET_KEY=DEVELOPMENT_SECRET_KEY if key == "development" else key)

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set. With DEBUG=false" in result.stderr


def test_development_runs_without_a_secret_key_and_check_deploy_says_so():
    env = production_env(DEBUG=None, SECRET_KEY=None)

    result = manage("check", "--deploy", env=env)

    assert result.returncode == 0, result.stdout + result.stderr  # `make run` keeps working
    assert "security.W009" in result.stderr  # the public key is flagged, never silently deployed


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
