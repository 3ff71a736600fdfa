#!/usr/bin/python3
"""cedu_client: a small Python client for the cedu bus (wire protocol CEDU01).

The protocol is specified in docs/protocol.md; this module needs nothing but the standard
library, pyzmq and msgpack (Debian: python3-zmq, python3-msgpack).

    from cedu_client import CeduClient, CeduError

    with CeduClient("tcp://127.0.0.1:5570") as bus:
        print(bus.call("bus", "ping"))
        try:
            courses = bus.call("course", "search", {"q": "书法"}, timeout_ms=2000)
        except CeduError as e:
            print(e.code, e.message, e.field)
        for event in bus.subscribe("course.", from_seq=0):
            print(event.seq, event.topic, event.payload)

A CeduClient is synchronous and not thread-safe: use one per thread. It sends heartbeats
only while it waits (inside call(), subscribe() or while a subscription is iterated). It
renews its subscriptions by itself, from the last sequence number it received, so no event
is lost or delivered twice: after a pause longer than the broker's patience, after
reconnecting to a silent broker, and when the broker's epoch changes (it restarted).

On a bus in CURVE mode (docs/protocol.md §2.1) a peer connects with its own key pair,
made by `cedu keygen PRINCIPAL --dir KEYDIR` and listed in the broker's acl.yaml, and the
broker's public key (KEYDIR/cedu-bus.pub):

    curve = load_curve("/etc/cedu/keys", "org-panyu-art-school")
    with CeduClient("tcp://bus.example:5570", curve=curve) as bus:
        bus.call("course", "search", {"q": "书法"})

A key the broker does not know gets no answer at all (calls fail with UNAVAILABLE); a
method its principal is not granted fails with PERMISSION_DENIED.

Run as a program it pings the bus, lists its services and, given SERVICE METHOD [JSON],
calls that method:

    /usr/bin/python3 cedu_client.py --endpoint tcp://127.0.0.1:5570 course search '{"q":"书法"}'
    /usr/bin/python3 cedu_client.py --endpoint tcp://127.0.0.1:5570 \
        --curve-keys /etc/cedu/keys --curve-name org-panyu-art-school course search '{}'
"""

import argparse
import base64
import collections
import dataclasses
import json
import os
import stat
import sys
import time

import msgpack
import zmq
from zmq.utils import z85

PROTOCOL_ID = b"CEDU01"
# Protocol id and command byte: the header starts at this offset of frame 0.
SIGNATURE_SIZE = len(PROTOCOL_ID) + 1

# Commands: the byte after PROTOCOL_ID in frame 0.
REQUEST = 0x01
REPLY = 0x02
READY = 0x03
HEARTBEAT = 0x04
DISCONNECT = 0x05
PUBLISH = 0x06
SUBSCRIBE = 0x07
UNSUBSCRIBE = 0x08
EVENT = 0x09
SUBSCRIBED = 0x0A
ERROR = 0x0B

# Commands whose message carries a body (frame 1); the others are one frame only.
WITH_BODY = frozenset({REQUEST, REPLY, PUBLISH, EVENT})

# The error codes of the bus (docs/protocol.md, "Error codes").
CODES = frozenset({
    "OK", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "CONFLICT",
    "FAILED_PRECONDITION", "PERMISSION_DENIED", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED",
    "UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL",
})

# The broker answers at the deadline; the client gives up on its own this much later.
_GRACE_MS = 500


def pack(value):
    """Packs one MessagePack value the way the bus expects (str as str, bytes as bin)."""
    return msgpack.packb(value, use_bin_type=True)


def unpack(data):
    """Unpacks exactly one MessagePack value (maps may have non-string keys)."""
    return msgpack.unpackb(data, raw=False, strict_map_key=False)


def encode(command, header, body=None):
    """Returns the frames of one message as a DEALER sends it. Frame 0 is the protocol id,
    the command byte and the header (a MessagePack map) in one frame: every frame costs the
    broker a libzmq message operation. Frame 1, the body, follows for the commands that
    carry one (WITH_BODY); it has a frame of its own so the broker forwards it untouched."""
    frames = [PROTOCOL_ID + bytes([command]) + pack(header)]
    if command in WITH_BODY:
        frames.append(pack(body))
    return frames


