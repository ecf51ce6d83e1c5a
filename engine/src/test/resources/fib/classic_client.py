#!/usr/bin/env python3
"""A classic-style Fibonacci client, as in the Python concurrency demos: it sends bare digits
(no newline) and takes whatever one recv() returns as the answer.

usage: classic_client.py PORT N [N ...]   (one connection, one answer line printed per N)
"""
import socket
import sys

port = int(sys.argv[1])
sock = socket.create_connection(('127.0.0.1', port), timeout=60)
for n in sys.argv[2:]:
    sock.send(n.encode('ascii'))
    resp = sock.recv(100)
    print(resp.decode('ascii').strip())
sock.close()
