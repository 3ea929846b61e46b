"""The tenant-isolation probe (DESIGN.md §4).

It enumerates every route there is — the URL patterns through Django's URL
resolver, the API operations through the OpenAPI schema of every NinjaAPI
mounted in the URLconf — so a route added later is probed without editing
any test. Signed in as a user of Kommune A, it asks each route for Kommune
B's objects (see `probe_objects`) and expects 404: not 403, since the mere
existence of another Kommune's object is not revealed.

- A URL pattern with object parameters (`<model_name>_id`) is requested with
  GET and with POST (empty body); both must answer 404, except that a method
  the view does not take may answer 405 when the other one answers 404.
- A URL pattern without object parameters is requested with GET; it may
  answer 200, 302, 404 or 405, and the body must not contain B's marker.
- An API operation with an object parameter (path, query, or a required
  body property named `<model_name>_id`) is called with B's ids and a
  minimal valid body built from the schema; it must answer 404.
- An API GET operation without object parameters must answer 200 or 404,
  again without B's marker in the body.
- Any other API operation without object parameters acts on the caller's own
  Kommune. If its JSON body has optional `<model_name>_id` properties (a
  parent, a predecessor …), it is sent once with B's object there and once
  with an id that exists nowhere: both must answer alike (no existence
  oracle, no cross-Kommune reference), and without B's marker.

Every request runs in a savepoint that is rolled back, so probes leave
nothing behind and do not disturb each other.

`probe()` returns the leaks it found; an empty list means no route showed
anything of Kommune B. A parameter the probe cannot fill (an `<x>_id` with no
maker, any other parameter not declared in `PLAIN_PARAMS`) is reported as a
leak too: a route must not escape the probe because it is new.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.views import LoginView, LogoutView
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from tests.security.probe_objects import MAKERS, MARKER, PLAIN_PARAMS, World

OBJECT_PARAM = re.compile(r"^(?P<model>\w+)_id$")
PATH_PARAM = re.compile(r"\{(?:\w+:)?(\w+)\}")  # ninja: {name} or {converter:name}
API_METHODS = ("get", "post", "put", "patch", "delete")
# Pages with object parameters are asked with these methods.
PAGE_METHODS = ("GET", "POST")
# Pages without object parameters: shown, redirected, not there, or POST only.
PAGE_STATUSES = {200, 302, 404, 405}
# API reads without object parameters.
API_READ_STATUSES = {200, 404}
MAKERS_FILE = "tests/security/probe_objects.py"
# An object id that exists nowhere, to compare answers with.
NONEXISTENT_ID = 987_654_321


@dataclass(frozen=True)
class Leak:
    """A route that answered other than expected (or could not be probed)."""

    route: str
    method: str
    status: int | None
    reason: str

    def __str__(self) -> str:
        status = "—" if self.status is None else self.status
        return f"{self.method:6} {self.route}  [{status}]  {self.reason}"


def format_leaks(leaks: Iterable[Leak]) -> str:
    return "\n".join(str(leak) for leak in leaks)


# --- the URL resolver -------------------------------------------------------


@dataclass
class Route:
    """One concrete route of the URLconf, with what it takes to build its path."""

    template: str  # as written in the URLconf, e.g. /verwaltung/kommunen/<int:kommune_id>/
    fmt: str  # %-format for the path, e.g. /verwaltung/kommunen/%(kommune_id)s/
    params: list[str]
    converters: dict[str, Any] = field(default_factory=dict)
    callback: Callable | None = None
    resolver: URLResolver | None = None  # for a mounted NinjaAPI


def _piece(pattern) -> tuple[str, list[str]]:
    # The way Django's own reverse() reads a pattern: the first (fullest) form.
    fmt, params = normalize(pattern.regex.pattern)[0]
    return fmt, list(params)


def _skipped(callback: Callable) -> bool:
    """Routes the probe leaves alone: static files and the sign-in/out pages."""
    module = getattr(callback, "__module__", "") or ""
    if module.startswith(("django.views.static", "django.contrib.staticfiles")):
        return True
    view_class = getattr(callback, "view_class", None)
    # Signing out would end the probe's own session; neither page takes an object.
    return isinstance(view_class, type) and issubclass(view_class, LoginView | LogoutView)


def walk_urlconf(urlconf: Any = None) -> tuple[list[Route], list[Route]]:
    """(pages, mounted NinjaAPIs) of the URLconf, recursively through includes."""
    pages: list[Route] = []
    apis: list[Route] = []

    def walk(patterns, template: str, fmt: str, params: list[str], converters: dict) -> None:
        for entry in patterns:
            piece_fmt, piece_params = _piece(entry.pattern)
            here = (
                template + str(entry.pattern),
                fmt + piece_fmt,
                params + piece_params,
                {**converters, **entry.pattern.converters},
            )
            if isinstance(entry, URLResolver):
                if entry.app_name == "ninja":
                    apis.append(Route(*here, resolver=entry))
                else:
                    walk(entry.url_patterns, *here)
            elif isinstance(entry, URLPattern) and not _skipped(entry.callback):
                pages.append(Route(*here, callback=entry.callback))

    walk(get_resolver(urlconf).url_patterns, "/", "/", [], {})
    return pages, apis


# --- parameters -------------------------------------------------------------


class Unprobed(Exception):
    """A parameter the probe cannot fill: the route would escape it."""


def param_value(name: str, world: World) -> tuple[Any, bool]:
    """(value, is_object_reference) for a route parameter, or raise Unprobed."""
    if name in PLAIN_PARAMS:
        return PLAIN_PARAMS[name], False
    match = OBJECT_PARAM.match(name)
    if match is None:
        raise Unprobed(
            f"parameter '{name}' is not an object reference `<model_name>_id`; "
            f"if it is no object, declare a value in PLAIN_PARAMS in {MAKERS_FILE}"
        )
    model = match["model"]
    if model not in MAKERS:
        raise Unprobed(
            f"parameter '{name}' refers to '{model}', which has no maker: "
            f"add MAKERS['{model}'] (one object of Kommune B) in {MAKERS_FILE}"
        )
    return world.obj(model).pk, True


def is_object_reference(name: str) -> bool:
    return name not in PLAIN_PARAMS and OBJECT_PARAM.match(name) is not None


# --- requests ---------------------------------------------------------------


@dataclass
class Answer:
    status: int | None
    text: str


def _send(
    client: Client,
    method: str,
    url: str,
    *,
    body: bytes | str = b"",
    content_type: str = "application/octet-stream",
) -> Answer:
    """One request, rolled back afterwards: probes leave nothing behind for the next."""
    with transaction.atomic():
        try:
            response = client.generic(method.upper(), url, body, content_type=content_type)
            if getattr(response, "streaming", False):
                raw = b"".join(response.streaming_content)
            else:
                raw = response.content
            answer = Answer(response.status_code, raw.decode("utf-8", "replace"))
        except Exception as exc:  # a crash is no 404 either; report it, go on probing
            answer = Answer(None, f"raised {type(exc).__name__}: {exc}")
        transaction.set_rollback(True)
    return answer


def _shows_marker(answer: Answer) -> bool:
    return MARKER.lower() in answer.text.lower()


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _expect_404(leaks: list[Leak], route: str, method: str, url: str, answer: Answer) -> None:
    if answer.status != 404:
        leaks.append(
            Leak(
                route,
                method.upper(),
                answer.status,
                f"{url} with Kommune B's object(s) answered {answer.status}, "
                f"expected 404: {_snippet(answer.text)}",
            )
        )


def _expect_clean(
    leaks: list[Leak], route: str, method: str, url: str, answer: Answer, allowed: set[int]
) -> None:
    if answer.status not in allowed:
        leaks.append(
            Leak(
                route,
                method.upper(),
                answer.status,
                f"{url} answered {answer.status}, expected one of {sorted(allowed)}: "
                f"{_snippet(answer.text)}",
            )
        )
    if _shows_marker(answer):
        at = answer.text.lower().index(MARKER.lower())
        leaks.append(
            Leak(
                route,
                method.upper(),
                answer.status,
                f"{url} shows Kommune B's data ('{MARKER}' found): "
                f"…{_snippet(answer.text[max(0, at - 80) : at + 80])}",
            )
        )


# --- pages ------------------------------------------------------------------


def _probe_page(client: Client, world: World, route: Route, leaks: list[Leak], log) -> None:
    values: dict[str, str] = {}
    objects = False
    try:
        for name in route.params:
            value, is_object = param_value(name, world)
            converter = route.converters.get(name)
            values[name] = converter.to_url(value) if converter else str(value)
            objects |= is_object
    except Unprobed as exc:
        leaks.append(Leak(route.template, "-", None, str(exc)))
        return
    url = route.fmt % values
    if objects:
        answers = {}
        for method in PAGE_METHODS:
            answers[method] = _send(client, method, url, content_type=MULTIPART_CONTENT)
            log.append(f"{method} {url} -> {answers[method].status}")
        for method, answer in answers.items():
            # 405 comes from the method check before any lookup (require_POST):
            # it says nothing about the object, as long as another method says 404.
            if answer.status == 405 and any(a.status == 404 for a in answers.values()):
                continue
            _expect_404(leaks, route.template, method, url, answer)
    else:
        answer = _send(client, "GET", url)
        log.append(f"GET {url} -> {answer.status}")
        _expect_clean(leaks, route.template, "GET", url, answer, PAGE_STATUSES)


# --- API operations ---------------------------------------------------------


class BodyBuilder:
    """A minimal valid request body for a JSON schema, with B's ids in `<model>_id`."""

    def __init__(self, components: dict, world: World):
        self.components = components
        self.world = world
        self.objects: list[str] = []  # object references put into the body

    def resolve(self, schema: dict) -> dict:
        seen = 0
        while "$ref" in schema:
            seen += 1
            if seen > 50:
                raise Unprobed(f"cyclic $ref {schema['$ref']}")
            ref = schema["$ref"]
            if not ref.startswith("#/components/"):
                raise Unprobed(f"cannot resolve $ref {ref}")
            node: Any = {"components": self.components}
            try:
                for part in ref[2:].split("/"):
                    node = node[part]
            except (KeyError, TypeError) as exc:
                raise Unprobed(f"cannot resolve $ref {ref}") from exc
            schema = node
        return schema

    def build(self, schema: dict, name: str | None = None, depth: int = 0) -> Any:
        if depth > 20:
            raise Unprobed("request body schema nests too deep (recursive?)")
        schema = self.resolve(schema)
        depth += 1
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(s) for s in schema[key]]
                usable = [s for s in options if s.get("type") != "null"] or options
                return self.build(usable[0], name, depth)
        if "allOf" in schema:
            parts = [self.resolve(s) for s in schema["allOf"]]
            if len(parts) == 1:
                return self.build(parts[0], name, depth)
            merged: dict = {"type": "object", "properties": {}, "required": []}
            for part in parts:
                merged["properties"].update(part.get("properties", {}))
                merged["required"] += part.get("required", [])
            return self.build(merged, name, depth)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or (kind is None and "properties" in schema):
            properties = schema.get("properties", {})
            return {
                prop: self.build(properties.get(prop, {}), prop, depth)
                for prop in schema.get("required", [])
            }
        if kind == "array":
            count = schema.get("minItems", 0)
            return [self.build(schema.get("items", {}), name, depth) for _ in range(count)]
        if kind == "integer":
            if name and is_object_reference(name):
                match = OBJECT_PARAM.match(name)
                if match["model"] in MAKERS:
                    self.objects.append(name)
                    return self.world.obj(match["model"]).pk
            return max(1, schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
        if kind == "number":
            return max(1, schema.get("minimum", 1))
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return self._string(schema)

    def _string(self, schema: dict) -> Any:
        fmt = schema.get("format")
        if fmt == "date":
            return "2026-01-01"
        if fmt == "date-time":
            return "2026-01-01T00:00:00Z"
        if fmt == "email":
            return "x@example.org"
        if fmt == "uuid":
            return "00000000-0000-4000-8000-000000000000"
        if fmt == "binary":
            return SimpleUploadedFile("probe.txt", b"probe", content_type="text/plain")
        return "x" * max(1, schema.get("minLength", 1))


def _openapi_url(api: Route) -> str | None:
    for entry in api.resolver.url_patterns:
        if isinstance(entry, URLPattern) and entry.name == "openapi-json":
            return api.fmt + _piece(entry.pattern)[0]
    return None


def _probe_api(client: Client, world: World, api: Route, leaks: list[Leak], log) -> None:
    if api.params:
        leaks.append(Leak(api.template, "-", None, "API mounted under a parameter: not probed"))
        return
    schema_url = _openapi_url(api)
    if schema_url is None:
        leaks.append(
            Leak(
                api.template,
                "-",
                None,
                "this NinjaAPI publishes no OpenAPI schema (openapi_url=None), "
                "so its operations cannot be probed",
            )
        )
        return
    answer = _send(client, "GET", schema_url)
    log.append(f"GET {schema_url} -> {answer.status}")
    if answer.status != 200:
        leaks.append(Leak(schema_url, "GET", answer.status, "OpenAPI schema not readable"))
        return
    schema = json.loads(answer.text)
    components = schema.get("components", {})
    for path, item in schema.get("paths", {}).items():
        for method in API_METHODS:
            if method in item:
                _probe_operation(client, world, path, method, item, components, leaks, log)


def _probe_operation(
    client: Client,
    world: World,
    path: str,
    method: str,
    item: dict,
    components: dict,
    leaks: list[Leak],
    log: list[str],
) -> None:
    operation = item[method]
    route = path
    parameters = {
        (p["name"], p["in"]): p
        for p in [*item.get("parameters", []), *operation.get("parameters", [])]
    }
    body = BodyBuilder(components, world)
    path_values: dict[str, Any] = {}
    query: dict[str, Any] = {}
    path_objects = required_objects = False
    try:
        for name in PATH_PARAM.findall(path):
            path_values[name], is_object = param_value(name, world)
            path_objects |= is_object
        for (name, where), parameter in parameters.items():
            if where != "query":
                continue
            if is_object_reference(name):
                query[name], _ = param_value(name, world)
                required_objects |= bool(parameter.get("required"))
            elif parameter.get("required"):
                query[name] = body.build(parameter.get("schema", {}), name)
        data, payload, content_type = _request_body(operation, body)
    except Unprobed as exc:
        leaks.append(Leak(route, method.upper(), None, str(exc)))
        return
    concrete = PATH_PARAM.sub(lambda m: quote(str(path_values[m[1]]), safe=""), path)

    def call(params: dict[str, Any]) -> tuple[str, Answer]:
        url = concrete + ("?" + urlencode(params, doseq=True) if params else "")
        answer = _send(client, method, url, body=payload, content_type=content_type)
        log.append(f"{method.upper()} {url} -> {answer.status}")
        return url, answer

    query_objects = [name for name in query if is_object_reference(name)]
    if path_objects or query_objects or body.objects:
        url, answer = call(query)
        _expect_404(leaks, route, method, url, answer)
    if method == "get" and not (path_objects or required_objects or body.objects):
        # A plain read (a list, one's own things): nothing of B may show.
        plain = {k: v for k, v in query.items() if k not in query_objects}
        url, answer = call(plain)
        _expect_clean(leaks, route, method, url, answer, API_READ_STATUSES)
    if method != "get" and not (path_objects or query_objects or body.objects):
        # A write of one's own that may point at other objects: whether it
        # points at B's object or at none must make no difference.
        url = concrete + ("?" + urlencode(query, doseq=True) if query else "")
        for prop, model in _optional_references(operation, body):
            answers = {}
            for which, value in (("B's", world.obj(model).pk), ("no", NONEXISTENT_ID)):
                answers[which] = _send(
                    client,
                    method,
                    url,
                    body=json.dumps({**data, prop: value}),
                    content_type="application/json",
                )
                log.append(f"{method.upper()} {url} {{{prop}: {which}}} -> {answers[which].status}")
            ours, none = answers["B's"], answers["no"]
            if ours.status != none.status:
                leaks.append(
                    Leak(
                        route,
                        method.upper(),
                        ours.status,
                        f"{url} with {prop}=<Kommune B's {model}> answered {ours.status}, "
                        f"with {prop}=<no such {model}> {none.status}: the answer depends "
                        f"on B's object: {_snippet(ours.text)}",
                    )
                )
            _expect_clean(leaks, route, method, url, ours, {ours.status})


def _optional_references(operation: dict, body: BodyBuilder) -> list[tuple[str, str]]:
    """(property, model) of optional `<model>_id` properties of a JSON body."""
    content = (operation.get("requestBody") or {}).get("content", {})
    if "application/json" not in content:
        return []
    schema = body.resolve(content["application/json"].get("schema", {}))
    required = set(schema.get("required", []))
    found = []
    for prop in schema.get("properties", {}):
        match = OBJECT_PARAM.match(prop)
        if (
            prop not in required
            and match
            and is_object_reference(prop)
            and match["model"] in MAKERS
        ):
            found.append((prop, match["model"]))
    return found


def _request_body(operation: dict, body: BodyBuilder) -> tuple[Any, bytes | str, str]:
    """(data, encoded body, content type) of a minimal valid request body."""
    request_body = operation.get("requestBody")
    if not request_body:
        return None, b"", "application/octet-stream"
    content = request_body.get("content", {})
    if "application/json" in content:
        data = body.build(content["application/json"].get("schema", {}))
        return data, json.dumps(data), "application/json"
    for form in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if form in content:
            data = body.build(content[form].get("schema", {}))
            fields = {
                k: json.dumps(v) if isinstance(v, dict) else v for k, v in (data or {}).items()
            }
            return data, encode_multipart(BOUNDARY, fields), MULTIPART_CONTENT
    raise Unprobed(f"no way to build a request body of type {', '.join(content)}")


# --- the probe --------------------------------------------------------------


def probe(client: Client, world: World, *, log: list[str] | None = None) -> list[Leak]:
    """Ask every route of the current URLconf for Kommune B's objects.

    `client` must be signed in as a user of Kommune A. Returns the leaks; each
    request made is appended to `log` when given.
    """
    if not client.session.get("_auth_user_id"):
        raise AssertionError("the probe needs a client signed in as a user of Kommune A")
    log = [] if log is None else log
    leaks: list[Leak] = []
    pages, apis = walk_urlconf()
    for page in pages:
        _probe_page(client, world, page, leaks, log)
    for api in apis:
        _probe_api(client, world, api, leaks, log)
    return leaks
