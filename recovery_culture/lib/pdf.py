"""PDFs: one function, used by views and tasks alike. Print CSS lives in each PDF's template."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    # Static files (fonts, images) resolve from the project folder; nothing is fetched remotely.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