def decode(frames):
    """Returns (command, header, body) of a received message, or None if it is not a
    well-formed CEDU01 message. `body` is None for commands without one."""
    if not frames or len(frames[0]) <= SIGNATURE_SIZE \
            or not frames[0].startswith(PROTOCOL_ID):
        return None
    command = frames[0][SIGNATURE_SIZE - 1]
    if len(frames) != (2 if command in WITH_BODY else 1):
        return None
    try:
        # unpackb refuses trailing bytes after the one value, like the broker does.
        header = unpack(frames[0][SIGNATURE_SIZE:])
        body = unpack(frames[1]) if command in WITH_BODY else None
    except Exception:  # malformed MessagePack: treat like a foreign message
        return None
    if not isinstance(header, dict):
        return None
    return command, header, body


class CeduError(Exception):
    """An error answer of the bus: `code` is one of CODES, `field` names the bad input."""

    def __init__(self, code, message="", field=None):
        super().__init__(code, message, field)
        self.code = code
        self.message = message
        self.field = field

    @classmethod
    def from_wire(cls, error):
        if not isinstance(error, dict):
            return cls("INTERNAL", "the broker sent an error without details")
        return cls(str(error.get("code", "INTERNAL")), str(error.get("message", "")),
                   error.get("field"))

    def __str__(self):
        text = self.code
        if self.field:
            text += " [" + str(self.field) + "]"
        if self.message:
            text += ": " + self.message
        return text


@dataclasses.dataclass(frozen=True)
class CurveKeys:
    """What a CURVE client needs (ZeroMQ RFC 26): the broker's public key, and the peer's
    own key pair. Each key is Z85 text (40 characters, as `cedu keygen` writes them) or the
    32 raw bytes; a dict with these three names is accepted wherever CurveKeys is."""

    server_public_key: object
    public_key: object
    secret_key: object

    def __repr__(self):  # never print the secret
        return "CurveKeys(server_public_key=%r, public_key=%r, secret_key=<hidden>)" % (
            self.server_public_key, self.public_key)


def _z85(key, field):
    """Returns `key` as 40 bytes of Z85 text; raises ValueError naming `field` if it is not
    a CURVE key (40 Z85 characters, or 32 raw bytes)."""
    if isinstance(key, str):  # Z85 text only
        key = key.strip().encode("ascii", "replace")
    elif isinstance(key, (bytes, bytearray)):
        key = bytes(key)
        if len(key) == 32:  # the raw key
            return z85.encode(key)
    else:
        raise ValueError("%s: a CURVE key is a Z85 str or bytes, not %s"
                         % (field, type(key).__name__))
    key = key.strip()
    if len(key) != 40:
        raise ValueError("%s: a CURVE key has 40 Z85 characters (or 32 raw bytes), got %d"
                         % (field, len(key)))
    try:
        if len(z85.decode(key)) == 32:
            return key
    except Exception:
        pass
    raise ValueError("%s: not a Z85-encoded key" % field)


def _curve_keys(curve):
    """Returns CurveKeys for a CurveKeys or a dict, with every key as Z85 bytes."""
    if isinstance(curve, dict):
        unknown = set(curve) - {"server_public_key", "public_key", "secret_key"}
        if unknown:
            raise ValueError("curve: unknown field(s) %s" % ", ".join(sorted(unknown)))
        try:
            curve = CurveKeys(curve["server_public_key"], curve["public_key"],
                              curve["secret_key"])
        except KeyError as e:
            raise ValueError("curve: %s is missing" % e.args[0]) from None
    if not isinstance(curve, CurveKeys):
        raise TypeError("curve must be a CurveKeys or a dict, not %s" % type(curve).__name__)
    return CurveKeys(*(_z85(getattr(curve, f), f)
                       for f in ("server_public_key", "public_key", "secret_key")))


def _read_key(path, field):
    with open(path, "rb") as f:
        return _z85(f.read(), "%s (%s)" % (field, path))


