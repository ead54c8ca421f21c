# Examples for the rules in django.yml (run by `semgrep --test`); never imported.
from django import http
from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.test import override_settings
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from config.settings.base import env_bool


# ruleid: qn-csrf-exempt
@csrf_exempt
def webhook(request):
    return HttpResponse("ok")


def urls(view):
    # ruleid: qn-csrf-exempt
    return csrf_exempt(view)


# ok: qn-csrf-exempt
def normal_view(request):
    return HttpResponse("ok")


# ruleid: qn-debug-true
DEBUG = True
# ruleid: qn-debug-true
DEBUG = env_bool("DJANGO_DEBUG", True)
# ok: qn-debug-true
DEBUG = env_bool("DJANGO_DEBUG", False)
# ok: qn-debug-true
DEBUG = False


def configure():
    # ruleid: qn-debug-true
    settings.DEBUG = True
    # ruleid: qn-debug-true
    override_settings(DEBUG=True)
    # ok: qn-debug-true
    override_settings(DEBUG=False)


def login_done(request):
    # ruleid: qn-open-redirect
    return redirect(request.GET["next"])


def login_done_2(request):
    target = request.POST.get("next", "/")
    # ruleid: qn-open-redirect
    return HttpResponseRedirect(target)


def login_done_checked(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # ok: qn-open-redirect
        return redirect(target)
    # ok: qn-open-redirect
    return redirect("core:home")


def echo(request):
    # ruleid: qn-httpresponse-request-data
    return HttpResponse(request.GET["q"])


def echo_2(request):
    query = request.GET.get("q", "")
    # ruleid: qn-httpresponse-request-data
    return http.HttpResponse(f"<p>Gesucht: {query}</p>")


def echo_escaped(request):
    # ok: qn-httpresponse-request-data
    return HttpResponse(escape(request.GET.get("q", "")))


def robots(request):
    # ok: qn-httpresponse-request-data
    return HttpResponse("User-agent: *\n", content_type="text/plain")


def saved(request, actor):
    # ok: qn-open-redirect
    return redirect(actor.get_absolute_url())


def echo_3(request):
    terms = str(request.GET.get("q", "")).split()
    # ruleid: qn-httpresponse-request-data
    return HttpResponse("<p>" + " ".join(terms) + "</p>")
