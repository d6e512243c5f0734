from django.urls import path

from . import public_views, views

app_name = "actes"

urlpatterns = [
    path("", views.home, name="home"),
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/deposer/", views.upload, name="upload"),
    path("<int:act_pk>/", views.act_review, name="act"),
    path("<int:act_pk>/apercu/", views.preview, name="preview"),
    path("<int:act_pk>/original/", views.original, name="original"),
    path("<int:act_pk>/publier/", views.publish, name="publish"),
    path("<int:act_pk>/depublier/", views.unpublish, name="unpublish"),
    # Public, no sign-in: published pseudonymised copies only.
    path("public/<int:pk>/", public_views.public_list, name="public"),
    path("public/<int:pk>/deliberations.csv", public_views.public_csv, name="public-csv"),
    path("public/actes/<int:act_pk>/", public_views.public_act, name="public-act"),
    path("public/actes/<int:act_pk>/pdf/", public_views.public_act_pdf, name="public-act-pdf"),
]
