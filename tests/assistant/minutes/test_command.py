"""``manage.py assistant_minutes FILE --json``: the documented shape, nulls without times."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import DEMO


def _run(*args) -> dict:
    out = StringIO()
    call_command("assistant_minutes", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_shape_on_the_demo_vtt():
    data = _run(str(DEMO / "conseil-municipal.vtt"), "--agenda",
                str(DEMO / "conseil-municipal.ordre-du-jour.txt"))
    assert set(data) == {"speakers", "topics", "decisions", "actions"}
    assert all(set(s) == {"name", "turns", "words", "seconds"} for s in data["speakers"])
    assert all(set(t) == {"title", "start", "end", "summary"} for t in data["topics"])
    assert data["speakers"][0] == {"name": "Anne Exemple", "turns": 7, "words": 255,
                                   "seconds": 138.0}
    assert data["topics"][2]["start"] == 78.0
    assert len(data["decisions"]) == 3 and len(data["actions"]) == 3


def test_nulls_when_the_transcript_has_no_times(tmp_path):
    source = tmp_path / "seance.txt"
    source.write_text("M. le Maire : Point n° 1 : le budget. Adopté à l'unanimité.\n"
                      "Mme DUPONT : Point n° 2 : la cantine. Il faudra prévenir les familles.\n",
                      encoding="cp1252")
    data = _run(str(source))
    assert [s["seconds"] for s in data["speakers"]] == [None, None]
    assert all(t["start"] is None and t["end"] is None for t in data["topics"])
    assert data["decisions"][0]["vote"]["unanimous"] is True


def test_errors_are_clear(tmp_path):
    binary = tmp_path / "audio.vtt"
    binary.write_bytes(b"\x00\x01\x02RIFF")
    with pytest.raises(CommandError, match="pas du texte"):
        _run(str(binary))
    with pytest.raises(CommandError, match="Lecture impossible"):
        _run(str(tmp_path / "absent.txt"))


def test_without_json_prints_the_draft(capsys):
    out = StringIO()
    call_command("assistant_minutes", str(DEMO / "conseil-municipal.txt"), stdout=out)
    assert out.getvalue().startswith("PROJET — À RELIRE ET VALIDER")
    assert "Date de la séance : 12/03/2026" in out.getvalue()
