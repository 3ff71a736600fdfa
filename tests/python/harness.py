"""What the Python integration tests (tests/python/test_*.py) share: the processes of one
run (cedu-bus, cedu-test-service, workers) in a temporary directory, stopped on every way
out, and the runner that calls the `test_*` functions of a test script in the order they
are written and prints one line per test and "N passed, M failed".

A test script sits next to this file and imports it (the script's own directory is first on
sys.path, whatever the working directory CTest runs it in). Importing it also puts
examples/python on sys.path, so that the script can import cedu_client.
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
if EXAMPLES not in sys.path:
    sys.path.insert(0, EXAMPLES)

from cedu_client import CeduClient, CeduError  # noqa: E402


class Harness:
    """The processes of one test run, the clients to close and where the logs go."""

    # How many last lines of each log dump_logs prints after a failure.
    log_tail = 15

    def __init__(self, bin_dir, workdir):
        self.bin_dir = bin_dir
        self.workdir = workdir
        self.processes = []
        self.clients = []  # clients to close at the end
        self.endpoint = None
        self.broker = None

    # -- processes -------------------------------------------------------------------------

    def spawn(self, name, argv):
        log = open(self.log_path(name), "ab")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        log.close()
        self.processes.append((name, proc))
        return proc

    def log_path(self, name):
        return os.path.join(self.workdir, name + ".log")

    def log_of(self, name):
        with open(self.log_path(name), encoding="utf-8", errors="replace") as f:
            return f.read()

    def broker_args(self):
        """Arguments of cedu-bus beyond the endpoint, its file and the event store: a plain
        broker (CURVE is cedu-bus's default; a subclass may return its CURVE arguments)."""
        return ["--insecure"]

    def start_broker(self, endpoint="tcp://127.0.0.1:0"):
        """Starts cedu-bus and waits for the endpoint file it writes once it listens."""
        endpoint_file = os.path.join(self.workdir, "bus.endpoint")
        if os.path.exists(endpoint_file):
            os.remove(endpoint_file)
        self.broker = self.spawn("cedu-bus", [
            os.path.join(self.bin_dir, "cedu-bus"), "--endpoint", endpoint,
            "--endpoint-file", endpoint_file,
            "--events-db", os.path.join(self.workdir, "events.db")] + self.broker_args())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.broker.poll() is None, "cedu-bus exited:\n" + self.log_of("cedu-bus")
            if os.path.exists(endpoint_file):
                with open(endpoint_file) as f:
                    text = f.read()
                if text.endswith("\n"):
                    self.endpoint = text.strip()
                    return
            time.sleep(0.05)
        raise RuntimeError("cedu-bus wrote no endpoint file")

    def restart_broker(self):
        """Kills the broker (SIGKILL) and starts a new one on the same endpoint and log.
        Returns how long the bus was away, in seconds."""
        started = time.monotonic()
        self.broker.kill()
        self.broker.wait()
        self.start_broker(self.endpoint)
        return time.monotonic() - started

    def start_test_service(self, *extra_args):
        """Starts cedu-test-service as the service "test"."""
        return self.spawn("cedu-test-service", [
            os.path.join(self.bin_dir, "cedu-test-service"), "--endpoint", self.endpoint,
            "--name", "test"] + list(extra_args))

    def stop_all(self):
        for client in self.clients:
            client.close()
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
            path = self.log_path(name)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    lines = f.readlines()[-self.log_tail:]
                print("---- last lines of %s ----" % name)
                sys.stdout.write("".join(lines))

    # -- clients ---------------------------------------------------------------------------

    def client(self, **kwargs):
        """A client of the broker, closed by stop_all."""
        c = CeduClient(self.endpoint, **kwargs)
        self.clients.append(c)
        return c

    def wait_for_workers(self, client, service, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for s in client.call("bus", "services")["services"]:
                if s["name"] == service and len(s["workers"]) >= count:
                    return
            time.sleep(0.1)
        raise AssertionError("%s did not register %d worker(s)" % (service, count))


def expect_error(code, fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
    except CeduError as e:
        assert e.code == code, "expected %s, got %s" % (code, e)
        return e
    raise AssertionError("expected %s, got result %r" % (code, result))


def collect_tests(namespace):
    """The `test_*` functions defined in a script (not imported into it), in the order they
    are written."""
    tests = [fn for name, fn in namespace.items()
             if name.startswith("test_") and callable(fn)
             and getattr(fn, "__module__", None) == namespace["__name__"]]
    return sorted(tests, key=lambda fn: fn.__code__.co_firstlineno)


def main(namespace, set_up, harness_class=Harness, prefix="cedu-pytest-"):
    """Runs the `test_*` functions of `namespace` (a script's globals()) as test(h, fixture),
    where h is a `harness_class` in a fresh temporary directory and fixture what
    `set_up(h)` returned. Returns the exit status: 1 if anything failed."""
    # A CTest timeout sends SIGTERM: unwind through the clean-up below instead of dying.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", default=os.environ.get("CEDU_BIN_DIR", "build/bin"))
    args = parser.parse_args()
    bin_dir = os.path.abspath(args.bin_dir)
    tests = collect_tests(namespace)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix=prefix) as workdir:
        h = harness_class(bin_dir, workdir)
        try:
            fixture = set_up(h)
            for test in tests:
                started = time.monotonic()
                try:
                    test(h, fixture)
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
            h.stop_all()
            if failed:
                h.dump_logs()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
