"""Factories for the test suite. People are fictitious; communes follow the real referential's
shapes (INSEE code, SIREN) but tests create their own rows."""

import datetime

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from socle.comptes.models import User
from socle.territoires.models import Collectivite, Membership, Structure

PASSWORD = "mot-de-passe-de-test-42"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = "Syndicat mixte numérique de test"


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    kind = Collectivite.Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Commune test {n}")
    # "9xxxx" stays 5 characters and never collides with the real codes tests set by hand.
    code_insee = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    ref_key = factory.LazyAttribute(lambda o: f"{o.kind}:{o.code_insee or o.siren}")
    siren = factory.Sequence(lambda n: f"2170{n:05d}")
    population = 1200
    departement_code = "07"
    region_code = "84"
    is_member = True
    member_since = factory.LazyFunction(lambda: datetime.date(2024, 1, 1))


class EpciFactory(CollectiviteFactory):
    kind = Collectivite.Kind.EPCI
    name = factory.Sequence(lambda n: f"Communauté de communes test {n}")
    code_insee = ""
    siren = factory.Sequence(lambda n: f"2000{n:05d}")
    epci_kind = "CC"
    ref_key = factory.LazyAttribute(lambda o: f"epci:{o.siren}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    full_name = factory.Sequence(lambda n: f"Personne Fictive {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    role = "agent"


def confirmed_totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Application test", confirmed=True)
