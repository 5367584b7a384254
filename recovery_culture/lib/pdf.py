"""PDFs: made by one function, used by views and tasks alike, and handed out by one pair of
functions. The print CSS lives in templates/_pdf_base.jinja, which every PDF's template extends."""

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


def pdf_download_response(request: HttpRequest, job, *, by, what: str) -> HttpResponse:
    """The PDF of `job` (a `teams.models.PreparedPdf` made in the background) to save, named by
    its `filename`.

    Not made yet (or it failed): back to its status page (the job's `get_absolute_url`), which
    polls or offers to try again, with a word that `what` ("The TRIP report") is not ready.
    Handed out, the PDF is noted in the audit trail as taken `by` that member
    (`teams.models.PreparedPdf.note_printed`)."""
    if not job.is_ready:
        messages.info(request, f"{what} is not ready yet. It will only take a moment.")
        return redirect(job)
    job.note_printed(by)
    return pdf_response(bytes(job.pdf), job.filename)
