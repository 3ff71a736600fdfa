"""`cedu keygen --all`: the key pairs `cedu up` makes on a first start, for deployments that
run each process by itself (cedu-keygen.service, compose's keygen). Real files in a temporary
directory: what is made and with which modes, that a second run keeps every key, and the
refusals (neither or both of PRINCIPAL and --all; a directory that cannot be made).

    python3 tests/deploy/test_keygen_all.py --bin-dir build/bin
"""

import os
import stat
import subprocess

from deploy_support import run_tests, write_deployment


def cedu(h, *args):
    return subprocess.run([os.path.join(h.bin_dir, "cedu"), *args], capture_output=True,
                          text=True, timeout=60)


def set_up(h):
    """A deployment of two services whose access list also names a third service (run on
    another machine) and an organisation, all with key files in the keys directory."""
    config, keys = write_deployment(
        h.workdir, {"district-admin": {}, "service:remote": {}, "org:school": {}},
        ["teacher", "course"])
    return {"keys": keys, "config": config}


def read_all(keys):
    out = {}
    for name in sorted(os.listdir(keys)):
        with open(os.path.join(keys, name), encoding="utf-8") as f:
            out[name] = f.read()
    return out


def test_makes_the_broker_admin_and_service_pairs_with_private_modes(h, f):
    r = cedu(h, "--config", f["config"], "keygen", "--all")
    assert r.returncode == 0, r.stderr
    made = sorted(os.listdir(f["keys"]))
    expected = sorted(s + e for s in ["cedu-bus", "district-admin", "service-teacher",
                                      "service-course", "service-remote"]
                      for e in (".pub", ".key"))
    assert made == expected, made  # never an organisation's: it makes its own
    assert stat.S_IMODE(os.stat(f["keys"]).st_mode) == 0o700
    for name in made:
        if name.endswith(".key"):
            assert stat.S_IMODE(os.stat(os.path.join(f["keys"], name)).st_mode) == 0o600, name
    assert "created key pair %s/service-course.{pub,key} for service:course" % f["keys"] in r.stdout
    assert "2 services are in %s" % f["keys"] in r.stdout, r.stdout


def test_a_second_run_keeps_every_key(h, f):
    before = read_all(f["keys"])
    r = cedu(h, "--config", f["config"], "keygen", "--all")
    assert r.returncode == 0, r.stderr
    assert "created" not in r.stdout, r.stdout
    assert read_all(f["keys"]) == before


def test_dir_overrides_the_keys_directory(h, f):
    other = os.path.join(h.workdir, "other")
    r = cedu(h, "--config", f["config"], "keygen", "--all", "--dir", other)
    assert r.returncode == 0, r.stderr
    assert "service-teacher.key" in os.listdir(other)


def test_neither_or_both_of_principal_and_all_is_a_usage_error(h, f):
    for args in (["keygen"], ["keygen", "org:school", "--all"]):
        r = cedu(h, "--config", f["config"], *args)
        assert r.returncode == 2, (args, r.returncode)
        assert "give either a PRINCIPAL or --all" in r.stderr, r.stderr


def test_a_directory_that_cannot_be_made_fails_naming_it(h, f):
    blocker = os.path.join(h.workdir, "a-file")
    open(blocker, "w").close()
    r = cedu(h, "--config", f["config"], "keygen", "--all", "--dir", blocker + "/keys")
    assert r.returncode == 1, r.returncode
    assert "cannot create bus.keys_dir %s/keys" % blocker in r.stderr, r.stderr


if __name__ == "__main__":
    run_tests(globals(), set_up, "cedu-keygen-")
