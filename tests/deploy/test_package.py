"""The Debian package (cmake/Packaging.cmake): CPack makes it from this build tree, then
dpkg-deb shows its control fields, maintainer scripts, conffiles and file list — every
program of configs/cedu.yaml's services, the plugins, the SDK, the configs under /etc/cedu
with installed paths, the systemd units — and it is unpacked into a throwaway root whose
programs must run (`cedu --version`, a service's --version) and whose cedu.yaml the real
loader must accept.

    python3 tests/deploy/test_package.py --bin-dir build/bin   (CEDU_CPACK: the cpack to use)
"""

import os
import re

from deploy_support import (SOURCE_DIR, build_dir, configured_services, load_yaml,
                            make_package, run_ok, run_tests)



def project_version(build):
    with open(os.path.join(build, "CPackConfig.cmake"), encoding="utf-8") as f:
        return re.search(r'^set\(CPACK_PACKAGE_VERSION "([^"]+)"\)', f.read(), re.M).group(1)


def shipped_plugins():
    """The town-school plugins of plugins/ (each folder with a CMakeLists.txt but the SDK's
    and the host's)."""
    root = os.path.join(SOURCE_DIR, "plugins")
    return sorted(d for d in os.listdir(root) if d not in ("sdk", "host")
                  and os.path.isfile(os.path.join(root, d, "CMakeLists.txt")))


def shipped_configs():
    """The files the package must put under /etc/cedu: every configs/**/*.yaml."""
    root = os.path.join(SOURCE_DIR, "configs")
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, files in os.walk(root) for f in files if f.endswith(".yaml"))


def set_up(h):
    build = build_dir(h.bin_dir)
    deb = make_package(h.bin_dir, os.path.join(h.workdir, "package"))
    version = project_version(build)
    root = os.path.join(h.workdir, "root")
    run_ok(["dpkg-deb", "-x", deb, root])
    control = os.path.join(h.workdir, "control")
    run_ok(["dpkg-deb", "-e", deb, control])
    files = set()
    for line in run_ok(["dpkg-deb", "-c", deb]).splitlines():
        path = line.split()[5]
        files.add(path[1:] if path.startswith("./") else path)
    return {"deb": deb, "version": version, "root": root, "control": control, "files": files}


def test_the_package_is_named_and_versioned_after_the_project(h, p):
    arch = run_ok(["dpkg", "--print-architecture"]).strip()
    assert os.path.basename(p["deb"]) == "cedu_%s_%s.deb" % (p["version"], arch), p["deb"]


def test_control_fields_name_the_runtime_libraries(h, p):
    fields = {}
    for key in ("Package", "Version", "Architecture", "Maintainer", "Depends", "Section",
                "Description"):
        fields[key] = run_ok(["dpkg-deb", "-f", p["deb"], key]).strip()
    assert fields["Package"] == "cedu"
    assert fields["Version"] == p["version"]
    assert fields["Maintainer"] and fields["Description"] and fields["Section"]
    depends = fields["Depends"]
    # dpkg-shlibdeps found the shared libraries the programs link (with versions).
    for lib in ("libzmq5", "libsqlite3-0", "libyaml-cpp", "libstdc++6", "libc6", "adduser"):
        assert lib in depends, "Depends lacks %s: %s" % (lib, depends)
    assert re.search(r"libzmq5 \(>= [0-9]", depends), depends
    assert "-dev" not in depends, depends


