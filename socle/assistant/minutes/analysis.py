"""What a transcript says, without a language model: speakers and speaking time, topics (by agenda
item, by the chair's announcements, or by lexical cohesion), key sentences, decisions and votes,
actions, attendance, quorum, presidency and secretary. Pure functions over ``parsing.Segment``."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .parsing import WORD, Segment, has_times

# --- Speakers ----------------------------------------------------------------------------------


def speaker_key(name: str) -> str:
    """``Mme DUPONT`` and ``Mme Dupont`` are one speaker."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def speakers(turns: list[Segment]) -> list[dict]:
    """[{"name", "turns", "words", "seconds"}] by speaking time (or words), unknown speaker
    left out; a turn is a run of consecutive segments by one speaker; ``seconds`` is None when
    the transcript has no times."""
    timed = has_times(turns)
    rows: dict[str, dict] = {}
    previous = None
    for turn in turns:
        key = speaker_key(turn.speaker)
        if not turn.speaker:
            previous = None
            continue
        row = rows.setdefault(key, {"name": turn.speaker, "turns": 0, "words": 0,
                                    "seconds": 0.0 if timed else None})
        if key != previous:
            row["turns"] += 1
        previous = key
        row["words"] += turn.words
        if timed and turn.start is not None and turn.end is not None:
            row["seconds"] += max(0.0, turn.end - turn.start)
    for row in rows.values():
        if row["seconds"] is not None:
            row["seconds"] = round(row["seconds"], 1)
    return sorted(rows.values(), key=lambda r: (-(r["seconds"] or 0), -r["words"], r["name"]))


# --- Sentences ---------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-Ý0-9])")
ABBREVIATIONS = re.compile(r"\b(M|MM|Mme|Mmes|Dr|n°|art|cf|etc)\.$", re.I)


@dataclass
class Sentence:
    turn: int
    text: str
    speaker: str
    start: float | None


def sentences(turns: list[Segment]) -> list[Sentence]:
    result = []
    for index, turn in enumerate(turns):
        pieces: list[str] = []
        for piece in SENTENCE_END.split(turn.text):
            if pieces and ABBREVIATIONS.search(pieces[-1]):
                pieces[-1] = f"{pieces[-1]} {piece}"
            else:
                pieces.append(piece)
        result += [Sentence(index, p.strip(), turn.speaker, turn.start) for p in pieces
                   if p.strip()]
    return result


