# A scripted Kafka broker for the client tests: it listens on an ephemeral
# loopback port (printed on stdout), reads request frames and answers each
# with the body a test's handler returns (None closes the connection).
# Only the non-flexible request header v1 is parsed, which is what the
# scripted versions use.
import socket
import struct
import threading


def read_exact(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            raise EOFError
        b += d
    return b


def s16(b, o): return struct.unpack_from(">h", b, o)[0], o + 2
def s32(b, o): return struct.unpack_from(">i", b, o)[0], o + 4


def sstr(b, o):
    n, o = s16(b, o)
    return (b[o:o + n].decode() if n >= 0 else None), o + max(n, 0)


def pstr(s): return struct.pack(">h", len(s)) + s.encode()


def api_versions(ver, keys):
    """ApiVersions of a broker that knows v0-v2: (key, min, max) rows, or a v0 refusal above v2."""
    if ver > 2:
        return struct.pack(">hi", 35, 1) + struct.pack(">hhh", 18, 0, 2)
    body = struct.pack(">hi", 0, len(keys)) + b"".join(struct.pack(">hhh", *k) for k in keys)
    return body + (struct.pack(">i", 0) if ver >= 1 else b"")


def listen():
    """The listening socket and its port, which goes to stdout for the test."""
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
    port = lsock.getsockname()[1]
    print(port, flush=True)
    return lsock, port


def run(lsock, handle):
    """Serve forever; handle(key, ver, req, o) gets the frame and the offset after the header."""

    def serve(c):
        try:
            while True:
                size = struct.unpack(">i", read_exact(c, 4))[0]
                req = read_exact(c, size)
                key, ver, corr = struct.unpack_from(">hhi", req, 0)
                _, o = sstr(req, 8)
                body = handle(key, ver, req, o)
                if body is None:
                    return
                c.sendall(struct.pack(">ii", len(body) + 4, corr) + body)
        except (EOFError, ConnectionResetError, BrokenPipeError):
            pass
        finally:
            c.close()

    while True:
        c, _ = lsock.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
