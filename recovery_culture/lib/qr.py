"""QR codes for links people open on their own phones (join codes, feedback requests)."""

import qrcode
from django.http import HttpResponse
from qrcode.image.svg import SvgPathImage


class WhiteSvgImage(SvgPathImage):
    background = "#ffffff"  # a scanner needs contrast, whatever the page behind it


def qr_svg_response(link: str) -> HttpResponse:
    """An SVG image of a QR code that opens `link`, for an <img> with its own alt text."""
    image = qrcode.make(link, image_factory=WhiteSvgImage, border=4)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
