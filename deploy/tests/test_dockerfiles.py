"""Checks of deploy/Dockerfile and deploy/Dockerfile.cuda without a container engine:

- every Dockerfile parses with no diagnostic (dockerfile-utils' validator, the Dockerfile
  language server's rules), plus hadolint-style rules written here (tagged base images, exec-form
  ENTRYPOINT and HEALTHCHECK, a numeric non-root USER, apt lists removed, sources that exist);
- multi-stage: a build stage that runs deploy/install-deps.sh, a runtime stage that installs only
  the runtime list and copies only the binaries, the model, and the health check;
- the runtime stage covers the binary's shared-library closure: every library `ldd` lists for
  the built stori-server comes, through `dpkg -S`, from a package that deploy/runtime-packages.txt
  names or that apt installs as their dependency (resolved from this machine's dpkg database),
  and the list is what `install-deps.sh runtime-packages` derives from the binary;
- the model lands at the server's default --model_path (server/flags.cc) under the image's
  working directory, and nothing overrides it;
- the HEALTHCHECK script (deploy/healthcheck.py) against a live stori-server: 1 while the
  generation service is NOT_SERVING or nothing listens, 0 once SERVING.
"""
import collections
import glob
import os
import posixpath
import re
import subprocess
import sys
import time
import unittest

import deploy_testing as dt

DOCKERFILES = sorted(p for p in glob.glob(os.path.join(dt.DEPLOY, "Dockerfile*"))
                     if not p.endswith(".dockerignore"))
CPU = os.path.join(dt.DEPLOY, "Dockerfile")
CUDA = os.path.join(dt.DEPLOY, "Dockerfile.cuda")
RUNTIME_LIST = os.path.join(dt.DEPLOY, "runtime-packages.txt")
INSTALL_DEPS = os.path.join(dt.DEPLOY, "install-deps.sh")
MODEL_FILES = ("model.pt", "config.json", "vocab.json")


def instructions(stage, keyword):
    return [i for i in stage["instructions"] if i["keyword"] == keyword]


def run_lines(stage):
    return " ".join(i["content"] for i in instructions(stage, "RUN"))


def workdir_at(stage, line):
    """The stage's working directory at `line` (WORKDIR before it; "/" without one)."""
    workdir = "/"
    for ins in instructions(stage, "WORKDIR"):
        if ins["line"] < line:
            workdir = posixpath.join(workdir, ins["arguments"][0])
    return posixpath.normpath(workdir)


def copy_arguments(ins):
    """(sources, destination) of a COPY in shell or exec form."""
    args = ins.get("json") or ins["arguments"]
    return args[:-1], args[-1]


def read_list(path):
    with open(path) as f:
        return [re.sub(r"#.*", "", line).strip() for line in f if re.sub(r"#.*", "", line).strip()]


