from django.urls import path

from successes import views

app_name = "successes"

urlpatterns = [
    path("handover/", views.handover, name="handover"),
    path("handover/<int:pk>/edit/", views.success_edit, name="success_edit"),
    path("handover/<int:pk>/delete/", views.success_delete, name="success_delete"),
    path("wall/", views.wall, name="wall"),
    path("wall/weeks/", views.weeks, name="weeks"),
    path("wall/pdf/", views.wall_pdf, name="wall_pdf"),
    path("thank-you/", views.thank, name="thank"),
    path("thanks-received/", views.thanks_received, name="thanks_received"),
]
