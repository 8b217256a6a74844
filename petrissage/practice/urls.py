from django.contrib.auth import views as auth_views
from django.urls import path

from petrissage.practice import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("accounts/mfa/", views.mfa_verify, name="mfa_verify"),
    path("accounts/", views.account, name="account"),
    path(
        "accounts/tokens/<int:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("staff/", views.staff_list, name="staff_list"),
    path("settings/", views.practice_settings, name="practice_settings"),
]