class DockerfileTest(unittest.TestCase):
    parsed = None

    @classmethod
    def setUpClass(cls):
        cls.parsed = dt.parse_dockerfiles(DOCKERFILES)

    def stages(self, path):
        return self.parsed[path]["stages"]

    def runtime(self, path):
        return self.stages(path)[-1]

    def test_both_images_exist(self):
        self.assertEqual([os.path.basename(p) for p in DOCKERFILES],
                         ["Dockerfile", "Dockerfile.cuda"])

    def test_every_dockerfile_parses_without_diagnostics(self):
        for path in DOCKERFILES:
            with self.subTest(path=os.path.basename(path)):
                self.assertEqual(self.parsed[path]["diagnostics"], [])
                self.assertGreaterEqual(len(self.stages(path)), 2, "multi-stage build")

    def test_base_images_are_tagged(self):
        for path in DOCKERFILES:
            args = {}
            for ins in self.parsed[path]["preamble"]:
                name, _, value = ins["content"].partition("=")
                args[name.strip()] = value.strip()
            for stage in self.stages(path):
                image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)),
                               stage["from"])
                with self.subTest(path=os.path.basename(path), image=image):
                    self.assertNotIn("$", image, "every ARG in FROM has a default")
                    self.assertRegex(image, r"^[\w./-]+:[\w.-]+$", "an explicit tag")
                    self.assertNotRegex(image, r":latest$")

    def test_stages_build_then_run(self):
        for path, build_mode in ((CPU, "build"), (CUDA, "build-cuda")):
            stages = self.stages(path)
            with self.subTest(path=os.path.basename(path)):
                self.assertEqual([s["name"] for s in stages], ["build", "runtime"])
                self.assertRegex(run_lines(stages[0]),
                                 r"bash deploy/install-deps\.sh %s\b" % re.escape(build_mode))
                runtime = run_lines(stages[1])
                self.assertRegex(runtime, r"install-deps\.sh runtime\b")
                self.assertNotRegex(runtime, r"install-deps\.sh( build| all|\s*&&|\s*$)",
                                    "no build or test packages in the runtime image")
                for ins in instructions(stages[1], "COPY"):
                    sources, _ = copy_arguments(ins)
                    self.assertNotIn(".", sources, "the runtime stage copies no source tree")
                # apt's lists are not left in a layer.
                for stage in stages:
                    for ins in instructions(stage, "RUN"):
                        if re.search(r"install-deps\.sh (build-cuda|build|runtime)(?![\w-])",
                                     ins["content"]):
                            self.assertIn("rm -rf /var/lib/apt/lists/*", ins["content"])

    def test_runtime_runs_as_numeric_non_root_user(self):
        for path in DOCKERFILES:
            users = instructions(self.runtime(path), "USER")
            with self.subTest(path=os.path.basename(path)):
                self.assertTrue(users, "a USER in the runtime stage")
                uid, _, gid = users[-1]["arguments"][0].partition(":")
                self.assertRegex(uid, r"^\d+$", "numeric, so runAsNonRoot can check it")
                self.assertNotEqual(int(uid), 0)
                self.assertNotEqual(gid, "0")
                last = max(i["line"] for i in self.runtime(path)["instructions"]
                           if i["keyword"] in ("RUN", "COPY"))
                self.assertGreater(users[-1]["line"], last, "USER after every RUN and COPY")

    def test_entrypoint_and_healthcheck_are_exec_form(self):
        for path in DOCKERFILES:
            runtime = self.runtime(path)
            with self.subTest(path=os.path.basename(path)):
                entry = instructions(runtime, "ENTRYPOINT")[-1]
                self.assertTrue(entry.get("json"), "ENTRYPOINT in exec form (signals reach it)")
                self.assertEqual(entry["json"][0], "stori-server")
                self.assertIn("--port=50051", entry["json"])
                health = instructions(runtime, "HEALTHCHECK")[-1]
                self.assertEqual(health["arguments"][0], "CMD")
                command = " ".join(health["arguments"][1:])
                self.assertRegex(command, r'^\["python3", "[^"]*/healthcheck\.py"')
                self.assertIn('"--port=50051"', command)
                for flag in ("interval", "timeout", "start-period", "retries"):
                    self.assertIn(flag, health["flags"])
                exposed = [a for i in instructions(runtime, "EXPOSE") for a in i["arguments"]]
                self.assertIn("50051", exposed)
                # The metrics listener, at the server's default --metrics_port.
                self.assertIn(dt.declared_flags()["metrics_port"], exposed)

    def test_binary_on_path_and_health_check_files_copied(self):
        for path in DOCKERFILES:
            runtime = self.runtime(path)
            copies = [copy_arguments(i) + (i["flags"].get("from"),)
                      for i in instructions(runtime, "COPY")]
            with self.subTest(path=os.path.basename(path)):
                self.assertIn((["/src/build/server/stori-server", "/src/build/tools/cli/stori-cli"],
                               "/usr/local/bin/", "build"), copies)
                self.assertIn((["deploy/healthcheck.py"], "/usr/local/lib/stori/healthcheck.py",
                               None), copies)
                self.assertIn((["clients/python/stori_client"],
                               "/usr/local/lib/stori/stori_client", None), copies)

    def test_copied_sources_exist(self):
        for path in DOCKERFILES:
            for stage in self.stages(path):
                for ins in instructions(stage, "COPY"):
                    if ins["flags"].get("from"):
                        continue
                    for source in copy_arguments(ins)[0]:
                        with self.subTest(path=os.path.basename(path), source=source):
                            self.assertTrue(os.path.exists(os.path.join(dt.REPO, source)))

    def test_model_is_at_the_servers_default_model_path(self):
        default = dt.declared_flags()["model_path"]
        self.assertTrue(default, "server/flags.cc has a default --model_path")
        for name in MODEL_FILES:
            self.assertTrue(os.path.isfile(os.path.join(dt.REPO, default, name)),
                            "the shipped model is in the repository at %s" % default)
        for path in DOCKERFILES:
            runtime = self.runtime(path)
            entry = instructions(runtime, "ENTRYPOINT")[-1]
            workdir = workdir_at(runtime, entry["line"])
            expected = posixpath.normpath(posixpath.join(workdir, default))
            model_copies = []
            for ins in instructions(runtime, "COPY"):
                sources, destination = copy_arguments(ins)
                if any(s.startswith("models/") for s in sources):
                    model_copies.append((sources, posixpath.normpath(
                        posixpath.join(workdir_at(runtime, ins["line"]), destination))))
            with self.subTest(path=os.path.basename(path)):
                self.assertEqual(model_copies, [([default], expected)])
                for arg in entry["json"]:
                    if arg.startswith("--model_path="):
                        self.assertIn(arg.split("=", 1)[1], (default, expected))
                self.assertFalse(instructions(runtime, "CMD"), "no CMD adds flags")

    def test_cuda_image_takes_libtorch_from_the_cuda_wheel(self):
        build, runtime = self.stages(CUDA)
        self.assertRegex(build["from"], r"^nvidia/cuda:\$\{CUDA_VERSION\}-(cudnn-)?devel-")
        self.assertRegex(runtime["from"], r"^nvidia/cuda:\$\{CUDA_VERSION\}-base-")
        text = run_lines(build)
        self.assertIn("torch.utils.cmake_prefix_path", text)
        self.assertIn("compiled_with_cxx11_abi", text)
        self.assertRegex(text, r"--index-url \"https://download\.pytorch\.org/whl/\$\{TORCH_CUDA\}\"")
        # Its runtime list is derived from its own binary by the same rule as the CPU list.
        self.assertRegex(text, r"install-deps\.sh runtime-packages build/server/stori-server\s*"
                               r">\s*/opt/runtime-packages\.txt")
        self.assertRegex(run_lines(runtime),
                         r"install-deps\.sh runtime /tmp/deps/runtime-packages\.txt")
        copied = [copy_arguments(i)[1] for i in instructions(runtime, "COPY")]
        for tree in ("/opt/libtorch/torch/lib", "/opt/libtorch/nvidia"):
            self.assertIn(tree, copied)
        env = " ".join(i["content"] for i in instructions(runtime, "ENV"))
        self.assertIn("NVIDIA_DRIVER_CAPABILITIES=compute,utility", env)
        entry = instructions(runtime, "ENTRYPOINT")[-1]["json"]
        self.assertEqual([a for a in entry if a.startswith("--device")], ["--device=auto"])

    def test_cpu_runtime_installs_the_runtime_list(self):
        runtime = self.runtime(CPU)
        sources = [s for i in instructions(runtime, "COPY") for s in copy_arguments(i)[0]]
        self.assertIn("deploy/runtime-packages.txt", sources)
        self.assertRegex(run_lines(runtime), r"bash /tmp/deps/install-deps\.sh runtime( &&|$)")


