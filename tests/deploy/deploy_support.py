"""What the deployment tests (tests/deploy/test_*.py, tests/multihost/) share: where the
source and build trees are, the services configs/cedu.yaml configures, the configs the
package installs (rewritten by cmake/Packaging.cmake), and whether a program's --help
lists the flags a unit or a compose command gives it.

The scripts run through tests/python/harness.py's runner (main), which this module puts on
sys.path: one line per test_* function and "N passed, M failed".
"""

import os
import shutil
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "python"))

import harness  # noqa: E402  (tests/python/harness.py, found through the line above)


def run_ok(argv, timeout=300, **kwargs):
    """Runs argv and returns its stdout; fails with its output unless it exits 0."""
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert out.returncode == 0, "%s failed (%d):\n%s%s" % (argv, out.returncode, out.stdout,
                                                           out.stderr)
    return out.stdout


def make_package(bin_dir, out_dir):
    """Packs the build tree of `bin_dir` with CPack (CEDU_CPACK, else cpack on PATH) into
    out_dir and returns the path of the one .deb made."""
    cpack = os.environ.get("CEDU_CPACK") or shutil.which("cpack")
    assert cpack, "no cpack (CEDU_CPACK unset and none on PATH)"
    run_ok([cpack, "-G", "DEB", "--config", os.path.join(build_dir(bin_dir), "CPackConfig.cmake"),
            "-B", out_dir], timeout=600)
    debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
    assert len(debs) == 1, debs
    return os.path.join(out_dir, debs[0])


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def write_deployment(workdir, principals, services, bus=None):
    """Writes a deployment of its own into `workdir`: acl.yaml granting each principal
    ({principal: {methods, events, rights}}) with its key file in <workdir>/keys, and
    cedu.yaml (data in workdir, those keys, that access list, `bus` settings, `services`).
    Returns (config path, keys directory)."""
    os.makedirs(workdir, exist_ok=True)
    keys = os.path.join(workdir, "keys")
    acl = os.path.join(workdir, "acl.yaml")
    entries = [dict(principal=p, key_files=[os.path.join(keys, p.replace(":", "-") + ".pub")],
                    **grants) for p, grants in principals.items()]
    with open(acl, "w", encoding="utf-8") as f:
        yaml.safe_dump({"principals": entries}, f)
    config = os.path.join(workdir, "cedu.yaml")
    settings = dict(keys_dir=keys, acl=acl, **(bus or {}))
    with open(config, "w", encoding="utf-8") as f:
        yaml.safe_dump({"data_dir": workdir, "bus": settings,
                        "services": {name: {} for name in services}}, f)
    return config, keys


def configured_services():
    """The bus service names of configs/cedu.yaml's `services:`, in file order."""
    deployment = load_yaml(os.path.join(SOURCE_DIR, "configs", "cedu.yaml"))
    return list((deployment.get("services") or {}).keys())


def build_dir(bin_dir):
    """The build tree of a --bin-dir (<build>/bin)."""
    return os.path.dirname(os.path.abspath(bin_dir))


def installed_config(bin_dir, name):
    """The configs/<name> the package installs in /etc/cedu, as cmake/Packaging.cmake wrote it
    into <build>/packaging/etc."""
    return load_yaml(os.path.join(build_dir(bin_dir), "packaging", "etc", name))


def parse_unit(path):
    """{section: {key: [values]}} of a unit file (comments and blank lines skipped)."""
    sections, current = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], {})
                continue
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def unit_value(unit, section, key):
    """The last value of `key` in `section` of a parsed unit, or None."""
    values = unit.get(section, {}).get(key)
    return values[-1] if values else None


def unit_words(unit, section, key):
    """The space-separated words of every `key` line in `section` of a parsed unit."""
    return " ".join(unit.get(section, {}).get(key, [])).split()


def flags_of(args):
    """The --options of a command line (without their values)."""
    return [a.split("=", 1)[0] for a in args if a.startswith("--")]


def missing_flags(bin_dir, args, subcommand=None):
    """The --options of `args` (program first) that neither `<bin_dir>/<program> --help` nor
    `<program> <subcommand> --help` lists: a unit or compose command that passes one would
    stop the program at start."""
    program = os.path.join(bin_dir, os.path.basename(args[0]))
    listed = ""
    for help_args in (["--help"], [subcommand, "--help"] if subcommand else None):
        if help_args:
            out = subprocess.run([program, *help_args], capture_output=True, text=True,
                                 timeout=30)
            listed += out.stdout + out.stderr
    return [f for f in flags_of(args[1:]) if f + " " not in listed and f + "," not in listed]


def run_tests(namespace, set_up, prefix, harness_class=harness.Harness):
    """Runs the test_* functions of a script (harness.main) and exits with its status."""
    sys.exit(harness.main(namespace, set_up, harness_class=harness_class, prefix=prefix))
