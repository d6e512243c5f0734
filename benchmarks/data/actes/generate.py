"""Builds the evaluation set: fictitious municipal acts with gold annotations.

Each template is an act written by hand; markup ⟦LABEL|m|text⟧ (mask) or ⟦LABEL|k|text⟧ (keep)
marks every personal datum. Slots ({res1}, {maire}…) are filled from pools of fictitious people,
streets and numbers; NIR and IBAN are generated with valid keys. Templates 1–12 make the
development part (40 acts); templates 13–17 (10 acts) the held-out part, never looked at while
tuning the rules. The hard part (6 acts) was written after tuning, in phrasings the rules
were not tuned on. Run: python benchmarks/data/actes/generate.py (deterministic, seed 2024).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from templates import DEV, HARD, HELDOUT

HERE = Path(__file__).parent
FIRST_F = ["Claire", "Sylvie", "Hélène", "Nadia", "Marie-Pierre", "Élodie", "Sandrine", "Chantal",
           "Amandine", "Fatima", "Josiane", "Laetitia", "Brigitte", "Camille", "Odile", "Léa",
           "Yasmina", "Nathalie", "Monique", "Aurélie"]
FIRST_M = ["Jean", "Paul", "Éric", "Thierry", "Jean-Luc", "Mathieu", "Karim", "Gérard", "Bernard",
           "Olivier", "Sébastien", "Raymond", "Hugo", "Lucien", "Denis", "Franck", "Yannick",
           "Pierre-Henri", "Marc", "Rémi"]
LAST = ["DUPONT", "MARCHAND", "ROCHE", "VIDAL", "FAURE", "BENALI", "CHAMBON", "BOISSY", "TEYSSIER",
        "ARNAUD", "MOUNIER", "REYNAUD", "COSTE", "DELORME", "BRUNEL", "SOUBEYRAND", "CHARRE",
        "VERNET", "ROUVIÈRE", "DE LA BAUME", "GIRAUD", "PEYRON", "N'GUYEN", "MAZET", "FOURNIER",
        "BONNET", "LAPIERRE", "ESCOFFIER", "VALLON", "DUMAS", "SAUSSAC", "RIFFARD", "CROZE",
        "BARRAL", "OLLIER", "PONSONNET", "MARTINEZ", "HADDAD", "BOUVIER", "LEFEBVRE"]
COMMUNES = [("Alboussière", "07440"), ("Boffres", "07440"), ("Champis", "07440"),
            ("Saint-Romain-de-Lerps", "07130"), ("Vernoux-en-Vivarais", "07240"),
            ("Saint-Péray", "07130"), ("Lamastre", "07270"), ("Gilhoc-sur-Ormèze", "07270")]
VOIES = ["rue des Lilas", "chemin de la Croix", "impasse des Mûriers", "avenue de la Gare",
         "route de Lamastre", "allée des Tilleuls", "place du Champ de Mars", "montée des Écoliers",
         "chemin des Vignes", "rue du Vieux Pont", "boulevard Gambetta", "quai de l'Eyrieux",
         "lieu-dit Les Granges", "hameau de Veyrines", "rue Jean Moulin", "chemin rural n° 12"]
MONTHS = ["janvier", "mars", "juin", "octobre", "décembre"]
PLATE_L, PLATE_R = ["FG", "EH", "GB", "DL"], ["KT", "ZR", "MC", "PX"]
SECTIONS = ["AB", "ZC", "B", "AK", "C", "ZH", "OA", "D"]


def nir(rng: random.Random) -> str:
    sex = rng.choice("12")
    year, month = f"{rng.randint(50, 99):02d}", f"{rng.randint(1, 12):02d}"
    dept = rng.choice(["07", "26", "69", "2A", "2B", "38", "75", "13"])
    body = f"{sex}{year}{month}{dept}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    numeric = body.replace("2A", "19").replace("2B", "18") if dept in ("2A", "2B") else body
    key = 97 - int(numeric) % 97
    return f"{sex} {year} {month} {dept} {body[7:10]} {body[10:13]} {key:02d}"


def iban(rng: random.Random) -> str:
    bank, branch = rng.randint(10000, 99999), rng.randint(10000, 99999)
    bban = f"{bank}{branch}{rng.randint(0, 10**11 - 1):011d}{rng.randint(0, 99):02d}"
    check = 98 - int(bban + "152700") % 97  # "FR" = 15 27, then "00"
    raw = f"FR{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def phone(rng: random.Random) -> str:
    digits = [rng.choice(["06", "07", "04"])] + [f"{rng.randint(0, 99):02d}" for _ in range(4)]
    style = rng.choice([" ", ".", ""])
    if rng.random() < 0.2:
        return "+33 " + digits[0][1] + " " + " ".join(digits[1:])
    return style.join(digits)


def person(rng, used, female=None):
    while True:
        female = rng.random() < 0.5 if female is None else female
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(LAST)
        if last not in used:
            used.add(last)
            return first, last, female


def values(rng: random.Random) -> dict:
    used: set[str] = set()
    v: dict = {}
    for role in ["maire", "adj1", "adj2", "c1", "c2", "c3", "c4", "c5", "prefet", "res1", "res2",
                 "res3", "agent", "dgs"]:
        first, last, female = person(rng, used)
        v[role] = f"{first} {last}"
        v[role + "_t"] = f"{first} {last.title() if last != 'DE LA BAUME' else 'de La Baume'}"
        v[role + "_l"] = last
        v[role + "_civ"] = "Mme" if female else "M."
        v[role + "_civl"] = "Madame" if female else "Monsieur"
        v[role + "_e"] = "e" if female else ""
        v[role + "_mail"] = (first.split("-")[0].lower().replace("é", "e").replace("è", "e")
                             + "." + last.lower().replace(" ", "").replace("'", "")
                             .replace("è", "e") + rng.choice(["@gmail.com", "@orange.fr",
                                                               "@free.fr", "@laposte.net"]))
    commune, cp = rng.choice(COMMUNES)
    v.update(commune=commune, cp=cp,
             commune_mail=commune.lower().replace("è", "e").replace("é", "e"),
             voie1=rng.choice(VOIES), voie2=rng.choice(VOIES),
             num1=str(rng.randint(1, 120)), num2=str(rng.randint(1, 80)), sec=rng.choice(SECTIONS),
             parc1=str(rng.randint(10, 1500)), parc2=str(rng.randint(10, 1500)),
             nir=nir(rng), iban=iban(rng), tel1=phone(rng), tel2=phone(rng),
             dob=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1955, 2001)}",
             dob2=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 1990)}",
             plate=f"{rng.choice(PLATE_L)}-{rng.randint(100, 999)}-{rng.choice(PLATE_R)}",
             num=str(rng.randint(2, 180)), year=str(rng.choice([2023, 2024, 2025])),
             amount=str(rng.choice([300, 450, 800, 1200, 2500])))
    return v


MARKUP = re.compile(r"⟦([A-Z_]+)\|([mk])\|([^⟧]+)⟧")


def strip(marked: str) -> tuple[str, list[dict]]:
    text, gold, cursor = [], [], 0
    length = 0
    for m in MARKUP.finditer(marked):
        before = marked[cursor : m.start()]
        text.append(before)
        length += len(before)
        value = m.group(3)
        gold.append({"start": length, "end": length + len(value), "label": m.group(1),
                     "action": "mask" if m.group(2) == "m" else "keep", "text": value})
        text.append(value)
        length += len(value)
        cursor = m.end()
    text.append(marked[cursor:])
    return "".join(text), gold


def build() -> None:
    rng = random.Random(2024)
    parts = (("dev", DEV, None), ("heldout", HELDOUT, 2), ("hard", HARD, 1))
    for part, templates, copies in parts:
        folder = HERE / part
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        plan = [(t, i) for i in range(copies or 4) for t in templates]
        plan = plan[:40] if part == "dev" else plan
        for number, (template, _copy) in enumerate(plan, start=1):
            v = values(rng)
            text, gold = strip(template["text"].format(**v))
            act = {"id": f"{part}-{number:02d}", "kind": template["kind"], "text": text,
                   "officials": [v["maire_t"], v["adj1"], v["adj2"]], "entities": gold}
            (folder / f"{act['id']}.json").write_text(
                json.dumps(act, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
