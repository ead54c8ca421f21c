from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "OPERATOR": settings.OPERATOR,
        "TERMS_VERSION": settings.TERMS_VERSION,
        "PRINCIPLES_VERSION": settings.PRINCIPLES_VERSION,
    }
