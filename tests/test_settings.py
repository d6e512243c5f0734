"""Settings come from the environment with safe defaults (checked in a fresh interpreter, as a
deployment would start)."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'secure_cookie': s.SESSION_COOKIE_SECURE, "
    "'csrf_secure': s.CSRF_COOKIE_SECURE, 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'engine': s.DATABASES['default']['ENGINE'], 'key': s.SECRET_KEY, "
    "'tasks': s.TASKS['default']['BACKEND'], 'email': s.EMAIL_BACKEND}))"
)


def _settings_with(tmp_path: Path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SOCLE_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    clean.update({"DJANGO_SETTINGS_MODULE": "socle.settings", "SOCLE_VAR_DIR": str(tmp_path)})
    clean.update(env)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_defaults_are_safe(tmp_path):
    s = _settings_with(tmp_path)
    assert s["debug"] is False
    assert s["secure_cookie"] and s["csrf_secure"]
    assert s["hsts"] >= 31536000
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"


def test_secret_key_is_generated_once_and_private(tmp_path):
    first = _settings_with(tmp_path)["key"]
    second = _settings_with(tmp_path)["key"]
    assert first == second and len(first) >= 50
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode & 0o077 == 0, "the generated key must be readable by its owner only"


def test_environment_overrides(tmp_path):
    s = _settings_with(
        tmp_path,
        DJANGO_SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://u:p@db.invalid:5432/socle",
        REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_URL="smtp+tls://u:p@smtp.invalid:587",
        SOCLE_HTTPS="0",
    )
    assert s["key"] == "from-the-environment"
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["tasks"] == "django_tasks_rq.RQBackend"
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["secure_cookie"] is False


def test_malformed_boolean_is_refused(tmp_path):
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={**os.environ, "SOCLE_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "peut-être"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
