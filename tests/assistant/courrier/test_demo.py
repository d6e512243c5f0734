"""load_demo_courrier: letters with validated replies for the demo collectivités, once."""

from __future__ import annotations

from django.core.management import call_command

from socle.assistant.courrier.models import Letter, Reply
from tests.factories import CollectiviteFactory, MembershipFactory


def test_demo_letters_are_loaded_once(db):
    place = CollectiviteFactory(name="Annonay", code_insee="07010", is_member=True)
    MembershipFactory(collectivite=place, role="agent")
    call_command("load_demo_courrier")
    letters = Letter.objects.filter(collectivite=place)
    assert letters.count() == 32
    assert Reply.objects.filter(letter__collectivite=place, validated_at__isnull=False,
                                sent_on__isnull=False).count() == 26
    assert letters.filter(status=Letter.Status.RECEIVED).count() == 6
    assert letters.overdue().count() == 1
    call_command("load_demo_courrier")
    assert Letter.objects.count() == 32
