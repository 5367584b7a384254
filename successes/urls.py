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
    path("wall/stories/<int:pk>/hide/", views.success_hide, name="success_hide"),
    path("wall/stories/<int:pk>/show/", views.success_show, name="success_show"),
    path("wall/thanks/<int:pk>/hide/", views.thank_you_hide, name="thank_you_hide"),
    path("wall/thanks/<int:pk>/show/", views.thank_you_show, name="thank_you_show"),
    path("thank-you/", views.thank, name="thank"),
    path("thank-you/<int:pk>/withdraw/", views.thank_you_withdraw, name="thank_you_withdraw"),
    path("thanks-received/", views.thanks_received, name="thanks_received"),
]
