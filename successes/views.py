# --- placeholders: replaced as the little-miracles views are written ---
def _placeholder(request, *args, **kwargs):
    from django.http import Http404

    raise Http404


handover = success_edit = success_delete = wall = weeks = wall_pdf = thank = thanks_received = _placeholder
