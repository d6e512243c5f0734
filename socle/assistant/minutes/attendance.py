"""Who was there and who held the session: attendance lists (present, absent, excused, proxies),
quorum (CGCT L2121-17, proxies L2121-20), presidency, secretary of the session (L2121-15) and the
date spoken at the opening. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import fold, speaker_key
from .parsing import Segment

# --- Attendance, quorum, presidency, secretary ------------------------------------------------

PERSON = r"((?:(?:M\.|Mme|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})"
STATUS_HEADERS = [
    ("proxies", re.compile(r"^(?:pouvoirs?|procurations?)\b")),
    ("excused", re.compile(r"^(?:absents?|absentes?)\s+(?:excuses?|excusees?)\b|^excuses?\b")),
    ("absent", re.compile(r"^(?:absents?|absentes?)\b")),
    ("present", re.compile(r"^(?:presents?|presentes?|etaient presents)\b")),
]
PROXY = re.compile(r"(.+?)\s*[\(,–-]?\s*(?:a donne\s+)?(?:pouvoir|procuration)\s+(?:a|à)\s+"
                   r"([^)]+)\)?\s*$", re.I)
PROXY_ARROW = re.compile(r"^(.+?)\s+(?:à|a|->|→)\s+(.+)$", re.I)


@dataclass
class Attendance:
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    proxies: list[dict] = field(default_factory=list)  # {"from", "to"}
    in_office: int | None = None
    president: str = ""
    secretary: str = ""

    def as_dict(self) -> dict:
        return {"present": self.present, "absent": self.absent, "excused": self.excused,
                "proxies": self.proxies, "in_office": self.in_office,
                "president": self.president, "secretary": self.secretary}


def _names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\bet\b|\n)\s*", text)
    return [p.strip(" .-–•*") for p in parts if p.strip(" .-–•*")]


def _add_person(attendance: Attendance, status: str, chunk: str) -> None:
    proxy = PROXY.match(chunk)
    if proxy:
        giver, holder = proxy.group(1).strip(" ,(–-"), proxy.group(2).strip(" .)")
        attendance.excused.append(giver) if giver not in attendance.excused else None
        attendance.proxies.append({"from": giver, "to": holder})
        return
    if status == "proxies":
        arrow = PROXY_ARROW.match(chunk)
        if arrow:
            attendance.proxies.append({"from": arrow.group(1).strip(),
                                       "to": arrow.group(2).strip(" .")})
        return
    getattr(attendance, status).append(chunk)


def parse_attendance(text: str) -> Attendance:
    """Attendance lists as written in French minutes: header lines (``Présents : A, B``,
    ``Absents excusés : C (pouvoir à A)``, ``Pouvoirs : D à B``, ``Secrétaire de séance : E``,
    ``Membres en exercice : 15``) or one person per line with a status (``Jean Martin :
    présent``, ``Léa Roux — absente excusée, pouvoir à Jean Martin``)."""
    attendance = Attendance()
    status = None
    for raw in text.splitlines():
        line = raw.strip(" \t-–•*")
        if not line:
            continue
        folded = fold(line)
        label, _sep, rest = line.partition(":")
        folded_label = fold(label).strip()
        if re.match(r"^(?:membres? en exercice|conseillers en exercice|en exercice|effectif)",
                    folded_label):
            number = re.search(r"\d+", rest or label)
            attendance.in_office = int(number.group()) if number else None
            continue
        if folded_label.startswith(("secretaire", "secretaire de seance")) and rest:
            attendance.secretary = rest.strip(" .")
            continue
        if folded_label.startswith(("president", "presidence", "presidee par")) and rest:
            attendance.president = rest.strip(" .")
            continue
        header = next((s for s, pattern in STATUS_HEADERS if pattern.match(folded_label)), None)
        if header and _sep:
            status = header
            for chunk in _split_people(rest):
                _add_person(attendance, status, chunk)
            continue
        person_status = _person_status(folded)
        if person_status:
            name = re.split(r"\s*(?::|—|–| - |,|\()\s*", line, maxsplit=1)[0].strip()
            if person_status == "excused" and re.search(r"pouvoir|procuration", folded):
                _add_person(attendance, "excused", line.replace("—", " ").replace(" : ", " "))
                if attendance.proxies:
                    attendance.proxies[-1]["from"] = name
                    attendance.excused[-1] = name
            else:
                getattr(attendance, person_status).append(name)
            continue
        if status:
            for chunk in _split_people(line):
                _add_person(attendance, status, chunk)
    return attendance


def _split_people(text: str) -> list[str]:
    """Names separated by commas or semicolons; a "(pouvoir à X)" stays with its name."""
    chunks, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char in ",;" and depth == 0:
            chunks.append(current)
            current = ""
        else:
            current += char
    chunks.append(current)
    return [c.strip(" .") for c in chunks if c.strip(" .")]


def _person_status(folded: str) -> str | None:
    if re.search(r"\b(?:absente?s? excusee?s?|excusee?)\b", folded):
        return "excused"
    if re.search(r"\babsente?s?\b", folded):
        return "absent"
    if re.search(r"\bpresente?s?\b", folded):
        return "present"
    return None


def quorum(attendance: Attendance) -> dict | None:
    """CGCT L2121-17: the council deliberates validly when the majority of its members in office
    is present (proxies do not count); L2121-20: one proxy per member."""
    in_office = attendance.in_office or (len(attendance.present) + len(attendance.absent)
                                         + len(attendance.excused))
    if not in_office:
        return None
    required = in_office // 2 + 1
    holders: dict[str, int] = {}
    for proxy in attendance.proxies:
        holders[speaker_key(proxy["to"])] = holders.get(speaker_key(proxy["to"]), 0) + 1
    over = sorted(p["to"] for p in attendance.proxies if holders[speaker_key(p["to"])] > 1)
    valid_proxies = sum(min(1, n) for n in holders.values())
    return {"in_office": in_office, "present": len(attendance.present), "required": required,
            "reached": len(attendance.present) >= required,
            "proxies": len(attendance.proxies),
            "voters": len(attendance.present) + valid_proxies,
            "proxy_holders_over_limit": sorted(set(over))}


SECRETARY = [
    re.compile(rf"{PERSON}\s+(?:est|a été|sera)\s+(?:désignée?|nommée?|élue?)\s+"
               r"(?:comme\s+)?secrétaire de séance"),
    re.compile(rf"secrétaire de séance\s*(?::|est|sera)\s*{PERSON}"),
    re.compile(rf"(?:je propose|propose|désigne)\s+(?:que\s+)?{PERSON}\s+(?:comme|pour être|"
               r"soit|assure|en tant que)\s+(?:la\s+|le\s+)?secrétaire"),
]
PRESIDENCY = re.compile(rf"(?:sous la présidence de|présidée? par)\s+{PERSON}")
OPENING = re.compile(r"\b(?:je declare (?:la seance )?ouverte|la seance est ouverte|"
                     r"j'ouvre la seance|ouvre la seance)")


def secretary(turns: list[Segment]) -> str:
    for turn in turns[:40]:
        for pattern in SECRETARY:
            match = pattern.search(turn.text)
            if match:
                return match.group(1).strip()
    return ""


def presidency(turns: list[Segment]) -> str:
    for turn in turns[:40]:
        match = PRESIDENCY.search(turn.text)
        if match:
            return match.group(1).strip()
    for turn in turns[:40]:
        if turn.speaker and OPENING.search(fold(turn.text)):
            return turn.speaker
    chairs = [t.speaker for t in turns if re.search(r"\b(maire|président)", t.speaker, re.I)]
    return chairs[0] if chairs else ""


MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
          "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
SESSION_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(20\d{2})\b")


def session_date(turns: list[Segment]):
    """The first French date spoken in the first turns ("séance du 12 mars 2026"), or None."""
    import datetime as dt

    for turn in turns[:20]:
        match = SESSION_DATE.search(fold(turn.text))
        if match:
            try:
                return dt.date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
            except ValueError:
                continue
    return None