def load_curve(key_dir, name, server_key_file=None):
    """Reads the key pair KEY_DIR/NAME.pub and KEY_DIR/NAME.key (as `cedu keygen` writes
    them: NAME is the principal with ':' replaced by '-', e.g. "org-panyu-art-school") and
    the broker's public key, KEY_DIR/cedu-bus.pub unless `server_key_file` says where it is.
    Returns CurveKeys for CeduClient(curve=...).

    Raises FileNotFoundError for a missing file, PermissionError if the secret key file is
    readable or writable by group or others (like the broker and the C++ SDK, it refuses a
    secret that is not kept secret), ValueError for a malformed key."""
    if ":" in name:  # a principal given instead of the file name
        name = name.replace(":", "-")
    secret_path = os.path.join(key_dir, name + ".key")
    mode = os.stat(secret_path).st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError("%s is accessible by group or others (mode %o); "
                              "chmod 600 it" % (secret_path, stat.S_IMODE(mode)))
    if server_key_file is None:
        server_key_file = os.path.join(key_dir, "cedu-bus.pub")
    return CurveKeys(server_public_key=_read_key(server_key_file, "server_public_key"),
                     public_key=_read_key(os.path.join(key_dir, name + ".pub"), "public_key"),
                     secret_key=_read_key(secret_path, "secret_key"))


Event = collections.namedtuple("Event", "seq topic time_ms publisher prefix payload")
Event.__doc__ = "One event as delivered to a subscription (docs/protocol.md, EVENT)."


class Subscription:
    """Events whose topic starts with `prefix`, in sequence order, without gap or duplicate.

    Iterating blocks until the next event. next_event(timeout_ms) returns None after the
    timeout instead. After the broker's SUBSCRIBED answer, `head` is the last sequence number
    the broker had assigned, `oldest` the oldest it still keeps, and `gap` is True when
    events after `from_seq` were already pruned (the caller may need to resynchronise).
    """

    def __init__(self, client, prefix, from_seq):
        self._client = client
        self.prefix = prefix
        self.last_seq = from_seq  # last sequence number received (None: live only)
        self.head = None
        self.oldest = None
        self.gap = False
        self.acknowledged = False
        self.closed = False
        self._queue = collections.deque()

    def __iter__(self):
        return self

    def __next__(self):
        event = self.next_event(None)
        if event is None:
            raise StopIteration
        return event

    def next_event(self, timeout_ms=None):
        """Returns the next event, or None if none came within `timeout_ms` (None: wait as
        long as it takes) or the subscription is closed."""
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000.0
        self._client._wake()
        while not self.closed:
            if self._queue:
                return self._queue.popleft()
            if deadline is not None and time.monotonic() >= deadline:
                return None
            self._client._wait(deadline)
        return None

    def close(self):
        """Ends the subscription (UNSUBSCRIBE); safe to call twice."""
        if not self.closed:
            self.closed = True
            self._client._unsubscribe(self)

    def _offer(self, event):
        # Never a duplicate, even across a reconnection.
        if self.last_seq is not None and event.seq <= self.last_seq:
            return
        self.last_seq = event.seq
        self._queue.append(event)


