"""Several hosts: the broker, a library service and a client on three machines of their own
— three network namespaces joined by veth pairs (the broker's namespace in the middle) —
talking over tcp with CURVE, each with its own cedu.yaml (bus.endpoint: the broker's address
on its link) and key directory, set up as docs/operations.md ("Several hosts") says: each
makes its own key pair and only public keys travel. A call from the client's machine (as
town-admin:nancun) reaches cedu-teacher on the service's machine through the broker; a
client whose key is not in the access list is refused, and the broker's log names the
client's address on the other machine.

    10.231.1.2 (svc) ── veth ── 10.231.1.1 (bus) 10.231.2.1 ── veth ── 10.231.2.2 (cli)

Needs root (CAP_NET_ADMIN) and iproute2; where namespaces cannot be made it prints why and
exits 77, which CTest reports as skipped (SKIP_RETURN_CODE), never as passed.

    sudo python3 tests/multihost/test_multihost.py --bin-dir build/bin
"""

import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy"))
from deploy_support import SOURCE_DIR, harness, run_tests, write_deployment  # noqa: E402

SKIP = 77
PORT = 5570
PREFIX = "cedu-mh-%d-" % os.getpid()
NAMESPACES = {role: PREFIX + role for role in ("bus", "svc", "cli")}
# role -> (address, its peer's address on the same link)
LINKS = {"svc": ("10.231.1.2", "10.231.1.1"), "cli": ("10.231.2.2", "10.231.2.1")}
CLIENT = "town-admin:nancun"  # the client machine's principal


def ip(*args):
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)


def in_ns(role, argv):
    return ["ip", "netns", "exec", NAMESPACES[role], *argv]


def cannot_make_namespaces():
    """Why this machine cannot run the test, or None."""
    if shutil.which("ip") is None:
        return "iproute2's `ip` is not installed (scripts/install-deps.sh installs it)"
    if os.geteuid() != 0:
        return "network namespaces need root (CAP_NET_ADMIN); running as uid %d" % os.geteuid()
    probe = PREFIX + "probe"
    made = ip("netns", "add", probe)
    if made.returncode != 0:
        return "`ip netns add` failed: %s" % made.stderr.strip()
    ip("netns", "del", probe)
    return None


def make_network():
    for ns in NAMESPACES.values():
        r = ip("netns", "add", ns)
        assert r.returncode == 0, r.stderr
        ip("-n", ns, "link", "set", "lo", "up")
    for role, (address, peer) in LINKS.items():
        here, there = role[0] + "-bus", "bus-" + role[0]
        r = ip("link", "add", here, "netns", NAMESPACES[role], "type", "veth",
               "peer", "name", there, "netns", NAMESPACES["bus"])
        assert r.returncode == 0, r.stderr
        for ns, dev, addr in ((NAMESPACES[role], here, address),
                              (NAMESPACES["bus"], there, peer)):
            for args in (["addr", "add", addr + "/24", "dev", dev], ["link", "set", dev, "up"]):
                r = ip("-n", ns, *args)
                assert r.returncode == 0, r.stderr


class MultiHostHarness(harness.Harness):
    """The harness's processes, and the namespaces removed after them."""

    def stop_all(self):
        super().stop_all()
        for ns in NAMESPACES.values():
            ip("netns", "del", ns)


def cedu_on(h, role, config, *args):
    """`cedu --config CONFIG ARGS` run on the machine `role`."""
    return subprocess.run(in_ns(role, [os.path.join(h.bin_dir, "cedu"), "--config", config,
                                       *args]), capture_output=True, text=True, timeout=60)


def client(h, f, *args, keys=None, principal=CLIENT):
    """A call from the client's machine, as the town admin (or whoever `keys` belong to)."""
    return cedu_on(h, "cli", f["cli"], "--timeout", "3000", "--keys", keys or f["cli_keys"],
                   "--as", principal, *args)


def machine(h, role, endpoint, services, principals=None):
    """A machine of its own: a directory with its cedu.yaml (its bus.endpoint, its keys)."""
    return write_deployment(os.path.join(h.workdir, role), principals or {}, services,
                            {"endpoint": endpoint, "heartbeat_interval_ms": 250})


def copy_public_key(src_keys, stem, dst_keys):
    """What an administrator carries between machines: a public key, never a secret one."""
    os.makedirs(dst_keys, mode=0o700, exist_ok=True)
    shutil.copy(os.path.join(src_keys, stem + ".pub"), dst_keys)


