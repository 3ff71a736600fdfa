"""The Debian package installed for real and the suite run the way its units run it — in a
throwaway system: a private mount namespace whose /usr, /etc and /var are overlays (the
host's files below, the test's temporary directory above, gone when the test ends) and a
network namespace of its own (port 5570 is free). There:

- `dpkg -i` installs the .deb CPack makes from this build; postinst makes the user cedu and
  /var/lib/cedu; dpkg records the conffiles;
- the ExecStart lines of the installed units, run verbatim as their User= in their
  WorkingDirectory=: cedu-keygen.service makes the keys, cedu-bus.service starts the broker
  with /etc/cedu/acl.yaml, every service unit cedu.target wants starts and answers
  `<service>.health` over CURVE; each writes its SQLite file under /var/lib/cedu;
- compose/docker-compose.yml's commands and health checks (the image is this package
  installed), run verbatim as cedu from an empty key directory: keygen, the broker on
  tcp://0.0.0.0:5570, every service connecting to tcp://bus:5570, each health check passing;
- `dpkg -r` and `dpkg -P` remove the programs and the configs but keep the district's data.

systemd itself does not run here, so its sandboxing (ProtectSystem=…) is not exercised;
tests/deploy/test_systemd_units.py checks those keys. Needs root, unshare and overlayfs;
elsewhere it prints why and exits 77 (CTest: skipped).

    sudo python3 tests/deploy/test_installed_suite.py --bin-dir build/bin
"""

import os
import pwd
import shlex
import signal
import stat
import subprocess
import sys
import tempfile
import time

from deploy_support import (SOURCE_DIR, harness, load_yaml, make_package, parse_unit, run_ok,
                            run_tests, unit_value, unit_words)

SKIP = 77
INSIDE = "CEDU_INSTALLED_SUITE_SANDBOX"
OVERLAID = ("/usr", "/etc", "/var")
UNITS = "/usr/lib/systemd/system"
CONFIG = "/etc/cedu/cedu.yaml"
COMPOSE = os.path.join(SOURCE_DIR, "compose", "docker-compose.yml")
DATA = "/var/lib/cedu"


def cannot_sandbox():
    """Why this machine cannot make the throwaway system, or None."""
    if os.geteuid() != 0:
        return "installing a package needs root; running as uid %d" % os.geteuid()
    with tempfile.TemporaryDirectory(prefix="cedu-overlay-probe-") as tmp:
        for d in ("upper", "work", "lower", "mnt"):
            os.mkdir(os.path.join(tmp, d))
        probe = ("mount -t overlay overlay -o lowerdir={0}/lower,upperdir={0}/upper,"
                 "workdir={0}/work {0}/mnt".format(tmp))
        try:
            r = subprocess.run(["unshare", "--mount", "--net", "--propagation", "private",
                                "sh", "-c", probe], capture_output=True, text=True, timeout=30)
        except FileNotFoundError:
            return "unshare (util-linux) is not installed"
        if r.returncode != 0:
            return "cannot make a mount namespace with an overlay: %s" % r.stderr.strip()
    return None


class SandboxHarness(harness.Harness):
    """The harness's processes, stopped with SIGTERM first so that they drain."""

    def stop_gracefully(self, timeout=20.0):
        """Sends SIGTERM to every process and returns {name: exit status}."""
        for _, proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        codes = {}
        for name, proc in self.processes:
            try:
                codes[name] = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                codes[name] = None
        return codes


def make_throwaway_system(workdir):
    for d in OVERLAID:
        name = d.strip("/")
        upper, work = (os.path.join(workdir, part, name) for part in ("upper", "work"))
        os.makedirs(upper)
        os.makedirs(work)
        run_ok(["mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=%s,upperdir=%s,workdir=%s" % (d, upper, work), d])
    run_ok(["ip", "link", "set", "lo", "up"])


def unit(name):
    return parse_unit(os.path.join(UNITS, name))


def as_unit_user(u, argv):
    """argv run as the unit's User= and Group= (what systemd does before ExecStart)."""
    user, group = unit_value(u, "Service", "User"), unit_value(u, "Service", "Group")
    return ["setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--", *argv]


def exec_start(u):
    return shlex.split(unit_value(u, "Service", "ExecStart"))


def as_cedu(argv):
    return ["setpriv", "--reuid=cedu", "--regid=cedu", "--init-groups", "--", *argv]


def cedu_as_cedu(*args):
    """The CLI on the installed system as its docs say to run it: as cedu, with the installed
    config (district-admin's key is cedu's)."""
    argv = as_cedu(["/usr/bin/cedu", "--config", CONFIG, "--timeout", "2000", *args])
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=DATA)


