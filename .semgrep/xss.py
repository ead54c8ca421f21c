# Examples for the rules in xss.yml (run by `semgrep --test`); never imported.
from django.utils import html, safestring
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from quartiersnetz.core.text import render_markdown


def examples(request, practice, label):
    # ruleid: qn-mark-safe
    mark_safe(practice.description)
    # ruleid: qn-mark-safe
    mark_safe(f"<b>{practice.title}</b>")
    # ruleid: qn-mark-safe
    safestring.mark_safe(request.GET["q"])
    # ruleid: qn-mark-safe
    SafeString(practice.title)
    # ruleid: qn-mark-safe
    mark_safe(escape(label) + practice.title)

    # ok: qn-mark-safe
    mark_safe("<br>")
    # ok: qn-mark-safe
    mark_safe(render_markdown(practice.description))
    # ok: qn-mark-safe
    mark_safe(label)  # nosemgrep: qn-mark-safe -- test: justified

    # ruleid: qn-format-html-misuse
    format_html(f"<b>{practice.title}</b>")
    # ruleid: qn-format-html-misuse
    html.format_html("<b>%s</b>" % practice.title)
    # ruleid: qn-format-html-misuse
    format_html("<b>{}</b>".format(practice.title))
    # ok: qn-format-html-misuse
    format_html("<b>{}</b>", practice.title)
    # ok: qn-format-html-misuse
    format_html('{} (<a href="{}">{}</a>)', label, practice.url, label)
