"""``manage.py assistant_minutes FILE [--agenda FILE] [--attendance FILE] --json``: the extractive
analysis of a transcript (plain text, timestamped, WebVTT or SRT), without the database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.assistant.minutes import generation
from socle.assistant.minutes.parsing import TranscriptError, decode, parse


def _read(path: str) -> str:
    try:
        return decode(Path(path).read_bytes())
    except OSError as error:
        raise CommandError(f"Lecture impossible de {path} : {error.strerror}") from error
    except TranscriptError as error:
        raise CommandError(f"{path} : {error}") from error


class Command(BaseCommand):
    help = ("Analyse une transcription de séance : intervenants et temps de parole, points "
            "abordés, décisions et actions (sans modèle de langage).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Transcription (.txt, .vtt ou .srt)")
        parser.add_argument("--agenda", help="Ordre du jour (un point par ligne)")
        parser.add_argument("--attendance", help="Liste de présence")
        parser.add_argument("--json", action="store_true",
                            help="Sortie JSON : speakers, topics, decisions, actions")

    def handle(self, *args, **options):
        try:
            turns = parse(_read(options["file"]))
        except TranscriptError as error:
            raise CommandError(f"{options['file']} : {error}") from error
        agenda = _read(options["agenda"]) if options.get("agenda") else ""
        attendance = _read(options["attendance"]) if options.get("attendance") else ""
        data = generation.analyse(turns, agenda=agenda, attendance=attendance)
        if options["json"]:
            self.stdout.write(json.dumps(generation.command_output(data), ensure_ascii=False,
                                         indent=2))
            return
        spoken = data["spoken_date"]
        self.stdout.write(generation.render_draft(
            data, collectivite_name="[collectivité]",
            session_date=dt.date.fromisoformat(spoken) if spoken else None))
