"""``kg serve``: a local, read-only SPARQL 1.1 Protocol endpoint and the HTML page.

``/sparql`` answers ``GET ?query=`` and ``POST`` (form or ``application/sparql-query``) with
JSON, XML, CSV or TSV results (``Accept``); ``/`` serves ``{build}/graph.html``. Updates are
refused with 403.

Timeout: a running Oxigraph query cannot be interrupted from Python, so queries run in a
small pool of worker *processes* (plain subprocesses speaking JSON lines over pipes), each
holding the store open read-only. The HTTP thread waits for the answer with a deadline
(``select`` on the pipe); past it the worker is killed (SIGKILL), a fresh one is started in
the background, and the client gets 503. The server process itself never
evaluates SPARQL, so a runaway query costs one worker, never the endpoint.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import click

from graph.errors import QueryError, ServeError
from graph.query import is_update
from graph.store import open_store

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty
_SELECT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}


def _negotiate(accept: str, table: dict[str, str], default: str) -> tuple[str, str]:
    """The first acceptable media type in ``table`` by q-value, else ``default``."""
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *options = (x.strip() for x in part.split(";"))
        q = 1.0
        for opt in options:
            if opt.startswith("q="):
                try:
                    q = float(opt[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for q, _i, media in sorted(ranked):
        if q == 0:
            break
        if media in table:
            return media, table[media]
        if media.endswith("/*"):
            break
    return default, table[default]


def _answer(store, query: str, accept: str) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    try:
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            media, fmt = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
            return 200, media, result.serialize(format=getattr(ox.RdfFormat, fmt))
        media, fmt = _negotiate(accept, _SELECT_TYPES, "application/sparql-results+json")
        return 200, media, result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"malformed query: {exc}".encode()
    except Exception as exc:  # report any evaluation error to the client, keep serving
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}".encode()


def worker_main(store_path: str) -> None:
    """Worker process loop: one JSON job per stdin line, a JSON header line + body on stdout."""
    import pyoxigraph as ox

    out = sys.stdout.buffer
    store = ox.Store.read_only(store_path)
    out.write(b'{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        job = json.loads(line)
        status, media, body = _answer(store, job["query"], job.get("accept", ""))
        header = {"status": status, "media": media, "length": len(body)}
        out.write(json.dumps(header).encode() + b"\n" + body)
        out.flush()


class _Worker:
    """One query process (a plain subprocess: no multiprocessing main-module pitfalls)."""

    def __init__(self, store_path: str):
        code = f"from graph.commands.serve import worker_main; worker_main({store_path!r})"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.buffer = b""
        try:
            ready = self._read_line(time.monotonic() + 30)
        except TimeoutError:
            ready = None
        if not ready or not json.loads(ready).get("ready"):
            self.kill()
            raise QueryError(f"cannot open the store {store_path} in a query worker")

    def _fill(self, deadline: float) -> None:
        fd = self.process.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            raise EOFError("query worker exited")
        self.buffer += chunk

    def _read_line(self, deadline: float) -> bytes:
        while b"\n" not in self.buffer:
            self._fill(deadline)
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def ask(self, query: str, accept: str, timeout: float) -> tuple[int, str, bytes]:
        """Send one job and wait at most ``timeout`` s; TimeoutError/EOFError otherwise."""
        deadline = time.monotonic() + timeout
        job = json.dumps({"query": query, "accept": accept}, ensure_ascii=True)
        self.process.stdin.write(job.encode() + b"\n")
        self.process.stdin.flush()
        header = json.loads(self._read_line(deadline))
        while len(self.buffer) < header["length"]:
            self._fill(deadline)
        body, self.buffer = self.buffer[: header["length"]], self.buffer[header["length"] :]
        return header["status"], header["media"], body

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


class QueryPool:
    """Worker processes that run SPARQL with a deadline; see the module docstring."""

    def __init__(self, store_path: str, workers: int = 2, timeout: float = 10.0):
        self.store_path, self.timeout = store_path, timeout
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        starters = [threading.Thread(target=self._add) for _ in range(workers)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self.idle.qsize() == 0:
            raise QueryError(f"cannot open the store {store_path} in a query worker")

    def _add(self) -> None:
        try:
            worker = _Worker(self.store_path)
        except QueryError:
            return
        with self.lock:
            if self.closed:
                worker.kill()
                return
            self.all.add(worker)
        self.idle.put(worker)

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        with self.lock:
            self.all.discard(worker)
        threading.Thread(target=self._add, daemon=True).start()

    def run(self, query: str, accept: str) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` for one query; 503 when it runs out of time."""
        plain = "text/plain; charset=utf-8"
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, plain, b"all query workers are busy; try again\n"
        try:
            answer = worker.ask(query, accept, self.timeout)
        except TimeoutError:
            self._drop(worker)
            message = f"query cut off after {self.timeout:g} s (the endpoint's time limit)\n"
            return 503, plain, message.encode()
        except (EOFError, OSError, ValueError) as exc:
            self._drop(worker)
            return 500, plain, f"query worker failed: {exc}\n".encode()
        self.idle.put(worker)
        return answer

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.all = list(self.all), set()
        for worker in workers:
            worker.kill()


