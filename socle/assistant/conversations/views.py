"""Questions to the assistant: ask, read and delete one's conversations, give feedback, usage
and the plain-French page. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socle import permissions
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import answers, energy, gateway, selectors, services
from .forms import FeedbackForm, QuestionForm
from .models import Conversation, Message

NAV = "assistant"


def _collectivite(request: HttpRequest, pk: int, action: str = "assistant.use") -> Collectivite:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, action, place)
    return place


def _conversation(request: HttpRequest, conversation_pk: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.of(request.user).select_related("collectivite"), pk=conversation_pk
    )
    permissions.require(request.user, "assistant.use", conversation.collectivite)
    return conversation


def _document_url(document_id: int) -> str:
    try:
        return reverse("assistant:document", args=[document_id])
    except NoReverseMatch:
        return ""


def _ask(request: HttpRequest, place: Collectivite, form: QuestionForm,
         conversation: Conversation | None):
    if not form.is_valid():
        return None
    try:
        answer = services.ask(actor=request.user, collectivite=place,
                              question=form.cleaned_data["question"],
                              conversation=conversation, request=request)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    url = reverse("assistant_conversations:conversation", args=[answer.conversation_id])
    return redirect(f"{url}#message-{answer.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (done := _ask(request, place, form, None)):
        return done
    page = Paginator(selectors.conversations_of(user=request.user, collectivite=place), 20) \
        .get_page(request.GET.get("page"))
    return render(request, "assistant_conversations/collectivite.html", {
        "nav_active": NAV, "collectivite": place, "form": form, "page": page,
        "model": gateway.model_name(),
        "can_usage": permissions.can(request.user, "assistant.usage", place),
    })


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    convo = _conversation(request, conversation_pk)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (done := _ask(request, convo.collectivite, form, convo)):
        return done
    items = list(convo.messages.select_related("model_call").prefetch_related("feedback"))
    for item in items:
        for source in item.sources:
            source["link"] = _document_url(source["document_id"])
        item.my_feedback = next((f for f in item.feedback.all() if f.user_id == request.user.pk),
                                None)
    return render(request, "assistant_conversations/conversation.html", {
        "nav_active": NAV, "conversation": convo, "collectivite": convo.collectivite,
        "items": items, "form": form, "feedback_form": FeedbackForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def conversation_delete(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    convo = _conversation(request, conversation_pk)
    if request.method == "POST":
        place = convo.collectivite
        services.conversation_delete(actor=request.user, conversation=convo, request=request)
        messages.success(request, _("Conversation supprimée."))
        return redirect("assistant_conversations:collectivite", pk=place.pk)
    return render(request, "assistant_conversations/delete.html", {
        "nav_active": NAV, "conversation": convo, "collectivite": convo.collectivite,
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, message_pk: int) -> HttpResponse:
    message = get_object_or_404(
        Message.objects.select_related("conversation__collectivite").filter(
            conversation__in=Conversation.objects.of(request.user),
            role=Message.Role.ASSISTANT),
        pk=message_pk,
    )
    permissions.require(request.user, "assistant.use", message.conversation.collectivite)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(actor=request.user, message=message,
                                   rating=form.cleaned_data["rating"],
                                   comment=form.cleaned_data["comment"], request=request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Merci, votre avis est enregistré."))
            url = reverse("assistant_conversations:conversation",
                          args=[message.conversation_id])
            return redirect(f"{url}#message-{message.pk}")
    return render(request, "assistant_conversations/feedback.html", {
        "nav_active": NAV, "message": message, "form": form,
        "conversation": message.conversation, "collectivite": message.conversation.collectivite,
    })


def _method() -> dict:
    return {
        "active_b": energy.active_parameters_b(), "pue": energy.pue(),
        "cpu_watts": getattr(settings, "SOCLE_ASSISTANT_CPU_WATTS_PER_CORE",
                             energy.DEFAULT_CPU_WATTS_PER_CORE),
        "gwp_g_per_kwh": energy.gwp_kg_per_kwh() * 1000,
    }


@login_required
@require_GET
def usage(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk, "assistant.usage")
    return render(request, "assistant_conversations/usage.html", {
        "nav_active": NAV, "collectivite": place, "usage": selectors.usage(collectivite=place),
        "model": gateway.model_name(), "method": _method(),
    })


@login_required
@require_GET
def territory_usage(request: HttpRequest) -> HttpResponse:
    if not permissions.can(request.user, "territoire.assistant"):
        raise PermissionDenied
    return render(request, "assistant_conversations/usage.html", {
        "nav_active": NAV, "collectivite": None, "usage": selectors.usage(),
        "places": selectors.by_collectivite(), "model": gateway.model_name(),
        "method": _method(),
    })


@login_required
@require_GET
def about(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    return render(request, "assistant_conversations/about.html", {
        "nav_active": NAV, "collectivite": place, "model": gateway.model_name(),
        "base_url_host": _host(), "refusal": answers.REFUSAL_TOKEN,
    })


def _host() -> str:
    from urllib.parse import urlsplit

    if not gateway.model_configured():
        return ""
    return urlsplit(settings.SOCLE_LLM_BASE_URL).hostname or ""
