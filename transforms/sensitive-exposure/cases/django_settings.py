"""Django settings for the project."""
import os

# error
DEBUG = True
INSTALLED_APPS = ["django.contrib.admin"]
# ok
TEMPLATE_DEBUG = os.environ.get("TEMPLATE_DEBUG") == "1"
