import logging

from django.http import HttpResponse, JsonResponse

log = logging.getLogger(__name__)


# error
def detail(request, pk):
    try:
        return JsonResponse(load(pk))
    except Exception as exc:
        log.error("detail failed")
        return HttpResponse(f"Error: {exc}", status=500)


async def handle(request):
    try:
        return await render(request)
    except Exception as exc: return JsonResponse({"error": repr(exc)}, status=500)

# ok
def health(request):
    try:
        return JsonResponse({"ok": check()})
    except Exception:
        log.exception("health check failed")
        return JsonResponse({"ok": False}, status=503)


# error
def export(request):
    import json

    try:
        return HttpResponse(build_export(request))
    except LookupError as exc:
        return HttpResponse(json.dumps({"error": str(exc)}), status=400, content_type="application/json")


# ok
def export_profile(request):
    import json

    # A bad value's error answered with a 400 (wealth-dashboard's unknown
    # `?profile=`): the message is the client's to read.
    try:
        return HttpResponse(build_export(request))
    except ValueError as exc:
        return HttpResponse(json.dumps({"error": str(exc)}), status=400, content_type="application/json")


@staff_member_required
def run_report(request):
    # Staff only: the error of the report they asked for is their feedback.
    try:
        return JsonResponse({"rows": run_staff_report(request)})
    except Exception as exc:
        return JsonResponse({"success": False, "error": str(exc)})


class QueryConsoleAdmin:
    # django-admin-query-executor: the console is reached through the admin
    # site's `admin_view`, staff only.
    def get_urls(self):
        return [path("execute-query/", self.admin_site.admin_view(self.execute_query_ajax))]

    def execute_query_ajax(self, request):
        try:
            return JsonResponse({"success": True, "result": run_query(request)})
        except Exception as e:
            return JsonResponse({"success": False, "error": str(e)})
