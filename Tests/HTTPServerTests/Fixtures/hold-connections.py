"""Opens N keep-alive connections to a server and holds them idle until stdin closes.

The black-box test runs this in its own process because one process may not hold both ends of
10,000 connections under this machine's descriptor limit. Every 100th connection makes a request
first, so idle connections of both kinds (fresh and after a response) are held.
"""
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])


def read_response(connection):
    """Reads one response with a Content-Length body; returns its status line."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            sys.exit("connection closed before its response")
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            sys.exit("connection closed inside a response body")
        body += chunk
    return head.split(b"\r\n")[0].decode()


held = []
for index in range(count):
    connection = socket.create_connection(("127.0.0.1", port))
    if index % 100 == 0:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        read_response(connection)
    held.append(connection)
print("ready", flush=True)
sys.stdin.read()
# After the fresh client was served, an old idle connection must still work.
held[len(held) // 2].sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
print(read_response(held[len(held) // 2]), flush=True)
