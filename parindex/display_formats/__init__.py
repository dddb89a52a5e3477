"""How pages show numbers and dates, per language (Django's ``FORMAT_MODULE_PATH``)."""
