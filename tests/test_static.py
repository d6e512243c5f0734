"""Static files as production serves them: collectstatic with the compressed manifest storage
must succeed (a vendored file referencing a missing one breaks `make run`)."""

from django.core.management import call_command
from django.test import override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_manifest_storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for path in ("css/socle.css", "vendor/htmx/htmx.min.js", "vendor/leaflet/leaflet.js"):
        assert f'"{path}"' in manifest
    assert (tmp_path / "css" / "socle.css.gz").exists(), "compressed copies are served"