def test_every_program_plugin_sdk_header_and_unit_is_in_the_file_list(h, p):
    files = p["files"]
    programs = ["cedu", "cedu-bus", "cedu-plugin-host"] + [
        "cedu-" + s for s in configured_services()]
    for program in programs:
        assert "/usr/bin/" + program in files, program
    for plugin in shipped_plugins():
        assert "/usr/lib/cedu/plugins/%s.so" % plugin in files, plugin
    for sdk in ("/usr/include/cedu/plugin.h", "/usr/include/cedu/plugin.hpp",
                "/usr/lib/cmake/cedu/ceduConfig.cmake", "/usr/lib/cmake/cedu/CeduPlugin.cmake"):
        assert sdk in files, sdk
    for unit in os.listdir(os.path.join(SOURCE_DIR, "compose", "systemd")):
        assert "/usr/lib/systemd/system/" + unit in files, unit
    for config in shipped_configs():
        assert "/etc/cedu/" + config in files, config
    # Nothing of the tests or benchmarks is shipped.
    stray = [f for f in files if re.search(r"test|bench|probe", os.path.basename(f))]
    assert not stray, stray


def test_every_file_under_etc_is_a_conffile_and_the_scripts_make_the_user(h, p):
    with open(os.path.join(p["control"], "conffiles"), encoding="utf-8") as f:
        conffiles = set(f.read().split())
    etc = {f for f in p["files"] if f.startswith("/etc/") and not f.endswith("/")}
    assert conffiles == etc, (sorted(conffiles ^ etc))
    postinst = os.path.join(p["control"], "postinst")
    assert os.access(postinst, os.X_OK)
    with open(postinst, encoding="utf-8") as f:
        script = f.read()
    assert "adduser --system" in script and "/var/lib/cedu/keys" in script, script
    assert "@" not in script, "an unreplaced @VARIABLE@ in postinst"
    for name in ("prerm", "postrm"):
        assert os.access(os.path.join(p["control"], name), os.X_OK), name
    run_ok(["sh", "-n", postinst])  # the shell can parse it


def test_the_unpacked_programs_run(h, p):
    bin_dir = os.path.join(p["root"], "usr", "bin")
    for program in ["cedu", "cedu-bus"] + ["cedu-" + configured_services()[0]]:
        out = run_ok([os.path.join(bin_dir, program), "--version"]).strip()
        assert out == "%s %s" % (program, p["version"]), out


def test_the_installed_configs_point_at_etc_and_var_lib(h, p):
    etc = os.path.join(p["root"], "etc", "cedu")
    deployment = load_yaml(os.path.join(etc, "cedu.yaml"))
    assert deployment["data_dir"] == "/var/lib/cedu"
    assert deployment["bus"]["keys_dir"] == "/var/lib/cedu/keys"
    assert deployment["bus"]["acl"] == "/etc/cedu/acl.yaml"
    assert deployment["bus"]["events"]["path"] == "/var/lib/cedu/bus/events.db"
    assert deployment["plugins"]["towns_dir"] == "/etc/cedu/towns"
    assert list(deployment["services"]) == configured_services()

    def relative_paths(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from relative_paths(v, "%s.%s" % (where, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from relative_paths(v, "%s[%d]" % (where, i))
        elif isinstance(node, str) and node.startswith(("var", "configs/")):
            yield "%s: %s" % (where, node)

    assert not list(relative_paths(deployment, "cedu.yaml"))
    acl = load_yaml(os.path.join(etc, "acl.yaml"))
    assert not list(relative_paths(acl, "acl.yaml"))
    key_files = [k for e in acl["principals"] for k in e.get("key_files", [])]
    assert key_files and all(k.startswith("/var/lib/cedu/keys/") for k in key_files), key_files


def test_the_real_loader_accepts_the_installed_config(h, p):
    # `cedu keygen --all` loads /etc/cedu/cedu.yaml as every program does (an unknown key or
    # a bad value would stop it with file:line) and makes the key pairs of its services.
    keys = os.path.join(h.workdir, "keys")
    cedu = os.path.join(p["root"], "usr", "bin", "cedu")
    run_ok([cedu, "--config", os.path.join(p["root"], "etc", "cedu", "cedu.yaml"), "keygen",
         "--all", "--dir", keys])
    for stem in ["cedu-bus", "district-admin"] + ["service-" + s for s in configured_services()]:
        assert os.path.isfile(os.path.join(keys, stem + ".key")), stem


if __name__ == "__main__":
    run_tests(globals(), set_up, "cedu-package-")
