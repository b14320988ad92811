"""Opens N keep-alive connections to a server and holds them idle until stdin closes.

The black-box test runs this in its own process because one process may not hold both ends of
10,000 connections under this machine's descriptor limit. Every 100th connection makes a request
first, so idle connections of both kinds (fresh and after a response) are held.
"""
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for index in range(count):
    connection = socket.create_connection(("127.0.0.1", port))
    if index % 100 == 0:
        connection.sendall(b"GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
        received = b""
        while not received.endswith(b"GET /warm 0\n"):
            chunk = connection.recv(4096)
            if not chunk:
                sys.exit("connection %d closed before its response" % index)
            received += chunk
    held.append(connection)
print("ready", flush=True)
sys.stdin.read()
# After the fresh client was served, an old idle connection must still work.
held[len(held) // 2].sendall(b"GET /old HTTP/1.1\r\nHost: t\r\n\r\n")
print(held[len(held) // 2].recv(4096).split(b"\r\n")[0].decode(), flush=True)
