"""compose/docker-compose.yml and compose/Dockerfile, checked without a Docker engine: every
service of configs/cedu.yaml has a container running its program against the broker over
tcp, with its own data volume, the keys read-only, a health check through the bus and a
restart policy; the broker listens with CURVE; the one-shot keygen makes the keys first.
The checker is also run on broken copies, so that it is seen to catch each fault.

    python3 tests/deploy/test_compose.py --bin-dir build/bin
"""

import copy
import os
import re

from deploy_support import (SOURCE_DIR, configured_services, installed_config, load_yaml,
                            missing_flags, run_tests)

COMPOSE = os.path.join(SOURCE_DIR, "compose", "docker-compose.yml")
DOCKERFILE = os.path.join(SOURCE_DIR, "compose", "Dockerfile")
RESTARTS = {"always", "unless-stopped", "on-failure"}
BROKER_PORT = "5570"


def option(command, flag):
    """The value after `flag` in a command list, or None."""
    return command[command.index(flag) + 1] if flag in command else None


def mounts(service):
    """{target: (source, read_only)} of a compose service's short-syntax volumes."""
    out = {}
    for v in service.get("volumes", []):
        parts = v.split(":")
        out[parts[1]] = (parts[0], len(parts) > 2 and "ro" in parts[2].split(","))
    return out


def check_common(name, svc, compose, keys_dir, problems):
    """What every long-running container needs: the image, a restart policy, the keys
    read-only, and nothing that turns CURVE off."""
    say = lambda what: problems.append("%s: %s" % (name, what))  # noqa: E731
    if "image" not in svc and "build" not in svc:
        say("neither image nor build")
    if svc.get("restart") not in RESTARTS:
        say("restart policy %r is not one of %s" % (svc.get("restart"), sorted(RESTARTS)))
    source, read_only = mounts(svc).get(keys_dir, (None, False))
    if source != "keys" or not read_only:
        say("the key volume is not mounted read-only at %s" % keys_dir)
    if "--insecure" in svc.get("command", []):
        say("runs --insecure: the bus must run CURVE")
    health = svc.get("healthcheck") or {}
    if not health.get("test") or health.get("disable"):
        say("no health check")
    for volume, _ in mounts(svc).values():
        if not volume.startswith(("/", ".")) and volume not in (compose.get("volumes") or {}):
            say("volume %r is not declared under volumes:" % volume)


def check_compose(compose, services, data_dir, keys_dir):
    """The problems of a parsed compose file, as "<container>: what is wrong" lines."""
    problems = []
    containers = compose.get("services") or {}
    bus = containers.get("bus")
    keygen = containers.get("keygen")
    if bus is None:
        return ["bus: no container for the broker"]
    command = bus.get("command", [])
    if command[:1] != ["cedu-bus"]:
        problems.append("bus: runs %r, not cedu-bus" % command[:1])
    if option(command, "--endpoint") != "tcp://0.0.0.0:" + BROKER_PORT:
        problems.append("bus: does not listen on tcp://0.0.0.0:%s" % BROKER_PORT)
    if mounts(bus).get(data_dir + "/bus", (None,))[0] != "bus-data":
        problems.append("bus: the event log's volume bus-data is not at %s/bus" % data_dir)
    if "call bus ping" not in " ".join((bus.get("healthcheck") or {}).get("test", [])):
        problems.append("bus: the health check is not `cedu call bus ping`")
    if ((bus.get("depends_on") or {}).get("keygen") or {}).get("condition") != \
            "service_completed_successfully":
        problems.append("bus: does not wait for keygen to complete")
    check_common("bus", bus, compose, keys_dir, problems)

    if keygen is None:
        problems.append("keygen: no one-shot that makes the keys")
    else:
        if keygen.get("command", [])[-2:] != ["keygen", "--all"]:
            problems.append("keygen: does not run `cedu keygen --all`")
        if mounts(keygen).get(keys_dir) != ("keys", False):
            problems.append("keygen: the key volume is not mounted writable at %s" % keys_dir)
        if keygen.get("restart", "no") != "no":
            problems.append("keygen: a one-shot must not restart")

    for name in services:
        svc = containers.get(name)
        if svc is None:
            problems.append("%s: configured in configs/cedu.yaml but has no container" % name)
            continue
        command = svc.get("command", [])
        if command[:1] != ["cedu-" + name]:
            problems.append("%s: runs %r, not cedu-%s" % (name, command[:1], name))
        if option(command, "--endpoint") != "tcp://bus:" + BROKER_PORT:
            problems.append("%s: does not connect to tcp://bus:%s" % (name, BROKER_PORT))
        if option(command, "--config") != "/etc/cedu/cedu.yaml":
            problems.append("%s: not configured by /etc/cedu/cedu.yaml" % name)
        source = mounts(svc).get("%s/%s" % (data_dir, name), (None,))[0]
        if source != name + "-data":
            problems.append("%s: no volume %s-data at %s/%s (its SQLite file)"
                            % (name, name, data_dir, name))
        health = " ".join((svc.get("healthcheck") or {}).get("test", []))
        if "call %s health" % name not in health:
            problems.append("%s: the health check is not `cedu call %s health`" % (name, name))
        if ((svc.get("depends_on") or {}).get("bus") or {}).get("condition") != "service_healthy":
            problems.append("%s: does not wait for a healthy broker" % name)
        check_common(name, svc, compose, keys_dir, problems)

    # A container for a service cedu.yaml does not configure would have no key pair
    # (keygen --all makes those of configured services) and no access-list entry.
    for name in containers:
        if name not in ("bus", "keygen") and name not in services:
            problems.append("%s: a container for a service configs/cedu.yaml does not list"
                            % name)
    return problems


