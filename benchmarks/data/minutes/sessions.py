"""Source of the minutes bench set: six fictitious sessions (people and debates invented for
Socle), each written once here and rendered into one transcript format. ``python
benchmarks/data/minutes/sessions.py`` rewrites the transcripts and ``labels.json``; the labels
come from this authored structure, never from Socle's parser.

A session: topics in order; a topic: (title, [(speaker, text, seconds), ...]); ``votes`` give
the expected decisions as (topic index, for, against, abstention, unanimous), None where the
transcript does not state the figure."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"[\w’'-]+")

SESSIONS = [
    {"file": "conseil-a.txt", "format": "hms", "agenda": True, "votes": [(1, 14, 0, 1, False),
                                                                         (2, None, None, None,
                                                                          True)],
     "topics": [
         ("Ouverture de la séance", [
             ("Paul Essai", "Bonsoir, je déclare la séance ouverte. Quatorze conseillers sont "
              "présents, le quorum est atteint.", 9),
             ("Paul Essai", "Je propose que Rose Brouillon soit secrétaire de séance.", 5),
             ("Rose Brouillon", "J'accepte volontiers.", 3)]),
         ("Vente d'un terrain communal", [
             ("Paul Essai", "Point n° 1 : vente d'un terrain communal au lieu-dit les Vignes. "
              "Hugo Maquette, vous rapportez.", 8),
             ("Hugo Maquette", "La parcelle de mille deux cents mètres carrés est en friche "
              "depuis dix ans. Un artisan menuisier souhaite l'acheter pour y installer son "
              "atelier. France Domaine estime le terrain à vingt-quatre mille euros.", 21),
             ("Lina Calque", "L'atelier fera-t-il du bruit pour les maisons voisines du "
              "lotissement ?", 7),
             ("Hugo Maquette", "Le menuisier travaille en journée et le bâtiment sera isolé. Le "
              "compromis prévoit une clause sur les horaires.", 11),
             ("Paul Essai", "Je mets aux voix. La vente est adoptée par 14 voix pour, 0 contre "
              "et 1 abstention.", 9)]),
         ("Subventions aux associations", [
             ("Paul Essai", "Point n° 2 : subventions aux associations sportives et "
              "culturelles.", 6),
             ("Lina Calque", "Le club de football reçoit mille euros, la chorale six cents "
              "euros et la bibliothèque associative huit cents euros, comme l'an passé.", 14),
             ("Hugo Maquette", "La chorale a organisé trois concerts gratuits cette année, "
              "c'est bien que la subvention soit maintenue.", 9),
             ("Paul Essai", "Les subventions aux associations sont adoptées à l'unanimité.", 6)]),
         ("Questions diverses", [
             ("Paul Essai", "Point n° 3 : questions diverses.", 3),
             ("Rose Brouillon", "Le marché de Noël aura lieu le 13 décembre sur la place de la "
              "mairie. Les services techniques se chargent d'installer les chalets.", 12),
             ("Paul Essai", "Merci à tous, la séance est levée.", 4)]),
     ]},
    {"file": "conseil-b.vtt", "format": "vtt", "agenda": False, "votes": [(1, 10, 2, None, False),
                                                                           (2, 12, None, None,
                                                                            False)],
     "topics": [
         ("Ouverture de la séance", [
             ("Sophie Ébauche", "Bonsoir à toutes et à tous, la séance est ouverte. Nous "
              "sommes douze présents sur quinze.", 8),
             ("Sophie Ébauche", "Marc Gabarit est désigné secrétaire de séance.", 4)]),
         ("Rythmes scolaires", [
             ("Sophie Ébauche", "Premier point : l'organisation de la semaine scolaire à la "
              "rentrée prochaine.", 6),
             ("Nora Patron", "Le conseil d'école a voté pour la semaine de quatre jours. Les "
              "enseignants et la majorité des parents y sont favorables.", 12),
             ("Marc Gabarit", "Il faudra réorganiser l'accueil périscolaire du mercredi matin "
              "et revoir le transport des élèves.", 9),
             ("Nora Patron", "La communauté de communes accueillera les enfants le mercredi au "
              "centre de loisirs.", 8),
             ("Sophie Ébauche", "Qui est pour ? La semaine de quatre jours est adoptée par 10 "
              "voix pour et 2 contre.", 8)]),
         ("Éclairage public", [
             ("Sophie Ébauche", "Point suivant : l'extinction de l'éclairage public la nuit.",
              5),
             ("Marc Gabarit", "Éteindre les lampadaires entre minuit et cinq heures réduirait "
              "la facture d'électricité d'un tiers. Les lampes au sodium seront remplacées par "
              "des LED.", 15),
             ("Nora Patron", "Certains habitants craignent pour la sécurité, mais la "
              "gendarmerie ne constate pas d'effet dans les communes voisines.", 10),
             ("Sophie Ébauche", "L'extinction nocturne est approuvée par 12 voix pour.", 5)]),
     ]},
    {"file": "conseil-c.srt", "format": "srt", "agenda": False, "votes": [(1, None, None, None,
                                                                           True)],
     "topics": [
         ("Ouverture de la séance", [
             ("M. le Maire", "Mesdames et messieurs, la séance est ouverte à vingt heures.", 5),
             ("M. le Maire", "Je propose Mme Croquis comme secrétaire de séance.", 4),
             ("Mme Croquis", "D'accord.", 2)]),
         ("Tarifs de l'eau", [
             ("M. le Maire", "Point n° 1 : les tarifs de l'eau et de l'assainissement.", 5),
             ("M. Canevas", "Le prix du mètre cube d'eau passe de deux euros dix à deux euros "
              "vingt pour financer le renouvellement des canalisations du réseau.", 13),
             ("Mme Croquis", "Combien de fuites ont été réparées sur le réseau cette année ?",
              5),
             ("M. Canevas", "Vingt-trois fuites, surtout sur les canalisations en fonte du "
              "centre bourg. Le rendement du réseau reste inférieur à soixante-dix pour cent.",
              12),
             ("M. le Maire", "Les tarifs de l'eau sont adoptés à l'unanimité.", 4)]),
         ("Cimetière", [
             ("M. le Maire", "Point n° 2 : la reprise des concessions abandonnées au "
              "cimetière.", 6),
             ("Mme Croquis", "La procédure dure trois ans. Un affichage est à prévoir à "
              "l'entrée du cimetière et en mairie.", 9),
             ("M. Canevas", "Les familles pourront se manifester pendant toute la durée de la "
              "procédure.", 6)]),
     ]},
    {"file": "conseil-d.txt", "format": "plain-cp1252", "agenda": True,
     "votes": [(1, 9, 1, 1, False), (2, None, None, None, True)],
     "topics": [
         ("Ouverture de la séance", [
             ("Monsieur le Maire", "La séance est ouverte. Mme DUPRÉ est désignée secrétaire "
              "de séance.", 0)]),
         ("Budget primitif", [
             ("Monsieur le Maire", "Point n° 1 : le budget primitif de l'exercice.", 0),
             ("Mme DUPRÉ", "La section de fonctionnement s'équilibre à neuf cent mille euros. "
              "L'investissement porte sur la rénovation de la salle des fêtes et la voirie.", 0),
             ("M. LEROUX", "Je regrette que les taux d'imposition augmentent de deux pour cent "
              "alors que les dotations de l'État progressent.", 0),
             ("Mme DUPRÉ", "Les dotations ne couvrent pas la hausse du prix de l'énergie.", 0),
             ("Monsieur le Maire", "Le budget primitif est adopté par 9 voix pour, 1 contre et "
              "1 abstention.", 0)]),
         ("Convention de déneigement", [
             ("Monsieur le Maire", "Point n° 2 : la convention de déneigement avec un "
              "agriculteur.", 0),
             ("M. LEROUX", "L'agriculteur déneigera les routes des hameaux avec son tracteur, "
              "payé à l'heure. La commune fournit la lame et le sel.", 0),
             ("Monsieur le Maire", "Le conseil municipal approuve la convention à "
              "l'unanimité.", 0)]),
     ]},
    {"file": "commission-e.txt", "format": "bracket", "agenda": False, "votes": [],
     "topics": [
         ("Chantier de la médiathèque", [
             ("Julie Esquisse", "Le chantier de la médiathèque avance : la charpente est posée "
              "et les menuisiers interviennent la semaine prochaine.", 10),
             ("Bruno Modèle", "Les rayonnages de la médiathèque seront livrés en mars ; les "
              "livres pourront être installés avant l'ouverture.", 9),
             ("Julie Esquisse", "Le coût du chantier reste dans l'enveloppe, la charpente n'a "
              "pas réservé de surprise.", 8),
             ("Bruno Modèle", "La bibliothécaire prépare le fonds de livres pour enfants et les "
              "animations de la médiathèque.", 8)]),
         ("Forêt communale", [
             ("Julie Esquisse", "Concernant la forêt communale, l'Office national des forêts "
              "propose une coupe de sapins dans la parcelle douze.", 9),
             ("Bruno Modèle", "La vente du bois de la forêt rapporterait environ quinze mille "
              "euros ; les sapins scolytés doivent être abattus vite.", 10),
             ("Julie Esquisse", "Les chemins forestiers abîmés par les grumiers seront remis en "
              "état après la coupe de bois.", 8),
             ("Bruno Modèle", "Les chasseurs seront prévenus avant l'abattage des sapins dans "
              "la forêt.", 6)]),
         ("Fête de la musique", [
             ("Julie Esquisse", "Pour la fête de la musique, trois groupes de musiciens ont "
              "répondu et la scène sera montée sur la place.", 9),
             ("Bruno Modèle", "La sono et l'éclairage de la scène seront prêtés par le comité "
              "des fêtes ; les musiciens jouent de vingt heures à minuit.", 10),
             ("Julie Esquisse", "Une buvette tenue par l'association des parents accompagnera "
              "les concerts de la fête de la musique.", 8)]),
     ]},
    {"file": "conseil-f.vtt", "format": "vtt", "agenda": True, "votes": [(1, 11, None, 2, False),
                                                                          (2, 13, None, None,
                                                                           False)],
     "topics": [
         ("Ouverture de la séance", [
             ("Claire Témoin", "Bonsoir, je déclare la séance ouverte ; le quorum est atteint "
              "avec treize présents.", 7),
             ("Claire Témoin", "Denis Prototype sera secrétaire de séance.", 3)]),
         ("Budget annexe de l'eau", [
             ("Claire Témoin", "Nous passons au budget annexe de l'eau. Denis Prototype, vous "
              "avez la parole.", 6),
             ("Denis Prototype", "Le budget annexe finance la nouvelle station de pompage et le "
              "remplacement des compteurs d'eau par des compteurs à relève à distance.", 14),
             ("Yann Ébauche", "Les abonnés paieront-ils la pose des nouveaux compteurs d'eau ?",
              5),
             ("Denis Prototype", "Non, la pose des compteurs est prise en charge par le budget "
              "de l'eau.", 6),
             ("Claire Témoin", "Le budget annexe de l'eau est adopté par 11 voix pour et 2 "
              "abstentions.", 6)]),
         ("Recrutement d'un agent technique", [
             ("Claire Témoin", "Nous passons au recrutement d'un agent technique.", 4),
             ("Yann Ébauche", "Le départ en retraite du cantonnier laisse le service technique "
              "avec un seul agent pour l'entretien des espaces verts et des bâtiments.", 12),
             ("Denis Prototype", "Le poste serait ouvert à temps complet sur le grade d'adjoint "
              "technique ; la fiche de poste sera transmise aux élus.", 10),
             ("Claire Témoin", "La création du poste est adoptée par 13 voix pour.", 4)]),
     ]},
]

AGENDAS = {
    "conseil-a.txt": ["Vente d'un terrain communal", "Subventions aux associations",
                      "Questions diverses"],
    "conseil-d.txt": ["Budget primitif", "Convention de déneigement avec un agriculteur"],
    "conseil-f.vtt": ["Budget annexe de l'eau", "Recrutement d'un agent technique"],
}


def _hms(seconds: float, sep: str = ".") -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}000"


def _cues(session: dict) -> list[tuple[int, str, str, float, float]]:
    """(topic index, speaker, text, start, end) in order; times start at 0."""
    cues, clock = [], 0.0
    for index, (_title, lines) in enumerate(session["topics"]):
        for speaker, text, seconds in lines:
            cues.append((index, speaker, text, clock, clock + seconds))
            clock += seconds
    return cues


def render(session: dict) -> tuple[str, str]:
    """(text, encoding) of the transcript in the session's format."""
    cues = _cues(session)
    fmt = session["format"]
    if fmt == "vtt":
        body = ["WEBVTT", ""]
        for _t, who, text, start, end in cues:
            body += [f"{_hms(start)} --> {_hms(end)}", f"<v {who}>{text}", ""]
        return "\n".join(body), "utf-8"
    if fmt == "srt":
        body = []
        for number, (_t, who, text, start, end) in enumerate(cues, start=1):
            words = text.split()
            half = len(words) // 2
            lines = [f"{who} : {' '.join(words[:half])}", " ".join(words[half:])] if half > 4 \
                else [f"{who} : {text}"]
            body += [str(number), f"{_hms(start, ',')} --> {_hms(end, ',')}", *lines, ""]
        return "\r\n".join(body), "utf-8"
    if fmt == "hms":
        return "\n".join(f"{_hms(start)[:8]} {who} : {text}"
                         for _t, who, text, start, _e in cues) + "\n", "utf-8"
    if fmt == "bracket":
        return "\n".join(f"[{_hms(start)[3:8]}] - {who} : {text}"
                         for _t, who, text, start, _e in cues) + "\n", "utf-8"
    return "\n".join(f"{who} : {text}" for _t, who, text, _s, _e in cues) + "\n", "cp1252"


