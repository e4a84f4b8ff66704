"""A loopback HTTPS server for many fake hosts at once: the demo site and the test sites.

Files live in `root/<host>/<path>`; a directory serves its index.html. A sidecar file
`<name>.headers` adds response headers ('Name: value' per line); pseudo-headers are read
by the server instead of sent: `Status: 503`, `Delay-Ms: 1500`, `Fail-Times: 1` (answer 503
to the first request(s) for this file, as a flaky server does), `Gather: 3 2000` (hold the
request until 3 such requests to the host are held at once, or for 2000 ms: shows which
requests a client made at the same time), and `When-Header: Sec-GPC=1 other.html` (serve
the sibling other.html to a request that carries that header value, as a server honouring
the header would), and `Require-Auth: user:password` (HTTP basic auth: a request without
`Authorization: Basic` for exactly these credentials is answered 401 with
`WWW-Authenticate: Basic realm="fixture"`, as a password-protected staging site does).
A WebSocket upgrade to any path of a host folder is accepted, and the frames the client
sends are read and dropped (`FixtureServer.frames` keeps their text); a CORS preflight
(OPTIONS) is always allowed.
Chromium reaches
every host through `--host-resolver-rules="MAP * 127.0.0.1:PORT"`, so nothing leaves the
machine. The certificate is a throwaway one (trustme); browsers must ignore HTTPS errors.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import trustme


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    headers: dict[str, str]


class FixtureServer:
    """Serves `root` on 127.0.0.1 (HTTPS unless tls=False) in a background thread."""

    def __init__(self, root: Path, tls: bool = True) -> None:
        self.root = Path(root)
        self.tls = tls
        self.hits: list[Hit] = []
        self._failures: dict[Path, int] = {}
        self._held: dict[str, int] = {}
        self._generations: dict[str, int] = {}
        self.gathered: list[Hit] = []  # requests answered because a group formed (Gather)
        self.frames: list[tuple[str, str]] = []  # (host, text) of WebSocket frames received
        self._lock = threading.Lock()
        self._released = threading.Condition(self._lock)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._certdir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def host_map(self) -> str:
        """Chromium host-resolver rules that send every host name here."""
        return f"MAP * 127.0.0.1:{self.port}"

    def start(self) -> FixtureServer:
        server = self

        class Handler(_Handler):
            owner = server

        httpd = _Server(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        if self.tls:
            ca = trustme.CA()
            leaf = ca.issue_cert("*.test", "localhost", "127.0.0.1")
            self._certdir = tempfile.TemporaryDirectory(prefix="pytest-privacy-cert-")
            pem = Path(self._certdir.name) / "leaf.pem"
            leaf.private_key_and_cert_chain_pem.write_to_path(str(pem))
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(pem))
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._certdir is not None:
            self._certdir.cleanup()
            self._certdir = None

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def count(self, host: str, path: str = "/") -> int:
        """How many requests reached `host` for `path` (query strings ignored)."""
        with self._lock:
            return sum(1 for h in self.hits if h.host == host and h.path == path)

    def gather(self, hit: Hit, count: int, timeout_s: float) -> None:
        """Hold a request until `count` requests to its host are held at once (then all go,
        and are listed in `gathered`), or for `timeout_s`."""
        with self._released:
            generation = self._generations.get(hit.host, 0)
            self._held[hit.host] = self._held.get(hit.host, 0) + 1
            if self._held[hit.host] >= count:
                self._held[hit.host] = 0
                self._generations[hit.host] = generation + 1
                self._released.notify_all()
                self.gathered.append(hit)
                return
            if self._released.wait_for(
                    lambda: self._generations.get(hit.host, 0) != generation, timeout_s):
                self.gathered.append(hit)
            else:
                self._held[hit.host] -= 1

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self._failures.clear()
            self.gathered.clear()

    def failures_left(self, target: Path, times: int) -> bool:
        """True for the first `times` requests of `target` (Fail-Times)."""
        with self._lock:
            done = self._failures.get(target, 0)
            self._failures[target] = done + 1
            return done < times


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Browsers drop connections they no longer need; that is not an error here."""


