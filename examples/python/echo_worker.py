#!/usr/bin/python3
"""echo_worker: a cedu bus worker (a service) written with only pyzmq and msgpack.

It is the worker loop of docs/protocol.md made runnable: READY, heartbeats both ways,
REQUEST → REPLY, PUBLISH, reconnection when the broker goes silent or says DISCONNECT, and a
drain (DISCONNECT) on SIGTERM/SIGINT. Methods of the service it registers (default "pyecho"):

    echo      returns its params unchanged
    whoami    returns {principal, attempt, instance} as the broker stamped them
    announce  publishes event "<service>.announced" with the params as payload; returns {}
    fail      {code, message, field} → that error

    /usr/bin/python3 echo_worker.py --endpoint tcp://127.0.0.1:5570 --name pyecho
"""

import argparse
import os
import signal
import socket
import sys
import time

import zmq

from cedu_client import (DISCONNECT, HEARTBEAT, PUBLISH, READY, REPLY, REQUEST, CeduError,
                         decode, encode)


class Worker:
    def __init__(self, endpoint, service, handlers, instance=None, heartbeat_interval_ms=1000,
                 heartbeat_liveness=3):
        self.endpoint = endpoint
        self.service = service
        self.handlers = handlers
        self.instance = instance or "%s:%d" % (socket.gethostname(), os.getpid())
        self.interval = heartbeat_interval_ms / 1000.0
        self.liveness = heartbeat_liveness
        self.stopping = False
        self.context = zmq.Context()
        self.socket = None

    def publish(self, event, payload):
        self.socket.send_multipart(encode(PUBLISH, {"topic": self.service + "." + event},
                                          payload))

    def run(self):
        while not self.stopping:
            self.socket = self.context.socket(zmq.DEALER)
            self.socket.setsockopt(zmq.LINGER, 1000)
            self.socket.connect(self.endpoint)
            self.socket.send_multipart(encode(READY, {
                "service": self.service, "capacity": 1, "instance": self.instance,
                "version": "0.1.0"}))
            self.serve_connection()
            if self.stopping:  # drain: no new work; nothing is in flight in this loop
                self.socket.send_multipart(encode(DISCONNECT, {}))
            self.socket.close()
        self.context.term()

    def serve_connection(self):
        """Serves until the broker is silent for liveness × interval, says DISCONNECT, or a
        stop is requested."""
        last_heard = time.monotonic()
        next_heartbeat = last_heard + self.interval
        while not self.stopping:
            wait_ms = max(0, int((next_heartbeat - time.monotonic()) * 1000))
            if self.socket.poll(wait_ms, zmq.POLLIN):
                while True:
                    try:
                        frames = self.socket.recv_multipart(zmq.NOBLOCK)
                    except zmq.Again:
                        break
                    last_heard = time.monotonic()
                    message = decode(frames)
                    if message is None:
                        continue
                    command, header, body = message
                    if command == REQUEST:
                        self.answer(header, body)
                    elif command == DISCONNECT:
                        return  # the broker does not know us (it restarted): start over
                    elif command == HEARTBEAT and self.adopt_interval(header):
                        next_heartbeat = min(next_heartbeat, last_heard + self.interval)
            now = time.monotonic()
            if now >= next_heartbeat:
                # `service` lets a restarted broker recognise an unknown worker.
                self.socket.send_multipart(encode(HEARTBEAT, {"service": self.service}))
                next_heartbeat = now + self.interval
            if now - last_heard > self.interval * self.liveness:
                return  # the broker is gone: reconnect with a new socket

    def adopt_interval(self, header):
        """The broker's HEARTBEAT states its interval (heartbeat_ms); it declares a worker
        dead after liveness × that interval of silence, so never beat more slowly than the
        broker. Returns True iff the interval got shorter."""
        interval_ms = header.get("heartbeat_ms")
        if isinstance(interval_ms, int) and 0 < interval_ms / 1000.0 < self.interval:
            self.interval = interval_ms / 1000.0
            return True
        return False

    def answer(self, header, params):
        reply = {"id": header["id"], "ok": True}
        result = None
        handler = self.handlers.get(header.get("method"))
        try:
            if handler is None:
                raise CeduError("NOT_FOUND", "no method '%s'" % header.get("method"), "method")
            result = handler(self, header, params)
        except CeduError as e:
            reply["ok"] = False
            reply["error"] = {"code": e.code, "message": e.message}
            if e.field:
                reply["error"]["field"] = e.field
        except Exception as e:  # a bug in a handler must not kill the worker
            reply["ok"] = False
            reply["error"] = {"code": "INTERNAL", "message": str(e)}
        self.socket.send_multipart(encode(REPLY, reply, result))


def echo(worker, header, params):
    return params


def whoami(worker, header, params):
    return {"principal": header.get("principal"), "attempt": header.get("attempt"),
            "instance": worker.instance}


def announce(worker, header, params):
    worker.publish("announced", params)
    return {}


def fail(worker, header, params):
    raise CeduError(params.get("code", "INTERNAL"), params.get("message", ""),
                    params.get("field"))


def main(argv=None):
    parser = argparse.ArgumentParser(description="A cedu worker in Python (echo service).")
    parser.add_argument("--endpoint", default="tcp://127.0.0.1:5570")
    parser.add_argument("--name", default="pyecho", help="bus service name to serve")
    parser.add_argument("--heartbeat-ms", type=int, default=1000)
    args = parser.parse_args(argv)
    worker = Worker(args.endpoint, args.name,
                    {"echo": echo, "whoami": whoami, "announce": announce, "fail": fail},
                    heartbeat_interval_ms=args.heartbeat_ms)

    def stop(signum, frame):
        worker.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
