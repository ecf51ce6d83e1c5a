#!/usr/bin/env python3
"""A Fibonacci server in the style of the classic Python demo servers, written apart from stampede
so that its TCP target is tested against a server it did not write.

Protocol: the client sends n in ASCII plus a newline; the server answers fib(n) plus a newline, many
requests per connection; bad input gets an "ERR ..." line. One thread per connection.

Usage: fib_server.py [PORT]   (0 or nothing: any free port; the port is printed on the first line)
"""
import socket
import sys
import threading


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def serve(conn):
    with conn:
        data = b""
        while True:
            try:
                chunk = conn.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            data += chunk
            while b"\n" in data:
                line, data = data.split(b"\n", 1)
                text = line.decode("ascii", "replace").strip()
                try:
                    n = int(text)
                    if n < 0 or n > 10000:
                        raise ValueError
                    reply = str(fib(n))
                except ValueError:
                    reply = "ERR not a number 0..10000: " + text[:40]
                try:
                    conn.sendall((reply + "\n").encode("ascii"))
                except OSError:
                    return


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(128)
    print(server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
