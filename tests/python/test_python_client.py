#!/usr/bin/python3
"""Integration test of examples/python/cedu_client.py (and the pure-Python worker
examples/python/echo_worker.py, and the Python examples of docs/protocol.md §12) against the
real cedu-bus and cedu-test-service on an ephemeral loopback port.

    /usr/bin/python3 tests/python/test_python_client.py --bin-dir build/bin

Prints one line per test and "N passed, M failed"; exits non-zero on any failure. Every
process it starts is stopped before it exits, whatever happens.
"""

import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOL_DOC = os.path.normpath(os.path.join(HERE, "..", "..", "docs", "protocol.md"))
sys.path.insert(0, HERE)

import harness  # noqa: E402  (puts examples/python on sys.path)
from harness import EXAMPLES, expect_error  # noqa: E402

import zmq  # noqa: E402

from cedu_client import (ERROR, HEARTBEAT, PROTOCOL_ID, PUBLISH, REPLY,  # noqa: E402
                         REQUEST, SIGNATURE_SIZE, CeduClient, CeduError, decode, encode,
                         pack, unpack)


def raw_socket(endpoint):
    ctx = zmq.Context.instance()
    s = ctx.socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(endpoint)
    return s


def receive(sock, timeout_ms):
    """Returns the decoded next message, or None after `timeout_ms`."""
    if not sock.poll(timeout_ms, zmq.POLLIN):
        return None
    return decode(sock.recv_multipart())


def ask(sock, frames, timeout_ms=3000):
    """Sends raw frames and returns the decoded answer (it must come)."""
    sock.send_multipart(frames)
    msg = receive(sock, timeout_ms)
    assert msg is not None, "no answer to %r" % frames
    return msg


def publish_raw(endpoint, topic, payload):
    """Publishes from a plain socket (any peer may publish) and returns once the broker has
    handled it: a bus.ping sent behind the PUBLISH on the same connection is answered."""
    s = raw_socket(endpoint)
    try:
        s.send_multipart(encode(PUBLISH, {"topic": topic}, payload))
        command, header, _ = ask(s, encode(REQUEST, {"id": 1, "service": "bus",
                                                     "method": "ping"}, {}))
        assert command == REPLY and header["ok"] is True, (command, header)
    finally:
        s.close()


# -- the tests -----------------------------------------------------------------------------

def test_ping(h, bus):
    pong = bus.call("bus", "ping")
    assert pong["pong"] is True, pong
    assert isinstance(pong["version"], str) and pong["version"], pong
    assert pong["time_ms"] > 1500000000000, pong


def test_echo_keeps_chinese_text_and_nesting(h, bus):
    params = {
        "title": "书法入门",
        "town": {"slug": "nancun", "name": "南村镇",
                 "stations": [{"name": "坑头村辅导站", "seats": 30, "star": True}]},
        "categories": ["健康", "文化", "本土特色"],
        "fee_fen": 12345, "negative": -7, "big": 2 ** 63, "ratio": 0.5,
        "nothing": None, "photo": b"\x00\xff\x10",
    }
    assert bus.call("test", "echo", params) == params


def test_error_reply_carries_code_message_and_field(h, bus):
    e = expect_error("NOT_FOUND", bus.call, "test", "fail",
                     {"code": "NOT_FOUND", "message": "没有这门课程", "field": "course_id"})
    assert e.message == "没有这门课程", e
    assert e.field == "course_id", e


def test_unknown_service_is_unavailable_after_its_timeout(h, bus):
    started = time.monotonic()
    expect_error("UNAVAILABLE", bus.call, "no-such-service", "anything", timeout_ms=300)
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 2.5, elapsed


def test_unknown_bus_method_names_the_field(h, bus):
    e = expect_error("NOT_FOUND", bus.call, "bus", "nope")
    assert e.field == "method", e


def test_slow_call_outlives_heartbeat_intervals(h, bus):
    # 1.2 s with 0.2 s heartbeats: several heartbeats go out while the client waits.
    fast = CeduClient(h.endpoint, heartbeat_interval_ms=200)
    try:
        assert fast.call("test", "sleep", {"ms": 1200})["slept_ms"] == 1200
        assert fast.reconnects == 0
    finally:
        fast.close()