class CeduClient:
    """A client of the cedu bus: calls and event subscriptions on one DEALER socket.

    `curve` (a CurveKeys, e.g. from load_curve(), or a dict with server_public_key,
    public_key and secret_key) makes it a CURVE client, for a broker in CURVE mode; without
    it the connection is plain, which such a broker never answers."""

    def __init__(self, endpoint, timeout_ms=5000, heartbeat_interval_ms=1000,
                 heartbeat_liveness=3, curve=None):
        self.endpoint = endpoint
        # Checked before anything is opened: a bad key is an error now, not a silent broker.
        self._curve = None if curve is None else _curve_keys(curve)
        if self._curve is not None and not zmq.has("curve"):
            raise RuntimeError("this libzmq was built without CURVE")
        self.timeout_ms = timeout_ms
        # Lowered to the broker's interval when it states a shorter one (heartbeat_ms).
        self.heartbeat_interval = heartbeat_interval_ms / 1000.0
        self.heartbeat_liveness = heartbeat_liveness
        self.reconnects = 0
        self.broker_epoch = None  # the broker run we talk to (None: not told yet)
        self.protocol_errors = []  # ERROR headers the broker sent, newest last (at most 20)
        self._context = zmq.Context()
        self._socket = None
        self._next_id = 1
        self._replies = {}  # id -> (header, body) of replies to calls still waiting
        self._awaiting = set()
        self._subscriptions = {}  # prefix -> Subscription
        now = time.monotonic()
        self._last_heard = now
        self._last_sent = now
        self._open()

    # -- public API ------------------------------------------------------------------------

    def call(self, service, method, params=None, timeout_ms=None, idempotency_key=None,
             idempotent=False):
        """Calls SERVICE.METHOD with `params` (a dict) and returns the result.

        Raises CeduError for an error answer; UNAVAILABLE when the broker cannot be reached
        or no worker serves the service; DEADLINE_EXCEEDED when no reply came in time.
        """
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise TypeError("params must be a dict (a MessagePack map)")
        timeout_ms = int(timeout_ms or self.timeout_ms)
        request_id = self._next_id
        self._next_id += 1
        header = {"id": request_id, "service": service, "method": method,
                  "timeout_ms": timeout_ms}
        if idempotency_key is not None:
            header["idempotency_key"] = idempotency_key
        if idempotent:
            header["idempotent"] = True
        self._wake()
        sent = time.monotonic()
        if not self._send(REQUEST, header, params):
            # Nothing to queue it on: libzmq gave the connection up for good (a CURVE
            # handshake the broker refused). Start over on a new socket, once.
            self._reconnect()
            sent = time.monotonic()
            if not self._send(REQUEST, header, params):
                raise CeduError("UNAVAILABLE",
                                "cannot queue a request for the broker at %s" % self.endpoint)
        self._awaiting.add(request_id)
        deadline = sent + (timeout_ms + _GRACE_MS) / 1000.0
        try:
            while request_id not in self._replies:
                if time.monotonic() >= deadline:
                    if self._last_heard > sent:
                        raise CeduError("DEADLINE_EXCEEDED", "no reply before the deadline")
                    raise CeduError("UNAVAILABLE",
                                    "the broker at %s did not answer" % self.endpoint)
                if not self._wait(deadline):
                    raise CeduError("UNAVAILABLE", "lost the connection to the broker")
            header, body = self._replies.pop(request_id)
        finally:
            self._awaiting.discard(request_id)
        if header.get("ok") is True:
            return body
        raise CeduError.from_wire(header.get("error"))

    def subscribe(self, prefix, from_seq=None, timeout_ms=None):
        """Subscribes to events whose topic starts with `prefix` ("" for all) and returns a
        Subscription, an iterator of Event. With `from_seq`, every retained event with a
        larger sequence number comes first, then live events; without, live events only.
        Waits for the broker's acknowledgement; raises CeduError(UNAVAILABLE) if it does not
        come within `timeout_ms` (default: the client's timeout)."""
        if prefix in self._subscriptions:
            raise CeduError("FAILED_PRECONDITION", "already subscribed", "prefix")
        sub = Subscription(self, prefix, from_seq)
        self._subscriptions[prefix] = sub
        self._wake()
        if not self._send_subscribe(sub):
            self._reconnect()  # as in call(); renews every subscription, this one too
        deadline = time.monotonic() + (timeout_ms or self.timeout_ms) / 1000.0
        while not sub.acknowledged:
            if time.monotonic() >= deadline:
                del self._subscriptions[prefix]
                raise CeduError("UNAVAILABLE",
                                "the broker at %s did not acknowledge" % self.endpoint)
            self._wait(deadline)
        return sub

    def close(self):
        """Closes the socket; pending messages are dropped. Safe to call twice."""
        if self._socket is not None:
            for sub in list(self._subscriptions.values()):
                sub.closed = True
            self._subscriptions.clear()
            try:
                self._socket.send_multipart(encode(DISCONNECT, {}), zmq.NOBLOCK)
            except zmq.ZMQError:
                pass
            self._socket.close(0)
            self._socket = None
            self._context.term()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- machinery -------------------------------------------------------------------------

    @property
    def public_key(self):
        """This client's CURVE public key (Z85 str), or None on a plain connection."""
        return None if self._curve is None else self._curve.public_key.decode("ascii")

    def _open(self):
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        if self._curve is not None:  # before connect: the handshake starts with it
            self._socket.setsockopt(zmq.CURVE_SERVERKEY, self._curve.server_public_key)
            self._socket.setsockopt(zmq.CURVE_PUBLICKEY, self._curve.public_key)
            self._socket.setsockopt(zmq.CURVE_SECRETKEY, self._curve.secret_key)
        self._socket.connect(self.endpoint)

    def _send(self, command, header, body=None):
        """Queues one message without ever blocking; returns False if it could not be
        queued. A DEALER blocks a send when it has no connection to queue on: libzmq ends
        the connection for good when the broker refuses the CURVE handshake (an unknown or
        revoked key, a plain peer on a CURVE bus) instead of reconnecting. A heartbeat that
        cannot go out is dropped: the broker's silence makes _wait() start over."""
        self._last_sent = time.monotonic()  # also on failure: _wait() must not spin
        try:
            self._socket.send_multipart(encode(command, header, body), zmq.NOBLOCK)
        except zmq.Again:
            return False
        return True

    def _send_subscribe(self, sub):
        header = {"prefix": sub.prefix}
        if sub.last_seq is not None:
            header["from"] = sub.last_seq
        return self._send(SUBSCRIBE, header)

    def _unsubscribe(self, sub):
        if self._subscriptions.get(sub.prefix) is sub:
            del self._subscriptions[sub.prefix]
            if self._socket is not None:
                self._send(UNSUBSCRIBE, {"prefix": sub.prefix})

    def _expiry(self):
        return self.heartbeat_interval * self.heartbeat_liveness

    def _wake(self):
        """Called before waiting: after a quiet pause the broker's silence means nothing,
        and it may have dropped subscriptions that sent no heartbeat, so renew them."""
        now = time.monotonic()
        quiet = now - self._last_sent
        if quiet >= self.heartbeat_interval:
            self._last_heard = now
        if quiet > self._expiry() - self.heartbeat_interval:
            self._renew()

    def _reconnect(self):
        self.reconnects += 1
        self._socket.close(0)
        self._replies.clear()
        self._awaiting.clear()
        self._open()
        self._last_heard = time.monotonic()
        # The subscriptions are renewed now; whatever epoch the broker answers with is the
        # one they are registered with, so it must not trigger a second renewal.
        self.broker_epoch = None
        self._renew()

    def _renew(self):
        """Sends SUBSCRIBE again for every subscription, from the last sequence received:
        the broker replaces the subscription; duplicates are dropped by sequence number."""
        for sub in self._subscriptions.values():
            self._send_subscribe(sub)

    def _wait(self, deadline):
        """Waits for traffic until the next heartbeat or `deadline` (None: no limit) and
        handles it. Returns False iff the broker was found dead (the socket is rebuilt and
        subscriptions renewed; calls in flight are lost)."""
        now = time.monotonic()
        if now - self._last_heard > self._expiry():
            self._reconnect()
            return False
        if now - self._last_sent >= self.heartbeat_interval:
            self._send(HEARTBEAT, {})
        until = self._last_sent + self.heartbeat_interval
        if deadline is not None:
            until = min(until, deadline)
        wait_ms = max(0, int((until - now) * 1000))
        if self._socket.poll(wait_ms, zmq.POLLIN):
            self._drain()
        return True

    def _drain(self):
        while True:
            try:
                frames = self._socket.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            self._last_heard = time.monotonic()
            message = decode(frames)
            if message is not None:
                self._handle(*message)

    def _handle(self, command, header, body):
        if command == REPLY:
            if header.get("id") in self._awaiting:  # a late reply to a call given up is dropped
                self._replies[header.get("id")] = (header, body)
        elif command == EVENT:
            sub = self._subscriptions.get(header.get("prefix"))
            if sub is not None:
                sub._offer(Event(header.get("seq"), header.get("topic"), header.get("time_ms"),
                                 header.get("publisher"), header.get("prefix"), body))
        elif command == SUBSCRIBED:
            sub = self._subscriptions.get(header.get("prefix"))
            if sub is not None:
                sub.acknowledged = True
                sub.head = header.get("head")
                sub.oldest = header.get("oldest")
                sub.gap = sub.gap or bool(header.get("gap"))
                if sub.last_seq is None:  # live only: resume from here after a reconnect
                    sub.last_seq = sub.head
        elif command == ERROR:
            self.protocol_errors = (self.protocol_errors + [header])[-20:]
        # HEARTBEAT and SUBSCRIBED also state the broker's interval and epoch; anything
        # else is a sign of life only.
        if command in (HEARTBEAT, SUBSCRIBED):
            self._note_broker(header)

    def _note_broker(self, header):
        """The broker's HEARTBEAT and SUBSCRIBED carry its heartbeat interval and its epoch.
        It drops a subscriber silent for liveness × its interval, so beat at least that
        often. A new epoch means it restarted, quicker than our silence detection could
        notice (ZeroMQ reconnected underneath), and forgot our subscriptions: renew them
        from the last sequence delivered."""
        interval_ms = header.get("heartbeat_ms")
        if isinstance(interval_ms, int) and 0 < interval_ms / 1000.0 < self.heartbeat_interval:
            self.heartbeat_interval = interval_ms / 1000.0
        epoch = header.get("epoch")
        if not isinstance(epoch, int):
            return
        restarted = self.broker_epoch is not None and epoch != self.broker_epoch
        self.broker_epoch = epoch
        if restarted:
            self._renew()