def wait_until_ok(what, *args, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        r = cedu_as_cedu(*args)
        if r.returncode == 0 or time.monotonic() > deadline:
            assert r.returncode == 0, "%s: %s" % (what, r.stderr)
            return r.stdout
        time.sleep(0.3)


def set_up(h):
    deb = make_package(h.bin_dir, os.path.join(h.workdir, "package"))
    make_throwaway_system(h.workdir)
    return {"deb": deb, "installed": run_ok(["dpkg", "-i", deb])}


def test_dpkg_installs_it_and_postinst_makes_the_user_and_the_data_directory(h, f):
    status = run_ok(["dpkg-query", "-W", "-f=${Status}", "cedu"])
    assert status == "install ok installed", status
    user = pwd.getpwnam("cedu")
    assert user.pw_uid < 1000 and user.pw_dir == DATA, user  # a system user
    assert user.pw_shell.endswith("nologin"), user
    for path, mode in ((DATA, 0o750), (DATA + "/log", 0o750), (DATA + "/keys", 0o700)):
        st = os.stat(path)
        assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (user.pw_uid, mode), (path, st)
    conffiles = run_ok(["dpkg-query", "-W", "-f=${Conffiles}", "cedu"])
    for config in ("cedu.yaml", "acl.yaml", "network.yaml", "towns/nancun.yaml"):
        assert "/etc/cedu/" + config in conffiles, config


def test_the_units_start_the_suite_as_cedu_and_every_service_answers(h, f):
    target = unit("cedu.target")
    wanted = unit_words(target, "Unit", "Wants")
    assert wanted[:2] == ["cedu-keygen.service", "cedu-bus.service"], wanted
    keygen = unit("cedu-keygen.service")
    r = subprocess.run(as_unit_user(keygen, exec_start(keygen)), capture_output=True, text=True,
                       timeout=60, cwd=unit_value(keygen, "Service", "WorkingDirectory"))
    assert r.returncode == 0, r.stderr
    cedu_uid = pwd.getpwnam("cedu").pw_uid
    for key in ("cedu-bus.key", "district-admin.key"):
        st = os.stat(os.path.join(DATA, "keys", key))
        assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (cedu_uid, 0o600), key

    services = []
    for name in wanted[1:]:
        u = unit(name)
        argv = exec_start(u)
        h.spawn(name, as_unit_user(u, argv))
        if name == "cedu-bus.service":
            version = wait_until_ok("bus.ping", "call", "bus", "ping")
            assert '"pong": true' in version, version
        else:
            services.append(os.path.basename(argv[0])[len("cedu-"):])
    assert services, "cedu.target wants no service"
    for service in services:
        health = wait_until_ok(service + ".health", "call", service, "health")
        assert '"status": "ok"' in health, health
        db = os.path.join(DATA, service, service + ".db")
        assert os.stat(db).st_uid == cedu_uid, db
    assert os.stat(os.path.join(DATA, "bus", "events.db")).st_uid == cedu_uid
    # The shipped plugins load from /usr/lib/cedu/plugins for the towns of /etc/cedu/towns.
    plugins = cedu_as_cedu("plugins", "--json")
    assert plugins.returncode == 0 and "shawan-heritage" in plugins.stdout, plugins.stderr
    codes = h.stop_gracefully()
    assert all(code == 0 for code in codes.values()), codes


def test_the_compose_commands_and_health_checks_work_on_the_installed_package(h, f):
    # What compose/Dockerfile's image is: this package installed, user cedu, WORKDIR
    # /var/lib/cedu. Each container's command and health check run here verbatim as cedu,
    # with the compose network's name "bus" pointing at this machine, starting from an
    # empty key directory as the image has.
    compose = load_yaml(COMPOSE)["services"]
    with open("/etc/hosts", "a", encoding="utf-8") as hosts:
        hosts.write("127.0.0.1 bus\n")
    os.rename(os.path.join(DATA, "keys"), os.path.join(DATA, "keys.from-systemd"))
    run_ok(["install", "-d", "-o", "cedu", "-g", "cedu", "-m", "0700", os.path.join(DATA, "keys")])
    r = subprocess.run(as_cedu(compose["keygen"]["command"]), capture_output=True, text=True,
                       timeout=60, cwd=DATA)
    assert r.returncode == 0, r.stderr
    assert "created key pair /var/lib/cedu/keys/cedu-bus.{pub,key}" in r.stdout, r.stdout
    order = ["bus"] + [n for n in compose if n not in ("bus", "keygen")]
    for name in order:
        h.spawn("compose-" + name, as_cedu(compose[name]["command"]))
        check = compose[name]["healthcheck"]["test"]
        assert check[0] == "CMD", check
        deadline = time.monotonic() + 30
        while True:
            r = subprocess.run(as_cedu(check[1:]), capture_output=True, text=True, timeout=60,
                               cwd=DATA)
            if r.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert r.returncode == 0, "%s: health check %s: %s" % (name, check, r.stderr)
    codes = h.stop_gracefully()
    assert all(code == 0 for name, code in codes.items() if name.startswith("compose-")), codes


def test_remove_and_purge_take_the_programs_and_configs_but_keep_the_data(h, f):
    run_ok(["dpkg", "-r", "cedu"])
    assert not os.path.exists("/usr/bin/cedu-bus")
    assert os.path.exists(CONFIG), "dpkg -r removed a conffile"
    purged = run_ok(["dpkg", "-P", "cedu"])
    assert not os.path.exists(CONFIG), "dpkg -P kept a conffile"
    assert "are kept" in purged, purged
    assert os.path.exists(os.path.join(DATA, "keys", "district-admin.key"))
    assert os.listdir(os.path.join(DATA, "course")), "the course library's database is gone"
    assert pwd.getpwnam("cedu")


if __name__ == "__main__":
    if os.environ.get(INSIDE) != "1":
        why = cannot_sandbox()
        if why:
            print("SKIP installed suite: %s" % why)
            sys.exit(SKIP)
        os.environ[INSIDE] = "1"
        # Everything below runs in new mount and network namespaces: nothing it mounts,
        # installs or listens on is seen outside, and all of it ends with this process.
        os.execvp("unshare", ["unshare", "--mount", "--net", "--propagation", "private",
                              sys.executable, *sys.argv])
    run_tests(globals(), set_up, "cedu-installed-", SandboxHarness)
