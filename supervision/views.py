def home(request, *args, **kwargs):
    from django.http import Http404

    raise Http404
