"""One blueprint per section of the site.

Each module has ``bp`` and ``urls(catalogue)``, which lists every
(endpoint, values) the section serves so the freezer can write them all.
"""