class _Handler(BaseHTTPRequestHandler):
    server_version = "kamervragen-kg"
    pool: QueryPool
    build_dir: Path

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (text + "\n").encode("utf-8"))

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html", "/graph.html"):
            page = self.build_dir / "graph.html"
            if page.is_file():
                self._send(200, "text/html; charset=utf-8", page.read_bytes())
            else:
                self._text(404, f"no graph.html in {self.build_dir} yet; SPARQL is at /sparql")
            return
        if url.path == "/favicon.ico":  # browsers ask for it; an empty answer, no 404 logged
            self._send(204, "image/x-icon", b"")
            return
        if url.path != "/sparql":
            self._text(404, f"not found: {url.path} (try / or /sparql)")
            return
        form = parse_qs(url.query)
        if "update" in form:
            self._text(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        self._query((form.get("query") or [""])[0])

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib name
        """CORS preflight: a browser sends it before a POST of application/sparql-query."""
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if urlsplit(self.path).path != "/sparql":
            self._text(404, "not found (POST to /sparql)")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._text(400, "bad Content-Length")
            return
        if length > MAX_BODY:
            self._text(413, f"request body over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            self._text(403, "this endpoint is read-only: SPARQL updates are refused")
        elif media == "application/sparql-query":
            self._query(body)
        elif media == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                self._text(403, "this endpoint is read-only: SPARQL updates are refused")
            else:
                self._query((form.get("query") or [""])[0])
        else:
            self._text(415, "send application/sparql-query or a form with query=")

    def _query(self, text: str) -> None:
        if not text.strip():
            self._text(400, "missing query: use /sparql?query=SELECT…")
        elif is_update(text):
            self._text(403, "this endpoint is read-only: SPARQL updates are refused")
        else:
            status, media, body = self.pool.run(text, self.headers.get("Accept") or "")
            self._send(status, media, body)


def make_server(
    build_dir: str | Path = "build",
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    workers: int = 2,
) -> ThreadingHTTPServer:
    """A ready (not yet serving) HTTP server; ``port=0`` picks a free port.

    Call ``serve_forever()`` to run it, ``shutdown()`` then ``server_close()`` to stop it;
    ``server_close`` also stops the query workers.
    """
    build = Path(build_dir)
    open_store(build)  # fail early, with "run `kg build` first", when there is no build
    pool = QueryPool(str(build / "store"), workers=workers, timeout=timeout)
    handler = type("Handler", (_Handler,), {"pool": pool, "build_dir": build})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:  # the port is taken, the host is not this machine's, ...
        pool.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.daemon_threads = True
    original_close = server.server_close

    def server_close() -> None:
        original_close()
        pool.close()

    server.server_close = server_close  # type: ignore[method-assign]
    return server


@click.command("serve")
@click.option("--build", "build_dir", default="build", show_default=True, help="Build folder.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free).")
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Seconds per query.")
@click.option("--workers", default=2, show_default=True, type=int, help="Query processes.")
@click.option("--verbose", is_flag=True, help="Log every request.")
def command(
    build_dir: str, host: str, port: int, timeout: float, workers: int, verbose: bool
) -> None:
    """Serve the built graph read-only: SPARQL at /sparql, the HTML page at /.

    Example: kg serve --port 8000, then open http://127.0.0.1:8000/
    """
    server = make_server(build_dir, host, port, timeout, workers)
    server.verbose = verbose  # type: ignore[attr-defined]
    h, p = server.server_address[:2]
    click.echo(f"serving {build_dir}: http://{h}:{p}/ and SPARQL at http://{h}:{p}/sparql")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
