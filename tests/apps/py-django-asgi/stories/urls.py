from django.urls import path

from . import views

urlpatterns = [
    path("stories/", views.story_list, name="story-list"),
    path("healthz", views.healthz, name="healthz"),
]