def test_deadline_exceeded_when_the_worker_is_too_slow(h, bus):
    expect_error("DEADLINE_EXCEEDED", bus.call, "test", "sleep", {"ms": 1000}, timeout_ms=300)


def test_principal_and_attempt_are_stamped_by_the_broker(h, bus):
    who = bus.call("test", "whoami", idempotency_key="order-42")
    assert who["principal"] == "anonymous", who
    assert who["attempt"] == 1, who


def test_params_must_be_a_map(h, bus):
    s = raw_socket(h.endpoint)
    try:
        s.send_multipart(encode(REQUEST, {"id": 7, "service": "test", "method": "echo"},
                                [1, 2, 3]))
        msg = receive(s, 3000)
        assert msg is not None, "no answer"
        command, header, body = msg
        assert command == REPLY and header["id"] == 7 and header["ok"] is False, msg
        assert header["error"]["code"] == "INVALID_ARGUMENT", header
        assert header["error"].get("field") == "params", header
    finally:
        s.close()


def test_errors_name_the_field_at_fault(h, bus):
    # Header fields are named "header.<field>", params "params.<field>" (by the service).
    e = expect_error("INVALID_ARGUMENT", bus.call, "test", "echo", timeout_ms=700000)
    assert e.field == "header.timeout_ms", e
    e = expect_error("INVALID_ARGUMENT", bus.call, "test", "echo", idempotency_key="k" * 129)
    assert e.field == "header.idempotency_key", e
    e = expect_error("INVALID_ARGUMENT", bus.call, "test", "sleep", {})
    assert e.field == "params.ms", e
    s = raw_socket(h.endpoint)
    try:
        command, header, _ = ask(s, encode(REQUEST, {"id": 5, "service": 12, "method": "x"},
                                           {}))
        assert command == REPLY and header["id"] == 5 and header["ok"] is False, header
        assert header["error"]["field"] == "header.service", header
        command, header, _ = ask(s, encode(PUBLISH, {"topic": "no-dot"}, {}))
        assert command == ERROR and header["field"] == "header.topic", header
    finally:
        s.close()


def test_subscribe_from_zero_receives_published_events(h, bus):
    bus.call("test", "publish", {"event": "course_published",
                                 "payload": {"title": "书法入门", "town": "nancun"}})
    sub = bus.subscribe("test.", from_seq=0)
    assert sub.gap is False and sub.head >= 1, (sub.head, sub.gap)
    first = sub.next_event(timeout_ms=5000)
    assert first is not None, "no retained event replayed"
    assert first.topic == "test.course_published", first
    assert first.payload == {"title": "书法入门", "town": "nancun"}, first
    assert first.publisher == "test", first
    assert first.prefix == "test.", first
    seen = [first.seq]
    while True:  # drain what else was retained
        e = sub.next_event(timeout_ms=300)
        if e is None:
            break
        seen.append(e.seq)
    # Live: published after subscribing, and numbered right after what was replayed.
    bus.call("test", "publish", {"event": "hours_logged", "payload": {"hours": 3}})
    live = sub.next_event(timeout_ms=5000)
    assert live is not None and live.topic == "test.hours_logged", live
    assert live.seq == seen[-1] + 1, (seen, live.seq)
    assert seen == sorted(seen) and len(set(seen)) == len(seen), seen
    sub.close()


def test_subscription_survives_a_quiet_pause(h, bus):
    # No heartbeat goes out while nobody iterates; the client renews the subscription
    # itself when it comes back, from the last sequence it received.
    sub = bus.subscribe("test.pause", from_seq=None)
    time.sleep(3.5)  # longer than the broker's 3 × 1 s patience
    bus.call("test", "publish", {"event": "pause_over", "payload": {}})
    e = sub.next_event(timeout_ms=5000)
    assert e is not None and e.topic == "test.pause_over", e
    sub.close()