def fold(text: str) -> str:
    """Lower case without accents, for matching French phrasing."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


# --- Topics ------------------------------------------------------------------------------------

NUMBERS = {"un": 1, "une": 1, "premier": 1, "première": 1, "deux": 2, "deuxième": 2,
           "second": 2, "seconde": 2, "trois": 3, "troisième": 3, "quatre": 4, "quatrième": 4,
           "cinq": 5, "cinquième": 5, "six": 6, "sixième": 6, "sept": 7, "septième": 7,
           "huit": 8, "huitième": 8, "neuf": 9, "neuvième": 9, "dix": 10, "dixième": 10,
           "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
           "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20}
FOLDED_NUMBERS = {fold(k): v for k, v in NUMBERS.items()}
NUMBER = r"(\d{1,3}|" + "|".join(sorted(map(re.escape, FOLDED_NUMBERS), key=len,
                                         reverse=True)) + r")"
ORDINAL = (r"(\d{1,2}(?:e|eme|er|ere)|premier|deuxieme|second|troisieme|quatrieme|cinquieme|"
           r"sixieme|septieme|huitieme|neuvieme|dixieme)")
POINT_NUMBER = re.compile(
    rf"\bpoint\s+(?:n\s*[°o]\s*|numero\s+)?{NUMBER}\b|\b{ORDINAL}\s+point\b")
NEXT_POINT = re.compile(
    r"\b(?:point suivant|passons au point|passe au point|j'appelle le point|"
    r"nous passons (?:maintenant )?(?:a|au) |abordons (?:maintenant )?le point|"
    r"dernier point|questions diverses)")


def _number(token: str) -> int | None:
    if token is None:
        return None
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else FOLDED_NUMBERS.get(token)


def agenda_items(agenda: str) -> list[str]:
    """One item per non-empty line, numbering (``1.``, ``2)``, ``Point 3 :``, ``-``) removed."""
    items = []
    for line in agenda.splitlines():
        line = re.sub(r"^\s*(?:[-–•*]\s*)?(?:point\s*(?:n\s*[°o]\s*)?)?\d{0,3}\s*[.):–-]?\s*",
                      "", line, flags=re.I).strip()
        if line and not re.fullmatch(r"ordre du jour\s*:?", line, re.I):
            items.append(line)
    return items


@dataclass
class Topic:
    title: str
    first: int  # index of the first turn
    last: int  # index of the last turn (inclusive)
    keywords: list[str] = field(default_factory=list)


def _announced_number(text: str) -> int | None:
    match = POINT_NUMBER.search(fold(text[:400]))
    if not match:
        return None
    return _number(match.group(1) or match.group(2))


def _title_match(text: str, item: str) -> bool:
    from rapidfuzz import fuzz

    head, wanted = fold(text[:300]), fold(item)
    return len(wanted) >= 6 and fuzz.partial_ratio(wanted, head) >= 90


def segment_by_agenda(turns: list[Segment], items: list[str]) -> list[Topic]:
    """Walk the turns; a turn announcing a later item (its number, its title, or "point
    suivant") opens it. Turns before the first item form "Ouverture de la séance"."""
    starts: dict[int, int] = {}
    current = -1
    for index, turn in enumerate(turns):
        number = _announced_number(turn.text)
        target = None
        if number is not None and current + 1 < number <= len(items):
            target = number - 1
        else:
            for candidate in range(current + 1, min(current + 3, len(items))):
                if _title_match(turn.text, items[candidate]):
                    target = candidate
                    break
            if target is None and NEXT_POINT.search(fold(turn.text[:400])) and \
                    current + 1 < len(items) and current >= 0:
                target = current + 1
        if target is not None:
            starts[target] = index
            current = target
    return _topics_from_starts(turns, [(items[i], starts[i]) for i in sorted(starts)])


def _topics_from_starts(turns: list[Segment], starts: list[tuple[str, int]]) -> list[Topic]:
    starts = sorted(starts, key=lambda s: s[1])
    if not starts or starts[0][1] > 0:
        starts.insert(0, ("Ouverture de la séance", 0))
    topics = []
    for position, (title, first) in enumerate(starts):
        last = starts[position + 1][1] - 1 if position + 1 < len(starts) else len(turns) - 1
        if last >= first:
            topics.append(Topic(title=title, first=first, last=last))
    return topics


def _announced_title(text: str) -> str:
    """The words after "point n° 3 :" or "point suivant :" up to the end of the sentence."""
    match = re.search(r"(?:\w+\s+point\b|point\s+(?:n\s*°\s*)?\w+|point suivant|"
                      r"questions diverses)"
                      r"\s*(?:[:,–-]|qui concerne|concerne|porte sur|relatif à)?\s*([^.!?]{3,90})",
                      text[:400], re.I)
    if match and "questions diverses" in match.group(0).casefold():
        return "Questions diverses"
    if match:
        title = re.sub(r"^(?:(?:la|le|les|l'|l’)\s+)", "", match.group(1).strip(" :,"), flags=re.I)
        return title[:1].upper() + title[1:]
    return ""


def segment_by_announcements(turns: list[Segment]) -> list[Topic]:
    """Without an agenda: the chair's "point n° 2", "point suivant", "questions diverses"."""
    starts = []
    for index, turn in enumerate(turns):
        head = fold(turn.text[:400])
        if _announced_number(turn.text) is not None or NEXT_POINT.search(head):
            title = _announced_title(turn.text) or f"Point {len(starts) + 1}"
            starts.append((title, index))
    return _topics_from_starts(turns, starts) if len(starts) >= 2 else []


STOPWORDS = set([
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle",
    "en", "et", "eux", "il", "ils", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me",
    "meme", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour",
    "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu",
    "un", "une", "vos", "votre", "vous", "c", "d", "j", "l", "m", "n", "s", "t", "y", "est",
    "sont", "etait", "ete", "etre", "avoir", "a", "ont", "avons", "avez", "fait", "faire",
    "plus", "tres", "bien", "aussi", "donc", "alors", "merci", "oui", "non", "tout", "tous",
    "toute", "toutes", "comme", "si", "cela", "ca", "celui", "celle", "ceux", "dont", "leurs",
    "deja", "encore", "sans", "sous", "entre", "vers", "chez", "apres", "avant", "ici", "la",
    "voila", "voici", "puis", "peu", "peut", "peuvent", "pouvons", "faut", "va", "vais",
    "allons", "autre", "autres", "quand", "quel", "quelle", "chaque", "ainsi", "fois",
    "monsieur", "madame", "maire", "mme", "m", "conseil", "municipal", "point", "parole",
    "question", "questions", "bonjour", "bonsoir", "dire", "dit", "propose", "proposons",
    "proposition", "avis", "ceci", "cela", "donne"
])


def _tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{3,}", fold(text)) if w not in STOPWORDS]


class Tfidf:
    """TF-IDF over ``_tokens`` (sublinear tf, smoothed idf, rows normalised): a few lines of
    numpy rather than scikit-learn, whose import alone costs seconds on a small machine."""

    def __init__(self, documents: list[str]):
        import numpy as np

        tokenised = [_tokens(d) for d in documents]
        self.names = sorted({w for words in tokenised for w in words})
        self.index = {w: i for i, w in enumerate(self.names)}
        frequency = np.zeros(len(self.names))
        for words in tokenised:
            for word in set(words):
                frequency[self.index[word]] += 1
        self.idf = np.log((1 + len(documents)) / (1 + frequency)) + 1

    def transform(self, documents: list[str]):
        import numpy as np

        matrix = np.zeros((len(documents), len(self.names)))
        for row, document in enumerate(documents):
            for word in _tokens(document):
                column = self.index.get(word)
                if column is not None:
                    matrix[row, column] += 1
        matrix = np.where(matrix > 0, 1 + np.log(np.maximum(matrix, 1)), 0) * self.idf
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


def _vectoriser(documents: list[str]) -> Tfidf:
    return Tfidf(documents)


def segment_lexical(turns: list[Segment], *, block_words: int | None = None, window: int = 3,
                    max_topics: int = 12) -> list[Topic]:
    """TextTiling-like: turns grouped in blocks of about ``block_words`` words; cosine similarity
    of TF-IDF vectors of the ``window`` blocks either side of each gap; a boundary where the
    depth of the similarity valley exceeds mean - std / 2 (Hearst, 1997)."""
    import numpy as np

    if block_words is None:  # about a dozen blocks or more, 20 to 60 words each
        block_words = max(20, min(60, sum(t.words for t in turns) // 12))
    blocks: list[list[int]] = [[]]
    words = 0
    for index, turn in enumerate(turns):
        blocks[-1].append(index)
        words += turn.words
        if words >= block_words:
            blocks.append([])
            words = 0
    blocks = [b for b in blocks if b]
    texts = [" ".join(turns[i].text for i in block) for block in blocks]
    if len(blocks) < 4 or not any(_tokens(t) for t in texts):
        return _topics_from_starts(turns, [])
    vectoriser = _vectoriser(texts)
    matrix = vectoriser.transform(texts)
    scores = []
    for gap in range(1, len(blocks)):
        left = matrix[max(0, gap - window):gap].sum(axis=0)
        right = matrix[gap:gap + window].sum(axis=0)
        norm = float(np.linalg.norm(left) * np.linalg.norm(right))
        scores.append(float(left @ right) / norm if norm else 0.0)
    depths = []
    for i, score in enumerate(scores):
        left_peak = max(scores[:i + 1])
        right_peak = max(scores[i:])
        depths.append((left_peak - score) + (right_peak - score))
    cutoff = float(np.mean(depths) - np.std(depths) / 2)
    gaps = sorted((d, i) for i, d in enumerate(depths) if d > cutoff and d > 0)[::-1]
    chosen: list[int] = []
    for _depth, i in gaps:
        if len(chosen) >= max_topics - 1:
            break
        if all(abs(i - j) >= 2 for j in chosen):
            chosen.append(i)
    starts = [("", blocks[i + 1][0]) for i in sorted(chosen)]
    topics = [Topic(title="", first=t.first, last=t.last)
              for t in _topics_from_starts(turns, [("", 0), *starts])]
    _name_topics(turns, topics, vectoriser)
    return topics


def _name_topics(turns: list[Segment], topics: list[Topic], vectoriser) -> None:
    """A lexical topic's title: its three most distinctive words."""
    import numpy as np

    texts = [" ".join(t.text for t in turns[topic.first:topic.last + 1]) for topic in topics]
    matrix = vectoriser.transform(texts)
    names = vectoriser.names
    for topic, row, text in zip(topics, matrix, texts, strict=True):
        best = [names[i] for i in np.argsort(row)[::-1][:3] if row[i] > 0]
        surface = {}  # the folded keyword as written in the transcript (accents back)
        for word in re.findall(r"[^\W\d_]{3,}", text):
            surface.setdefault(fold(word), word.lower())
        best = [surface.get(word, word) for word in best]
        topic.keywords = best
        topic.title = ", ".join(best).capitalize() if best else "Échanges"


def segment(turns: list[Segment], agenda: str = "") -> tuple[list[Topic], str]:
    """(topics, method): agenda items when given, else the chair's announcements, else lexical
    cohesion."""
    items = agenda_items(agenda)
    if items:
        topics = segment_by_agenda(turns, items)
        if len(topics) > 1:
            return topics, "agenda"
    topics = segment_by_announcements(turns)
    if topics:
        return topics, "announcements"
    return segment_lexical(turns), "lexical"


def topic_time(turns: list[Segment], topic: Topic) -> tuple[float | None, float | None]:
    chunk = turns[topic.first:topic.last + 1]
    starts = [t.start for t in chunk if t.start is not None]
    ends = [t.end for t in chunk if t.end is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


# --- Key sentences -----------------------------------------------------------------------------

PROCEDURAL = re.compile(r"^(?:merci|bonsoir|bonjour|oui|non|d'accord|tres bien|bien|"
                        r"je vous remercie|qui est pour|qui est contre|qui s'abstient)\b")


def key_sentences(items: list[Sentence], *, count: int = 3) -> list[Sentence]:
    """The ``count`` sentences closest to the topic's TF-IDF centroid (long enough, not
    procedural), in their original order."""
    import numpy as np

    candidates = [s for s in items if len(WORD.findall(s.text)) >= 6
                  and not PROCEDURAL.match(fold(s.text))
                  and _announced_number(s.text) is None and not NEXT_POINT.search(fold(s.text))]
    if len(candidates) <= count:
        return candidates
    texts = [s.text for s in candidates]
    if not any(_tokens(t) for t in texts):
        return candidates[:count]
    matrix = _vectoriser(texts).transform(texts)
    centroid = matrix.mean(axis=0)
    norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(centroid) or 1.0)
    scores = (matrix @ centroid) / np.where(norms == 0, 1.0, norms)
    scores += np.array([0.15 if DECISION.search(fold(t)) else 0.0 for t in texts])
    best = sorted(np.argsort(scores)[::-1][:count])
    return [candidates[i] for i in best]


# --- Decisions and votes -----------------------------------------------------------------------

DECISION = re.compile(
    r"\b(?:adopte(?:e|es|s)?|approuve(?:e|es|s)?|rejete(?:e|es|s)?|"
    r"(?:le|la) (?:conseil municipal|conseil communautaire|assemblee) "
    r"(?:approuve|decide|adopte|autorise|fixe|emet|valide|accepte|refuse|rejette|donne)|"
    r"a l'unanimite|(?:la|cette) deliberation est (?:adoptee|rejetee|approuvee))\b")
UNANIMOUS = re.compile(r"\bunanimite\b")
REJECTED = re.compile(r"\b(?:rejete(?:e|es|s)?|rejette|refuse)\b")
COUNT = rf"(?<![-\w]){NUMBER}"
VOTE_PATTERNS = {
    "for": [rf"{COUNT}\s+voix\s+pour\b", rf"\bpour\s*:\s*{COUNT}",
            rf"{COUNT}\s+pour\b(?!\s*(?:cent|mille))"],
    "against": [rf"{COUNT}\s+(?:voix\s+)?contre\b", rf"\bcontre\s*:\s*{COUNT}"],
    "abstention": [rf"{COUNT}\s+abstentions?\b", rf"\babstentions?\s*:\s*{COUNT}"],
}
# "12 pour" alone is a vote only in a sentence that speaks of votes ("deux euros vingt pour
# financer" is not).
VOTE_CONTEXT = re.compile(r"\b(?:voix|vote|votes|votants|contre|abstentions?|adopte\w*|"
                          r"approuve\w*|rejete\w*|unanimite)\b")
NO_AGAINST = re.compile(r"\b(?:aucune? (?:voix )?contre|pas de (?:voix )?contre)\b")
NO_ABSTENTION = re.compile(r"\b(?:aucune abstention|pas d'abstention|sans abstention)\b")


def parse_vote(text: str) -> dict | None:
    """{"for", "against", "abstention", "unanimous"} from French phrasing, or None."""
    folded = fold(text)
    vote: dict = {"for": None, "against": None, "abstention": None,
                  "unanimous": bool(UNANIMOUS.search(folded))}
    in_context = bool(VOTE_CONTEXT.search(folded))
    for key, patterns in VOTE_PATTERNS.items():
        for position, pattern in enumerate(patterns):
            if key == "for" and position == 2 and not in_context:
                continue
            match = re.search(pattern, folded)
            if match:
                vote[key] = _number(match.group(1))
                break
    if vote["for"] is not None or vote["against"] is not None or vote["abstention"] is not None:
        if vote["against"] is None and NO_AGAINST.search(folded):
            vote["against"] = 0
        if vote["abstention"] is None and NO_ABSTENTION.search(folded):
            vote["abstention"] = 0
        return vote
    return vote if vote["unanimous"] else None


def decisions(turns: list[Segment], topics: list[Topic]) -> list[dict]:
    """Sentences stating a decision, with the vote stated in them or in the next two sentences
    of the same topic; consecutive decision sentences (within two) make one decision."""
    found: list[dict] = []
    for topic in topics:
        items = sentences(turns[topic.first:topic.last + 1])
        last_at = -10
        for position, sentence in enumerate(items):
            folded = fold(sentence.text)
            vote = parse_vote(sentence.text)
            if not DECISION.search(folded) and vote is None:
                continue
            if vote is None:
                nearby = " ".join(s.text for s in items[position + 1:position + 3])
                vote = parse_vote(nearby)
            if found and found[-1]["topic"] == topic.title and position - last_at <= 2:
                merged = found[-1]
                merged["text"] = f"{merged['text']} {sentence.text}"
                if merged["vote"] is None or (vote and _vote_size(vote) > _vote_size(
                        merged["vote"])):
                    merged["vote"] = vote or merged["vote"]
                if REJECTED.search(folded):
                    merged["outcome"] = "rejeté"
            else:
                found.append({"topic": topic.title, "text": sentence.text,
                              "speaker": sentence.speaker,
                              "start": turns[topic.first + sentence.turn].start,
                              "vote": vote,
                              "outcome": "rejeté" if REJECTED.search(folded) else "adopté"})
            last_at = position
    return found


def _vote_size(vote: dict) -> int:
    return sum(v is not None for k, v in vote.items() if k != "unanimous") + vote["unanimous"]


def vote_label(vote: dict | None) -> str:
    if not vote:
        return ""
    parts = []
    if vote.get("unanimous"):
        parts.append("à l'unanimité")
    for key, word in (("for", "pour"), ("against", "contre"), ("abstention", "abstention(s)")):
        if vote.get(key) is not None:
            parts.append(f"{vote[key]} {word}")
    return ", ".join(parts)


# --- Actions -----------------------------------------------------------------------------------

ACTION = re.compile(
    r"\b(?:il est convenu que|il a ete convenu|(?:se charge|se chargera|est charge|est chargee|"
    r"sera charge|sera chargee) de|a prevoir|il faudra|il conviendra de|je m'engage a|"
    r"nous nous engageons a|reviendra vers|reviendrons vers|sera transmis|seront transmis|"
    r"(?:doit|devra|devront) (?:etre )?(?:envoye|transmis|prepare|lance|contacte)|"
    r"prendra contact|prendre contact avec|sera inscrit a l'ordre du jour)")
OWNER = re.compile(r"^(.{2,60}?)\s+(?:se charge|se chargera|est charg|sera charg|prendra contact|"
                   r"reviendra vers)", re.I)


def actions(turns: list[Segment], topics: list[Topic]) -> list[dict]:
    found = []
    for topic in topics:
        for sentence in sentences(turns[topic.first:topic.last + 1]):
            if not ACTION.search(fold(sentence.text)):
                continue
            owner_match = OWNER.search(sentence.text)
            owner = owner_match.group(1).strip() if owner_match else ""
            owner = re.sub(r"^(?:oui|non|alors|donc|bon|bien|d'accord|et|ensuite)\b[\s,]*", "",
                           owner, flags=re.I)
            if owner.casefold() in {"il", "elle", "on", "nous", "je"}:
                owner = sentence.speaker if owner.casefold() == "je" else ""
            found.append({"topic": topic.title, "text": sentence.text, "owner": owner,
                          "speaker": sentence.speaker,
                          "start": turns[topic.first + sentence.turn].start})
    return found


def duration(turns: list[Segment]) -> float | None:
    starts = [t.start for t in turns if t.start is not None]
    ends = [t.end for t in turns if t.end is not None]
    if not starts or not ends:
        return None
    return round(max(ends) - min(starts), 1)


def format_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    total = math.floor(value + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
