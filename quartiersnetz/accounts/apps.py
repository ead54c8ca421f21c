from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quartiersnetz.accounts"
    label = "accounts"