def test_messages_are_one_or_two_frames_with_the_header_in_frame0(h, bus):
    # As the broker sends them: frame 0 = "CEDU01" + command byte + header map; frame 1 =
    # the body, for REQUEST, REPLY, PUBLISH and EVENT only.
    s = raw_socket(h.endpoint)
    try:
        s.send_multipart([PROTOCOL_ID + bytes([REQUEST]) +
                          pack({"id": 11, "service": "bus", "method": "ping"}), pack({})])
        assert s.poll(3000, zmq.POLLIN), "no answer to a hand-built REQUEST"
        frames = s.recv_multipart()
        assert len(frames) == 2, frames
        assert frames[0][:SIGNATURE_SIZE] == PROTOCOL_ID + bytes([REPLY]), frames
        header = unpack(frames[0][SIGNATURE_SIZE:])
        assert header["id"] == 11 and header["ok"] is True, header
        assert unpack(frames[1])["pong"] is True, frames
        s.send_multipart([PROTOCOL_ID + bytes([HEARTBEAT]) + pack({})])
        assert s.poll(3000, zmq.POLLIN), "no answer to a hand-built HEARTBEAT"
        frames = s.recv_multipart()
        assert len(frames) == 1, frames
        assert frames[0][:SIGNATURE_SIZE] == PROTOCOL_ID + bytes([HEARTBEAT]), frames
        assert "epoch" in unpack(frames[0][SIGNATURE_SIZE:]), frames
    finally:
        s.close()


def test_malformed_messages_do_not_break_the_broker(h, bus):
    before = bus.call("bus", "stats")
    s = raw_socket(h.endpoint)
    try:
        # Not our protocol, or frame 0 shorter than the protocol id: dropped, no answer.
        s.send_multipart([b"XXXX01\x01" + pack({}), pack({})])
        s.send_multipart([b"CEDU"])
        assert receive(s, 300) is None, "a foreign message was answered"
        # Ours, with a header that is not MessagePack: ERROR naming the header.
        command, header, _ = ask(s, [PROTOCOL_ID + bytes([REQUEST]) + b"\xc1\xc1garbage",
                                     pack({})])
        assert command == ERROR and header["code"] == "INVALID_ARGUMENT", header
        assert header["field"] == "header", header
        # A REQUEST without its body frame: ERROR saying how many frames it takes.
        command, header, _ = ask(s, encode(REQUEST, {"id": 3}, {})[:1])
        assert command == ERROR and "REQUEST takes 2 frame(s), got 1" in header["message"], \
            header
        # A REQUEST without an id: ERROR (there is no id to REPLY to).
        command, header, _ = ask(s, encode(REQUEST, {"service": "test", "method": "echo"}, {}))
        assert command == ERROR and header["field"] == "header.id", header
    finally:
        s.close()
    after = bus.call("bus", "stats")
    assert after["dropped_frames"] >= before["dropped_frames"] + 2, after
    assert after["malformed"] >= before["malformed"] + 3, after
    assert bus.call("test", "echo", {"still": "works"}) == {"still": "works"}


def test_unknown_command_byte_is_an_error_about_frame0(h, bus):
    s = raw_socket(h.endpoint)
    try:
        for frames in ([PROTOCOL_ID + b"\x63" + pack({})],  # no such command
                       [PROTOCOL_ID]):                   # 6 bytes: no command byte
            command, header, _ = ask(s, frames)
            assert command == ERROR and header["code"] == "INVALID_ARGUMENT", header
            assert header["field"] == "frame0", header
        # A command only the broker sends is refused the same way.
        command, header, _ = ask(s, encode(ERROR, {"code": "INTERNAL", "message": "x"}))
        assert command == ERROR and header["field"] == "frame0", header
    finally:
        s.close()


def test_header_must_be_exactly_one_map(h, bus):
    s = raw_socket(h.endpoint)
    try:
        signature = PROTOCOL_ID + bytes([HEARTBEAT])
        for frame0 in (signature,                      # 7 bytes: empty header
                       signature + b"\xc1",            # not MessagePack
                       signature + pack({}) + b"x",     # trailing bytes after the map
                       signature + pack("x"),           # not a map
                       signature + b"\xdd\xff\xff\xff\xff"):  # claims more than it has
            command, header, _ = ask(s, [frame0])
            assert command == ERROR and header["code"] == "INVALID_ARGUMENT", (frame0, header)
            assert header["field"] == "header", (frame0, header)
        deep = b"\x91" * 100 + b"\xc0"                  # nested deeper than 64
        command, header, _ = ask(s, [signature + b"\x81\xa1k" + deep])
        assert command == ERROR and header["field"] == "header", header
    finally:
        s.close()
    assert bus.call("bus", "ping")["pong"] is True