def _json_default(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$binary": base64.b64encode(bytes(value)).decode("ascii")}
    return str(value)


def _dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Ping the cedu bus, list its services, optionally call a method.")
    parser.add_argument("--endpoint", default="tcp://127.0.0.1:5570")
    parser.add_argument("--timeout", type=int, default=5000, help="call timeout in ms")
    parser.add_argument("--curve-keys", metavar="DIR",
                        help="CURVE: directory with NAME.pub, NAME.key and cedu-bus.pub")
    parser.add_argument("--curve-name", metavar="NAME",
                        help="CURVE: this peer's key pair name, e.g. org-panyu-art-school")
    parser.add_argument("--server-key", metavar="FILE",
                        help="CURVE: the broker's public key (default: DIR/cedu-bus.pub)")
    parser.add_argument("service", nargs="?", help="service to call, e.g. course")
    parser.add_argument("method", nargs="?", help="method to call, e.g. search")
    parser.add_argument("params", nargs="?", default="{}", help="params as a JSON object")
    args = parser.parse_args(argv)
    if args.service and not args.method:
        parser.error("give both SERVICE and METHOD")
    try:
        params = json.loads(args.params)
    except ValueError as e:
        parser.error("params are not valid JSON: %s" % e)
    if not isinstance(params, dict):
        parser.error("params must be a JSON object")
    curve = None
    if args.curve_keys or args.curve_name:
        if not (args.curve_keys and args.curve_name):
            parser.error("give both --curve-keys and --curve-name")
        try:
            curve = load_curve(args.curve_keys, args.curve_name, args.server_key)
        except (OSError, ValueError) as e:
            parser.error("CURVE keys: %s" % e)

    with CeduClient(args.endpoint, timeout_ms=args.timeout, curve=curve) as bus:
        try:
            pong = bus.call("bus", "ping", timeout_ms=args.timeout)
            print("bus at %s answers: cedu-bus %s" % (args.endpoint, pong.get("version")))
            services = bus.call("bus", "services")["services"]
            for s in services:
                print("  %-12s %d worker(s), %d queued, %d in flight" % (
                    s["name"], len(s["workers"]), s["queue"], s["in_flight"]))
            if not services:
                print("  (no services registered)")
            if args.service:
                print(_dump(bus.call(args.service, args.method, params)))
        except CeduError as e:
            print(json.dumps({"error": {"code": e.code, "message": e.message,
                                        "field": e.field}}, ensure_ascii=False),
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