def set_up(h):
    make_network()
    # The broker's machine: its access list names the district admin (on this machine), the
    # teacher library and a town admin (each on a machine of its own); it runs no service.
    bus_config, bus_keys = machine(
        h, "bus", "tcp://0.0.0.0:%d" % PORT, [],
        {"district-admin": {"methods": ["*"], "events": ["*"], "rights": ["pii"]},
         "service:teacher": {"methods": ["volunteer.*"]},
         CLIENT: {"methods": ["bus.ping", "bus.services", "teacher.*"]}})
    svc_config, svc_keys = machine(h, "svc", "tcp://%s:%d" % (LINKS["svc"][1], PORT), ["teacher"])
    cli_config, cli_keys = machine(h, "cli", "tcp://%s:%d" % (LINKS["cli"][1], PORT), [])
    # docs/operations.md, "Several hosts": each makes its own key pair; only the public
    # halves travel, the access list's to the broker, the broker's to the others.
    for role, config, principal, keys in (("svc", svc_config, "service:teacher", svc_keys),
                                          ("cli", cli_config, CLIENT, cli_keys)):
        r = cedu_on(h, role, config, "keygen", principal)
        assert r.returncode == 0, r.stderr
        copy_public_key(keys, principal.replace(":", "-"), bus_keys)
    r = cedu_on(h, "bus", bus_config, "keygen", "--all")
    assert r.returncode == 0, r.stderr
    outsider_keys = os.path.join(h.workdir, "outsider-keys")
    r = cedu_on(h, "cli", cli_config, "keygen", "org:outsider", "--dir", outsider_keys)
    assert r.returncode == 0, r.stderr
    for keys in (svc_keys, cli_keys, outsider_keys):
        copy_public_key(bus_keys, "cedu-bus", keys)

    h.spawn("cedu-bus", in_ns("bus", [os.path.join(h.bin_dir, "cedu-bus"), "--config",
                                      bus_config]))
    f = {"cli": cli_config, "cli_keys": cli_keys, "outsider_keys": outsider_keys,
         "keys": {"bus": bus_keys, "svc": svc_keys, "cli": cli_keys}}
    deadline = time.monotonic() + 20
    while client(h, f, "call", "bus", "ping").returncode != 0:
        assert time.monotonic() < deadline, "the broker never answered ping from the client"
        time.sleep(0.3)
    h.spawn("cedu-teacher", in_ns("svc", [
        os.path.join(h.bin_dir, "cedu-teacher"), "--config", svc_config,
        "--network", os.path.join(SOURCE_DIR, "configs", "network.yaml")]))
    return f


def test_each_machine_holds_only_its_own_secret_key(h, f):
    secrets = {role: sorted(k for k in os.listdir(d) if k.endswith(".key"))
               for role, d in f["keys"].items()}
    assert secrets == {"bus": ["cedu-bus.key", "district-admin.key"],
                       "svc": ["service-teacher.key"],
                       "cli": ["town-admin-nancun.key"]}, secrets


def test_the_namespaces_are_separate_machines(h, f):
    # The client's machine has no route to the service's: every call goes through the broker.
    probe = "import socket; socket.create_connection(('%s', %d), timeout=1)" % (
        LINKS["svc"][0], PORT)
    r = subprocess.run(in_ns("cli", [sys.executable, "-c", probe]), capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0 and "unreachable" in r.stderr, r.stderr
    routes = ip("-n", NAMESPACES["cli"], "route").stdout
    assert "10.231.1." not in routes, routes


def test_a_call_from_the_client_machine_reaches_the_service_machine(h, f):
    deadline = time.monotonic() + 30
    while True:
        r = client(h, f, "call", "teacher", "health")
        if r.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert r.returncode == 0, "teacher.health from the client's machine: %s" % r.stderr
    health = json.loads(r.stdout)
    assert health["service"] == "teacher" and health["status"] == "ok", health
    r = client(h, f, "call", "teacher", "list", "{}")
    assert r.returncode == 0, r.stderr
    services = json.loads(client(h, f, "call", "bus", "services").stdout)["services"]
    teacher = [s for s in services if s["name"] == "teacher"]
    assert teacher and len(teacher[0]["workers"]) == 1, services


def test_a_client_whose_key_is_not_in_the_access_list_is_refused(h, f):
    r = client(h, f, "call", "bus", "ping", keys=f["outsider_keys"], principal="org:outsider")
    assert r.returncode == 1, (r.returncode, r.stdout)
    assert json.loads(r.stderr.splitlines()[-1])["error"]["code"] == "UNAVAILABLE", r.stderr
    log = h.log_of("cedu-bus")
    assert "refused an unknown CURVE key" in log and LINKS["cli"][0] in log, log[-2000:]
    # The refusal is CURVE's, not the network's: the same machine's town admin gets in.
    assert client(h, f, "call", "bus", "ping").returncode == 0


if __name__ == "__main__":
    why = cannot_make_namespaces()
    if why:
        print("SKIP multihost: %s" % why)
        sys.exit(SKIP)
    run_tests(globals(), set_up, "cedu-multihost-", MultiHostHarness)
