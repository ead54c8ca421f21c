from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "quartiersnetz.network"
    verbose_name = _("Vernetzung")

    def ready(self) -> None:
        from quartiersnetz.core import changes

        from . import graph_sections, partner_sections, sections, tasks

        # Its sections on pages of lower apps (core.sections): connections, figures and
        # suggested partners on profiles, suggested partners on projects.
        sections.register()
        graph_sections.register()
        partner_sections.register()
        # One debounced recomputation after changes of what the network reads.
        for topic in tasks.TOPICS:
            changes.subscribe(topic, "network.recompute", tasks.schedule_recompute)
