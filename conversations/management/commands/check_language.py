"""Check text from standard input with the language lens.

    python manage.py check_language < letter.txt              a readable report of the whole text
    python manage.py check_language --json-lines < notes.txt   one JSON array per input line

With --json-lines, each line is a separate text and exactly one line is printed for it, in order:
a JSON array of findings, each with `start` and `end` (offsets into that line, as Python counts
characters), `phrase` (the text between them), `kind`, `why` and `alternatives`. A line with
nothing to flag, or an empty line, prints []. Input is read as UTF-8; bytes that are not UTF-8
become one U+FFFD each, so offsets still count one character per bad byte.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from conversations.matcher import Finding, Lens
from conversations.services import built_in_lens, team_lens
from teams.models import Team

KIND_NAMES = {
    "deficit": "a label that hides the person",
    "you-statement": "a \u201cyou\u201d statement that tells rather than asks",
    "service-word": "a word that puts the service first",
}


class Command(BaseCommand):
    help = "Check text from standard input with the language lens (the built-in list, or a team's)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json-lines",
            action="store_true",
            help="check each input line separately and print one JSON array of findings per line",
        )
        parser.add_argument("--team", help="use this team's words (its slug) instead of the built-in list")

    def handle(self, *args, json_lines: bool = False, team: str | None = None, **options):
        lens = self._lens(team)
        source = getattr(sys.stdin, "buffer", None)
        if json_lines:
            lines = source if source is not None else sys.stdin
            for raw in lines:
                line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                found = [finding.as_dict() for finding in lens.find(line.removesuffix("\n"))]
                self.stdout.write(json.dumps(found))
                self.stdout.flush()
        else:
            text = source.read().decode("utf-8", "replace") if source is not None else sys.stdin.read()
            self.stdout.write(report(text, lens.find(text)))

    def _lens(self, slug: str | None) -> Lens:
        if slug is None:
            return built_in_lens()
        found = Team.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"There is no team with the slug {slug!r}.")
        return team_lens(found)


def report(text: str, findings: list[Finding]) -> str:
    if not findings:
        return "Nothing to flag: the lens found no phrases worth a second look.\n"
    lines = [
        f"The lens found {len(findings)} phrase{'s' if len(findings) != 1 else ''} worth a second look.\n"
    ]
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        lines.append(
            f"Line {line}, column {column}: \u201c{finding.phrase}\u201d, {KIND_NAMES[finding.kind]}."
        )
        lines.append(f"  Why: {finding.why}")
        lines.append(f"  You could say: {' / '.join(finding.alternatives)}\n")
    return "\n".join(lines)
