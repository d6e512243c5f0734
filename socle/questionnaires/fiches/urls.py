"""URLs of good-practice sheets and feedback; included by the app's urls, so the names live in
the ``questionnaires`` namespace (``questionnaires:sheet-list``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("fiches/", views.sheet_list, name="sheet-list"),
    path("fiches/<slug:slug>/", views.sheet_detail, name="sheet-detail"),
    path("fiches/<slug:slug>/retour/", views.feedback_create, name="feedback-create"),
    path("retours/a-moderer/", views.feedback_moderation, name="feedback-moderation"),
    path("retours/<int:pk>/moderer/", views.feedback_moderate, name="feedback-moderate"),
]
