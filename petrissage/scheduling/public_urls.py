from django.urls import path

from petrissage.scheduling import public_views

urlpatterns = [path("<slug:slug>/", public_views.public_booking, name="public_booking")]
