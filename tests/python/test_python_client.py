#!/usr/bin/python3
"""Integration test of examples/python/cedu_client.py (and the pure-Python worker
examples/python/echo_worker.py) against the real cedu-bus and cedu-test-service on an
ephemeral loopback port.

    /usr/bin/python3 tests/python/test_python_client.py --bin-dir build/bin

Prints one line per test and "N passed, M failed"; exits non-zero on any failure. Every
process it starts is stopped before it exits, whatever happens.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "python"))
sys.path.insert(0, EXAMPLES)

import msgpack  # noqa: E402
import zmq  # noqa: E402

from cedu_client import (ERROR, REPLY, REQUEST, CeduClient, CeduError,  # noqa: E402
                         decode, encode, pack)


class Harness:
    """The processes of one test run and where their logs go."""

    def __init__(self, bin_dir, workdir):
        self.bin_dir = bin_dir
        self.workdir = workdir
        self.processes = []
        self.endpoint = None

    def spawn(self, name, argv):
        log = open(os.path.join(self.workdir, name + ".log"), "ab")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        log.close()
        self.processes.append((name, proc))
        return proc

    def start_broker(self, endpoint="tcp://127.0.0.1:0"):
        endpoint_file = os.path.join(self.workdir, "bus.endpoint")
        if os.path.exists(endpoint_file):
            os.remove(endpoint_file)
        self.broker = self.spawn("cedu-bus", [
            os.path.join(self.bin_dir, "cedu-bus"), "--endpoint", endpoint,
            "--endpoint-file", endpoint_file,
            "--events-db", os.path.join(self.workdir, "events.db")])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.path.exists(endpoint_file):
                with open(endpoint_file) as f:
                    text = f.read()
                if text.endswith("\n"):
                    self.endpoint = text.strip()
                    return
            time.sleep(0.05)
        raise RuntimeError("cedu-bus wrote no endpoint file")

    def restart_broker(self):
        """Kills the broker (SIGKILL) and starts a new one on the same endpoint and log."""
        self.broker.kill()
        self.broker.wait()
        self.start_broker(self.endpoint)

    def wait_for_workers(self, client, service, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for s in client.call("bus", "services")["services"]:
                if s["name"] == service and len(s["workers"]) >= count:
                    return
            time.sleep(0.1)
        raise AssertionError("%s did not register %d worker(s)" % (service, count))

    def stop_all(self):
        for name, proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for name, proc in reversed(self.processes):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def dump_logs(self):
        for name, _ in self.processes:
            path = os.path.join(self.workdir, name + ".log")
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    lines = f.readlines()[-15:]
                print("---- last lines of %s ----" % name)
                sys.stdout.write("".join(lines))


def expect_error(code, fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
    except CeduError as e:
        assert e.code == code, "expected %s, got %s" % (code, e)
        return e
    raise AssertionError("expected %s, got result %r" % (code, result))


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


def test_malformed_messages_do_not_break_the_broker(h, bus):
    before = bus.call("bus", "stats")
    s = raw_socket(h.endpoint)
    try:
        # Not our protocol: dropped without an answer.
        s.send_multipart([b"XXXX01", b"\x01", pack({}), pack({})])
        assert receive(s, 300) is None, "a foreign message was answered"
        # Ours, with a header that is not MessagePack: ERROR.
        s.send_multipart([b"CEDU01", bytes([REQUEST]), b"\xc1\xc1garbage", pack({})])
        msg = receive(s, 3000)
        assert msg is not None and msg[0] == ERROR, msg
        assert msg[1]["code"] == "INVALID_ARGUMENT", msg
        # An unknown command: ERROR.
        s.send_multipart([b"CEDU01", b"\x63", pack({})])
        msg = receive(s, 3000)
        assert msg is not None and msg[0] == ERROR, msg
        # A REQUEST without an id: ERROR (there is no id to REPLY to).
        s.send_multipart(encode(REQUEST, {"service": "test", "method": "echo"}, {}))
        msg = receive(s, 3000)
        assert msg is not None and msg[0] == ERROR, msg
    finally:
        s.close()
    after = bus.call("bus", "stats")
    assert after["dropped_frames"] >= before["dropped_frames"] + 1, after
    assert after["malformed"] >= before["malformed"] + 3, after
    assert bus.call("test", "echo", {"still": "works"}) == {"still": "works"}


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


TESTS = [
    test_ping,
    test_echo_keeps_chinese_text_and_nesting,
    test_error_reply_carries_code_message_and_field,
    test_unknown_service_is_unavailable_after_its_timeout,
    test_unknown_bus_method_names_the_field,
    test_slow_call_outlives_heartbeat_intervals,
    test_deadline_exceeded_when_the_worker_is_too_slow,
    test_principal_and_attempt_are_stamped_by_the_broker,
    test_params_must_be_a_map,
    test_subscribe_from_zero_receives_published_events,
    test_subscription_survives_a_quiet_pause,
    test_malformed_messages_do_not_break_the_broker,
    test_python_worker_serves_requests,
    test_subscription_and_calls_survive_a_broker_restart,
    test_client_against_a_silent_endpoint,
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", default=os.environ.get("CEDU_BIN_DIR", "build/bin"))
    args = parser.parse_args()
    bin_dir = os.path.abspath(args.bin_dir)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cedu-pytest-") as workdir:
        h = Harness(bin_dir, workdir)
        bus = None
        try:
            h.start_broker()
            h.spawn("cedu-test-service", [os.path.join(bin_dir, "cedu-test-service"),
                                          "--endpoint", h.endpoint, "--name", "test"])
            bus = CeduClient(h.endpoint, timeout_ms=5000)
            h.wait_for_workers(bus, "test", 1)
            for test in TESTS:
                started = time.monotonic()
                try:
                    test(h, bus)
                except Exception:
                    failed += 1
                    print("FAIL %s" % test.__name__)
                    traceback.print_exc(file=sys.stdout)
                else:
                    passed += 1
                    print("ok   %s (%.2f s)" % (test.__name__, time.monotonic() - started))
                sys.stdout.flush()
        except Exception:
            failed += 1
            print("FAIL set-up")
            traceback.print_exc(file=sys.stdout)
        finally:
            if bus is not None:
                bus.close()
            h.stop_all()
            if failed:
                h.dump_logs()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
