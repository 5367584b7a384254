from django.urls import path

from trip import views

app_name = "trip"

urlpatterns = [
    path("", views.home, name="home"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/next-stage/", views.cycle_next_stage, name="cycle_next_stage"),
    path("what-i-bring/", views.my_assets, name="my_assets"),
    path("what-i-bring/new/", views.asset_new, name="asset_new"),
    path("what-i-bring/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("what-i-bring/<int:pk>/delete/", views.asset_delete, name="asset_delete"),
    path("skills-register/", views.register, name="register"),
    path("lead-roles/", views.lead_roles, name="lead_roles"),
    path("lead-roles/new/", views.lead_role_new, name="lead_role_new"),
    path("lead-roles/<int:pk>/edit/", views.lead_role_edit, name="lead_role_edit"),
    path("lead-roles/<int:pk>/delete/", views.lead_role_delete, name="lead_role_delete"),
    path("community/", views.resources, name="resources"),
    path("community/new/", views.resource_new, name="resource_new"),
    path("community/<int:pk>/", views.resource, name="resource"),
    path("community/<int:pk>/rate/", views.resource_rate, name="resource_rate"),
    path("community/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("community/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("statements/", views.statements, name="statements"),
    path("statements/new/", views.statement_new, name="statement_new"),
    path("statements/<int:pk>/edit/", views.statement_edit, name="statement_edit"),
    path("statements/<int:pk>/retire/", views.statement_retire, name="statement_retire"),
    path("cycles/<int:pk>/rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_page, name="round"),
    path("rounds/<int:pk>/statements/<int:statement>/", views.round_rate, name="round_rate"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/qr.svg", views.round_qr, name="round_qr"),
    path("rounds/<int:pk>/results/", views.round_results, name="round_results"),
    path("rounds/<int:pk>/meeting/", views.round_meeting, name="round_meeting"),
    path("rounds/<int:pk>/meeting/<int:statement>/", views.round_agree, name="round_agree"),
]
