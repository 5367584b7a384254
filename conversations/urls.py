from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("words/", views.words, name="words"),
    path("words/propose/", views.propose, name="propose"),
    path("words/<int:pk>/decide/", views.decide, name="decide"),
    path("words/<int:pk>/switch-off/", views.switch_off, name="switch_off"),
    path("words/<int:pk>/switch-on/", views.switch_on, name="switch_on"),
    path("language/check/", views.check, name="check"),
    path("words/check-a-text/", views.letter_check, name="letter_check"),
    path("words/house-texts/keep/", views.house_text_keep, name="house_text_keep"),
    path("words/house-texts/<int:pk>/", views.house_text, name="house_text"),
    path("words/rules/", views.rules, name="rules"),
    path("words/rules/new/", views.rule_new, name="rule_new"),
    path("words/rules/<int:pk>/", views.rule, name="rule"),
    path("words/rules/<int:pk>/answer/", views.rule_answer, name="rule_answer"),
    path("words/rules/<int:pk>/close/", views.rule_close, name="rule_close"),
    path("words/rules/<int:pk>/decide/", views.rule_decide, name="rule_decide"),
]
