#!/usr/bin/python3
"""Integration test of the CURVE mode of examples/python/cedu_client.py against the real
cedu-bus (--curve-keys, --acl) and cedu-test-service, with keys made by the real
`cedu keygen`, on an ephemeral loopback port (docs/protocol.md §2, §2.1).

    /usr/bin/python3 tests/python/test_python_curve.py --bin-dir build/bin

The tests run in order and share one broker: the later ones rewrite acl.yaml and send the
broker SIGHUP. Prints one line per test and "N passed, M failed"; exits non-zero on any
failure. Every process it starts is stopped before it exits, whatever happens.
"""

import os
import re
import signal
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402  (puts examples/python on sys.path)
from harness import EXAMPLES, expect_error  # noqa: E402

import zmq  # noqa: E402

from cedu_client import CeduClient, CeduError, CurveKeys, load_curve  # noqa: E402

ORG = "org:panyu-art-school"
SERVICE = "service:test"
ADMIN = "district-admin"

# How long a peer the broker does not let in waits for its answer; it gets none.
REFUSED_TIMEOUT_MS = 1000


def file_name(principal):
    return principal.replace(":", "-")


class CurveHarness(harness.Harness):
    """The shared harness plus the key directory and the access list: the broker and the
    test service run with CURVE, and clients connect as a principal."""

    log_tail = 20

    def __init__(self, bin_dir, workdir):
        super().__init__(bin_dir, workdir)
        self.key_dir = os.path.join(workdir, "keys")
        self.acl_path = os.path.join(workdir, "acl.yaml")
        self.keygen_output = {}  # principal -> what `cedu keygen` printed
        self.public_keys = {}    # principal -> Z85 public key, from the printed acl entry

    # -- keys and the access list ----------------------------------------------------------

    def keygen(self, principal):
        out = subprocess.run([os.path.join(self.bin_dir, "cedu"), "keygen", principal,
                              "--dir", self.key_dir],
                             capture_output=True, encoding="utf-8", timeout=30)
        assert out.returncode == 0, "cedu keygen %s: %s%s" % (principal, out.stdout, out.stderr)
        self.keygen_output[principal] = out.stdout
        # The printed acl.yaml entry carries the public key.
        m = re.search(r'keys: \["([^"]{40})"\]', out.stdout)
        assert m, "no acl entry with a key in:\n" + out.stdout
        self.public_keys[principal] = m.group(1)

    def write_acl(self, entries):
        """Writes acl.yaml: `entries` are (principal, how, methods, events) with how "file"
        (key_files: the .pub written by cedu keygen) or "inline" (keys: the Z85 text)."""
        lines = ["# written by tests/python/test_python_curve.py", "principals:"]
        for principal, how, methods, events in entries:
            lines.append("  - principal: %s" % principal)
            if how == "file":
                lines.append('    key_files: ["%s"]' % os.path.join(
                    self.key_dir, file_name(principal) + ".pub"))
            else:
                lines.append('    keys: ["%s"]' % self.public_keys[principal])
            lines.append("    methods: [%s]" % ", ".join('"%s"' % m for m in methods))
            lines.append("    events: [%s]" % ", ".join('"%s"' % e for e in events))
        tmp = self.acl_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, self.acl_path)  # the broker never reads half a file

    def reloads(self):
        return self.log_of("cedu-bus").count("access list reloaded")

    def reload_acl(self, entries, timeout=10.0):
        """Rewrites acl.yaml, sends SIGHUP and waits until the broker says it reloaded."""
        before = self.reloads()
        self.write_acl(entries)
        self.broker.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while self.reloads() <= before:
            assert "not reloaded" not in self.log_of("cedu-bus"), self.log_of("cedu-bus")
            assert time.monotonic() < deadline, "the broker did not reload its access list"
            time.sleep(0.05)

    # -- processes -------------------------------------------------------------------------

    def broker_args(self):
        return ["--curve-keys", self.key_dir, "--acl", self.acl_path]

    def start_test_service(self):
        return super().start_test_service("--curve-keys", self.key_dir,
                                          "--curve-name", file_name(SERVICE))

    # -- clients ---------------------------------------------------------------------------

    def client(self, curve, **kwargs):
        return super().client(curve=curve, **kwargs)

    def client_as(self, principal, **kwargs):
        return self.client(load_curve(self.key_dir, file_name(principal)), **kwargs)


