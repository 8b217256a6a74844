"""WSGI entry point (gunicorn petrissage.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petrissage.settings")
application = get_wsgi_application()
