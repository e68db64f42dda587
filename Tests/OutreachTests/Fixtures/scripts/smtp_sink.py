"""A minimal SMTP server for tests: accepts every message on 127.0.0.1 and writes the
DATA of each (dot-stuffing undone, bytes otherwise untouched) to OUT_DIR/N.eml and
its envelope to OUT_DIR/N.json. Prints the port it listens on, then serves until it
has received COUNT messages or TIMEOUT seconds pass.

usage: python3 smtp_sink.py OUT_DIR COUNT TIMEOUT
"""
import json
import os
import socket
import sys
import time


def serve(connection, out_dir, number):
    reader = connection.makefile("rb")

    def reply(text):
        connection.sendall(text.encode("ascii") + b"\r\n")

    reply("220 sink.test ESMTP ready")
    envelope = {"from": None, "to": []}
    received = 0
    while True:
        line = reader.readline()
        if not line:
            return received
        command = line.decode("ascii", "replace").strip()
        verb = command[:4].upper()
        if verb == "EHLO":
            connection.sendall(b"250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n")
        elif verb == "HELO":
            reply("250 sink.test")
        elif verb == "MAIL":
            envelope = {"from": command[10:].strip(), "to": []}
            reply("250 OK")
        elif verb == "RCPT":
            envelope["to"].append(command[8:].strip())
            reply("250 OK")
        elif verb == "DATA":
            reply("354 End data with <CR><LF>.<CR><LF>")
            data = b""
            while True:
                chunk = reader.readline()
                if not chunk or chunk == b".\r\n":
                    break
                if chunk.startswith(b".."):
                    chunk = chunk[1:]
                data += chunk
            name = os.path.join(out_dir, f"{number + received}")
            with open(name + ".json", "w") as handle:
                json.dump(envelope, handle)
            with open(name + ".eml.tmp", "wb") as handle:
                handle.write(data)
            os.rename(name + ".eml.tmp", name + ".eml")
            received += 1
            reply("250 OK queued")
        elif verb == "RSET" or verb == "NOOP":
            reply("250 OK")
        elif verb == "QUIT":
            reply("221 bye")
            return received
        else:
            reply("502 not implemented")


def main(out_dir, count, timeout):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    print(listener.getsockname()[1], flush=True)
    deadline = time.time() + timeout
    received = 0
    while received < count and time.time() < deadline:
        listener.settimeout(max(0.1, deadline - time.time()))
        try:
            connection, _ = listener.accept()
        except socket.timeout:
            break
        with connection:
            connection.settimeout(10)
            received += serve(connection, out_dir, received)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
