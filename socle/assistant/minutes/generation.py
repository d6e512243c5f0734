"""From a transcript to the draft procès-verbal: the same data structure whether a language model
helps or not.

- Extractive (no model configured, or the model failed): speaker turns, topic segmentation
  (agenda, announcements or lexical cohesion), key sentences per topic, decisions and votes,
  actions found by French phrasing.
- Model (an OpenAI-compatible endpoint through the assistant's gateway, which masks personal data
  before sending and restores it after): staged calls, each journaled by the gateway with its
  purpose: ``minutes.plan`` (topics) → ``minutes.summary`` (one per topic) → ``minutes.cleanup``
  → ``minutes.actions``. Speaker names are replaced by "Intervenant N" before anything is sent.
  Speakers, speaking time, decisions and votes stay computed from the transcript: figures are
  never left to a model.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from . import analysis
from . import attendance as roll
from .analysis import Topic
from .parsing import Segment, has_times

log = logging.getLogger(__name__)
DRAFT_BANNER = "PROJET — À RELIRE ET VALIDER"
MAX_PROMPT_CHARS = 24_000  # per call: the transcript excerpt sent for one stage


@dataclass
class Draft:
    data: dict  # {"speakers", "topics", "decisions", "actions", "attendance", "quorum", ...}
    text: str  # the procès-verbal skeleton, in French
    mode: str  # "extractive" or "model"


def _topic_rows(turns: list[Segment], topics: list[Topic]) -> list[dict]:
    rows = []
    for topic in topics:
        start, end = analysis.topic_time(turns, topic)
        items = analysis.sentences(turns[topic.first:topic.last + 1])
        summary = " ".join(s.text for s in analysis.key_sentences(items))
        rows.append({"title": topic.title, "start": start, "end": end, "summary": summary,
                     "first_turn": topic.first, "last_turn": topic.last})
    return rows


def analyse(turns: list[Segment], *, agenda: str = "", attendance: str = "") -> dict:
    """The extractive analysis, as plain JSON-ready data."""
    topics, method = analysis.segment(turns, agenda)
    presence = roll.parse_attendance(attendance) if attendance.strip() else None
    president = (presence.president if presence else "") or roll.presidency(turns)
    secretary = (presence.secretary if presence else "") or roll.secretary(turns)
    date = roll.session_date(turns)
    return {
        "speakers": analysis.speakers(turns),
        "topics": _topic_rows(turns, topics),
        "decisions": analysis.decisions(turns, topics),
        "actions": analysis.actions(turns, topics),
        "segmentation": method,
        "timed": has_times(turns),
        "duration": analysis.duration(turns),
        "turn_count": len(turns),
        "attendance": presence.as_dict() if presence else None,
        "quorum": roll.quorum(presence) if presence else None,
        "president": president,
        "secretary": secretary,
        "spoken_date": date.isoformat() if date else None,
    }


def command_output(data: dict) -> dict:
    """The shape printed by ``manage.py assistant_minutes --json``."""
    return {
        "speakers": [{k: s[k] for k in ("name", "turns", "words", "seconds")}
                     for s in data["speakers"]],
        "topics": [{k: t[k] for k in ("title", "start", "end", "summary")}
                   for t in data["topics"]],
        "decisions": data["decisions"],
        "actions": data["actions"],
    }


# --- Model path --------------------------------------------------------------------------------


class ModelUnavailable(RuntimeError):
    """No model configured, or the gateway failed: the extractive draft is used."""


def _gateway():
    try:
        from socle.assistant.conversations import gateway
    except ImportError as error:
        raise ModelUnavailable("gateway absent") from error
    return gateway


def model_available() -> bool:
    try:
        return bool(_gateway().model_configured())
    except ModelUnavailable:
        return False


def _aliases(turns: list[Segment]) -> dict[str, str]:
    names: dict[str, str] = {}
    for turn in turns:
        key = analysis.speaker_key(turn.speaker)
        if turn.speaker and key not in names:
            names[key] = f"Intervenant {len(names) + 1}"
    return names


def _excerpt(turns: list[Segment], aliases: dict[str, str], limit: int = MAX_PROMPT_CHARS) -> str:
    lines = []
    for index, turn in enumerate(turns):
        who = aliases.get(analysis.speaker_key(turn.speaker), "Intervenant")
        lines.append(f"[{index}] {who} : {turn.text}")
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit] + "\n[…]"


def _restore(text: str, aliases: dict[str, str], turns: list[Segment]) -> str:
    names = {alias: next(t.speaker for t in turns if analysis.speaker_key(t.speaker) == key)
             for key, alias in aliases.items()}
    for alias in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(alias)}\b", names[alias], text)
    return text


def _json(text: str):
    match = re.search(r"(\[.*\]|\{.*\})", text, re.S)
    if not match:
        raise ValueError("no JSON in the answer")
    return json.loads(match.group(1))


SYSTEM = ("Tu aides le secrétaire de séance d'un conseil municipal à rédiger le projet de "
          "procès-verbal. Tu écris en français administratif, neutre, au passé et à la troisième "
          "personne. Tu n'inventes rien : ni nom, ni chiffre, ni décision absente du texte.")


def _call(call, purpose: str, prompt: str, max_tokens: int = 800) -> str:
    completion = call(purpose=purpose, messages=[{"role": "system", "content": SYSTEM},
                                                 {"role": "user", "content": prompt}],
                      max_tokens=max_tokens)
    return completion.text.strip()


def _plan(call, turns: list[Segment], aliases: dict, agenda: str) -> list[Topic]:
    prompt = ("Découpe cette séance en points successifs. Réponds uniquement par une liste JSON "
              '[{"titre": "...", "premier_tour": N}] où N est le numéro entre crochets du premier '
              "tour de parole du point, dans l'ordre croissant.\n")
    if agenda.strip():
        prompt += f"Ordre du jour :\n{agenda.strip()}\n"
    answer = _call(call, "minutes.plan", prompt + "\nTranscription :\n" + _excerpt(turns, aliases))
    items = _json(answer)
    starts = []
    for item in items:
        first = int(item.get("premier_tour", item.get("first_turn", -1)))
        title = str(item.get("titre") or item.get("title") or "").strip()[:200]
        if 0 <= first < len(turns) and title:
            starts.append((_restore(title, aliases, turns), first))
    starts = sorted(dict((f, (t, f)) for t, f in starts).values(), key=lambda s: s[1])
    if not starts:
        raise ValueError("empty plan")
    return analysis._topics_from_starts(turns, starts)


def _summaries(call, turns: list[Segment], topics: list[Topic], aliases: dict) -> list[str]:
    result = []
    for topic in topics:
        excerpt = _excerpt(turns[topic.first:topic.last + 1], aliases)
        answer = _call(call, "minutes.summary",
                       f"Point : {topic.title}\nRésume le débat de ce point en 3 à 6 phrases "
                       "pour le procès-verbal (qui a présenté, arguments échangés, décision et "
                       f"vote s'ils sont énoncés).\n\n{excerpt}")
        result.append(_restore(answer, aliases, turns))
    return result


def _cleanup(call, titles: list[str], summaries: list[str]) -> list[str]:
    payload = json.dumps([{"titre": t, "resume": s} for t, s in zip(titles, summaries,
                                                                     strict=True)],
                         ensure_ascii=False)
    answer = _call(call, "minutes.cleanup",
                   "Harmonise le style de ces résumés (mêmes temps, pas de répétitions, pas "
                   "d'oralité) sans rien ajouter. Réponds uniquement par la même liste JSON "
                   f'[{{"titre", "resume"}}].\n\n{payload}', max_tokens=2000)
    cleaned = _json(answer)
    if not isinstance(cleaned, list) or len(cleaned) != len(summaries):
        raise ValueError("clean-up changed the number of sections")
    return [str(item.get("resume") or old) for item, old in zip(cleaned, summaries, strict=True)]


def _actions(call, turns: list[Segment], aliases: dict, topics: list[Topic]) -> list[dict]:
    answer = _call(call, "minutes.actions",
                   "Liste les actions à mener décidées ou annoncées pendant la séance. Réponds "
                   'uniquement par une liste JSON [{"action": "...", "responsable": "...", '
                   '"tour": N}] (liste vide s\'il n\'y en a pas).\n\n' + _excerpt(turns, aliases))
    found = []
    for item in _json(answer):
        text = str(item.get("action") or "").strip()
        if not text:
            continue
        index = item.get("tour")
        index = index if isinstance(index, int) and 0 <= index < len(turns) else None
        topic = next((t.title for t in topics if index is not None
                      and t.first <= index <= t.last), "")
        found.append({"topic": topic, "text": _restore(text, aliases, turns),
                      "owner": _restore(str(item.get("responsable") or ""), aliases, turns),
                      "speaker": turns[index].speaker if index is not None else "",
                      "start": turns[index].start if index is not None else None})
    return found


def model_analyse(turns: list[Segment], *, agenda: str, attendance: str, actor, collectivite,
                  request=None) -> dict:
    """The staged model path; raises ModelUnavailable when any stage fails (the caller then
    keeps the extractive draft, and says so)."""
    gateway = _gateway()

    def call(**kwargs):
        return gateway.complete(actor=actor, collectivite=collectivite, request=request,
                                **kwargs)

    data = analyse(turns, agenda=agenda, attendance=attendance)
    aliases = _aliases(turns)
    try:
        topics = _plan(call, turns, aliases, agenda)
        summaries = _summaries(call, turns, topics, aliases)
        summaries = _cleanup(call, [t.title for t in topics], summaries)
        found_actions = _actions(call, turns, aliases, topics)
    except (gateway.GatewayError, ValueError, TypeError, KeyError, AttributeError) as error:
        log.warning("minutes: model path failed (%s), extractive draft kept", error)
        raise ModelUnavailable(str(error)) from error
    rows = _topic_rows(turns, topics)
    for row, summary in zip(rows, summaries, strict=True):
        row["summary"] = summary
    data.update(topics=rows, decisions=analysis.decisions(turns, topics),
                actions=found_actions, segmentation="model")
    return data


# --- The draft procès-verbal -------------------------------------------------------------------


def _names(items: list[str]) -> str:
    return ", ".join(items) if items else "[à compléter]"


def _decision_lines(data: dict, title: str) -> list[str]:
    lines = []
    for decision in [d for d in data["decisions"] if d["topic"] == title]:
        lines.append(f"Décision : {decision['text']}")
        vote = analysis.vote_label(decision.get("vote"))
        lines.append(f"Vote : {vote}" if vote else "Vote : [à compléter : pour / contre / "
                     "abstentions]")
    return lines or ["Décision : [à compléter ou « point d'information sans vote »]"]


def render_draft(data: dict, *, collectivite_name: str, session_date=None,
                 title: str = "") -> str:
    """The draft procès-verbal as plain text, clearly marked as a draft."""
    date = session_date.strftime("%d/%m/%Y") if session_date else "[date à compléter]"
    lines = [DRAFT_BANNER, "", f"PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL — {collectivite_name}"]
    if title:
        lines.append(title)
    lines += ["", f"Date de la séance : {date}",
              f"Présidence : {data.get('president') or '[à compléter]'}"]
    presence = data.get("attendance")
    if presence:
        lines += [f"Présents : {_names(presence['present'])}",
                  f"Absents excusés : {_names(presence['excused'])}",
                  f"Absents : {_names(presence['absent'])}",
                  "Pouvoirs : " + (", ".join(f"{p['from']} à {p['to']}"
                                             for p in presence["proxies"]) or "aucun")]
    else:
        lines += ["Présents : [à compléter]", "Absents excusés : [à compléter]",
                  "Absents : [à compléter]", "Pouvoirs : [à compléter]"]
    quorum = data.get("quorum")
    if quorum:
        state = "atteint" if quorum["reached"] else "NON atteint"
        lines.append(f"Quorum : {quorum['present']} présents sur {quorum['in_office']} membres "
                     f"en exercice (majorité : {quorum['required']}) — quorum {state}.")
        if quorum["proxy_holders_over_limit"]:
            lines.append("Attention : un conseiller ne peut détenir qu'un seul pouvoir "
                         "(CGCT, art. L. 2121-20) : "
                         + ", ".join(quorum["proxy_holders_over_limit"]) + ".")
    else:
        lines.append("Quorum : [à compléter : présents / membres en exercice]")
    lines.append(f"Secrétaire de séance : {data.get('secretary') or '[à compléter]'}")
    for number, topic in enumerate(data["topics"], start=1):
        lines += ["", f"{number}. {topic['title']}"]
        when = ""
        if topic["start"] is not None:
            when = (f" ({analysis.format_seconds(topic['start'])} – "
                    f"{analysis.format_seconds(topic['end'])})")
        lines.append(f"Débat{when} : {topic['summary'] or '[à compléter]'}")
        lines += _decision_lines(data, topic["title"])
    if data["actions"]:
        lines += ["", "Actions à suivre"]
        lines += [f"- {a['text']}" + (f" (responsable : {a['owner']})" if a["owner"] else "")
                  for a in data["actions"]]
    lines += ["", "Le président de séance, [signature]        Le secrétaire de séance, "
              "[signature]"]
    return "\n".join(lines) + "\n"


def build(turns: list[Segment], *, agenda: str = "", attendance: str = "",
          collectivite_name: str = "", session_date=None, title: str = "",
          use_model: bool = False, actor=None, collectivite=None, request=None) -> Draft:
    """The draft: by the model when asked and configured, otherwise (or if it fails)
    extractive."""
    mode = "extractive"
    data = None
    if use_model and model_available():
        try:
            data = model_analyse(turns, agenda=agenda, attendance=attendance, actor=actor,
                                 collectivite=collectivite, request=request)
            mode = "model"
        except ModelUnavailable:
            data = None
    if data is None:
        data = analyse(turns, agenda=agenda, attendance=attendance)
    text = render_draft(data, collectivite_name=collectivite_name, session_date=session_date,
                        title=title)
    return Draft(data=data, text=text, mode=mode)