def labels(session: dict) -> dict:
    cues = _cues(session)
    timed = session["format"] != "plain-cp1252"
    speakers: dict[str, dict] = {}
    previous = None
    for _t, who, text, start, end in cues:
        row = speakers.setdefault(who, {"name": who, "turns": 0, "words": 0,
                                        "seconds": 0.0 if timed else None})
        row["turns"] += who != previous
        row["words"] += len(WORD.findall(text))
        if timed:
            row["seconds"] += end - start
        previous = who
    return {
        "file": session["file"],
        "agenda": session["file"].rsplit(".", 1)[0] + ".ordre-du-jour.txt"
        if session["agenda"] else None,
        "speakers": sorted(speakers.values(), key=lambda r: r["name"]),
        # topic index of every word of the transcript, in order (for Pk and WindowDiff)
        "word_topics": [t for t, _w, text, _s, _e in cues for _ in WORD.findall(text)],
        "topics": [title for title, _lines in session["topics"]],
        "decisions": [{"topic": t, "for": f, "against": a, "abstention": b, "unanimous": u}
                      for t, f, a, b, u in session["votes"]],
    }


def main() -> None:
    for session in SESSIONS:
        text, encoding = render(session)
        (HERE / session["file"]).write_bytes(text.encode(encoding))
        if session["file"] in AGENDAS:
            agenda = "\n".join(f"{n}. {item}" for n, item in
                               enumerate(AGENDAS[session["file"]], start=1))
            (HERE / (session["file"].rsplit(".", 1)[0] + ".ordre-du-jour.txt")).write_text(
                agenda + "\n", encoding="utf-8")
    data = [labels(s) for s in SESSIONS]
    (HERE / "labels.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