def ldd_paths(binary):
    """The resolved paths of every library in `ldd binary` (the loader included)."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    missing = [line.strip() for line in out.splitlines() if "not found" in line]
    if missing:
        raise AssertionError("unresolved libraries: %s" % missing)
    paths = []
    for line in out.splitlines():
        match = re.search(r"=>\s*(/\S+)", line) or re.match(r"\s*(/\S+)\s+\(", line)
        if match:
            paths.append(match.group(1))
    return paths


def path_spellings(path):
    real = os.path.realpath(path)
    out = []
    for p in (path, real):
        out += [p, p[len("/usr"):] if p.startswith("/usr/") else "/usr" + p]
    return list(dict.fromkeys(out))


def dpkg_owners(paths):
    """{path: owning package} for each path dpkg knows under one of its spellings."""
    spellings = {p: path_spellings(p) for p in paths}
    every = sorted({s for ss in spellings.values() for s in ss})
    out = subprocess.run(["dpkg-query", "-S"] + every, capture_output=True, text=True).stdout
    by_file = {}
    for line in out.splitlines():
        if line.startswith("diversion by") or ": " not in line:
            continue
        packages, file = line.rsplit(": ", 1)
        by_file.setdefault(file, packages.split(",")[0].strip().split(":")[0])
    owners = {}
    for path, candidates in spellings.items():
        for candidate in candidates:
            if candidate in by_file:
                owners[path] = by_file[candidate]
                break
    return owners


def via_alternatives(path):
    for _ in range(8):
        if path.startswith("/etc/alternatives/"):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


def installed_packages():
    """{package: (depends groups, provides)} of this machine's installed packages, from dpkg's
    database: each group a list of alternative package names (versions and architecture
    qualifiers dropped)."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\t${db:Status-Abbrev}\t${Pre-Depends}\t"
                                   "${Depends}\t${Provides}\n"],
        capture_output=True, text=True, check=True).stdout

    def names(field):
        return [re.sub(r"\s*\(.*?\)|:\w+", "", alt).strip() for alt in field.split("|")]

    packages = {}
    for line in out.splitlines():
        name, status, pre, depends, provides = (line.split("\t") + [""] * 5)[:5]
        if not status.startswith("ii"):
            continue
        groups = [names(g) for g in (pre + "," + depends).split(",") if g.strip()]
        packages[name] = (groups, [n for n in names(provides.replace(",", "|")) if n])
    return packages


