"""Checks on the language lens that every app's tests share."""

import re


def boxes_without_lens(html: str, *text_inputs: str) -> list[str]:
    """The ids of the page's text boxes (and of the named one-line `text_inputs`) that have no
    language lens under them: the lens's box and the hidden counts it sends with the form."""
    ids = re.findall(r'<textarea[^>]*\sid="([^"]+)"', html) + list(text_inputs)
    return [
        box for box in ids if f'data-lens-for="{box}"' not in html or f'data-lens-counts="{box}"' not in html
    ]
