"""Reading conversations and usage figures (the usage pages)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from .models import Conversation, Message, ModelCall


def conversations_of(*, user, collectivite):
    return (Conversation.objects.of(user).filter(collectivite=collectivite)
            .annotate(questions=Count("messages", filter=Q(messages__role="user")))
            .order_by("-updated", "-pk"))


def usage(*, collectivite=None, since=None) -> dict:
    """Requests, energy and CO2 of the model calls (by purpose) and of the questions, with what
    the same questions cost as a plain search. ``collectivite=None``: the whole territory."""
    calls = ModelCall.objects.all()
    answers = Message.objects.filter(role=Message.Role.ASSISTANT)
    if collectivite is not None:
        calls = calls.filter(collectivite=collectivite)
        answers = answers.filter(conversation__collectivite=collectivite)
    if since is not None:
        calls = calls.filter(created__gte=since)
        answers = answers.filter(created__gte=since)
    sums = dict(
        calls=Count("pk"),
        failed=Count("pk", filter=Q(status=ModelCall.Status.ERROR)),
        prompt_tokens=Sum("prompt_tokens", default=0),
        completion_tokens=Sum("completion_tokens", default=0),
        energy_wh=Sum("energy_wh", default=0.0),
        co2_g=Sum("co2_g", default=0.0),
    )
    by_purpose = list(calls.values("purpose").annotate(**sums).order_by("purpose"))
    totals = calls.aggregate(**sums)
    by_mode = {row["mode"]: row["n"] for row in answers.values("mode").annotate(n=Count("pk"))}
    modelled = answers.filter(model_call__isnull=False)
    question_model = modelled.aggregate(
        n=Count("pk"),
        model_wh=Sum("model_call__energy_wh", default=0.0),
        model_g=Sum("model_call__co2_g", default=0.0),
        search_wh=Sum("search_energy_wh", default=0.0),
        search_g=Sum("search_co2_g", default=0.0),
    )
    all_search = answers.aggregate(wh=Sum("search_energy_wh", default=0.0),
                                   g=Sum("search_co2_g", default=0.0))
    ratio = None
    if question_model["search_wh"]:
        ratio = (question_model["model_wh"] + question_model["search_wh"]) / \
            question_model["search_wh"]
    return {
        "by_purpose": by_purpose, "totals": totals,
        "questions": sum(by_mode.values()),
        "by_mode": [(Message.Mode(mode).label, n) for mode, n in sorted(by_mode.items()) if mode],
        "search_wh": all_search["wh"], "search_g": all_search["g"],
        "compared": question_model, "ratio": ratio,
    }


def by_collectivite() -> list[dict]:
    """Operator view: one line per collectivité that used the model."""
    return list(
        ModelCall.objects.values("collectivite__pk", "collectivite__name")
        .annotate(calls=Count("pk"), energy_wh=Sum("energy_wh", default=0.0),
                  co2_g=Sum("co2_g", default=0.0))
        .order_by("-energy_wh")
    )
