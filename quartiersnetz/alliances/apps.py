from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "quartiersnetz.alliances"
    verbose_name = _("Allianzen")
