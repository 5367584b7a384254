from django.contrib import admin

from successes.models import DigestDelivery, Success, ThankYou


@admin.register(Success)
class SuccessAdmin(admin.ModelAdmin):
    list_display = ("team", "author", "shift", "created_at", "on_wall", "share_beyond_team")
    list_filter = ("team", "shift")


admin.site.register(ThankYou)
admin.site.register(DigestDelivery)
