"""The strategy document for the council's deliberation, in ODT (odfpy, editable in LibreOffice)
and PDF (WeasyPrint). Both are built from ``document_sections``, itself built from
``selectors.strategy_figures``: the figures are the screens' figures."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import themes

ODT_MIME = "application/vnd.oasis.opendocument.text"


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value).replace(".", ",")


def key_figures(figures: dict) -> list[tuple[str, str]]:
    """(label, formatted value) shown on the overview and written in the document."""
    fleet, reuse, ai = figures["fleet"], figures["reuse"], figures["ai"]
    rgesn_avg = figures["rgesn"].average_percent
    return [
        (_("Appareils au parc"), _fmt(fleet.devices)),
        (_("Âge moyen du parc (ans)"), _fmt(fleet.average_age_years)),
        (_("Empreinte de fabrication du parc (kgCO2e)"), _fmt(fleet.manufacture_kgco2e)),
        (_("Émissions d'usage du parc (kgCO2e par an)"), _fmt(fleet.use_kgco2e_year)),
        (_("Appareils donnés (seconde vie)"), _fmt(reuse.given)),
        (_("Émissions de fabrication évitées par les dons (kgCO2e)"),
         _fmt(reuse.given_kgco2e_rounded)),
        (_("Appareils reçus d'autres membres"), _fmt(reuse.received)),
        (_("Score RGESN moyen des services en ligne (%)"), _fmt(rgesn_avg)),
        (_("Énergie des appels à un modèle d'IA (Wh)"),
         _fmt(ai.energy_wh) if not ai.empty else _("aucun appel enregistré")),
    ]


def document_sections(*, collectivite, figures: dict) -> dict:
    strategy = figures["strategy"]
    return {
        "title": strategy.title if strategy else _("Stratégie numérique responsable"),
        "collectivite": collectivite,
        "period": f"{strategy.start_year}–{strategy.end_year}" if strategy else "",
        "required": figures["required"],
        "ambition": strategy.ambition if strategy else "",
        "key_figures": key_figures(figures),
        "themes": [
            {"theme": row["theme"], "orientation": row["orientation"],
             "objectives": row["objectives"], "actions": row["actions"]}
            for row in figures["by_theme"]
        ],
        "rgesn": figures["rgesn"],
        "generated": date_format(timezone.localdate(), "j F Y"),
    }


def _add_table(doc, body, headers: list[str], rows: list[list[str]], name: str) -> None:
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=len(headers)))
    for line in [headers, *rows]:
        row = TableRow()
        for value in line:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    body.addElement(table)


def _objective_row(o) -> list[str]:
    indicator = themes.INDICATOR_BY_KEY.get(o.indicator)
    return [o.title, str(indicator.label) if indicator else "—", _fmt(o.baseline),
            _fmt(o.target), o.target_date.strftime("%d/%m/%Y")]


def _action_row(a) -> list[str]:
    return [a.title, a.owner, a.start_date.strftime("%d/%m/%Y"),
            a.end_date.strftime("%d/%m/%Y"), str(a.get_status_display())]


def render_odt(sections: dict) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    body = doc.text
    heading = f"{sections['title']} — {sections['collectivite'].name}"
    body.addElement(H(outlinelevel=1, text=heading))
    if sections["period"]:
        body.addElement(P(text=_("Période : %s") % sections["period"]))
    body.addElement(P(text=_obligation_text(sections["required"])))
    if sections["ambition"]:
        body.addElement(H(outlinelevel=2, text=_("Ambition et principes")))
        body.addElement(P(text=sections["ambition"]))
    body.addElement(H(outlinelevel=2, text=_("Chiffres clés")))
    _add_table(doc, body, [_("Indicateur"), _("Valeur")],
               [list(pair) for pair in sections["key_figures"]], "Chiffres")
    for index, block in enumerate(sections["themes"], start=1):
        theme = block["theme"]
        body.addElement(H(outlinelevel=2, text=f"{theme.code}. {theme.title}"))
        body.addElement(P(text=block["orientation"] or str(theme.summary)))
        if block["objectives"]:
            _add_table(doc, body, [_("Objectif"), _("Indicateur"), _("Départ"), _("Cible"),
                                   _("Échéance")],
                       [_objective_row(o) for o in block["objectives"]], f"Objectifs{index}")
        if block["actions"]:
            _add_table(doc, body, [_("Action"), _("Pilote"), _("Début"), _("Fin"), _("État")],
                       [_action_row(a) for a in block["actions"]], f"Programme{index}")
    _rgesn_odt(body, doc, sections["rgesn"])
    body.addElement(P(text=_("Document généré par Socle le %s.") % sections["generated"]))
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _rgesn_odt(body, doc, summary) -> None:
    from odf.text import H, P

    body.addElement(H(outlinelevel=2, text=_("Autodiagnostic RGESN des services en ligne")))
    if not summary.services:
        body.addElement(P(text=_("Aucun service en ligne évalué pour le moment.")))
        return
    _add_table(doc, body, [_("Service"), _("Critères conformes"), _("Critères applicables"),
                           _("Score (%)")],
               [[s.name, _fmt(sc.met), _fmt(sc.applicable), _fmt(sc.percent)]
                for s, sc in summary.services], "RGESN")


def _obligation_text(required: bool) -> str:
    if required:
        return _("La collectivité compte au moins 50 000 habitants : la loi REEN lui impose "
                 "d'adopter cette stratégie numérique responsable.")
    return _("La collectivité compte moins de 50 000 habitants : cette stratégie est "
             "volontaire, la loi REEN ne l'impose qu'aux communes et EPCI de 50 000 habitants "
             "et plus.")


def obligation_text(required: bool) -> str:
    return _obligation_text(required)
