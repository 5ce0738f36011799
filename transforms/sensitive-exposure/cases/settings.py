INSTALLED_APPS = ["django.contrib.auth"]

# error

DEBUG = True

# ok

TEMPLATE_DEBUG_NOTE = "DEBUG = True must not ship"
