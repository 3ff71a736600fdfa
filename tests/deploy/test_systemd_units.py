"""compose/systemd/: a unit per process (cedu-bus.service, cedu-<service>.service for every
service of configs/cedu.yaml), the one-shot cedu-keygen.service, and cedu.target that pulls
them all in. Each unit runs its program as the user cedu with Restart=on-failure and the
hardening (ProtectSystem=strict, ReadWritePaths=/var/lib/cedu, NoNewPrivileges, PrivateTmp),
config from /etc/cedu. The checker is also run on broken copies. `systemd-analyze verify`
checks the units as systemd reads them, with ExecStart pointed at this build's programs; it
is skipped, with a message, where systemd-analyze is missing.

    python3 tests/deploy/test_systemd_units.py --bin-dir build/bin
"""

import copy
import os
import shlex
import shutil
import subprocess
import tempfile

from deploy_support import (SOURCE_DIR, configured_services, missing_flags, parse_unit,
                            run_tests, unit_value as value, unit_words as words)

UNITS = os.path.join(SOURCE_DIR, "compose", "systemd")
DATA_DIR = "/var/lib/cedu"
CONFIG = "/etc/cedu/cedu.yaml"
# Key -> value every long-running cedu unit's [Service] must have.
HARDENING = {
    "User": "cedu",
    "Group": "cedu",
    "Restart": "on-failure",
    "ProtectSystem": "strict",
    "ReadWritePaths": DATA_DIR,
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
}


def check_process_unit(name, unit, program, problems):
    """A long-running cedu process: its program with /etc/cedu/cedu.yaml, the hardening, a
    part of cedu.target."""
    say = lambda what: problems.append("%s: %s" % (name, what))  # noqa: E731
    command = shlex.split(value(unit, "Service", "ExecStart") or "")
    if command[:1] != ["/usr/bin/" + program]:
        say("ExecStart runs %r, not /usr/bin/%s" % (command[:1], program))
    if CONFIG not in command or command[command.index(CONFIG) - 1] != "--config":
        say("ExecStart does not pass --config %s" % CONFIG)
    if "--insecure" in command:
        say("ExecStart runs --insecure: the bus must run CURVE")
    for key, expected in HARDENING.items():
        got = value(unit, "Service", key)
        if got != expected:
            say("%s=%s, expected %s=%s" % (key, got, key, expected))
    if value(unit, "Unit", "PartOf") != "cedu.target":
        say("not PartOf=cedu.target")
    if value(unit, "Install", "WantedBy") != "cedu.target":
        say("not WantedBy=cedu.target")


def check_units(units, services):
    """The problems of the parsed units {file name: unit}, as "<file>: what is wrong"."""
    problems = []
    target = units.get("cedu.target")
    wanted = words(target, "Unit", "Wants") if target else []
    if target is None:
        problems.append("cedu.target: missing")
    processes = [("cedu-bus.service", "cedu-bus")] + [
        ("cedu-%s.service" % s, "cedu-" + s) for s in services]
    for name, program in processes:
        unit = units.get(name)
        if unit is None:
            problems.append("%s: missing (configs/cedu.yaml configures %s)" % (name, program))
            continue
        check_process_unit(name, unit, program, problems)
        if name not in wanted:
            problems.append("cedu.target: does not want %s" % name)
        if name != "cedu-bus.service" and "cedu-bus.service" not in words(unit, "Unit", "After"):
            problems.append("%s: does not start after cedu-bus.service" % name)
    bus = units.get("cedu-bus.service")
    if bus and "cedu-keygen.service" not in words(bus, "Unit", "After"):
        problems.append("cedu-bus.service: does not start after cedu-keygen.service")
    keygen = units.get("cedu-keygen.service")
    if keygen is None:
        problems.append("cedu-keygen.service: missing")
    else:
        if value(keygen, "Service", "Type") != "oneshot":
            problems.append("cedu-keygen.service: not Type=oneshot")
        if shlex.split(value(keygen, "Service", "ExecStart") or "")[-2:] != ["keygen", "--all"]:
            problems.append("cedu-keygen.service: does not run `cedu keygen --all`")
        if value(keygen, "Service", "User") != "cedu":
            problems.append("cedu-keygen.service: does not run as cedu")
    known = {n for n, _ in processes} | {"cedu.target", "cedu-keygen.service"}
    for name in units:
        if name not in known:
            problems.append("%s: a unit for a service configs/cedu.yaml does not list" % name)
    return problems


def set_up(h):
    units = {n: parse_unit(os.path.join(UNITS, n)) for n in sorted(os.listdir(UNITS))}
    return {"units": units, "services": configured_services()}


def test_every_configured_service_has_a_hardened_unit_in_cedu_target(h, f):
    assert f["services"], "configs/cedu.yaml configures no service"
    problems = check_units(f["units"], f["services"])
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_missing_unit_and_a_missing_key(h, f):
    victim = "cedu-%s.service" % f["services"][-1]
    broken = copy.deepcopy(f["units"])
    del broken[victim]
    assert check_units(broken, f["services"]) == [
        "%s: missing (configs/cedu.yaml configures cedu-%s)" % (victim, f["services"][-1])]
    for key in ("Restart", "ProtectSystem", "ReadWritePaths", "NoNewPrivileges", "User"):
        broken = copy.deepcopy(f["units"])
        del broken["cedu-bus.service"]["Service"][key]
        expected = "cedu-bus.service: %s=None, expected %s=%s" % (key, key, HARDENING[key])
        assert expected in check_units(broken, f["services"]), key


def test_the_checker_catches_a_unit_outside_the_target(h, f):
    broken = copy.deepcopy(f["units"])
    name = "cedu-%s.service" % f["services"][0]
    broken["cedu.target"]["Unit"]["Wants"] = [
        " ".join(w for w in words(broken["cedu.target"], "Unit", "Wants") if w != name)]
    assert check_units(broken, f["services"]) == ["cedu.target: does not want %s" % name]


def test_every_exec_start_uses_flags_the_program_has(h, f):
    for name, unit in f["units"].items():
        command = shlex.split(value(unit, "Service", "ExecStart") or "")
        if command:
            sub = "keygen" if "keygen" in command else None
            assert not missing_flags(h.bin_dir, command, sub), (name, command)


def test_systemd_analyze_verify_accepts_the_units(h, f):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("SKIP systemd-analyze verify: systemd-analyze is not installed here "
              "(the other checks of this script ran)")
        return
    with tempfile.TemporaryDirectory(prefix="cedu-units-") as tmp:
        for name in f["units"]:
            with open(os.path.join(UNITS, name), encoding="utf-8") as src:
                text = src.read().replace("/usr/bin/", h.bin_dir + "/")
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as dst:
                dst.write(text)
        paths = [os.path.join(tmp, n) for n in sorted(f["units"])]
        out = subprocess.run([analyze, "verify", *paths], capture_output=True, text=True,
                             timeout=60, cwd=tmp)
        # verify reports every problem on stderr; units of the host it pulls in (e.g.
        # network-online.target's) are not ours: only lines naming a cedu unit count.
        ours = [l for l in (out.stdout + out.stderr).splitlines() if "cedu" in l]
        assert out.returncode == 0 and not ours, "\n".join(ours) or out.stderr


if __name__ == "__main__":
    run_tests(globals(), set_up, "cedu-units-")
