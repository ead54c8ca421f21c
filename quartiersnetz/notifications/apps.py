from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "quartiersnetz.notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from . import actions

        # "Folgen"/"Nicht mehr folgen" on the detail pages of lower apps (core.sections actions).
        actions.register()