def apt_closure(listed, packages):
    """The packages apt installs for `listed`: each dependency group is met by a package already
    chosen (or one that provides the name), else by its first alternative that is a package (or
    the first provider of a virtual name). Returns (chosen, unresolved groups)."""
    providers = collections.defaultdict(list)
    for name, (_, provides) in sorted(packages.items()):
        for virtual in provides:
            providers[virtual].append(name)
    chosen = set(listed)
    queue = list(listed)
    unresolved = []
    while queue:
        groups = packages.get(queue.pop(), ([], []))[0]
        for group in groups:
            if any(a in chosen or chosen.intersection(providers.get(a, ())) for a in group):
                continue
            pick = next((a for a in group if a in packages), None) or \
                next((providers[a][0] for a in group if providers.get(a)), None)
            if pick is None:
                unresolved.append(group)
                continue
            chosen.add(pick)
            queue.append(pick)
    return chosen, unresolved


class RuntimeLibrariesTest(unittest.TestCase):
    """The CPU image's runtime list against the built binary (deploy/Dockerfile's runtime stage
    installs exactly deploy/runtime-packages.txt and the health check's packages)."""

    @classmethod
    def setUpClass(cls):
        cls.binary = dt.server_binary()
        cls.listed = read_list(RUNTIME_LIST)
        cls.paths = ldd_paths(cls.binary)
        cls.owners = dpkg_owners(cls.paths)

    def test_every_library_comes_from_a_package(self):
        self.assertEqual([p for p in self.paths if p not in self.owners], [],
                         "libraries dpkg does not know (the runtime image would lack them)")

    def test_runtime_list_covers_the_ldd_closure(self):
        closure, _ = apt_closure(self.listed, installed_packages())
        missing = sorted("%s (%s)" % (self.owners[p], p) for p in self.paths
                         if p in self.owners and self.owners[p] not in closure)
        self.assertEqual(missing, [], "libraries of `ldd %s` whose package neither "
                         "deploy/runtime-packages.txt nor its dependencies install" % self.binary)

    def test_alternatives_providers_are_named(self):
        # libblas.so.3 has several providers; apt alone would pick the reference BLAS.
        named = {self.owners[p] for p in self.paths
                 if via_alternatives(p) and p in self.owners}
        self.assertTrue(named <= set(self.listed), sorted(named - set(self.listed)))

    def test_runtime_list_is_derived_from_the_binary(self):
        out = subprocess.run(["bash", INSTALL_DEPS, "runtime-packages", self.binary],
                             capture_output=True, text=True, check=True).stdout
        derived = [l for l in out.splitlines() if l and not l.startswith("#")]
        self.assertEqual(sorted(self.listed), sorted(derived),
                         "deploy/runtime-packages.txt is stale: regenerate it with\n  bash "
                         "deploy/install-deps.sh runtime-packages build/server/stori-server > "
                         "deploy/runtime-packages.txt")


class InstallDepsTest(unittest.TestCase):
    def test_script_is_valid_bash(self):
        subprocess.run(["bash", "-n", INSTALL_DEPS], check=True)

    def test_unknown_mode_is_refused(self):
        proc = subprocess.run(["bash", INSTALL_DEPS, "no-such-mode"], capture_output=True,
                              text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("usage:", proc.stderr)


class HealthCheckScriptTest(unittest.TestCase):
    """deploy/healthcheck.py, the images' HEALTHCHECK, against a live stori-server."""

    def check(self, port, *args):
        proc = subprocess.run([sys.executable, os.path.join(dt.DEPLOY, "healthcheck.py"),
                               "--port=%d" % port] + list(args),
                              capture_output=True, text=True, timeout=30)
        return proc.returncode, proc.stdout

    def test_nothing_listening_is_unhealthy(self):
        with dt.Server("--model_path=") as server:
            port = server.port
        rc, out = self.check(port)
        self.assertEqual(rc, 1, out)
        self.assertIn("UNAVAILABLE", out)

    def test_not_serving_without_a_model(self):
        with dt.Server("--model_path=") as server:
            rc, out = self.check(server.port)
            self.assertEqual(rc, 1, out)
            self.assertIn("NOT_SERVING", out)
            # The whole server ("") is up: what the liveness probe asks.
            rc, out = self.check(server.port, "--service=")
            self.assertEqual(rc, 0, out)

    def test_serving_once_the_model_is_loaded(self):
        model = os.environ.get("STORI_MODEL_DIR") or os.path.join(dt.REPO, "models",
                                                                  "stori-remi", "v3")
        with dt.Server("--model_path=" + model, "--threads=1") as server:
            deadline = time.monotonic() + 120
            while "event=readiness service=%s serving=true" % dt.SERVICE not in server.text():
                self.assertLess(time.monotonic(), deadline, server.text()[-2000:])
                self.assertIsNone(server.proc.poll(), server.text()[-2000:])
                time.sleep(0.1)
            rc, out = self.check(server.port)
            self.assertEqual(rc, 0, out)
            self.assertTrue(out.startswith("healthy:"), out)


if __name__ == "__main__":
    unittest.main()
