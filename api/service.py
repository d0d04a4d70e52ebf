"""The NinjaAPI instance: routers, problem-details errors, and an OpenAPI 3.1 document with them."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from api.endpoints import boroughs, ideas, jobs, okrs, projects
from api.problems import Problem, from_problem, invalid_parameters, not_found, problem_response

DESCRIPTION = """Read-only open data from the LOTI Portal: London boroughs, shared projects and each
borough's part in them, LOTI's quarterly OKRs, the job description library with salary
benchmarks, vacancies, and the results of idea calls. Published under the Open Government
Licence v3.0. Human-readable documentation: /api/."""


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated document, with errors described as the problem details they are sent as."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["license"] = {
            "name": "Open Government Licence v3.0",
            "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if str(status).startswith("4") and "content" in response:
                        response["content"] = {"application/problem+json": response["content"]["application/json"]}
        return schema


api = OpenDataAPI(
    title="LOTI Portal open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs_url=None,  # the documentation is a GOV.UK page, /api/, with no third-party script
    openapi_url="/openapi.json",
)
for module in (boroughs, projects, okrs, jobs, ideas):
    api.add_router("", module.router)


@api.exception_handler(Problem)
def on_problem(request, exc):
    return from_problem(request, exc)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return not_found(request, "There is no such record, or it is not public.")


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    errors = [
        {"parameter": ".".join(str(part) for part in error.get("loc", [])[1:]), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return from_problem(request, invalid_parameters(errors))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return problem_response(request, status=exc.status_code, title="Error", detail=str(exc), kind="error")
