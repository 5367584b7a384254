from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from teams.models import Invitation, JoinCode, Membership, Organisation, Team, User


@admin.register(User)
class RecoveryUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Recovery Culture", {"fields": ("display_name",)}),)
    list_display = ("username", "display_name", "email", "is_staff")
    search_fields = ("username", "display_name", "email")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


admin.site.register(Organisation)
admin.site.register(Invitation)
admin.site.register(JoinCode)
