"""`check_language`: the output format other tools rely on, through call_command and through a
real process reading its standard input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conversations.services import phrase_decide, phrase_propose

ROOT = Path(__file__).resolve().parents[2]


def run(monkeypatch, text: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    out = io.StringIO()
    call_command("check_language", *args, stdout=out)
    return out.getvalue()


def check_line(line: str, findings: list[dict]) -> None:
    for finding in findings:
        assert {"start", "end", "phrase", "kind", "why", "alternatives"} <= finding.keys()
        assert line[finding["start"] : finding["end"]] == finding["phrase"]
        assert finding["kind"] in {"deficit", "you-statement", "service-word"}
        assert 2 <= len(finding["alternatives"]) <= 3
        assert all(isinstance(a, str) and a for a in finding["alternatives"])


@pytest.mark.django_db
def test_one_json_array_per_line_in_order(monkeypatch):
    lines = [
        "Patient was non-compliant",
        "",
        "A difficult night, but we paid attention.",
        "\u201cI refused,\u201d she said. Caf\u00e9 \U0001f600 then you need to rest.",
        "You did brilliantly",
    ]
    out = run(monkeypatch, "\n".join(lines), "--json-lines")  # the last line has no newline

    printed = out.splitlines()
    assert len(printed) == len(lines)
    results = [json.loads(p) for p in printed]
    for line, findings in zip(lines, results, strict=True):
        check_line(line, findings)
    assert [f["phrase"] for f in results[0]] == ["Patient", "non-compliant"]
    assert [f["kind"] for f in results[0]] == ["service-word", "deficit"]
    assert results[1] == [] and results[2] == [] and results[4] == []
    assert [f["phrase"] for f in results[3]] == ["you need to"]


@pytest.mark.django_db
def test_a_very_long_line(monkeypatch):
    line = "We sat in the garden and talked. " * 3000 + "He lacks insight."
    (printed,) = run(monkeypatch, line + "\n", "--json-lines").splitlines()
    (finding,) = json.loads(printed)
    assert line[finding["start"] : finding["end"]] == "lacks insight"


@pytest.mark.django_db
def test_the_readable_report(monkeypatch):
    out = run(monkeypatch, "A good day.\nPatient lacks insight.\n")
    assert "The lens found 2 phrases worth a second look." in out
    assert "Line 2, column 1: \u201cPatient\u201d" in out
    assert "Line 2, column 9: \u201clacks insight\u201d" in out
    assert "You could say: sees things differently" in out
    assert run(monkeypatch, "A calm and kind afternoon.") == (
        "Nothing to flag: the lens found no phrases worth a second look.\n"
    )


@pytest.mark.django_db
def test_a_teams_own_words(monkeypatch, ward, manager):
    phrase = phrase_propose(
        member=manager,
        phrase="challenging",
        kind="deficit",
        why="It blames.",
        alternatives=["distressed", "upset"],
    )
    phrase_decide(phrase=phrase, member=manager, accept=True)
    (printed,) = run(
        monkeypatch, "He was challenging today.\n", "--json-lines", "--team", ward.slug
    ).splitlines()
    assert [f["phrase"] for f in json.loads(printed)] == ["challenging"]
    (printed,) = run(monkeypatch, "He was challenging today.\n", "--json-lines").splitlines()
    assert json.loads(printed) == []
    with pytest.raises(CommandError, match="no team"):
        run(monkeypatch, "x", "--team", "nowhere")


def _process(args: list[str], stdin: bytes, database: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(  # noqa: S603 (our own manage.py, with fixed arguments)
        [sys.executable, "manage.py", "check_language", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )


@pytest.mark.parametrize("migrated", [False, True], ids=["before migrate", "after migrate"])
def test_a_real_process_on_a_fresh_database(tmp_path, migrated):
    database = tmp_path / "fresh.sqlite3"
    if migrated:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env["DATABASE_URL"] = f"sqlite:///{database}"
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
        )
    lines = ["Patient was non-compliant", "", "na\u00efve \u2014 you must take it", "What might help you?"]
    stdin = ("\n".join(lines)).encode() + b"\nbad \xff byte: attention seeker"
    done = _process(["--json-lines"], stdin, database)

    printed = done.stdout.decode().split("\n")
    assert printed[-1] == ""  # every result ends its line
    results = [json.loads(p) for p in printed[:-1]]
    assert len(results) == 5
    for line, findings in zip([*lines, "bad \ufffd byte: attention seeker"], results, strict=True):
        check_line(line, findings)
    assert [f["phrase"] for f in results[0]] == ["Patient", "non-compliant"]
    assert results[1] == [] and results[3] == []
    assert [f["phrase"] for f in results[2]] == ["you must"]
    assert [f["phrase"] for f in results[4]] == ["attention seeker"]
