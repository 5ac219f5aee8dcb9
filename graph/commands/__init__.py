"""One module per ``kg`` command; each exposes ``command`` and is found by :mod:`graph.cli`."""