def expect_no_answer(client):
    """The broker never answers a peer it did not let in: the call times out as
    UNAVAILABLE, in about its timeout, and nothing was heard from the broker."""
    try:
        started = time.monotonic()
        expect_error("UNAVAILABLE", client.call, "bus", "ping", timeout_ms=REFUSED_TIMEOUT_MS)
        elapsed = time.monotonic() - started
        assert REFUSED_TIMEOUT_MS / 1000.0 <= elapsed < REFUSED_TIMEOUT_MS / 1000.0 + 2.0, \
            elapsed
        assert client.broker_epoch is None, "the broker answered something: epoch %r" % (
            client.broker_epoch,)
    finally:
        client.close()  # else libzmq goes on retrying the handshake


# The access lists of the run. The organisation may call test.echo and bus.ping only; the
# district administrator everything of the bus and test.echo, and test.whoami once granted.
def acl_initial():
    return [
        (SERVICE, "file", [], []),
        (ORG, "file", ["test.echo", "bus.ping"], ["test.*"]),
        (ADMIN, "inline", ["bus.*", "test.echo"], ["*"]),
    ]


def acl_admin_whoami():
    return [
        (SERVICE, "file", [], []),
        (ORG, "file", ["test.echo", "bus.ping"], ["test.*"]),
        (ADMIN, "inline", ["bus.*", "test.echo", "test.whoami"], ["*"]),
    ]


def acl_without_org():
    return [
        (SERVICE, "file", [], []),
        (ADMIN, "inline", ["bus.*", "test.echo", "test.whoami"], ["*"]),
    ]


# -- the tests -----------------------------------------------------------------------------

def test_keygen_wrote_key_pairs_and_acl_entries(h, admin):
    for principal in (ORG, SERVICE, ADMIN):
        base = os.path.join(h.key_dir, file_name(principal))
        assert stat.S_IMODE(os.stat(base + ".key").st_mode) == 0o600, principal
        with open(base + ".pub") as f:
            assert f.read().strip() == h.public_keys[principal], principal
        assert "- principal: %s" % principal in h.keygen_output[principal], \
            h.keygen_output[principal]
    # The broker made its own pair on first start; its public key is what clients pin.
    assert os.path.exists(os.path.join(h.key_dir, "cedu-bus.pub"))
    assert stat.S_IMODE(os.stat(os.path.join(h.key_dir, "cedu-bus.key")).st_mode) == 0o600


def test_load_curve_reads_keys_and_refuses_bad_ones(h, admin):
    curve = load_curve(h.key_dir, file_name(ORG))
    assert curve.public_key.decode() == h.public_keys[ORG], curve
    with open(os.path.join(h.key_dir, "cedu-bus.pub")) as f:
        assert curve.server_public_key.decode() == f.read().strip(), curve
    assert "secret_key=<hidden>" in repr(curve) and \
        curve.secret_key.decode() not in repr(curve), repr(curve)
    # The principal itself is accepted as the name, and an explicit broker key file.
    again = load_curve(h.key_dir, ORG, os.path.join(h.key_dir, "cedu-bus.pub"))
    assert again == curve, again
    # A secret readable by others is refused, like the broker and the C++ SDK do.
    loose = os.path.join(h.workdir, "loose")
    os.makedirs(loose)
    for suffix in (".pub", ".key"):
        with open(os.path.join(h.key_dir, file_name(ORG) + suffix)) as src, \
                open(os.path.join(loose, "x" + suffix), "w") as dst:
            dst.write(src.read())
    os.chmod(os.path.join(loose, "x.key"), 0o644)
    try:
        load_curve(loose, "x", os.path.join(h.key_dir, "cedu-bus.pub"))
        raise AssertionError("a secret key with mode 0644 was accepted")
    except PermissionError as e:
        assert "x.key" in str(e), e
    try:
        load_curve(h.key_dir, "org-nobody")
        raise AssertionError("a missing key pair was accepted")
    except FileNotFoundError:
        pass
    for bad in ({"server_public_key": "short", "public_key": curve.public_key,
                 "secret_key": curve.secret_key},
                {"public_key": curve.public_key, "secret_key": curve.secret_key}):
        try:
            CeduClient(h.endpoint, curve=bad)
            raise AssertionError("bad keys accepted: %r" % bad)
        except ValueError as e:
            assert "server_public_key" in str(e), e


