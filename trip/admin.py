from django.contrib import admin

from trip.models import (
    Action,
    Asset,
    BenchmarkRound,
    CommunityResource,
    Cycle,
    LeadRole,
    Priority,
    ResourceRating,
    Statement,
    StatementVersion,
)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "stage", "starts_on", "ends_on"]
    list_filter = ["stage", "team"]
    search_fields = ["name", "team__name"]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "visibility"]
    list_filter = ["kind", "visibility", "owner__team"]
    search_fields = ["title", "owner__user__display_name"]
    list_select_related = ["owner__user"]
    raw_id_fields = ["owner"]


@admin.register(LeadRole)
class LeadRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "holder"]
    list_filter = ["team"]
    list_select_related = ["team", "holder__user"]
    raw_id_fields = ["holder"]


class ResourceRatingInline(admin.TabularInline):
    model = ResourceRating
    extra = 0
    raw_id_fields = ["member"]


@admin.register(CommunityResource)
class CommunityResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    raw_id_fields = ["added_by"]
    inlines = [ResourceRatingInline]


class StatementVersionInline(admin.TabularInline):
    model = StatementVersion
    extra = 0
    raw_id_fields = ["written_by"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "theme", "team"]
    list_filter = ["theme", "team"]
    list_select_related = ["current_version", "team"]
    raw_id_fields = ["current_version", "created_by"]
    inlines = [StatementVersionInline]


@admin.register(BenchmarkRound)
class BenchmarkRoundAdmin(admin.ModelAdmin):
    # Ratings stay out of the admin on purpose: no one's own answers are shown anywhere.
    list_display = ["name", "cycle", "opened_at", "closed_at"]
    list_select_related = ["cycle"]
    raw_id_fields = ["opened_by"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    raw_id_fields = ["owner", "added_by"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    # Impact and ease ratings stay out of the admin, like benchmark answers.
    list_display = ["title", "cycle", "status", "staff_lead", "service_user_lead"]
    list_filter = ["status"]
    list_select_related = ["cycle", "staff_lead__user", "service_user_lead__user"]
    raw_id_fields = ["cycle", "proposed_by", "staff_lead", "service_user_lead", "helpers", "statements"]
    inlines = [ActionInline]
