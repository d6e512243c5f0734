"""Candidate person names: civility rules, "Firstname SURNAME" shapes, lists of council members,
signature blocks, the known officials, spaCy's PER entities, then every other occurrence of a
name found once (full name and family name)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import nlp
from .text import CIVILITY, name_key, normalise, surname_key

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
WORD = (
    rf"(?:[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*|[{_UP}]{{2,}}(?:[-'’][{_UP}]{{2,}})*"
    rf"|[{_UP}]\.(?:-[{_UP}]\.)?)"
)
PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|del|da|di|De|Du|Le|La)"
NAME = rf"{WORD}(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]*)?{WORD}){{0,3}}"
CIVILITIES = (
    r"(?:M\.|MM\.|Mr\.?|Mme|Mmes|Mlle|Me|Maître|Dr\.?|Docteur|Monsieur|Madame|Mademoiselle)"
)
WITH_CIVILITY = re.compile(rf"\b{CIVILITIES}[ \u00a0]+({NAME})")
# Families and couples named by their surname: "les consorts ROCHE", "la famille Roche".
FAMILY = re.compile(
    rf"\b(?i:consorts|famille|[ée]poux|veuve|h[ée]ritiers|indivision|succession)[ \u00a0]+({NAME})"
)
FIRST_SURNAME = re.compile(
    rf"\b([{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)?"
    rf"[{_UP}]{{2,}}(?:[-' ][{_UP}]{{2,}})*)\b"
    rf"|\b([{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?[ \u00a0]+[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\b"
)
LIST_HEADER = re.compile(
    r"^[ \t]*(?:[ée]taient\s+)?(?:pr[ée]sent(?:e|s|es)?|absent(?:e|s|es)?(?:\s+excus[ée]e?s?)?"
    r"|excus[ée]e?s?|pouvoirs?|procurations?|secr[ée]taire\s+de\s+s[ée]ance"
    r"|membres\s+pr[ée]sents|[ée]lus?\s+pr[ée]sents)\b[^:\n]{0,60}:",
    re.IGNORECASE | re.MULTILINE,
)
PROXY = re.compile(rf"pouvoir\s+(?:de\s+)?(?:{CIVILITIES}\s+)?({NAME})\s+(?:à|a)\s+"
                   rf"(?:{CIVILITIES}\s+)?({NAME})")
PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "del", "da", "di"}
# Words that start with a capital in administrative French and are never names.
_STOP_WORDS = """
Le La Les L' Un Une Des Du De Et Ou Vu Considérant Article Articles Arrête Arrêté Décide
Délibération Décision Commune Conseil Municipal Municipale Maire Adjoint Adjointe
Conseiller Conseillère Conseillers Préfet Préfète Président Présidente Vice-Président
Secrétaire Séance Directeur Directrice Général Générale Services République Française
Monsieur Madame Mademoiselle Messieurs Mesdames Code Loi Décret Objet Fait Pour Par
Mairie Département Région État Etat Tribunal Administratif Cour Rapporteur Présents
Absents Excusés Pouvoir Pouvoirs Votants Contre Abstention Abstentions Exprimés Union
Famille Consorts Époux Veuve Européenne Association Club Comité Syndicat Communauté
Communes Agglomération Métropole
CCAS SIVU SIVOM EPCI CGCT DGS RIB IBAN BIC NIR Ville Hôtel Rue Avenue Place Chemin Route
Boulevard Impasse Allée Quai Section Parcelle Cadastre Janvier Février Mars Avril Mai
Juin Juillet Août Septembre Octobre Novembre Décembre Lundi Mardi Mercredi Jeudi
Vendredi Samedi Dimanche Saint Sainte ARRÊTÉ ARRETE DÉLIBÉRATION DELIBERATION DÉCISION
DECISION EXTRAIT REGISTRE DÉLIBÉRATIONS COMMUNE MAIRE RÉPUBLIQUE FRANÇAISE CONSEIL
MUNICIPAL OBJET ARTICLE PROCÈS-VERBAL SÉANCE DU LA LE DE ET Total Nombre Membres
Exercice Date Convocation Affichage Transmis Publié Certifié Rendu Exécutoire Contrôle
Légalité Budget Dépenses Recettes Fonctionnement Investissement Annexe Annexes Nous Il
Elle Ils Elles Ce Cette Sur Sous En Au Aux Après Avant Titulaire Stagiaire Grade Échelon
Indice Cimetière Concession Logement Lieu-dit Hameau Résidence Pôle Emploi France
Travail Caisse Banque Postale Trésor Public Trésorerie Recette Dossier Demande Référence
Docteur Maître
"""
STOP = {normalise(w) for w in re.findall(r"\S+", _STOP_WORDS)}
# Names after these words are places or bodies, not people ("rue Jean Jaurès", "école Jules Ferry").
PLACE_BEFORE = re.compile(
    r"(?:rue|avenue|boulevard|bd|place|all[ée]e|impasse|chemin|quai|square|cours|route|pont|"
    r"[ée]cole|coll[èe]ge|lyc[ée]e|salle|stade|gymnase|espace|centre|r[ée]sidence|parc|jardin|"
    r"h[ôo]pital|fondation|association|club|EHPAD|maison|biblioth[èe]que|m[ée]diath[èe]que|"
    r"quartier|lotissement|Saint|Sainte|de la commune de|commune de|ville de|mairie de|"
    r"lieu-dit|hameau)\s*$",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    start: int
    end: int
    source: str  # "civilite", "forme", "liste", "procuration", "elu", "spacy", "propagation"
    score: float
    in_list: bool = False


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut stop words off both ends ("DUPONT Conseiller" -> "DUPONT"); None if nothing left."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and CIVILITY.match(text[words[0][0] : words[0][1]] + " "):
        words.pop(0)
    while words and normalise(text[words[0][0] : words[0][1]]).strip(",.;:") in STOP:
        words.pop(0)
    keep = []
    for i, w in enumerate(words):
        word = normalise(text[w[0] : w[1]]).strip(",.;:")
        inside = 0 < i < len(words) - 1
        if word in STOP and not (inside and word in PARTICLES):  # "de La Fontaine" stays
            break
        keep.append(w)
    if not keep:
        return None
    s, e = keep[0][0], keep[-1][1]
    while e > s and text[e - 1] in ",.;:" and not re.search(r"\b[A-Z]\.$", text[s:e]):
        e -= 1
    return (s, e) if e - s >= 2 else None


def _add(found: list[Candidate], text: str, span, source: str, score: float, in_list=False):
    trimmed = _trim(text, *span)
    if trimmed is None:
        return
    value = text[trimmed[0] : trimmed[1]]
    if source in ("forme", "spacy") and (len(value.split()) < 2 or re.match(r"[dl]['’]", value)):
        return  # one word alone ("Vernoux", "l'Ardèche"): a place or a title, not a name
    if PLACE_BEFORE.search(text[max(0, trimmed[0] - 40) : trimmed[0]]):
        return
    found.append(Candidate(trimmed[0], trimmed[1], source, score, in_list))


def list_regions(text: str) -> list[tuple[int, int]]:
    """Lists of council members: from "Présents :" to the end of the paragraph."""
    regions = []
    for m in LIST_HEADER.finditer(text):
        end = text.find("\n\n", m.end())
        nxt = LIST_HEADER.search(text, m.end())
        end = len(text) if end == -1 else end
        if nxt and nxt.start() < end:
            end = nxt.start()
        regions.append((m.end(), end))
    return regions


def _list_members(text: str, found: list[Candidate]) -> None:
    for start, end in list_regions(text):
        for m in re.finditer(r"[^,;\n()]+", text[start:end]):
            chunk = m.group(0)
            inner = re.sub(r"^(?:et|à|a|pouvoir\s+(?:à|a))\s+", "", chunk.strip())
            inner = CIVILITY.sub("", inner).strip()
            name = re.match(NAME, inner)
            if not name:
                continue
            offset = start + m.start() + chunk.index(inner)
            _add(found, text, (offset + name.start(), offset + name.end()), "liste", 0.95, True)


def _known(text: str, officials: Iterable[str], found: list[Candidate]) -> None:
    for official in officials:
        key = official.strip()
        if len(key) < 3:
            continue
        words = [re.escape(w) for w in key.split()]
        pattern = r"[\s\u00a0]+".join(words)
        for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
            found.append(Candidate(m.start(), m.end(), "elu", 0.95))


def candidates(text: str, officials: Iterable[str], *, use_model: bool = True) -> list[Candidate]:
    found: list[Candidate] = []
    for pattern in (WITH_CIVILITY, FAMILY):
        for m in pattern.finditer(text):
            _add(found, text, m.span(1), "civilite", 0.95)
    for m in FIRST_SURNAME.finditer(text):
        group = 1 if m.group(1) else 2
        _add(found, text, m.span(group), "forme", 0.85)
    for m in PROXY.finditer(text):
        _add(found, text, m.span(1), "procuration", 0.95)
        _add(found, text, m.span(2), "procuration", 0.95)
    _list_members(text, found)
    _known(text, officials, found)
    if use_model:
        for start, end in nlp.persons(text):
            # spaCy often includes the civility: keep only the name.
            civ = CIVILITY.match(text[start:end])
            if re.search(r"\d", text[start:end]):
                continue
            _add(found, text, (start + (civ.end() if civ else 0), end), "spacy", 0.75)
    return found


def propagate(text: str, names: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Every other occurrence of a name already found: the full form and the family name."""
    forms: set[str] = set()
    for start, end in names:
        value = text[start:end]
        forms.add(value)
        surname = surname_key(value)
        for word in re.findall(r"[\w'’-]+", value):
            if name_key(word) == surname and len(word) >= 3 and normalise(word) not in STOP:
                forms.add(word)
    found: list[Candidate] = []
    for form in sorted(forms, key=len, reverse=True):
        pattern = r"[\s\u00a0]+".join(re.escape(w) for w in form.split())
        for m in re.finditer(rf"(?<![\w@.]){pattern}(?![\w@])", text, re.IGNORECASE):
            if m.group(0)[0].isupper():
                _add(found, text, m.span(), "propagation", 0.8)
    return found
