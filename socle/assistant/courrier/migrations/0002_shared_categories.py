"""The structure's shared service categories (labels of the starter classifier)."""

from django.db import migrations

SHARED = [
    ("etat-civil", "État civil"), ("urbanisme", "Urbanisme"), ("voirie", "Voirie et éclairage"),
    ("dechets", "Déchets et propreté"), ("ecole", "École et périscolaire"),
    ("cimetiere", "Cimetière"), ("social", "Social (CCAS)"), ("eau", "Eau et assainissement"),
    ("associations", "Associations et salles"), ("elections", "Élections"),
    ("fiscalite", "Fiscalité et taxes"), ("autre", "Autre"),
]


def create(apps, schema_editor):
    category = apps.get_model("assistant_courrier", "ServiceCategory")
    for position, (code, name) in enumerate(SHARED):
        category.objects.get_or_create(collectivite=None, code=code,
                                       defaults={"name": name, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("assistant_courrier", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