def test_org_with_its_own_key_calls_what_it_is_granted(h, admin):
    org = h.client_as(ORG)
    params = {"title": "书法入门", "town": "南村镇", "seats": 30, "photo": b"\x00\xff"}
    assert org.call("test", "echo", params) == params
    assert org.call("bus", "ping")["pong"] is True
    assert org.public_key == h.public_keys[ORG], org.public_key
    # The same keys as a dict of Z85 str work too.
    curve = load_curve(h.key_dir, file_name(ORG))
    as_dict = h.client({k: getattr(curve, k).decode() for k in
                        ("server_public_key", "public_key", "secret_key")})
    assert as_dict.call("test", "echo", {"n": 1}) == {"n": 1}


def test_ungranted_method_is_permission_denied_naming_it(h, admin):
    org = h.client_as(ORG)
    e = expect_error("PERMISSION_DENIED", org.call, "test", "whoami")
    assert "test.whoami" in e.message, e
    e = expect_error("PERMISSION_DENIED", org.call, "bus", "stats")
    assert "bus.stats" in e.message, e
    # Refused, not cut off: the connection goes on being served.
    assert org.call("test", "echo", {"still": "served"}) == {"still": "served"}
    assert org.reconnects == 0, org.reconnects


def test_cli_connects_with_the_orgs_key(h, admin):
    out = subprocess.run(
        [sys.executable, os.path.join(EXAMPLES, "cedu_client.py"), "--endpoint", h.endpoint,
         "--curve-keys", h.key_dir, "--curve-name", file_name(ORG),
         "test", "echo", '{"课程": "太极拳"}'],
        capture_output=True, encoding="utf-8", timeout=30)
    # bus.services is not granted to the organisation: the listing is refused.
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "answers: cedu-bus" in out.stdout, out.stdout
    assert "PERMISSION_DENIED" in out.stderr and "bus.services" in out.stderr, out.stderr
    out = subprocess.run(
        [sys.executable, os.path.join(EXAMPLES, "cedu_client.py"), "--endpoint", h.endpoint,
         "--curve-keys", h.key_dir, "--curve-name", file_name(ADMIN),
         "test", "echo", '{"课程": "太极拳"}'],
        capture_output=True, encoding="utf-8", timeout=30)
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert '"课程": "太极拳"' in out.stdout and "test" in out.stdout, out.stdout


def test_principal_is_stamped_from_the_key_once_granted(h, admin):
    e = expect_error("PERMISSION_DENIED", admin.call, "test", "whoami")
    assert "test.whoami" in e.message, e
    h.reload_acl(acl_admin_whoami())
    # The open connection gets the new grant at once.
    who = admin.call("test", "whoami", idempotency_key="report-2024")
    assert who["principal"] == ADMIN, who
    assert who["attempt"] == 1, who
    # The organisation's grants are unchanged.
    org = h.client_as(ORG)
    expect_error("PERMISSION_DENIED", org.call, "test", "whoami")


