from django.contrib import admin

from conversations.models import Phrase, SwitchOff, WordList


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "team", "status", "version"]
    list_filter = ["kind", "status"]
    search_fields = ["phrase"]


@admin.register(WordList)
class WordListAdmin(admin.ModelAdmin):
    # Where a manager's admin names the person using the service who leads the team's words.
    list_display = ["team", "version", "service_user_lead"]
    raw_id_fields = ["service_user_lead"]


@admin.register(SwitchOff)
class SwitchOffAdmin(admin.ModelAdmin):
    list_display = ["phrase", "team", "reason", "created_at"]
