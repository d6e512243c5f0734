from django.urls import include, path

from . import views
from . import views_incidents as incidents

app_name = "donnees"

urlpatterns = [
    path("", views.home, name="home"),
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/registre/", views.register, name="register"),
    path("collectivites/<int:pk>/registre/nouveau/", views.processing_create,
         name="processing-create"),
    path("collectivites/<int:pk>/registre/export.pdf", views.register_export, {"fmt": "pdf"},
         name="register-pdf"),
    path("collectivites/<int:pk>/registre/export.ods", views.register_export, {"fmt": "ods"},
         name="register-ods"),
    path("collectivites/<int:pk>/registre/publication/", views.register_publish,
         name="register-publish"),
    path("collectivites/<int:pk>/violations/nouvelle/", incidents.breach_create,
         name="breach-create"),
    path("collectivites/<int:pk>/demandes/nouvelle/", incidents.request_create,
         name="request-create"),
    path("traitements/<int:pk>/", views.processing_detail, name="processing"),
    path("traitements/<int:pk>/modifier/", views.processing_edit, name="processing-edit"),
    path("traitements/<int:pk>/modele/", views.processing_template, name="processing-template"),
    path("traitements/<int:pk>/archiver/", views.processing_archive, name="processing-archive"),
    path("violations/<int:pk>/", incidents.breach_detail, name="breach"),
    path("violations/<int:pk>/modifier/", incidents.breach_edit, name="breach-edit"),
    path("violations/<int:pk>/cloturer/", incidents.breach_close, name="breach-close"),
    path("violations/<int:pk>/archiver/", incidents.breach_archive, name="breach-archive"),
    path("demandes/<int:pk>/", incidents.request_detail, name="request"),
    path("demandes/<int:pk>/modifier/", incidents.request_edit, name="request-edit"),
    path("demandes/<int:pk>/prolonger/", incidents.request_extend, name="request-extend"),
    path("demandes/<int:pk>/repondre/", incidents.request_answer, name="request-answer"),
    path("demandes/<int:pk>/archiver/", incidents.request_archive, name="request-archive"),
    path("modeles/", views.templates, name="templates"),
    path("modeles/<int:pk>/", views.template_detail, name="template"),
    path("public/<int:pk>/registre/", views.public_register, name="public-register"),
    # Part B: data catalogue, sharing agreements, open data (same namespace).
    path("", include("socle.donnees.opendata.urls")),
]
