"""Publication rules: validated sources + as-of date → what is published.

The only place that knows about dates, publicity windows, withdrawal and
masking. Submodules hold one rule set each (documents, cases, penalties,
classes, dishonesty, masking, the protection lists); :func:`ipcredit.catalogue.publish` puts them
together into the published catalogue, one layer up.
"""