def set_up(h):
    installed = installed_config(h.bin_dir, "cedu.yaml")
    return {"compose": load_yaml(COMPOSE), "services": configured_services(),
            "data_dir": installed["data_dir"], "keys_dir": installed["bus"]["keys_dir"]}


def problems_of(f, compose):
    return check_compose(compose, f["services"], f["data_dir"], f["keys_dir"])


def test_the_shipped_compose_file_has_a_sound_container_for_every_service(h, f):
    assert f["services"], "configs/cedu.yaml configures no service"
    problems = problems_of(f, f["compose"])
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_configured_service_without_a_container(h, f):
    broken = copy.deepcopy(f["compose"])
    victim = f["services"][-1]
    del broken["services"][victim]
    assert problems_of(f, broken) == [
        "%s: configured in configs/cedu.yaml but has no container" % victim]


def test_the_checker_catches_a_container_without_volume_health_check_or_restart(h, f):
    victim = f["services"][0]
    cases = {
        "volumes": "%s: no volume %s-data at %s/%s (its SQLite file)"
                   % (victim, victim, f["data_dir"], victim),
        "healthcheck": "%s: no health check" % victim,
        "restart": "%s: restart policy None is not one of %s" % (victim, sorted(RESTARTS)),
    }
    for key, expected in cases.items():
        broken = copy.deepcopy(f["compose"])
        del broken["services"][victim][key]
        assert expected in problems_of(f, broken), (key, problems_of(f, broken))


def test_the_checker_catches_writable_keys_insecure_and_a_stray_container(h, f):
    broken = copy.deepcopy(f["compose"])
    victim = f["services"][0]
    broken["services"][victim]["volumes"] = [
        v.replace(":ro", "") for v in broken["services"][victim]["volumes"]]
    broken["services"]["bus"]["command"] = broken["services"]["bus"]["command"] + ["--insecure"]
    broken["services"]["funding-typo"] = copy.deepcopy(broken["services"][victim])
    problems = problems_of(f, broken)
    for expected in ["%s: the key volume is not mounted read-only at %s" % (victim, f["keys_dir"]),
                     "bus: runs --insecure: the bus must run CURVE",
                     "funding-typo: a container for a service configs/cedu.yaml does not list"]:
        assert expected in problems, (expected, problems)


def test_every_command_and_health_check_uses_flags_the_programs_have(h, f):
    for name, svc in f["compose"]["services"].items():
        command = svc["command"]
        sub = "keygen" if "keygen" in command else None
        assert not missing_flags(h.bin_dir, command, sub), (name, command)
        test = svc.get("healthcheck", {}).get("test", ["CMD"])[1:]
        if test:
            assert test[0] == "cedu", (name, test)
            assert not missing_flags(h.bin_dir, test, "call"), (name, test)


def test_the_dockerfile_builds_the_package_and_runs_it_on_a_slim_image(h, f):
    with open(DOCKERFILE, encoding="utf-8") as fh:
        text = fh.read()
    stages = re.findall(r"^FROM (\S+)(?: AS (\w+))?", text, re.M)
    assert stages == [("debian:bookworm", "build"), ("debian:bookworm-slim", "runtime")], stages
    build, runtime = re.split(r"^FROM debian:bookworm-slim", text, flags=re.M)
    assert "scripts/install-deps.sh" in build  # the -dev packages, listed once
    assert "--target package" in build
    assert "COPY --from=build" in runtime and "apt-get install" in runtime
    assert "-dev" not in runtime, "the runtime stage installs a -dev package"
    assert re.search(r"^USER cedu$", runtime, re.M), "the runtime image does not run as cedu"
    # Every container's data volume is a directory the image makes and gives to cedu.
    assert 'install -d -o cedu -g cedu' in runtime and "/usr/bin/cedu-*" in runtime
    assert f["compose"]["services"]["bus"]["build"]["dockerfile"] == "compose/Dockerfile"
    # What the build stage copies exists; what must never enter an image is ignored: local
    # key pairs (var/keys) and build trees.
    for src in re.findall(r"^COPY (?!--from)(\S+)", text, re.M):
        assert os.path.exists(os.path.join(SOURCE_DIR, src)), src
    with open(DOCKERFILE + ".dockerignore", encoding="utf-8") as fh:
        ignored = fh.read().split()
    for path in ("var", "build", "build-*", ".git"):
        assert path in ignored, "%s is not in compose/Dockerfile.dockerignore" % path


if __name__ == "__main__":
    run_tests(globals(), set_up, "cedu-compose-")
