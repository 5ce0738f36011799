import logging

from django.core import exceptions
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from djblets.webapi.errors import WebAPIError
from sievelib.factory import BadArgument, BadValue

from .responses import ErrorResponse, JSONResponse
from rest_framework import status
from rest_framework.response import Response
from werkzeug.exceptions import HTTPException, NotFound

log = logging.getLogger(__name__)

DIFF_PARSE_ERROR = WebAPIError(216, "The diff file could not be parsed.", http_status=400)


class DiffParserError(Exception):
    pass


class OrderError(Exception):
    pass


class NoApplicableCode(HTTPException):
    code = 400


class InvalidParameterValue(NoApplicableCode):
    pass


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


class ModeratedListException(Exception):
    pass


def reply(request, mlist):
    # hyperkitty's shape: the project's own error, raised with a message for
    # the user, answered as the client's fault.
    try:
        check_can_post(mlist, request.user)
    except ModeratedListException as e:
        return HttpResponse(str(e), content_type="text/plain", status=403)
    return HttpResponse("ok")


class BlackoutPeriod(Exception):
    pass


def receive(request):
    # alerta's shape: the project's own error is an outcome (202), its text
    # the message for the client.
    try:
        process_alert(request)
    except BlackoutPeriod as e:
        return {"status": "ok", "message": str(e)}, 202
    return {"status": "ok"}, 201


def add_filter(request, fset, name):
    # modoboa's shape: sievelib's errors, named as the client's bad input,
    # say which argument is invalid.
    try:
        fset.addfilter(name)
    except (BadArgument, BadValue) as inst:
        return HttpResponse(str(inst), status=400)
    return HttpResponse("added", status=201)


def delete_comment(request):
    # askbot: Django's refusal carries a message written for the user.
    try:
        if not request.user.is_authenticated:
            raise exceptions.PermissionDenied("Please sign in to delete comments")
        return HttpResponse("deleted")
    except exceptions.PermissionDenied as e:
        return HttpResponse(str(e), status=403)


class ValidateDiffResource:
    def create(self, request, diff):
        # ReviewBoard's web API: the project's own parse error, answered with a
        # Djblets error whose status (400) sits in the error constant.
        try:
            parse(diff)
        except DiffParserError as e:
            return DIFF_PARSE_ERROR, {"reason": str(e)}
        return 201, {}


class OrderViewSet:
    def cancel(self, request, pk=None):
        # pretix: the project's own error, answered with DRF's status constant.
        try:
            cancel_order(pk)
        except OrderError as e:
            return Response({"detail": str(e)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(status=204)


def serve_artifact(path):
    # lektor: werkzeug's `NotFound` is a response with its stock 404 text.
    try:
        return serve_up_artifact(path)
    except NotFound as e:
        return e


def describe(request):
    # pywps: the project's own werkzeug error is the WSGI response its
    # handlers return (a string there would be no response at all).
    try:
        return describe_processes(request)
    except InvalidParameterValue as e:
        return e


def create_container(request, name):
    # horizon's swift API: the project's own error answered with a status
    # given by position, the response class being the project's own.
    try:
        create(request, name)
    except ModeratedListException as e:
        return JSONResponse(str(e), 409)


class PriceError(Exception):
    """Raised with a sentence meant for the person reading the page."""


def crypto_chart(coin):
    # The project's own error in a view's JSON body, sent with a 200.
    try:
        return chart(coin)
    except PriceError as exc:
        return {"points": [], "error": str(exc)}


# error
def reset_password(request, token):
    # A bad value's error in a page: reported, not fixed (kenboard's
    # password strength hint is written for the user; another value's
    # error may not be).
    try:
        validate_password_strength(request.POST["password"])
    except ValueError as e:
        return render_template("reset.html", token=token, error=str(e))
    return render_template("done.html")


def dependency_graph(request):
    # The exception text inside markup the page still needs (mara-db's
    # fallback drawing): reported, not fixed; a generic message in place
    # of the whole value would drop the drawing.
    graph = schema_graph(request)
    try:
        return graph.pipe("svg").decode("utf-8")
    except Exception as e:
        return str(_.div(id="graph")[_.tt(style="color:red")[str(e)]]) + str(_.script[graph.source])


def relay(request):
    # horizon relays the status an API client's error carries: which message
    # fits a 404 or a 500 is the author's call, so no fix.
    try:
        return JSONResponse(call_api(request))
    except LookupError as e:
        http_status = getattr(e, "http_status", 500)
        return JSONResponse(str(e), http_status)


def reply_failed(request, mlist):
    # The project's own error answered as the server's: its text may say why.
    try:
        check_can_post(mlist, request.user)
    except ModeratedListException as e:
        return HttpResponse(str(e), status=500)
    return HttpResponse("ok")


def lookup(request):
    # A library's error answered as the client's fault still carries the
    # library's text (a query, a path).
    try:
        return HttpResponse(find(request))
    except LookupError as e:
        return HttpResponse(str(e), status=404)


def download(request):
    # Django's response renders the exception object as text.
    try:
        return HttpResponse(render_export(request))
    except Exception as exc:
        return HttpResponse(exc, status=500)


class RefundViewSet:
    def refund(self, request, pk=None):
        # A server error's status constant is no refusal of the client's.
        try:
            refund_order(pk)
        except OrderError as e:
            return Response({"detail": str(e)}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        return Response(status=204)
