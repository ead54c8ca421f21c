from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quartiersnetz.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from . import checks  # noqa: F401 - registers the deploy checks
        from .signals import lift_login_lock_after_password_reset

        password_reset.connect(lift_login_lock_after_password_reset, dispatch_uid="login-unlock")
