"""Starts `jigu serve` on 127.0.0.1 with a free port (--port 0) for a test, and talks to it."""
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time


class JiguServer:
    def __init__(self, jigu, *args, workspace=None):
        cmd = [jigu]
        if workspace:
            cmd += ["--workspace", str(workspace)]
        cmd += ["serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
        self.stderr_lines = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        line = self._read_line(timeout=120)
        prefix = "jigu serve: listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            self.proc.kill()
            raise RuntimeError(f"jigu serve did not start: {line!r} {self.stderr_lines}")
        self.port = int(line[len(prefix):].rstrip("/\n"))
        self.base = f"http://127.0.0.1:{self.port}"

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def _read_line(self, timeout):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0] if result else ""

    def request(self, method, target, body=None, headers=None, timeout=30):
        """(status, headers dict, body bytes) of one request on a fresh connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def get_json(self, target):
        status, headers, body = self.request("GET", target)
        return status, json.loads(body)

    def raw(self, data, timeout=10):
        """Sends raw bytes; returns (status or None, whole response bytes)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                        break
            except (socket.timeout, ConnectionResetError):
                pass
        response = b"".join(chunks)
        try:
            status = int(response.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = None
        return status, response

    def alive(self):
        return self.proc.poll() is None

    def healthy(self):
        status, doc = self.get_json("/healthz")
        return status == 200 and doc["status"] == "ok"

    def signal(self, sig):
        os.kill(self.proc.pid, sig)

    def stop(self):
        """SIGTERM, then the exit code (the server finishes in-flight requests first)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        self._stderr_thread.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def _complete(response):
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def wait_until(predicate, timeout=30, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False
