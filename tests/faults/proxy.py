"""A TCP forwarder on 127.0.0.1 in front of PostgreSQL that can play a server restart.

When PostgreSQL restarts, its clients see every open connection closed, then new
connections refused for a while, then accepted again. `cut()` and `restore()` do exactly
that between the portal and the machine's PostgreSQL, which is never touched itself.
`lose_reply_to_next_commit()` plays the worst moment: the server commits, and the
connection drops before the client hears so.
"""

from __future__ import annotations

import socket
import threading

CHUNK = 65536


class _Pair:
    def __init__(self, client: socket.socket, server: socket.socket):
        self.client = client
        self.server = server
        self.commit_sent = False  # a COMMIT went up while the trap was set

    def close(self) -> None:
        for sock in (self.client, self.server):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


class FlakyProxy:
    def __init__(self, upstream: tuple[str, int] = ("127.0.0.1", 5432)):
        self.upstream = upstream
        self.port = 0
        self._lock = threading.Lock()
        self._pairs: set[_Pair] = set()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self._trap_set = False
        self.commit_reply_lost = threading.Event()  # set once the trap went off
        self.lost_reply = b""
        self.connections = 0

    # -- running ----------------------------------------------------------------------
    def __enter__(self) -> FlakyProxy:
        self._listen()
        return self

    def __exit__(self, *_exc) -> None:
        self._stopped.set()
        self._close_everything()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name="proxy-accept").start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set() and self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by cut()
            client.settimeout(None)
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = _Pair(client, server)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    pair.close()
                    continue
                self._pairs.add(pair)
                self.connections += 1
            threading.Thread(target=self._upstream, args=(pair,), daemon=True).start()
            threading.Thread(target=self._downstream, args=(pair,), daemon=True).start()

    def _upstream(self, pair: _Pair) -> None:
        """Client to PostgreSQL."""
        try:
            while data := pair.client.recv(CHUNK):
                # psycopg sends COMMIT as a simple query: 'Q', length, "COMMIT\0".
                if self._trap_set and b"COMMIT\x00" in data:
                    with self._lock:
                        if self._trap_set:
                            self._trap_set = False
                            pair.commit_sent = True
                pair.server.sendall(data)
        except OSError:
            pass
        self._drop(pair)

    def _downstream(self, pair: _Pair) -> None:
        """PostgreSQL to client."""
        try:
            while data := pair.server.recv(CHUNK):
                if pair.commit_sent:
                    # PostgreSQL has answered the COMMIT; the client never hears it.
                    self.lost_reply = data
                    self.commit_reply_lost.set()
                    break
                pair.client.sendall(data)
        except OSError:
            pass
        self._drop(pair)

    def _drop(self, pair: _Pair) -> None:
        with self._lock:
            self._pairs.discard(pair)
        pair.close()

    def _close_everything(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = list(self._pairs), set()
        if listener is not None:
            listener.close()
        for pair in pairs:
            pair.close()

    # -- faults -------------------------------------------------------------------------
    def cut(self) -> None:
        """PostgreSQL goes down: every connection drops, new ones are refused."""
        self._close_everything()

    def restore(self) -> None:
        """PostgreSQL is back: connections are accepted again, on the same port."""
        self._listen()

    def lose_reply_to_next_commit(self) -> None:
        self.commit_reply_lost.clear()
        self._trap_set = True
