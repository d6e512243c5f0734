from django.urls import include, path

from . import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.home, name="home"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign-create"),
    path("campagnes/<int:pk>/", views.campaign, name="campaign"),
    path("campagnes/<int:pk>/territoire/", views.campaign_territory, name="campaign-territory"),
    path("campagnes/<int:pk>/territoire.csv", views.campaign_export, {"fmt": "csv"},
         name="campaign-export-csv"),
    path("campagnes/<int:pk>/territoire.ods", views.campaign_export, {"fmt": "ods"},
         name="campaign-export-ods"),
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("reponses/<int:pk>/", views.response, name="response"),
    path("reponses/<int:pk>/themes/<str:theme>/", views.response_theme, name="response-theme"),
    path("reponses/<int:pk>/justificatifs/", views.response_evidence, name="response-evidence"),
    path("reponses/<int:pk>/soumettre/", views.response_submit, name="response-submit"),
    path("reponses/<int:pk>/valider/", views.response_validate, name="response-validate"),
    path("reponses/<int:pk>/resultats/", views.response_results, name="response-results"),
    path("reponses/<int:pk>/rapport.pdf", views.response_report, name="response-report"),
    path("reponses/<int:pk>/plan/", views.response_plan, name="response-plan"),
    path("reponses/<int:pk>/plan.csv", views.response_plan_export, {"fmt": "csv"},
         name="response-plan-csv"),
    path("reponses/<int:pk>/plan.ods", views.response_plan_export, {"fmt": "ods"},
         name="response-plan-ods"),
    path("actions/<int:pk>/", views.action_edit, name="action-edit"),
    path("justificatifs/<int:pk>/", views.evidence, name="evidence"),
    path("", include("socle.questionnaires.fiches.urls")),
]
