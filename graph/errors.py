"""Errors the library raises on purpose, each with a stable code.

The CLI turns a :class:`KgError` into one line on stderr and exit status 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every expected failure: ``code`` is stable, ``str()`` is the one-line reason."""

    code = "E000"

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class ReadError(KgError):
    """The input cannot be read as a Kamervragen document (missing, binary, HTML, empty, ...)."""

    code = "E100"


class NotKamervragenError(ReadError):
    """The file is text, but not written questions with answers (or a postponement notice)."""

    code = "E101"


class TooLargeError(ReadError):
    """The file exceeds :data:`graph.read.MAX_BYTES`; refused before it is parsed."""

    code = "E102"


class BuildError(KgError):
    """A build step failed: the graph does not conform, a store cannot be written, ..."""

    code = "E200"


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or there is no build to query."""

    code = "E300"


class EndpointError(KgError):
    """A remote SPARQL endpoint cannot be reached or refused the data."""

    code = "E400"


class ServeError(KgError):
    """``kg serve`` cannot listen where it was asked to (the port is taken, the host unknown)."""

    code = "E500"
