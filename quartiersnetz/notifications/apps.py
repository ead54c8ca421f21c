from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "quartiersnetz.notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from quartiersnetz.accounts.backends import load_with_user
        from quartiersnetz.core import changes
        from quartiersnetz.core.news import TOPIC

        from . import actions, news, radar, selectors, tasks

        # The header's unread count, in the query that loads the signed-in user.
        load_with_user(selectors.UNREAD_WITH_USER, selectors.unread_with_user)

        # "Folgen"/"Nicht mehr folgen" on the detail pages of lower apps (core.sections actions).
        actions.register()
        # The outbox of news (decision 0011): handled in the worker shortly after each commit.
        changes.subscribe(TOPIC, "notifications.handle_news", tasks.schedule_handle_news)
        # Themenradar: records that became public are matched against the saved searches.
        news.register_published_listener(radar.on_published)
