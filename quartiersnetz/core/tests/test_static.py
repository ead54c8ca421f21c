"""`make run` collects static files with the manifest storage; every reference must resolve."""

from django.core.management import call_command


def test_collectstatic_with_the_manifest_storage_resolves_every_reference(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Raises (e.g. a missing source map named by a vendored script) instead of passing silently.
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor" / "leaflet").glob("leaflet.*.js"))