def test_wrong_frame_count_is_an_error_without_field(h, bus):
    s = raw_socket(h.endpoint)
    try:
        cases = [
            (encode(REQUEST, {"id": 4, "service": "bus", "method": "ping"}, {})[:1],
             "REQUEST takes 2 frame(s), got 1"),
            (encode(REQUEST, {"id": 4, "service": "bus", "method": "ping"}, {}) + [pack({})],
             "REQUEST takes 2 frame(s), got 3"),
            (encode(HEARTBEAT, {}) + [pack(None)], "HEARTBEAT takes 1 frame(s), got 2"),
        ]
        for frames, message in cases:
            command, header, _ = ask(s, frames)
            assert command == ERROR and header["code"] == "INVALID_ARGUMENT", header
            assert message in header["message"], header
            assert "field" not in header, header
    finally:
        s.close()


def test_python_worker_serves_requests(h, bus):
    worker = h.spawn("echo_worker", [sys.executable, os.path.join(EXAMPLES, "echo_worker.py"),
                                     "--endpoint", h.endpoint, "--name", "pyecho",
                                     "--heartbeat-ms", "200"])
    h.wait_for_workers(bus, "pyecho", 1)
    assert bus.call("pyecho", "echo", {"课程": "书法入门", "n": [1, 2]}) == \
        {"课程": "书法入门", "n": [1, 2]}
    who = bus.call("pyecho", "whoami")
    assert who["principal"] == "anonymous" and who["attempt"] == 1, who
    e = expect_error("CONFLICT", bus.call, "pyecho", "fail",
                     {"code": "CONFLICT", "message": "stale version", "field": "version"})
    assert e.field == "version", e
    sub = bus.subscribe("pyecho.")
    bus.call("pyecho", "announce", {"title": "太极拳"})
    ev = sub.next_event(timeout_ms=5000)
    assert ev is not None and ev.topic == "pyecho.announced", ev
    assert ev.payload == {"title": "太极拳"} and ev.publisher == "pyecho", ev
    sub.close()
    # SIGTERM: the worker drains (DISCONNECT) and the broker forgets it.
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=10) == 0
    deadline = time.monotonic() + 5
    while any(s["name"] == "pyecho" for s in bus.call("bus", "services")["services"]):
        assert time.monotonic() < deadline, "pyecho still registered after its drain"
        time.sleep(0.1)


