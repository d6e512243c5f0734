from django.urls import path  # noqa: F401

app_name = "assistant_conversations"

urlpatterns: list = []
