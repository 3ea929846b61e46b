import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktenbund.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Load now what each app server process would load on its first request.

    The URL configuration (every API router and its schemas) and the search's
    word list for splitting compounds: 3-4 s of the first search after every
    worker start otherwise (docs/benchmarks.md, "Fifth round"). gunicorn loads
    this module in each worker before it accepts requests (with --preload
    once, before forking).
    """
    from django.urls import get_resolver

    from aktenbund.search import analyse

    get_resolver().url_patterns  # noqa: B018 (imports the URL modules)
    analyse.tokens("Gemeindeverwaltung")


warm_up()