class _Handler(BaseHTTPRequestHandler):
    owner: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if (self.headers.get("Upgrade") or "").lower() == "websocket":
            return self._websocket()
        self._serve(with_body=True)

    def _websocket(self) -> None:
        """Accept a WebSocket (RFC 6455) on a known host; read frames until the client
        closes."""
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        self.owner.record(Hit(host, unquote(urlsplit(self.path).path), dict(self.headers)))
        if not (self.owner.root / host).is_dir():
            return self._send(404, {"Content-Type": "text/plain"}, b"no such fixture\n", True)
        key = (self.headers.get("Sec-WebSocket-Key") or "").strip()
        accept = base64.b64encode(hashlib.sha1(  # noqa: S324  (the protocol's own hash)
            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = int.from_bytes(self.rfile.read(2), "big")
            elif length == 127:
                length = int.from_bytes(self.rfile.read(8), "big")
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 8:
                return
            if opcode in (1, 2):
                with self.owner._lock:
                    self.owner.frames.append((host, data.decode("utf-8", "replace")))

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(with_body=False)

    def do_OPTIONS(self) -> None:  # noqa: N802
        """A CORS preflight: allowed, as collectors of third-party scripts allow it."""
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Credentials", "true")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers",
                         self.headers.get("Access-Control-Request-Headers") or "*")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1_000_000))
        self._serve(with_body=True)

    def _serve(self, with_body: bool) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = unquote(urlsplit(self.path).path)
        hit = Hit(host, path, dict(self.headers.items()))
        self.owner.record(hit)
        site = (self.owner.root / host).resolve()
        target = (site / path.lstrip("/")).resolve()
        if not host or not site.is_dir() or (site not in target.parents and target != site):
            return self._send(404, {"Content-Type": "text/plain"}, b"no such fixture\n",
                              with_body)
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, {"Content-Type": "text/plain"}, b"not found\n", with_body)
        sidecar = target.with_name(target.name + ".headers")
        lines = sidecar.read_text("utf-8").splitlines() if sidecar.is_file() else []
        for line in lines:
            name, _, value = line.partition(":")
            if name.strip().lower() == "when-header":
                condition, _, other = value.strip().partition(" ")
                header, _, wanted = condition.partition("=")
                if self.headers.get(header) == wanted and (target.parent / other).is_file():
                    return self._serve_file(target.parent / other, with_body)
        self._serve_file(target, with_body, hit)

    def _serve_file(self, target: Path, with_body: bool, hit: Hit | None = None) -> None:
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json")):
            kind += "; charset=utf-8"
        headers = {"Content-Type": kind, "Cache-Control": "no-store"}
        extra: list[tuple[str, str]] = []
        status = 200
        sidecar = target.with_name(target.name + ".headers")
        if sidecar.is_file():
            for line in sidecar.read_text("utf-8").splitlines():
                if ":" not in line:
                    continue
                name, value = (part.strip() for part in line.split(":", 1))
                if name.lower() == "require-auth" and not self._authorized(value):
                    return self._send(401, {"Content-Type": "text/plain",
                                            "WWW-Authenticate": 'Basic realm="fixture"'},
                                      b"login required\n", with_body)
                if name.lower() == "require-auth":
                    continue
                if name.lower() == "status":
                    status = int(value)
                elif name.lower() == "delay-ms":
                    time.sleep(int(value) / 1000)
                elif name.lower() == "gather" and hit is not None:
                    count, timeout_ms = value.split()
                    self.owner.gather(hit, int(count), int(timeout_ms) / 1000)
                elif name.lower() == "content-type":
                    headers["Content-Type"] = value
                elif name.lower() == "when-header":
                    continue
                elif name.lower() == "fail-times":
                    if self.owner.failures_left(target, int(value)):
                        status = 503
                else:
                    extra.append((name, value))
        self._send(status, headers, target.read_bytes(), with_body, extra)

    def _authorized(self, credentials: str) -> bool:
        """Whether the request carries HTTP basic auth for `user:password`."""
        wanted = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
        return self.headers.get("Authorization", "") == wanted

    def _send(self, status: int, headers: dict[str, str], body: bytes, with_body: bool,
              extra: list[tuple[str, str]] | None = None) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        for name, value in extra or []:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)
