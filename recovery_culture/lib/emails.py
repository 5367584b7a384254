"""Emails: each is three templates (`<name>_subject.txt`, `<name>.txt`, `<name>.html`) and one
call to make_message()."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from recovery_culture.lib.links import site_url


def make_message(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = {"site_url": site_url(), **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