def test_fresh_key_not_in_the_acl_gets_no_answer(h, admin):
    public, secret = zmq.curve_keypair()  # valid keys, listed nowhere
    server = load_curve(h.key_dir, file_name(ADMIN)).server_public_key
    stranger = h.client(CurveKeys(server, public, secret))
    expect_no_answer(stranger)
    assert admin.call("bus", "ping")["pong"] is True  # the broker itself is fine


def test_plain_client_gets_no_answer(h, admin):
    plain = h.client(None)
    expect_no_answer(plain)


def test_wrong_broker_key_gets_no_answer(h, admin):
    # The organisation's own, listed pair, but pinned to another server key.
    curve = load_curve(h.key_dir, file_name(ORG))
    other_server, _ = zmq.curve_keypair()
    impostor_pinned = h.client(CurveKeys(other_server, curve.public_key, curve.secret_key))
    expect_no_answer(impostor_pinned)


def test_refused_client_gets_in_once_its_key_is_listed(h, admin):
    # libzmq gives a refused connection up for good; the client must neither hang on its
    # next send nor stay locked out after the key is added.
    public, secret = zmq.curve_keypair()
    server = load_curve(h.key_dir, file_name(ADMIN)).server_public_key
    late = h.client(CurveKeys(server, public, secret))
    for attempt in range(2):
        started = time.monotonic()
        expect_error("UNAVAILABLE", late.call, "bus", "ping", timeout_ms=REFUSED_TIMEOUT_MS)
        assert time.monotonic() - started < REFUSED_TIMEOUT_MS / 1000.0 + 2.0
        # The first call times out before the liveness check (3 × 1 s) starts over; the
        # second finds the dead socket unable to queue and starts over on a new one.
        assert late.reconnects == attempt, (attempt, late.reconnects)
    h.public_keys["station:nancun-kengtou"] = public.decode()
    h.reload_acl(acl_admin_whoami() +
                 [("station:nancun-kengtou", "inline", ["test.whoami"], [])])
    deadline = time.monotonic() + 10
    while True:
        try:
            who = late.call("test", "whoami", timeout_ms=REFUSED_TIMEOUT_MS)
            break
        except CeduError as e:
            assert e.code == "UNAVAILABLE", e
            assert time.monotonic() < deadline, "still refused after the reload"
    assert who["principal"] == "station:nancun-kengtou", who
    assert late.reconnects >= 1, late.reconnects
    late.close()


def test_removed_org_is_refused_on_its_open_connection_and_cannot_reconnect(h, admin):
    org = h.client_as(ORG)
    assert org.call("test", "echo", {"before": "reload"}) == {"before": "reload"}
    h.reload_acl(acl_without_org())
    # The connection opened before the reload stays up, but its next request is refused.
    e = expect_error("PERMISSION_DENIED", org.call, "test", "echo", {"after": "reload"})
    assert "test.echo" in e.message and ORG in e.message, e
    expect_error("PERMISSION_DENIED", org.call, "bus", "ping")
    assert org.reconnects == 0, org.reconnects
    # A new connection with the same key does not get through the handshake any more.
    expect_no_answer(h.client_as(ORG))
    # The district administrator and the service are untouched.
    assert admin.call("test", "whoami")["principal"] == ADMIN
    assert admin.call("test", "echo", {"still": "here"}) == {"still": "here"}
    h.wait_for_workers(admin, "test", 1, timeout=1.0)
    assert admin.reconnects == 0, admin.reconnects


def set_up(h):
    for principal in (ORG, SERVICE, ADMIN):
        h.keygen(principal)
    h.write_acl(acl_initial())
    h.start_broker()
    h.start_test_service()
    admin = h.client_as(ADMIN, timeout_ms=5000)
    h.wait_for_workers(admin, "test", 1, timeout=15.0)
    return admin


if __name__ == "__main__":
    sys.exit(harness.main(globals(), set_up, harness_class=CurveHarness,
                          prefix="cedu-pycurve-"))
