"""QR codes for links people open on their own phones (join codes, feedback requests)."""

import base64

import qrcode
from django.http import HttpResponse
from qrcode.image.svg import SvgPathImage


class WhiteSvgImage(SvgPathImage):
    background = "#ffffff"  # a scanner needs contrast, whatever the page behind it


def qr_svg(link: str) -> str:
    """The markup of an SVG image of a QR code that opens `link`."""
    return qrcode.make(link, image_factory=WhiteSvgImage, border=4).to_string(encoding="unicode")


def qr_data_uri(link: str) -> str:
    """The QR code as an <img> address of its own, for a code that must not be fetched twice."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(link).encode()).decode()


def qr_svg_response(link: str) -> HttpResponse:
    """An SVG image of a QR code that opens `link`, for an <img> with its own alt text."""
    response = HttpResponse(qr_svg(link), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
