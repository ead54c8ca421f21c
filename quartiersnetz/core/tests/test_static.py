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


def test_map_marker_images_are_named_explicitly_under_hashed_names(settings, tmp_path):
    """Leaflet derives its marker path by cutting "marker-icon.png" off the URL in leaflet.css;
    the manifest storage hashes that name, so the maps name the images themselves."""
    import re

    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template.loader import render_to_string

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    staticfiles_storage._setup()  # the storage object was created with the test settings
    css = next((tmp_path / "static" / "vendor" / "leaflet").glob("leaflet.*.css")).read_text()
    rule = re.search(r"\.leaflet-default-icon-path\s*{[^}]*url\(([^)]*)\)", css)
    assert rule
    assert not rule.group(1).strip("\"'").endswith("marker-icon.png")  # hashed

    html = render_to_string("partials/_leaflet_icons.html")
    for attribute in ("data-icon", "data-icon-2x", "data-shadow"):
        url = re.search(rf'{attribute}="([^"]+)"', html).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.png$", url), url
        assert (tmp_path / "static" / url.removeprefix(settings.STATIC_URL)).exists()
