"""A tiny SMTP server: banner, EHLO (advertising STARTTLS or not), STARTTLS, QUIT.

``latency`` (seconds or a (low, high) range) delays every reply; ``sessions`` counts the
connections served (the shared-host cache is proved by it)."""

from __future__ import annotations

import socket
import ssl
import threading
import time

from tests.diagnostic.simnet.dns_server import delay_of


class SmtpServer:
    def __init__(self, ip: str, *, tls: ssl.SSLContext | None, latency: float | tuple = 0.0):
        self.tls = tls
        self.latency = latency
        self._count = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind((ip, 0))
        self.sock.listen(128)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self.sessions = 0

    def start(self) -> SmtpServer:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()
        self.sock.close()

    def _reply(self, conn: socket.socket, data: bytes) -> None:
        if self.latency:
            time.sleep(delay_of(self.latency))
        conn.sendall(data)

    def _session(self, conn: socket.socket) -> None:
        with self._count:
            self.sessions += 1
        conn.settimeout(5)
        try:
            self._reply(conn, b"220 mx.simnet ESMTP\r\n")
            reader = conn.makefile("rb")
            for _ in range(20):
                command = reader.readline(512).strip().upper()
                if command.startswith(b"EHLO"):
                    extra = b"250-STARTTLS\r\n" if self.tls else b""
                    self._reply(conn, b"250-mx.simnet\r\n" + extra + b"250 8BITMIME\r\n")
                elif command == b"STARTTLS" and self.tls:
                    self._reply(conn, b"220 2.0.0 Ready\r\n")
                    with self.tls.wrap_socket(conn, server_side=True) as secure:
                        secure.recv(64)
                    return
                else:
                    self._reply(conn, b"221 Bye\r\n")
                    return
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()
