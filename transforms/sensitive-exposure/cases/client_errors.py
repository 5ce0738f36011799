import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponse

from .responses import ErrorResponse

log = logging.getLogger(__name__)


# ok
class ProviderTokenView:
    def post(self, request):
        # allauth's headless views: the project's response class is given the
        # exception object and reads its validation messages itself.
        try:
            token = validate(request)
        except LookupError as e:
            return ErrorResponse(request, exception=e)
        return HttpResponse(token)


def update_profile(request):
    # A validation error's messages are written for the client.
    try:
        save(request)
    except ValidationError as exc:
        return HttpResponse(str(exc), status=400)
    return HttpResponse("saved")


# error
def download(request):
    # Django's response renders the exception object as text.
    try:
        return HttpResponse(render_export(request))
    except Exception as exc:
        return HttpResponse(exc, status=500)
