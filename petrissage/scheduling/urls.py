from django.urls import path

from petrissage.scheduling import appointment_views, series_views, setup_views, views

urlpatterns = [
    path("", views.calendar, name="schedule"),
    path("book/", appointment_views.book, name="schedule_book"),
    path(
        "appointments/<int:appointment_id>/",
        appointment_views.appointment_detail,
        name="appointment_detail",
    ),
    path(
        "appointments/<int:appointment_id>/status/",
        appointment_views.appointment_status,
        name="appointment_status",
    ),
    path(
        "appointments/<int:appointment_id>/cancel/",
        appointment_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "appointments/<int:appointment_id>/move/",
        appointment_views.appointment_move_view,
        name="appointment_move",
    ),
    path("plans/<int:plan_id>/book/", series_views.plan_book, name="plan_book"),
    path("series/<int:series_id>/", series_views.series_detail, name="series_detail"),
    path("series/<int:series_id>/change/", series_views.series_change, name="series_change"),
    path("hours/", setup_views.hours, name="schedule_hours"),
    path("hours/<str:kind>/<int:row_id>/delete/", setup_views.hours_delete, name="hours_delete"),
    path("waitlist/", setup_views.waitlist, name="waitlist"),
    path("waitlist/<int:entry_id>/remove/", setup_views.waitlist_remove, name="waitlist_remove"),
    path("requests/", setup_views.requests_list, name="booking_requests"),
    path("requests/<int:request_id>/", setup_views.request_decide, name="booking_request_decide"),
    path("patients/<int:patient_id>/", views.patient_panel, name="patient_appointments"),
]