def test_protocol_doc_examples_run_as_written(h, bus):
    # The Python of docs/protocol.md §12: helpers, client, worker, subscriber, in that order.
    # Only the endpoint is changed; each piece runs as its own program after the helpers.
    with open(PROTOCOL_DOC, encoding="utf-8") as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert len(blocks) == 4, "expected 4 Python blocks in docs/protocol.md, got %d" % len(blocks)
    helpers, client, worker, subscriber = blocks
    default = 'ENDPOINT = "tcp://127.0.0.1:5570"'
    assert default in helpers, "the helpers no longer set ENDPOINT"
    helpers = helpers.replace(default, 'ENDPOINT = "%s"' % h.endpoint)

    def program(name, code):
        path = os.path.join(h.workdir, name + ".py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(helpers + "\n" + code)
        return [sys.executable, "-u", path]

    doc_worker = h.spawn("doc_worker", program("doc_worker", worker))
    doc_subscriber = h.spawn("doc_subscriber", program("doc_subscriber", subscriber))
    try:
        h.wait_for_workers(bus, "hello", 1)
        out = subprocess.run(program("doc_client", client), capture_output=True, timeout=20,
                             encoding="utf-8")
        assert out.returncode == 0, out.stderr
        assert "'pong': True" in out.stdout and "你好, 李" in out.stdout, out.stdout
        e = expect_error("INVALID_ARGUMENT", bus.call, "hello", "greet", {"name": 5})
        assert e.field == "params.name", e
        e = expect_error("NOT_FOUND", bus.call, "hello", "nope")
        assert e.field == "method", e
        deadline = time.monotonic() + 5
        while "hello.greeted {'name': '李'}" not in h.log_of("doc_subscriber"):
            assert time.monotonic() < deadline, h.log_of("doc_subscriber")
            time.sleep(0.1)
    finally:
        for proc in (doc_worker, doc_subscriber):
            proc.terminate()
            proc.wait(timeout=5)


def test_subscription_and_calls_survive_a_broker_restart(h, bus):
    sub = bus.subscribe("test.restart")
    bus.call("test", "publish", {"event": "restart_before", "payload": {}})
    before = sub.next_event(timeout_ms=5000)
    assert before is not None and before.topic == "test.restart_before", before
    h.restart_broker()
    # The test service registers again by itself; until then calls fail and are retried.
    deadline = time.monotonic() + 15
    while True:
        try:
            bus.call("test", "publish", {"event": "restart_after", "payload": {}},
                     timeout_ms=1000)
            break
        except CeduError as e:
            assert time.monotonic() < deadline, "no service after the restart: %s" % e
            time.sleep(0.2)
    after = sub.next_event(timeout_ms=10000)
    assert after is not None and after.topic == "test.restart_after", after
    assert after.seq > before.seq, (before.seq, after.seq)
    sub.close()


def test_subscriber_survives_a_fast_broker_restart_by_epoch(h, bus):
    # The broker is back before the client could miss liveness × interval of heartbeats:
    # ZeroMQ reconnects underneath, and only the changed epoch in the new broker's
    # HEARTBEAT tells the client to renew its subscription.
    sub = bus.subscribe("test.fast")
    epoch, reconnects = bus.broker_epoch, bus.reconnects
    assert epoch is not None, "SUBSCRIBED carried no epoch"
    publish_raw(h.endpoint, "test.fast_before", {"n": 1})
    before = sub.next_event(timeout_ms=5000)
    assert before is not None and before.topic == "test.fast_before", before
    away = h.restart_broker()
    assert away < 1.0, "the restart took %.2f s" % away
    publish_raw(h.endpoint, "test.fast_after", {"n": 2})
    after = sub.next_event(timeout_ms=5000)
    assert after is not None and after.topic == "test.fast_after", after
    assert after.payload == {"n": 2} and after.seq > before.seq, after
    assert bus.broker_epoch not in (None, epoch), (epoch, bus.broker_epoch)
    assert bus.reconnects == reconnects, "it reconnected instead of noticing the epoch"
    sub.close()


def test_client_adopts_the_brokers_shorter_heartbeat_interval(h, bus):
    slow = CeduClient(h.endpoint, heartbeat_interval_ms=5000)
    try:
        sub = slow.subscribe("test.adopt")
        assert slow.heartbeat_interval == 1.0, slow.heartbeat_interval
        # Silent for 5 s the broker (3 × 1 s) would have dropped the subscription; the
        # client beats every second now, so the live event comes without any renewal.
        assert sub.next_event(timeout_ms=4000) is None
        publish_raw(h.endpoint, "test.adopt_live", {})
        e = sub.next_event(timeout_ms=3000)
        assert e is not None and e.topic == "test.adopt_live", e
        sub.close()
    finally:
        slow.close()


def test_client_against_a_silent_endpoint(h, bus):
    # Nothing listens there: the call fails with UNAVAILABLE, not a hang.
    import socket
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    lonely = CeduClient("tcp://127.0.0.1:%d" % port, heartbeat_interval_ms=100)
    try:
        started = time.monotonic()
        expect_error("UNAVAILABLE", lonely.call, "bus", "ping", timeout_ms=2000)
        assert time.monotonic() - started < 3.0
    finally:
        lonely.close()


def set_up(h):
    h.start_broker()
    h.start_test_service()
    bus = h.client(timeout_ms=5000)
    h.wait_for_workers(bus, "test", 1)
    return bus


if __name__ == "__main__":
    sys.exit(harness.main(globals(), set_up, prefix="cedu-pytest-"))
