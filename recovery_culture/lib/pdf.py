"""PDFs: made by one function, used by views and tasks alike, and handed out by one pair of
functions. The print CSS lives in templates/_pdf_base.jinja, which every PDF's template extends."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    # Static files (fonts, images) resolve from the project folder; nothing is fetched remotely.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """The PDF as a file to save, named `filename` (quoted or encoded as the name needs)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def pdf_download_response(
    request: HttpRequest,
    job,
    *,
    filename: str,
    status_url: str,
    what: str,
    printed: Callable[[], object],
) -> HttpResponse:
    """The PDF of `job` (a `teams.models.PreparedPdf` made in the background) to save.

    Not made yet (or it failed): back to its status page at `status_url`, which polls or offers
    to try again, with a word that `what` ("The TRIP report") is not ready. `printed` is called
    only when the PDF is handed out: the view notes it in the audit trail there."""
    if not job.is_ready:
        messages.info(request, f"{what} is not ready yet. It will only take a moment.")
        return redirect(status_url)
    printed()
    return pdf_response(bytes(job.pdf), filename)
