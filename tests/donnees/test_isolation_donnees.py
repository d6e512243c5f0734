"""The donnees routes walked by the project's isolation test, with A's processing, breach and
request ids in the URLs (the project-wide world has none of them): nothing of A reaches B."""

import datetime

from django.test import Client
from django.utils import timezone

from socle.donnees import urls
from socle.donnees.models import Breach, Processing, SubjectRequest
from tests.test_isolation import A_IDS, _report, visit_all, walk, world  # noqa: F401


def _a_objects(world):  # noqa: F811
    processing = Processing.objects.create(
        pk=next(A_IDS), collectivite=world.a, name="Traitement secret de Montisolat")
    breach = Breach.objects.create(pk=next(A_IDS), collectivite=world.a,
                                   title="Violation secrète de Montisolat",
                                   detected_at=timezone.now() - datetime.timedelta(hours=1))
    demand = SubjectRequest.objects.create(
        pk=next(A_IDS), collectivite=world.a, kind="acces", requester="Cyril Isolat",
        received_on=timezone.localdate(), due_on=timezone.localdate())
    world.a_values["pk"] = [*world.a_values["pk"], processing.pk, breach.pk, demand.pk]
    world.secrets += [processing.name, breach.title]
    mine = {f"donnees:{p.name}" for p in urls.urlpatterns if getattr(p, "name", None)}
    return [r for r in walk() if r.name in mine]


def test_agent_of_b_reaches_no_register_breach_or_request_of_a(world, agent_b):  # noqa: F811
    routes = _a_objects(world)

    def signed_in():
        client = Client()
        client.force_login(agent_b)
        return client

    _report(visit_all(signed_in, world, routes))
