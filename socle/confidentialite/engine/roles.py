"""Keep or mask a person, with the rule that decided. Precedence, first match wins:

1. office: a title next to the name ("Jean DUPONT, Maire", "Le Préfet, …", a signature block,
   "sous la présidence de", "rapporteur") -> keep;
2. council list: the name is in "Présents :", "Absents excusés :", "pouvoir de X à Y" -> keep;
3. private context: beneficiary, resident, owner, agent, birth… around the name -> mask, even
   when the name is also a known official (a resident sharing the mayor's surname);
4. known official: the full name, or the bare family name, of a name passed in ``officials``
   -> keep;
5. same person: another occurrence of this name was kept by 1, 2 or 4 and none was masked by 3
   or 6 -> keep; when the family name was both kept and masked, only an exact full name kept
   stays kept;
6. otherwise -> mask (a private person).
"""

from __future__ import annotations

import re

from .model import KEEP, MASK
from .names import CIVILITIES
from .text import name_key, surname_key

_TITLE = (
    r"(?:maire|(?:1(?:er|re|ère)|premi(?:er|ère)|\d+(?:e|è|ème|eme))\s+adjointe?|adjointe?s?"
    r"(?:\s+au\s+maire)?(?:\s+d[ée]l[ée]gu[ée]e?)?|conseill(?:er|ère|ers|ères)\s+(?:municipa|"
    r"communautaire|d[ée]partementa|r[ée]giona|d[ée]l[ée]gu)\w*|pr[ée]f[eè]te?|sous-pr[ée]f[eè]te?"
    r"|pr[ée]sidente?\s+(?:du\s+conseil|de\s+la\s+communaut[ée]|de\s+la\s+m[ée]tropole|du\s+syndicat"
    r"|du\s+CCAS|de\s+l'EPCI|de\s+s[ée]ance)|vice-pr[ée]sidente?|secr[ée]taire\s+de\s+s[ée]ance"
    r"|rapporteur|rapporteure|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)"
    r"|directeur\s+g[ée]n[ée]ral\s+des\s+services|directrice\s+g[ée]n[ée]rale\s+des\s+services)"
)
# "de Boffres", "de la commune de Saint-Péray", "de l'Ardèche": capitalised words only, so
# "Le Maire de Boffres autorise M. X" is not a signature.
_PLACE = (
    r"(?:de|d'|du|des)\s+(?:la\s+|l')?(?:commune\s+de\s+|ville\s+de\s+)?"
    r"(?-i:[A-ZÀ-Ý][\w'’-]*(?:[ -](?:[A-ZÀ-Ý][\w'’-]*|de|du|des|la|le|l'|d'|sur|en|et|lès))"
    r"{0,5})"
)
OFFICE_AFTER = re.compile(rf"^[ \t]*(?:,|\(|–|-)?[ \t]*(?:l[ea']\s*)?{_TITLE}", re.IGNORECASE)
OFFICE_BEFORE = re.compile(
    rf"(?:(?:l[ea']\s*|pour\s+l[ea']\s*)?{_TITLE}(?:\s+{_PLACE})?"
    rf"|pr[ée]sidence\s+de|rapport\s+de|nous|abstentions?\s*[(:]|contre\s*[(:]"
    rf"|voix\s+pour\s*[(:])\s*[,:]?\s*\n?[ \t]*(?:{CIVILITIES}\s+)?$",
    re.IGNORECASE,
)
PRIVATE_BEFORE = re.compile(
    r"(?:attribu\w*|au\s+profit\s+d[eu']|b[ée]n[ée]ficiaire|en\s+faveur\s+d[eu']|vers[ée]e?s?\s+"
    r"[àa]|accord[ée]e?s?\s+[àa]|allou[ée]e?s?\s+[àa]|demeurant|domicili\w+|propri[ée]taires?|"
    r"riverains?|p[ée]titionnaires?|locataires?|pr[ée]sent[ée]e?\s+par|formul[ée]e?\s+par|"
    r"d[ée]pos[ée]e?\s+par|sollicit\w+|agents?|d[ée]funte?|h[ée]ritiers?|ayants?\s+droit|"
    r"concessionnaires?|nomm[ée]e?|recrut[ée]e?|titularis[ée]e?|plac[ée]e?|stagiaire|"
    r"pr[ée]sid[ée]e?\s+par|repr[ée]sent[ée]e?\s+par|conjoint|[ée]poux|[ée]pouse|fils|fille"
    r"|veuve?|famille|demande\s+d[eu']|requ[ée]rante?|int[ée]ress[ée]e?)\b[^.;\n]{0,50}$",
    re.IGNORECASE,
)
PRIVATE_AFTER = re.compile(
    r"^\s*,?\s*(?:n[ée]e?\s+le|domicili|demeurant|propri[ée]taire|locataire|agent|"
    r"b[ée]n[ée]ficiaire|pr[ée]sidente?\s+de\s+l'association|r[ée]sidant)",
    re.IGNORECASE,
)


def office_rule(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 90) : start]
    after = text[end : end + 90]
    if OFFICE_AFTER.search(after):
        return "Élu ou autorité en fonction (titre après le nom) : conservé."
    if OFFICE_BEFORE.search(before):
        return "Élu ou autorité en fonction (titre ou signature avant le nom) : conservé."
    return None


def private_rule(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 70) : start]
    if PRIVATE_BEFORE.search(before) or PRIVATE_AFTER.search(text[end : end + 40]):
        return "Particulier nommé dans l'acte (bénéficiaire, riverain, agent…) : masqué."
    return None


def first_pass(text, start, end, *, in_list: bool, officials: set[str]):
    """Rules 1 to 4: (action, reason), or None when only the document can tell (5, 6)."""
    reason = office_rule(text, start, end)
    if reason:
        return KEEP, reason
    if in_list:
        return KEEP, (
            "Membre du conseil cité dans la liste des présents, absents ou pouvoirs : conservé."
        )
    reason = private_rule(text, start, end)
    if reason:
        return MASK, reason
    key = name_key(text[start:end])
    if key in officials or (len(key.split()) == 1 and key in {surname_key(o) for o in officials}):
        return KEEP, "Élu connu de la collectivité : conservé."
    return None


def second_pass(key: str, surname: str, kept: set[str], masked: set[str]):
    if key in kept and key not in masked and (key != surname or surname not in masked):
        return KEEP, "Même personne qu'un élu en fonction nommé dans l'acte : conservé."
    if surname in kept and surname not in masked and len(key.split()) == 1:
        return KEEP, "Même nom de famille qu'un élu en fonction nommé dans l'acte : conservé."
    return MASK, "Nom de personne : masqué (nom trouvé une fois, masqué à chaque occurrence)."
