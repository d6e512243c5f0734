"""A realistic GLPI-style CSV export (French headers, ';', Windows line ends) for the tests:
fictitious serial numbers, real model names so some match manufacturers' footprints."""

from __future__ import annotations

import datetime as dt
import random

HEADER = ["Nom", "Entité", "Statut", "Fabricant", "Modèle", "Numéro de série", "Type", "Lieu",
          "Groupe", "Date d'achat", "Valeur", "Date de fin de garantie"]
MODELS = [
    ("Portable", "Dell Inc.", "Latitude 5420"), ("Portable", "LENOVO", "ThinkPad E14"),
    ("Portable", "HP", "ProBook 450 G8"), ("Fixe", "Dell Inc.", "OptiPlex 7090"),
    ("Fixe", "HP", "ProDesk 400 G7"), ("Écran", "Dell", "P2419H"), ("Écran", "Iiyama", "XU2492"),
    ("Imprimante", "Lexmark", "CX924dxe"), ("Serveur", "Dell Inc.", "PowerEdge R740"),
    ("Réseau", "Cisco", "Catalyst 2960"), ("Tablette", "Samsung", "Galaxy Tab A8"),
    ("Smartphone", "Apple", "iPhone 12"),
]
SERVICES = ["Accueil", "État civil", "Urbanisme", "Services techniques", "Direction générale"]
STATUSES = ["En service", "En service", "En service", "En stock", "En panne"]


def glpi_rows(count: int = 300, bad: int = 7, seed: int = 8) -> list[list[str]]:
    rng = random.Random(seed)
    today = dt.date.today()
    rows = []
    for i in range(count):
        kind, brand, model = MODELS[i % len(MODELS)]
        bought = today - dt.timedelta(days=rng.randint(100, 365 * 8))
        rows.append([f"PC-{i:04d}", "Mairie", rng.choice(STATUSES), brand, model,
                     f"SN{i:06d}", kind, "Mairie principale", rng.choice(SERVICES),
                     bought.strftime("%d/%m/%Y"), f"{rng.randint(150, 1800)},00",
                     (bought + dt.timedelta(days=365 * 5)).strftime("%d/%m/%Y")])
    # Bad rows a real export has: unknown type, unreadable date, duplicated serial, no type...
    breakers = [(6, "Grille-pain"), (9, "31/02/2021"), (5, "SN000001"), (6, ""),
                (10, "douze euros"), (9, "2099-01-01"), (2, "Détruit")]
    for n, (column, value) in enumerate(breakers[:bad]):
        rows[20 + n * 30][column] = value
    return rows


def glpi_csv(count: int = 300, bad: int = 7) -> bytes:
    lines = [";".join(HEADER)] + [";".join(r) for r in glpi_rows(count, bad)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
